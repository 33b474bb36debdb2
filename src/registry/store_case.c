/*
 * Cases (ärenden) in the store: opened with the next number of their
 * series and year, read, listed, closed and reopened, each change audited.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "registry/store_registry.h"
#include "somarkiv/audit.h"

int som_registry__check_process(const char **series, const som_plan *plan, const char *code)
{
	const som_plan_process *p;

	if (!code)
		return 0;
	if (!plan || !som_plan_process_count(plan))
		return som__error(SOM_EINVALID, "process '%s': %s has no classification structure "
			"(<processes>)", code, plan ? "the current plan" : "the store has no plan in use: it");
	if (!(p = som_plan_process_find(plan, code)))
		return som__error(SOM_EINVALID, "process '%s' is not in the classification structure "
			"of plan '%s'", code, som_plan_version(plan));
	if (series && *series && strcmp(*series, p->series) != 0)
		return som__error(SOM_EINVALID, "process '%s' (%s) belongs to series '%s', not '%s'",
			code, p->name, p->series, *series);
	if (series)
		*series = p->series;
	return 0;
}

#define CASE_COLUMNS "c.id, c.number, s.prefix, c.year, c.seq, c.title, c.officer, " \
	"c.status, c.opened, c.closed, c.collective, c.secrecy, c.secrecy_date, c.secrecy_by, " \
	"(SELECT count(*) FROM registration r WHERE r.case_id = c.id AND r.status = 'valid'), " \
	"c.classification_code, c.close_how, c.close_reason, c.closed_date " \
	"FROM registry_case c JOIN series s ON s.id = c.series_id "

void som_case_free(som_case *c)
{
	if (!c)
		return;
	som__free(c->number);
	som__free(c->series);
	som__free(c->title);
	som__free(c->officer);
	som__free(c->status);
	som__free(c->opened);
	som__free(c->closed);
	som__free(c->secrecy);
	som__free(c->secrecy_date);
	som__free(c->secrecy_by);
	som__free(c->classification_code);
	som__free(c->close_how);
	som__free(c->close_reason);
	som__free(c->closed_date);
	som__free(c);
}

static int row_to_case(som_case **out, sqlite3_stmt *st)
{
	som_case *c = som__calloc(1, sizeof(*c));
	int error = 0;

	*out = NULL;
	if (!c)
		return SOM_ENOMEM;
	c->id = sqlite3_column_int64(st, 0);
	c->number = som_store__col_dup(st, 1, &error);
	c->series = som_store__col_dup(st, 2, &error);
	c->year = sqlite3_column_int(st, 3);
	c->seq = sqlite3_column_int64(st, 4);
	c->title = som_store__col_dup(st, 5, &error);
	c->officer = som_store__col_dup(st, 6, &error);
	c->status = som_store__col_dup(st, 7, &error);
	c->opened = som_store__col_dup(st, 8, &error);
	c->closed = som_store__col_dup(st, 9, &error);
	c->collective = sqlite3_column_int(st, 10);
	c->secrecy = som_store__col_dup(st, 11, &error);
	c->secrecy_date = som_store__col_dup(st, 12, &error);
	c->secrecy_by = som_store__col_dup(st, 13, &error);
	c->n_documents = sqlite3_column_int64(st, 14);
	c->classification_code = som_store__col_dup(st, 15, &error);
	c->close_how = som_store__col_dup(st, 16, &error);
	c->close_reason = som_store__col_dup(st, 17, &error);
	c->closed_date = som_store__col_dup(st, 18, &error);
	if (error)
		som_case_free(c);
	else
		*out = c;
	return error;
}

int som_case_to_json(som_buf *out, const som_case *c)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_str(&w, "number", c->number);
	som_json__kv_str(&w, "series", c->series);
	som_json__kv_int(&w, "year", c->year);
	som_json__kv_int(&w, "seq", c->seq);
	som_json__kv_str(&w, "title", c->title);
	som_json__kv_str(&w, "officer", c->officer);
	som_json__kv_str(&w, "status", c->status);
	som_json__kv_str(&w, "opened", c->opened);
	som_json__kv_str(&w, "closed", c->closed);
	som_json__kv_bool(&w, "collective", c->collective);
	som_json__kv_str(&w, "secrecy", c->secrecy);
	som_json__kv_str(&w, "secrecy_date", c->secrecy_date);
	som_json__kv_str(&w, "secrecy_by", c->secrecy_by);
	som_json__kv_int(&w, "documents", c->n_documents);
	som_json__kv_str(&w, "classification_code", c->classification_code);
	if (c->close_how) {
		som_json__kv_str(&w, "close_how", c->close_how);
		som_json__kv_str(&w, "closed_date", c->closed_date);
		som_json__kv_str(&w, "close_reason", c->close_reason);
	}
	return som_json__obj_end(&w);
}

static int case_by_id(som_case **out, som_store *store, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int error;

	if (sqlite3_prepare_v2(store->db, "SELECT " CASE_COLUMNS "WHERE c.id = ?1", -1, &st,
			NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read cases");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		error = row_to_case(out, st);
	else
		error = som__error(SOM_ENOTFOUND, "no case %" PRId64, id);
	sqlite3_finalize(st);
	return error;
}

int som_case_get(som_case **out, som_store *store, const char *number)
{
	sqlite3_stmt *st = NULL;
	som_buf canon = SOM_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = som_registry__canonical_number(&canon, store, "registry_case", number)) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, "SELECT " CASE_COLUMNS "WHERE c.number = ?1", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read cases");
		goto done;
	}
	som_store__bind_text(st, 1, canon.ptr);
	if (sqlite3_step(st) == SQLITE_ROW)
		error = row_to_case(out, st);
	else
		error = som__error(SOM_ENOTFOUND, "no case '%s' in the registry", number);
done:
	sqlite3_finalize(st);
	som_buf_dispose(&canon);
	return error;
}

int som_case_foreach(som_store *store, const char *series, const char *status,
	som_case_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_case *c = NULL;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT " CASE_COLUMNS
			"WHERE (?1 IS NULL OR s.prefix = ?1) AND (?2 IS NULL OR c.status = ?2) "
			"ORDER BY c.id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read cases");
	som_store__bind_text(st, 1, series);
	som_store__bind_text(st, 2, status);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((error = row_to_case(&c, st)) != 0)
			break;
		error = cb(c, payload);
		som_case_free(c);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read cases");
	sqlite3_finalize(st);
	return error;
}

int som_registry__check_secrecy(char out[48], const char *secrecy)
{
	som_osl_provision p;
	int error;

	*out = '\0';
	if (!secrecy)
		return 0;
	if ((error = som_osl_lookup(&p, secrecy)) != 0)
		return error;
	snprintf(out, 48, "%s", p.provision);
	return 0;
}

/* Open a case in the caller's transaction; its id in `id_out`. */
int som_registry__open_case(int64_t *id_out, som_store *store, const som_registry__series *s,
	const char *title, const char *officer, const char *secrecy, const char *process,
	int collective)
{
	sqlite3_stmt *st = NULL;
	som_buf number = SOM_BUF_INIT, details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char now[32], today[11];
	int64_t seq = 0;
	int year, error;

	som__now(now);
	som__today_local(today);
	year = som_registry__year_of(now);
	if ((error = som_registry__next_seq(&seq, store, s->id, year)) != 0 ||
	    (error = som_registry_number_render(&number, s->format, s->prefix, year, seq, 0)) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, "INSERT INTO registry_case(series_id, year, seq, number, "
			"title, officer, status, opened, collective, secrecy, secrecy_date, secrecy_by, "
			"classification_code) "
			"VALUES(?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11, ?12)", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot open a case");
		goto done;
	}
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, seq);
	som_store__bind_text(st, 4, number.ptr);
	som_store__bind_text(st, 5, title);
	som_store__bind_text(st, 6, officer);
	som_store__bind_text(st, 7, now);
	sqlite3_bind_int(st, 8, collective);
	som_store__bind_text(st, 9, secrecy);
	som_store__bind_text(st, 10, secrecy ? today : NULL);
	som_store__bind_text(st, 11, secrecy ? som_store_actor(store) : NULL);
	som_store__bind_text(st, 12, process);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot open a case");
		goto done;
	}
	*id_out = sqlite3_last_insert_rowid(store->db);
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "number", number.ptr);
	som_json__kv_str(&w, "series", s->prefix);
	som_json__kv_str(&w, "title", title);
	if (officer)
		som_json__kv_str(&w, "officer", officer);
	if (secrecy)
		som_json__kv_str(&w, "secrecy", secrecy);
	if (process)
		som_json__kv_str(&w, "classification_code", process);
	if (collective)
		som_json__kv_bool(&w, "collective", 1);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "case:%" PRId64, *id_out)) == 0)
		error = som_audit_append(store, "case.open", target.ptr, details.ptr);
done:
	sqlite3_finalize(st);
	som_buf_dispose(&number);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

int som_case_open(som_case **out, som_store *store, const som_case_options *opts)
{
	som_registry__series s;
	som_plan *plan = NULL;
	const char *series;
	char secrecy[48];
	int64_t id = 0;
	int error;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if (!opts || opts->version != SOM_CASE_OPTIONS_VERSION)
		return som__error(SOM_EINVALID, "case options of an unknown version");
	if ((error = som_store__need_writer(store, "open a case")) != 0)
		return error;
	if (!opts->title || !*opts->title)
		return som__error(SOM_EINVALID, "a case needs a title");
	if ((error = som_registry__check_secrecy(secrecy, opts->secrecy)) != 0)
		return error;
	if (som_plan_current(&plan, store) != 0)
		som_error_clear();
	series = opts->series;
	if ((error = som_registry__check_process(&series, plan, opts->process)) != 0)
		goto done;
	if (!series || !*series) {
		error = som__error(SOM_EINVALID, "a case needs a series (or a process that names one)");
		goto done;
	}
	if ((error = som_store__begin(store)) != 0)
		goto done;
	if ((error = som_registry__series_find(&s, store, series, 1)) != 0 ||
	    (error = som_registry__open_case(&id, store, &s, opts->title, opts->officer,
			*secrecy ? secrecy : NULL, opts->process, 0)) != 0 ||
	    (error = som_store__commit(store)) != 0)
		goto done;
	error = case_by_id(out, store, id);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	som_registry__series_dispose(&s);
	som_plan_free(plan);
	return error;
}

static const char *const close_ways[] = {
	SOM_CASE_CLOSED_DECISION, SOM_CASE_CLOSED_WRITTEN_OFF, SOM_CASE_CLOSED_TRANSFERRED,
	SOM_CASE_CLOSED_JOINED, SOM_CASE_CLOSED_ANSWERED, NULL
};

/* How a case may end; SOM_EINVALID naming the ways otherwise. */
static int check_close_how(const char *how)
{
	for (size_t i = 0; how && close_ways[i]; i++)
		if (strcmp(how, close_ways[i]) == 0)
			return 0;
	return som__error(SOM_EINVALID, "how did the case end? '%s' is not one of beslut, "
		"avskrivet, överlämnat, sammanlagt, besvarat", how ? how : "");
}

int som_registry__check_date(char out[11], const char *date)
{
	char start[32], today[11];

	som__today_local(today);
	if (!date) {
		memcpy(out, today, 11);
		return 0;
	}
	if (som__date_local_start(start, date, 0) != 0 || som_date_local(out, start) != 0 ||
	    strcmp(out, date) != 0)
		return som__error(SOM_EINVALID, "'%s' is not a date (YYYY-MM-DD)", date);
	if (strcmp(date, today) > 0)
		return som__error(SOM_EINVALID, "date '%s' is after today (%s)", date, today);
	return 0;
}

static int set_case_status(som_store *store, const char *number,
	const som_case_close_options *close)
{
	som_case *c = NULL;
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char now[32], day[11] = "";
	int error;

	if ((error = som_store__need_writer(store, close ? "close a case" : "reopen a case")) != 0)
		return error;
	if (close && ((error = check_close_how(close->how)) != 0 ||
	    (error = som_registry__check_date(day, close->date)) != 0))
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	if ((error = som_case_get(&c, store, number)) != 0)
		goto done;
	if (!close == (strcmp(c->status, "closed") != 0)) {
		error = som__error(SOM_EINVALID, "case '%s' is %s already", c->number,
			close ? "closed" : "open");
		goto done;
	}
	if (close && c->n_documents == 0 && !close->force) {
		error = som__error(SOM_EINVALID, "case '%s' holds no document: a case is closed "
			"when its documents are in it (--force closes it empty)", c->number);
		goto done;
	}
	som__now(now);
	if (sqlite3_prepare_v2(store->db, "UPDATE registry_case SET status = ?2, closed = ?3, "
			"close_how = ?4, close_reason = ?5, closed_date = ?6 WHERE id = ?1", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot change a case");
		goto done;
	}
	sqlite3_bind_int64(st, 1, c->id);
	som_store__bind_text(st, 2, close ? "closed" : "open");
	som_store__bind_text(st, 3, close ? now : NULL);
	som_store__bind_text(st, 4, close ? close->how : NULL);
	som_store__bind_text(st, 5, close ? close->reason : NULL);
	som_store__bind_text(st, 6, close ? day : NULL);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot change a case");
		goto done;
	}
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "number", c->number);
	if (close) {
		som_json__kv_str(&w, "how", close->how);
		som_json__kv_str(&w, "date", day);
		if (close->reason)
			som_json__kv_str(&w, "reason", close->reason);
		if (c->n_documents == 0)
			som_json__kv_bool(&w, "empty", 1);
	} else {
		som_json__kv_str(&w, "was_closed", c->closed_date);
		som_json__kv_str(&w, "was_how", c->close_how);
	}
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "case:%" PRId64, c->id)) == 0 &&
	    (error = som_audit_append(store, close ? "case.close" : "case.reopen", target.ptr,
			details.ptr)) == 0)
		error = som_store__commit(store);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som_case_free(c);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

int som_case_close(som_store *store, const char *number, const som_case_close_options *opts)
{
	if (!opts || opts->version != SOM_CASE_CLOSE_OPTIONS_VERSION)
		return som__error(SOM_EINVALID, "case close options of an unknown version");
	return set_case_status(store, number, opts);
}

int som_case_reopen(som_store *store, const char *number)
{
	return set_case_status(store, number, NULL);
}
