/*
 * The Instagram importer: the account's "Download your information" export
 * in JSON (zip or folder; the older content/ and the newer
 * your_instagram_activity/ layouts): posts, stories, reels, the comments the
 * account wrote and its direct messages, each file streamed one element at
 * a time, with Meta's mojibake repaired and media found where they lie.
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "util/crypto.h"
#include "formats/json.h"
#include "formats/json_split.h"
#include "formats/mojibake.h"
#include "ingest/importer.h"

/* How much of a file the probe reads. */
#define PROBE_BYTES (64 * 1024)
/* personal_information.json is small; refuse a larger one. */
#define PERSONAL_MAX (4 * 1024 * 1024)
/* Hex digits of SHA-256 in derived platform ids (64 bits). */
#define ID_HASH_LEN 16

/* What a file of the export holds, by its name. */
typedef enum file_kind {
	K_NONE,
	K_POSTS,            /* content/posts_N.json */
	K_ARCHIVED,         /* archived_posts.json: posts hidden from the profile */
	K_REELS,            /* reels.json */
	K_IGTV,             /* igtv_videos.json (older exports) */
	K_STORIES,          /* stories.json */
	K_COMMENTS,         /* comments/post_comments_N.json */
	K_REELS_COMMENTS,   /* comments/reels_comments.json */
	K_MESSAGES,         /* messages/<box>/<thread>/message_N.json */
	K_PERSONAL          /* personal_information.json: the account's own name */
} file_kind;

static const struct kind_info {
	const char *key;        /* the array to read when the root is an object */
	const char *prefix;     /* of the platform ids it derives */
	const char *element;    /* one element, for `where` and problems */
	const char *what;       /* the file's content, for errors */
} kinds[] = {
	[K_NONE] = { NULL, NULL, "element", "" },
	[K_POSTS] = { NULL, "post", "post", "posts" },
	[K_ARCHIVED] = { "ig_archived_post_media", "post", "post", "archived posts" },
	[K_REELS] = { "ig_reels_media", "reel", "reel", "reels" },
	[K_IGTV] = { "ig_igtv_media", "igtv", "video", "IGTV videos" },
	[K_STORIES] = { "ig_stories", "story", "story", "stories" },
	[K_COMMENTS] = { "comments_media_comments", "comment", "comment", "comments" },
	[K_REELS_COMMENTS] = { "comments_reels_comments", "comment", "comment", "comments" },
	[K_MESSAGES] = { "messages", "message", "message", "messages" },
	[K_PERSONAL] = { NULL, NULL, "element", "personal information" },
};

typedef struct ig {
	som_source *src;
	som_sink *sink;
	size_t n_entries;
	unsigned char *kind_of;     /* file_kind of each entry */
	unsigned char *want;        /* entries to stream in the current pass */
	unsigned char *used;        /* entries read, or named by an item */

	/* the account itself */
	char *own_name;             /* its display name as the export writes it */
	char *own_username;
	const char *author_name;    /* of its own items */
	const char *author_id;

	/* the participants pass: names in every thread so far */
	char **candidates;
	unsigned char *present;
	size_t n_candidates;
	size_t n_threads;

	/* the file being read */
	const char *file;
	file_kind kind;
	som_buf thread;             /* messages: "<box>/<thread>" */
	int64_t n_elements;
	int64_t n_recognized;
	som_buf prev_key;           /* messages: the id of the one before */
	int repeat;

	som_buf text, other, sender, id, scratch;
	som_attachment_in *attachments;
	size_t n_attachments, attachments_alloc;
} ig;

static const char *base_name(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Is `base` PREFIX + digits + EXT ("posts_" "1" ".json")? */
static int numbered(const char *base, const char *prefix, const char *ext)
{
	size_t p = strlen(prefix), d;

	if (strncmp(base, prefix, p) != 0)
		return 0;
	d = strspn(base + p, "0123456789");
	return d > 0 && strcmp(base + p + d, ext) == 0;
}

/*
 * Is `name` ".../messages/<box>/<thread>/message_N<ext>"? Then `*thread`
 * (may be NULL) points at "<box>/<thread>/message_N...", whose first two
 * components name the thread as the export's "thread_path" does.
 */
static int is_message_file(const char *name, const char *ext, const char **thread)
{
	const char *base = base_name(name), *p;
	int slashes = 0;

	if (!numbered(base, "message_", ext) || base == name)
		return 0;
	/* back over "<thread>/" and "<box>/" */
	for (p = base - 1; p > name; p--)
		if (p[-1] == '/' && ++slashes == 2)
			break;
	if (slashes != 2)
		return 0;
	if (thread)
		*thread = p;
	return (p - name == 9 && strncmp(name, "messages/", 9) == 0) ||
		(p - name > 9 && strncmp(p - 10, "/messages/", 10) == 0);
}

static file_kind classify(const char *name)
{
	const char *base = base_name(name);

	if (is_message_file(name, ".json", NULL))
		return K_MESSAGES;
	if (numbered(base, "posts_", ".json"))
		return K_POSTS;
	if (strcmp(base, "archived_posts.json") == 0)
		return K_ARCHIVED;
	if (strcmp(base, "reels.json") == 0)
		return K_REELS;
	if (strcmp(base, "igtv_videos.json") == 0)
		return K_IGTV;
	if (strcmp(base, "stories.json") == 0)
		return K_STORIES;
	if (strcmp(base, "post_comments.json") == 0 ||
	    numbered(base, "post_comments_", ".json"))
		return K_COMMENTS;
	if (strcmp(base, "reels_comments.json") == 0)
		return K_REELS_COMMENTS;
	if (strcmp(base, "personal_information.json") == 0)
		return K_PERSONAL;
	return K_NONE;
}

/* A page of the export in its HTML form (which we do not read). */
static int is_html_record_file(const char *name)
{
	const char *base = base_name(name);

	return numbered(base, "posts_", ".html") || strcmp(base, "stories.html") == 0 ||
		strcmp(base, "reels.html") == 0 ||
		numbered(base, "post_comments_", ".html") ||
		strcmp(base, "post_comments.html") == 0 ||
		is_message_file(name, ".html", NULL);
}

static int in_instagram_folder(const char *name)
{
	return strncmp(name, "your_instagram_activity/", 24) == 0 ||
		strstr(name, "/your_instagram_activity/") != NULL;
}

/* Does `name` lie in a content/ or comments/ folder, as Instagram's files do? */
static int in_layout_folder(const char *name)
{
	const char *base = base_name(name);
	size_t n = (size_t)(base - name);

	return (n >= 8 && memcmp(base - 8, "content/", 8) == 0 && (n == 8 || base[-9] == '/')) ||
		(n >= 9 && memcmp(base - 9, "comments/", 9) == 0 && (n == 9 || base[-10] == '/'));
}

/* ---- the probe ---------------------------------------------------------- */

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

static int mentions(const probe_state *p, const char *s)
{
	return memmem(p->buf, p->len, s, strlen(s)) != NULL;
}

/* Does the start of a file of kind `k` read as Instagram's? */
static int looks_like(const probe_state *p, file_kind k)
{
	switch (k) {
	case K_POSTS:
	case K_ARCHIVED:
	case K_REELS:
	case K_IGTV:
		return mentions(p, "\"media\"") && mentions(p, "\"uri\"") &&
			mentions(p, "\"creation_timestamp\"");
	case K_STORIES:
		return mentions(p, "\"ig_stories\"");
	case K_COMMENTS:
	case K_REELS_COMMENTS:
		return mentions(p, "\"string_map_data\"") || mentions(p, "\"string_list_data\"");
	default:
		return 0;
	}
}

static int probe(som_source *src)
{
	probe_state p = { NULL, 0 };
	size_t n = som_source__count(src), i;
	int64_t first = -1;
	file_kind k, first_kind = K_NONE;
	int strong = 0, html = 0, messages = 0, score = 0;

	for (i = 0; i < n; i++) {
		const char *name = som_source__entry(src, i);
		strong |= in_instagram_folder(name);
		html |= is_html_record_file(name) && !is_message_file(name, ".html", NULL);
		k = classify(name);
		if (k == K_MESSAGES)
			messages = 1;
		else if (k != K_NONE && k != K_PERSONAL && first < 0) {
			first = (int64_t)i;
			first_kind = k;
		}
	}
	if (first >= 0) {
		if ((p.buf = som__malloc(PROBE_BYTES)) == NULL)
			return SOM_ENOMEM;
		if (som_source__with_entry(src, som_source__entry(src, (size_t)first),
				probe_entry, &p) == 0 && looks_like(&p, first_kind))
			score = 90;
		som__free(p.buf);
		if (score)
			return score;
	}
	/* Instagram's folders, whatever the file holds: read() will say what is wrong */
	if (first >= 0 && in_layout_folder(som_source__entry(src, (size_t)first)))
		return 70;
	if (strong && (first >= 0 || messages))
		return 85;
	if (strong || html)
		return 60;       /* read() says why it cannot: HTML, or nothing it knows */
	/* Facebook's Messenger files have the same layout: a weak claim */
	return messages ? 40 : 0;
}

/* ---- small helpers ------------------------------------------------------ */

/* `out` = the repaired form of the string `v` ("" when it is none). */
static int repair(som_buf *out, const som_json *v)
{
	som_buf_clear(out);
	if (som_buf_puts(out, "") < 0)
		return SOM_ENOMEM;
	if (!som_json__is_string(v))
		return 0;
	return som_text__repair_mojibake(out, som_json__string(v), som_json__string_len(v), NULL);
}

static int skip(ig *g, const char *where, const char *why)
{
	return som_sink__problem(g->sink, g->file, where, "skipped: %s", why);
}

/* An element of a file that is not what the file holds. */
static int skip_not(ig *g, const char *where, const char *why)
{
	return som_sink__problem(g->sink, g->file, where, "skipped: not an Instagram %s (%s)",
		kinds[g->kind].element, why);
}

/* The first ID_HASH_LEN hex digits of SHA-256 of `s`, appended to `out`. */
static int put_hash(som_buf *out, const som_buf *s)
{
	char hex[65];
	int error;

	if ((error = som_sha256__hex(hex, s->ptr ? s->ptr : "", s->size)) < 0)
		return error;
	return som_buf_put(out, hex, ID_HASH_LEN);
}

static int add_attachment(ig *g, const char *path)
{
	if (g->n_attachments == g->attachments_alloc) {
		size_t n = g->attachments_alloc ? g->attachments_alloc * 2 : 16;
		som_attachment_in *p = som__realloc(g->attachments, n * sizeof(*p));
		if (p == NULL)
			return SOM_ENOMEM;
		g->attachments = p;
		g->attachments_alloc = n;
	}
	memset(&g->attachments[g->n_attachments], 0, sizeof(*g->attachments));
	g->attachments[g->n_attachments++].path = path;
	return 0;
}

/*
 * Where the export put the media file `uri` names: the entry of that
 * name (below any top folder); else, for a media/ path, the entry of the
 * same base name under media/ (2025 exports dropped the YYYYMM/ folder
 * from some paths but not from others). Else the uri as the export names it.
 */
static const char *find_media(ig *g, const char *uri)
{
	int64_t at;
	const char *base = base_name(uri);

	if (strstr(uri, "://") != NULL)
		return uri;
	at = som_source__find_suffix(g->src, uri);
	if (at < 0 && base != uri && strncmp(uri, "media/", 6) == 0 && strlen(base) >= 8) {
		at = som_source__find_suffix(g->src, base);
		if (at >= 0 && strncmp(som_source__entry(g->src, (size_t)at), "media/", 6) != 0 &&
		    strstr(som_source__entry(g->src, (size_t)at), "/media/") == NULL)
			at = -1;
	}
	if (at < 0)
		return uri;
	g->used[at] = 1;
	return som_source__entry(g->src, (size_t)at);
}

/* Add the file `uri` names (if any) to the attachments and its base name to `names`. */
static int media_uri(ig *g, const som_json *v, som_buf *names)
{
	const char *uri = som_json__get_string(v, "uri");
	int error;

	if (uri == NULL || uri[0] == '\0')
		return 0;
	if (names && ((error = som_buf_puts(names, base_name(uri))) < 0 ||
		      (error = som_buf_putc(names, '\n')) < 0))
		return error;
	return add_attachment(g, find_media(g, uri));
}

/* The own name of the account for its items: display name, username, else the handle. */
static void own_author(ig *g, som_item_in *item)
{
	item->author_name = g->author_name;
	item->author_id = g->author_id;
	item->by_account = 1;
}

/* Check the time and hand the item over; a bad time is a skipped item. */
static int hand_over(ig *g, som_item_in *item, int64_t secs, const char *where)
{
	char created[32];

	if (secs <= 0 || som__time_from_unix(created, secs) < 0)
		return som_sink__problem(g->sink, g->file, where,
			"skipped: a %s without a valid time", kinds[g->kind].element);
	item->created = created;
	item->platform_id = g->id.ptr;
	item->attachments = g->attachments;
	item->n_attachments = g->n_attachments;
	return som_sink__item(g->sink, item, g->file, where);
}

/* ---- posts, reels, stories ---------------------------------------------- */

/*
 * A post (or reel, IGTV video, archived post: {"media": [...], "title",
 * "creation_timestamp"}) or a story (one media: {"uri", "title",
 * "creation_timestamp"}). The caption of a carousel is its "title", that
 * of a single post media[0].title; the time is the post's, else media[0]'s.
 * Exports give no ids: the id is derived from the time and the base names
 * of the media files, which stay the same across exports while the caption
 * may change (an edit: a new version of the same item).
 */
static int post_like(ig *g, som_item_in *item, const som_json *o, const char *where)
{
	som_json *media = som_json__get(o, "media");
	const som_json *first;
	som_json *title;
	size_t n, i;
	int64_t t;
	int error;

	if (som_json__is_array(media)) {
		n = som_json__array_size(media);
		first = n ? som_json__array_get(media, 0) : NULL;
	} else if (som_json__is_string(som_json__get(o, "uri"))) {
		media = NULL;
		n = 1;
		first = o;
	} else {
		return skip_not(g, where, "no \"media\"");
	}
	g->n_recognized++;
	t = som_json__integer(som_json__get(o, "creation_timestamp"));
	if (t <= 0 && first)
		t = som_json__integer(som_json__get(first, "creation_timestamp"));
	title = som_json__get(o, "title");
	if (som_json__string_len(title) == 0 && first)
		title = som_json__get(first, "title");
	if ((error = repair(&g->text, title)) < 0)
		return error;

	som_buf_clear(&g->scratch);
	for (i = 0; i < n; i++)
		if ((error = media_uri(g, media ? som_json__array_get(media, i) : o,
				&g->scratch)) < 0)
			return error;
	som_buf_clear(&g->id);
	if ((error = som_buf_printf(&g->id, "%s/%lld/", kinds[g->kind].prefix,
			(long long)t)) < 0 ||
	    (error = put_hash(&g->id, &g->scratch)) < 0)
		return error;
	own_author(g, item);
	item->kind = "post";
	item->text = g->text.ptr;
	return hand_over(g, item, t, where);
}

/* ---- comments ------------------------------------------------------------ */

typedef struct comment_fields {
	som_json *text, *owner;
	int64_t time;
	int n_values;
} comment_fields;

/*
 * Members of string_map_data by shape, for exports whose labels are in
 * the account's language: the first "value" is the comment, the second the
 * owner of the media, the "timestamp" the time.
 */
static int comment_member(const char *key, som_json *value, void *payload)
{
	comment_fields *c = payload;
	som_json *v = som_json__get(value, "value");
	som_json *ts = som_json__get(value, "timestamp");

	(void)key;
	if (som_json__is_string(v)) {
		if (c->n_values == 0 && c->text == NULL)
			c->text = v;
		else if (c->n_values == 1 && c->owner == NULL)
			c->owner = v;
		c->n_values++;
	} else if (som_json__is_number(ts) && c->time <= 0) {
		c->time = som_json__integer(ts);
	}
	return 0;
}

/*
 * A comment the account wrote on someone's post or reel. The export names
 * neither that post nor its time, only its owner ("Media Owner", kept in
 * the raw object): the comment has no parent. Its id is derived from its
 * time, the owner and the text. An entry with neither text nor time (the
 * export holds such) is no comment: it is skipped and reported.
 */
static int comment(ig *g, som_item_in *item, const som_json *o, const char *where)
{
	som_json *smd = som_json__get(o, "string_map_data");
	som_json *sld = som_json__get(o, "string_list_data");
	som_json *list;
	comment_fields c;
	size_t i;
	int error;

	memset(&c, 0, sizeof(c));
	if (som_json__is_object(smd)) {
		c.text = som_json__get(som_json__get(smd, "Comment"), "value");
		c.owner = som_json__get(som_json__get(smd, "Media Owner"), "value");
		c.time = som_json__integer(som_json__get(som_json__get(smd, "Time"), "timestamp"));
		if (som_json__get(smd, "Comment") == NULL && som_json__get(smd, "Time") == NULL)
			som_json__foreach_member(smd, comment_member, &c);
	} else if (som_json__is_array(sld) && som_json__array_size(sld) > 0) {
		som_json *e = som_json__array_get(sld, 0);
		c.text = som_json__get(e, "value");
		c.time = som_json__integer(som_json__get(e, "timestamp"));
		c.owner = som_json__get(o, "title");
	} else {
		return skip_not(g, where, "no \"string_map_data\"");
	}
	g->n_recognized++;
	if (som_json__string_len(c.text) == 0 && c.time <= 0)
		return skip(g, where, "a comment with no text and no time");
	if ((error = repair(&g->text, c.text)) < 0 || (error = repair(&g->other, c.owner)) < 0)
		return error;

	list = som_json__get(o, "media_list_data");
	for (i = 0; i < som_json__array_size(list); i++)
		if ((error = media_uri(g, som_json__array_get(list, i), NULL)) < 0)
			return error;
	som_buf_clear(&g->scratch);
	som_buf_clear(&g->id);
	if ((error = som_buf_puts(&g->scratch, g->other.ptr)) < 0 ||
	    (error = som_buf_putc(&g->scratch, '\n')) < 0 ||
	    (error = som_buf_puts(&g->scratch, g->text.ptr)) < 0 ||
	    (error = som_buf_printf(&g->id, "comment/%lld/", (long long)c.time)) < 0 ||
	    (error = put_hash(&g->id, &g->scratch)) < 0)
		return error;
	own_author(g, item);
	item->kind = "comment";
	item->text = g->text.ptr;
	return hand_over(g, item, c.time, where);
}

/* ---- direct messages ----------------------------------------------------- */

static int is_own(const ig *g, const char *sender)
{
	return (g->own_name && strcmp(sender, g->own_name) == 0) ||
		(g->own_username && strcmp(sender, g->own_username) == 0);
}

/* Append `s` to the text, after an empty line when the text is not empty. */
static int put_paragraph(som_buf *text, const char *s)
{
	int error;

	if (s == NULL || s[0] == '\0' || strstr(text->ptr, s) != NULL)
		return 0;
	if (text->size > 0 && (error = som_buf_puts(text, "\n\n")) < 0)
		return error;
	return som_buf_puts(text, s);
}

/*
 * One message of a thread: its content, a shared link, its photos,
 * videos, audio and files. The id is "message/" + the thread's path +
 * timestamp_ms + the sender (a second message of the same sender in the
 * same millisecond gets "#2"); the account's own are those its name sent.
 */
static int message(ig *g, som_item_in *item, const som_json *o, const char *where)
{
	static const char *const lists[] = { "photos", "videos", "audio_files", "gifs", "files" };
	som_json *ms = som_json__get(o, "timestamp_ms");
	som_json *share = som_json__get(o, "share");
	int64_t t;
	size_t f, i;
	int error;

	if (!som_json__is_number(ms) && !som_json__is_string(som_json__get(o, "sender_name")))
		return skip_not(g, where, "no \"timestamp_ms\"");
	g->n_recognized++;
	t = som_json__integer(ms);
	if ((error = repair(&g->sender, som_json__get(o, "sender_name"))) < 0 ||
	    (error = repair(&g->text, som_json__get(o, "content"))) < 0)
		return error;
	if (som_json__is_object(share)) {
		if ((error = repair(&g->other, som_json__get(share, "share_text"))) < 0 ||
		    (error = put_paragraph(&g->text, g->other.ptr)) < 0 ||
		    (error = put_paragraph(&g->text, som_json__get_string(share, "link"))) < 0)
			return error;
	}
	for (f = 0; f < SOM_ARRAY_SIZE(lists); f++) {
		som_json *list = som_json__get(o, lists[f]);
		for (i = 0; i < som_json__array_size(list); i++)
			if ((error = media_uri(g, som_json__array_get(list, i), NULL)) < 0)
				return error;
	}
	if ((error = media_uri(g, som_json__get(o, "sticker"), NULL)) < 0)
		return error;

	som_buf_clear(&g->id);
	if ((error = som_buf_printf(&g->id, "message/%s/%lld/%s", g->thread.ptr,
			(long long)t, g->sender.ptr)) < 0)
		return error;
	if (g->prev_key.ptr && strcmp(g->prev_key.ptr, g->id.ptr) == 0) {
		if ((error = som_buf_printf(&g->id, "#%d", ++g->repeat)) < 0)
			return error;
	} else {
		g->repeat = 1;
		som_buf_clear(&g->prev_key);
		if ((error = som_buf_puts(&g->prev_key, g->id.ptr)) < 0)
			return error;
	}
	item->kind = "message";
	item->text = g->text.ptr;
	item->author_name = g->sender.size ? g->sender.ptr : NULL;
	if (g->sender.size && is_own(g, g->sender.ptr))
		own_author(g, item);
	return hand_over(g, item, t > 0 ? t / 1000 : 0, where);
}

/* ---- reading a file -------------------------------------------------------- */

static int element(const char *data, size_t len, int64_t line, void *payload)
{
	ig *g = payload;
	som_json *o = NULL;
	som_item_in item;
	char where[80];
	int error = 0;

	snprintf(where, sizeof(where), "line %lld, %s %lld", (long long)line,
		kinds[g->kind].element, (long long)++g->n_elements);
	if ((error = som_json__parse(&o, data, len, g->file, line - 1)) < 0) {
		if (error != SOM_ENOMEM)
			error = som_sink__problem(g->sink, g->file, where, "skipped: %s",
				som_error_last());
		goto done;
	}
	memset(&item, 0, sizeof(item));
	item.raw = data;
	item.raw_len = len;
	g->n_attachments = 0;
	if (!som_json__is_object(o))
		error = skip_not(g, where, "not an object");
	else if (g->kind == K_COMMENTS || g->kind == K_REELS_COMMENTS)
		error = comment(g, &item, o, where);
	else if (g->kind == K_MESSAGES)
		error = message(g, &item, o, where);
	else
		error = post_like(g, &item, o, where);
done:
	som_json__free(o);
	return error;
}

/* A reader that hands out the bytes looked at first, then the rest. */
typedef struct peek {
	som_source_reader *reader;
	char buf[4096];
	size_t len, pos;
} peek;

static ssize_t peek_read(void *ctx, void *out, size_t len)
{
	peek *p = ctx;

	if (p->pos < p->len) {
		size_t n = p->len - p->pos < len ? p->len - p->pos : len;
		memcpy(out, p->buf + p->pos, n);
		p->pos += n;
		return (ssize_t)n;
	}
	return som_source__read(p->reader, out, len);
}

/*
 * The first byte of the JSON document (after white space and a byte-order
 * mark, which are skipped), or 0 at its end; a negative error.
 */
static int peek_root(peek *p, const char *file)
{
	int64_t line = 1, col = 0;
	ssize_t got;

	for (;;) {
		if (p->pos == p->len) {
			if ((got = som_source__read(p->reader, p->buf, sizeof(p->buf))) < 0)
				return (int)got;
			if (got == 0)
				return som__error(SOM_EINVALID,
					"cannot read '%s': line %lld, column %lld: unexpected end of input",
					file, (long long)line, (long long)col + 1);
			p->len = (size_t)got;
			p->pos = 0;
			if (line == 1 && col == 0 && p->len >= 3 &&
			    memcmp(p->buf, "\xef\xbb\xbf", 3) == 0)
				p->pos = 3;
		}
		for (; p->pos < p->len; p->pos++) {
			unsigned char c = (unsigned char)p->buf[p->pos];
			col++;
			if (c == '\n') {
				line++;
				col = 0;
			} else if (c != ' ' && c != '\t' && c != '\r') {
				if (c == '[' || c == '{')
					return c;
				return som__error(SOM_EINVALID,
					"cannot read '%s': line %lld, column %lld: not JSON "
					"(expected '[' or '{')", file, (long long)line, (long long)col);
			}
		}
	}
}

/* The thread of a message file: "<box>/<thread>" (as its "thread_path"). */
static int set_thread(ig *g, const char *name)
{
	const char *t = NULL, *end;

	som_buf_clear(&g->thread);
	if (!is_message_file(name, ".json", &t))
		return som_buf_puts(&g->thread, name);
	end = strrchr(t, '/');
	return som_buf_put(&g->thread, t, (size_t)(end - t));
}

static int read_file(ig *g, const char *name, file_kind k, som_source_reader *reader)
{
	peek *p = NULL;
	const char *key;
	int root, occurrences = 0, error;

	g->file = name;
	g->kind = k;
	g->n_elements = g->n_recognized = 0;
	som_buf_clear(&g->prev_key);
	if ((error = set_thread(g, name)) < 0)
		return error;
	if ((p = som__calloc(1, sizeof(*p))) == NULL)
		return SOM_ENOMEM;
	p->reader = reader;
	if ((root = peek_root(p, name)) < 0) {
		error = root;
		goto done;
	}
	key = root == '[' ? NULL : kinds[k].key;
	if ((error = som_json__split(&occurrences, name, peek_read, p, key, 0, element, g)) != 0)
		goto done;
	if (key != NULL && occurrences == 0)
		error = som_sink__problem(g->sink, name, NULL, "not read: no \"%s\" array", key);
	else if (g->n_elements > 0 && g->n_recognized == 0)
		error = som__error(SOM_EINVALID,
			"cannot read '%s': not Instagram %s (none of its %lld elements is one)",
			name, kinds[k].what, (long long)g->n_elements);
done:
	som__free(p);
	return error;
}

static int stream_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	ig *g = payload;
	int64_t at = som_source__find(g->src, name);

	(void)size;
	if (at < 0)
		return 0;
	g->used[at] = 1;
	return read_file(g, name, (file_kind)g->kind_of[at], reader);
}

/* ---- the account's own name ------------------------------------------------ */

static int read_personal(ig *g, const char *name)
{
	som_json *doc = NULL, *smd;
	char *data = NULL;
	size_t len = 0;
	int error;

	if ((error = som_source__slurp(&data, &len, g->src, name, PERSONAL_MAX)) < 0 ||
	    (error = som_json__parse(&doc, data, len, name, 0)) < 0) {
		if (error != SOM_ENOMEM)
			error = som_sink__problem(g->sink, name, NULL, "not read: %s",
				som_error_last());
		goto done;
	}
	smd = som_json__get(som_json__array_get(som_json__get(doc, "profile_user"), 0),
		"string_map_data");
	if ((error = repair(&g->other, som_json__get(som_json__get(smd, "Name"), "value"))) < 0)
		goto done;
	if (g->other.size && (g->own_name = som__strdup(g->other.ptr)) == NULL) {
		error = SOM_ENOMEM;
		goto done;
	}
	if ((error = repair(&g->other, som_json__get(som_json__get(smd, "Username"), "value"))) < 0)
		goto done;
	if (g->other.size && (g->own_username = som__strdup(g->other.ptr)) == NULL)
		error = SOM_ENOMEM;
done:
	som_json__free(doc);
	som__free(data);
	return error;
}

static int participant(const char *data, size_t len, int64_t line, void *payload)
{
	ig *g = payload;
	som_json *o = NULL;
	size_t i;
	int error = 0;

	(void)line;
	if (som_json__parse(&o, data, len, g->file, 0) < 0)
		return 0;      /* the messages pass reports it */
	if ((error = repair(&g->other, som_json__get(o, "name"))) < 0 || g->other.size == 0)
		goto done;
	for (i = 0; i < g->n_candidates; i++)
		if (strcmp(g->candidates[i], g->other.ptr) == 0) {
			g->present[i] = 1;
			goto done;
		}
	if (g->n_threads == 0) {
		char **c = som__realloc(g->candidates, (g->n_candidates + 1) * sizeof(*c));
		unsigned char *pr;
		if (c == NULL) {
			error = SOM_ENOMEM;
			goto done;
		}
		g->candidates = c;
		if ((pr = som__realloc(g->present, g->n_candidates + 1)) == NULL) {
			error = SOM_ENOMEM;
			goto done;
		}
		g->present = pr;
		if ((c[g->n_candidates] = som__strdup(g->other.ptr)) == NULL) {
			error = SOM_ENOMEM;
			goto done;
		}
		g->present[g->n_candidates++] = 1;
	}
done:
	som_json__free(o);
	return error;
}

static int participants_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	ig *g = payload;
	peek *p = NULL;
	size_t i, kept = 0;
	int error = 0;

	(void)size;
	g->file = name;
	if ((p = som__calloc(1, sizeof(*p))) == NULL)
		return SOM_ENOMEM;
	p->reader = reader;
	for (i = 0; i < g->n_candidates; i++)
		g->present[i] = 0;
	/* a damaged file is the messages pass's to report */
	if (peek_root(p, name) != '{' ||
	    (error = som_json__split(NULL, name, peek_read, p, "participants", 0,
			participant, g)) != 0) {
		if (error != SOM_ENOMEM)
			error = 0;
		if (g->n_threads == 0) {
			for (i = 0; i < g->n_candidates; i++)
				som__free(g->candidates[i]);
			g->n_candidates = 0;
		}
		goto done;
	}
	if (g->n_threads++ > 0) {
		for (i = 0; i < g->n_candidates; i++) {
			if (g->present[i])
				g->candidates[kept++] = g->candidates[i];
			else
				som__free(g->candidates[i]);
		}
		g->n_candidates = kept;
	}
done:
	som__free(p);
	return error;
}

/* "Exempelby kommun" and "@exempelbykommun" are alike: letters and digits only, lower case. */
static int alike(const char *a, const char *b)
{
	for (;;) {
		while (*a && ((unsigned char)*a < 0x80 && !(*a >= '0' && *a <= '9') &&
			!((*a | 0x20) >= 'a' && (*a | 0x20) <= 'z')))
			a++;
		while (*b && ((unsigned char)*b < 0x80 && !(*b >= '0' && *b <= '9') &&
			!((*b | 0x20) >= 'a' && (*b | 0x20) <= 'z')))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if ((((unsigned char)*a < 0x80) ? (*a | 0x20) : *a) !=
		    (((unsigned char)*b < 0x80) ? (*b | 0x20) : *b))
			return 0;
		a++;
		b++;
	}
}

/*
 * The account's own name, to recognise the messages it sent: the "Name"
 * of personal_information.json; without it, the one participant found in
 * every thread (or, of several, the one alike the account's handle).
 */
static int find_own_name(ig *g, int has_messages)
{
	const char *handle = som_sink__account_handle(g->sink);
	size_t i, pick = 0, n_alike = 0;
	int64_t at = -1;
	int error = 0;

	for (i = 0; i < g->n_entries && at < 0; i++)
		if (g->kind_of[i] == K_PERSONAL)
			at = (int64_t)i;
	if (at >= 0) {
		g->used[at] = 1;
		if ((error = read_personal(g, som_source__entry(g->src, (size_t)at))) < 0)
			return error;
	}
	if (g->own_name == NULL && has_messages) {
		for (i = 0; i < g->n_entries; i++)
			g->want[i] = g->kind_of[i] == K_MESSAGES;
		if ((error = som_source__foreach(g->src, g->want, participants_entry, g)) != 0)
			return error;
		for (i = 0; i < g->n_candidates; i++)
			if (handle && alike(g->candidates[i], handle)) {
				pick = i;
				n_alike++;
			}
		if (g->n_candidates == 1)
			pick = 0;
		if (g->n_candidates == 1 || n_alike == 1) {
			if ((g->own_name = som__strdup(g->candidates[pick])) == NULL)
				return SOM_ENOMEM;
		} else {
			error = som_sink__problem(g->sink, "personal_information.json", NULL,
				"missing: the account's own name is not known (%zu names are in "
				"every thread), so no message is marked as its own", g->n_candidates);
		}
	}
	g->author_name = g->own_name ? g->own_name : handle;
	g->author_id = g->own_username ? g->own_username : handle;
	return error;
}

/* ---- what is not read ------------------------------------------------------ */

static const char *unread_reason(const char *name)
{
	static const struct {
		const char *part, *why;
	} reasons[] = {
		{ "recently_deleted", "recently deleted content is no longer on the platform "
		  "(items captured before are marked removed)" },
		{ "likes/", "likes are not records" },
		{ "liked_", "likes are not records" },
		{ "saved/", "saved items are not records" },
		{ "followers_and_following/", "followers and following are lists, not records" },
		{ "story_interactions/", "interactions with stories are not records" },
		{ "story_sticker_interactions/", "interactions with stories are not records" },
		{ "ads_information/", "advertising information is not records" },
		{ "ads_and_topics/", "advertising information is not records" },
		{ "ads_and_businesses/", "advertising information is not records" },
		{ "searches", "search history is not records" },
		{ "login_and_account_creation/", "account and login information is not records" },
		{ "security_and_login_information/", "account and login information is not records" },
		{ "personal_information/", "account information is not records" },
		{ "profile_photos.json", "profile photos are not records" },
	};
	size_t k;

	for (k = 0; k < SOM_ARRAY_SIZE(reasons); k++)
		if (strstr(name, reasons[k].part) != NULL)
			return reasons[k].why;
	if (has_suffix(name, ".html"))
		return "the HTML pages of the export are not read (its JSON files are)";
	if (has_suffix(name, ".json"))
		return "it holds no posts, comments or messages";
	return "no item names this file";
}

static int report_unread(ig *g)
{
	size_t i;
	int error = 0;

	for (i = 0; i < g->n_entries && error == 0; i++) {
		const char *name = som_source__entry(g->src, i);
		if (!g->used[i])
			error = som_sink__problem(g->sink, name, NULL, "not read: %s",
				unread_reason(name));
	}
	return error;
}

/* ---- the import -------------------------------------------------------------- */

static int read_source(som_source *src, som_sink *sink)
{
	ig g;
	size_t i, n_readable = 0, n_html = 0, n_messages = 0;
	int error = 0;

	memset(&g, 0, sizeof(g));
	g.src = src;
	g.sink = sink;
	g.n_entries = som_source__count(src);
	if ((g.kind_of = som__calloc(g.n_entries + 1, 1)) == NULL ||
	    (g.want = som__calloc(g.n_entries + 1, 1)) == NULL ||
	    (g.used = som__calloc(g.n_entries + 1, 1)) == NULL) {
		error = SOM_ENOMEM;
		goto done;
	}
	for (i = 0; i < g.n_entries; i++) {
		const char *name = som_source__entry(src, i);
		file_kind k = classify(name);
		g.kind_of[i] = (unsigned char)k;
		n_readable += k != K_NONE && k != K_PERSONAL;
		n_messages += k == K_MESSAGES;
		n_html += is_html_record_file(name);
	}
	if (n_readable == 0) {
		error = n_html ?
			som__error(SOM_EINVALID, "cannot read '%s': an Instagram export in HTML; "
				"request it again in the JSON format", som_source__name(src)) :
			som__error(SOM_EINVALID, "cannot read '%s': not an Instagram export (no "
				"posts_1.json, stories.json, reels.json, post_comments_1.json or "
				"messages)", som_source__name(src));
		goto done;
	}
	if ((error = find_own_name(&g, n_messages > 0)) < 0)
		goto done;
	for (i = 0; i < g.n_entries; i++)
		g.want[i] = g.kind_of[i] != K_NONE && g.kind_of[i] != K_PERSONAL;
	if ((error = som_source__foreach(src, g.want, stream_entry, &g)) != 0)
		goto done;
	error = report_unread(&g);
done:
	for (i = 0; i < g.n_candidates; i++)
		som__free(g.candidates[i]);
	som__free(g.candidates);
	som__free(g.present);
	som__free(g.own_name);
	som__free(g.own_username);
	som__free(g.kind_of);
	som__free(g.want);
	som__free(g.used);
	som_buf_dispose(&g.thread);
	som_buf_dispose(&g.prev_key);
	som_buf_dispose(&g.text);
	som_buf_dispose(&g.other);
	som_buf_dispose(&g.sender);
	som_buf_dispose(&g.id);
	som_buf_dispose(&g.scratch);
	som__free(g.attachments);
	return error;
}

const som_importer som_importer_instagram = {
	"instagram",
	"instagram",
	1,
	probe,
	read_source
};
