/*
 * The registry in the store: series (added, or taken from the current
 * plan when first named), numbers per series and year taken inside the
 * transaction that uses them (a failed transaction takes none), cases,
 * registrations with their OSL 5:2 fields, and corrections (felregistrerad).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "plan/plan.h"
#include "registry/registry.h"
#include "store/store.h"
#include "somarkiv/audit.h"
#include "somarkiv/classify.h"
#include "somarkiv/item.h"
#include "somarkiv/search.h"

/* Subjects taken from an item's text are cut to this many code points. */
#define SUBJECT_MAX 120

/* A series as the store keeps it. */
typedef struct series_row {
	int64_t id;
	char prefix[24];
	char *format;
} series_row;

/* The year of an ISO 8601 time. */
static int year_of(const char *time)
{
	int year = 0;

	for (int i = 0; i < 4 && time[i] >= '0' && time[i] <= '9'; i++)
		year = year * 10 + (time[i] - '0');
	return year;
}

static void series_row_dispose(series_row *s)
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
static int series_find(series_row *out, som_store *store, const char *prefix, int import)
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
		series_row_dispose(out);
	som_plan_free(plan);
	sqlite3_finalize(st);
	return error;
}

int som_series_add(som_store *store, const char *prefix, const char *name,
	const char *format)
{
	series_row s;
	int64_t id = 0;
	int error;

	if ((error = som_store__need_writer(store, "add a series")) != 0 ||
	    (error = som_registry__check_prefix(prefix)) != 0 ||
	    (error = som_registry__check_format(format)) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	error = series_find(&s, store, prefix, 0);
	if (error == 0) {
		series_row_dispose(&s);
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
static int next_seq(int64_t *out, som_store *store, int64_t series_id, int year)
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
static int canonical_number(som_buf *out, som_store *store, const char *table,
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

/* ---- cases ---- */

#define CASE_COLUMNS "c.id, c.number, s.prefix, c.year, c.seq, c.title, c.officer, " \
	"c.status, c.opened, c.closed, c.collective, c.secrecy, c.secrecy_date, c.secrecy_by, " \
	"(SELECT count(*) FROM registration r WHERE r.case_id = c.id AND r.status = 'valid') " \
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
	if ((error = canonical_number(&canon, store, "registry_case", number)) != 0)
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

/* An OSL provision as a registrar writes it: "OSL 26:1", "OSL 21:3 st. 1". */
static int check_secrecy(const char *secrecy)
{
	if (!secrecy)
		return 0;
	if (strncmp(secrecy, "OSL ", 4) != 0 || secrecy[4] < '0' || secrecy[4] > '9' ||
	    !strchr(secrecy, ':') || strlen(secrecy) > 64)
		return som__error(SOM_EINVALID, "secrecy '%s': name the provision of "
			"offentlighets- och sekretesslagen, e.g. 'OSL 26:1'", secrecy);
	return 0;
}

/* Open a case in the caller's transaction; its id in `id_out`. */
static int open_case_tx(int64_t *id_out, som_store *store, const series_row *s,
	const char *title, const char *officer, const char *secrecy, int collective)
{
	sqlite3_stmt *st = NULL;
	som_buf number = SOM_BUF_INIT, details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char now[32], today[11];
	int64_t seq = 0;
	int year, error;

	som__now(now);
	memcpy(today, now, 10);
	today[10] = '\0';
	year = year_of(now);
	if ((error = next_seq(&seq, store, s->id, year)) != 0 ||
	    (error = som_registry_number_render(&number, s->format, s->prefix, year, seq, 0)) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, "INSERT INTO registry_case(series_id, year, seq, number, "
			"title, officer, status, opened, collective, secrecy, secrecy_date, secrecy_by) "
			"VALUES(?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11)", -1, &st,
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
	series_row s;
	int64_t id = 0;
	int error;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if ((error = som_store__need_writer(store, "open a case")) != 0)
		return error;
	if (!opts->series || !*opts->series)
		return som__error(SOM_EINVALID, "a case needs a series");
	if (!opts->title || !*opts->title)
		return som__error(SOM_EINVALID, "a case needs a title");
	if ((error = check_secrecy(opts->secrecy)) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	if ((error = series_find(&s, store, opts->series, 1)) != 0 ||
	    (error = open_case_tx(&id, store, &s, opts->title, opts->officer, opts->secrecy, 0)) != 0 ||
	    (error = som_store__commit(store)) != 0)
		goto done;
	error = case_by_id(out, store, id);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	series_row_dispose(&s);
	return error;
}

static int set_case_status(som_store *store, const char *number, int close)
{
	som_case *c = NULL;
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char now[32];
	int error;

	if ((error = som_store__need_writer(store, close ? "close a case" : "reopen a case")) != 0 ||
	    (error = som_store__begin(store)) != 0)
		return error;
	if ((error = som_case_get(&c, store, number)) != 0)
		goto done;
	if (close == (strcmp(c->status, "closed") == 0)) {
		error = som__error(SOM_EINVALID, "case '%s' is %s already", c->number,
			close ? "closed" : "open");
		goto done;
	}
	som__now(now);
	if (sqlite3_prepare_v2(store->db, "UPDATE registry_case SET status = ?2, closed = ?3 "
			"WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot change a case");
		goto done;
	}
	sqlite3_bind_int64(st, 1, c->id);
	som_store__bind_text(st, 2, close ? "closed" : "open");
	som_store__bind_text(st, 3, close ? now : NULL);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot change a case");
		goto done;
	}
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "number", c->number);
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

int som_case_close(som_store *store, const char *number)
{
	return set_case_status(store, number, 1);
}

int som_case_reopen(som_store *store, const char *number)
{
	return set_case_status(store, number, 0);
}

/* ---- registrations ---- */

#define REG_COLUMNS "r.id, r.number, s.prefix, r.year, c.number, r.doc_seq, r.item_id, " \
	"r.item_version, r.direction, r.date, r.counterparty, r.counterparty_protected, " \
	"r.subject, r.subject_protected, r.secrecy, r.secrecy_date, r.secrecy_by, r.registrar, " \
	"r.officer, r.class, r.classification_code, r.registered_at, r.status, r.corrects, " \
	SOM_REGISTRY__SECRET_SQL("r.item_id") ", " SOM_REGISTRY__SECRECY_SQL("r.item_id") " " \
	"FROM registration r JOIN series s ON s.id = r.series_id " \
	"LEFT JOIN registry_case c ON c.id = r.case_id "

void som_registration_free(som_registration *r)
{
	if (!r)
		return;
	som__free(r->number);
	som__free(r->series);
	som__free(r->case_number);
	som__free(r->direction);
	som__free(r->date);
	som__free(r->counterparty);
	som__free(r->counterparty_protected);
	som__free(r->subject);
	som__free(r->subject_protected);
	som__free(r->secrecy);
	som__free(r->secrecy_date);
	som__free(r->secrecy_by);
	som__free(r->registrar);
	som__free(r->officer);
	som__free(r->cls);
	som__free(r->classification_code);
	som__free(r->registered_at);
	som__free(r->status);
	som__free(r->secrecy_now);
	som__free(r);
}

static int row_to_registration(som_registration **out, sqlite3_stmt *st)
{
	som_registration *r = som__calloc(1, sizeof(*r));
	int error = 0;

	*out = NULL;
	if (!r)
		return SOM_ENOMEM;
	r->id = sqlite3_column_int64(st, 0);
	r->number = som_store__col_dup(st, 1, &error);
	r->series = som_store__col_dup(st, 2, &error);
	r->year = sqlite3_column_int(st, 3);
	r->case_number = som_store__col_dup(st, 4, &error);
	r->doc_seq = sqlite3_column_int64(st, 5);
	r->item_id = sqlite3_column_int64(st, 6);
	r->item_version = sqlite3_column_int64(st, 7);
	r->direction = som_store__col_dup(st, 8, &error);
	r->date = som_store__col_dup(st, 9, &error);
	r->counterparty = som_store__col_dup(st, 10, &error);
	r->counterparty_protected = som_store__col_dup(st, 11, &error);
	r->subject = som_store__col_dup(st, 12, &error);
	r->subject_protected = som_store__col_dup(st, 13, &error);
	r->secrecy = som_store__col_dup(st, 14, &error);
	r->secrecy_date = som_store__col_dup(st, 15, &error);
	r->secrecy_by = som_store__col_dup(st, 16, &error);
	r->registrar = som_store__col_dup(st, 17, &error);
	r->officer = som_store__col_dup(st, 18, &error);
	r->cls = som_store__col_dup(st, 19, &error);
	r->classification_code = som_store__col_dup(st, 20, &error);
	r->registered_at = som_store__col_dup(st, 21, &error);
	r->status = som_store__col_dup(st, 22, &error);
	r->corrects = sqlite3_column_int64(st, 23);
	r->secret = sqlite3_column_int(st, 24);
	r->secrecy_now = som_store__col_dup(st, 25, &error);
	if (error)
		som_registration_free(r);
	else
		*out = r;
	return error;
}

/* What the public may see of a registration (OSL 5:2). */
typedef struct reg_public {
	const char *counterparty;
	const char *subject;
	const char *cls;
	const char *code;
	char mask[96];
} reg_public;

static void public_fields(reg_public *out, const som_registration *r)
{
	const char *provision = r->secrecy_now ? r->secrecy_now : r->secrecy;

	if (provision)
		snprintf(out->mask, sizeof(out->mask), "[masked: %s]", provision);
	else
		snprintf(out->mask, sizeof(out->mask), "%s", SOM_SEARCH_MASK);
	if (r->public_view) {
		/* Made public already: what it holds is what may be seen. */
		out->counterparty = r->counterparty;
		out->subject = r->subject;
	} else {
		out->counterparty = som_registry__public_form(r->counterparty,
			r->counterparty_protected, r->secret, out->mask);
		out->subject = som_registry__public_form(r->subject, r->subject_protected,
			r->secret, out->mask);
	}
	out->cls = r->secret ? NULL : r->cls;
	out->code = r->secret ? NULL : r->classification_code;
}

/* Turn `r` into its public form in place. */
static int make_public(som_registration *r)
{
	reg_public pub;
	char *cp = NULL, *subject = NULL;

	if (r->public_view)
		return 0;
	public_fields(&pub, r);
	if ((pub.counterparty && !(cp = som__strdup(pub.counterparty))) ||
	    (pub.subject && !(subject = som__strdup(pub.subject)))) {
		som__free(cp);
		return SOM_ENOMEM;
	}
	if (!pub.cls) {
		som__free(r->cls);
		r->cls = NULL;
	}
	if (!pub.code) {
		som__free(r->classification_code);
		r->classification_code = NULL;
	}
	som__free(r->counterparty);
	som__free(r->subject);
	som__free(r->counterparty_protected);
	som__free(r->subject_protected);
	r->counterparty = cp;
	r->subject = subject;
	r->counterparty_protected = NULL;
	r->subject_protected = NULL;
	r->public_view = 1;
	return 0;
}

int som_registration_to_json(som_buf *out, const som_registration *r, int public_view)
{
	som_json_writer w;
	reg_public pub;

	public_fields(&pub, r);
	som_json__obj_begin(&w, out);
	som_json__kv_str(&w, "number", r->number);
	som_json__kv_str(&w, "series", r->series);
	som_json__kv_int(&w, "year", r->year);
	som_json__kv_str(&w, "case", r->case_number);
	if (r->doc_seq)
		som_json__kv_int(&w, "doc", r->doc_seq);
	som_json__kv_int(&w, "item", r->item_id);
	som_json__kv_int(&w, "item_version", r->item_version);
	som_json__kv_str(&w, "direction", r->direction);
	som_json__kv_str(&w, "date", r->date);
	som_json__kv_str(&w, "counterparty", public_view ? pub.counterparty : r->counterparty);
	som_json__kv_str(&w, "subject", public_view ? pub.subject : r->subject);
	if (!public_view) {
		if (r->counterparty_protected)
			som_json__kv_str(&w, "counterparty_protected", r->counterparty_protected);
		if (r->subject_protected)
			som_json__kv_str(&w, "subject_protected", r->subject_protected);
	}
	som_json__kv_str(&w, "secrecy", r->secrecy);
	if (r->secrecy) {
		som_json__kv_str(&w, "secrecy_date", r->secrecy_date);
		som_json__kv_str(&w, "secrecy_by", r->secrecy_by);
	}
	som_json__kv_str(&w, "registrar", r->registrar);
	som_json__kv_str(&w, "officer", r->officer);
	som_json__kv_str(&w, "class", public_view ? pub.cls : r->cls);
	som_json__kv_str(&w, "classification_code", public_view ? pub.code :
		r->classification_code);
	som_json__kv_str(&w, "registered_at", r->registered_at);
	som_json__kv_str(&w, "status", r->status);
	if (r->corrects)
		som_json__kv_int(&w, "corrects", r->corrects);
	som_json__kv_bool(&w, "secret", r->secret);
	if (r->secret && !public_view)
		som_json__kv_str(&w, "secrecy_now", r->secrecy_now);
	return som_json__obj_end(&w);
}

static int registration_where(som_registration **out, som_store *store, const char *where,
	int64_t id, const char *text, const char *missing)
{
	sqlite3_stmt *st = NULL;
	som_buf sql = SOM_BUF_INIT;
	int rc, error;

	*out = NULL;
	if ((error = som_buf_printf(&sql, "SELECT " REG_COLUMNS "WHERE %s", where)) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read registrations");
		goto done;
	}
	if (text)
		som_store__bind_text(st, 1, text);
	else
		sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		error = row_to_registration(out, st);
	else if (rc == SQLITE_DONE)
		error = som__error(SOM_ENOTFOUND, "%s", missing);
	else
		error = som_store__sqlerr(store, "cannot read registrations");
done:
	sqlite3_finalize(st);
	som_buf_dispose(&sql);
	return error;
}

int som_registration_get(som_registration **out, som_store *store, const char *number)
{
	som_buf canon = SOM_BUF_INIT, msg = SOM_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = canonical_number(&canon, store, "registration", number)) == 0 &&
	    (error = som_buf_printf(&msg, "no registration '%s' in the registry", number)) == 0)
		error = registration_where(out, store, "r.number = ?1", 0, canon.ptr, msg.ptr);
	som_buf_dispose(&canon);
	som_buf_dispose(&msg);
	return error;
}

int som_registration_for_item(som_registration **out, som_store *store, int64_t item_id)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "item %" PRId64 " is not registered", item_id);
	return registration_where(out, store, "r.item_id = ?1 AND r.status = 'valid'", item_id,
		NULL, msg);
}

/* The first line of `text`, control characters made spaces, cut to SUBJECT_MAX code points. */
static int first_line(som_buf *out, const char *text)
{
	size_t cps = 0;
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	int error = 0;

	while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
		p++;
	for (; *p && *p != '\n' && *p != '\r' && !error; p++) {
		if ((*p & 0xC0) != 0x80 && ++cps > SUBJECT_MAX) {
			error = som_buf_puts(out, "…");
			break;
		}
		error = som_buf_putc(out, *p < 0x20 || *p == 0x7f ? ' ' : (char)*p);
	}
	while (!error && out->size && out->ptr[out->size - 1] == ' ')
		out->ptr[--out->size] = '\0';
	if (!error && out->size == 0)
		error = som_buf_puts(out, "(no text)");
	return error;
}

/* A registration run: one transaction over its items. */
typedef struct reg_run {
	som_store *store;
	const som_register_options *opts;
	som_plan *plan;          /* the current plan, NULL when none */
	int64_t case_id;         /* the case named or opened, 0: by route */
	int64_t *ids;            /* registrations made */
	size_t n_ids;
	char now[32];
} reg_run;

/* The case a registration goes into: series, year, seq, status, secrecy, officer. */
typedef struct case_row {
	int64_t id;
	series_row series;
	int year;
	int64_t seq;
	char *number;
	char *status;
	char *secrecy;
	char *officer;
} case_row;

static void case_row_dispose(case_row *c)
{
	series_row_dispose(&c->series);
	som__free(c->number);
	som__free(c->status);
	som__free(c->secrecy);
	som__free(c->officer);
	memset(c, 0, sizeof(*c));
}

static int case_row_get(case_row *out, som_store *store, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(store->db, "SELECT c.id, s.id, s.prefix, s.format, c.year, c.seq, "
			"c.number, c.status, c.secrecy, c.officer FROM registry_case c "
			"JOIN series s ON s.id = c.series_id WHERE c.id = ?1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read cases");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->series.id = sqlite3_column_int64(st, 1);
		snprintf(out->series.prefix, sizeof(out->series.prefix), "%s",
			(const char *)sqlite3_column_text(st, 2));
		out->series.format = som_store__col_dup(st, 3, &error);
		out->year = sqlite3_column_int(st, 4);
		out->seq = sqlite3_column_int64(st, 5);
		out->number = som_store__col_dup(st, 6, &error);
		out->status = som_store__col_dup(st, 7, &error);
		out->secrecy = som_store__col_dup(st, 8, &error);
		out->officer = som_store__col_dup(st, 9, &error);
	} else {
		error = som__error(SOM_ENOTFOUND, "no case %" PRId64, id);
	}
	if (error)
		case_row_dispose(out);
	sqlite3_finalize(st);
	return error;
}

/* The year's collective case of a series, opened when first needed. */
static int collective_case(int64_t *out, reg_run *r, const series_row *s)
{
	sqlite3_stmt *st = NULL;
	som_buf title = SOM_BUF_INIT;
	int year = year_of(r->now), error = 0;

	if (sqlite3_prepare_v2(r->store->db, "SELECT id FROM registry_case WHERE series_id = ?1 "
			"AND year = ?2 AND collective = 1 ORDER BY id LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(r->store, "cannot read cases");
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if ((error = som_buf_printf(&title, "Samlingsärende %d: sociala medier "
			"(collective case, social media)", year)) == 0)
		error = open_case_tx(out, r->store, s, title.ptr, NULL, NULL, 1);
	sqlite3_finalize(st);
	som_buf_dispose(&title);
	return error;
}

static int count_where(int64_t *out, som_store *store, const char *sql, int64_t arg)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read registrations");
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		error = som_store__sqlerr(store, "cannot read registrations");
	sqlite3_finalize(st);
	return error;
}

/* Register one item in the run's transaction. */
static int register_one(reg_run *r, int64_t item_id)
{
	const som_register_options *o = r->opts;
	som_store *store = r->store;
	som_item *item = NULL, *parent = NULL;
	som_classification *cl = NULL;
	som_registration *old = NULL;
	series_row s;
	case_row c;
	sqlite3_stmt *st = NULL;
	som_buf number = SOM_BUF_INIT, subject = SOM_BUF_INIT, code = SOM_BUF_INIT,
		details = SOM_BUF_INIT, target = SOM_BUF_INIT, masked = SOM_BUF_INIT;
	som_json_writer w;
	char ref[32], today[11], *item_secrecy = NULL;
	const char *direction, *counterparty = NULL, *secrecy, *officer, *pub_cp, *pub_subject;
	int64_t case_id = r->case_id, doc = 0, seq = 0, corrects = 0, version;
	int cls = SOM_CLASS_NONE, year, error;

	memset(&s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	snprintf(ref, sizeof(ref), "%" PRId64, item_id);
	if ((error = som_item_lookup(&item, store, ref)) != 0)
		goto done;
	error = som_registration_for_item(&old, store, item_id);
	if (error == 0) {
		error = som__error(SOM_EEXISTS, "item %" PRId64 " is registered already as '%s'",
			item_id, old->number);
		goto done;
	}
	if (error != SOM_ENOTFOUND)
		goto done;
	som_error_clear();
	if ((error = count_where(&corrects, store, "SELECT coalesce(max(id), 0) FROM registration "
			"WHERE item_id = ?1 AND status = 'corrected'", item_id)) != 0)
		goto done;
	error = som_classification_get(&cl, store, item_id);
	if (error == 0) {
		cls = cl->cls;
		error = som_buf_printf(&code, "%s:%s", cl->by_person ? "person" :
			cl->plan_version ? cl->plan_version : "-", som_class_name(cls) ? som_class_name(cls) : "-");
	} else if (error == SOM_ENOTFOUND) {
		som_error_clear();
		error = 0;
	}
	if (error)
		goto done;

	/* Where it goes: the case named or opened, else the plan's route. */
	if (!case_id) {
		const som_plan_route *route;
		int route_cls = cls == SOM_CLASS_CASE ? SOM_CLASS_CASE : SOM_CLASS_IMPORTANT;

		if (cls == SOM_CLASS_CASE) {
			error = som__error(SOM_EINVALID, "item %" PRId64 " is of class 'case': name its "
				"case (--case NUMBER) or open one (--new-case)", item_id);
			goto done;
		}
		route = r->plan ? som_plan_route_for(r->plan, route_cls) : NULL;
		if (!route && !o->series) {
			error = som__error(SOM_EINVALID, "no registration route for class '%s' in %s: "
				"name a case (--case NUMBER) or a series (--series)", som_class_name(route_cls),
				r->plan ? "the current plan" : "the store (no plan in use)");
			goto done;
		}
		if ((error = series_find(&s, store, o->series ? o->series : route->series, 1)) != 0)
			goto done;
		if (route && route->collective && !o->series) {
			if ((error = collective_case(&case_id, r, &s)) != 0)
				goto done;
		}
	}
	if (case_id) {
		if ((error = case_row_get(&c, store, case_id)) != 0)
			goto done;
		if (strcmp(c.status, "open") != 0) {
			error = som__error(SOM_EINVALID, "case '%s' is closed (reopen it first)", c.number);
			goto done;
		}
		if ((error = count_where(&doc, store, "SELECT coalesce(max(doc_seq), 0) + 1 FROM "
				"registration WHERE case_id = ?1", case_id)) != 0 ||
		    (error = som_registry_number_render(&number, c.series.format, c.series.prefix,
				c.year, c.seq, doc)) != 0)
			goto done;
		year = c.year;
	} else {
		year = year_of(r->now);
		if ((error = next_seq(&seq, store, s.id, year)) != 0 ||
		    (error = som_registry_number_render(&number, s.format, s.prefix, year, seq, 0)) != 0)
			goto done;
	}

	/* OSL 5:2: date, direction, counterparty, what it concerns. */
	if (item->by_account && item->parent_platform_id)
		direction = SOM_DIRECTION_DISPATCHED;
	else if (item->by_account)
		direction = SOM_DIRECTION_DRAWN_UP;
	else
		direction = SOM_DIRECTION_RECEIVED;
	if (o->counterparty)
		counterparty = o->counterparty;
	else if (!item->by_account)
		counterparty = item->author_name ? item->author_name : item->author_id;
	else if (item->parent_id) {
		snprintf(ref, sizeof(ref), "%" PRId64, item->parent_id);
		if (som_item_lookup(&parent, store, ref) == 0)
			counterparty = parent->author_name ? parent->author_name : parent->author_id;
		som_error_clear();
	}
	version = item->n_versions ? item->versions[item->n_versions - 1].seq : 1;
	if (o->subject && *o->subject)
		error = som_buf_puts(&subject, o->subject);
	else
		error = first_line(&subject, item->n_versions ?
			item->versions[item->n_versions - 1].text : "");
	if (error)
		goto done;
	snprintf(today, sizeof(today), "%.10s", item->created ? item->created : r->now);
	secrecy = o->secrecy ? o->secrecy : c.secrecy;
	/* Secrecy belongs to the item: a new registration keeps its marking. */
	if (!secrecy) {
		int secret = 0;
		if ((error = som_secrecy_get(&secret, &item_secrecy, store, item_id)) != 0)
			goto done;
		secrecy = item_secrecy;
	}
	officer = o->officer ? o->officer : c.officer;
	pub_cp = counterparty;
	pub_subject = subject.ptr;
	if (secrecy) {
		/* OSL 5:2 second paragraph: the public forms leave out what is secret. */
		if ((error = som_buf_printf(&masked, "[masked: %s]", secrecy)) != 0)
			goto done;
		pub_cp = counterparty ? masked.ptr : NULL;
		pub_subject = o->public_subject && *o->public_subject ? o->public_subject : masked.ptr;
	}
	if (sqlite3_prepare_v2(store->db, "INSERT INTO registration(number, series_id, year, case_id, "
			"doc_seq, item_id, item_version, direction, date, counterparty, "
			"counterparty_protected, subject, subject_protected, secrecy, secrecy_date, "
			"secrecy_by, registrar, officer, class, classification_code, registered_at, "
			"status, corrects) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
			"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, 'valid', ?22)", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot register");
		goto done;
	}
	som_store__bind_text(st, 1, number.ptr);
	sqlite3_bind_int64(st, 2, case_id ? c.series.id : s.id);
	sqlite3_bind_int(st, 3, year);
	if (case_id) {
		sqlite3_bind_int64(st, 4, case_id);
		sqlite3_bind_int64(st, 5, doc);
	}
	sqlite3_bind_int64(st, 6, item_id);
	sqlite3_bind_int64(st, 7, version);
	som_store__bind_text(st, 8, direction);
	som_store__bind_text(st, 9, today);
	som_store__bind_text(st, 10, pub_cp);
	som_store__bind_text(st, 11, secrecy ? counterparty : NULL);
	som_store__bind_text(st, 12, pub_subject);
	som_store__bind_text(st, 13, secrecy ? subject.ptr : NULL);
	som_store__bind_text(st, 14, secrecy);
	if (secrecy) {
		char day[11];
		memcpy(day, r->now, 10);
		day[10] = '\0';
		som_store__bind_text(st, 15, day);
		som_store__bind_text(st, 16, som_store_actor(store));
	}
	som_store__bind_text(st, 17, som_store_actor(store));
	som_store__bind_text(st, 18, officer);
	som_store__bind_text(st, 19, som_class_name(cls));
	som_store__bind_text(st, 20, code.size ? code.ptr : NULL);
	som_store__bind_text(st, 21, r->now);
	if (corrects)
		sqlite3_bind_int64(st, 22, corrects);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot register");
		goto done;
	}
	r->ids[r->n_ids++] = sqlite3_last_insert_rowid(store->db);
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "number", number.ptr);
	som_json__kv_int(&w, "item", item_id);
	som_json__kv_int(&w, "item_version", version);
	som_json__kv_str(&w, "direction", direction);
	if (case_id)
		som_json__kv_str(&w, "case", c.number);
	if (secrecy)
		som_json__kv_str(&w, "secrecy", secrecy);
	if (corrects)
		som_json__kv_int(&w, "corrects", corrects);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "registration:%" PRId64, r->ids[r->n_ids - 1])) == 0)
		error = som_audit_append(store, "registration.add", target.ptr, details.ptr);
done:
	sqlite3_finalize(st);
	som_item_free(item);
	som_item_free(parent);
	som_classification_free(cl);
	som_registration_free(old);
	series_row_dispose(&s);
	case_row_dispose(&c);
	som_buf_dispose(&number);
	som_buf_dispose(&subject);
	som_buf_dispose(&code);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	som_buf_dispose(&masked);
	som__free(item_secrecy);
	return error;
}

/* Call `cb` with each registration made (after commit). */
static int report(som_store *store, const int64_t *ids, size_t n, som_registration_cb cb,
	void *payload)
{
	som_registration *reg = NULL;
	int error = 0;

	for (size_t i = 0; i < n && !error && cb; i++) {
		if ((error = registration_where(&reg, store, "r.id = ?1", ids[i], NULL,
				"registration vanished")) != 0)
			break;
		error = cb(reg, payload);
		som_registration_free(reg);
	}
	return error;
}

int som_register(som_store *store, const int64_t *item_ids, size_t n_items,
	const som_register_options *opts, som_registration_cb cb, void *payload)
{
	reg_run r;
	series_row s;
	int error;

	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	if ((error = som_store__need_writer(store, "register")) != 0)
		return error;
	if (n_items == 0)
		return som__error(SOM_EINVALID, "nothing to register: name an item");
	if (opts->case_number && opts->new_case)
		return som__error(SOM_EINVALID, "name a case or open a new one, not both");
	if (opts->new_case && (!opts->title || !*opts->title))
		return som__error(SOM_EINVALID, "a new case needs a title");
	if ((error = check_secrecy(opts->secrecy)) != 0)
		return error;
	if (!(r.ids = som__calloc(n_items, sizeof(*r.ids))))
		return SOM_ENOMEM;
	r.store = store;
	r.opts = opts;
	som__now(r.now);
	if (som_plan_current(&r.plan, store) != 0)
		som_error_clear();
	if ((error = som_store__begin(store)) != 0)
		goto done;
	if (opts->case_number) {
		som_case *c = NULL;
		if ((error = som_case_get(&c, store, opts->case_number)) != 0)
			goto done;
		r.case_id = c->id;
		som_case_free(c);
	} else if (opts->new_case) {
		const som_plan_route *route = r.plan ? som_plan_route_for(r.plan, SOM_CLASS_CASE) : NULL;
		const char *prefix = opts->series ? opts->series : route ? route->series : NULL;

		if (!prefix) {
			error = som__error(SOM_EINVALID, "which series is the new case in? (--series; "
				"the current plan has no route for class 'case')");
			goto done;
		}
		if ((error = series_find(&s, store, prefix, 1)) != 0 ||
		    (error = open_case_tx(&r.case_id, store, &s, opts->title, opts->officer,
				opts->secrecy, 0)) != 0)
			goto done;
	}
	for (size_t i = 0; i < n_items && !error; i++)
		error = register_one(&r, item_ids[i]);
	if (!error)
		error = som_store__commit(store);
	if (!error)
		error = report(store, r.ids, r.n_ids, cb, payload);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	series_row_dispose(&s);
	som_plan_free(r.plan);
	som__free(r.ids);
	return error;
}

int som_register_auto(int64_t *count_out, som_store *store, som_registration_cb cb,
	void *payload)
{
	som_register_options opts = SOM_REGISTER_OPTIONS_INIT;
	som_plan *plan = NULL;
	const som_plan_route *route;
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t n = 0, a = 0;
	int rc, error;

	*count_out = 0;
	if ((error = som_store__need_writer(store, "register")) != 0 ||
	    (error = som_plan_current(&plan, store)) != 0)
		return error;
	route = som_plan_route_for(plan, SOM_CLASS_IMPORTANT);
	if (!route || !route->auto_register) {
		error = som__error(SOM_EINVALID, "plan '%s' does not allow automatic registration "
			"(no route for class 'important' with auto=\"true\"): registration is a "
			"person's act", som_plan_version(plan));
		goto done;
	}
	if (sqlite3_prepare_v2(store->db, "SELECT c.item_id FROM classification c "
			"WHERE c.superseded = 0 AND c.class = 'important' AND NOT EXISTS "
			"(SELECT 1 FROM registration r WHERE r.item_id = c.item_id AND r.status = 'valid') "
			"ORDER BY c.item_id", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read classifications");
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == a) {
			int64_t *grown = som__realloc(ids, (a = a ? 2 * a : 64) * sizeof(*ids));
			if (!grown) {
				error = SOM_ENOMEM;
				goto done;
			}
			ids = grown;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot read classifications");
		goto done;
	}
	if (n && (error = som_register(store, ids, n, &opts, cb, payload)) == 0)
		*count_out = (int64_t)n;
done:
	sqlite3_finalize(st);
	som__free(ids);
	som_plan_free(plan);
	return error;
}

int som_registration_correct(som_store *store, const char *number, const char *reason)
{
	som_registration *reg = NULL;
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	if ((error = som_store__need_writer(store, "correct a registration")) != 0)
		return error;
	if (!reason || !*reason)
		return som__error(SOM_EINVALID, "a correction needs a reason");
	if ((error = som_store__begin(store)) != 0)
		return error;
	if ((error = som_registration_get(&reg, store, number)) != 0)
		goto done;
	if (strcmp(reg->status, "valid") != 0) {
		error = som__error(SOM_EINVALID, "registration '%s' is corrected already", reg->number);
		goto done;
	}
	if (sqlite3_prepare_v2(store->db, "UPDATE registration SET status = 'corrected' "
			"WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot correct a registration");
		goto done;
	}
	sqlite3_bind_int64(st, 1, reg->id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot correct a registration");
		goto done;
	}
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "number", reg->number);
	som_json__kv_int(&w, "item", reg->item_id);
	som_json__kv_str(&w, "reason", reason);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "registration:%" PRId64, reg->id)) == 0 &&
	    (error = som_audit_append(store, "registration.correct", target.ptr, details.ptr)) == 0)
		error = som_store__commit(store);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som_registration_free(reg);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

int som_secrecy_get(int *secret_out, char **provision_out, som_store *store,
	int64_t item_id)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	*secret_out = 0;
	if (provision_out)
		*provision_out = NULL;
	if (sqlite3_prepare_v2(store->db, "SELECT count(*), min(provision) FROM secrecy_now "
			"WHERE item_id = ?1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read secrecy");
	sqlite3_bind_int64(st, 1, item_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error = som_store__sqlerr(store, "cannot read secrecy");
		goto done;
	}
	*secret_out = sqlite3_column_int64(st, 0) > 0;
	if (provision_out)
		*provision_out = som_store__col_dup(st, 1, &error);
done:
	sqlite3_finalize(st);
	return error;
}

int som_secrecy_lift(som_store *store, int64_t item_id, const char *reason)
{
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char now[32], *provision = NULL;
	int secret = 0, error;

	if ((error = som_store__need_writer(store, "lift secrecy")) != 0)
		return error;
	if (!reason || !*reason)
		return som__error(SOM_EINVALID, "lifting secrecy needs a reason");
	if ((error = som_store__begin(store)) != 0)
		return error;
	if ((error = som_secrecy_get(&secret, &provision, store, item_id)) != 0)
		goto done;
	if (!secret) {
		error = som__error(SOM_EINVALID, "item %" PRId64 " is not under secrecy", item_id);
		goto done;
	}
	som__now(now);
	/* The lift covers what keeps the item secret now, nothing that comes later. */
	if (sqlite3_prepare_v2(store->db, "INSERT INTO secrecy_lift(item_id, registration_upto, "
			"classification_upto, time, actor, reason) VALUES(?1, "
			"(SELECT coalesce(max(id), 0) FROM registration WHERE item_id = ?1), "
			"(SELECT coalesce(max(id), 0) FROM classification WHERE item_id = ?1), "
			"?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot lift secrecy");
		goto done;
	}
	sqlite3_bind_int64(st, 1, item_id);
	som_store__bind_text(st, 2, now);
	som_store__bind_text(st, 3, som_store_actor(store));
	som_store__bind_text(st, 4, reason);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot lift secrecy");
		goto done;
	}
	som_json__obj_begin(&w, &details);
	som_json__kv_int(&w, "item", item_id);
	som_json__kv_str(&w, "secrecy", provision);
	som_json__kv_str(&w, "reason", reason);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "item:%" PRId64, item_id)) == 0 &&
	    (error = som_audit_append(store, "secrecy.lift", target.ptr, details.ptr)) == 0)
		error = som_store__commit(store);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som__free(provision);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

int som_registry_foreach(som_store *store, const som_registry_filter *filter,
	som_registration_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_registration *reg = NULL;
	som_buf canon = SOM_BUF_INIT;
	series_row s;
	int rc, error = 0;

	memset(&s, 0, sizeof(s));
	if (!filter || filter->version != SOM_REGISTRY_FILTER_VERSION)
		return som__error(SOM_EINVALID, "registry filter of an unknown version");
	if (filter->series && (error = series_find(&s, store, filter->series, 0)) != 0)
		return error;
	if (filter->case_number &&
	    (error = canonical_number(&canon, store, "registry_case", filter->case_number)) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, "SELECT " REG_COLUMNS
			"WHERE (?1 IS NULL OR s.prefix = ?1) AND (?2 IS NULL OR c.number = ?2) "
			"AND (?3 IS NULL OR substr(r.registered_at, 1, 10) >= ?3) "
			"AND (?4 IS NULL OR substr(r.registered_at, 1, 10) <= ?4) ORDER BY r.id",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read registrations");
		goto done;
	}
	som_store__bind_text(st, 1, filter->series);
	som_store__bind_text(st, 2, filter->case_number ? canon.ptr : NULL);
	som_store__bind_text(st, 3, filter->from);
	som_store__bind_text(st, 4, filter->to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((error = row_to_registration(&reg, st)) != 0)
			break;
		if (!filter->public_view || (error = make_public(reg)) == 0)
			error = cb(reg, payload);
		som_registration_free(reg);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read registrations");
done:
	sqlite3_finalize(st);
	series_row_dispose(&s);
	som_buf_dispose(&canon);
	return error;
}
