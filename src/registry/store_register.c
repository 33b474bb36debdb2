/*
 * Registering items (diarieföring): each item of a run in one transaction,
 * into the case named or opened or where the current plan's route sends
 * its class, with what OSL 5 kap. 2 § asks for; and --auto where the plan
 * allows it.
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
#include "somarkiv/classify.h"
#include "somarkiv/item.h"

/* A registration run: one transaction over its items. */
typedef struct reg_run {
	som_store *store;
	const som_register_options *opts;
	som_plan *plan;          /* the current plan, NULL when none */
	int64_t case_id;         /* the case named or opened, 0: by route */
	int64_t *ids;            /* registrations made */
	size_t n_ids;
	char now[32];
	char secrecy[48];        /* the provision given, canonical; "" when none */
} reg_run;

/* The case a registration goes into: series, year, seq, status, secrecy, officer. */
typedef struct case_row {
	int64_t id;
	som_registry__series series;
	int year;
	int64_t seq;
	char *number;
	char *status;
	char *secrecy;
	char *officer;
	char *process;
} case_row;

static void case_row_dispose(case_row *c)
{
	som_registry__series_dispose(&c->series);
	som__free(c->number);
	som__free(c->status);
	som__free(c->secrecy);
	som__free(c->officer);
	som__free(c->process);
	memset(c, 0, sizeof(*c));
}

static int case_row_get(case_row *out, som_store *store, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(store->db, "SELECT c.id, s.id, s.prefix, s.format, c.year, c.seq, "
			"c.number, c.status, c.secrecy, c.officer, c.classification_code FROM registry_case c "
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
		out->process = som_store__col_dup(st, 10, &error);
	} else {
		error = som__error(SOM_ENOTFOUND, "no case %" PRId64, id);
	}
	if (error)
		case_row_dispose(out);
	sqlite3_finalize(st);
	return error;
}

/* The year's collective case of a series, opened when first needed. */
static int collective_case(int64_t *out, reg_run *r, const som_registry__series *s,
	const char *process)
{
	sqlite3_stmt *st = NULL;
	som_buf title = SOM_BUF_INIT;
	int year = som_registry__year_of(r->now), error = 0;

	if (sqlite3_prepare_v2(r->store->db, "SELECT id FROM registry_case WHERE series_id = ?1 "
			"AND year = ?2 AND collective = 1 ORDER BY id LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(r->store, "cannot read cases");
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if ((error = som_buf_printf(&title, "Samlingsärende %d: sociala medier "
			"(collective case, social media)", year)) == 0)
		error = som_registry__open_case(out, r->store, s, title.ptr, NULL, NULL, process, 1);
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

/* One item being registered: what each step finds, for the steps after it. */
typedef struct reg_item {
	int64_t item_id;
	som_item *item;
	int64_t corrects;         /* the corrected registration it replaces, 0: none */
	int cls;                  /* its class, SOM_CLASS_NONE when unclassified */
	unsigned int flags;       /* its current flags */
	const som_plan_route *route;  /* the plan's route for its class, NULL when none */
	const char *process;      /* its process code (klassificeringsstruktur) */
	int64_t case_id;          /* the case it goes into, 0: a number of its own */
	som_registry__series s;   /* the series of a number of its own */
	case_row c;               /* the case it goes into */
	int64_t doc;              /* its document number in the case */
	int year;
	som_buf number;
	int64_t version;          /* the version registered */
	const char *direction;
	const char *counterparty;
	som_item *parent;         /* the item a dispatched reply answers */
	som_buf subject;
	char date[11];
	const char *secrecy;
	char *item_secrecy;       /* the marking the item is under already */
	const char *officer;
	som_buf masked;
	const char *pub_cp;       /* the public forms (OSL 5:2 second paragraph) */
	const char *pub_subject;
	int64_t id;               /* the registration made */
} reg_item;

static void reg_item_dispose(reg_item *x)
{
	som_item_free(x->item);
	som_item_free(x->parent);
	som_registry__series_dispose(&x->s);
	case_row_dispose(&x->c);
	som_buf_dispose(&x->number);
	som_buf_dispose(&x->subject);
	som_buf_dispose(&x->masked);
	som__free(x->item_secrecy);
}

/* The item, not validly registered yet; the corrected registration it replaces. */
static int load_item(reg_run *r, reg_item *x)
{
	som_registration *old = NULL;
	char ref[32];
	int error;

	snprintf(ref, sizeof(ref), "%" PRId64, x->item_id);
	if ((error = som_item_lookup(&x->item, r->store, ref)) != 0)
		return error;
	error = som_registration_for_item(&old, r->store, x->item_id);
	if (error == 0) {
		error = som__error(SOM_EEXISTS, "item %" PRId64 " is registered already as '%s'",
			x->item_id, old->number);
		som_registration_free(old);
		return error;
	}
	if (error != SOM_ENOTFOUND)
		return error;
	som_error_clear();
	return count_where(&x->corrects, r->store, "SELECT coalesce(max(id), 0) FROM registration "
		"WHERE item_id = ?1 AND status = 'corrected'", x->item_id);
}

/* Its current class and flags, and the plan's route for its class. */
static int load_class(reg_run *r, reg_item *x)
{
	som_classification *cl = NULL;
	int error;

	x->cls = SOM_CLASS_NONE;
	error = som_classification_get(&cl, r->store, x->item_id);
	if (error == SOM_ENOTFOUND)
		som_error_clear();
	else if (error)
		return error;
	if (cl) {
		x->cls = cl->cls;
		x->flags = cl->flags;
	}
	som_classification_free(cl);
	x->route = r->plan ? som_plan_route_for(r->plan,
		x->cls == SOM_CLASS_CASE ? SOM_CLASS_CASE : SOM_CLASS_IMPORTANT) : NULL;
	return 0;
}

/* Where it goes: the case named or opened, else the plan's route. */
static int find_destination(reg_run *r, reg_item *x)
{
	const som_register_options *o = r->opts;
	const som_plan_route *route;
	int route_cls = x->cls == SOM_CLASS_CASE ? SOM_CLASS_CASE : SOM_CLASS_IMPORTANT;
	int error;

	x->case_id = r->case_id;
	if (x->case_id)
		return 0;
	if (x->cls == SOM_CLASS_CASE)
		return som__error(SOM_EINVALID, "item %" PRId64 " is of class 'case': name its "
			"case (--case NUMBER) or open one (--new-case)", x->item_id);
	route = r->plan ? som_plan_route_for(r->plan, route_cls) : NULL;
	if (!route && !o->series)
		return som__error(SOM_EINVALID, "no registration route for class '%s' in %s: "
			"name a case (--case NUMBER) or a series (--series)", som_class_name(route_cls),
			r->plan ? "the current plan" : "the store (no plan in use)");
	if ((error = som_registry__series_find(&x->s, r->store, o->series ? o->series :
			route->series, 1)) != 0)
		return error;
	if (route && route->collective && !o->series)
		return collective_case(&x->case_id, r, &x->s, route->process);
	return 0;
}

/* Its process: the one given, else its case's, else (without a case) the route's. */
static int choose_process(reg_run *r, reg_item *x)
{
	if (r->opts->process)
		x->process = r->opts->process;
	else if (x->case_id)
		x->process = x->c.process;
	else
		x->process = x->route ? x->route->process : NULL;
	return 0;
}

/* Its number: the next document of an open case, or the series' next number. */
static int take_number(reg_run *r, reg_item *x)
{
	int64_t seq = 0;
	int error;

	if (x->case_id) {
		if ((error = case_row_get(&x->c, r->store, x->case_id)) != 0)
			return error;
		if (strcmp(x->c.status, "open") != 0)
			return som__error(SOM_EINVALID, "case '%s' is closed (reopen it first)",
				x->c.number);
		x->year = x->c.year;
		if ((error = count_where(&x->doc, r->store, "SELECT coalesce(max(doc_seq), 0) + 1 "
				"FROM registration WHERE case_id = ?1", x->case_id)) != 0)
			return error;
		return som_registry_number_render(&x->number, x->c.series.format,
			x->c.series.prefix, x->c.year, x->c.seq, x->doc);
	}
	x->year = som_registry__year_of(r->now);
	if ((error = som_registry__next_seq(&seq, r->store, x->s.id, x->year)) != 0)
		return error;
	return som_registry_number_render(&x->number, x->s.format, x->s.prefix, x->year, seq, 0);
}

/* OSL 5:2: date, direction, counterparty, what it concerns, and its secrecy. */
static int osl_fields(reg_run *r, reg_item *x)
{
	const som_register_options *o = r->opts;
	const som_item *item = x->item;
	int is_message = item->kind && strcmp(item->kind, "message") == 0;
	char ref[32];
	int secret = 0, error;

	/* The body's answers and its own direct messages go to someone: dispatched. */
	if (item->by_account && (is_message || (item->parent_platform_id &&
	    !(item->kind && strcmp(item->kind, "share") == 0))))
		x->direction = SOM_DIRECTION_DISPATCHED;
	else if (item->by_account)
		x->direction = SOM_DIRECTION_DRAWN_UP;
	else
		x->direction = SOM_DIRECTION_RECEIVED;
	if (o->counterparty)
		x->counterparty = o->counterparty;
	else if (!item->by_account)
		x->counterparty = item->author_name ? item->author_name : item->author_id;
	else if (item->parent_id) {
		snprintf(ref, sizeof(ref), "%" PRId64, item->parent_id);
		if (som_item_lookup(&x->parent, r->store, ref) == 0)
			x->counterparty = x->parent->author_name ? x->parent->author_name :
				x->parent->author_id;
		som_error_clear();
	}
	/* A message the body sent names its recipient (OSL 5:2): never an empty one. */
	if (item->by_account && is_message && (!x->counterparty || !*x->counterparty))
		return som__error(SOM_EINVALID, "item %" PRId64 " is a direct message the account "
			"sent, and the export does not name its recipient: give it (--counterparty NAME)",
			x->item_id);
	x->version = item->n_versions ? item->versions[item->n_versions - 1].seq : 1;
	/* An ärendemening, never the text: it may name people or their health. */
	if (o->subject && *o->subject)
		error = som_buf_puts(&x->subject, o->subject);
	else
		error = som_registry__default_subject(&x->subject, r->plan, x->cls, item->kind,
			item->platform, item->n_versions ? item->versions[item->n_versions - 1].text : "");
	if (error)
		return error;
	/* Received or drawn up on the Swedish date (OSL 5:2), not the UTC one. */
	if ((error = som_date_local(x->date, item->created ? item->created : r->now)) != 0)
		return error;
	x->secrecy = *r->secrecy ? r->secrecy : x->c.secrecy;
	/* Secrecy belongs to the item: a new registration keeps its marking. */
	if (!x->secrecy) {
		if ((error = som_secrecy_get(&secret, &x->item_secrecy, r->store, x->item_id)) != 0)
			return error;
		x->secrecy = x->item_secrecy;
	}
	x->officer = o->officer ? o->officer : x->c.officer;
	x->pub_cp = x->counterparty;
	x->pub_subject = x->subject.ptr;
	if (x->secrecy) {
		/* OSL 5:2 second paragraph: the public forms leave out what is secret. */
		if ((error = som_buf_printf(&x->masked, "[masked: %s]", x->secrecy)) != 0)
			return error;
		x->pub_cp = x->counterparty ? x->masked.ptr : NULL;
		x->pub_subject = o->public_subject && *o->public_subject ? o->public_subject :
			x->masked.ptr;
	}
	return 0;
}

/*
 * An item flagged secrecy or personal-data is registered with a secrecy
 * marking, or without one by the registrar's recorded decision.
 */
static int check_flags(reg_run *r, reg_item *x)
{
	unsigned int flagged = x->flags & (SOM_FLAG_SECRECY | SOM_FLAG_PERSONAL_DATA);

	if (r->opts->no_secrecy && x->secrecy)
		return som__error(SOM_EINVALID, "item %" PRId64 " is under secrecy (%s): lift it "
			"first ('somarkiv registry lift-secrecy') or register it with its marking",
			x->item_id, x->secrecy);
	if (!flagged || x->secrecy || r->opts->no_secrecy)
		return 0;
	return som__error(SOM_EINVALID, "item %" PRId64 " is flagged '%s': register it with "
		"--secrecy PROVISION (e.g. '21 kap. 1 § OSL'), or with --no-secrecy --reason TEXT "
		"when no secrecy applies", x->item_id,
		som_flag_name(flagged & SOM_FLAG_SECRECY ? SOM_FLAG_SECRECY : SOM_FLAG_PERSONAL_DATA));
}

static int insert_registration(reg_run *r, reg_item *x)
{
	som_store *store = r->store;
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(store->db, "INSERT INTO registration(number, series_id, year, case_id, "
			"doc_seq, item_id, item_version, direction, date, counterparty, "
			"counterparty_protected, subject, subject_protected, secrecy, secrecy_date, "
			"secrecy_by, registrar, officer, class, classification_code, registered_at, "
			"status, corrects, no_secrecy_reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			"?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, 'valid', ?22, ?23)",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot register");
	som_store__bind_text(st, 1, x->number.ptr);
	sqlite3_bind_int64(st, 2, x->case_id ? x->c.series.id : x->s.id);
	sqlite3_bind_int(st, 3, x->year);
	if (x->case_id) {
		sqlite3_bind_int64(st, 4, x->case_id);
		sqlite3_bind_int64(st, 5, x->doc);
	}
	sqlite3_bind_int64(st, 6, x->item_id);
	sqlite3_bind_int64(st, 7, x->version);
	som_store__bind_text(st, 8, x->direction);
	som_store__bind_text(st, 9, x->date);
	som_store__bind_text(st, 10, x->pub_cp);
	som_store__bind_text(st, 11, x->secrecy ? x->counterparty : NULL);
	som_store__bind_text(st, 12, x->pub_subject);
	som_store__bind_text(st, 13, x->secrecy ? x->subject.ptr : NULL);
	som_store__bind_text(st, 14, x->secrecy);
	if (x->secrecy) {
		char day[11];
		som__today_local(day);
		som_store__bind_text(st, 15, day);
		som_store__bind_text(st, 16, som_store_actor(store));
	}
	som_store__bind_text(st, 17, som_store_actor(store));
	som_store__bind_text(st, 18, x->officer);
	som_store__bind_text(st, 19, som_class_name(x->cls));
	som_store__bind_text(st, 20, x->process);
	som_store__bind_text(st, 21, r->now);
	if (x->corrects)
		sqlite3_bind_int64(st, 22, x->corrects);
	som_store__bind_text(st, 23, r->opts->no_secrecy);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot register");
	else
		x->id = sqlite3_last_insert_rowid(store->db);
	sqlite3_finalize(st);
	return error;
}

static int audit_registration(reg_run *r, const reg_item *x)
{
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "number", x->number.ptr);
	som_json__kv_int(&w, "item", x->item_id);
	som_json__kv_int(&w, "item_version", x->version);
	som_json__kv_str(&w, "direction", x->direction);
	if (x->case_id)
		som_json__kv_str(&w, "case", x->c.number);
	if (x->secrecy)
		som_json__kv_str(&w, "secrecy", x->secrecy);
	if (r->opts->no_secrecy)
		som_json__kv_str(&w, "no_secrecy", r->opts->no_secrecy);
	if (x->process)
		som_json__kv_str(&w, "classification_code", x->process);
	if (x->corrects)
		som_json__kv_int(&w, "corrects", x->corrects);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "registration:%" PRId64, x->id)) == 0)
		error = som_audit_append(r->store, "registration.add", target.ptr, details.ptr);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

/* Register one item in the run's transaction. */
static int register_one(reg_run *r, int64_t item_id)
{
	reg_item x;
	int error;

	memset(&x, 0, sizeof(x));
	x.item_id = item_id;
	if ((error = load_item(r, &x)) == 0 &&
	    (error = load_class(r, &x)) == 0 &&
	    (error = find_destination(r, &x)) == 0 &&
	    (error = take_number(r, &x)) == 0 &&
	    (error = choose_process(r, &x)) == 0 &&
	    (error = osl_fields(r, &x)) == 0 &&
	    (error = check_flags(r, &x)) == 0 &&
	    (error = insert_registration(r, &x)) == 0 &&
	    (error = audit_registration(r, &x)) == 0)
		r->ids[r->n_ids++] = x.id;
	reg_item_dispose(&x);
	return error;
}

/* Call `cb` with each registration made (after commit). */
static int report(som_store *store, const int64_t *ids, size_t n, som_registration_cb cb,
	void *payload)
{
	som_registration *reg = NULL;
	int error = 0;

	for (size_t i = 0; i < n && !error && cb; i++) {
		if ((error = som_registry__registration_where(&reg, store, "r.id = ?1", ids[i], NULL,
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
	som_registry__series s;
	int error;

	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	if (!opts || opts->version != SOM_REGISTER_OPTIONS_VERSION)
		return som__error(SOM_EINVALID, "register options of an unknown version");
	if ((error = som_store__need_writer(store, "register")) != 0)
		return error;
	if (n_items == 0)
		return som__error(SOM_EINVALID, "nothing to register: name an item");
	if (opts->no_secrecy && (opts->secrecy || !*opts->no_secrecy))
		return som__error(SOM_EINVALID, opts->secrecy ? "a registration is secret or not: "
			"--secrecy or --no-secrecy, not both" : "--no-secrecy needs the reason");
	if (opts->case_number && opts->new_case)
		return som__error(SOM_EINVALID, "name a case or open a new one, not both");
	if (opts->new_case && (!opts->title || !*opts->title))
		return som__error(SOM_EINVALID, "a new case needs a title");
	if ((error = som_registry__check_secrecy(r.secrecy, opts->secrecy)) != 0)
		return error;
	if (!(r.ids = som__calloc(n_items, sizeof(*r.ids))))
		return SOM_ENOMEM;
	r.store = store;
	r.opts = opts;
	som__now(r.now);
	if (som_plan_current(&r.plan, store) != 0)
		som_error_clear();
	if ((error = som_registry__check_process(NULL, r.plan, opts->process)) != 0 ||
	    (error = som_store__begin(store)) != 0)
		goto done;
	if (opts->case_number) {
		som_case *c = NULL;
		if ((error = som_case_get(&c, store, opts->case_number)) != 0)
			goto done;
		r.case_id = c->id;
		som_case_free(c);
	} else if (opts->new_case) {
		const som_plan_route *route = r.plan ? som_plan_route_for(r.plan, SOM_CLASS_CASE) : NULL;
		const char *prefix = opts->series;

		if ((error = som_registry__check_process(&prefix, r.plan, opts->process)) != 0)
			goto done;
		if (!prefix && route)
			prefix = route->series;
		if (!prefix) {
			error = som__error(SOM_EINVALID, "which series is the new case in? (--series; "
				"the current plan has no route for class 'case')");
			goto done;
		}
		if ((error = som_registry__series_find(&s, store, prefix, 1)) != 0 ||
		    (error = som_registry__open_case(&r.case_id, store, &s, opts->title,
				opts->officer, *r.secrecy ? r.secrecy : NULL, opts->process, 0)) != 0)
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
	som_registry__series_dispose(&s);
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
			"WHERE c.superseded = 0 AND c.class = 'important' "
			/* A flagged item needs a person's decision on its secrecy. */
			"AND NOT instr(',' || c.flags || ',', ',secrecy,') "
			"AND NOT instr(',' || c.flags || ',', ',personal-data,') AND NOT EXISTS "
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
