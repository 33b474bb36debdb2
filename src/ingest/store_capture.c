/*
 * The capture writer: stores each item an importer hands over (its raw
 * bytes as an object, the item, a new version when its text or edit time
 * changed, its full-text entry, its attachments), then the attachments'
 * bytes, marks items gone from a full export as removed-from-platform, and
 * records the capture with its counts and report. All in one transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ingest/capture.h"
#include "util/crypto.h"
#include "formats/json.h"
#include "formats/mime.h"
#include "store/store.h"
#include "somarkiv/audit.h"
#include "somarkiv/item.h"

/* Past this many, problems are counted but not each kept. */
#define MAX_REPORTED_PROBLEMS 10000
/* The page cache during a capture, and after it (as src/store/store.c opens the store). */
#define CAPTURE_CACHE "-49152"
#define STORE_CACHE "PRAGMA cache_size = -65536"

struct som_sink {
	som_store *store;
	som_source *src;
	const som_importer *importer;
	int64_t account_id;
	char *account_handle;
	char *platform;
	int64_t capture_id;
	int full;
	int fresh;                /* the account held no items when the capture began */
	char started[32];
	char max_created[32];     /* the newest item of this capture */
	unsigned char *want;      /* source entries holding named attachments */
	int64_t n_new, n_changed, n_unchanged, n_removed;
	int64_t n_attachments, n_missing, n_problems, n_items;
	unsigned kinds_seen;      /* bit i: kinds[i] occurs in this capture */
	som_buf report;           /* JSON array under construction */
	som_ingest_progress_cb progress;
	void *payload;
};

static const char *const kinds[] = { "post", "comment", "reply", "share", "message", NULL };

const char *const *som_item_kinds(void)
{
	return kinds;
}

const char *som_sink__account_handle(const som_sink *sink)
{
	return sink->account_handle;
}

int som_sink__problem(som_sink *sink, const char *file, const char *where,
	const char *fmt, ...)
{
	som_buf msg = SOM_BUF_INIT, shown = SOM_BUF_INIT, safe_file = SOM_BUF_INIT,
		safe_where = SOM_BUF_INIT;
	som_json_writer w;
	va_list ap;
	int error;

	sink->n_problems++;
	if (sink->n_problems > MAX_REPORTED_PROBLEMS)
		return 0;
	va_start(ap, fmt);
	error = som_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	/*
	 * Names, places and messages quote the source (entry names, ids,
	 * attachment paths): the report keeps each on one line, escaped.
	 */
	if (error || (error = som_buf_put_display(&shown, msg.ptr)) != 0 ||
	    (file && (error = som_buf_put_display(&safe_file, file)) != 0) ||
	    (where && (error = som_buf_put_display(&safe_where, where)) != 0))
		goto done;
	if ((error = som_buf_putc(&sink->report, sink->report.size > 1 ? ',' : ' ')) != 0)
		goto done;
	som_json__obj_begin(&w, &sink->report);
	som_json__kv_str(&w, "file", file ? safe_file.ptr : NULL);
	som_json__kv_str(&w, "where", where ? safe_where.ptr : NULL);
	som_json__kv_str(&w, "problem", shown.ptr);
	error = som_json__obj_end(&w);
done:
	som_buf_dispose(&msg);
	som_buf_dispose(&shown);
	som_buf_dispose(&safe_file);
	som_buf_dispose(&safe_where);
	return error;
}

/* The index of a kind in kinds[], or -1. */
static int kind_index(const char *k)
{
	for (int i = 0; kinds[i]; i++)
		if (!strcmp(kinds[i], k))
			return i;
	return -1;
}

static int bad(const char *file, const char *where, const char *what)
{
	return som__error(SOM_EINVALID, "cannot read '%s': %s: %s", file,
		where ? where : "item", what);
}

/*
 * Bind a possibly-NULL text without copying it: every text bound here
 * outlives the step that reads it (the statement is reset, and its
 * bindings cleared, before its next use).
 */
static void bind_static(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Store the item's attachments' names; mark the entries to read later. */
static int record_attachments(som_sink *sink, int64_t item_id, const som_item_in *in,
	const char *file, const char *where)
{
	sqlite3_stmt *st;
	int64_t idx;
	int rc, has_digest;

	for (size_t i = 0; i < in->n_attachments; i++) {
		const som_attachment_in *a = &in->attachments[i];
		if (!a->path || !*a->path)
			continue;
		if (!(st = som_store__stmt(sink->store, SOM_STMT_ATTACH_INSERT,
				"INSERT INTO attachment(item_id, path, mime, description) "
				"VALUES (?1, ?2, ?3, ?4) ON CONFLICT(item_id, path) DO UPDATE SET "
				"description = coalesce(excluded.description, description) "
				"RETURNING digest IS NOT NULL")))
			return SOM_ERROR;
		sqlite3_bind_int64(st, 1, item_id);
		bind_static(st, 2, a->path);
		bind_static(st, 3, a->mime && *a->mime ? a->mime : som__mime_guess(a->path));
		bind_static(st, 4, a->description && *a->description ? a->description : NULL);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			return som_store__sqlerr(sink->store, "cannot record an attachment");
		has_digest = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		idx = som_source__find(sink->src, a->path);
		if (idx >= 0) {
			if (!has_digest)
				sink->want[idx] = 1;
			continue;
		}
		sink->n_missing++;
		if ((rc = som_sink__problem(sink, file, where,
			has_digest ? "attachment '%s' is missing from this export (kept from an earlier capture)" :
			"attachment '%s' is missing from the export", a->path)) != 0)
			return rc;
	}
	return 0;
}

static int insert_version(som_sink *sink, int64_t item_id, int64_t seq, const char *edited,
	const char *text, const char *raw_hex)
{
	sqlite3_stmt *st = som_store__stmt(sink->store, SOM_STMT_VERSION_INSERT,
		"INSERT INTO version(item_id, seq, capture_id, edited, text, raw_digest) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	int64_t vid;

	if (!st)
		return SOM_ERROR;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_int64(st, 3, sink->capture_id);
	bind_static(st, 4, edited);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, raw_hex, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return som_store__sqlerr(sink->store, "cannot store a version");
	vid = sqlite3_last_insert_rowid(sink->store->db);
	sqlite3_reset(st);
	if (!(st = som_store__stmt(sink->store, SOM_STMT_FTS_INSERT,
			"INSERT INTO version_fts(rowid, text) VALUES (?1, ?2)")))
		return SOM_ERROR;
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return som_store__sqlerr(sink->store, "cannot index a version");
	sqlite3_reset(st);
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/*
 * Insert a new item (its first version comes separately): *id_out is its
 * id, or 0 when the account holds an item of that id already.
 */
static int insert_item(int64_t *id_out, som_sink *sink, const som_item_in *in,
	const char *created)
{
	sqlite3_stmt *st = som_store__stmt(sink->store, SOM_STMT_ITEM_INSERT,
		"INSERT INTO item(account_id, platform, platform_id, kind, parent_platform_id, "
		"author_name, author_id, by_account, created, url, format, first_capture, "
		"current_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1) "
		"ON CONFLICT(account_id, platform_id) DO NOTHING");

	*id_out = 0;
	if (!st)
		return SOM_ERROR;
	sqlite3_bind_int64(st, 1, sink->account_id);
	sqlite3_bind_text(st, 2, sink->platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->platform_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->kind, -1, SQLITE_STATIC);
	bind_static(st, 5, in->parent_id && *in->parent_id ? in->parent_id : NULL);
	bind_static(st, 6, in->author_name);
	bind_static(st, 7, in->author_id);
	sqlite3_bind_int(st, 8, in->by_account ? 1 : 0);
	sqlite3_bind_text(st, 9, created, -1, SQLITE_STATIC);
	bind_static(st, 10, in->url);
	sqlite3_bind_text(st, 11, sink->importer->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, sink->capture_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return som_store__sqlerr(sink->store, "cannot store an item");
	if (sqlite3_changes(sink->store->db) > 0)
		*id_out = sqlite3_last_insert_rowid(sink->store->db);
	sqlite3_reset(st);
	return 0;
}

int som_sink__item(som_sink *sink, const som_item_in *in, const char *file,
	const char *where)
{
	sqlite3_stmt *st;
	char raw_hex[65], created[32], edited[32];
	const char *text = in->text ? in->text : "";
	int64_t item_id = 0, cur_seq = 0, bad_at;
	int rc, error, removed = 0, seen_before;

	if (!in->platform_id || !*in->platform_id)
		return bad(file, where, "an item without an id");
	if (strlen(in->platform_id) > 2048)
		return bad(file, where, "an item id longer than 2048 bytes");
	if (!in->kind || kind_index(in->kind) < 0)
		return som__error(SOM_EINVALID, "cannot read '%s': %s: unknown kind '%s'", file,
			where ? where : "item", in->kind ? in->kind : "");
	if (!in->created || som__time_normalize(created, in->created) != 0)
		return som__error(SOM_EINVALID, "cannot read '%s': %s: bad or missing time '%s'",
			file, where ? where : "item", in->created ? in->created : "");
	if (in->edited && *in->edited && som__time_normalize(edited, in->edited) != 0)
		return som__error(SOM_EINVALID, "cannot read '%s': %s: bad edit time '%s'",
			file, where ? where : "item", in->edited);
	if (!in->raw || !in->raw_len)
		return bad(file, where, "an item without its raw source");
	if (strlen(text) > SOM_JSON_MAX_ITEM)
		return bad(file, where, "text larger than 16 MiB");
	if ((bad_at = som__utf8_invalid_at(text, strlen(text))) >= 0)
		return som__error(SOM_EINVALID, "cannot read '%s': %s: invalid UTF-8 in the text at byte %lld",
			file, where ? where : "item", (long long)bad_at);

	if ((error = som_object_put(raw_hex, sink->store, in->raw, in->raw_len)) != 0)
		return error;
	sink->kinds_seen |= 1u << kind_index(in->kind);
	if (strcmp(created, sink->max_created) > 0)
		memcpy(sink->max_created, created, sizeof(created));

	/*
	 * An account's first capture finds few items it holds already (only
	 * those twice in the export): insert first, and look up on a conflict.
	 * Later captures find most: look up first.
	 */
	if (sink->fresh) {
		if ((error = insert_item(&item_id, sink, in, created)) != 0)
			return error;
		if (item_id)
			goto inserted;
	}
	if (!(st = som_store__stmt(sink->store, SOM_STMT_ITEM_FIND,
			"SELECT i.id, i.current_version, i.removed_capture IS NOT NULL, v.text, v.edited, "
			"  i.first_capture = ?3 OR EXISTS(SELECT 1 FROM seen WHERE item_id = i.id) "
			"FROM item i JOIN version v ON v.item_id = i.id AND v.seq = i.current_version "
			"WHERE i.account_id = ?1 AND i.platform_id = ?2")))
		return SOM_ERROR;
	sqlite3_bind_int64(st, 1, sink->account_id);
	sqlite3_bind_text(st, 2, in->platform_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, sink->capture_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *old_edited = (const char *)sqlite3_column_text(st, 4);
		item_id = sqlite3_column_int64(st, 0);
		cur_seq = sqlite3_column_int64(st, 1);
		removed = sqlite3_column_int(st, 2);
		seen_before = sqlite3_column_int(st, 5);
		if (!strcmp((const char *)sqlite3_column_text(st, 3), text) &&
		    same(old_edited, in->edited && *in->edited ? edited : NULL)) {
			sqlite3_reset(st);
			if (!seen_before)
				sink->n_unchanged++;
			goto seen;
		}
		sqlite3_reset(st);
		/*
		 * An earlier state seen again (an archive that holds every version
		 * of an edited post, read a second time) is no change.
		 */
		if (!(st = som_store__stmt(sink->store, SOM_STMT_VERSION_FIND,
				"SELECT 1 FROM version WHERE item_id = ?1 AND seq < ?2 AND text = ?3 "
				"AND edited IS ?4 LIMIT 1")))
			return SOM_ERROR;
		sqlite3_bind_int64(st, 1, item_id);
		sqlite3_bind_int64(st, 2, cur_seq);
		sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
		bind_static(st, 4, in->edited && *in->edited ? edited : NULL);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW) {
			if (!seen_before)
				sink->n_unchanged++;
			goto seen;
		}
		if (rc != SQLITE_DONE)
			return som_store__sqlerr(sink->store, "cannot look up a version");
		/*
		 * Seen already in this capture, and counted unchanged then (an
		 * earlier state came first): it is a changed one after all.
		 */
		if (seen_before) {
			if (!(st = som_store__stmt(sink->store, SOM_STMT_ITEM_COUNTED_UNCHANGED,
					"SELECT first_capture <> ?2 AND NOT EXISTS(SELECT 1 FROM version "
					"WHERE item_id = ?1 AND capture_id = ?2) FROM item WHERE id = ?1")))
				return SOM_ERROR;
			sqlite3_bind_int64(st, 1, item_id);
			sqlite3_bind_int64(st, 2, sink->capture_id);
			rc = sqlite3_step(st);
			if (rc != SQLITE_ROW) {
				sqlite3_reset(st);
				return som_store__sqlerr(sink->store, "cannot look up an item");
			}
			if (sqlite3_column_int(st, 0)) {
				sink->n_unchanged--;
				sink->n_changed++;
			}
			sqlite3_reset(st);
		}
		if ((error = insert_version(sink, item_id, cur_seq + 1,
				in->edited && *in->edited ? edited : NULL, text, raw_hex)) != 0)
			return error;
		if (!(st = som_store__stmt(sink->store, SOM_STMT_ITEM_SET_VERSION,
				"UPDATE item SET current_version = ?2 WHERE id = ?1")))
			return SOM_ERROR;
		sqlite3_bind_int64(st, 1, item_id);
		sqlite3_bind_int64(st, 2, cur_seq + 1);
		if (sqlite3_step(st) != SQLITE_DONE)
			return som_store__sqlerr(sink->store, "cannot update an item");
		sqlite3_reset(st);
		if (!seen_before)
			sink->n_changed++;
		goto seen;
	}
	if (rc != SQLITE_DONE)
		return som_store__sqlerr(sink->store, "cannot look up an item");
	sqlite3_reset(st);

	if ((error = insert_item(&item_id, sink, in, created)) != 0)
		return error;
	if (!item_id)
		return som__error(SOM_ECORRUPT, "store '%s': item '%s' of account %lld has no "
			"current version", sink->store->path, in->platform_id,
			(long long)sink->account_id);
inserted:
	if ((error = insert_version(sink, item_id, 1, in->edited && *in->edited ? edited : NULL,
			text, raw_hex)) != 0)
		return error;
	sink->n_new++;
	/* A new item is known seen by its first_capture: no row in seen needed. */
	seen_before = 1;
seen:
	if (removed) {
		/* Back on the platform: no longer removed. */
		if (!(st = som_store__stmt(sink->store, SOM_STMT_ITEM_UNREMOVE,
				"UPDATE item SET removed_capture = NULL WHERE id = ?1")))
			return SOM_ERROR;
		sqlite3_bind_int64(st, 1, item_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			return som_store__sqlerr(sink->store, "cannot update an item");
		sqlite3_reset(st);
		if ((error = som_sink__problem(sink, file, where,
				"item '%s' is back on the platform", in->platform_id)) != 0)
			return error;
	}
	if (!seen_before) {
		if (!(st = som_store__stmt(sink->store, SOM_STMT_SEEN_INSERT,
				"INSERT OR IGNORE INTO seen(item_id) VALUES (?1)")))
			return SOM_ERROR;
		sqlite3_bind_int64(st, 1, item_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			return som_store__sqlerr(sink->store, "cannot track an item");
		sqlite3_reset(st);
	}
	if ((error = record_attachments(sink, item_id, in, file, where)) != 0)
		return error;
	if (sink->progress && ++sink->n_items % 10000 == 0)
		sink->progress(sink->n_items, sink->payload);
	return 0;
}

/* Back to the store's own page cache; never fails the caller (it only tunes). */
static void restore_cache(som_store *store)
{
	sqlite3_exec(store->db, STORE_CACHE, NULL, NULL, NULL);
}

int som_capture__begin(som_sink **out, som_store *store, int64_t account_id,
	som_source *src, const som_importer *importer, const som_ingest_options *opts)
{
	som_sink *sink;
	sqlite3_stmt *st = NULL;
	int error;

	*out = NULL;
	if (!(sink = som__calloc(1, sizeof(*sink))))
		return SOM_ENOMEM;
	sink->store = store;
	sink->src = src;
	sink->importer = importer;
	sink->account_id = account_id;
	sink->full = importer->full && !(opts && opts->partial);
	sink->progress = opts ? opts->progress : NULL;
	sink->payload = opts ? opts->payload : NULL;
	som__now(sink->started);
	if (!(sink->want = som__calloc(som_source__count(src) + 1, 1)) ||
	    som_buf_putc(&sink->report, '[')) {
		error = SOM_ENOMEM;
		goto fail;
	}
	if ((error = som_store__begin(store)) != 0)
		goto fail;
	if ((error = som_store__exec(store, "PRAGMA temp_store = MEMORY;"
			"CREATE TEMP TABLE IF NOT EXISTS seen(item_id INTEGER PRIMARY KEY);"
			"DELETE FROM seen;"
			/*
			 * Full-text entries gather in memory up to 'hashsize' before
			 * FTS5 writes them as a segment: 16 MiB instead of 1 makes
			 * fewer, larger segments and far less merging (ingest about
			 * 5% faster at 300 000 items, more at a million). The page
			 * cache gives up as much during the capture, so that peak
			 * memory stays where it was (about 80 MB).
			 */
			"INSERT INTO version_fts(version_fts, rank) VALUES ('hashsize', 16777216);"
			"PRAGMA cache_size = " CAPTURE_CACHE)) != 0)
		goto fail_tx;
	if (sqlite3_prepare_v2(store->db, "SELECT platform, handle FROM account WHERE id = ?1",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read the account");
		goto fail_tx;
	}
	sqlite3_bind_int64(st, 1, account_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error = som__error(SOM_ENOTFOUND, "no account %lld", (long long)account_id);
		goto fail_tx;
	}
	sink->platform = som_store__col_dup(st, 0, &error);
	sink->account_handle = som_store__col_dup(st, 1, &error);
	sqlite3_finalize(st);
	st = NULL;
	if (error)
		goto fail_tx;
	if (sqlite3_prepare_v2(store->db, "SELECT NOT EXISTS(SELECT 1 FROM item WHERE account_id = ?1)",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot read the account");
		goto fail_tx;
	}
	sqlite3_bind_int64(st, 1, account_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error = som_store__sqlerr(store, "cannot read the account");
		goto fail_tx;
	}
	sink->fresh = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	/* A platform-neutral format (the canonical NDJSON) keeps the account's platform. */
	if (strcmp(importer->platform, "any") != 0) {
		som__free(sink->platform);
		if (!(sink->platform = som__strdup(importer->platform))) {
			error = SOM_ENOMEM;
			goto fail_tx;
		}
	}
	if (sqlite3_prepare_v2(store->db,
			"INSERT INTO capture(account_id, source_name, source_sha256, format, started, "
			"finished, actor, full, n_new, n_changed, n_unchanged, n_removed, n_attachments, "
			"n_missing, n_problems, report) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, "
			"0, 0, 0, 0, 0, 0, 0, '[]')", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot record the capture");
		goto fail_tx;
	}
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, som_source__name(src), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, som_source__sha256(src), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, importer->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, sink->started, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, store->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, sink->full);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot record the capture");
		goto fail_tx;
	}
	sink->capture_id = sqlite3_last_insert_rowid(store->db);
	sqlite3_finalize(st);
	*out = sink;
	return 0;
fail_tx:
	sqlite3_finalize(st);
	som_store__rollback(store);
	restore_cache(store);
fail:
	som_buf_dispose(&sink->report);
	som__free(sink->want);
	som__free(sink->platform);
	som__free(sink->account_handle);
	som__free(sink);
	return error;
}

static void sink_free(som_sink *sink)
{
	if (!sink)
		return;
	som_buf_dispose(&sink->report);
	som__free(sink->want);
	som__free(sink->platform);
	som__free(sink->account_handle);
	som__free(sink);
}

void som_capture__abort(som_sink *sink)
{
	if (!sink)
		return;
	som_store__rollback(sink->store);
	restore_cache(sink->store);
	sink_free(sink);
}

static int store_entry(const char *name, int64_t size, som_source_reader *r, void *payload)
{
	som_sink *sink = payload;
	som_object_writer *w = NULL;
	sqlite3_stmt *st;
	char chunk[65536], hex[65];
	int64_t stored = 0;
	ssize_t n;
	int error;

	(void)size;
	if ((error = som_object__writer_new(&w, sink->store)) != 0)
		return error;
	while ((n = som_source__read(r, chunk, sizeof(chunk))) > 0) {
		if ((error = som_object__writer_write(w, chunk, (size_t)n)) != 0) {
			som_object__writer_abort(w);
			return error;
		}
	}
	if (n < 0) {
		som_object__writer_abort(w);
		return (int)n;
	}
	if ((error = som_object__writer_finish(hex, &stored, w)) != 0)
		return error;
	if (!(st = som_store__stmt(sink->store, SOM_STMT_ATTACH_SET,
			"UPDATE attachment SET digest = ?1, size = ?2 WHERE path = ?3 AND digest IS NULL "
			"AND item_id IN (SELECT id FROM item WHERE account_id = ?4)")))
		return SOM_ERROR;
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, stored);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, sink->account_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return som_store__sqlerr(sink->store, "cannot record an attachment");
	sqlite3_reset(st);
	sink->n_attachments++;
	return 0;
}

int som_capture__attachments(som_sink *sink)
{
	size_t n = som_source__count(sink->src), wanted = 0;

	for (size_t i = 0; i < n; i++)
		wanted += sink->want[i];
	if (!wanted)
		return 0;
	return som_source__foreach(sink->src, sink->want, store_entry, sink);
}

/*
 * Items of this account and format that a full export no longer holds are
 * removed from the platform, unless they are newer than anything in this
 * export (then the export is older than they are, and says nothing), or of
 * a kind the export holds none of (the owner may leave out a category, such
 * as messages, when downloading).
 */
static int mark_removed(som_sink *sink)
{
	sqlite3_stmt *st = NULL;
	som_buf sql = SOM_BUF_INIT;
	int error = 0, n = 0;

	if (!sink->full || !sink->max_created[0])
		return 0;
	error = som_buf_puts(&sql,
		"UPDATE item SET removed_capture = ?1 WHERE account_id = ?2 AND format = ?3 "
		"AND removed_capture IS NULL AND created <= ?4 AND first_capture <> ?1 "
		"AND id NOT IN (SELECT item_id FROM seen) AND kind IN (");
	for (int i = 0; !error && kinds[i]; i++)
		if (sink->kinds_seen & (1u << i))
			error = som_buf_printf(&sql, "%s'%s'", n++ ? "," : "", kinds[i]);
	if (!error)
		error = som_buf_putc(&sql, ')');
	if (error) {
		som_buf_dispose(&sql);
		return error;
	}
	if (sqlite3_prepare_v2(sink->store->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
		som_buf_dispose(&sql);
		return som_store__sqlerr(sink->store, "cannot mark removed items");
	}
	som_buf_dispose(&sql);
	sqlite3_bind_int64(st, 1, sink->capture_id);
	sqlite3_bind_int64(st, 2, sink->account_id);
	sqlite3_bind_text(st, 3, sink->importer->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sink->max_created, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = som_store__sqlerr(sink->store, "cannot mark removed items");
	else
		sink->n_removed += sqlite3_changes(sink->store->db);
	sqlite3_finalize(st);
	return error;
}

int som_sink__gone(som_sink *sink, const char *platform_id)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(sink->store->db, "UPDATE item SET removed_capture = ?1 "
			"WHERE account_id = ?2 AND platform_id = ?3 AND removed_capture IS NULL",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(sink->store, "cannot mark an item removed");
	sqlite3_bind_int64(st, 1, sink->capture_id);
	sqlite3_bind_int64(st, 2, sink->account_id);
	sqlite3_bind_text(st, 3, platform_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = som_store__sqlerr(sink->store, "cannot mark an item removed");
	else
		sink->n_removed += sqlite3_changes(sink->store->db);
	sqlite3_finalize(st);
	return error;
}

int som_sink__current(char out[32], int *found, som_sink *sink, const char *platform_id)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	*found = 0;
	out[0] = '\0';
	if (sqlite3_prepare_v2(sink->store->db, "SELECT coalesce(v.edited, i.created) FROM item i "
			"JOIN version v ON v.item_id = i.id AND v.seq = i.current_version "
			"WHERE i.account_id = ?1 AND i.platform_id = ?2", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(sink->store, "cannot look up an item");
	sqlite3_bind_int64(st, 1, sink->account_id);
	sqlite3_bind_text(st, 2, platform_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = 1;
		snprintf(out, 32, "%s", (const char *)sqlite3_column_text(st, 0));
	} else if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(sink->store, "cannot look up an item");
	}
	sqlite3_finalize(st);
	return error;
}

int som_capture__finish(som_capture **out, som_sink *sink)
{
	som_store *store = sink->store;
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char finished[32];
	int error;

	if ((error = mark_removed(sink)) != 0)
		goto fail;
	if (!sink->n_new && !sink->n_changed && !sink->n_unchanged)
		som_sink__problem(sink, som_source__name(sink->src), NULL,
			"the source holds no items");
	if (sink->n_problems > MAX_REPORTED_PROBLEMS)
		som_sink__problem(sink, som_source__name(sink->src), NULL,
			"%lld more problems not listed",
			(long long)(sink->n_problems - MAX_REPORTED_PROBLEMS));
	if ((error = som_buf_puts(&sink->report, sink->report.size > 1 ? "]" : "]")) != 0)
		goto fail;
	som__now(finished);
	if (sqlite3_prepare_v2(store->db,
			"UPDATE capture SET finished = ?2, n_new = ?3, n_changed = ?4, n_unchanged = ?5, "
			"n_removed = ?6, n_attachments = ?7, n_missing = ?8, n_problems = ?9, "
			"report = ?10 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot record the capture");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, sink->capture_id);
	sqlite3_bind_text(st, 2, finished, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, sink->n_new);
	sqlite3_bind_int64(st, 4, sink->n_changed);
	sqlite3_bind_int64(st, 5, sink->n_unchanged);
	sqlite3_bind_int64(st, 6, sink->n_removed);
	sqlite3_bind_int64(st, 7, sink->n_attachments);
	sqlite3_bind_int64(st, 8, sink->n_missing);
	sqlite3_bind_int64(st, 9, sink->n_problems);
	sqlite3_bind_text(st, 10, sink->report.ptr, (int)sink->report.size, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot record the capture");
		goto fail;
	}
	som_json__obj_begin(&w, &details);
	som_json__kv_int(&w, "account", sink->account_id);
	som_json__kv_str(&w, "source", som_source__name(sink->src));
	som_json__kv_str(&w, "sha256", som_source__sha256(sink->src));
	som_json__kv_str(&w, "format", sink->importer->name);
	som_json__kv_int(&w, "new", sink->n_new);
	som_json__kv_int(&w, "changed", sink->n_changed);
	som_json__kv_int(&w, "unchanged", sink->n_unchanged);
	som_json__kv_int(&w, "removed", sink->n_removed);
	som_json__kv_int(&w, "attachments", sink->n_attachments);
	som_json__kv_int(&w, "missing", sink->n_missing);
	som_json__kv_int(&w, "problems", sink->n_problems);
	if ((error = som_json__obj_end(&w)) != 0 ||
	    (error = som_buf_printf(&target, "capture:%lld", (long long)sink->capture_id)) != 0 ||
	    (error = som_audit_append(store, "capture", target.ptr, details.ptr)) != 0)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	/* Read the record before committing: nothing may fail after the commit. */
	if (out && (error = som_capture_get(out, store, sink->capture_id)) != 0)
		goto fail;
	if ((error = som_store__commit(store)) != 0) {
		if (out) {
			som_capture_free(*out);
			*out = NULL;
		}
		goto fail;
	}
	restore_cache(store);
	sink_free(sink);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return 0;
fail:
	sqlite3_finalize(st);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	som_capture__abort(sink);
	return error;
}

#define CAPTURE_COLUMNS "id, account_id, source_name, source_sha256, format, started, " \
	"finished, actor, full, n_new, n_changed, n_unchanged, n_removed, n_attachments, " \
	"n_missing, n_problems, report"

static int row_to_capture(som_capture **out, sqlite3_stmt *st)
{
	som_capture *c = som__calloc(1, sizeof(*c));
	int error = 0;

	if (!c)
		return SOM_ENOMEM;
	c->id = sqlite3_column_int64(st, 0);
	c->account_id = sqlite3_column_int64(st, 1);
	c->source_name = som_store__col_dup(st, 2, &error);
	c->source_sha256 = som_store__col_dup(st, 3, &error);
	c->format = som_store__col_dup(st, 4, &error);
	c->started = som_store__col_dup(st, 5, &error);
	c->finished = som_store__col_dup(st, 6, &error);
	c->actor = som_store__col_dup(st, 7, &error);
	c->full = sqlite3_column_int(st, 8);
	c->n_new = sqlite3_column_int64(st, 9);
	c->n_changed = sqlite3_column_int64(st, 10);
	c->n_unchanged = sqlite3_column_int64(st, 11);
	c->n_removed = sqlite3_column_int64(st, 12);
	c->n_attachments = sqlite3_column_int64(st, 13);
	c->n_missing = sqlite3_column_int64(st, 14);
	c->n_problems = sqlite3_column_int64(st, 15);
	c->report = som_store__col_dup(st, 16, &error);
	if (error) {
		som_capture_free(c);
		return error;
	}
	*out = c;
	return 0;
}

void som_capture_free(som_capture *c)
{
	if (!c)
		return;
	som__free(c->source_name);
	som__free(c->source_sha256);
	som__free(c->format);
	som__free(c->started);
	som__free(c->finished);
	som__free(c->actor);
	som__free(c->report);
	som__free(c);
}

int som_capture_get(som_capture **out, som_store *store, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	*out = NULL;
	if (sqlite3_prepare_v2(store->db, "SELECT " CAPTURE_COLUMNS " FROM capture WHERE id = ?1",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the capture");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		error = row_to_capture(out, st);
	else if (rc == SQLITE_DONE)
		error = som__error(SOM_ENOTFOUND, "no capture %lld", (long long)id);
	else
		error = som_store__sqlerr(store, "cannot read the capture");
	sqlite3_finalize(st);
	return error;
}

int som_capture_foreach(som_store *store, int64_t account_id, som_capture_cb cb,
	void *payload)
{
	sqlite3_stmt *st = NULL;
	som_capture *c = NULL;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT " CAPTURE_COLUMNS " FROM capture "
			"WHERE ?1 = 0 OR account_id = ?1 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot list captures");
	sqlite3_bind_int64(st, 1, account_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((error = row_to_capture(&c, st)) != 0)
			break;
		error = cb(c, payload);
		som_capture_free(c);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot list captures");
	sqlite3_finalize(st);
	return error;
}

int som_capture_report_foreach(const som_capture *c, som_capture_problem_cb cb,
	void *payload)
{
	som_json *report = NULL;
	int error;

	if (!c->report || !*c->report)
		return 0;
	if (som_json__parse(&report, c->report, strlen(c->report), "report", 0) != 0 ||
	    !som_json__is_array(report)) {
		som_json__free(report);
		return som__error(SOM_ECORRUPT, "the report of capture %lld is damaged",
			(long long)c->id);
	}
	error = 0;
	for (size_t i = 0; !error && i < som_json__array_size(report); i++) {
		som_json *e = som_json__array_get(report, i);
		error = cb(som_json__get_string(e, "file"), som_json__get_string(e, "where"),
			som_json__get_string(e, "problem"), payload);
	}
	som_json__free(report);
	return error;
}

int som_capture_to_json(som_buf *out, const som_capture *c)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "id", c->id);
	som_json__kv_int(&w, "account", c->account_id);
	som_json__kv_str(&w, "source", c->source_name);
	som_json__kv_str(&w, "sha256", c->source_sha256);
	som_json__kv_str(&w, "format", c->format);
	som_json__kv_str(&w, "started", c->started);
	som_json__kv_str(&w, "finished", c->finished);
	som_json__kv_str(&w, "actor", c->actor);
	som_json__kv_bool(&w, "full", c->full);
	som_json__kv_int(&w, "new", c->n_new);
	som_json__kv_int(&w, "changed", c->n_changed);
	som_json__kv_int(&w, "unchanged", c->n_unchanged);
	som_json__kv_int(&w, "removed", c->n_removed);
	som_json__kv_int(&w, "attachments", c->n_attachments);
	som_json__kv_int(&w, "missing", c->n_missing);
	som_json__kv_int(&w, "problems", c->n_problems);
	som_json__kv_raw(&w, "report", c->report && *c->report == '[' ? c->report : "[]");
	return som_json__obj_end(&w);
}
