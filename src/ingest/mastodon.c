/*
 * The Mastodon importer: an account export (zip or folder) whose
 * outbox.json is an ActivityPub OrderedCollection of the account's
 * activities, streamed one activity at a time, with the author from
 * actor.json and media under media_attachments/. Also what it shares with
 * the importer of the REST API's answers (mastodon_api.c): a status's text
 * and where a medium lies.
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "formats/html_text.h"
#include "formats/json.h"
#include "formats/json_split.h"
#include "ingest/importer.h"
#include "ingest/mastodon.h"

/* How much of outbox.json the probe reads (the @context comes first). */
#define PROBE_BYTES (64 * 1024)

typedef struct mastodon {
	som_source *src;
	som_sink *sink;
	const char *outbox;          /* its entry name, for messages */
	const char *author_name;     /* borrowed from `actor` */
	const char *author_id;
	som_json *actor;
	int occurrences;
	int want;                    /* the occurrence of "orderedItems" to read */
	int64_t n_elements;          /* of that occurrence, so far */
	som_buf text;
	som_attachment_in *attachments;
	size_t attachments_alloc;
} mastodon;

static ssize_t read_entry(void *ctx, void *buf, size_t len)
{
	return som_source__read(ctx, buf, len);
}

typedef struct probe_state {
	char *buf;
	size_t len;
} probe_state;

static int probe_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	probe_state *p = payload;
	ssize_t got;

	(void)name;
	(void)size;
	while (p->len < PROBE_BYTES &&
	       (got = som_source__read(reader, p->buf + p->len, PROBE_BYTES - p->len)) > 0)
		p->len += (size_t)got;
	return 0;
}

static int probe(som_source *src)
{
	probe_state p = { NULL, 0 };
	int64_t i = som_source__find_suffix(src, "outbox.json");
	int score = 0;

	if (i < 0)
		return 0;
	if ((p.buf = som__malloc(PROBE_BYTES)) == NULL)
		return SOM_ENOMEM;
	if (som_source__with_entry(src, som_source__entry(src, (size_t)i),
			probe_entry, &p) == 0 &&
	    (memmem(p.buf, p.len, "\"OrderedCollection\"", 19) != NULL ||
	     memmem(p.buf, p.len, "\"orderedItems\"", 14) != NULL))
		score = 90;
	som__free(p.buf);
	return score;
}

/* Is `to` or `cc` of `v` addressed to the public or the followers? */
static int is_addressee_public(const char *s)
{
	size_t n;

	if (s == NULL)
		return 0;
	if (strcmp(s, "https://www.w3.org/ns/activitystreams#Public") == 0 ||
	    strcmp(s, "as:Public") == 0 || strcmp(s, "Public") == 0)
		return 1;
	n = strlen(s);
	return n >= 10 && strcmp(s + n - 10, "/followers") == 0;
}

/*
 * How `v` is addressed: 1 publicly (or to the followers), 0 to named
 * people only, -1 not at all.
 */
static int addressing(const som_json *v)
{
	static const char *const fields[] = { "to", "cc" };
	int seen = -1;
	size_t f, i;

	for (f = 0; f < SOM_ARRAY_SIZE(fields); f++) {
		som_json *x = som_json__get(v, fields[f]);
		if (som_json__is_string(x)) {
			seen = 0;
			if (is_addressee_public(som_json__string(x)))
				return 1;
		} else if (som_json__is_array(x)) {
			seen = 0;
			for (i = 0; i < som_json__array_size(x); i++)
				if (is_addressee_public(som_json__string(som_json__array_get(x, i))))
					return 1;
		}
	}
	return seen;
}

/* A direct message: addressed, and never to the public or the followers. */
static int is_direct(const som_json *activity, const som_json *object)
{
	int a = addressing(activity), o = addressing(object);

	return (a == 0 || o == 0) && a != 1 && o != 1;
}

/* A link as ActivityPub may give it: a string, a Link object, or a list of either. */
static const char *link_of(const som_json *v)
{
	if (som_json__is_string(v))
		return som_json__string(v);
	if (som_json__is_object(v))
		return som_json__get_string(v, "href") ? som_json__get_string(v, "href") :
			som_json__get_string(v, "id");
	if (som_json__is_array(v) && som_json__array_size(v) > 0)
		return link_of(som_json__array_get(v, 0));
	return NULL;
}

static int first_string(const char *key, som_json *value, void *payload)
{
	(void)key;
	if (som_json__is_string(value)) {
		*(const char **)payload = som_json__string(value);
		return 1;
	}
	return 0;
}

int som_mastodon__text(som_buf *out, const char *summary, const char *content,
	const som_json *options, const char *option_key)
{
	size_t mark;
	int error = 0;
	size_t i;

	som_buf_clear(out);
	if ((error = som_buf_puts(out, "")) < 0)
		return error;
	if (summary && summary[0]) {
		if ((error = som_buf_puts(out, summary)) < 0 ||
		    (error = som_buf_puts(out, "\n\n")) < 0)
			return error;
	}
	mark = out->size;
	if (content && (error = som_html__to_text(out, content, strlen(content))) < 0)
		return error;
	if (out->size == mark && mark > 0) {
		out->size -= 2;
		out->ptr[out->size] = '\0';
	}
	/* a poll: its options, one a line */
	for (i = 0; i < som_json__array_size(options); i++) {
		const char *name = som_json__get_string(som_json__array_get(options, i), option_key);
		if (name == NULL)
			continue;
		if ((error = som_buf_puts(out, i == 0 ? "\n\n- " : "\n- ")) < 0 ||
		    (error = som_buf_puts(out, name)) < 0)
			return error;
	}
	return 0;
}

int som_mastodon__media_entry(som_buf *out, const char *url)
{
	const char *media = strstr(url, "media_attachments/");
	size_t end, start;

	som_buf_clear(out);
	if (media)
		return som_buf_put(out, media, strcspn(media, "?#"));
	end = strcspn(url, "?#");
	for (start = end; start > 0 && url[start - 1] != '/'; start--)
		;
	return som_buf_puts(out, "media/") ? SOM_ENOMEM : som_buf_put(out, url + start, end - start);
}

/* summary, an empty line, the content as text, and a poll's options. */
static int status_text(mastodon *m, const som_json *object)
{
	const char *content = som_json__get_string(object, "content");
	som_json *options = som_json__get(object, "oneOf");

	if (content == NULL)
		som_json__foreach_member(som_json__get(object, "contentMap"),
			first_string, &content);
	if (!som_json__is_array(options))
		options = som_json__get(object, "anyOf");
	return som_mastodon__text(&m->text, som_json__get_string(object, "summary"), content,
		options, "name");
}

/* The attachments of `object`, found in the source where they are. */
static int collect_attachments(size_t *n_out, mastodon *m, const som_json *object,
	const char *where)
{
	som_json *list = som_json__get(object, "attachment");
	size_t n = 0, count, i;

	*n_out = 0;
	count = som_json__is_array(list) ? som_json__array_size(list) :
		som_json__is_object(list) ? 1 : 0;
	if (count > m->attachments_alloc) {
		som_attachment_in *p = som__realloc(m->attachments, count * sizeof(*p));
		if (p == NULL)
			return SOM_ENOMEM;
		m->attachments = p;
		m->attachments_alloc = count;
	}
	for (i = 0; i < count; i++) {
		som_json *a = som_json__is_array(list) ? som_json__array_get(list, i) : list;
		const char *url = link_of(som_json__get(a, "url"));
		const char *media;
		int64_t at = -1;

		if (url == NULL || url[0] == '\0') {
			int error = som_sink__problem(m->sink, m->outbox, where,
				"attachment %zu not read: it has no url", i + 1);
			if (error < 0)
				return error;
			continue;
		}
		if ((media = strstr(url, "media_attachments/")) != NULL)
			at = som_source__find_suffix(m->src, media);
		m->attachments[n].path = at >= 0 ? som_source__entry(m->src, (size_t)at) : url;
		m->attachments[n].mime = som_json__get_string(a, "mediaType");
		m->attachments[n].description = som_json__get_string(a, "name");
		n++;
	}
	*n_out = n;
	return 0;
}

static int skip(mastodon *m, const char *where, const char *why, const char *what)
{
	return som_sink__problem(m->sink, m->outbox, where, "skipped: %s%s%s%s", why,
		what ? " '" : "", what ? what : "", what ? "'" : "");
}

static int create(mastodon *m, som_item_in *item, const som_json *activity,
	const char *where)
{
	som_json *object = som_json__get(activity, "object");
	const char *type = som_json__get_string(object, "type");
	int error;

	if (!som_json__is_object(object))
		return skip(m, where, "a Create without an object", NULL);
	if (type == NULL || (strcmp(type, "Note") != 0 && strcmp(type, "Question") != 0 &&
			strcmp(type, "Article") != 0))
		return skip(m, where, "a Create of", type ? type : "no type");
	item->platform_id = som_json__get_string(object, "id");
	item->parent_id = link_of(som_json__get(object, "inReplyTo"));
	item->kind = is_direct(activity, object) ? "message" :
		item->parent_id ? "reply" : "post";
	item->created = som_json__get_string(object, "published");
	if (item->created == NULL)
		item->created = som_json__get_string(activity, "published");
	item->edited = som_json__get_string(object, "updated");
	item->url = link_of(som_json__get(object, "url"));
	if (item->author_id == NULL)
		item->author_id = som_json__get_string(object, "attributedTo");
	if ((error = status_text(m, object)) < 0)
		return error;
	item->text = m->text.ptr;
	if ((error = collect_attachments(&item->n_attachments, m, object, where)) < 0)
		return error;
	item->attachments = m->attachments;
	return 1;
}

static int announce(som_item_in *item, const som_json *activity)
{
	item->kind = "share";
	item->platform_id = som_json__get_string(activity, "id");
	item->parent_id = link_of(som_json__get(activity, "object"));
	item->created = som_json__get_string(activity, "published");
	item->text = item->parent_id;
	return 1;
}

static int element(const char *data, size_t len, int64_t line, void *payload)
{
	mastodon *m = payload;
	som_json *activity = NULL;
	som_item_in item;
	const char *type;
	char where[64], norm[32];
	int error = 0;

	/* Mastodon writes outbox.json on one line: the line alone finds nothing */
	snprintf(where, sizeof(where), "line %lld, item %lld", (long long)line,
		(long long)++m->n_elements);
	if ((error = som_json__parse(&activity, data, len, m->outbox, line - 1)) < 0) {
		if (error != SOM_ENOMEM)
			error = som_sink__problem(m->sink, m->outbox, where, "skipped: %s",
				som_error_last());
		goto done;
	}
	if (!som_json__is_object(activity)) {
		error = skip(m, where, "not an activity", NULL);
		goto done;
	}
	memset(&item, 0, sizeof(item));
	item.author_name = m->author_name;
	item.author_id = m->author_id ? m->author_id : som_json__get_string(activity, "actor");
	item.by_account = 1;
	item.raw = data;
	item.raw_len = len;
	type = som_json__get_string(activity, "type");
	if (type && strcmp(type, "Create") == 0)
		error = create(m, &item, activity, where);
	else if (type && strcmp(type, "Announce") == 0)
		error = announce(&item, activity);
	else
		error = skip(m, where, "an activity of type", type ? type : "none");
	if (error <= 0)
		goto done;
	if (item.platform_id == NULL || item.platform_id[0] == '\0')
		error = skip(m, where, "an activity without an id", NULL);
	else if (item.created == NULL || som__time_normalize(norm, item.created) < 0)
		error = skip(m, where, "no valid time published for", item.platform_id);
	else if (item.edited && som__time_normalize(norm, item.edited) < 0)
		error = skip(m, where, "no valid time updated for", item.platform_id);
	else
		error = som_sink__item(m->sink, &item, m->outbox, where);
done:
	som_json__free(activity);
	return error;
}

static int split_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	mastodon *m = payload;

	(void)name;
	(void)size;
	return som_json__split(&m->occurrences, m->outbox, read_entry, reader,
		"orderedItems", m->want, element, m);
}

/* The author's name and id from actor.json; its absence is only a problem. */
static int read_actor(mastodon *m)
{
	int64_t i = som_source__find_suffix(m->src, "actor.json");
	const char *name;
	char *data = NULL;
	size_t len = 0;
	int error;

	if (i < 0)
		return som_sink__problem(m->sink, "actor.json", NULL,
			"missing: the author's name is not known");
	name = som_source__entry(m->src, (size_t)i);
	if ((error = som_source__slurp(&data, &len, m->src, name, SOM_JSON_MAX_ITEM)) < 0 ||
	    (error = som_json__parse(&m->actor, data, len, name, 0)) < 0) {
		if (error != SOM_ENOMEM)
			error = som_sink__problem(m->sink, name, NULL, "not read: %s",
				som_error_last());
		goto done;
	}
	m->author_id = som_json__get_string(m->actor, "id");
	m->author_name = som_json__get_string(m->actor, "name");
	if (m->author_name == NULL || m->author_name[0] == '\0')
		m->author_name = som_json__get_string(m->actor, "preferredUsername");
done:
	som__free(data);
	return error;
}

/* Files of the export that hold no records, named so the capture says so. */
static int report_unread(mastodon *m)
{
	static const struct {
		const char *file, *why;
	} unread[] = {
		{ "likes.json", "not read: likes are not records" },
		{ "bookmarks.json", "not read: bookmarks are not records" },
	};
	size_t k;
	int error = 0;

	for (k = 0; k < SOM_ARRAY_SIZE(unread) && error == 0; k++) {
		int64_t i = som_source__find_suffix(m->src, unread[k].file);
		if (i >= 0)
			error = som_sink__problem(m->sink, som_source__entry(m->src, (size_t)i),
				NULL, "%s", unread[k].why);
	}
	return error;
}

static int read_source(som_source *src, som_sink *sink)
{
	mastodon m;
	int64_t at;
	int error = 0;

	memset(&m, 0, sizeof(m));
	m.src = src;
	m.sink = sink;
	if ((at = som_source__find_suffix(src, "outbox.json")) < 0) {
		error = som__error(SOM_EINVALID, "cannot read '%s': not a Mastodon export (no outbox.json)",
			som_source__name(src));
		goto done;
	}
	m.outbox = som_source__entry(src, (size_t)at);
	if ((error = read_actor(&m)) < 0)
		goto done;
	if (m.author_name == NULL)
		m.author_name = som_sink__account_handle(sink);

	/* Mastodon may write "orderedItems" twice, the first empty: read the last */
	m.want = -1;
	if ((error = som_source__with_entry(src, m.outbox, split_entry, &m)) != 0)
		goto done;
	if (m.occurrences == 0) {
		error = som__error(SOM_EINVALID, "cannot read '%s': no \"orderedItems\" array",
			m.outbox);
		goto done;
	}
	m.want = m.occurrences - 1;
	if ((error = som_source__with_entry(src, m.outbox, split_entry, &m)) != 0)
		goto done;
	error = report_unread(&m);
done:
	som_json__free(m.actor);
	som_buf_dispose(&m.text);
	som__free(m.attachments);
	return error;
}

const som_importer som_importer_mastodon = {
	"mastodon",
	"mastodon",
	1,
	probe,
	read_source
};
