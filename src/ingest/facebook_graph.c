/*
 * The Facebook Graph API importer: the JSON response pages of /{page}/feed
 * and /{post}/comments as a script (or `somarkiv fetch`) saved them (one
 * file or a folder of them, paging followed or not), streamed one post at
 * a time; nested comments become comments and replies with their threads,
 * and the Page's own posts and answers are recognised as the account's.
 * Instagram professional accounts speak the same API in their own words
 * (/{ig-user}/media: caption, timestamp, username; comments' "replies"):
 * the second table, instagram-graph, reads those.
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "formats/json.h"
#include "formats/json_split.h"
#include "formats/json_span.h"
#include "ingest/importer.h"

/* How much of a file the probe and the reader look at first. */
#define PEEK_BYTES (64 * 1024)
/* The probe looks into this many JSON files at most. */
#define PROBE_FILES 8
/* Comments nest two deep on Facebook; deeper ones are read to this depth. */
#define MAX_DEPTH 4

/* The names one of the two dialects gives what both have. */
typedef struct dialect {
	const char *created;         /* created_time, timestamp */
	const char *post_text;       /* message, caption */
	const char *comment_text;    /* message, text */
	const char *answers;         /* a comment's own answers: comments, replies */
} dialect;

static const dialect facebook = { "created_time", "message", "message", "comments" };
static const dialect instagram = { "timestamp", "caption", "text", "replies" };

typedef struct graph {
	const dialect *d;
	const char *handle;          /* the account's handle without '@' (Instagram's username) */
	som_source *src;
	som_sink *sink;
	const char *file;            /* the entry being read */
	int comments_file;           /* it is a /{post}/comments response */
	som_buf page_id;             /* the Page's id, once known */
	som_buf file_post;           /* the post a comments file answers, if known */
	int told_no_post;            /* that it is not known was reported */
	int64_t n_elements;
	int64_t n_objects;           /* elements with an id and a created_time */
	int n_data;                  /* files with a "data" array, or an array of such elements */
	som_buf text;
	som_attachment_in *atts;
	size_t n_atts, atts_alloc;
} graph;

/* ---- names ---- */

static const char *base_of(const char *name)
{
	const char *s = strrchr(name, '/');

	return s ? s + 1 : name;
}

static int is_json_name(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static int is_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The last "<digits>_<digits>" in `name` (a post id), into `out`. */
static int post_id_in_name(som_buf *out, const char *name)
{
	const char *p, *best = NULL;
	size_t best_len = 0;

	for (p = name; *p; p++) {
		size_t a, b;
		if (*p < '0' || *p > '9' || (p > name && p[-1] >= '0' && p[-1] <= '9'))
			continue;
		a = strspn(p, "0123456789");
		if (p[a] != '_')
			continue;
		b = strspn(p + a + 1, "0123456789");
		if (b == 0)
			continue;
		best = p;
		best_len = a + 1 + b;
	}
	som_buf_clear(out);
	if (best == NULL)
		return 0;
	return som_buf_put(out, best, best_len);
}

/* ---- the probe ---- */

typedef struct peek {
	char *buf;
	size_t len;
	size_t pos;
	som_source_reader *reader;
} peek;

static int fill(peek *p, som_source_reader *reader)
{
	ssize_t got = 0;

	p->reader = reader;
	while (p->len < PEEK_BYTES &&
	       (got = som_source__read(reader, p->buf + p->len, PEEK_BYTES - p->len)) > 0)
		p->len += (size_t)got;
	return got < 0 ? (int)got : 0;
}

/* The root's first character, '[' or '{', or 0. */
static char root_of(const peek *p)
{
	const char *s = p->buf, *end = p->buf + p->len;

	if (p->len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < end && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++;
	return s < end && (*s == '[' || *s == '{') ? *s : 0;
}

static int probe_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	(void)name;
	(void)size;
	return fill(payload, reader);
}

static int probe_with(som_source *src, const dialect *d)
{
	peek p;
	size_t n = som_source__count(src), looked = 0;
	char key[32];
	int score = 0;

	memset(&p, 0, sizeof(p));
	snprintf(key, sizeof(key), "\"%s\"", d->created);
	if ((p.buf = som__malloc(PEEK_BYTES)) == NULL)
		return SOM_ENOMEM;
	for (size_t i = 0; i < n && looked < PROBE_FILES && score < 85; i++) {
		const char *name = som_source__entry(src, i);
		char root;
		if (!is_json_name(name))
			continue;
		looked++;
		p.len = 0;
		if (som_source__with_entry(src, name, probe_entry, &p) != 0)
			continue;
		root = root_of(&p);
		if (memmem(p.buf, p.len, key, strlen(key)) == NULL ||
		    memmem(p.buf, p.len, "\"id\"", 4) == NULL)
			continue;
		if (d == &instagram && memmem(p.buf, p.len, "\"media_type\"", 12) == NULL &&
		    memmem(p.buf, p.len, "\"username\"", 10) == NULL)
			continue;
		if (root == '{' && memmem(p.buf, p.len, "\"data\"", 6) != NULL)
			score = 85;
		else if (root == '[' && score < 60)
			score = 60;
	}
	som__free(p.buf);
	som_error_clear();
	return score;
}

static int probe(som_source *src)
{
	return probe_with(src, &facebook);
}

static int probe_instagram(som_source *src)
{
	return probe_with(src, &instagram);
}

/* ---- items ---- */

static int skip(graph *g, const char *where, const char *why, const char *what)
{
	return som_sink__problem(g->sink, g->file, where, "skipped: %s%s%s%s", why,
		what ? " '" : "", what ? what : "", what ? "'" : "");
}

/* The Page's id: from the first post's id ("<page>_<post>"), else its author. */
static int learn_page(graph *g, const char *post_id, const char *from_id)
{
	const char *u;

	if (g->page_id.size > 0)
		return 0;
	if (post_id && (u = strchr(post_id, '_')) != NULL && is_digits(post_id, (size_t)(u - post_id)))
		return som_buf_put(&g->page_id, post_id, (size_t)(u - post_id));
	if (from_id && *from_id)
		return som_buf_puts(&g->page_id, from_id);
	return 0;
}

static int by_page(const graph *g, const som_json *item)
{
	const char *from = som_json__get_string(som_json__get(item, "from"), "id");
	const char *user = som_json__get_string(item, "username");

	if (g->d == &instagram) {
		if (!user)
			user = som_json__get_string(som_json__get(item, "from"), "username");
		return user && g->handle && strcasecmp(user, g->handle) == 0;
	}

	return from && g->page_id.size > 0 && strcmp(from, g->page_id.ptr) == 0;
}

/* Append a line after the text, unless the text already has it. */
static int add_line(graph *g, const char *s)
{
	int error;

	if (s == NULL || *s == '\0' || strstr(g->text.ptr, s) != NULL)
		return 0;
	if (g->text.size > 0 && (error = som_buf_puts(&g->text, "\n\n")) != 0)
		return error;
	return som_buf_puts(&g->text, s);
}

/*
 * A file the API only names by its URL: found in the source by its file
 * name when the script saved it beside the pages, else named by the URL
 * (and recorded as missing).
 */
static int add_file(graph *g, const char *url)
{
	char name[256];
	const char *base, *end;
	int64_t at = -1;

	if (url == NULL || *url == '\0')
		return 0;
	if (g->n_atts == g->atts_alloc) {
		size_t n = g->atts_alloc ? g->atts_alloc * 2 : 8;
		som_attachment_in *a = som__realloc(g->atts, n * sizeof(*a));
		if (a == NULL)
			return SOM_ENOMEM;
		g->atts = a;
		g->atts_alloc = n;
	}
	end = url + strcspn(url, "?#");
	for (base = end; base > url && base[-1] != '/'; base--)
		;
	if (end > base && (size_t)(end - base) < sizeof(name)) {
		memcpy(name, base, (size_t)(end - base));
		name[end - base] = '\0';
		at = som_source__find_suffix(g->src, name);
	}
	memset(&g->atts[g->n_atts], 0, sizeof(g->atts[0]));
	g->atts[g->n_atts].path = at >= 0 ? som_source__entry(g->src, (size_t)at) : url;
	g->n_atts++;
	return 0;
}

/* One attachment of a post, or a comment's "attachment": a file or a link. */
static int attachment(graph *g, const som_json *a, int depth)
{
	som_json *media = som_json__get(a, "media"), *subs;
	const char *type = som_json__get_string(a, "type");
	const char *link = som_json__get_string(a, "unshimmed_url");
	const char *video = som_json__get_string(media, "source");
	const char *image = som_json__get_string(som_json__get(media, "image"), "src");
	int error;

	if (link == NULL)
		link = som_json__get_string(a, "url");
	if (type && (strcmp(type, "share") == 0 || strcmp(type, "native_templates") == 0)) {
		/* a link: its preview picture is not the Page's */
		if ((error = add_line(g, link)) != 0)
			return error;
	} else if (video || image) {
		if ((error = add_file(g, video ? video : image)) != 0)
			return error;
	} else if ((error = add_line(g, link)) != 0) {
		return error;
	}
	subs = som_json__get(som_json__get(a, "subattachments"), "data");
	for (size_t i = 0; depth == 0 && i < som_json__array_size(subs); i++)
		if ((error = attachment(g, som_json__array_get(subs, i), 1)) != 0)
			return error;
	return 0;
}

static void text_begin(graph *g)
{
	som_buf_clear(&g->text);
	som_buf_puts(&g->text, "");
	g->n_atts = 0;
}

/* The newest created_time of the comments and replies under `v`, normalised. */
static void newest_comment(char out[32], const som_json *v, int depth)
{
	som_json *list = som_json__get(som_json__get(v, "comments"), "data");
	char t[32];

	for (size_t i = 0; depth < MAX_DEPTH && i < som_json__array_size(list); i++) {
		som_json *c = som_json__array_get(list, i);
		if (som__time_normalize(t, som_json__get_string(c, "created_time")) == 0 &&
		    strcmp(t, out) > 0)
			memcpy(out, t, sizeof(t));
		newest_comment(out, c, depth + 1);
	}
	som_error_clear();
}

static int comments_of(graph *g, const som_json *v, som_json_span raw, const char *key,
	const char *parent, int depth, const char *where);

/* Who wrote it: "from" {id, name}, or on Instagram {id, username} and a "username". */
static void author(som_item_in *item, const graph *g, const som_json *v)
{
	som_json *from = som_json__get(v, "from");

	item->author_id = som_json__get_string(from, "id");
	item->author_name = som_json__get_string(from, g->d == &instagram ? "username" : "name");
	if (!item->author_name && g->d == &instagram)
		item->author_name = som_json__get_string(v, "username");
}

/* Does the source hold a comments file of `post` (the rest of its comments)? */
static int has_comments_file(const graph *g, const char *post)
{
	size_t n = som_source__count(g->src), len = strlen(post);

	for (size_t i = 0; i < n; i++) {
		const char *b = base_of(som_source__entry(g->src, i));
		if (!strncmp(b, post, len) && strcasestr(b + len, "comment"))
			return 1;
	}
	return 0;
}

/* A comment (depth 1) or a reply (depth 2 and more, or one with a "parent"). */
static int comment(graph *g, const som_json *c, som_json_span raw, const char *parent, int depth,
	const char *where)
{
	som_item_in item;
	const char *id = som_json__get_string(c, "id");
	const char *reply_to = som_json__get_string(som_json__get(c, "parent"), "id");
	char norm[32];
	int error;

	if (id == NULL || *id == '\0')
		return skip(g, where, "a comment without an id", NULL);
	memset(&item, 0, sizeof(item));
	item.platform_id = id;
	item.created = som_json__get_string(c, g->d->created);
	if (item.created == NULL || som__time_normalize(norm, item.created) != 0)
		return skip(g, where, g->d == &instagram ? "no valid timestamp for" :
			"no valid created_time for", id);
	text_begin(g);
	if ((error = som_buf_puts(&g->text, som_json__get_string(c, g->d->comment_text) ?
			som_json__get_string(c, g->d->comment_text) : "")) != 0 ||
	    (som_json__is_object(som_json__get(c, "attachment")) &&
	     (error = attachment(g, som_json__get(c, "attachment"), 0)) != 0))
		return error;
	item.kind = reply_to || depth > 1 ? "reply" : "comment";
	item.parent_id = reply_to ? reply_to : parent;
	author(&item, g, c);
	item.by_account = by_page(g, c);
	item.url = som_json__get_string(c, "permalink_url");
	item.text = g->text.ptr;
	item.attachments = g->atts;
	item.n_attachments = g->n_atts;
	item.raw = raw.p;
	item.raw_len = raw.n;
	if ((error = som_sink__item(g->sink, &item, g->file, where)) != 0)
		return error;
	if (depth >= MAX_DEPTH)
		return som_json__get(c, g->d->answers) ?
			skip(g, where, "replies nested deeper than Facebook nests them, under", id) : 0;
	return comments_of(g, c, raw, g->d->answers, id, depth + 1, where);
}

/* The comments in `v`'s `key` ("comments", "replies"): {"data": [...], "paging": ...}. */
static int comments_of(graph *g, const som_json *v, som_json_span raw, const char *key,
	const char *parent, int depth, const char *where)
{
	som_json *comments = som_json__get(v, key);
	som_json *list = som_json__get(comments, "data");
	som_buf dumped = SOM_BUF_INIT, here = SOM_BUF_INIT;
	som_json_span cs, ds, es;
	const char *at = NULL;
	int exact, error = 0;

	if (!som_json__is_array(list))
		return 0;
	exact = som_json__span_member(&cs, raw, key) && som_json__span_member(&ds, cs, "data");
	for (size_t i = 0; i < som_json__array_size(list) && error == 0; i++) {
		som_json *c = som_json__array_get(list, i);
		som_buf_clear(&here);
		if ((error = som_buf_printf(&here, "%s, %s %zu", where,
				depth > 1 ? "reply" : "comment", i + 1)) != 0)
			break;
		/* the comment's own bytes in the post's; re-written only if they cannot be found */
		if (exact && som_json__span_next(&es, ds, &at)) {
			error = comment(g, c, es, parent, depth, here.ptr);
			continue;
		}
		exact = 0;
		som_buf_clear(&dumped);
		if ((error = som_json__dump(&dumped, c)) != 0)
			break;
		es.p = dumped.ptr;
		es.n = dumped.size;
		error = comment(g, c, es, parent, depth, here.ptr);
	}
	if (error == 0 && som_json__get_string(som_json__get(comments, "paging"), "next") &&
	    !(depth == 1 && has_comments_file(g, parent)))
		error = som_sink__problem(g->sink, g->file, where,
			"more %s of '%s' than this page holds (paging.next): only those in the "
			"source are read", depth > 1 ? "replies" : "comments", parent);
	som_buf_dispose(&dumped);
	som_buf_dispose(&here);
	return error;
}

/* An Instagram post's picture or video, or a carousel's, by "media_url". */
static int instagram_media(graph *g, const som_json *p)
{
	som_json *children = som_json__get(som_json__get(p, "children"), "data");
	int error;

	if (som_json__array_size(children) == 0)
		return add_file(g, som_json__get_string(p, "media_url"));
	for (size_t i = 0; i < som_json__array_size(children); i++)
		if ((error = add_file(g, som_json__get_string(som_json__array_get(children, i),
				"media_url"))) != 0)
			return error;
	return 0;
}

/*
 * A post of the feed. Its "updated_time" moves when it is edited and when
 * someone comments: it is taken as the edit time only when no comment in
 * the capture explains it.
 */
static int post(graph *g, const som_json *p, som_json_span raw, const char *where)
{
	som_item_in item;
	som_json *atts = som_json__get(som_json__get(p, "attachments"), "data");
	const char *id = som_json__get_string(p, "id");
	const char *message = som_json__get_string(p, g->d->post_text);
	const char *updated = som_json__get_string(p, "updated_time");
	char created[32], edited[32], newest[32] = "";
	int error;

	if (id == NULL || *id == '\0')
		return skip(g, where, "a post without an id", NULL);
	memset(&item, 0, sizeof(item));
	item.platform_id = id;
	item.created = som_json__get_string(p, g->d->created);
	if (item.created == NULL || som__time_normalize(created, item.created) != 0)
		return skip(g, where, g->d == &instagram ? "no valid timestamp for" :
			"no valid created_time for", id);
	if (g->d == &facebook &&
	    (error = learn_page(g, id, som_json__get_string(som_json__get(p, "from"), "id"))) != 0)
		return error;
	text_begin(g);
	if ((error = som_buf_puts(&g->text, message ? message :
			som_json__get_string(p, "story") ? som_json__get_string(p, "story") : "")) != 0)
		return error;
	for (size_t i = 0; i < som_json__array_size(atts); i++)
		if ((error = attachment(g, som_json__array_get(atts, i), 0)) != 0)
			return error;
	if (g->d == &instagram && (error = instagram_media(g, p)) != 0)
		return error;
	item.parent_id = som_json__get_string(p, "parent_id");
	item.kind = item.parent_id && (message == NULL || *message == '\0') ? "share" : "post";
	if (strcmp(item.kind, "post") == 0)
		item.parent_id = NULL;
	newest_comment(newest, p, 0);
	if (updated && som__time_normalize(edited, updated) == 0 && strcmp(edited, created) > 0 &&
	    strcmp(edited, newest) > 0)
		item.edited = updated;
	som_error_clear();
	author(&item, g, p);
	item.by_account = by_page(g, p);
	item.url = som_json__get_string(p, g->d == &instagram ? "permalink" : "permalink_url");
	item.text = g->text.ptr;
	item.attachments = g->atts;
	item.n_attachments = g->n_atts;
	item.raw = raw.p;
	item.raw_len = raw.n;
	if ((error = som_sink__item(g->sink, &item, g->file, where)) != 0)
		return error;
	return comments_of(g, p, raw, "comments", id, 1, where);
}

/* The post a comment of a /{post}/comments file answers. */
static const char *post_of_comment(graph *g, const som_json *c, const char *where, int *error)
{
	const char *id = som_json__get_string(c, "id"), *u;

	*error = 0;
	if (g->file_post.size > 0)
		return g->file_post.ptr;
	if (g->d == &instagram)
		id = NULL;   /* an Instagram comment's id says nothing of its post */
	/* a comment's id is "<post>_<comment>", the post's "<page>_<post>" */
	if (id && (u = strchr(id, '_')) != NULL && is_digits(id, (size_t)(u - id)) &&
	    g->page_id.size > 0) {
		som_buf_clear(&g->text);
		if ((*error = som_buf_printf(&g->text, "%s_%.*s", g->page_id.ptr, (int)(u - id),
				id)) != 0)
			return NULL;
		if ((*error = som_buf_puts(&g->file_post, g->text.ptr)) != 0)
			return NULL;
		return g->file_post.ptr;
	}
	if (!g->told_no_post) {
		g->told_no_post = 1;
		*error = som_sink__problem(g->sink, g->file, where, "the post these comments "
			"answer is not known: name the file after it (%s-comments.json)",
			g->d == &instagram ? "<media>" : "<page>_<post>");
	}
	return NULL;
}

static int element(const char *data, size_t len, int64_t line, void *payload)
{
	graph *g = payload;
	som_json *v = NULL;
	som_json_span raw = { data, len };
	char where[64];
	const char *parent, *id;
	int error;

	snprintf(where, sizeof(where), "line %lld, %s %lld", (long long)line,
		g->comments_file ? "comment" : "post", (long long)++g->n_elements);
	if ((error = som_json__parse(&v, data, len, g->file, line - 1)) < 0) {
		if (error != SOM_ENOMEM)
			error = som_sink__problem(g->sink, g->file, where, "skipped: %s",
				som_error_last());
		goto done;
	}
	if (!som_json__is_object(v)) {
		error = skip(g, where, "not an object", NULL);
		goto done;
	}
	if (som_json__get_string(v, "id") && som_json__get_string(v, g->d->created))
		g->n_objects++;
	/* a comments file may hold posts: theirs are the ids "<page>_<post>" */
	id = som_json__get_string(v, "id");
	if (!g->comments_file || (id && g->page_id.size > 0 && g->d == &facebook &&
	    strncmp(id, g->page_id.ptr, g->page_id.size) == 0 && id[g->page_id.size] == '_')) {
		error = post(g, v, raw, where);
		goto done;
	}
	parent = post_of_comment(g, v, where, &error);
	if (error == 0)
		error = comment(g, v, raw, parent, 1, where);
done:
	som_json__free(v);
	return error;
}

/* ---- files ---- */

static ssize_t peek_read(void *ctx, void *buf, size_t len)
{
	peek *p = ctx;
	size_t n;

	if (p->pos < p->len) {
		n = p->len - p->pos < len ? p->len - p->pos : len;
		memcpy(buf, p->buf + p->pos, n);
		p->pos += n;
		return (ssize_t)n;
	}
	return som_source__read(p->reader, buf, len);
}

static int split_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	graph *g = payload;
	peek p;
	int64_t objects = g->n_objects;
	int occurrences = 0, error;
	char root;

	(void)size;
	memset(&p, 0, sizeof(p));
	if ((p.buf = som__malloc(PEEK_BYTES)) == NULL)
		return SOM_ENOMEM;
	if ((error = fill(&p, reader)) != 0)
		goto done;
	if ((root = root_of(&p)) == 0) {
		error = som_sink__problem(g->sink, name, NULL, "not read: not JSON");
		goto done;
	}
	g->n_elements = 0;
	error = som_json__split(&occurrences, name, peek_read, &p, root == '{' ? "data" : NULL,
		0, element, g);
	if (error == 0 && occurrences == 0)
		error = som_sink__problem(g->sink, name, NULL, "not read: no \"data\" array "
			"(not a response page of the Graph API)");
	else if (error == 0 && root == '[' && g->n_objects == objects)
		error = som_sink__problem(g->sink, name, NULL, "not read: not an array of posts "
			"or comments of the Graph API");
	else if (error == 0)
		g->n_data++;
done:
	som__free(p.buf);
	return error;
}

static int is_comments_name(const char *name)
{
	return strcasestr(base_of(name), "comment") != NULL;
}

/* The Instagram media a comments file answers: the first run of digits of its name. */
static int media_id_in_name(som_buf *out, const char *name)
{
	const char *b = base_of(name), *p = b + strcspn(b, "0123456789");

	som_buf_clear(out);
	return *p ? som_buf_put(out, p, strspn(p, "0123456789")) : 0;
}

static int read_source(som_source *src, som_sink *sink, const dialect *d)
{
	size_t n = som_source__count(src), json = 0;
	graph g;
	int error = 0;

	memset(&g, 0, sizeof(g));
	g.d = d;
	g.src = src;
	g.sink = sink;
	g.handle = som_sink__account_handle(sink);
	if (g.handle && *g.handle == '@')
		g.handle++;
	/* the feed first: it tells the Page's id, which the comments need */
	for (int pass = 0; pass < 2 && error == 0; pass++) {
		for (size_t i = 0; i < n && error == 0; i++) {
			const char *name = som_source__entry(src, i);
			if (!is_json_name(name) || is_comments_name(name) != pass)
				continue;
			json++;
			g.file = name;
			g.comments_file = pass;
			g.told_no_post = 0;
			som_buf_clear(&g.file_post);
			if (pass == 1 && (error = d == &instagram ?
					media_id_in_name(&g.file_post, name) :
					post_id_in_name(&g.file_post, name)) != 0)
				break;
			if (pass == 1 && g.file_post.size > 0 && d == &facebook &&
			    (error = learn_page(&g, g.file_post.ptr, NULL)) != 0)
				break;
			error = som_source__with_entry(src, name, split_entry, &g);
		}
	}
	if (error == 0 && g.n_data == 0)
		error = som__error(SOM_EINVALID, "cannot read '%s': not a capture of the %s "
			"Graph API (%s)", som_source__name(src),
			d == &instagram ? "Instagram" : "Facebook",
			json ? "no file holds a \"data\" array of posts or comments" : "no JSON files");
	som_buf_dispose(&g.page_id);
	som_buf_dispose(&g.file_post);
	som_buf_dispose(&g.text);
	som__free(g.atts);
	return error;
}

static int read_facebook(som_source *src, som_sink *sink)
{
	return read_source(src, sink, &facebook);
}

static int read_instagram(som_source *src, som_sink *sink)
{
	return read_source(src, sink, &instagram);
}

const som_importer som_importer_facebook_graph = {
	"facebook-graph",
	"facebook",
	0,
	probe,
	read_facebook
};

const som_importer som_importer_instagram_graph = {
	"instagram-graph",
	"instagram",
	0,
	probe_instagram,
	read_instagram
};
