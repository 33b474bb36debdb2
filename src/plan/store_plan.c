/*
 * The plans a store keeps: every plan ever used, by version, with its
 * bytes and their SHA-256; one is current. Using a plan is audited; a
 * version never changes its bytes once used.
 */
#include <string.h>
#include "formats/json.h"
#include "plan/plan.h"
#include "store/store.h"
#include "somarkiv/audit.h"

/* Read the plan of one row (id, version, sha256, xml), checking its digest. */
static int plan_from_row(som_plan **out, som_store *store, sqlite3_stmt *st)
{
	const char *version = (const char *)sqlite3_column_text(st, 1);
	const char *sha = (const char *)sqlite3_column_text(st, 2);
	const void *xml = sqlite3_column_blob(st, 3);
	size_t len = (size_t)sqlite3_column_bytes(st, 3);
	som_buf name = SOM_BUF_INIT;
	som_plan *plan = NULL;
	int error;

	if ((error = som_buf_printf(&name, "store:%s", version ? version : "?")) != 0)
		goto done;
	if ((error = som_plan_load_buffer(&plan, xml ? xml : "", len, name.ptr)) != 0)
		goto done;
	if (!sha || strcmp(sha, som_plan_sha256(plan)) != 0) {
		error = som__error(SOM_ECORRUPT,
			"store '%s': plan '%s' no longer matches its SHA-256", store->path,
			version ? version : "?");
		goto done;
	}
	plan->store_id = sqlite3_column_int64(st, 0);
	*out = plan;
	plan = NULL;
done:
	som_plan_free(plan);
	som_buf_dispose(&name);
	return error;
}

static int load_one(som_plan **out, som_store *store, const char *sql,
	const char *version)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	*out = NULL;
	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read plans");
	if (version)
		sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		error = plan_from_row(out, store, st);
	else if (rc == SQLITE_DONE)
		error = version ?
			som__error(SOM_ENOTFOUND, "no plan version '%s' in store '%s'", version,
				store->path) :
			som__error(SOM_ENOTFOUND,
				"no plan in use in store '%s' (choose one with 'somarkiv plan use FILE')",
				store->path);
	else
		error = som_store__sqlerr(store, "cannot read plans");
	sqlite3_finalize(st);
	return error;
}

int som_plan_current(som_plan **out, som_store *store)
{
	return load_one(out, store,
		"SELECT id, version, sha256, xml FROM plan WHERE current = 1", NULL);
}

int som_plan_get(som_plan **out, som_store *store, const char *version)
{
	return load_one(out, store,
		"SELECT id, version, sha256, xml FROM plan WHERE version = ?1", version);
}

static int step_done(som_store *store, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : som_store__sqlerr(store, what);
}

int som_plan_use(int *changed_out, som_store *store, const som_plan *plan)
{
	const som_plan_decision *d = som_plan_get_decision(plan);
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char now[32], *previous = NULL;
	int64_t id = 0;
	int error, rc, current = 0, in_tx = 0;

	if (changed_out)
		*changed_out = 0;
	if ((error = som_store__need_writer(store, "use a plan")) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	in_tx = 1;
	/* The plan in use so far, for the audit entry. */
	if (sqlite3_prepare_v2(store->db, "SELECT version FROM plan WHERE current = 1", -1,
			&st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read plans");
		goto done;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		previous = som_store__col_dup(st, 0, &error);
	else if (rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read plans");
	sqlite3_finalize(st);
	st = NULL;
	if (error)
		goto done;

	if (sqlite3_prepare_v2(store->db,
			"SELECT id, sha256, current FROM plan WHERE version = ?1", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read plans");
		goto done;
	}
	sqlite3_bind_text(st, 1, d->version, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 1);
		id = sqlite3_column_int64(st, 0);
		current = sqlite3_column_int(st, 2);
		if (!sha || strcmp(sha, som_plan_sha256(plan)) != 0) {
			error = som__error(SOM_EEXISTS,
				"plan '%s': version '%s' is in the store already with other content "
				"(sha256 %.12s...): a changed plan needs a new version",
				som_plan_name(plan), d->version, sha ? sha : "?");
			goto done;
		}
	} else if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot read plans");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (current)
		goto done;  /* in use already: nothing changes, nothing to audit */

	som__now(now);
	if (!id) {
		size_t len;
		const char *xml = som_plan_xml(plan, &len);
		if (sqlite3_prepare_v2(store->db,
				"INSERT INTO plan(version, sha256, body, reference, xml, used_at, actor, current) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)", -1, &st, NULL) != SQLITE_OK) {
			error = som_store__sqlerr(store, "cannot store the plan");
			goto done;
		}
		sqlite3_bind_text(st, 1, d->version, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, som_plan_sha256(plan), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, d->body ? d->body : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, d->reference ? d->reference : "", -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 5, xml, (int)len, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, som_store_actor(store), -1, SQLITE_STATIC);
		if ((error = step_done(store, st, "cannot store the plan")) != 0)
			goto done;
		id = sqlite3_last_insert_rowid(store->db);
		sqlite3_finalize(st);
		st = NULL;
	}
	if ((error = som_store__exec(store, "UPDATE plan SET current = 0 WHERE current = 1")) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, "UPDATE plan SET current = 1 WHERE id = ?1", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot use the plan");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((error = step_done(store, st, "cannot use the plan")) != 0)
		goto done;

	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "version", d->version);
	som_json__kv_str(&w, "sha256", som_plan_sha256(plan));
	som_json__kv_str(&w, "body", d->body);
	som_json__kv_str(&w, "reference", d->reference);
	som_json__kv_str(&w, "previous", previous);
	if ((error = som_json__obj_end(&w)) != 0 ||
	    (error = som_buf_printf(&target, "plan:%lld", (long long)id)) != 0 ||
	    (error = som_audit_append(store, "plan.use", target.ptr, details.ptr)) != 0)
		goto done;
	if (changed_out)
		*changed_out = 1;
done:
	sqlite3_finalize(st);
	if (in_tx) {
		if (error)
			som_store__rollback(store);
		else
			error = som_store__commit(store);
	}
	som__free(previous);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

int som_plan_list(som_store *store, som_plan_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_plan_info info;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db,
			"SELECT id, version, sha256, body, reference, used_at, actor, current "
			"FROM plan ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot list plans");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		info.id = sqlite3_column_int64(st, 0);
		info.version = (const char *)sqlite3_column_text(st, 1);
		info.sha256 = (const char *)sqlite3_column_text(st, 2);
		info.body = (const char *)sqlite3_column_text(st, 3);
		info.reference = (const char *)sqlite3_column_text(st, 4);
		info.used_at = (const char *)sqlite3_column_text(st, 5);
		info.actor = (const char *)sqlite3_column_text(st, 6);
		info.current = sqlite3_column_int(st, 7);
		if ((error = cb(&info, payload)) != 0)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot list plans");
	sqlite3_finalize(st);
	return error;
}

int som_plan_info_to_json(som_buf *out, const som_plan_info *info)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "id", info->id);
	som_json__kv_str(&w, "version", info->version);
	som_json__kv_bool(&w, "current", info->current);
	som_json__kv_str(&w, "sha256", info->sha256);
	som_json__kv_str(&w, "body", info->body);
	som_json__kv_str(&w, "reference", info->reference);
	som_json__kv_str(&w, "used_at", info->used_at);
	som_json__kv_str(&w, "actor", info->actor);
	return som_json__obj_end(&w);
}
