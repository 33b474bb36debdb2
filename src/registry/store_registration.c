/*
 * Registrations in the store as they are read: one by number or by item,
 * the registry extract (diarieutdrag) in registration order, each in its
 * public form where asked (OSL 5:2), and corrections (felregistrerad).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "registry/registry.h"
#include "registry/store_registry.h"
#include "somarkiv/audit.h"
#include "somarkiv/search.h"

#define REG_COLUMNS "r.id, r.number, s.prefix, r.year, c.number, r.doc_seq, r.item_id, " \
	"r.item_version, r.direction, r.date, r.counterparty, r.counterparty_protected, " \
	"r.subject, r.subject_protected, r.secrecy, r.secrecy_date, r.secrecy_by, r.registrar, " \
	"r.officer, r.class, r.classification_code, r.registered_at, r.status, r.corrects, " \
	SOM_REGISTRY__SECRET_SQL("r.item_id") ", " SOM_REGISTRY__SECRECY_SQL("r.item_id") ", " \
	"r.no_secrecy_reason, r.written_off, r.write_off_reason, c.close_how, c.closed_date " \
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
	som__free(r->no_secrecy_reason);
	som__free(r->written_off);
	som__free(r->write_off_reason);
	som__free(r->case_close_how);
	som__free(r->case_closed_date);
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
	r->no_secrecy_reason = som_store__col_dup(st, 26, &error);
	r->written_off = som_store__col_dup(st, 27, &error);
	r->write_off_reason = som_store__col_dup(st, 28, &error);
	r->case_close_how = som_store__col_dup(st, 29, &error);
	r->case_closed_date = som_store__col_dup(st, 30, &error);
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
	som_buf cp_buf;       /* the forms with personal identity numbers masked */
	som_buf subject_buf;
} reg_public;

static void reg_public_dispose(reg_public *p)
{
	som_buf_dispose(&p->cp_buf);
	som_buf_dispose(&p->subject_buf);
}

/* The fields the public may see; dispose of `out` afterwards. */
static int public_fields(reg_public *out, const som_registration *r)
{
	const char *provision = r->secrecy_now ? r->secrecy_now : r->secrecy;
	int error = 0;

	memset(out, 0, sizeof(*out));
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
	/* No personnummer or samordningsnummer in any public field. */
	out->counterparty = som_registry__public_text(&out->cp_buf, out->counterparty, &error);
	out->subject = som_registry__public_text(&out->subject_buf, out->subject, &error);
	return error;
}

/* Turn `r` into its public form in place. */
static int make_public(som_registration *r)
{
	reg_public pub;
	char *cp = NULL, *subject = NULL;

	if (r->public_view)
		return 0;
	if (public_fields(&pub, r) != 0 ||
	    (pub.counterparty && !(cp = som__strdup(pub.counterparty))) ||
	    (pub.subject && !(subject = som__strdup(pub.subject)))) {
		som__free(cp);
		reg_public_dispose(&pub);
		return SOM_ENOMEM;
	}
	reg_public_dispose(&pub);
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
	int error;

	if ((error = public_fields(&pub, r)) != 0) {
		reg_public_dispose(&pub);
		return error;
	}
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
	if (r->written_off) {
		som_json__kv_str(&w, "written_off", r->written_off);
		som_json__kv_str(&w, "write_off_reason", r->write_off_reason);
	}
	if (r->case_close_how) {
		som_json__kv_str(&w, "case_close_how", r->case_close_how);
		som_json__kv_str(&w, "case_closed_date", r->case_closed_date);
	}
	if (r->no_secrecy_reason && !public_view)
		som_json__kv_str(&w, "no_secrecy_reason", r->no_secrecy_reason);
	som_json__kv_bool(&w, "secret", r->secret);
	if (r->secret && !public_view)
		som_json__kv_str(&w, "secrecy_now", r->secrecy_now);
	error = som_json__obj_end(&w);
	reg_public_dispose(&pub);
	return error;
}

int som_registry__registration_where(som_registration **out, som_store *store,
	const char *where, int64_t id, const char *text, const char *missing)
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
	if ((error = som_registry__canonical_number(&canon, store, "registration", number)) == 0 &&
	    (error = som_buf_printf(&msg, "no registration '%s' in the registry", number)) == 0)
		error = som_registry__registration_where(out, store, "r.number = ?1", 0, canon.ptr, msg.ptr);
	som_buf_dispose(&canon);
	som_buf_dispose(&msg);
	return error;
}

int som_registration_for_item(som_registration **out, som_store *store, int64_t item_id)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "item %" PRId64 " is not registered", item_id);
	return som_registry__registration_where(out, store,
		"r.item_id = ?1 AND r.status = 'valid'", item_id, NULL, msg);
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

/*
 * A registration with a number of its own, valid, in the writer's open
 * transaction; SOM_EINVALID naming `what` otherwise.
 */
static int own_number(som_registration **out, som_store *store, const char *number,
	const char *what)
{
	int error;

	if ((error = som_registration_get(out, store, number)) != 0)
		return error;
	if (strcmp((*out)->status, "valid") != 0)
		return som__error(SOM_EINVALID, "registration '%s' is felregistrerad: it cannot be %s",
			(*out)->number, what);
	if ((*out)->case_number)
		return som__error(SOM_EINVALID, "registration '%s' is in case '%s' already: only "
			"one with a number of its own can be %s", (*out)->number, (*out)->case_number,
			what);
	if ((*out)->written_off)
		return som__error(SOM_EINVALID, "registration '%s' was written off on %s",
			(*out)->number, (*out)->written_off);
	return 0;
}

/* Run `sql` (?1 the registration, ?2 to ?4 its new values) and audit it. */
static int change_registration(som_store *store, const som_registration *reg, const char *sql,
	int64_t v2, const char *v3, const char *v4, const char *action, const char *details)
{
	sqlite3_stmt *st = NULL;
	som_buf target = SOM_BUF_INIT;
	int error = 0;

	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot change a registration");
	sqlite3_bind_int64(st, 1, reg->id);
	sqlite3_bind_int64(st, 2, v2);
	som_store__bind_text(st, 3, v3);
	som_store__bind_text(st, 4, v4);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot change a registration");
	sqlite3_finalize(st);
	if (!error && (error = som_buf_printf(&target, "registration:%" PRId64, reg->id)) == 0)
		error = som_audit_append(store, action, target.ptr, details);
	som_buf_dispose(&target);
	return error;
}

int som_registration_join(som_store *store, const char *number, const char *case_number)
{
	som_registration *reg = NULL;
	som_case *c = NULL;
	som_buf details = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	if ((error = som_store__need_writer(store, "put a registration in a case")) != 0 ||
	    (error = som_store__begin(store)) != 0)
		return error;
	if ((error = own_number(&reg, store, number, "put in a case")) != 0 ||
	    (error = som_case_get(&c, store, case_number)) != 0)
		goto done;
	if (strcmp(c->status, "open") != 0) {
		error = som__error(SOM_EINVALID, "case '%s' is closed (reopen it first)", c->number);
		goto done;
	}
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "number", reg->number);
	som_json__kv_str(&w, "case", c->number);
	/* It keeps its number: a number is never reused nor changed. */
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = change_registration(store, reg, "UPDATE registration SET case_id = ?2 "
			"WHERE id = ?1 AND ?3 IS NULL AND ?4 IS NULL", c->id, NULL, NULL,
			"registration.join", details.ptr)) == 0)
		error = som_store__commit(store);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	som_registration_free(reg);
	som_case_free(c);
	som_buf_dispose(&details);
	return error;
}

int som_registration_write_off(som_store *store, const char *number, const char *date,
	const char *reason)
{
	som_registration *reg = NULL;
	som_buf details = SOM_BUF_INIT;
	som_json_writer w;
	char day[11];
	int error;

	if ((error = som_store__need_writer(store, "write off a registration")) != 0)
		return error;
	if (!reason || !*reason)
		return som__error(SOM_EINVALID, "writing off (avskrivning) needs a reason");
	if ((error = som_registry__check_date(day, date)) != 0 ||
	    (error = som_store__begin(store)) != 0)
		return error;
	if ((error = own_number(&reg, store, number, "written off")) != 0)
		goto done;
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "number", reg->number);
	som_json__kv_str(&w, "date", day);
	som_json__kv_str(&w, "reason", reason);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = change_registration(store, reg, "UPDATE registration SET written_off = ?3, "
			"write_off_reason = ?4 WHERE id = ?1 AND ?2 = 0", 0, day, reason,
			"registration.write-off", details.ptr)) == 0)
		error = som_store__commit(store);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	som_registration_free(reg);
	som_buf_dispose(&details);
	return error;
}

int som_registry_foreach(som_store *store, const som_registry_filter *filter,
	som_registration_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_registration *reg = NULL;
	som_buf canon = SOM_BUF_INIT;
	som_registry__series s;
	char from[32] = "", to[32] = "";
	int rc, error = 0;

	memset(&s, 0, sizeof(s));
	if (!filter || filter->version != SOM_REGISTRY_FILTER_VERSION)
		return som__error(SOM_EINVALID, "registry filter of an unknown version");
	/* Registered on Swedish dates: the days' bounds in UTC, as registered_at is kept. */
	if ((filter->from && (error = som__date_local_start(from, filter->from, 0)) != 0) ||
	    (filter->to && (error = som__date_local_start(to, filter->to, 1)) != 0))
		return error;
	if (filter->series && (error = som_registry__series_find(&s, store, filter->series, 0)) != 0)
		return error;
	if (filter->case_number &&
	    (error = som_registry__canonical_number(&canon, store, "registry_case",
			filter->case_number)) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, "SELECT " REG_COLUMNS
			"WHERE (?1 IS NULL OR s.prefix = ?1) AND (?2 IS NULL OR c.number = ?2) "
			"AND (?3 IS NULL OR r.registered_at >= ?3) "
			"AND (?4 IS NULL OR r.registered_at < ?4) "
			"AND (?5 IS NULL OR r.classification_code = ?5 "
			"OR substr(r.classification_code, 1, length(?5) + 1) = ?5 || '.') ORDER BY r.id",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read registrations");
		goto done;
	}
	som_store__bind_text(st, 1, filter->series);
	som_store__bind_text(st, 2, filter->case_number ? canon.ptr : NULL);
	som_store__bind_text(st, 3, *from ? from : NULL);
	som_store__bind_text(st, 4, *to ? to : NULL);
	som_store__bind_text(st, 5, filter->process);
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
	som_registry__series_dispose(&s);
	som_buf_dispose(&canon);
	return error;
}
