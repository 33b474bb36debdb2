/*
 * Reading items back: by reference (store id, platform id or URL), as
 * filtered lists, and as JSON or as a line of the canonical NDJSON format
 * with the raw source object read (and verified) from the object store.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "store/store.h"
#include "somarkiv/item.h"

#define ITEM_COLUMNS "i.id, i.account_id, i.platform, i.platform_id, i.kind, " \
	"i.parent_platform_id, (SELECT p.id FROM item p WHERE p.account_id = i.account_id " \
	"AND p.platform_id = i.parent_platform_id), i.author_name, i.author_id, " \
	"i.by_account, i.created, i.url, i.format, i.first_capture, i.removed_capture, " \
	"(SELECT c.finished FROM capture c WHERE c.id = i.removed_capture)"

static void free_version(som_version *v)
{
	som__free(v->observed);
	som__free(v->edited);
	som__free(v->text);
	som__free(v->raw_digest);
}

void som_item_free(som_item *item)
{
	if (!item)
		return;
	for (size_t i = 0; i < item->n_versions; i++)
		free_version(&item->versions[i]);
	for (size_t i = 0; i < item->n_attachments; i++) {
		som__free(item->attachments[i].path);
		som__free(item->attachments[i].mime);
		som__free(item->attachments[i].description);
		som__free(item->attachments[i].digest);
	}
	som__free(item->versions);
	som__free(item->attachments);
	som__free(item->platform);
	som__free(item->platform_id);
	som__free(item->kind);
	som__free(item->parent_platform_id);
	som__free(item->author_name);
	som__free(item->author_id);
	som__free(item->created);
	som__free(item->url);
	som__free(item->format);
	som__free(item->removed_at);
	som__free(item);
}

static int row_to_item(som_item **out, sqlite3_stmt *st)
{
	som_item *it = som__calloc(1, sizeof(*it));
	int error = 0;

	if (!it)
		return SOM_ENOMEM;
	it->id = sqlite3_column_int64(st, 0);
	it->account_id = sqlite3_column_int64(st, 1);
	it->platform = som_store__col_dup(st, 2, &error);
	it->platform_id = som_store__col_dup(st, 3, &error);
	it->kind = som_store__col_dup(st, 4, &error);
	it->parent_platform_id = som_store__col_dup(st, 5, &error);
	it->parent_id = sqlite3_column_int64(st, 6);
	it->author_name = som_store__col_dup(st, 7, &error);
	it->author_id = som_store__col_dup(st, 8, &error);
	it->by_account = sqlite3_column_int(st, 9);
	it->created = som_store__col_dup(st, 10, &error);
	it->url = som_store__col_dup(st, 11, &error);
	it->format = som_store__col_dup(st, 12, &error);
	it->first_capture = sqlite3_column_int64(st, 13);
	it->removed_capture = sqlite3_column_int64(st, 14);
	it->removed_at = som_store__col_dup(st, 15, &error);
	if (error) {
		som_item_free(it);
		return error;
	}
	*out = it;
	return 0;
}

/* Versions of the item: all, or only the current (`current_only`). */
static int load_versions(som_store *store, som_item *it, int current_only)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;
	size_t n = 0, alloc = 0;

	if (sqlite3_prepare_v2(store->db, current_only ?
			"SELECT v.seq, v.capture_id, c.finished, v.edited, v.text, v.raw_digest "
			"FROM version v JOIN item i ON i.id = v.item_id AND v.seq = i.current_version "
			"JOIN capture c ON c.id = v.capture_id WHERE v.item_id = ?1" :
			"SELECT v.seq, v.capture_id, c.finished, v.edited, v.text, v.raw_digest "
			"FROM version v JOIN capture c ON c.id = v.capture_id "
			"WHERE v.item_id = ?1 ORDER BY v.seq", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read versions");
	sqlite3_bind_int64(st, 1, it->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		som_version *v;
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 2;
			som_version *grown = som__realloc(it->versions, na * sizeof(*grown));
			if (!grown) {
				error = SOM_ENOMEM;
				break;
			}
			it->versions = grown;
			alloc = na;
		}
		v = &it->versions[n++];
		memset(v, 0, sizeof(*v));
		it->n_versions = n;
		v->seq = sqlite3_column_int64(st, 0);
		v->capture_id = sqlite3_column_int64(st, 1);
		v->observed = som_store__col_dup(st, 2, &error);
		v->edited = som_store__col_dup(st, 3, &error);
		v->text = som_store__col_dup(st, 4, &error);
		v->raw_digest = som_store__col_dup(st, 5, &error);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read versions");
	sqlite3_finalize(st);
	return error;
}

static int load_attachments(som_store *store, som_item *it)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;
	size_t n = 0, alloc = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT path, mime, description, size, digest "
			"FROM attachment WHERE item_id = ?1 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read attachments");
	sqlite3_bind_int64(st, 1, it->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		som_attachment *a;
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 2;
			som_attachment *grown = som__realloc(it->attachments, na * sizeof(*grown));
			if (!grown) {
				error = SOM_ENOMEM;
				break;
			}
			it->attachments = grown;
			alloc = na;
		}
		a = &it->attachments[n++];
		memset(a, 0, sizeof(*a));
		it->n_attachments = n;
		a->path = som_store__col_dup(st, 0, &error);
		a->mime = som_store__col_dup(st, 1, &error);
		a->description = som_store__col_dup(st, 2, &error);
		a->size = sqlite3_column_int64(st, 3);
		a->digest = som_store__col_dup(st, 4, &error);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read attachments");
	sqlite3_finalize(st);
	return error;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/*
 * Run one look-up query: 0 and the item when exactly one row matches,
 * SOM_ENOTFOUND when none, SOM_EINVALID when several.
 */
static int lookup_by(som_item **out, som_store *store, const char *sql,
	const char *ref, int by_id)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0, n = 0;

	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot look up the item");
	if (by_id)
		sqlite3_bind_int64(st, 1, strtoll(ref, NULL, 10));
	else
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++) {
			error = som__error(SOM_EINVALID,
				"item '%s' is ambiguous: it names items of several accounts; give the store id",
				ref);
			break;
		}
		if ((error = row_to_item(out, st)) != 0)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot look up the item");
	if (!error && !n)
		error = SOM_ENOTFOUND;
	sqlite3_finalize(st);
	if (error) {
		som_item_free(*out);
		*out = NULL;
	}
	return error;
}

int som_item_lookup(som_item **out, som_store *store, const char *ref)
{
	int error = SOM_ENOTFOUND;

	*out = NULL;
	if (!ref || !*ref)
		return som__error(SOM_EINVALID, "no item given");
	/*
	 * A number is a store id first. Then the platform's id, through the
	 * (account, platform id) index one account at a time; last the URL.
	 */
	if (all_digits(ref))
		error = lookup_by(out, store, "SELECT " ITEM_COLUMNS " FROM item i WHERE i.id = ?1",
			ref, 1);
	if (error == SOM_ENOTFOUND)
		error = lookup_by(out, store, "SELECT " ITEM_COLUMNS " FROM item i "
			"WHERE i.account_id IN (SELECT id FROM account) AND i.platform_id = ?1 LIMIT 2",
			ref, 0);
	if (error == SOM_ENOTFOUND)
		error = lookup_by(out, store, "SELECT " ITEM_COLUMNS " FROM item i "
			"WHERE i.url = ?1 LIMIT 2", ref, 0);
	if (error == SOM_ENOTFOUND)
		return som__error(SOM_ENOTFOUND, "no item '%s'", ref);
	if (!error && ((error = load_versions(store, *out, 0)) != 0 ||
	    (error = load_attachments(store, *out)) != 0)) {
		som_item_free(*out);
		*out = NULL;
	}
	return error;
}

int som_item_foreach(som_store *store, const som_item_filter *f, som_item_cb cb,
	void *payload)
{
	som_item_filter none = SOM_ITEM_FILTER_INIT;
	sqlite3_stmt *st = NULL;
	som_item *it = NULL;
	int rc, error = 0;

	if (!f)
		f = &none;
	if (sqlite3_prepare_v2(store->db,
			"SELECT " ITEM_COLUMNS " FROM item i WHERE (?1 = 0 OR i.account_id = ?1) "
			"AND (?2 IS NULL OR i.kind = ?2) "
			"AND (?3 = 0 OR EXISTS(SELECT 1 FROM version v WHERE v.item_id = i.id "
			"  AND v.capture_id = ?3)) "
			"AND (?4 = 0 OR i.parent_platform_id = (SELECT p.platform_id FROM item p "
			"  WHERE p.id = ?4) AND i.account_id = (SELECT p.account_id FROM item p "
			"  WHERE p.id = ?4)) "
			"ORDER BY i.created, i.id LIMIT ?5", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot list items");
	sqlite3_bind_int64(st, 1, f->account_id);
	som_store__bind_text(st, 2, f->kind);
	sqlite3_bind_int64(st, 3, f->capture_id);
	sqlite3_bind_int64(st, 4, f->parent_id);
	sqlite3_bind_int64(st, 5, f->limit > 0 ? f->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((error = row_to_item(&it, st)) != 0)
			break;
		if ((error = load_versions(store, it, 1)) == 0)
			error = cb(it, payload);
		som_item_free(it);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot list items");
	sqlite3_finalize(st);
	return error;
}

int som_item_to_json(som_buf *out, const som_item *it)
{
	som_json_writer w;
	int error;

	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "id", it->id);
	som_json__kv_int(&w, "account", it->account_id);
	som_json__kv_str(&w, "platform", it->platform);
	som_json__kv_str(&w, "platform_id", it->platform_id);
	som_json__kv_str(&w, "kind", it->kind);
	som_json__kv_str(&w, "parent_platform_id", it->parent_platform_id);
	if (it->parent_id)
		som_json__kv_int(&w, "parent", it->parent_id);
	else
		som_json__kv_raw(&w, "parent", NULL);
	som_json__kv_str(&w, "author_name", it->author_name);
	som_json__kv_str(&w, "author_id", it->author_id);
	som_json__kv_bool(&w, "by_account", it->by_account);
	som_json__kv_str(&w, "created", it->created);
	som_json__kv_str(&w, "url", it->url);
	som_json__kv_str(&w, "format", it->format);
	som_json__kv_int(&w, "first_capture", it->first_capture);
	if (it->removed_capture)
		som_json__kv_int(&w, "removed_capture", it->removed_capture);
	else
		som_json__kv_raw(&w, "removed_capture", NULL);
	som_json__kv_str(&w, "removed_at", it->removed_at);
	som_json__kv_str(&w, "text", it->n_versions ? it->versions[it->n_versions - 1].text : NULL);
	som_json__kv_raw(&w, "versions", "");
	if (w.error)
		return w.error;
	if ((error = som_buf_putc(out, '[')) != 0)
		return error;
	for (size_t i = 0; i < it->n_versions; i++) {
		const som_version *v = &it->versions[i];
		som_json_writer vw;
		if (i && (error = som_buf_putc(out, ',')) != 0)
			return error;
		som_json__obj_begin(&vw, out);
		som_json__kv_int(&vw, "seq", v->seq);
		som_json__kv_int(&vw, "capture", v->capture_id);
		som_json__kv_str(&vw, "observed", v->observed);
		som_json__kv_str(&vw, "edited", v->edited);
		som_json__kv_str(&vw, "text", v->text);
		som_json__kv_str(&vw, "raw_sha256", v->raw_digest);
		if ((error = som_json__obj_end(&vw)) != 0)
			return error;
	}
	if ((error = som_buf_puts(out, "],\"attachments\":[")) != 0)
		return error;
	for (size_t i = 0; i < it->n_attachments; i++) {
		const som_attachment *a = &it->attachments[i];
		som_json_writer aw;
		if (i && (error = som_buf_putc(out, ',')) != 0)
			return error;
		som_json__obj_begin(&aw, out);
		som_json__kv_str(&aw, "path", a->path);
		som_json__kv_str(&aw, "mime", a->mime);
		som_json__kv_str(&aw, "description", a->description);
		if (a->digest) {
			som_json__kv_int(&aw, "size", a->size);
			som_json__kv_str(&aw, "sha256", a->digest);
		}
		som_json__kv_bool(&aw, "missing", a->digest == NULL);
		if ((error = som_json__obj_end(&aw)) != 0)
			return error;
	}
	return som_buf_puts(out, "]}");
}

int som_item_to_ndjson(som_buf *out, som_store *store, const som_item *it)
{
	const som_version *cur = it->n_versions ? &it->versions[it->n_versions - 1] : NULL;
	som_buf raw = SOM_BUF_INIT, author = SOM_BUF_INIT, atts = SOM_BUF_INIT;
	som_json *parsed = NULL;
	som_json_writer w, aw;
	som_attachment *a;
	som_item *full = NULL;
	int error;

	if (!cur)
		return som__error(SOM_ECORRUPT, "item %lld has no version", (long long)it->id);
	if ((error = som_object_read(&raw, store, cur->raw_digest)) != 0)
		goto done;
	/* The raw object goes in as JSON when it is JSON, else as a string. */
	if (som_json__parse(&parsed, raw.ptr, raw.size, "raw", 0) != 0) {
		som_error_clear();
		parsed = NULL;
	}
	som_json__obj_begin(&aw, &author);
	som_json__kv_str(&aw, "name", it->author_name);
	som_json__kv_str(&aw, "id", it->author_id);
	if ((error = som_json__obj_end(&aw)) != 0)
		goto done;
	/* Attachments come with the full item; a listed one may lack them. */
	if (!it->attachments) {
		if (!(full = som__calloc(1, sizeof(*full)))) {
			error = SOM_ENOMEM;
			goto done;
		}
		full->id = it->id;
		if ((error = load_attachments(store, full)) != 0)
			goto done;
	}
	if ((error = som_buf_putc(&atts, '[')) != 0)
		goto done;
	for (size_t i = 0; i < (full ? full->n_attachments : it->n_attachments); i++) {
		a = full ? &full->attachments[i] : &it->attachments[i];
		if (i)
			som_buf_putc(&atts, ',');
		som_json__obj_begin(&aw, &atts);
		som_json__kv_str(&aw, "path", a->path);
		som_json__kv_str(&aw, "mime", a->mime);
		som_json__kv_str(&aw, "description", a->description);
		if ((error = som_json__obj_end(&aw)) != 0)
			goto done;
	}
	if ((error = som_buf_putc(&atts, ']')) != 0)
		goto done;
	som_json__obj_begin(&w, out);
	som_json__kv_str(&w, "platform", it->platform);
	som_json__kv_str(&w, "id", it->platform_id);
	som_json__kv_str(&w, "kind", it->kind);
	som_json__kv_str(&w, "parent_id", it->parent_platform_id);
	som_json__kv_raw(&w, "author", author.ptr);
	som_json__kv_bool(&w, "by_account", it->by_account);
	som_json__kv_str(&w, "created", it->created);
	som_json__kv_str(&w, "edited", cur->edited);
	som_json__kv_str(&w, "text", cur->text);
	som_json__kv_str(&w, "url", it->url);
	som_json__kv_raw(&w, "attachments", atts.ptr);
	if (parsed) {
		som_buf dumped = SOM_BUF_INIT;
		if ((error = som_json__dump(&dumped, parsed)) == 0)
			som_json__kv_raw(&w, "raw", dumped.ptr);
		som_buf_dispose(&dumped);
		if (error)
			goto done;
	} else {
		som_buf s = SOM_BUF_INIT;
		if ((error = som_json__put_stringn(&s, raw.ptr, raw.size)) == 0)
			som_json__kv_raw(&w, "raw", s.ptr);
		som_buf_dispose(&s);
		if (error)
			goto done;
	}
	error = som_json__obj_end(&w);
done:
	som_json__free(parsed);
	som_item_free(full);
	som_buf_dispose(&raw);
	som_buf_dispose(&author);
	som_buf_dispose(&atts);
	return error;
}
