/*
 * Retention in SQL: what is due under the current plan and what protects
 * it, disposal batches with their approvals and execution, the disposal
 * log kept forever, and holds (gallringsstopp).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "formats/json.h"
#include "plan/plan.h"
#include "retention/retention.h"
#include "somarkiv/audit.h"
#include "somarkiv/search.h"
#include "somarkiv/retention.h"

/* One item that is due and may be disposed of. */
typedef struct due_item {
	int64_t id;
	const som_plan_retention *rule;
	char due[11];
} due_item;

typedef struct id_set {
	int64_t *v;
	size_t n, a;
} id_set;

typedef struct due_list {
	due_item *v;
	size_t n, a;
	int64_t blocked;
	id_set blocked_ids;   /* the items due but protected, in the order found */
	int approvals;
} due_list;

#define DUE_LIST_INIT { NULL, 0, 0, 0, { NULL, 0, 0 }, 0 }

static void due_dispose(due_list *l)
{
	som__free(l->v);
	som__free(l->blocked_ids.v);
}

static int id_add(id_set *s, int64_t id)
{
	if (s->n == s->a) {
		size_t a = s->a ? s->a * 2 : 64;
		int64_t *v = som__realloc(s->v, a * sizeof(*v));
		if (!v)
			return SOM_ENOMEM;
		s->v = v;
		s->a = a;
	}
	s->v[s->n++] = id;
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int id_has(const id_set *s, int64_t id)
{
	return s->n && bsearch(&id, s->v, s->n, sizeof(*s->v), cmp_i64) != NULL;
}

/* Items covered by active holds on a search text or a case number. */
static int held_by_text(id_set *out, som_store *store)
{
	sqlite3_stmt *holds = NULL, *match = NULL, *reg = NULL;
	som_buf fts = SOM_BUF_INIT;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT kind, target FROM hold WHERE lifted IS NULL"
			" AND kind IN ('query', 'case')", -1, &holds, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store->db, "SELECT DISTINCT v.item_id FROM version_fts"
			" JOIN version v ON v.id = version_fts.rowid WHERE version_fts MATCH ?1",
			-1, &match, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store->db, "SELECT g.item_id FROM registration g"
			" JOIN registry_case k ON k.id = g.case_id WHERE k.number = ?1",
			-1, &reg, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read holds");
		goto done;
	}
	while ((rc = sqlite3_step(holds)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(holds, 0);
		const char *target = (const char *)sqlite3_column_text(holds, 1);
		som_buf_clear(&fts);
		if (!strcmp(kind, "case")) {
			sqlite3_reset(reg);
			sqlite3_bind_text(reg, 1, target, -1, SQLITE_TRANSIENT);
			while ((rc = sqlite3_step(reg)) == SQLITE_ROW)
				if ((error = id_add(out, sqlite3_column_int64(reg, 0))) != 0)
					goto done;
		}
		if (som_search_query_to_fts(&fts, target) != 0)
			continue;   /* nothing to search for: the case rows above suffice */
		sqlite3_reset(match);
		sqlite3_bind_text(match, 1, fts.ptr, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(match)) == SQLITE_ROW)
			if ((error = id_add(out, sqlite3_column_int64(match, 0))) != 0)
				goto done;
		if (rc != SQLITE_DONE) {
			error = som_store__sqlerr(store, "cannot search for held items");
			goto done;
		}
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_i64);
done:
	sqlite3_finalize(holds);
	sqlite3_finalize(match);
	sqlite3_finalize(reg);
	som_buf_dispose(&fts);
	return error;
}

/*
 * Every item with its thread (the root of its chain of parents in its
 * account), class, what protects it and the dates a period counts from.
 * Protected: unresolved flags, any registration (one marked felregistrerad
 * too: the registry keeps its subject and counterparty, which disposal may
 * not touch), a hold, and text changed since the automatic classification.
 */
static const char due_sql[] =
	"WITH RECURSIVE up(id, acc, pid, parent, depth) AS ("
	"  SELECT id, account_id, platform_id, parent_platform_id, 0 FROM item"
	"  UNION ALL SELECT up.id, up.acc, p.platform_id, p.parent_platform_id, up.depth + 1"
	"  FROM up JOIN item p ON p.account_id = up.acc AND p.platform_id = up.parent"
	"  WHERE up.depth < 500),"
	" r AS (SELECT id, acc, coalesce(parent, pid) AS rpid, max(depth) FROM up GROUP BY id)"
	" SELECT i.id, r.acc, r.rpid, i.kind, substr(i.created, 1, 10), c.class,"
	"  coalesce(c.flags != '' AND c.resolved = 0, 0)"
	"   OR coalesce(c.by_person = 0 AND c.item_version < i.current_version, 0),"
	"  EXISTS(SELECT 1 FROM registration g WHERE g.item_id = i.id),"
	"  EXISTS(SELECT 1 FROM hold h WHERE h.lifted IS NULL AND (h.kind = 'request'"
	"   OR (h.kind = 'item' AND h.target = CAST(i.id AS TEXT))"
	"   OR (h.kind = 'account' AND (h.target = CAST(i.account_id AS TEXT)"
	"    OR h.target = a.handle OR h.target = a.platform || ':' || a.handle)))),"
	"  EXISTS(SELECT 1 FROM export_item ei JOIN export e ON e.id = ei.export_id"
	"   WHERE ei.item_id = i.id AND e.verified_at IS NOT NULL AND ei.version >= i.current_version),"
	"  substr(max(i.created) OVER (PARTITION BY r.acc, r.rpid), 1, 10),"
	"  (SELECT substr(max(g.date), 1, 10) FROM registration g WHERE g.item_id = i.id),"
	"  (SELECT substr(max(k.closed), 1, 10) FROM registration g JOIN registry_case k"
	"   ON k.id = g.case_id WHERE g.item_id = i.id)"
	" FROM item i JOIN r ON r.id = i.id JOIN account a ON a.id = i.account_id"
	" LEFT JOIN classification c ON c.item_id = i.id AND c.superseded = 0"
	" WHERE NOT EXISTS(SELECT 1 FROM disposal_log d WHERE d.item_id = i.id)"
	" ORDER BY r.acc, r.rpid, i.id";

static int due_add(due_list *l, int64_t id, const som_plan_retention *rule,
	const char *due)
{
	if (l->n == l->a) {
		size_t a = l->a ? l->a * 2 : 64;
		due_item *v = som__realloc(l->v, a * sizeof(*v));
		if (!v)
			return SOM_ENOMEM;
		l->v = v;
		l->a = a;
	}
	l->v[l->n].id = id;
	l->v[l->n].rule = rule;
	memcpy(l->v[l->n].due, due, 11);
	l->n++;
	if (rule->approvals > l->approvals)
		l->approvals = rule->approvals;
	return 0;
}

/* Compute the items due on `as_of` and disposable: a thread with a protected item protects all. */
static int compute_due(due_list *out, som_store *store, const som_plan *plan,
	const char *as_of)
{
	sqlite3_stmt *st = NULL;
	id_set held = { NULL, 0, 0 };
	due_list group = DUE_LIST_INIT;
	int64_t g_acc = -1;
	char *g_root = NULL;
	int g_protected = 0, rc, error;

	out->approvals = 1;
	if ((error = held_by_text(&held, store)) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, due_sql, -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot compute what is due");
		goto done;
	}
	for (;;) {
		int64_t id = 0, acc = -1;
		const char *root = NULL;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			acc = sqlite3_column_int64(st, 1);
			root = (const char *)sqlite3_column_text(st, 2);
		} else if (rc != SQLITE_DONE) {
			error = som_store__sqlerr(store, "cannot compute what is due");
			goto done;
		}
		/* A new thread (or the end): settle the one before. */
		if (rc == SQLITE_DONE || acc != g_acc || !g_root || strcmp(root, g_root)) {
			for (size_t i = 0; i < group.n; i++) {
				if (g_protected) {
					out->blocked++;
					error = id_add(&out->blocked_ids, group.v[i].id);
				} else {
					error = due_add(out, group.v[i].id, group.v[i].rule, group.v[i].due);
				}
				if (error)
					goto done;
			}
			group.n = 0;
			g_protected = 0;
			som__free(g_root);
			g_root = NULL;
			if (rc == SQLITE_DONE)
				break;
			g_acc = acc;
			if (!(g_root = som__strdup(root ? root : ""))) {
				error = SOM_ENOMEM;
				goto done;
			}
		}
		{
			const char *kind = (const char *)sqlite3_column_text(st, 3);
			const char *created = (const char *)sqlite3_column_text(st, 4);
			const char *cls_name = (const char *)sqlite3_column_text(st, 5);
			int flagged = sqlite3_column_int(st, 6);
			int registered = sqlite3_column_int(st, 7);
			int hold = sqlite3_column_int(st, 8) || id_has(&held, id);
			int delivered = sqlite3_column_int(st, 9);
			const char *event = NULL;
			const som_plan_retention *rule = NULL;
			char due[11];

			if (flagged || registered || hold)
				g_protected = 1;
			if (cls_name)
				rule = som_plan_retention_for(plan, som_class_parse(cls_name), kind);
			if (!rule || !rule->dispose || !rule->after)
				continue;
			if (rule->deliver_first && !delivered)
				g_protected = 1;
			switch (rule->from) {
			case SOM_FROM_LAST_ACTIVITY: event = (const char *)sqlite3_column_text(st, 10); break;
			case SOM_FROM_REGISTRATION: event = (const char *)sqlite3_column_text(st, 11); break;
			case SOM_FROM_CASE_CLOSED: event = (const char *)sqlite3_column_text(st, 12); break;
			default: event = created; break;
			}
			if (!event)
				continue;   /* the event has not happened */
			if ((error = som_retention_due_date(due, event, rule->after,
					rule->calendar_year)) != 0)
				goto done;
			if (strcmp(due, as_of) > 0)
				continue;
			if ((error = due_add(&group, id, rule, due)) != 0)
				goto done;
		}
	}
	if (out->blocked_ids.n)
		qsort(out->blocked_ids.v, out->blocked_ids.n, sizeof(*out->blocked_ids.v), cmp_i64);
done:
	sqlite3_finalize(st);
	som__free(held.v);
	due_dispose(&group);
	som__free(g_root);
	return error;
}

static int check_date(const char *s)
{
	char tmp[11];
	return som_retention_due_date(tmp, s, "P1D", 0);
}

/* The items in a batch not yet executed (proposed or approved). */
static int in_open_batches(id_set *out, som_store *store)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT b.item_id FROM batch_item b JOIN disposal_batch d"
			" ON d.id = b.batch_id WHERE d.status IN ('proposed', 'approved')"
			" ORDER BY b.item_id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the open disposal batches");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = id_add(out, sqlite3_column_int64(st, 0))) != 0)
			goto done;
	if (rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read the open disposal batches");
done:
	sqlite3_finalize(st);
	return error;
}

/*
 * Record a batch of the due items whose rule needs approvals (`automatic`
 * 0) or none (1: recorded approved, executed by the run), leaving out
 * those in `skip`; its id in *id_out (0: no such item).
 */
static int batch_insert(int64_t *id_out, som_store *store, const due_list *due,
	const id_set *skip, int automatic, const som_plan *plan, const char *now,
	const char *day)
{
	sqlite3_stmt *st = NULL;
	int approvals = automatic ? 0 : 1, error = 0;
	size_t n = 0;

	*id_out = 0;
	for (size_t i = 0; i < due->n; i++) {
		if (id_has(skip, due->v[i].id) || (due->v[i].rule->approvals == 0) != automatic)
			continue;
		n++;
		if (due->v[i].rule->approvals > approvals)
			approvals = due->v[i].rule->approvals;
	}
	if (!n)
		return 0;
	if (sqlite3_prepare_v2(store->db, "INSERT INTO disposal_batch(created, as_of,"
			" plan_id, status, approvals, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			-1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	if (som_plan_store_id(plan))
		sqlite3_bind_int64(st, 3, som_plan_store_id(plan));
	sqlite3_bind_text(st, 4, automatic ? "approved" : "proposed", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, approvals);
	sqlite3_bind_text(st, 6, som_store_actor(store), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	*id_out = sqlite3_last_insert_rowid(store->db);
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(store->db, "INSERT INTO batch_item(batch_id, item_id, rule, due)"
			" VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	for (size_t i = 0; i < due->n; i++) {
		if (id_has(skip, due->v[i].id) || (due->v[i].rule->approvals == 0) != automatic)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, *id_out);
		sqlite3_bind_int64(st, 2, due->v[i].id);
		sqlite3_bind_text(st, 3, due->v[i].rule->id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, due->v[i].due, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto sqlerr;
	}
	goto done;
sqlerr:
	error = som_store__sqlerr(store, "cannot record the disposal batch");
done:
	sqlite3_finalize(st);
	return error;
}

/* Execute every approved batch that needs no approval (this run's, or one a crash left). */
static int execute_automatic(som_retention_result *res, som_store *store)
{
	sqlite3_stmt *st = NULL;
	id_set batches = { NULL, 0, 0 };
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT id FROM disposal_batch WHERE status = 'approved'"
			" AND approvals = 0 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the disposal batches");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = id_add(&batches, sqlite3_column_int64(st, 0))) != 0)
			goto done;
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot read the disposal batches");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	for (size_t i = 0; i < batches.n; i++) {
		som_retention_execution x;
		/* The same execution as a person's, with the same check of every item. */
		if ((error = som_retention_execute(&x, store, batches.v[i])) != 0)
			goto done;
		res->n_disposed += x.n_disposed;
		res->n_left_out += x.n_not_due + x.n_protected;
	}
done:
	sqlite3_finalize(st);
	som__free(batches.v);
	return error;
}

int som_retention_run(som_retention_result *result, som_store *store,
	const char *as_of, int dry_run, som_buf *report)
{
	som_plan *plan = NULL;
	due_list due = DUE_LIST_INIT;
	id_set open = { NULL, 0, 0 };
	som_retention_result res;
	som_buf details = SOM_BUF_INIT;
	char now[32], day[11], target[32];
	int error, in_tx = 0;

	memset(&res, 0, sizeof(res));
	/* A dry run may look anywhere; a batch is only ever proposed by the disposal clock. */
	if (dry_run)
		som__now(now);
	else
		som_retention__now(now);
	if (as_of) {
		if ((error = check_date(as_of)) != 0)
			goto done;
		if (!dry_run && strncmp(as_of, now, 10) > 0) {
			error = som__error(SOM_EINVALID, "cannot propose disposal as of '%.10s': it is"
				" after today (%.10s); a later date is for dry runs only", as_of, now);
			goto done;
		}
		memcpy(day, as_of, 10);
	} else {
		memcpy(day, now, 10);
	}
	day[10] = '\0';
	if (!dry_run && (error = som_store__need_writer(store, "retention run")) != 0)
		goto done;
	if ((error = som_plan_current(&plan, store)) != 0)
		goto done;
	if (!dry_run) {
		if ((error = som_store__begin(store)) != 0)
			goto done;
		in_tx = 1;
	}
	if ((error = compute_due(&due, store, plan, day)) != 0 ||
	    (error = in_open_batches(&open, store)) != 0)
		goto done;
	if (open.n)
		qsort(open.v, open.n, sizeof(*open.v), cmp_i64);
	res.n_due = (int64_t)due.n;
	res.n_blocked = due.blocked;
	for (size_t i = 0; i < due.n; i++)
		if (id_has(&open, due.v[i].id))
			res.n_pending++;
	for (size_t i = 0; report && i < due.n; i++)
		if ((error = som_buf_printf(report, "%lld\t%s\t%s\n", (long long)due.v[i].id,
				due.v[i].rule->id, due.v[i].due)) != 0)
			goto done;
	if (dry_run)
		goto done;
	/* Items an open batch holds already are not proposed twice. */
	if ((error = batch_insert(&res.batch_id, store, &due, &open, 0, plan, now, day)) != 0 ||
	    (error = batch_insert(&res.auto_batch_id, store, &due, &open, 1, plan, now, day)) != 0)
		goto done;
	if ((error = som_buf_printf(&details, "{\"as_of\":\"%s\",\"batch\":%lld,"
			"\"auto_batch\":%lld,\"due\":%lld,\"pending\":%lld,\"blocked\":%lld}", day,
			(long long)res.batch_id, (long long)res.auto_batch_id, (long long)res.n_due,
			(long long)res.n_pending, (long long)res.n_blocked)) != 0)
		goto done;
	snprintf(target, sizeof(target), "batch:%lld", (long long)res.batch_id);
	if ((error = som_audit_append(store, "retention.run", target, details.ptr)) != 0)
		goto done;
	if ((error = som_store__commit(store)) != 0)
		goto done;
	in_tx = 0;
	/* Only after the batches are committed: execution commits on its own. */
	error = execute_automatic(&res, store);
done:
	if (in_tx)
		som_store__rollback(store);
	som_buf_dispose(&details);
	due_dispose(&due);
	som__free(open.v);
	som_plan_free(plan);
	if (!error && result)
		*result = res;
	return error;
}

/* The batch's status, approvals needed and the day it was proposed for. */
static int batch_get(som_store *store, int64_t id, char status[16], int *approvals,
	char as_of[11])
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT status, approvals, as_of FROM disposal_batch"
			" WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the disposal batch");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error = som__error(SOM_ENOTFOUND, "no disposal batch '%lld'", (long long)id);
	} else {
		snprintf(status, 16, "%s", (const char *)sqlite3_column_text(st, 0));
		*approvals = sqlite3_column_int(st, 1);
		snprintf(as_of, 11, "%s", (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return error;
}

int som_retention_approve(som_store *store, int64_t batch_id)
{
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT;
	const char *by = som_store_actor(store), *login = som__login_name();
	char status[16], as_of[11], now[32], target[32];
	int approvals, have = 0, error, in_tx = 0;

	if (!by || !*by)
		return som__error(SOM_EINVALID, "an approval needs the approver's name");
	if ((error = som_store__need_writer(store, "retention approve")) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	in_tx = 1;
	if ((error = batch_get(store, batch_id, status, &approvals, as_of)) != 0)
		goto done;
	if (!strcmp(status, "executed")) {
		error = som__error(SOM_EINVALID, "disposal batch '%lld' is executed already",
			(long long)batch_id);
		goto done;
	}
	/*
	 * One actor, one approval: the same name in another case or with blanks
	 * around it is the same actor. Approvals need different actors, so the
	 * one who proposed the batch is never the only approver of a batch
	 * that needs two.
	 */
	if (sqlite3_prepare_v2(store->db, "SELECT count(*),"
			" coalesce(sum(trim(\"by\") = trim(?2) COLLATE NOCASE), 0)"
			" FROM approval WHERE batch_id = ?1", -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_int64(st, 1, batch_id);
	sqlite3_bind_text(st, 2, by, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto sqlerr;
	have = sqlite3_column_int(st, 0);
	if (sqlite3_column_int(st, 1) > 0) {
		error = som__error(SOM_EINVALID, "'%s' has approved disposal batch '%lld' already;"
			" another person must", by, (long long)batch_id);
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	som__now(now);
	if (sqlite3_prepare_v2(store->db, "INSERT INTO approval(batch_id, \"by\", time)"
			" VALUES (?1, ?2, ?3)", -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_int64(st, 1, batch_id);
	sqlite3_bind_text(st, 2, by, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	have++;
	if (have >= approvals && (error = som_store__exec(store,
			"UPDATE disposal_batch SET status = 'approved' WHERE status = 'proposed'"
			" AND id IN (SELECT batch_id FROM approval GROUP BY batch_id"
			" HAVING count(*) >= (SELECT approvals FROM disposal_batch d"
			" WHERE d.id = batch_id))")) != 0)
		goto done;
	{
		/* The login beside the actor: one login acting under two names shows. */
		som_json_writer w;
		som_json__obj_begin(&w, &details);
		som_json__kv_int(&w, "approvals", have);
		som_json__kv_int(&w, "needed", approvals);
		som_json__kv_str(&w, "by", by);
		if (strcmp(login, by))
			som_json__kv_str(&w, "login", login);
		if ((error = som_json__obj_end(&w)) != 0)
			goto done;
	}
	snprintf(target, sizeof(target), "batch:%lld", (long long)batch_id);
	if ((error = som_audit_append(store, "retention.approve", target, details.ptr)) != 0)
		goto done;
	error = som_store__commit(store);
	in_tx = 0;
	goto done;
sqlerr:
	error = som_store__sqlerr(store, "cannot record the approval");
done:
	if (in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som_buf_dispose(&details);
	return error;
}

static int cmp_due_id(const void *a, const void *b)
{
	return cmp_i64(&((const due_item *)a)->id, &((const due_item *)b)->id);
}

/*
 * Destroy the content of the items `ids`, in the caller's transaction: the
 * versions with their full-text entries, the attachments (and their names
 * in the reports of captures that lacked them), every classification
 * (explanations name the words that matched: addresses, numbers, health
 * words), the author and the URL. The item's row keeps
 * its identifier, kind, dates and place in the thread, which the disposal
 * log names. The full-text index is merged so no segment keeps a destroyed
 * word, and the sweep is marked: the raw objects and the write-ahead log
 * are swept after the commit (som_store_gc()), by the next writer after a
 * kill. Freed pages are zeroed (secure_delete, set for every writer).
 */
static int destroy_content(som_store *store, const id_set *ids)
{
	static const char *const destroy[] = {
		"INSERT INTO version_fts(version_fts, rowid, text)"
		" SELECT 'delete', id, text FROM version WHERE item_id = ?1",
		"DELETE FROM version WHERE item_id = ?1",
		/* A capture's report names the attachments the export lacked. */
		"UPDATE capture SET report = (SELECT json_group_array(CASE WHEN EXISTS("
		"  SELECT 1 FROM attachment a WHERE a.item_id = ?1"
		"  AND instr(json_extract(e.value, '$.problem'), '''' || a.path || '''') > 0)"
		" THEN json_set(e.value, '$.problem', 'an attachment of an item since disposed of"
		" was missing from the export') ELSE json(e.value) END) FROM json_each(capture.report) e)"
		" WHERE account_id = (SELECT account_id FROM item WHERE id = ?1)"
		" AND instr(report, 'attachment ''') > 0 AND json_valid(report)"
		" AND EXISTS(SELECT 1 FROM attachment WHERE item_id = ?1)",
		"DELETE FROM attachment WHERE item_id = ?1",
		"DELETE FROM classification WHERE item_id = ?1",
		"UPDATE item SET author_name = NULL, author_id = NULL, url = NULL WHERE id = ?1",
	};
	sqlite3_stmt *st[SOM_ARRAY_SIZE(destroy)] = { NULL };
	int error = 0;

	if (!ids->n)
		return 0;
	for (size_t k = 0; k < SOM_ARRAY_SIZE(destroy); k++)
		if (sqlite3_prepare_v2(store->db, destroy[k], -1, &st[k], NULL) != SQLITE_OK)
			goto sqlerr;
	for (size_t i = 0; i < ids->n; i++) {
		for (size_t k = 0; k < SOM_ARRAY_SIZE(destroy); k++) {
			sqlite3_reset(st[k]);
			sqlite3_bind_int64(st[k], 1, ids->v[i]);
			if (sqlite3_step(st[k]) != SQLITE_DONE)
				goto sqlerr;
		}
	}
	error = som_store__exec(store, "INSERT INTO version_fts(version_fts) VALUES ('optimize')");
	if (!error)
		error = som_store__sweep_mark(store);
	goto done;
sqlerr:
	error = som_store__sqlerr(store, "cannot destroy the content of a disposed item");
done:
	for (size_t k = 0; k < SOM_ARRAY_SIZE(destroy); k++)
		sqlite3_finalize(st[k]);
	return error;
}

int som_retention_execute(som_retention_execution *out, som_store *store, int64_t batch_id)
{
	sqlite3_stmt *items = NULL, *info = NULL, *log = NULL, *st = NULL;
	som_plan *plan = NULL;
	due_list due = DUE_LIST_INIT;
	id_set gone = { NULL, 0, 0 };
	som_retention_execution x = { 0, 0, 0 };
	som_buf details = SOM_BUF_INIT;
	char status[16], as_of[11], now[32], today[11], target[32];
	const som_plan_decision *dec;
	int approvals, error, in_tx = 0, rc;

	if ((error = som_store__need_writer(store, "retention execute")) != 0)
		return error;
	if ((error = som_plan_current(&plan, store)) != 0)
		return error;
	dec = som_plan_get_decision(plan);
	if ((error = som_store__begin(store)) != 0)
		goto done;
	in_tx = 1;
	if ((error = batch_get(store, batch_id, status, &approvals, as_of)) != 0)
		goto done;
	if (strcmp(status, "approved")) {
		error = som__error(SOM_EINVALID, "disposal batch '%lld' is %s, not approved",
			(long long)batch_id, status);
		goto done;
	}
	/*
	 * Every item again, inside this transaction, by the disposal clock (not
	 * the day the batch was proposed for): due today, and nothing protects it.
	 */
	som_retention__now(now);
	memcpy(today, now, 10);
	today[10] = '\0';
	if ((error = compute_due(&due, store, plan, today)) != 0)
		goto done;
	if (due.n)
		qsort(due.v, due.n, sizeof(*due.v), cmp_due_id);
	if (sqlite3_prepare_v2(store->db, "SELECT item_id FROM batch_item"
			" WHERE batch_id = ?1 ORDER BY item_id", -1, &items, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store->db, "SELECT i.platform || ':' || i.platform_id,"
			" a.platform || ':' || a.handle, i.kind, i.created,"
			" (SELECT coalesce(group_concat(raw_digest, ','), '') FROM"
			"  (SELECT DISTINCT raw_digest FROM version WHERE item_id = i.id"
			"   UNION SELECT digest FROM attachment WHERE item_id = i.id AND digest IS NOT NULL)),"
			" coalesce((SELECT group_concat(\"by\", ',') FROM approval WHERE batch_id = ?2),"
			"  'automatic (the plan''s rule needs no approval)')"
			" FROM item i JOIN account a ON a.id = i.account_id WHERE i.id = ?1",
			-1, &info, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store->db, "INSERT INTO disposal_log(item_id, identifier, account,"
			" kind, created, due, rule, plan_version, decision, batch_id, approvers, time, sha256)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
			-1, &log, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_int64(items, 1, batch_id);
	while ((rc = sqlite3_step(items)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(items, 0);
		due_item key, *d;

		key.id = id;
		d = due.n ? bsearch(&key, due.v, due.n, sizeof(*due.v), cmp_due_id) : NULL;
		if (!d) {
			if (id_has(&due.blocked_ids, id))
				x.n_protected++;
			else
				x.n_not_due++;
			continue;
		}
		sqlite3_reset(info);
		sqlite3_bind_int64(info, 1, id);
		sqlite3_bind_int64(info, 2, batch_id);
		if (sqlite3_step(info) != SQLITE_ROW)
			goto sqlerr;
		/* The rule and due date the check found, under the plan the row names. */
		sqlite3_reset(log);
		sqlite3_bind_int64(log, 1, id);
		for (int c = 0; c < 4; c++)
			sqlite3_bind_value(log, 2 + c, sqlite3_column_value(info, c));
		sqlite3_bind_text(log, 6, d->due, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(log, 7, d->rule->id, -1, SQLITE_TRANSIENT);
		som_store__bind_text(log, 8, dec ? dec->version : NULL);
		/* The decision items are disposed of under: the gallringsbeslut. */
		som_store__bind_text(log, 9, som_plan_disposal_authority(plan));
		sqlite3_bind_int64(log, 10, batch_id);
		sqlite3_bind_value(log, 11, sqlite3_column_value(info, 5));
		sqlite3_bind_text(log, 12, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_value(log, 13, sqlite3_column_value(info, 4));
		if (sqlite3_step(log) != SQLITE_DONE)
			goto sqlerr;
		if ((error = id_add(&gone, id)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		goto sqlerr;
	/* No statement may keep a read open: it would stop the sweep's checkpoint. */
	sqlite3_finalize(items);
	sqlite3_finalize(info);
	sqlite3_finalize(log);
	items = info = log = NULL;
	x.n_disposed = (int64_t)gone.n;
	if ((error = destroy_content(store, &gone)) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, "UPDATE disposal_batch SET status = 'executed',"
			" executed = ?2 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_int64(st, 1, batch_id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	sqlite3_finalize(st);
	st = NULL;
	if ((error = som_buf_printf(&details, "{\"today\":\"%s\",\"disposed\":%lld,"
			"\"left_out\":%lld,\"not_due\":%lld,\"protected\":%lld}", today,
			(long long)x.n_disposed, (long long)(x.n_not_due + x.n_protected),
			(long long)x.n_not_due, (long long)x.n_protected)) != 0)
		goto done;
	snprintf(target, sizeof(target), "batch:%lld", (long long)batch_id);
	if ((error = som_audit_append(store, "retention.execute", target, details.ptr)) != 0)
		goto done;
	if ((error = som_store__commit(store)) != 0)
		goto done;
	in_tx = 0;
	/* The sweep: objects no row uses any more, then the write-ahead log cut to nothing. */
	error = som_store_gc(NULL, store);
	goto done;
sqlerr:
	error = som_store__sqlerr(store, "cannot execute the disposal batch");
done:
	if (in_tx)
		som_store__rollback(store);
	sqlite3_finalize(items);
	sqlite3_finalize(info);
	sqlite3_finalize(log);
	sqlite3_finalize(st);
	som_buf_dispose(&details);
	due_dispose(&due);
	som__free(gone.v);
	som_plan_free(plan);
	if (out)
		*out = x;
	return error;
}

int som_retention_report(som_buf *out, som_store *store, const char *from,
	const char *to, int json)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0, first = 1;

	if ((from && (error = check_date(from)) != 0) || (to && (error = check_date(to)) != 0))
		return error;
	if (sqlite3_prepare_v2(store->db, "SELECT rule, substr(time, 1, 7), count(*),"
			" group_concat(DISTINCT plan_version) FROM disposal_log"
			" WHERE (?1 IS NULL OR substr(time, 1, 10) >= ?1)"
			" AND (?2 IS NULL OR substr(time, 1, 10) <= ?2)"
			" GROUP BY rule, substr(time, 1, 7) ORDER BY 2, 1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the disposal log");
	som_store__bind_text(st, 1, from);
	som_store__bind_text(st, 2, to);
	if (json && (error = som_buf_puts(out, "{\"disposed\":[")) != 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *rule = (const char *)sqlite3_column_text(st, 0);
		const char *month = (const char *)sqlite3_column_text(st, 1);
		const char *pv = (const char *)sqlite3_column_text(st, 3);
		long long count = sqlite3_column_int64(st, 2);
		if (json) {
			som_json_writer w;
			if (!first && (error = som_buf_puts(out, ",")) != 0)
				goto done;
			som_json__obj_begin(&w, out);
			som_json__kv_str(&w, "rule", rule);
			som_json__kv_str(&w, "month", month);
			som_json__kv_int(&w, "items", count);
			som_json__kv_str(&w, "plan_versions", pv);
			if ((error = som_json__obj_end(&w)) != 0)
				goto done;
		} else if ((error = som_buf_printf(out, "%s\t%s\t%lld\t%s\n", month, rule, count,
				pv ? pv : "")) != 0) {
			goto done;
		}
		first = 0;
	}
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot read the disposal log");
		goto done;
	}
	if (json)
		error = som_buf_puts(out, "]}");
done:
	sqlite3_finalize(st);
	return error;
}

static const char *const hold_kinds[] = { NULL, "account", "case", "item", "query", "request" };

/*
 * The end of a change to hold `id`: audited as `action`, then committed.
 * On an error the transaction is rolled back here, so it is over either way.
 */
static int hold_audit_commit(som_store *store, const char *action, int64_t id,
	const char *details)
{
	char target[32];
	int error;

	snprintf(target, sizeof(target), "hold:%lld", (long long)id);
	if ((error = som_audit_append(store, action, target, details)) != 0) {
		som_store__rollback(store);
		return error;
	}
	return som_store__commit(store);
}

int som_hold_add(int64_t *id_out, som_store *store, int kind, const char *target,
	const char *reason, const char *ref)
{
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT;
	char now[32];
	int64_t id = 0;
	int error, in_tx = 0;

	if (kind < SOM_HOLD_ACCOUNT || kind > SOM_HOLD_REQUEST)
		return som__error(SOM_EINVALID, "unknown kind of hold %d", kind);
	if (!target || !*target)
		return som__error(SOM_EINVALID, "a %s hold needs a target", hold_kinds[kind]);
	if (!reason || !*reason)
		return som__error(SOM_EINVALID, "a hold needs a reason");
	if (kind == SOM_HOLD_QUERY) {
		som_buf fts = SOM_BUF_INIT;
		error = som_search_query_to_fts(&fts, target);
		som_buf_dispose(&fts);
		if (error)
			return error;
	}
	if ((error = som_store__need_writer(store, "hold add")) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	in_tx = 1;
	if (kind == SOM_HOLD_ACCOUNT || kind == SOM_HOLD_ITEM || kind == SOM_HOLD_CASE) {
		static const char *const exists_sql[] = {
			"SELECT 1 FROM account WHERE CAST(id AS TEXT) = ?1 OR handle = ?1"
			" OR platform || ':' || handle = ?1",
			"SELECT 1 FROM registry_case WHERE number = ?1",
			"SELECT 1 FROM item WHERE CAST(id AS TEXT) = ?1",
		};
		static const char *const what[] = { "account", "case", "item" };
		int k = kind - SOM_HOLD_ACCOUNT, found;
		if (sqlite3_prepare_v2(store->db, exists_sql[k], -1, &st, NULL) != SQLITE_OK)
			goto sqlerr;
		sqlite3_bind_text(st, 1, target, -1, SQLITE_TRANSIENT);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		st = NULL;
		if (!found) {
			error = som__error(SOM_ENOTFOUND, "no %s '%s'", what[k], target);
			goto done;
		}
	}
	som__now(now);
	if (sqlite3_prepare_v2(store->db, "INSERT INTO hold(kind, target, reason, ref, created, \"by\")"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_text(st, 1, hold_kinds[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, target, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
	som_store__bind_text(st, 4, ref);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, som_store_actor(store), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	id = sqlite3_last_insert_rowid(store->db);
	{
		som_json_writer w;
		som_json__obj_begin(&w, &details);
		som_json__kv_str(&w, "kind", hold_kinds[kind]);
		som_json__kv_str(&w, "target", target);
		som_json__kv_str(&w, "reason", reason);
		if (ref)
			som_json__kv_str(&w, "ref", ref);
		if ((error = som_json__obj_end(&w)) != 0)
			goto done;
	}
	error = hold_audit_commit(store, "hold.add", id, details.ptr);
	in_tx = 0;
	goto done;
sqlerr:
	error = som_store__sqlerr(store, "cannot add the hold");
done:
	if (in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som_buf_dispose(&details);
	if (!error && id_out)
		*id_out = id;
	return error;
}

int som_hold_lift(som_store *store, int64_t id, const char *reason)
{
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT;
	char now[32];
	int error, in_tx = 0;

	if (!reason || !*reason)
		return som__error(SOM_EINVALID, "lifting a hold needs a reason");
	if ((error = som_store__need_writer(store, "hold lift")) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	in_tx = 1;
	if (sqlite3_prepare_v2(store->db, "SELECT lifted FROM hold WHERE id = ?1", -1, &st,
			NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error = som__error(SOM_ENOTFOUND, "no hold '%lld'", (long long)id);
		goto done;
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		error = som__error(SOM_EINVALID, "hold '%lld' is lifted already", (long long)id);
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	som__now(now);
	if (sqlite3_prepare_v2(store->db, "UPDATE hold SET lifted = ?2, lifted_by = ?3,"
			" lift_reason = ?4 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, som_store_actor(store), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	{
		som_json_writer w;
		som_json__obj_begin(&w, &details);
		som_json__kv_str(&w, "reason", reason);
		if ((error = som_json__obj_end(&w)) != 0)
			goto done;
	}
	error = hold_audit_commit(store, "hold.lift", id, details.ptr);
	in_tx = 0;
	goto done;
sqlerr:
	error = som_store__sqlerr(store, "cannot lift the hold");
done:
	if (in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som_buf_dispose(&details);
	return error;
}

int som_hold_list(som_buf *out, som_store *store, int all)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT id, kind, target,"
			" CASE WHEN lifted IS NULL THEN 'active' ELSE 'lifted' END, reason, coalesce(ref, '')"
			" FROM hold WHERE ?1 OR lifted IS NULL ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot list holds");
	sqlite3_bind_int(st, 1, all);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = som_buf_printf(out, "%lld\t%s\t%s\t%s\t%s\t%s\n",
				(long long)sqlite3_column_int64(st, 0),
				(const char *)sqlite3_column_text(st, 1),
				(const char *)sqlite3_column_text(st, 2),
				(const char *)sqlite3_column_text(st, 3),
				(const char *)sqlite3_column_text(st, 4),
				(const char *)sqlite3_column_text(st, 5))) != 0)
			break;
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot list holds");
	sqlite3_finalize(st);
	return error;
}
