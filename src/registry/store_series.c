/*
 * Registry series in the store and their numbers: a series added by hand
 * or taken from the current plan when first named, the counter of each
 * series and year (taken inside the transaction that uses it, so a failed
 * transaction takes none), and numbers typed as people write them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "plan/plan.h"
#include "registry/registry.h"
#include "registry/store_registry.h"
#include "somarkiv/audit.h"

int som_registry__year_of(const char *time)
{
	char day[11];
	int year = 0;

	/* A number's year is the Swedish one: 00:15 on New Year's Day is the new year. */
	if (som_date_local(day, time) != 0) {
		som_error_clear();
		snprintf(day, sizeof(day), "%.10s", time);
	}
	for (int i = 0; i < 4 && day[i] >= '0' && day[i] <= '9'; i++)
		year = year * 10 + (day[i] - '0');
	return year;
}

void som_registry__series_dispose(som_registry__series *s)
{
	som__free(s->format);
	memset(s, 0, sizeof(*s));
}

static int insert_series(som_store *store, const char *prefix, const char *name,
	const char *format, int64_t *id_out)
{
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char now[32];
	int error = 0;

	som__now(now);
	if (sqlite3_prepare_v2(store->db, "INSERT INTO series(prefix, name, format, created) "
			"VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot add a series");
	som_store__bind_text(st, 1, prefix);
	som_store__bind_text(st, 2, name);
	som_store__bind_text(st, 3, format);
	som_store__bind_text(st, 4, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot add a series");
		goto done;
	}
	*id_out = sqlite3_last_insert_rowid(store->db);
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "prefix", prefix);
	som_json__kv_str(&w, "name", name);
	som_json__kv_str(&w, "format", format);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "series:%" PRId64, *id_out)) == 0)
		error = som_audit_append(store, "series.add", target.ptr, details.ptr);
done:
	sqlite3_finalize(st);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

/*
 * The series of `prefix`. With `import` (inside a transaction), a series
 * the store lacks but the current plan has is added first.
 */
int som_registry__series_find(som_registry__series *out, som_store *store,
	const char *prefix, int import)
{
	sqlite3_stmt *st = NULL;
	som_plan *plan = NULL;
	const som_plan_series *ps;
	int rc, error = 0;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(store->db, "SELECT id, prefix, format FROM series WHERE prefix = ?1",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read series");
	som_store__bind_text(st, 1, prefix);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		snprintf(out->prefix, sizeof(out->prefix), "%s", (const char *)sqlite3_column_text(st, 1));
		out->format = som_store__col_dup(st, 2, &error);
		goto done;
	}
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot read series");
		goto done;
	}
	if (import && som_registry__check_prefix(prefix) == 0 &&
	    som_plan_current(&plan, store) == 0 &&
	    (ps = som_plan_series_find(plan, prefix)) != NULL) {
		som_error_clear();
		if ((error = som_registry__check_format(ps->format)) != 0 ||
		    (error = insert_series(store, ps->prefix, ps->name, ps->format, &out->id)) != 0)
			goto done;
		snprintf(out->prefix, sizeof(out->prefix), "%s", ps->prefix);
		if (!(out->format = som__strdup(ps->format)))
			error = SOM_ENOMEM;
		goto done;
	}
	som_error_clear();
	error = som__error(SOM_ENOTFOUND, "no series '%s' in the store (add it with "
		"'somarkiv series add' or use a plan that has it)", prefix);
done:
	if (error)
		som_registry__series_dispose(out);
	som_plan_free(plan);
	sqlite3_finalize(st);
	return error;
}

int som_series_add(som_store *store, const char *prefix, const char *name,
	const char *format)
{
	som_registry__series s;
	int64_t id = 0;
	int error;

	if ((error = som_store__need_writer(store, "add a series")) != 0 ||
	    (error = som_registry__check_prefix(prefix)) != 0 ||
	    (error = som_registry__check_format(format)) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	error = som_registry__series_find(&s, store, prefix, 0);
	if (error == 0) {
		som_registry__series_dispose(&s);
		error = som__error(SOM_EEXISTS, "series '%s' exists already", prefix);
	} else if (error == SOM_ENOTFOUND) {
		som_error_clear();
		error = insert_series(store, prefix, name, format, &id);
	}
	if (!error)
		return som_store__commit(store);
	som_store__rollback(store);
	return error;
}

int som_series_to_json(som_buf *out, const som_series *series)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_str(&w, "prefix", series->prefix);
	som_json__kv_str(&w, "name", series->name);
	som_json__kv_str(&w, "format", series->format);
	som_json__kv_str(&w, "created", series->created);
	return som_json__obj_end(&w);
}

int som_series_list(som_store *store, som_series_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_series s;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT id, prefix, name, format, created FROM series "
			"ORDER BY prefix", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read series");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s.id = sqlite3_column_int64(st, 0);
		s.prefix = (const char *)sqlite3_column_text(st, 1);
		s.name = (const char *)sqlite3_column_text(st, 2);
		s.format = (const char *)sqlite3_column_text(st, 3);
		s.created = (const char *)sqlite3_column_text(st, 4);
		if ((error = cb(&s, payload)) != 0)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read series");
	sqlite3_finalize(st);
	return error;
}

/* The next number of a series and year, taken in the caller's transaction. */
int som_registry__next_seq(int64_t *out, som_store *store, int64_t series_id, int year)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(store->db, "INSERT INTO registry_counter(series_id, year, last) "
			"VALUES(?1, ?2, 1) ON CONFLICT(series_id, year) DO UPDATE SET last = last + 1",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot take a number");
	sqlite3_bind_int64(st, 1, series_id);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot take a number");
	sqlite3_finalize(st);
	st = NULL;
	if (error)
		return error;
	if (sqlite3_prepare_v2(store->db, "SELECT last FROM registry_counter WHERE series_id = ?1 "
			"AND year = ?2", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot take a number");
	sqlite3_bind_int64(st, 1, series_id);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		error = som_store__sqlerr(store, "cannot take a number");
	sqlite3_finalize(st);
	return error;
}

/*
 * The canonical form of a typed number: as stored when it is so already,
 * else parsed through each series' format and rendered again. `table` is
 * "registry_case" or "registration". SOM_ENOTFOUND when nothing has it.
 */
int som_registry__canonical_number(som_buf *out, som_store *store, const char *table,
	const char *typed)
{
	sqlite3_stmt *st = NULL;
	som_buf sql = SOM_BUF_INIT, cand = SOM_BUF_INIT;
	som_registry_number parts;
	int rc, error = 0, found = 0, parsed = 0;

	if ((error = som_buf_printf(&sql, "SELECT 1 FROM %s WHERE number = ?1", table)) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read the registry");
		goto done;
	}
	som_store__bind_text(st, 1, typed);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		error = som_buf_puts(out, typed);
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(store->db, "SELECT prefix, format FROM series ORDER BY id",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read series");
		goto done;
	}
	while (!found && !error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *prefix = (const char *)sqlite3_column_text(st, 0);
		const char *format = (const char *)sqlite3_column_text(st, 1);
		sqlite3_stmt *q = NULL;

		if (som_registry_number_parse(&parts, format, prefix, typed) != 0)
			continue;
		parsed = 1;
		som_buf_clear(&cand);
		if ((error = som_registry_number_render(&cand, format, prefix, parts.year,
				parts.seq, parts.doc)) != 0)
			break;
		if (sqlite3_prepare_v2(store->db, sql.ptr, -1, &q, NULL) != SQLITE_OK) {
			error = som_store__sqlerr(store, "cannot read the registry");
			break;
		}
		som_store__bind_text(q, 1, cand.ptr);
		if (sqlite3_step(q) == SQLITE_ROW) {
			found = 1;
			error = som_buf_puts(out, cand.ptr);
		}
		sqlite3_finalize(q);
	}
	som_error_clear();
	if (!error && !found) {
		if (!parsed)
			error = som__error(SOM_EINVALID, "'%s' is not a number of any series", typed);
		else
			error = som__error(SOM_ENOTFOUND, "no %s '%s' in the registry",
				strcmp(table, "registry_case") == 0 ? "case" : "registration", typed);
	}
done:
	sqlite3_finalize(st);
	som_buf_dispose(&sql);
	som_buf_dispose(&cand);
	return error;
}
