/*
 * The store's record of scheduled job runs (table job_run) and the
 * queries the schedule's verify-exports job needs on the export table.
 */
#include <string.h>
#include "store/store.h"
#include "somarkiv/schedule.h"

int som_job_run_begin(int64_t *id_out, som_store *store, const char *job,
	const char *period, const char *started)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if ((error = som_store__need_writer(store, "record a job run")) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db, "INSERT INTO job_run(job, period, started, outcome)"
			" VALUES (?, ?, ?, 'running')", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot record a job run");
		goto done;
	}
	som_store__bind_text(st, 1, job);
	som_store__bind_text(st, 2, period);
	som_store__bind_text(st, 3, started);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot record a job run");
		goto done;
	}
	*id_out = (int64_t)sqlite3_last_insert_rowid(store->db);
done:
	sqlite3_finalize(st);
	return error;
}

int som_job_run_end(som_store *store, int64_t id, const char *outcome,
	const char *summary)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int error = 0;

	som__now(now);
	if (sqlite3_prepare_v2(store->db, "UPDATE job_run SET ended = ?, outcome = ?,"
			" summary = ? WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot record the end of a job run");
		goto done;
	}
	som_store__bind_text(st, 1, now);
	som_store__bind_text(st, 2, outcome);
	som_store__bind_text(st, 3, summary);
	sqlite3_bind_int64(st, 4, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot record the end of a job run");
done:
	sqlite3_finalize(st);
	return error;
}

int som_job_run_reap(int64_t *n_out, som_store *store)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int error = 0;

	*n_out = 0;
	som__now(now);
	if (sqlite3_prepare_v2(store->db, "UPDATE job_run SET ended = ?, outcome = 'failed',"
			" summary = 'interrupted' WHERE outcome = 'running'", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot tidy the job runs");
		goto done;
	}
	som_store__bind_text(st, 1, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot tidy the job runs");
		goto done;
	}
	*n_out = sqlite3_changes(store->db);
done:
	sqlite3_finalize(st);
	return error;
}

int som_job_run_last(som_store *store, const char *job, int ok_only,
	som_job_run_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_job_run_info run;
	int error = 0, rc;

	if (sqlite3_prepare_v2(store->db, ok_only ?
			"SELECT id, job, period, started, ended, outcome, summary FROM job_run"
			" WHERE job = ? AND outcome = 'ok' ORDER BY period DESC, id DESC LIMIT 1" :
			"SELECT id, job, period, started, ended, outcome, summary FROM job_run"
			" WHERE job = ? ORDER BY id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read the job runs");
		goto done;
	}
	som_store__bind_text(st, 1, job);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		error = som__error(SOM_ENOTFOUND, "job '%s' has not run", job);
		goto done;
	}
	if (rc != SQLITE_ROW) {
		error = som_store__sqlerr(store, "cannot read the job runs");
		goto done;
	}
	run.id = sqlite3_column_int64(st, 0);
	run.job = (const char *)sqlite3_column_text(st, 1);
	run.period = (const char *)sqlite3_column_text(st, 2);
	run.started = (const char *)sqlite3_column_text(st, 3);
	run.ended = (const char *)sqlite3_column_text(st, 4);
	run.outcome = (const char *)sqlite3_column_text(st, 5);
	run.summary = (const char *)sqlite3_column_text(st, 6);
	error = cb(&run, payload);
done:
	sqlite3_finalize(st);
	return error;
}

int som_job_run_count_ok(int64_t *out, som_store *store, const char *job)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	*out = 0;
	if (sqlite3_prepare_v2(store->db, "SELECT count(*) FROM job_run WHERE job = ?"
			" AND outcome = 'ok'", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read the job runs");
		goto done;
	}
	som_store__bind_text(st, 1, job);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error = som_store__sqlerr(store, "cannot read the job runs");
		goto done;
	}
	*out = sqlite3_column_int64(st, 0);
done:
	sqlite3_finalize(st);
	return error;
}

int som_schedule_exports_since(som_store *store, const char *since,
	som_export_path_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	int error = 0, rc;

	if (sqlite3_prepare_v2(store->db, "SELECT id, path FROM export"
			" WHERE ?1 IS NULL OR created >= ?1 ORDER BY id", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read the exports");
		goto done;
	}
	som_store__bind_text(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = cb(sqlite3_column_int64(st, 0),
				(const char *)sqlite3_column_text(st, 1), payload)) != 0)
			goto done;
	if (rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read the exports");
done:
	sqlite3_finalize(st);
	return error;
}

int som_schedule_export_verified(som_store *store, int64_t export_id,
	const char *when)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(store->db, "UPDATE export SET verified_at = ? WHERE id = ?",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot record the verification");
		goto done;
	}
	som_store__bind_text(st, 1, when);
	sqlite3_bind_int64(st, 2, export_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot record the verification");
done:
	sqlite3_finalize(st);
	return error;
}
