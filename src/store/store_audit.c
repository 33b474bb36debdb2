/*
 * The audit log: append-only rows of the audit table, each holding the
 * SHA-256 of the previous entry and of itself, so that verify can name the
 * first entry that was changed, removed or inserted. The head (count and
 * last hash) is also kept in meta, so that cutting entries off the end is
 * detected too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/crypto.h"
#include "formats/json.h"
#include "store/store.h"
#include "somarkiv/audit.h"

static const char genesis[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* Each field length-prefixed, so no content can imitate a separator. */
static int entry_hash(char out[65], int64_t seq, const char *time, const char *actor,
	const char *action, const char *target, const char *details, const char *prev)
{
	const char *fields[] = { time, actor, action, target, details, prev };
	som_sha256 *sha = som_sha256__new();
	char num[32];
	int error = 0, n;

	if (!sha)
		return som_error_code();
	n = snprintf(num, sizeof(num), "somarkiv-audit-1 %lld\n", (long long)seq);
	error = som_sha256__update(sha, num, (size_t)n);
	for (size_t i = 0; !error && i < SOM_ARRAY_SIZE(fields); i++) {
		size_t len = fields[i] ? strlen(fields[i]) : 0;
		n = snprintf(num, sizeof(num), "%zu:", len);
		if ((error = som_sha256__update(sha, num, (size_t)n)) == 0)
			error = som_sha256__update(sha, fields[i] ? fields[i] : "", len);
	}
	if (error) {
		som_sha256__free(sha);
		return error;
	}
	return som_sha256__final(out, sha);
}

static int meta_set(som_store *store, const char *key, const char *value)
{
	sqlite3_stmt *st = som_store__stmt(store, SOM_STMT_META_SET,
		"INSERT INTO meta(key, value) VALUES (?1, ?2) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value");

	if (!st)
		return SOM_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		return som_store__sqlerr(store, "cannot write meta");
	sqlite3_reset(st);
	return 0;
}

int som_audit_append(som_store *store, const char *action, const char *target,
	const char *details)
{
	sqlite3_stmt *st;
	char prev[65], hash[65], now[32], count[32];
	int64_t seq = 1;
	int rc, error;

	if ((error = som_store__begin(store)) != 0)
		return error;
	if (!(st = som_store__stmt(store, SOM_STMT_AUDIT_LAST,
			"SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))) {
		error = SOM_ERROR;
		goto done;
	}
	memcpy(prev, genesis, sizeof(prev));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(st, 1));
	} else if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot read the audit log");
		goto done;
	}
	sqlite3_reset(st);
	if (!details || !*details)
		details = "{}";
	som__now(now);
	if ((error = entry_hash(hash, seq, now, store->actor, action, target, details,
			prev)) != 0)
		goto done;
	if (!(st = som_store__stmt(store, SOM_STMT_AUDIT_INSERT,
			"INSERT INTO audit(seq, time, actor, action, target, details, prev, hash) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"))) {
		error = SOM_ERROR;
		goto done;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, store->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, target, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, details, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot append to the audit log");
		goto done;
	}
	sqlite3_reset(st);
	snprintf(count, sizeof(count), "%lld", (long long)seq);
	if ((error = meta_set(store, "audit_head", hash)) != 0 ||
	    (error = meta_set(store, "audit_count", count)) != 0)
		goto done;
done:
	if (error) {
		som_store__rollback(store);
		return error;
	}
	return som_store__commit(store);
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

int som_audit_foreach(som_store *store, int64_t from, som_audit_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_audit_entry e;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db,
			"SELECT seq, time, actor, action, target, details, prev, hash "
			"FROM audit WHERE seq >= ?1 ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the audit log");
	sqlite3_bind_int64(st, 1, from);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		e.seq = sqlite3_column_int64(st, 0);
		e.time = col(st, 1);
		e.actor = col(st, 2);
		e.action = col(st, 3);
		e.target = col(st, 4);
		e.details = col(st, 5);
		e.prev = col(st, 6);
		e.hash = col(st, 7);
		if ((error = cb(&e, payload)) != 0)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read the audit log");
	sqlite3_finalize(st);
	return error;
}

struct verify_state {
	int64_t expect_seq;
	char prev[65];
	int64_t bad;
};

static int verify_entry(const som_audit_entry *e, void *payload)
{
	struct verify_state *vs = payload;
	char hash[65];
	int error;

	if (e->seq != vs->expect_seq) {
		vs->bad = vs->expect_seq;
		return som__error(SOM_ECORRUPT, "audit log broken at entry %lld: %s",
			(long long)vs->expect_seq, e->seq > vs->expect_seq ?
			"the entry is missing" : "entries out of order");
	}
	if (strcmp(e->prev, vs->prev) != 0) {
		vs->bad = e->seq;
		return som__error(SOM_ECORRUPT,
			"audit log broken at entry %lld: it does not follow entry %lld",
			(long long)e->seq, (long long)e->seq - 1);
	}
	if ((error = entry_hash(hash, e->seq, e->time, e->actor, e->action, e->target,
			e->details, e->prev)) != 0)
		return error;
	if (strcmp(hash, e->hash) != 0) {
		vs->bad = e->seq;
		return som__error(SOM_ECORRUPT,
			"audit log broken at entry %lld (%s %s): its content does not match its hash",
			(long long)e->seq, e->action, e->target);
	}
	memcpy(vs->prev, e->hash, sizeof(vs->prev));
	vs->expect_seq++;
	return 0;
}

static int meta_get(som_store *store, const char *key, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(store->db, "SELECT value FROM meta WHERE key = ?1", -1, &st,
			NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read meta");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, size, "%s", col(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
		som_store__sqlerr(store, "cannot read meta");
}

int som_audit_verify(int64_t *count_out, int64_t *bad_out, som_store *store)
{
	struct verify_state vs;
	char head[65], count[32];
	int64_t n;
	int error;

	vs.expect_seq = 1;
	vs.bad = 0;
	memcpy(vs.prev, genesis, sizeof(vs.prev));
	if (bad_out)
		*bad_out = 0;
	error = som_audit_foreach(store, 1, verify_entry, &vs);
	n = vs.expect_seq - 1;
	if (count_out)
		*count_out = n;
	if (error) {
		if (bad_out)
			*bad_out = vs.bad;
		return error;
	}
	if ((error = meta_get(store, "audit_head", head, sizeof(head))) != 0 ||
	    (error = meta_get(store, "audit_count", count, sizeof(count))) != 0)
		return error;
	if (strtoll(count, NULL, 10) != n || (n > 0 && strcmp(head, vs.prev) != 0)) {
		if (bad_out)
			*bad_out = n + 1;
		return som__error(SOM_ECORRUPT,
			"audit log broken at entry %lld: the log ends early (%s entries were written)",
			(long long)n + 1, *count ? count : "?");
	}
	return 0;
}

int som_audit_entry_to_json(som_buf *out, const som_audit_entry *e)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "seq", e->seq);
	som_json__kv_str(&w, "time", e->time);
	som_json__kv_str(&w, "actor", e->actor);
	som_json__kv_str(&w, "action", e->action);
	som_json__kv_str(&w, "target", e->target);
	som_json__kv_raw(&w, "details", e->details && *e->details == '{' ? e->details : "{}");
	som_json__kv_str(&w, "prev", e->prev);
	som_json__kv_str(&w, "hash", e->hash);
	return som_json__obj_end(&w);
}
