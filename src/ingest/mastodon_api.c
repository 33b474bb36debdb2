/*
 * The Mastodon REST API importer: the answers `somarkiv fetch` saves (or a
 * script did) in one folder: statuses-*.json (pages of the account's
 * statuses), context-<id>.json (a status's thread: the replies, from this
 * server and others), history-<id>.json (a status's edits, oldest first),
 * conversations-*.json (direct messages) and account.json (who the
 * account is), with media under media_attachments/. A status is the same
 * item as in the account's export: its platform id is its ActivityPub
 * "uri", its text and media are read as the export's are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/common.h"
#include "formats/json.h"
#include "formats/json_span.h"
#include "ingest/answers.h"
#include "ingest/mastodon.h"

enum file_kind { F_NONE, F_STATUSES, F_CONTEXT, F_HISTORY, F_CONVERSATIONS, F_ACCOUNT };

/* A status's local id (the server's) and its uri (everyone's). */
typedef struct ref {
	const char *id;
	const char *uri;
	int handed_history;
} ref;

typedef struct mapi {
	som_source *src;
	som_sink *sink;
	const char *file;
	char *own_id;                /* the account's id on its server, NULL if not known */
	const char *handle;          /* the account's handle without the first '@' */
	ref *refs;
	size_t n_refs, a_refs;
	som_buf names;               /* the bytes of the refs' strings, NUL-separated */
	size_t *name_off;            /* offsets of each ref's id and uri in `names` */
	int64_t n_files;
	som_buf text, path, where;
	som_buf *att_paths;
	som_attachment_in *atts;
	size_t a_atts;
} mapi;

static enum file_kind kind_of(const char *name)
{
	const char *b = som_answers__base(name);
	size_t n = strlen(b);

	if (n < 6 || strcmp(b + n - 5, ".json") != 0)
		return F_NONE;
	if (!strncmp(b, "statuses", 8))
		return F_STATUSES;
	if (!strncmp(b, "context-", 8))
		return F_CONTEXT;
	if (!strncmp(b, "history-", 8))
		return F_HISTORY;
	if (!strncmp(b, "conversations", 13))
		return F_CONVERSATIONS;
	if (!strcmp(b, "account.json"))
		return F_ACCOUNT;
	return F_NONE;
}

/* ---- the probe ---- */

static int probe_candidate(const char *name)
{
	enum file_kind k = kind_of(name);

	return k == F_STATUSES || k == F_CONTEXT;
}

static int probe(som_source *src)
{
	static const char *const needles[] = { "\"uri\"", "\"visibility\"", "\"created_at\"", NULL };
	int found = som_answers__probe(src, probe_candidate, needles);

	return found < 0 ? found : found ? 85 : 0;
}

/* ---- ids to uris ---- */

static int ref_cmp(const void *a, const void *b)
{
	return strcmp(((const ref *)a)->id, ((const ref *)b)->id);
}

static int remember(mapi *m, const som_json *status)
{
	const char *id = som_json__get_string(status, "id");
	const char *uri = som_json__get_string(status, "uri");
	int error;

	if (!id || !uri || !*id || !*uri)
		return 0;
	if (m->n_refs == m->a_refs) {
		size_t n = m->a_refs ? m->a_refs * 2 : 256;
		size_t *off = som__realloc(m->name_off, 2 * n * sizeof(*off));
		if (!off)
			return SOM_ENOMEM;
		m->name_off = off;
		m->a_refs = n;
	}
	m->name_off[2 * m->n_refs] = m->names.size;
	if ((error = som_buf_put(&m->names, id, strlen(id) + 1)) != 0)
		return error;
	m->name_off[2 * m->n_refs + 1] = m->names.size;
	if ((error = som_buf_put(&m->names, uri, strlen(uri) + 1)) != 0)
		return error;
	m->n_refs++;
	return 0;
}

/* The statuses of a parsed answer: what each file kind holds. */
typedef int (*status_fn)(mapi *m, const som_json *status, som_json_span raw, int from_context,
	const char *where);

static int each_status(mapi *m, enum file_kind k, const som_json *root, som_json_span text,
	status_fn fn)
{
	som_json_span list, el, st;
	const char *at = NULL;
	size_t i = 0;
	int error = 0;

	if (k == F_STATUSES || k == F_CONVERSATIONS) {
		while (!error && som_json__span_next(&el, text, &at)) {
			som_json *v = som_json__array_get(root, i++);
			som_buf_clear(&m->where);
			if (k == F_STATUSES) {
				som_buf_printf(&m->where, "status %zu", i);
				error = fn(m, v, el, 0, m->where.ptr);
			} else if (som_json__is_object(som_json__get(v, "last_status")) &&
				   som_json__span_member(&st, el, "last_status")) {
				som_buf_printf(&m->where, "conversation %zu", i);
				error = fn(m, som_json__get(v, "last_status"), st, 1, m->where.ptr);
			}
		}
		return error;
	}
	if (k != F_CONTEXT)
		return 0;
	for (int part = 0; part < 2 && !error; part++) {
		const char *key = part ? "descendants" : "ancestors";
		som_json *arr = som_json__get(root, key);
		if (!som_json__span_member(&list, text, key))
			continue;
		at = NULL;
		i = 0;
		while (!error && som_json__span_next(&el, list, &at)) {
			som_json *v = som_json__array_get(arr, i++);
			som_buf_clear(&m->where);
			som_buf_printf(&m->where, "%s %zu", key, i);
			/* ancestors are read only to name parents, but those of a direct message are its thread */
			error = fn(m, v, el, part ? 1 : 2, m->where.ptr);
		}
	}
	return error;
}

static int collect(mapi *m, const som_json *status, som_json_span raw, int from_context,
	const char *where)
{
	int error;

	(void)raw;
	(void)from_context;
	(void)where;
	if ((error = remember(m, status)) != 0)
		return error;
	return som_json__is_object(som_json__get(status, "reblog")) ?
		remember(m, som_json__get(status, "reblog")) : 0;
}

static ref *find_ref(mapi *m, const char *id)
{
	ref key;

	if (!id || !m->n_refs)
		return NULL;
	key.id = id;
	return bsearch(&key, m->refs, m->n_refs, sizeof(key), ref_cmp);
}

/* ---- items ---- */

static int skip(mapi *m, const char *where, const char *why)
{
	return som_sink__problem(m->sink, m->file, where, "skipped: %s", why);
}

/* Is the status's author the account: by its id when account.json told it, else by its handle. */
static int is_own(const mapi *m, const som_json *status)
{
	som_json *acc = som_json__get(status, "account");
	const char *id = som_json__get_string(acc, "id");
	const char *acct = som_json__get_string(acc, "acct");
	const char *at;

	if (m->own_id)
		return id && !strcmp(id, m->own_id);
	if (!acct || !m->handle)
		return 0;
	if (!strcasecmp(acct, m->handle))
		return 1;
	/* a local account's acct has no server: "exempelby" for "exempelby@social.exempelby.se" */
	at = strchr(m->handle, '@');
	return !strchr(acct, '@') && at && strlen(acct) == (size_t)(at - m->handle) &&
		!strncasecmp(acct, m->handle, (size_t)(at - m->handle));
}

static int attachments(mapi *m, som_item_in *item, const som_json *status)
{
	som_json *list = som_json__get(status, "media_attachments");
	size_t n = som_json__array_size(list), k = 0;
	int error;

	if (n > m->a_atts) {
		som_attachment_in *a = som__realloc(m->atts, n * sizeof(*a));
		som_buf *p;
		if (!a)
			return SOM_ENOMEM;
		m->atts = a;
		if (!(p = som__realloc(m->att_paths, n * sizeof(*p))))
			return SOM_ENOMEM;
		for (size_t i = m->a_atts; i < n; i++)
			memset(&p[i], 0, sizeof(p[i]));
		m->att_paths = p;
		m->a_atts = n;
	}
	for (size_t i = 0; i < n; i++) {
		som_json *a = som_json__array_get(list, i);
		const char *url = som_json__get_string(a, "url");
		if (!url || !*url)
			url = som_json__get_string(a, "remote_url");
		if (!url || !*url) {
			if ((error = som_sink__problem(m->sink, m->file, m->where.ptr,
					"attachment %zu not read: it has no url", i + 1)) != 0)
				return error;
			continue;
		}
		if ((error = som_mastodon__media_entry(&m->att_paths[k], url)) != 0)
			return error;
		memset(&m->atts[k], 0, sizeof(m->atts[k]));
		m->atts[k].path = m->att_paths[k].ptr;
		m->atts[k].description = som_json__get_string(a, "description");
		k++;
	}
	item->attachments = m->atts;
	item->n_attachments = k;
	return 0;
}

/*
 * The earlier states of an edited status from its history, oldest first,
 * each only when it is later than what the store holds (an earlier state
 * handed after a later one would become the current version).
 */
static int history(mapi *m, const som_json *status, const char *uri, som_item_in *base)
{
	const char *id = som_json__get_string(status, "id");
	ref *r = find_ref(m, id);
	som_buf name = SOM_BUF_INIT;
	som_json *root = NULL;
	som_json_span text = { NULL, 0 }, el;
	const char *at = NULL, *file = NULL, *saved = m->file;
	char current[32], t[32];
	size_t i = 0, n;
	int64_t idx;
	int found, error = 0;

	if (!r || r->handed_history || !som_json__get_string(status, "edited_at"))
		return 0;
	r->handed_history = 1;
	if ((error = som_buf_printf(&name, "history-%s.json", id)) != 0)
		goto done;
	if ((idx = som_source__find_suffix(m->src, name.ptr)) < 0)
		goto done;
	file = som_source__entry(m->src, (size_t)idx);
	m->file = file;
	if ((error = som_answers__read(&text, &root, m->src, m->sink, file)) != 0 || !root)
		goto done;
	if (!som_json__is_array(root)) {
		error = som_sink__problem(m->sink, file, NULL, "not read: not an array of edits");
		goto done;
	}
	if ((error = som_sink__current(current, &found, m->sink, uri)) != 0)
		goto done;
	n = som_json__array_size(root);
	/* the last entry is the status as it is now: it comes with the status */
	while (!error && i + 1 < n && som_json__span_next(&el, text, &at)) {
		som_json *e = som_json__array_get(root, i);
		som_item_in item = *base;
		const char *when = i == 0 ? base->created : som_json__get_string(e, "created_at");
		som_buf_clear(&m->where);
		som_buf_printf(&m->where, "edit %zu", ++i);
		if (!when || som__time_normalize(t, when) != 0) {
			error = skip(m, m->where.ptr, "an edit without a valid created_at");
			continue;
		}
		if (found && strcmp(t, current) <= 0)
			continue;
		if ((error = som_mastodon__text(&m->text, som_json__get_string(e, "spoiler_text"),
				som_json__get_string(e, "content"),
				som_json__get(som_json__get(e, "poll"), "options"), "title")) != 0)
			break;
		item.text = m->text.ptr;
		item.edited = i == 1 ? NULL : when;
		item.raw = el.p;
		item.raw_len = el.n;
		item.attachments = NULL;
		item.n_attachments = 0;
		error = som_sink__item(m->sink, &item, file, m->where.ptr);
	}
done:
	m->file = saved;
	som_json__free(root);
	som__free((char *)text.p);
	som_buf_dispose(&name);
	return error;
}

static int hand(mapi *m, const som_json *s, som_json_span raw, int from_context,
	const char *where)
{
	som_json *reblog = som_json__get(s, "reblog"), *acc = som_json__get(s, "account");
	const char *visibility = som_json__get_string(s, "visibility");
	const char *reply_to = som_json__get_string(s, "in_reply_to_id");
	som_item_in item;
	ref *parent;
	char norm[32], here[64];
	int error, direct = visibility && !strcmp(visibility, "direct");

	snprintf(here, sizeof(here), "%s", where);
	where = here;
	if (!som_json__is_object(s))
		return skip(m, where, "not a status");
	/* a thread's ancestors are others' statuses the account answered: not its records */
	if (from_context == 2 && !direct)
		return 0;
	memset(&item, 0, sizeof(item));
	item.platform_id = som_json__get_string(s, "uri");
	item.created = som_json__get_string(s, "created_at");
	if (!item.platform_id || !*item.platform_id)
		return skip(m, where, "a status without a uri");
	if (!item.created || som__time_normalize(norm, item.created) != 0)
		return skip(m, where, "a status without a valid created_at");
	item.by_account = is_own(m, s);
	item.author_name = som_json__get_string(acc, "display_name");
	if (!item.author_name || !*item.author_name)
		item.author_name = som_json__get_string(acc, "username");
	item.author_id = som_json__get_string(acc, "uri");
	if (!item.author_id)
		item.author_id = som_json__get_string(acc, "url");
	item.url = som_json__get_string(s, "url");
	item.raw = raw.p;
	item.raw_len = raw.n;
	if (som_json__is_object(reblog)) {
		/* as the export's Announce: its text the shared status's id */
		item.kind = "share";
		item.parent_id = som_json__get_string(reblog, "uri");
		item.text = item.parent_id;
		return som_sink__item(m->sink, &item, m->file, where);
	}
	item.edited = som_json__get_string(s, "edited_at");
	if (direct)
		item.kind = "message";
	else if (reply_to)
		item.kind = item.by_account ? "reply" : "comment";
	else
		item.kind = "post";
	if (reply_to && (parent = find_ref(m, reply_to)) != NULL)
		item.parent_id = parent->uri;
	if ((error = history(m, s, item.platform_id, &item)) != 0)
		return error;
	som_buf_clear(&m->where);
	som_buf_puts(&m->where, where);
	if ((error = som_mastodon__text(&m->text, som_json__get_string(s, "spoiler_text"),
			som_json__get_string(s, "content"),
			som_json__get(som_json__get(s, "poll"), "options"), "title")) != 0 ||
	    (error = attachments(m, &item, s)) != 0)
		return error;
	item.text = m->text.ptr;
	return som_sink__item(m->sink, &item, m->file, m->where.ptr);
}

/* ---- files ---- */

static int read_file(mapi *m, size_t i, status_fn fn)
{
	const char *name = som_source__entry(m->src, i);
	enum file_kind k = kind_of(name);
	som_json *root = NULL;
	som_json_span text = { NULL, 0 };
	int error;

	if (k == F_NONE || k == F_HISTORY || k == F_ACCOUNT)
		return 0;
	m->file = name;
	if ((error = som_answers__read(&text, &root, m->src, fn == hand ? m->sink : NULL,
			name)) != 0 || !root)
		goto done;
	if ((k == F_CONTEXT) != som_json__is_object(root)) {
		error = fn == hand ? som_sink__problem(m->sink, name, NULL, "not read: not %s",
			k == F_CONTEXT ? "a context (ancestors and descendants)" : "an array") : 0;
		goto done;
	}
	m->n_files += fn == hand;
	error = each_status(m, k, root, text, fn);
done:
	som_json__free(root);
	som__free((char *)text.p);
	return error;
}

static int read_source(som_source *src, som_sink *sink)
{
	mapi m;
	size_t n = som_source__count(src);
	int error = 0;

	memset(&m, 0, sizeof(m));
	m.src = src;
	m.sink = sink;
	m.handle = som_sink__account_handle(sink);
	if (m.handle && *m.handle == '@')
		m.handle++;
	/* who the account is: account.json of the fetch, when there */
	if ((error = som_answers__id(&m.own_id, src, "account.json")) != 0)
		goto done;
	/* first the ids of every status, for the parents replies name by id only */
	for (size_t i = 0; i < n && !error; i++)
		error = read_file(&m, i, collect);
	if (error)
		goto done;
	if (m.n_refs && !(m.refs = som__calloc(m.n_refs, sizeof(*m.refs)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < m.n_refs; i++) {
		m.refs[i].id = m.names.ptr + m.name_off[2 * i];
		m.refs[i].uri = m.names.ptr + m.name_off[2 * i + 1];
	}
	if (m.n_refs > 1)
		qsort(m.refs, m.n_refs, sizeof(*m.refs), ref_cmp);
	for (size_t i = 0; i < n && !error; i++)
		error = read_file(&m, i, hand);
	if (!error && m.n_files == 0)
		error = som__error(SOM_EINVALID, "cannot read '%s': not a capture of the Mastodon "
			"API (no statuses-*.json, context-*.json or conversations-*.json)",
			som_source__name(src));
done:
	for (size_t i = 0; i < m.a_atts; i++)
		som_buf_dispose(&m.att_paths[i]);
	som__free(m.att_paths);
	som__free(m.atts);
	som__free(m.refs);
	som__free(m.name_off);
	som__free(m.own_id);
	som_buf_dispose(&m.names);
	som_buf_dispose(&m.text);
	som_buf_dispose(&m.path);
	som_buf_dispose(&m.where);
	return error;
}

const som_importer som_importer_mastodon_api = {
	"mastodon-api",
	"mastodon",
	0,
	probe,
	read_source
};
