/*
 * The Facebook importer: a "Download your information" export in JSON, as a
 * zip or its folder, of a profile or a Page, in the layouts used since 2019.
 * Posts, the account's comments, posts by others on its timeline and
 * Messenger conversations are streamed one entry at a time, their text
 * repaired of Facebook's mojibake; nothing in the export has an id, so each
 * item's id is derived from its time and content (see tests/data/facebook.md).
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "util/crypto.h"
#include "formats/json.h"
#include "formats/json_split.h"
#include "formats/mojibake.h"
#include "ingest/importer.h"

/* How much of a file is looked at before splitting it: the root's first key. */
#define PEEK_BYTES 8192
/* profile_information.json, read whole for the account's name. */
#define PROFILE_MAX (1024 * 1024)

/* What an entry of the export holds, by its name. */
enum fb_file {
	F_MEDIA,        /* anything not JSON or HTML: read only as an attachment */
	F_POSTS,        /* your_posts_1.json, profile_posts_1.json, ... */
	F_COMMENTS,     /* comments.json: "comments" or "comments_v2" */
	F_WALL,         /* other_people's_posts_to_your_timeline.json */
	F_MESSAGES,     /* messages/<folder>/<thread>/message_1.json */
	F_PROFILE,      /* profile_information.json: the account's name */
	F_HTML_POSTS,   /* your_posts_1.html: an export in HTML, which we cannot read */
	F_OTHER         /* JSON or HTML that holds no records */
};

typedef struct fb {
	som_source *src;
	som_sink *sink;
	const char *file;            /* the entry being read, for messages */
	enum fb_file kind;
	int64_t n_elements;          /* of the entry being read, so far */
	char *owner;                 /* the account's name, repaired; NULL if unknown */
	som_buf thread;              /* of a Messenger entry: "inbox/<folder>" */
	som_buf text, line, key, descs, author;
	int in_extra;                /* lines after the item's own text have begun */
	som_attachment_in *atts;
	size_t *desc_off;            /* into `descs`; (size_t)-1 for none */
	size_t n_atts, atts_alloc;
} fb;

/* ---- names ---- */

static const char *base_of(const char *name)
{
	const char *s = strrchr(name, '/');

	return s ? s + 1 : name;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Is `base` STEM + EXT or STEM + "_" + digits + EXT? */
static int numbered(const char *base, const char *stem, const char *ext)
{
	size_t n = strlen(stem), e = strlen(ext), len = strlen(base);
	const char *p, *end;

	if (len < n + e || strncmp(base, stem, n) != 0 || strcmp(base + len - e, ext) != 0)
		return 0;
	p = base + n;
	end = base + len - e;
	if (p == end)
		return 1;
	if (*p++ != '_' || p == end)
		return 0;
	for (; p < end; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

/* Is the folder holding `name` called `dir`? */
static int in_folder(const char *name, const char *dir)
{
	const char *base = base_of(name), *start;
	size_t d = strlen(dir);

	if (base == name)
		return 0;
	for (start = base - 1; start > name && start[-1] != '/'; start--)
		;
	return (size_t)(base - 1 - start) == d && strncmp(start, dir, d) == 0;
}

/* Does `name` have a folder `dir` somewhere above it? */
static int under_folder(const char *name, const char *dir)
{
	size_t d = strlen(dir);
	const char *p = name;

	while ((p = strstr(p, dir)) != NULL) {
		if ((p == name || p[-1] == '/') && p[d] == '/')
			return 1;
		p += d;
	}
	return 0;
}

static const char *const post_stems[] = {
	"your_posts", "profile_posts", "your_posts__check_ins__photos_and_videos",
};

static int is_posts_name(const char *base, const char *ext)
{
	for (size_t i = 0; i < SOM_ARRAY_SIZE(post_stems); i++)
		if (numbered(base, post_stems[i], ext))
			return 1;
	return 0;
}

/* `alone`: the source is this one file. */
static enum fb_file classify(const char *name, int alone)
{
	const char *base = base_of(name);

	if (is_posts_name(base, ".json"))
		return F_POSTS;
	if (strcmp(base, "comments.json") == 0 && (alone ||
	    in_folder(name, "comments") || in_folder(name, "comments_and_reactions")))
		return F_COMMENTS;
	if (strcmp(base, "other_people's_posts_to_your_timeline.json") == 0)
		return F_WALL;
	if (numbered(base, "message", ".json") && under_folder(name, "messages"))
		return F_MESSAGES;
	if (strcmp(base, "profile_information.json") == 0)
		return F_PROFILE;
	if (is_posts_name(base, ".html"))
		return F_HTML_POSTS;
	if (ends_with(base, ".json") || ends_with(base, ".html"))
		return F_OTHER;
	return F_MEDIA;
}

/* Why a file of the export that holds no records was not read. */
static const char *why_not_read(const char *name)
{
	static const struct {
		const char *part, *why;
	} reasons[] = {
		{ "likes_and_reactions", "likes and reactions are not records" },
		{ "reactions", "likes and reactions are not records" },
		{ "friends", "lists of friends and followers are not records" },
		{ "follow", "lists of friends and followers are not records" },
		{ "album", "photo albums are not records: their photos are read with the posts that show them" },
		{ "photos_and_videos", "photo and video lists are not records: their files are read with the posts that show them" },
		{ "uncategorized_photos", "photo and video lists are not records: their files are read with the posts that show them" },
		{ "your_videos", "photo and video lists are not records: their files are read with the posts that show them" },
		{ "ads_", "advertising data are not records" },
		{ "apps_and_websites", "account and activity data are not records" },
		{ "security_and_login", "account and activity data are not records" },
		{ "logged_information", "account and activity data are not records" },
		{ "preferences", "account and activity data are not records" },
		{ "search", "account and activity data are not records" },
		{ "location", "account and activity data are not records" },
		{ "saved_items", "account and activity data are not records" },
	};

	for (size_t i = 0; i < SOM_ARRAY_SIZE(reasons); i++)
		if (strstr(name, reasons[i].part))
			return reasons[i].why;
	return "it holds no posts, comments or messages";
}

static int probe(som_source *src)
{
	size_t n = som_source__count(src);
	int score = 0;

	for (size_t i = 0; i < n; i++) {
		const char *name = som_source__entry(src, i);
		int s = 0;

		switch (classify(name, n == 1)) {
		case F_POSTS:
			s = 90;
			break;
		case F_COMMENTS:
			s = n == 1 ? 50 : 85; /* a lone comments.json may be another platform's */
			break;
		case F_WALL:
			s = 80;
			break;
		case F_HTML_POSTS:
			s = 60;
			break;
		default:
			if (strncmp(name, "your_facebook_activity/", 23) == 0 ||
			    strstr(name, "/your_facebook_activity/") != NULL ||
			    strncmp(name, "this_profile's_activity_across_facebook/", 40) == 0 ||
			    strstr(name, "/this_profile's_activity_across_facebook/") != NULL)
				s = 85;
			break;
		}
		if (s > score)
			score = s;
	}
	return score;
}

/* ---- the account's own name ---- */

/* Letters and digits of `s`, lower-cased, for comparing names with handles. */
static void squash(som_buf *out, const char *s)
{
	som_buf_clear(out);
	som_buf_puts(out, "");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			som_buf_putc(out, (char)(c - 'A' + 'a'));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			som_buf_putc(out, (char)c);
	}
}

/* Is `name` (repaired) the account itself: its name, or its handle? */
static int is_owner(fb *f, const char *name)
{
	som_buf a = SOM_BUF_INIT, b = SOM_BUF_INIT;
	const char *handle = som_sink__account_handle(f->sink);
	int same = 0;

	if (name == NULL || name[0] == '\0')
		return 0;
	if (f->owner && strcmp(f->owner, name) == 0)
		return 1;
	squash(&a, name);
	if (a.size > 0) {
		if (f->owner) {
			squash(&b, f->owner);
			same = b.ptr && strcmp(a.ptr, b.ptr) == 0;
		}
		if (!same && handle) {
			while (*handle == '@')
				handle++;
			squash(&b, handle);
			same = b.ptr && strcmp(a.ptr, b.ptr) == 0;
		}
	}
	som_buf_dispose(&a);
	som_buf_dispose(&b);
	return same;
}

static int set_owner(fb *f, const char *raw_name)
{
	som_buf b = SOM_BUF_INIT;
	int error;

	if (f->owner || raw_name == NULL || raw_name[0] == '\0')
		return 0;
	if ((error = som_text__repair_mojibake(&b, raw_name, strlen(raw_name), NULL)) != 0) {
		som_buf_dispose(&b);
		return error;
	}
	f->owner = som_buf_detach(&b);
	return 0;
}

/* The account's name from profile_information.json; its absence is no problem. */
static int read_profile(fb *f, const char *name)
{
	som_json *v = NULL, *p;
	char *data = NULL;
	size_t len = 0;
	int error;

	if ((error = som_source__slurp(&data, &len, f->src, name, PROFILE_MAX)) < 0 ||
	    (error = som_json__parse(&v, data, len, name, 0)) < 0) {
		if (error != SOM_ENOMEM)
			error = som_sink__problem(f->sink, name, NULL, "not read: %s", som_error_last());
		goto done;
	}
	p = som_json__get(v, "profile_v2");
	if (!som_json__is_object(p))
		p = som_json__get(v, "profile");
	error = set_owner(f, som_json__get_string(som_json__get(p, "name"), "full_name"));
done:
	som_json__free(v);
	som__free(data);
	return error;
}

/* ---- text and attachments of one item ---- */

static int put_repaired(som_buf *out, const som_json *s)
{
	const char *str = som_json__string(s);

	if (str == NULL)
		return 0;
	return som_text__repair_mojibake(out, str, som_json__string_len(s), NULL);
}

static void item_begin(fb *f)
{
	som_buf_clear(&f->text);
	som_buf_puts(&f->text, "");
	f->in_extra = 0;
	f->n_atts = 0;
	som_buf_clear(&f->descs);
}

/* Append a piece of the item's own text, a paragraph of its own. */
static int add_text(fb *f, const som_json *s)
{
	size_t mark = f->text.size;
	int error;

	if (som_json__string(s) == NULL || som_json__string_len(s) == 0)
		return 0;
	if (mark > 0 && (error = som_buf_puts(&f->text, "\n\n")) != 0)
		return error;
	if ((error = put_repaired(&f->text, s)) != 0)
		return error;
	return 0;
}

/*
 * Append a line that says what the item links to or is about (a link, an
 * event, a place), after the item's own text, unless the text has it.
 */
static int add_line(fb *f, const char *prefix, const som_json *s)
{
	const char *p;
	int error;

	som_buf_clear(&f->line);
	if (som_json__string(s) == NULL)
		return 0;
	if ((error = som_buf_puts(&f->line, prefix)) != 0 ||
	    (error = put_repaired(&f->line, s)) != 0)
		return error;
	for (p = f->line.ptr + strlen(prefix); *p == ' ' || *p == '\n' || *p == '\t'; p++)
		;
	if (*p == '\0' || strstr(f->text.ptr, f->line.ptr + strlen(prefix)) != NULL)
		return 0;
	if (f->text.size > 0 &&
	    (error = som_buf_puts(&f->text, f->in_extra ? "\n" : "\n\n")) != 0)
		return error;
	f->in_extra = 1;
	return som_buf_put(&f->text, f->line.ptr, f->line.size);
}

/* Name a file of the export: found where it lies, or as the export names it. */
static int add_attachment(fb *f, const char *uri, const som_json *description)
{
	int64_t at;
	int error;

	if (uri == NULL || uri[0] == '\0')
		return 0;
	if (f->n_atts == f->atts_alloc) {
		size_t n = f->atts_alloc ? f->atts_alloc * 2 : 8;
		som_attachment_in *a = som__realloc(f->atts, n * sizeof(*a));
		size_t *d;
		if (a == NULL)
			return SOM_ENOMEM;
		f->atts = a;
		if ((d = som__realloc(f->desc_off, n * sizeof(*d))) == NULL)
			return SOM_ENOMEM;
		f->desc_off = d;
		f->atts_alloc = n;
	}
	at = som_source__find(f->src, uri);
	if (at < 0)
		at = som_source__find_suffix(f->src, uri);
	memset(&f->atts[f->n_atts], 0, sizeof(f->atts[0]));
	f->atts[f->n_atts].path = at >= 0 ? som_source__entry(f->src, (size_t)at) : uri;
	f->desc_off[f->n_atts] = (size_t)-1;
	/* Facebook's "description" is the photo's caption: kept unless the text has it */
	if (som_json__string(description) && som_json__string_len(description) > 0) {
		size_t off = f->descs.size;
		if ((error = put_repaired(&f->descs, description)) != 0 ||
		    (error = som_buf_putc(&f->descs, '\0')) != 0)
			return error;
		if (strstr(f->text.ptr, f->descs.ptr + off) == NULL) {
			f->desc_off[f->n_atts] = off;
		} else {
			f->descs.size = off;
			f->descs.ptr[off] = '\0';
		}
	}
	f->n_atts++;
	return 0;
}

/* The descriptions' places are known once `descs` stops growing. */
static void attachments_done(fb *f)
{
	for (size_t i = 0; i < f->n_atts; i++)
		f->atts[i].description = f->desc_off[i] == (size_t)-1 ? NULL :
			f->descs.ptr + f->desc_off[i];
}

static int add_place(fb *f, const som_json *place)
{
	int error;

	if (!som_json__is_object(place))
		return 0;
	if ((error = add_line(f, "", som_json__get(place, "name"))) != 0)
		return error;
	return add_line(f, "", som_json__get(place, "address"));
}

/* One element of an attachment's "data": a file, a link, an event, ... */
static int attachment_data(fb *f, const som_json *x)
{
	som_json *m, *opts;
	int error = 0;

	if (som_json__is_object(m = som_json__get(x, "media")) &&
	    (error = add_attachment(f, som_json__get_string(m, "uri"),
			som_json__get(m, "description"))) != 0)
		return error;
	if (som_json__is_object(m = som_json__get(x, "external_context")) &&
	    ((error = add_line(f, "", som_json__get(m, "name"))) != 0 ||
	     (error = add_line(f, "", som_json__get(m, "url"))) != 0))
		return error;
	if (som_json__is_object(m = som_json__get(x, "event")) &&
	    (error = add_line(f, "", som_json__get(m, "name"))) != 0)
		return error;
	if (som_json__is_object(m = som_json__get(x, "life_event")) &&
	    ((error = add_line(f, "", som_json__get(m, "title"))) != 0 ||
	     (error = add_place(f, som_json__get(m, "place"))) != 0))
		return error;
	if ((error = add_place(f, som_json__get(x, "place"))) != 0 ||
	    (error = add_line(f, "", som_json__get(x, "name"))) != 0 ||
	    (error = add_line(f, "", som_json__get(x, "text"))) != 0)
		return error;
	if (som_json__is_object(m = som_json__get(x, "poll"))) {
		if ((error = add_line(f, "", som_json__get(m, "question"))) != 0)
			return error;
		opts = som_json__get(m, "options");
		for (size_t i = 0; i < som_json__array_size(opts); i++)
			if ((error = add_line(f, "- ", som_json__get(som_json__array_get(opts, i),
					"option"))) != 0)
				return error;
	}
	if (som_json__is_object(m = som_json__get(x, "note")) &&
	    ((error = add_line(f, "", som_json__get(m, "title"))) != 0 ||
	     (error = add_line(f, "", som_json__get(m, "text"))) != 0))
		return error;
	if (som_json__is_object(m = som_json__get(x, "fundraiser")) &&
	    (error = add_line(f, "", som_json__get(m, "title"))) != 0)
		return error;
	return 0;
}

/* "attachments": [{"data": [...]}, ...]; returns how many data elements it had. */
static int attachments(fb *f, const som_json *entry, size_t *count)
{
	som_json *list = som_json__get(entry, "attachments");
	int error;

	*count = 0;
	for (size_t i = 0; i < som_json__array_size(list); i++) {
		som_json *data = som_json__get(som_json__array_get(list, i), "data");
		for (size_t j = 0; j < som_json__array_size(data); j++) {
			(*count)++;
			if ((error = attachment_data(f, som_json__array_get(data, j))) != 0)
				return error;
		}
	}
	return 0;
}

/*
 * The item's id: "fb:" and the SHA-256 of `tag`, its time, a newline, its
 * text, and a newline and the file name of each attachment (not its folder,
 * which moved between layouts), so that the same item in any export of the
 * account has the same id and exact duplicates are one item.
 */
static int make_id(fb *f, const char *tag, const char *stamp)
{
	char hex[65];
	int error;

	som_buf_clear(&f->key);
	if ((error = som_buf_printf(&f->key, "%s%s\n", tag, stamp)) != 0 ||
	    (error = som_buf_put(&f->key, f->text.ptr, f->text.size)) != 0)
		return error;
	for (size_t i = 0; i < f->n_atts; i++)
		if ((error = som_buf_putc(&f->key, '\n')) != 0 ||
		    (error = som_buf_puts(&f->key, base_of(f->atts[i].path))) != 0)
			return error;
	if ((error = som_sha256__hex(hex, f->key.ptr, f->key.size)) != 0)
		return error;
	som_buf_clear(&f->key);
	return som_buf_printf(&f->key, "fb:%s", hex);
}

static int skip(fb *f, const char *where, const char *why)
{
	return som_sink__problem(f->sink, f->file, where, "skipped: %s", why);
}

/* A time in Unix seconds, as a string; 0 when it is none. */
static int unix_time(char out[32], const som_json *v)
{
	int64_t t = som_json__is_number(v) ? som_json__integer(v) : 0;
	char norm[32];

	if (t <= 0 || t > (int64_t)253402300799)
		return 0;
	snprintf(out, 32, "%lld", (long long)t);
	return som__time_normalize(norm, out) == 0;
}

static int hand_over(fb *f, som_item_in *item, const char *where)
{
	attachments_done(f);
	item->text = f->text.ptr;
	item->attachments = f->atts;
	item->n_attachments = f->n_atts;
	item->platform_id = f->key.ptr;
	return som_sink__item(f->sink, item, f->file, where);
}

/* ---- posts, comments, messages ---- */

/*
 * Who wrote a post on the account's timeline, as its title says in an
 * export in English or Swedish ("Anna Svensson wrote on ..."); NULL when
 * the title says it otherwise.
 */
static const char *wall_author(fb *f, const som_json *title)
{
	static const char *const verbs[] = {
		" wrote on ", " posted on ", " skrev på ", " publicerade på ",
	};
	char *at;

	som_buf_clear(&f->author);
	if (som_json__string(title) == NULL || put_repaired(&f->author, title) != 0)
		return NULL;
	for (size_t i = 0; i < SOM_ARRAY_SIZE(verbs); i++)
		if ((at = strstr(f->author.ptr, verbs[i])) != NULL && at > f->author.ptr) {
			*at = '\0';
			return f->author.ptr;
		}
	return NULL;
}

/*
 * A post: the account's own (`own`), or one by someone else on its
 * timeline. One with no text and nothing attached but its title ("... shared
 * a post.") records that the account shared something the export does not
 * hold: a share.
 */
static int post(fb *f, const som_json *e, som_item_in *item, const char *where, int own)
{
	som_json *data = som_json__get(e, "data");
	char stamp[32], edited[32];
	int64_t updated = 0, created = som_json__integer(som_json__get(e, "timestamp"));
	size_t n_data = 0;
	int error, has_text;

	if (!unix_time(stamp, som_json__get(e, "timestamp")))
		return skip(f, where, "an entry without a valid \"timestamp\"");
	item_begin(f);
	for (size_t i = 0; i < som_json__array_size(data); i++) {
		som_json *d = som_json__array_get(data, i);
		int64_t u = som_json__integer(som_json__get(d, "update_timestamp"));
		if ((error = add_text(f, som_json__get(d, "post"))) != 0)
			return error;
		if (u > updated)
			updated = u;
	}
	has_text = f->text.size > 0;
	if (!has_text && (error = add_text(f, som_json__get(e, "title"))) != 0)
		return error;
	if ((error = attachments(f, e, &n_data)) != 0)
		return error;
	if ((error = make_id(f, "", stamp)) != 0)
		return error;
	item->kind = own && !has_text && n_data == 0 && f->text.size > 0 ? "share" : "post";
	item->created = stamp;
	/* "update_timestamp" is the post's time again unless it was edited */
	if (updated > created && updated <= (int64_t)253402300799) {
		snprintf(edited, sizeof(edited), "%lld", (long long)updated);
		item->edited = edited;
	}
	item->by_account = own;
	item->author_name = own ? (f->owner ? f->owner : som_sink__account_handle(f->sink)) :
		wall_author(f, som_json__get(e, "title"));
	return hand_over(f, item, where);
}

/* A comment the account wrote; the export does not say on what. */
static int comment(fb *f, const som_json *e, som_item_in *item, const char *where)
{
	som_json *data = som_json__get(e, "data"), *c = NULL;
	char stamp[32];
	size_t n_data;
	int error;

	for (size_t i = 0; i < som_json__array_size(data) && c == NULL; i++)
		if (som_json__is_object(som_json__get(som_json__array_get(data, i), "comment")))
			c = som_json__get(som_json__array_get(data, i), "comment");
	if (!unix_time(stamp, som_json__get(c, "timestamp")) &&
	    !unix_time(stamp, som_json__get(e, "timestamp")))
		return skip(f, where, "a comment without a valid \"timestamp\"");
	item_begin(f);
	for (size_t i = 0; i < som_json__array_size(data); i++)
		if ((error = add_text(f, som_json__get(som_json__get(som_json__array_get(data, i),
				"comment"), "comment"))) != 0)
			return error;
	if (f->text.size == 0 && (error = add_text(f, som_json__get(e, "title"))) != 0)
		return error;
	if ((error = attachments(f, e, &n_data)) != 0 ||
	    (error = make_id(f, "comment\n", stamp)) != 0)
		return error;
	if ((error = set_owner(f, som_json__get_string(c, "author"))) != 0)
		return error;
	item->kind = "comment";
	item->created = stamp;
	item->by_account = 1;
	item->author_name = f->owner ? f->owner : som_sink__account_handle(f->sink);
	return hand_over(f, item, where);
}

/* One message of a Messenger conversation. */
static int message(fb *f, const som_json *e, som_item_in *item, const char *where)
{
	static const char *const lists[] = { "photos", "videos", "audio_files", "gifs", "files" };
	som_buf sender = SOM_BUF_INIT;
	som_json *share;
	int64_t ms = som_json__integer(som_json__get(e, "timestamp_ms"));
	char stamp[32], norm[32], ms_text[32];
	int error = 0;

	snprintf(stamp, sizeof(stamp), "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
	if (!som_json__is_number(som_json__get(e, "timestamp_ms")) || ms <= 0 ||
	    som__time_normalize(norm, stamp) != 0)
		return skip(f, where, "a message without a valid \"timestamp_ms\"");
	item_begin(f);
	if ((error = put_repaired(&sender, som_json__get(e, "sender_name"))) != 0 ||
	    (error = som_buf_puts(&sender, "")) != 0 ||
	    (error = add_text(f, som_json__get(e, "content"))) != 0)
		goto done;
	share = som_json__get(e, "share");
	if ((error = add_line(f, "", som_json__get(share, "link"))) != 0 ||
	    (error = add_line(f, "", som_json__get(share, "share_text"))) != 0)
		goto done;
	for (size_t k = 0; k < SOM_ARRAY_SIZE(lists); k++) {
		som_json *list = som_json__get(e, lists[k]);
		for (size_t i = 0; i < som_json__array_size(list); i++)
			if ((error = add_attachment(f, som_json__get_string(som_json__array_get(list, i),
					"uri"), NULL)) != 0)
				goto done;
	}
	if ((error = add_attachment(f, som_json__get_string(som_json__get(e, "sticker"), "uri"),
			NULL)) != 0)
		goto done;
	/* the id: "message", the conversation, the sender, then as for a post */
	snprintf(ms_text, sizeof(ms_text), "%lld", (long long)ms);
	som_buf_clear(&f->line);
	if ((error = som_buf_printf(&f->line, "message\n%s\n%s\n", f->thread.ptr,
			sender.ptr)) != 0 ||
	    (error = make_id(f, f->line.ptr, ms_text)) != 0)
		goto done;
	item->kind = "message";
	item->created = stamp;
	item->author_name = sender.size > 0 ? sender.ptr : NULL;
	item->by_account = is_owner(f, sender.ptr);
	error = hand_over(f, item, where);
done:
	som_buf_dispose(&sender);
	return error;
}

static int element(const char *data, size_t len, int64_t line, void *payload)
{
	fb *f = payload;
	som_json *e = NULL;
	som_item_in item;
	char where[64];
	int error;

	snprintf(where, sizeof(where), "line %lld, entry %lld", (long long)line,
		(long long)++f->n_elements);
	if ((error = som_json__parse(&e, data, len, f->file, line - 1)) < 0) {
		if (error != SOM_ENOMEM)
			error = som_sink__problem(f->sink, f->file, where, "skipped: %s",
				som_error_last());
		goto done;
	}
	if (!som_json__is_object(e)) {
		error = skip(f, where, "not an object");
		goto done;
	}
	memset(&item, 0, sizeof(item));
	item.raw = data;
	item.raw_len = len;
	switch (f->kind) {
	case F_POSTS:
		error = post(f, e, &item, where, 1);
		break;
	case F_WALL:
		error = post(f, e, &item, where, 0);
		break;
	case F_COMMENTS:
		error = comment(f, e, &item, where);
		break;
	case F_MESSAGES:
		error = message(f, e, &item, where);
		break;
	default:
		error = 0;
		break;
	}
done:
	som_json__free(e);
	return error;
}

/* ---- reading a file ---- */

/* The first bytes of an entry, kept to be read again by the splitter. */
typedef struct peek_reader {
	som_source_reader *reader;
	char *buf;
	size_t len, pos;
} peek_reader;

static ssize_t peek_read(void *ctx, void *buf, size_t len)
{
	peek_reader *p = ctx;
	size_t n;

	if (p->pos < p->len) {
		n = p->len - p->pos < len ? p->len - p->pos : len;
		memcpy(buf, p->buf + p->pos, n);
		p->pos += n;
		return (ssize_t)n;
	}
	return som_source__read(p->reader, buf, len);
}

/* Is `"key"` followed by ':' and '[' in the peeked bytes? */
static int peek_has_array(const peek_reader *p, const char *key)
{
	char quoted[64];
	const char *at, *end = p->buf + p->len;
	int n = snprintf(quoted, sizeof(quoted), "\"%s\"", key);

	for (at = p->buf; (at = memmem(at, (size_t)(end - at), quoted, (size_t)n)) != NULL; at++) {
		const char *q = at + n;
		while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t'))
			q++;
		if (q < end && *q++ == ':') {
			while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t'))
				q++;
			if (q < end && *q == '[')
				return 1;
		}
	}
	return 0;
}

/* The keys under which each kind of file holds its array, most likely first. */
static const char *const *keys_of(enum fb_file kind)
{
	static const char *const posts[] = { "status_updates", NULL };
	static const char *const comments[] = { "comments_v2", "comments", NULL };
	static const char *const wall[] = { "wall_posts_sent_to_you", NULL };
	static const char *const messages[] = { "messages", NULL };

	switch (kind) {
	case F_POSTS:
		return posts;
	case F_COMMENTS:
		return comments;
	case F_WALL:
		return wall;
	default:
		return messages;
	}
}

typedef struct file_read {
	fb *f;
	const char *key;      /* "" for a root array */
	int tried;            /* keys of keys_of() tried so far */
	int occurrences;
	int root;             /* '[' or '{' */
} file_read;

static int split_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	file_read *r = payload;
	peek_reader p;
	const char *const *keys = keys_of(r->f->kind);
	const char *s;
	ssize_t got = 0;
	int error;

	(void)size;
	memset(&p, 0, sizeof(p));
	p.reader = reader;
	if ((p.buf = som__malloc(PEEK_BYTES)) == NULL)
		return SOM_ENOMEM;
	while (p.len < PEEK_BYTES &&
	       (got = som_source__read(reader, p.buf + p.len, PEEK_BYTES - p.len)) > 0)
		p.len += (size_t)got;
	if (got < 0) {
		error = (int)got;
		goto done;
	}
	s = p.buf;
	if (p.len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < p.buf + p.len && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++;
	if (s == p.buf + p.len || (*s != '[' && *s != '{')) {
		error = som__error(SOM_EINVALID, "cannot read '%s': not JSON (a Facebook export "
			"in JSON was expected)", name);
		goto done;
	}
	r->root = *s;
	if (r->root == '[') {
		r->key = NULL;
	} else if (r->key == NULL) {
		/* the first candidate the file shows, else the first not yet tried */
		for (int i = 0; keys[i] && r->key == NULL; i++)
			if (peek_has_array(&p, keys[i])) {
				r->key = keys[i];
				r->tried = i;
			}
		if (r->key == NULL)
			r->key = keys[r->tried];
	}
	r->f->n_elements = 0;
	error = som_json__split(&r->occurrences, name, peek_read, &p, r->key, 0, element, r->f);
done:
	som__free(p.buf);
	return error;
}

/* "wall_posts_sent_to_you": {"activity_log_data": [...]}, as older exports have it. */
static int read_wall_object(fb *f, const char *name)
{
	som_json *v = NULL, *list;
	som_buf raw = SOM_BUF_INIT;
	char *data = NULL;
	size_t len = 0;
	char where[64];
	int error;

	if ((error = som_source__slurp(&data, &len, f->src, name, SOM_JSON_MAX_ITEM)) < 0 ||
	    (error = som_json__parse(&v, data, len, name, 0)) < 0)
		goto done;
	list = som_json__get(som_json__get(v, "wall_posts_sent_to_you"), "activity_log_data");
	if (!som_json__is_array(list)) {
		error = som_sink__problem(f->sink, name, NULL,
			"not read: no posts (\"wall_posts_sent_to_you\") in it");
		goto done;
	}
	for (size_t i = 0; i < som_json__array_size(list) && error == 0; i++) {
		som_json *e = som_json__array_get(list, i);
		som_item_in item;

		snprintf(where, sizeof(where), "entry %zu", i + 1);
		som_buf_clear(&raw);
		if ((error = som_json__dump(&raw, e)) != 0)
			break;
		if (!som_json__is_object(e)) {
			error = skip(f, where, "not an object");
			continue;
		}
		memset(&item, 0, sizeof(item));
		item.raw = raw.ptr;
		item.raw_len = raw.size;
		error = post(f, e, &item, where, 0);
	}
done:
	som_json__free(v);
	som__free(data);
	som_buf_dispose(&raw);
	return error;
}

/* "messages/inbox/anna_123/message_1.json" -> "inbox/anna_123" */
static int thread_of(som_buf *out, const char *name)
{
	const char *end = base_of(name), *start;
	int slashes = 0;

	som_buf_clear(out);
	if (som_buf_puts(out, "") != 0)
		return SOM_ENOMEM;
	if (end == name)
		return 0;
	end--;
	for (start = end; start > name; start--)
		if (start[-1] == '/' && ++slashes == 2)
			break;
	return som_buf_put(out, start, (size_t)(end - start));
}

static int read_file(fb *f, const char *name, enum fb_file kind)
{
	file_read r;
	const char *const *keys = keys_of(kind);
	int error;

	memset(&r, 0, sizeof(r));
	r.f = f;
	f->file = name;
	f->kind = kind;
	if (kind == F_MESSAGES && (error = thread_of(&f->thread, name)) != 0)
		return error;
	for (;;) {
		if ((error = som_source__with_entry(f->src, name, split_entry, &r)) != 0)
			return error;
		if (r.root == '[' || r.occurrences > 0)
			return 0;
		/* an object without the array it was expected to hold under that key */
		if (keys[r.tried + 1] == NULL)
			break;
		r.key = keys[++r.tried];
	}
	if (kind == F_WALL)
		return read_wall_object(f, name);
	return som__error(SOM_EINVALID, "cannot read '%s': %s", name,
		kind == F_POSTS ? "not a Facebook posts file (no array of posts)" :
		kind == F_COMMENTS ? "not a Facebook comments file (no \"comments_v2\" or "
			"\"comments\" array)" :
		"not a Messenger conversation (no \"messages\" array)");
}

static int read_source(som_source *src, som_sink *sink)
{
	static const enum fb_file order[] = { F_COMMENTS, F_POSTS, F_WALL, F_MESSAGES };
	size_t n = som_source__count(src), readable = 0, html = 0;
	unsigned char *kinds = NULL;
	fb f;
	int error = 0;

	memset(&f, 0, sizeof(f));
	f.src = src;
	f.sink = sink;
	if ((kinds = som__malloc(n + 1)) == NULL)
		return SOM_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		kinds[i] = (unsigned char)classify(som_source__entry(src, i), n == 1);
		readable += kinds[i] == F_POSTS || kinds[i] == F_COMMENTS || kinds[i] == F_WALL ||
			kinds[i] == F_MESSAGES;
		html += kinds[i] == F_HTML_POSTS;
	}
	if (readable == 0) {
		error = html ?
			som__error(SOM_EINVALID, "cannot read '%s': a Facebook export in HTML; "
				"request it again in JSON format", som_source__name(src)) :
			som__error(SOM_EINVALID, "cannot read '%s': not a Facebook export in JSON "
				"(no posts, comments or messages)", som_source__name(src));
		goto done;
	}
	/* the account's name first: the comments and messages are matched against it */
	for (size_t i = 0; i < n && error == 0; i++)
		if (kinds[i] == F_PROFILE && f.owner == NULL)
			error = read_profile(&f, som_source__entry(src, i));
	/* comments before posts: they name the account's author */
	for (size_t k = 0; k < SOM_ARRAY_SIZE(order) && error == 0; k++)
		for (size_t i = 0; i < n && error == 0; i++)
			if (kinds[i] == order[k])
				error = read_file(&f, som_source__entry(src, i), order[k]);
	for (size_t i = 0; i < n && error == 0; i++) {
		const char *name = som_source__entry(src, i);
		if (kinds[i] == F_OTHER)
			error = som_sink__problem(sink, name, NULL, "not read: %s", why_not_read(name));
		else if (kinds[i] == F_HTML_POSTS)
			error = som_sink__problem(sink, name, NULL,
				"not read: posts in HTML (the JSON files of the export are read)");
	}
done:
	som__free(kinds);
	som__free(f.owner);
	som_buf_dispose(&f.thread);
	som_buf_dispose(&f.text);
	som_buf_dispose(&f.line);
	som_buf_dispose(&f.key);
	som_buf_dispose(&f.descs);
	som_buf_dispose(&f.author);
	som__free(f.atts);
	som__free(f.desc_off);
	return error;
}

const som_importer som_importer_facebook = {
	"facebook",
	"facebook",
	1,
	probe,
	read_source
};
