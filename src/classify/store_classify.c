/*
 * Classifications in the store: automatic runs under the current plan,
 * a person's decisions, the history of both (superseded, never deleted),
 * and the list of what needs a person. A person's decision is never
 * superseded by an automatic run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "plan/plan.h"
#include "store/store.h"
#include "somarkiv/audit.h"

/* Items are classified in batches read before any row is written. */
#define BATCH 512

void som_classification_free(som_classification *c)
{
	if (!c)
		return;
	som__free(c->plan_version);
	som__free(c->actor);
	som__free(c->reason);
	som__free(c->time);
	som__free(c->explanation);
	som__free(c);
}

#define CLASSIFICATION_COLUMNS "c.id, c.item_id, c.plan_id, p.version, c.item_version, " \
	"c.class, c.flags, c.review, c.resolved, c.by_person, c.actor, c.reason, c.time, " \
	"c.explanation, c.superseded"

/* Fill `c` from a row of CLASSIFICATION_COLUMNS (strings owned by `c`). */
static int row_to_classification(som_classification *c, sqlite3_stmt *st)
{
	int error = 0;

	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->item_id = sqlite3_column_int64(st, 1);
	c->plan_id = sqlite3_column_int64(st, 2);
	c->plan_version = som_store__col_dup(st, 3, &error);
	c->item_version = sqlite3_column_int64(st, 4);
	c->cls = som_class_parse((const char *)sqlite3_column_text(st, 5));
	if (som_flags_parse(&c->flags, (const char *)sqlite3_column_text(st, 6)) != 0)
		c->flags = 0;
	c->review = sqlite3_column_int(st, 7);
	c->resolved = sqlite3_column_int(st, 8);
	c->by_person = sqlite3_column_int(st, 9);
	c->actor = som_store__col_dup(st, 10, &error);
	c->reason = som_store__col_dup(st, 11, &error);
	c->time = som_store__col_dup(st, 12, &error);
	c->explanation = som_store__col_dup(st, 13, &error);
	c->superseded = sqlite3_column_int(st, 14);
	return error;
}

static void dispose_classification(som_classification *c)
{
	som__free(c->plan_version);
	som__free(c->actor);
	som__free(c->reason);
	som__free(c->time);
	som__free(c->explanation);
	memset(c, 0, sizeof(*c));
}

int som_classification_get(som_classification **out, som_store *store, int64_t item_id)
{
	sqlite3_stmt *st = NULL;
	som_classification *c = NULL;
	int rc, error = 0;

	*out = NULL;
	if (sqlite3_prepare_v2(store->db, "SELECT " CLASSIFICATION_COLUMNS
			" FROM classification c LEFT JOIN plan p ON p.id = c.plan_id "
			"WHERE c.item_id = ?1 AND c.superseded = 0", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read classifications");
	sqlite3_bind_int64(st, 1, item_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (!(c = som__calloc(1, sizeof(*c))))
			error = SOM_ENOMEM;
		else if ((error = row_to_classification(c, st)) == 0)
			*out = c;
	} else if (rc == SQLITE_DONE) {
		error = som__error(SOM_ENOTFOUND, "item %lld is not classified", (long long)item_id);
	} else {
		error = som_store__sqlerr(store, "cannot read classifications");
	}
	if (error)
		som_classification_free(c);
	sqlite3_finalize(st);
	return error;
}

int som_classification_history(som_store *store, int64_t item_id,
	som_classification_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_classification c;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT " CLASSIFICATION_COLUMNS
			" FROM classification c LEFT JOIN plan p ON p.id = c.plan_id "
			"WHERE c.item_id = ?1 ORDER BY c.id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read classifications");
	sqlite3_bind_int64(st, 1, item_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		error = row_to_classification(&c, st);
		if (!error)
			error = cb(&c, payload);
		dispose_classification(&c);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read classifications");
	sqlite3_finalize(st);
	return error;
}

/* One item of a batch, with its current classification when it has one. */
typedef struct work {
	int64_t item_id;
	int64_t version;
	int by_account;
	char *kind;
	char *parent;
	char *text;
	int64_t old_id;          /* 0: unclassified */
	int old_by_person;
	int64_t old_plan;
	int64_t old_version;
	char *old_class;
	char *old_flags;
	int old_review;
	char *old_explanation;
} work;

static void work_dispose(work *w)
{
	som__free(w->kind);
	som__free(w->parent);
	som__free(w->text);
	som__free(w->old_class);
	som__free(w->old_flags);
	som__free(w->old_explanation);
	memset(w, 0, sizeof(*w));
}

/* Read the next batch of items after `after` into `ws`; `n` gets how many. */
static int read_batch(som_store *store, sqlite3_stmt *st, int64_t after, work *ws,
	size_t *n)
{
	int rc, error = 0;

	*n = 0;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, BATCH);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		work *w = &ws[(*n)++];
		memset(w, 0, sizeof(*w));
		w->item_id = sqlite3_column_int64(st, 0);
		w->kind = som_store__col_dup(st, 1, &error);
		w->by_account = sqlite3_column_int(st, 2);
		w->parent = som_store__col_dup(st, 3, &error);
		w->version = sqlite3_column_int64(st, 4);
		w->text = som_store__col_dup(st, 5, &error);
		w->old_id = sqlite3_column_int64(st, 6);
		w->old_by_person = sqlite3_column_int(st, 7);
		w->old_version = sqlite3_column_int64(st, 8);
		w->old_plan = sqlite3_column_int64(st, 9);
		w->old_class = som_store__col_dup(st, 10, &error);
		w->old_flags = som_store__col_dup(st, 11, &error);
		w->old_review = sqlite3_column_int(st, 12);
		w->old_explanation = som_store__col_dup(st, 13, &error);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = som_store__sqlerr(store, "cannot read items to classify");
	sqlite3_reset(st);
	return error;
}

typedef struct run {
	som_store *store;
	const som_plan *plan;
	sqlite3_stmt *supersede;
	sqlite3_stmt *insert;
	som_classify_stats *stats;
	int all;
	char now[32];
} run;

static int supersede(run *r, int64_t id)
{
	int rc;

	sqlite3_reset(r->supersede);
	sqlite3_bind_int64(r->supersede, 1, id);
	rc = sqlite3_step(r->supersede);
	sqlite3_reset(r->supersede);
	return rc == SQLITE_DONE ? 0 : som_store__sqlerr(r->store, "cannot update a classification");
}

static int classify_one(run *r, const work *w)
{
	som_classify_input in;
	som_classify_result *res = NULL;
	som_buf expl = SOM_BUF_INIT, flags = SOM_BUF_INIT;
	int error, rc;

	if (w->old_id && w->old_by_person) {
		r->stats->by_person++;
		return 0;
	}
	som_classify_input_for(&in, w->text, w->kind, w->by_account, w->parent);
	if ((error = som_classify_text(&res, r->plan, &in)) != 0 ||
	    (error = som_classify_result_to_json(&expl, res)) != 0 ||
	    (error = som_flags_format(&flags, res->flags, ",")) != 0)
		goto done;
	if (w->old_id && w->old_plan == r->plan->store_id && w->old_version == w->version &&
	    w->old_class && strcmp(w->old_class, som_class_name(res->cls)) == 0 &&
	    w->old_flags && strcmp(w->old_flags, flags.ptr) == 0 &&
	    w->old_review == res->review && w->old_explanation &&
	    strcmp(w->old_explanation, expl.ptr) == 0) {
		r->stats->unchanged++;
		goto done;
	}
	if (w->old_id && (error = supersede(r, w->old_id)) != 0)
		goto done;
	sqlite3_reset(r->insert);
	sqlite3_bind_int64(r->insert, 1, w->item_id);
	sqlite3_bind_int64(r->insert, 2, r->plan->store_id);
	sqlite3_bind_int64(r->insert, 3, w->version);
	sqlite3_bind_text(r->insert, 4, som_class_name(res->cls), -1, SQLITE_STATIC);
	sqlite3_bind_text(r->insert, 5, flags.ptr, -1, SQLITE_STATIC);
	sqlite3_bind_int(r->insert, 6, res->review);
	sqlite3_bind_text(r->insert, 7, expl.ptr, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->insert, 8, som_store_actor(r->store), -1, SQLITE_STATIC);
	sqlite3_bind_text(r->insert, 9, r->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(r->insert);
	sqlite3_reset(r->insert);
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(r->store, "cannot store a classification");
		goto done;
	}
	r->stats->classified++;
	r->stats->by_class[res->cls]++;
	r->stats->flagged += res->flags != 0;
	r->stats->review += res->review;
done:
	som_classify_result_free(res);
	som_buf_dispose(&expl);
	som_buf_dispose(&flags);
	return error;
}

static int audit_run(run *r)
{
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "plan", som_plan_version(r->plan));
	som_json__kv_bool(&w, "all", r->all);
	som_json__kv_int(&w, "classified", r->stats->classified);
	for (int k = 0; k < SOM_CLASS_COUNT; k++)
		som_json__kv_int(&w, som_class_name(k), r->stats->by_class[k]);
	som_json__kv_int(&w, "flagged", r->stats->flagged);
	som_json__kv_int(&w, "review", r->stats->review);
	som_json__kv_int(&w, "unchanged", r->stats->unchanged);
	som_json__kv_int(&w, "by_person", r->stats->by_person);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "plan:%lld", (long long)r->plan->store_id)) == 0)
		error = som_audit_append(r->store, "classify", target.ptr, details.ptr);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

int som_classify_store(som_classify_stats *out, som_store *store, int all)
{
	som_plan *plan = NULL;
	sqlite3_stmt *select = NULL;
	work *ws = NULL;
	size_t n = 0;
	int64_t after = 0;
	run r;
	int error, in_tx = 0;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	if ((error = som_store__need_writer(store, "classify")) != 0)
		return error;
	if ((error = som_plan_current(&plan, store)) != 0)
		return error;
	snprintf(out->plan_version, sizeof(out->plan_version), "%s", som_plan_version(plan));
	r.store = store;
	r.plan = plan;
	r.stats = out;
	r.all = all;
	som__now(r.now);
	if (!(ws = som__calloc(BATCH, sizeof(*ws)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	/*
	 * Without `all`: items never classified, and items whose text changed
	 * since an automatic classification. With it: every item.
	 */
	if (sqlite3_prepare_v2(store->db,
			"SELECT i.id, i.kind, i.by_account, i.parent_platform_id, i.current_version, "
			"v.text, c.id, c.by_person, c.item_version, c.plan_id, c.class, c.flags, "
			"c.review, c.explanation "
			"FROM item i JOIN version v ON v.item_id = i.id AND v.seq = i.current_version "
			"LEFT JOIN classification c ON c.item_id = i.id AND c.superseded = 0 "
			"WHERE i.id > ?1 AND (?3 OR c.id IS NULL OR "
			"  (c.by_person = 0 AND c.item_version < i.current_version)) "
			"ORDER BY i.id LIMIT ?2", -1, &select, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store->db,
			"UPDATE classification SET superseded = 1 WHERE id = ?1", -1, &r.supersede,
			NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store->db,
			"INSERT INTO classification(item_id, plan_id, item_version, class, flags, "
			"review, resolved, explanation, by_person, actor, reason, time, superseded) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, 0, ?8, NULL, ?9, 0)", -1, &r.insert,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot prepare classification");
		goto done;
	}
	sqlite3_bind_int(select, 3, all != 0);
	if ((error = som_store__begin(store)) != 0)
		goto done;
	in_tx = 1;
	for (;;) {
		if ((error = read_batch(store, select, after, ws, &n)) != 0 || !n)
			break;
		for (size_t i = 0; i < n && !error; i++)
			error = classify_one(&r, &ws[i]);
		after = ws[n - 1].item_id;
		for (size_t i = 0; i < n; i++)
			work_dispose(&ws[i]);
		n = 0;
		if (error)
			break;
	}
	if (!error && out->classified)
		error = audit_run(&r);
done:
	for (size_t i = 0; ws && i < n; i++)
		work_dispose(&ws[i]);
	som__free(ws);
	sqlite3_finalize(select);
	sqlite3_finalize(r.supersede);
	sqlite3_finalize(r.insert);
	if (in_tx) {
		if (error)
			som_store__rollback(store);
		else
			error = som_store__commit(store);
	}
	som_plan_free(plan);
	return error;
}

/* The person's explanation: who, why, and what the item had before. */
static int person_explanation(som_buf *out, som_store *store, const som_decision *d,
	unsigned int flags, const som_classification *prev)
{
	som_buf f = SOM_BUF_INIT, prevjson = SOM_BUF_INIT;
	som_json_writer w, pw;
	int error;

	som_json__obj_begin(&w, out);
	som_json__kv_bool(&w, "by_person", 1);
	som_json__kv_str(&w, "actor", som_store_actor(store));
	som_json__kv_str(&w, "reason", d->reason);
	som_json__kv_str(&w, "class", som_class_name(d->cls));
	if ((error = som_flags_format(&f, flags, ",")) != 0)
		goto done;
	som_json__kv_str(&w, "flags", f.ptr);
	som_json__kv_bool(&w, "resolved", d->resolve_flags);
	if (prev) {
		som_buf_clear(&f);
		if ((error = som_flags_format(&f, prev->flags, ",")) != 0)
			goto done;
		som_json__obj_begin(&pw, &prevjson);
		som_json__kv_int(&pw, "id", prev->id);
		som_json__kv_str(&pw, "class", som_class_name(prev->cls));
		som_json__kv_str(&pw, "flags", f.ptr);
		som_json__kv_str(&pw, "plan", prev->plan_version);
		som_json__kv_bool(&pw, "by_person", prev->by_person);
		if ((error = som_json__obj_end(&pw)) != 0)
			goto done;
		som_json__kv_raw(&w, "previous", prevjson.ptr);
	} else {
		som_json__kv_raw(&w, "previous", NULL);
	}
	error = som_json__obj_end(&w);
done:
	som_buf_dispose(&f);
	som_buf_dispose(&prevjson);
	return error;
}

static int item_exists(som_store *store, int64_t item_id, int64_t *version)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT current_version FROM item WHERE id = ?1", -1,
			&st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read items");
	sqlite3_bind_int64(st, 1, item_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		error = som__error(SOM_ENOTFOUND, "no item %lld", (long long)item_id);
	else
		error = som_store__sqlerr(store, "cannot read items");
	sqlite3_finalize(st);
	return error;
}

int som_classification_set(som_store *store, int64_t item_id, const som_decision *d)
{
	som_classification *prev = NULL;
	sqlite3_stmt *st = NULL;
	som_buf expl = SOM_BUF_INIT, flags = SOM_BUF_INIT, details = SOM_BUF_INIT,
		target = SOM_BUF_INIT;
	som_json_writer w;
	const char *p;
	unsigned int new_flags;
	int64_t version = 0;
	char now[32];
	int error, rc, in_tx = 0;

	if (!d || !som_class_name(d->cls))
		return som__error(SOM_EINVALID, "no class given (temporary, important, case)");
	for (p = d->reason; p && (*p == ' ' || *p == '\t' || *p == '\n'); p++)
		;
	if (!p || !*p)
		return som__error(SOM_EINVALID, "a person's decision needs a reason");
	if (d->set_flags && (d->flags & ~SOM_FLAG_ALL))
		return som__error(SOM_EINVALID, "unknown flags");
	if ((error = som_store__need_writer(store, "set a class")) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	in_tx = 1;
	if ((error = item_exists(store, item_id, &version)) != 0)
		goto done;
	error = som_classification_get(&prev, store, item_id);
	if (error == SOM_ENOTFOUND) {
		som_error_clear();
		error = 0;
	}
	if (error)
		goto done;
	new_flags = d->set_flags ? d->flags : prev ? prev->flags : 0;
	if ((error = person_explanation(&expl, store, d, new_flags, prev)) != 0 ||
	    (error = som_flags_format(&flags, new_flags, ",")) != 0)
		goto done;
	if (prev) {
		if (sqlite3_prepare_v2(store->db,
				"UPDATE classification SET superseded = 1 WHERE id = ?1", -1, &st,
				NULL) != SQLITE_OK) {
			error = som_store__sqlerr(store, "cannot update a classification");
			goto done;
		}
		sqlite3_bind_int64(st, 1, prev->id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			error = som_store__sqlerr(store, "cannot update a classification");
			goto done;
		}
	}
	som__now(now);
	if (sqlite3_prepare_v2(store->db,
			"INSERT INTO classification(item_id, plan_id, item_version, class, flags, "
			"review, resolved, explanation, by_person, actor, reason, time, superseded) "
			"VALUES (?1, NULL, ?2, ?3, ?4, 0, ?5, ?6, 1, ?7, ?8, ?9, 0)", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot store a classification");
		goto done;
	}
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, version);
	sqlite3_bind_text(st, 3, som_class_name(d->cls), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, flags.ptr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, d->resolve_flags != 0);
	sqlite3_bind_text(st, 6, expl.ptr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, som_store_actor(store), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, d->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot store a classification");
		goto done;
	}
	som_json__obj_begin(&w, &details);
	som_json__kv_str(&w, "class", som_class_name(d->cls));
	som_json__kv_str(&w, "flags", flags.ptr);
	som_json__kv_bool(&w, "resolved", d->resolve_flags);
	som_json__kv_str(&w, "reason", d->reason);
	som_json__kv_str(&w, "previous", prev ? som_class_name(prev->cls) : NULL);
	if ((error = som_json__obj_end(&w)) != 0 ||
	    (error = som_buf_printf(&target, "item:%lld", (long long)item_id)) != 0)
		goto done;
	error = som_audit_append(store, "classification.set", target.ptr, details.ptr);
done:
	sqlite3_finalize(st);
	if (in_tx) {
		if (error)
			som_store__rollback(store);
		else
			error = som_store__commit(store);
	}
	som_classification_free(prev);
	som_buf_dispose(&expl);
	som_buf_dispose(&flags);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

int som_review_foreach(som_store *store, int64_t limit, som_review_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_review_entry e;
	unsigned int flags;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db,
			"SELECT i.id, i.created, i.platform, i.kind, v.text, c.id, c.class, c.flags, "
			"c.resolved, c.review, c.by_person, p.version "
			"FROM item i JOIN version v ON v.item_id = i.id AND v.seq = i.current_version "
			"LEFT JOIN classification c ON c.item_id = i.id AND c.superseded = 0 "
			"LEFT JOIN plan p ON p.id = c.plan_id "
			"WHERE c.id IS NULL OR c.review = 1 OR (c.flags <> '' AND c.resolved = 0) "
			"ORDER BY i.created, i.id LIMIT ?1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot list what needs review");
	sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int classified = sqlite3_column_type(st, 5) != SQLITE_NULL;
		memset(&e, 0, sizeof(e));
		e.item_id = sqlite3_column_int64(st, 0);
		e.created = (const char *)sqlite3_column_text(st, 1);
		e.platform = (const char *)sqlite3_column_text(st, 2);
		e.kind = (const char *)sqlite3_column_text(st, 3);
		e.text = (const char *)sqlite3_column_text(st, 4);
		e.cls = classified ? som_class_parse((const char *)sqlite3_column_text(st, 6)) :
			SOM_CLASS_NONE;
		flags = 0;
		if (classified && !sqlite3_column_int(st, 8) &&
		    som_flags_parse(&flags, (const char *)sqlite3_column_text(st, 7)) != 0)
			flags = 0;
		e.flags = flags;
		e.by_person = classified && sqlite3_column_int(st, 10);
		e.plan_version = (const char *)sqlite3_column_text(st, 11);
		e.why = !classified ? "unclassified" : flags ? "flagged" : "review";
		if ((error = cb(&e, payload)) != 0)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot list what needs review");
	sqlite3_finalize(st);
	return error;
}

static int put_flags_array(som_buf *out, unsigned int flags)
{
	int error = som_buf_putc(out, '[');

	for (unsigned int bit = 1, n = 0; !error && bit <= SOM_FLAG_ALL; bit <<= 1) {
		if (!(flags & bit))
			continue;
		if (n++)
			error = som_buf_putc(out, ',');
		if (!error)
			error = som_json__put_string(out, som_flag_name(bit));
	}
	return error ? error : som_buf_putc(out, ']');
}

int som_classification_to_json(som_buf *out, const som_classification *c)
{
	som_buf flags = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	if ((error = put_flags_array(&flags, c->flags)) != 0)
		goto done;
	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "id", c->id);
	som_json__kv_int(&w, "item", c->item_id);
	som_json__kv_str(&w, "plan", c->plan_version);
	som_json__kv_int(&w, "item_version", c->item_version);
	som_json__kv_str(&w, "class", som_class_name(c->cls));
	som_json__kv_raw(&w, "flags", flags.ptr);
	som_json__kv_bool(&w, "review", c->review);
	som_json__kv_bool(&w, "resolved", c->resolved);
	som_json__kv_bool(&w, "by_person", c->by_person);
	som_json__kv_str(&w, "actor", c->actor);
	som_json__kv_str(&w, "reason", c->reason);
	som_json__kv_str(&w, "time", c->time);
	som_json__kv_bool(&w, "superseded", c->superseded);
	som_json__kv_raw(&w, "explanation", c->explanation);
	error = som_json__obj_end(&w);
done:
	som_buf_dispose(&flags);
	return error;
}

int som_review_entry_to_json(som_buf *out, const som_review_entry *e)
{
	som_buf flags = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	if ((error = put_flags_array(&flags, e->flags)) != 0)
		goto done;
	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "item", e->item_id);
	som_json__kv_str(&w, "created", e->created);
	som_json__kv_str(&w, "platform", e->platform);
	som_json__kv_str(&w, "kind", e->kind);
	som_json__kv_str(&w, "why", e->why);
	som_json__kv_str(&w, "class", som_class_name(e->cls));
	som_json__kv_raw(&w, "flags", flags.ptr);
	som_json__kv_bool(&w, "by_person", e->by_person);
	som_json__kv_str(&w, "plan", e->plan_version);
	som_json__kv_str(&w, "text", e->text);
	error = som_json__obj_end(&w);
done:
	som_buf_dispose(&flags);
	return error;
}

int som_classify_stats_to_json(som_buf *out, const som_classify_stats *s)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_str(&w, "plan", s->plan_version);
	som_json__kv_int(&w, "classified", s->classified);
	for (int k = 0; k < SOM_CLASS_COUNT; k++)
		som_json__kv_int(&w, som_class_name(k), s->by_class[k]);
	som_json__kv_int(&w, "flagged", s->flagged);
	som_json__kv_int(&w, "review", s->review);
	som_json__kv_int(&w, "unchanged", s->unchanged);
	som_json__kv_int(&w, "by_person", s->by_person);
	return som_json__obj_end(&w);
}
