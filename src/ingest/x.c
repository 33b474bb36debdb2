/*
 * The X (Twitter) importer: the account archive ("Download an archive of
 * your data"), whose data/tweets.js (older: tweet.js), its parts and
 * deleted-tweets.js hold the account's tweets as "window.YTD.tweets.part0 =
 * [...]", streamed one tweet at a time, with the author from account.js,
 * media from tweets_media/ and direct messages from direct-messages*.js.
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "formats/html_text.h"
#include "formats/json.h"
#include "formats/json_split.h"
#include "ingest/importer.h"
#include "ingest/tweet.h"

/* How much of a file the probe and the emptiness check look at. */
#define PEEK_BYTES 512
/* account.js is small; anything larger is not one. */
#define ACCOUNT_MAX (1024 * 1024)
/*
 * An edited tweet's versions are handed oldest first, one pass over the
 * tweet files per version: X allows five edits; more is clamped here.
 */
#define MAX_RANK 63
/* Links a text may have expanded, and video variants tried, at most. */
#define MAX_VARIANTS 8

enum file_kind { F_TWEETS, F_DELETED, F_DMS, F_DM_GROUPS };

typedef struct xfile {
	const char *name;           /* the entry, borrowed from the source */
	size_t entry;               /* its index in the source */
	enum file_kind kind;
	size_t dir_len;             /* of the folder part of `name`, with its '/' */
	const char *media[2];       /* the media folders to look in, the first preferred */
} xfile;

typedef struct xarchive {
	som_source *src;
	som_sink *sink;
	xfile *files;
	size_t n_files;
	size_t *file_of;            /* by entry: 1 + the index in `files`, or 0 */
	unsigned char *want;        /* by entry: read in this pass */
	const xfile *cur;
	int pass;                   /* the version rank this pass hands over */
	uint64_t ranks;             /* the ranks above 0 seen in pass 0 */
	int64_t n_elements;         /* of the current file, in this pass */
	int64_t n_recognized;       /* of those, the tweets or conversations */
	int64_t n_events;           /* conversation events that are no messages */
	som_json *account;
	const char *username;       /* from account.js, borrowed from `account` */
	const char *account_id;
	const char *display_name;
	char where[96];
	som_buf text, scratch, url, names;
	som_attachment_in *atts;
	size_t atts_alloc;
	size_t *name_at;            /* offsets into `names` of built attachment paths */
	size_t name_at_alloc;
} xarchive;

static ssize_t read_entry(void *ctx, void *buf, size_t len)
{
	return som_source__read(ctx, buf, len);
}

static const char *base_name(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

/* Is `s` `prefix` followed by "-part" digits ".js", or `prefix` ".js"? */
static int is_js_part(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n) != 0)
		return 0;
	s += n;
	if (strcmp(s, ".js") == 0)
		return 1;
	if (strncmp(s, "-part", 5) != 0 || s[5] < '0' || s[5] > '9')
		return 0;
	for (s += 5; *s >= '0' && *s <= '9'; s++)
		;
	return strcmp(s, ".js") == 0;
}

/* The kind of an archive file by its base name; -1 for none we read. */
static int file_kind_of(const char *name, const char **media0, const char **media1)
{
	const char *b = base_name(name);

	*media0 = *media1 = NULL;
	if (is_js_part(b, "tweets")) {
		*media0 = "tweets_media";
		*media1 = "tweet_media";
		return F_TWEETS;
	}
	if (is_js_part(b, "tweet")) {
		*media0 = "tweet_media";
		*media1 = "tweets_media";
		return F_TWEETS;
	}
	if (is_js_part(b, "community-tweet")) {
		*media0 = "community_tweet_media";
		return F_TWEETS;
	}
	if (is_js_part(b, "deleted-tweets") || is_js_part(b, "deleted-tweet")) {
		*media0 = "deleted_tweets_media";
		*media1 = "deleted_tweet_media";
		return F_DELETED;
	}
	if (is_js_part(b, "direct-messages")) {
		*media0 = "direct_messages_media";
		return F_DMS;
	}
	if (is_js_part(b, "direct-messages-group")) {
		*media0 = "direct_messages_group_media";
		return F_DM_GROUPS;
	}
	return -1;
}

/* ---- the probe ---- */

typedef struct peek {
	char buf[PEEK_BYTES + 1];
	size_t len;
} peek;

static int peek_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	peek *p = payload;
	ssize_t got;

	(void)name;
	(void)size;
	while (p->len < PEEK_BYTES &&
	       (got = som_source__read(reader, p->buf + p->len, PEEK_BYTES - p->len)) > 0)
		p->len += (size_t)got;
	p->buf[p->len] = '\0';
	return 0;
}

/* The first bytes of an entry, NUL-terminated; 0, or SOM_ENOMEM. */
static int peek_at(peek *p, som_source *src, const char *name)
{
	int error;

	p->len = 0;
	p->buf[0] = '\0';
	error = som_source__with_entry(src, name, peek_entry, p);
	if (error == SOM_ENOMEM)
		return error;
	return 0;
}

/* Past a byte order mark and white space. */
static const char *skip_space(const char *s)
{
	if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb &&
	    (unsigned char)s[2] == 0xbf)
		s += 3;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

static int probe(som_source *src)
{
	peek *p = NULL;
	size_t i, looked, n = som_source__count(src);
	int score = 0, error = 0;

	for (i = 0, looked = 0; i < n && score < 95 && looked < 8; i++) {
		const char *name = som_source__entry(src, i), *m0, *m1, *s;
		int kind = file_kind_of(name, &m0, &m1);
		int is_account = strcmp(base_name(name), "account.js") == 0;

		if (kind < 0 && !is_account)
			continue;
		if (p == NULL && (p = som__malloc(sizeof(*p))) == NULL)
			return SOM_ENOMEM;
		looked++;
		if ((error = peek_at(p, src, name)) < 0)
			break;
		s = skip_space(p->buf);
		if (strncmp(s, "window.YTD.", 11) == 0)
			score = kind == F_TWEETS || kind == F_DELETED ? 95 :
				score > 70 ? score : 70;
		else if ((kind == F_TWEETS || kind == F_DELETED) && *s == '[' &&
			 strstr(s, "\"tweet\"") != NULL && score < 50)
			score = 50;   /* the prefix cut off by hand */
	}
	som__free(p);
	if (error < 0)
		return error;
	som_error_clear();
	return score;
}

/* ---- small helpers ---- */

/* The last path segment of a URL, without its query or fragment, into `out`. */
static int url_base(som_buf *out, const char *url)
{
	size_t end = strcspn(url, "?#");
	size_t start = end;

	while (start > 0 && url[start - 1] != '/')
		start--;
	som_buf_clear(out);
	if (end == start)
		return som_buf_puts(out, "");
	return som_buf_put(out, url + start, end - start);
}

static int grow_attachments(xarchive *x, size_t count)
{
	if (count > x->atts_alloc) {
		som_attachment_in *a = som__realloc(x->atts, count * sizeof(*a));
		if (a == NULL)
			return SOM_ENOMEM;
		x->atts = a;
		x->atts_alloc = count;
	}
	if (count > x->name_at_alloc) {
		size_t *p = som__realloc(x->name_at, count * sizeof(*p));
		if (p == NULL)
			return SOM_ENOMEM;
		x->name_at = p;
		x->name_at_alloc = count;
	}
	return 0;
}

/*
 * Find "DIR MEDIA/ID-BASE" for each media folder of the current file:
 * `*found` is the entry's name (borrowed from the source), or NULL.
 */
static int find_media(const char **found, xarchive *x, const char *id, const char *base)
{
	size_t m;
	int error;

	*found = NULL;
	if (!*base)
		return 0;
	for (m = 0; m < 2 && x->cur->media[m]; m++) {
		int64_t at;
		som_buf_clear(&x->scratch);
		if ((error = som_buf_put(&x->scratch, x->cur->name, x->cur->dir_len)) < 0 ||
		    (error = som_buf_printf(&x->scratch, "%s/%s-%s", x->cur->media[m], id,
				base)) < 0)
			return error;
		if ((at = som_source__find(x->src, x->scratch.ptr)) < 0)
			at = som_source__find_suffix(x->src, x->scratch.ptr + x->cur->dir_len);
		if (at >= 0) {
			*found = som_source__entry(x->src, (size_t)at);
			return 0;
		}
	}
	return 0;
}

/*
 * Add attachment `k`: the entry found, or the path where the export should
 * have it (the sink records it missing). `base` is the preferred name.
 */
static int add_attachment(xarchive *x, size_t k, const char *found, const char *id,
	const char *base, const char *description)
{
	int error;

	x->atts[k].mime = NULL;
	x->atts[k].description = description;
	x->atts[k].path = found;
	x->name_at[k] = (size_t)-1;
	if (found)
		return 0;
	x->name_at[k] = x->names.size;
	if ((error = som_buf_put(&x->names, x->cur->name, x->cur->dir_len)) < 0 ||
	    (error = som_buf_printf(&x->names, "%s/%s-%s", x->cur->media[0], id, base)) < 0 ||
	    (error = som_buf_putc(&x->names, '\0')) < 0)
		return error;
	return 0;
}

/* Point the attachments built into `names` at their final place. */
static void fix_names(xarchive *x, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (x->name_at[k] != (size_t)-1)
			x->atts[k].path = x->names.ptr + x->name_at[k];
}

/* The mp4 variants of a video, best first, tried in turn; then its still. */
static int media_candidates(xarchive *x, som_json *m, const char *id,
	const char **found, som_buf *first)
{
	som_json *variants = som_json__get(som_json__get(m, "video_info"), "variants");
	size_t n = som_json__array_size(variants), i;
	int64_t tried_above = INT64_MAX;
	int tries;
	const char *still = som_json__get_string(m, "media_url_https");
	int error;

	*found = NULL;
	som_buf_clear(first);
	/* by bitrate, highest first, without sorting: n is a handful */
	for (tries = 0; tries < MAX_VARIANTS; tries++) {
		int64_t best = -1;
		const char *url = NULL;
		for (i = 0; i < n; i++) {
			som_json *v = som_json__array_get(variants, i);
			const char *type = som_json__get_string(v, "content_type");
			const char *u = som_json__get_string(v, "url");
			int64_t rate = som_json__integer(som_json__get(v, "bitrate"));
			if (!u || (type && strcmp(type, "video/mp4") != 0) ||
			    rate >= tried_above || rate <= best)
				continue;
			best = rate;
			url = u;
		}
		if (url == NULL)
			break;
		tried_above = best;
		if ((error = url_base(&x->url, url)) < 0)
			return error;
		if (first->size == 0 && (error = som_buf_puts(first, x->url.ptr)) < 0)
			return error;
		if ((error = find_media(found, x, id, x->url.ptr)) < 0 || *found)
			return error;
		if (best == 0)
			break;
	}
	if (still == NULL)
		still = som_json__get_string(m, "media_url");
	if (still) {
		if ((error = url_base(&x->url, still)) < 0)
			return error;
		if (first->size == 0 && (error = som_buf_puts(first, x->url.ptr)) < 0)
			return error;
		return find_media(found, x, id, x->url.ptr);
	}
	return 0;
}

/* The media of a tweet: extended_entities.media, else entities.media. */
static som_json *media_list(const som_json *t)
{
	som_json *list = som_json__get(som_json__get(t, "extended_entities"), "media");

	if (som_json__array_size(list) == 0)
		list = som_json__get(som_json__get(t, "entities"), "media");
	return list;
}

static int tweet_attachments(xarchive *x, som_item_in *item, const som_json *t,
	const char *id)
{
	som_json *list = media_list(t);
	som_buf first = SOM_BUF_INIT;
	size_t n = som_json__array_size(list), i, k = 0;
	int error = 0;

	som_buf_clear(&x->names);
	if ((error = grow_attachments(x, n)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		som_json *m = som_json__array_get(list, i);
		const char *found;
		if ((error = media_candidates(x, m, id, &found, &first)) < 0)
			goto done;
		if (!found && first.size == 0)
			continue;   /* no name at all: nothing to look for */
		if ((error = add_attachment(x, k++, found, id, first.ptr,
				som_json__get_string(m, "ext_alt_text"))) < 0)
			goto done;
	}
	fix_names(x, k);
	item->attachments = x->atts;
	item->n_attachments = k;
done:
	som_buf_dispose(&first);
	return error;
}

/* ---- tweets ---- */

static const char *where(xarchive *x, int64_t line)
{
	snprintf(x->where, sizeof(x->where), "line %lld, item %lld", (long long)line,
		(long long)x->n_elements);
	return x->where;
}

static int skip(xarchive *x, int64_t line, const char *why, const char *what)
{
	return som_sink__problem(x->sink, x->cur->name, where(x, line), "skipped: %s%s%s%s",
		why, what ? " '" : "", what ? what : "", what ? "'" : "");
}

/*
 * Which version of an edited tweet this is: 0 for a tweet never edited or
 * the first state of one, else its place among the versions (by id); and
 * the id of the first state, which names the item.
 */
static int edit_rank(const som_json *t, const char *id, const char **initial)
{
	som_json *edit = som_json__get(som_json__get(t, "edit_info"), "edit");
	som_json *list;
	size_t i, n;
	int rank = 0;

	*initial = id;
	if (!som_json__is_object(edit))
		return 0;
	if (!som_json__get_string(edit, "initialTweetId") ||
	    !*som_json__get_string(edit, "initialTweetId") ||
	    strcmp(som_json__get_string(edit, "initialTweetId"), id) == 0)
		return 0;
	*initial = som_json__get_string(edit, "initialTweetId");
	list = som_json__get(som_json__get(edit, "editControlInitial"), "editTweetIds");
	n = som_json__array_size(list);
	for (i = 0; i < n; i++) {
		const char *other = som_json__string(som_json__array_get(list, i));
		if (other && som_tweet__id_less(other, id))
			rank++;
	}
	if (rank < 1)
		rank = 1;
	return rank > MAX_RANK ? MAX_RANK : rank;
}

/* A retweet names the tweet it shares only through its media, if at all. */
static const char *shared_id(const som_json *t)
{
	som_json *rs = som_json__get(t, "retweeted_status");
	som_json *list = media_list(t);
	size_t i;

	if (som_json__get_string(rs, "id_str"))
		return som_json__get_string(rs, "id_str");
	for (i = 0; i < som_json__array_size(list); i++) {
		const char *s = som_json__get_string(som_json__array_get(list, i),
			"source_status_id_str");
		if (s && *s)
			return s;
	}
	return NULL;
}

static int tweet_url(xarchive *x, const char *id)
{
	const char *user = x->username;

	som_buf_clear(&x->url);
	if (user && *user == '@')
		user++;
	if (user && *user)
		return som_buf_printf(&x->url, "https://x.com/%s/status/%s", user, id);
	return som_buf_printf(&x->url, "https://x.com/i/web/status/%s", id);
}

static int tweet_element(const char *data, size_t len, int64_t line, void *payload)
{
	xarchive *x = payload;
	som_json *v = NULL, *t;
	som_item_in item;
	const char *id, *initial, *full_text, *created, *reply_to;
	char norm[32];
	int rank, error = 0;
	char idtmp[24];
	som_buf urlbuf = SOM_BUF_INIT;

	x->n_elements++;
	/* later passes want edits only; everything else was handed in pass 0 */
	if (x->pass > 0 && memmem(data, len, "initialTweetId", 14) == NULL)
		return 0;
	if ((error = som_json__parse(&v, data, len, x->cur->name, line - 1)) < 0) {
		if (error != SOM_ENOMEM)
			error = x->pass > 0 ? 0 : skip(x, line, som_error_last(), NULL);
		goto done;
	}
	t = som_json__get(v, "tweet");
	if (!som_json__is_object(t))
		t = v;   /* the oldest archives hold the tweets bare */
	id = som_json__get_string(t, "id_str");
	if (id == NULL)
		id = som_tweet__id_of(som_json__get(t, "id"), idtmp);
	if (!som_json__is_object(t) || id == NULL || *id == '\0') {
		if (x->pass == 0)
			error = skip(x, line, "not a tweet (no \"id_str\")", NULL);
		goto done;
	}
	x->n_recognized++;
	rank = edit_rank(t, id, &initial);
	if (rank != x->pass) {
		if (x->pass == 0)
			x->ranks |= (uint64_t)1 << rank;
		goto done;
	}
	created = som_json__get_string(t, "created_at");
	if (created == NULL || som__time_normalize(norm, created) < 0) {
		error = skip(x, line, "no valid time \"created_at\" for", id);
		goto done;
	}
	full_text = som_json__get_string(t, "full_text");
	if (full_text == NULL)
		full_text = som_json__get_string(t, "text");
	som_buf_clear(&x->text);
	if ((error = som_buf_puts(&x->text, "")) < 0 ||
	    (full_text && (error = som_html__decode_entities(&x->text, full_text,
			strlen(full_text))) < 0) ||
	    (error = som_tweet__expand_links(&x->text, &x->scratch, som_json__get(som_json__get(t, "entities"), "urls"),
			"url", "expanded_url")) < 0 ||
	    (error = som_tweet__expand_links(&x->text, &x->scratch, media_list(t), "url", "expanded_url")) < 0)
		goto done;

	memset(&item, 0, sizeof(item));
	item.platform_id = initial;
	item.author_name = x->display_name;
	item.author_id = x->account_id;
	item.by_account = 1;
	item.created = created;
	item.edited = rank > 0 ? created : NULL;
	item.text = x->text.ptr;
	item.raw = data;
	item.raw_len = len;
	reply_to = som_json__get_string(t, "in_reply_to_status_id_str");
	if (full_text && strncmp(full_text, "RT @", 4) == 0) {
		item.kind = "share";
		item.parent_id = shared_id(t);
	} else if (reply_to && *reply_to) {
		item.kind = "reply";
		item.parent_id = reply_to;
	} else {
		item.kind = "post";
	}
	if ((error = tweet_url(x, id)) < 0 ||
	    (error = som_buf_puts(&urlbuf, x->url.ptr)) < 0)
		goto done;
	item.url = urlbuf.ptr;
	if ((error = tweet_attachments(x, &item, t, id)) < 0)
		goto done;
	if ((error = som_sink__item(x->sink, &item, x->cur->name, where(x, line))) < 0)
		goto done;
	if (x->cur->kind == F_DELETED) {
		const char *when = som_json__get_string(t, "deleted_at");
		error = som_sink__problem(x->sink, x->cur->name, where(x, line),
			"tweet '%s' was deleted on the platform%s%s: kept as a record", id,
			when ? " at " : "", when ? when : "");
	}
done:
	som_json__free(v);
	som_buf_dispose(&urlbuf);
	return error;
}

/* ---- direct messages ---- */

/* Offsets into valid JSON text (the element parsed already): never past `len`. */
static size_t ws(const char *p, size_t len, size_t i)
{
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	return i;
}

/* The end (exclusive) of the value that starts at p[i]. */
static size_t skip_value(const char *p, size_t len, size_t i)
{
	size_t depth = 0;
	int in_str = 0;

	for (; i < len; i++) {
		char c = p[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"' && (in_str = 0, depth == 0))
				return i + 1;
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (depth == 0)
				return i;
			if (--depth == 0)
				return i + 1;
			break;
		case ',':
		case ':':
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			if (depth == 0)
				return i;
			break;
		default:
			break;
		}
	}
	return len;
}

/*
 * The value of the member `key` (the last, as the parser keeps) of the
 * object starting at p[i]; `len` when there is none.
 */
static size_t member(const char *p, size_t len, size_t i, const char *key)
{
	size_t klen = strlen(key), found = len;

	i = ws(p, len, i);
	if (i >= len || p[i] != '{')
		return len;
	for (i = ws(p, len, i + 1); i < len && p[i] == '"';) {
		size_t kend = skip_value(p, len, i), value;
		int match = kend - i == klen + 2 && memcmp(p + i + 1, key, klen) == 0;
		i = ws(p, len, kend);
		if (i >= len || p[i] != ':')
			return len;
		value = ws(p, len, i + 1);
		if (match)
			found = value;
		i = ws(p, len, skip_value(p, len, value));
		if (i >= len || p[i] != ',')
			break;
		i = ws(p, len, i + 1);
	}
	return found;
}

typedef struct dm_state {
	xarchive *x;
	const char *data;           /* the conversation element */
	size_t len;
	size_t pos;                 /* the next element of its "messages" array */
	int64_t line;
	int64_t n_message;
} dm_state;

/* The next element of "messages": its bytes, so each message keeps its own. */
static void next_raw(dm_state *d, const char **raw, size_t *raw_len)
{
	size_t end;

	*raw = NULL;
	*raw_len = 0;
	if (d->pos >= d->len)
		return;
	end = skip_value(d->data, d->len, d->pos);
	*raw = d->data + d->pos;
	*raw_len = end - d->pos;
	d->pos = ws(d->data, d->len, end);
	if (d->pos < d->len && d->data[d->pos] == ',')
		d->pos = ws(d->data, d->len, d->pos + 1);
	else
		d->pos = d->len;
}

static const char *dm_where(dm_state *d)
{
	snprintf(d->x->where, sizeof(d->x->where), "line %lld, conversation %lld, message %lld",
		(long long)d->line, (long long)d->x->n_elements, (long long)d->n_message);
	return d->x->where;
}

static int dm_attachments(xarchive *x, som_item_in *item, const som_json *m,
	const char *id)
{
	som_json *urls = som_json__get(m, "mediaUrls");
	size_t n = som_json__array_size(urls), i, k = 0;
	som_buf base = SOM_BUF_INIT;
	int error = 0;

	som_buf_clear(&x->names);
	if ((error = grow_attachments(x, n)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		const char *u = som_json__string(som_json__array_get(urls, i)), *found;
		if (u == NULL)
			continue;
		if ((error = url_base(&base, u)) < 0)
			goto done;
		if (base.size == 0)
			continue;
		if ((error = find_media(&found, x, id, base.ptr)) < 0 ||
		    (error = add_attachment(x, k++, found, id, base.ptr, NULL)) < 0)
			goto done;
	}
	fix_names(x, k);
	item->attachments = x->atts;
	item->n_attachments = k;
done:
	som_buf_dispose(&base);
	return error;
}

static int dm_message(dm_state *d, som_json *event, const char *raw, size_t raw_len)
{
	xarchive *x = d->x;
	som_json *m = som_json__get(event, "messageCreate");
	som_item_in item;
	const char *id, *sender, *created, *text;
	char norm[32], idtmp[24], sendertmp[24];
	int error = 0;

	d->n_message++;
	if (!som_json__is_object(m)) {
		x->n_events++;   /* joins, leaves, renamings: no messages */
		return 0;
	}
	id = som_tweet__id_of(som_json__get(m, "id"), idtmp);
	created = som_json__get_string(m, "createdAt");
	if (id == NULL || *id == '\0') {
		error = som_sink__problem(x->sink, x->cur->name, dm_where(d),
			"skipped: a message without an id");
		goto done;
	}
	if (created == NULL || som__time_normalize(norm, created) < 0) {
		error = som_sink__problem(x->sink, x->cur->name, dm_where(d),
			"skipped: no valid time \"createdAt\" for '%s'", id);
		goto done;
	}
	text = som_json__get_string(m, "text");
	som_buf_clear(&x->text);
	if ((error = som_buf_puts(&x->text, text ? text : "")) < 0 ||
	    (error = som_tweet__expand_links(&x->text, &x->scratch, som_json__get(m, "urls"), "url", "expanded")) < 0)
		goto done;
	sender = som_tweet__id_of(som_json__get(m, "senderId"), sendertmp);
	memset(&item, 0, sizeof(item));
	item.platform_id = id;
	item.kind = "message";
	item.author_id = sender;
	item.by_account = sender && x->account_id && strcmp(sender, x->account_id) == 0;
	item.author_name = item.by_account ? x->display_name : NULL;
	item.created = created;
	item.text = x->text.ptr;
	item.raw = raw;
	item.raw_len = raw_len;
	if ((error = dm_attachments(x, &item, m, id)) < 0)
		goto done;
	error = som_sink__item(x->sink, &item, x->cur->name, dm_where(d));
done:
	return error;
}

static int dm_element(const char *data, size_t len, int64_t line, void *payload)
{
	xarchive *x = payload;
	som_json *v = NULL, *conv, *messages;
	som_buf dumped = SOM_BUF_INIT;
	dm_state d;
	size_t i, n, at;
	int error = 0;

	x->n_elements++;
	memset(&d, 0, sizeof(d));
	d.x = x;
	d.line = line;
	if ((error = som_json__parse(&v, data, len, x->cur->name, line - 1)) < 0) {
		if (error != SOM_ENOMEM)
			error = skip(x, line, som_error_last(), NULL);
		goto done;
	}
	conv = som_json__get(v, "dmConversation");
	messages = som_json__get(conv, "messages");
	if (!som_json__is_array(messages)) {
		error = skip(x, line, "not a conversation (no \"dmConversation\" with \"messages\")",
			NULL);
		goto done;
	}
	x->n_recognized++;
	/* the exact bytes of each message, cut out of the conversation's */
	at = member(data, len, 0, "dmConversation");
	at = at < len ? member(data, len, at, "messages") : len;
	if (at < len && data[at] == '[') {
		d.data = data;
		d.len = len;
		d.pos = ws(data, len, at + 1);
		if (d.pos < len && data[d.pos] == ']')
			d.pos = len;
	} else {
		d.pos = d.len = 0;
	}
	n = som_json__array_size(messages);
	for (i = 0; i < n && error == 0; i++) {
		som_json *event = som_json__array_get(messages, i);
		const char *raw;
		size_t raw_len;
		next_raw(&d, &raw, &raw_len);
		if (raw == NULL || raw_len == 0) {
			/* not found where the parser found it: keep it as parsed */
			som_buf_clear(&dumped);
			if ((error = som_json__dump(&dumped, event)) < 0)
				break;
			raw = dumped.ptr;
			raw_len = dumped.size;
		}
		error = dm_message(&d, event, raw, raw_len);
	}
done:
	som_json__free(v);
	som_buf_dispose(&dumped);
	return error;
}

/* ---- the files ---- */

static int split_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	xarchive *x = payload;
	int64_t at = som_source__find(x->src, name);
	int dms, error;

	(void)size;
	if (at < 0 || x->file_of[at] == 0)
		return 0;
	x->cur = &x->files[x->file_of[at] - 1];
	dms = x->cur->kind == F_DMS || x->cur->kind == F_DM_GROUPS;
	x->n_elements = x->n_recognized = x->n_events = 0;
	error = som_json__split(NULL, x->cur->name, read_entry, reader, NULL, 0,
		dms ? dm_element : tweet_element, x);
	/* a file that only claims to be X's: refused, not read as nothing */
	if (error == 0 && x->pass == 0 && x->n_elements > 0 && x->n_recognized == 0)
		error = som__error(SOM_EINVALID,
			"cannot read '%s': not an X archive file (none of its %lld elements is a %s)",
			x->cur->name, (long long)x->n_elements, dms ? "conversation" : "tweet");
	if (error == 0 && x->n_events > 0)
		error = som_sink__problem(x->sink, x->cur->name, NULL,
			"not read: %lld conversation events that are not messages "
			"(people joining or leaving, renamings)", (long long)x->n_events);
	return error;
}

/* One pass over the files it needs, in the order the source holds them. */
static int read_files(xarchive *x, int pass)
{
	size_t i;

	x->pass = pass;
	memset(x->want, 0, som_source__count(x->src));
	for (i = 0; i < x->n_files; i++)
		if (pass == 0 || x->files[i].kind == F_TWEETS || x->files[i].kind == F_DELETED)
			x->want[x->files[i].entry] = 1;
	return som_source__foreach(x->src, x->want, split_entry, x);
}

/* The account's name and id from account.js; its absence is only a problem. */
static int read_account(xarchive *x, const char *dir, size_t dir_len)
{
	som_buf name = SOM_BUF_INIT;
	char *data = NULL;
	size_t len = 0, start, end;
	som_json *first, *acc;
	int64_t i;
	int error = 0;

	if ((error = som_buf_put(&name, dir, dir_len)) < 0 ||
	    (error = som_buf_puts(&name, "account.js")) < 0)
		goto done;
	if ((i = som_source__find(x->src, name.ptr)) < 0 &&
	    (i = som_source__find_suffix(x->src, "account.js")) < 0) {
		error = som_sink__problem(x->sink, name.ptr, NULL,
			"missing: the account's name and id are not known");
		goto done;
	}
	som_buf_clear(&name);
	if ((error = som_buf_puts(&name, som_source__entry(x->src, (size_t)i))) < 0)
		goto done;
	if ((error = som_source__slurp(&data, &len, x->src, name.ptr, ACCOUNT_MAX)) < 0)
		goto unreadable;
	/* past "window.YTD.account.part0 = " and before a final ';' */
	start = strcspn(data, "[{");
	for (end = len; end > start && strchr(" \t\r\n;", data[end - 1]); end--)
		;
	if (start >= len) {
		error = som__error(SOM_EINVALID, "cannot read '%s': no JSON in it", name.ptr);
		goto unreadable;
	}
	if ((error = som_json__parse(&x->account, data + start, end - start, name.ptr, 0)) < 0)
		goto unreadable;
	first = som_json__is_array(x->account) ? som_json__array_get(x->account, 0) : x->account;
	acc = som_json__get(first, "account");
	x->username = som_json__get_string(acc, "username");
	x->account_id = som_json__get_string(acc, "accountId");
	x->display_name = som_json__get_string(acc, "accountDisplayName");
	if (x->display_name && !*x->display_name)
		x->display_name = NULL;
	if (!x->username && !x->account_id)
		error = som_sink__problem(x->sink, name.ptr, NULL,
			"not read: no \"account\" with \"username\" or \"accountId\" in it");
	goto done;
unreadable:
	if (error != SOM_ENOMEM)
		error = som_sink__problem(x->sink, name.ptr, NULL, "not read: %s",
			som_error_last());
done:
	som__free(data);
	som_buf_dispose(&name);
	return error;
}

/* Files of the archive that are lists, not records: named so the capture says so. */
static const struct {
	const char *prefix, *why;
} lists[] = {
	{ "like", "likes are not records" },
	{ "follower", "followers are a list, not records" },
	{ "following", "the accounts followed are a list, not records" },
	{ "block", "blocked accounts are a list, not records" },
	{ "mute", "muted accounts are a list, not records" },
	{ "lists-created", "lists are not records" },
	{ "lists-member", "lists are not records" },
	{ "lists-subscribed", "lists are not records" },
	{ "bookmark", "bookmarks are not records" },
	{ "note-tweet", "the full texts of long posts (note tweets) are not matched "
		"to their tweets, which are read as the archive shortens them" },
};

/* A list file: named in the report unless it is empty ("... = [ ]"). */
static int report_list(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	xarchive *x = payload;
	int64_t at = som_source__find(x->src, name);
	peek *p = som__malloc(sizeof(*p));
	const char *s;
	int error;

	if (p == NULL)
		return SOM_ENOMEM;
	p->len = 0;
	if ((error = peek_entry(name, size, reader, p)) == 0 && at >= 0 && x->file_of[at] > 0 &&
	    ((s = strchr(p->buf, '[')) == NULL || *skip_space(s + 1) != ']'))
		error = som_sink__problem(x->sink, name, NULL, "not read: %s",
			lists[x->file_of[at] - 1].why);
	som__free(p);
	return error;
}

static int report_unread(xarchive *x, const char *dir, size_t dir_len)
{
	som_buf others = SOM_BUF_INIT;
	size_t i, k, n = som_source__count(x->src), count = 0, n_lists = 0;
	int error = 0;

	/* file_of and want are free again: they say which list each entry is */
	memset(x->want, 0, n);
	memset(x->file_of, 0, n * sizeof(*x->file_of));
	for (i = 0; i < n && error == 0; i++) {
		const char *name = som_source__entry(x->src, i), *b = base_name(name), *m0, *m1;
		size_t blen = strlen(b);
		int listed = 0;

		/* the .js files beside tweets.js, those we did not read */
		if (strncmp(name, dir, dir_len) != 0 || strchr(name + dir_len, '/') ||
		    blen < 4 || strcmp(b + blen - 3, ".js") != 0 ||
		    file_kind_of(name, &m0, &m1) >= 0 ||
		    !strcmp(b, "account.js") || !strcmp(b, "manifest.js"))
			continue;
		for (k = 0; k < SOM_ARRAY_SIZE(lists) && !listed; k++) {
			if (!is_js_part(b, lists[k].prefix))
				continue;
			listed = 1;
			x->want[i] = 1;
			x->file_of[i] = k + 1;
			n_lists++;
		}
		if (listed)
			continue;
		count++;
		if ((error = som_buf_printf(&others, "%s%s", others.size ? ", " : "", b)) < 0)
			break;
	}
	if (error == 0 && n_lists > 0)
		error = som_source__foreach(x->src, x->want, report_list, x);
	if (error == 0 && count > 0)
		error = som_sink__problem(x->sink, dir_len ? dir : som_source__name(x->src),
			NULL, "not read: %zu files of account data that hold no posts or messages "
			"(%s)", count, others.ptr);
	som_buf_dispose(&others);
	return error;
}

static int read_source(som_source *src, som_sink *sink)
{
	xarchive x;
	size_t i, n = som_source__count(src), n_tweets = 0;
	const char *dir = "";
	size_t dir_len = 0;
	int rank, error = 0;

	memset(&x, 0, sizeof(x));
	x.src = src;
	x.sink = sink;
	if ((x.files = som__calloc(n ? n : 1, sizeof(*x.files))) == NULL ||
	    (x.file_of = som__calloc(n ? n : 1, sizeof(*x.file_of))) == NULL ||
	    (x.want = som__calloc(n ? n : 1, 1)) == NULL) {
		error = SOM_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		const char *name = som_source__entry(src, i), *m0, *m1;
		int kind = file_kind_of(name, &m0, &m1);
		xfile *f;
		if (kind < 0)
			continue;
		f = &x.files[x.n_files++];
		x.file_of[i] = x.n_files;
		f->entry = i;
		f->name = name;
		f->kind = (enum file_kind)kind;
		f->dir_len = (size_t)(base_name(name) - name);
		f->media[0] = m0;
		f->media[1] = m1;
		if (kind == F_TWEETS || kind == F_DELETED) {
			if (n_tweets++ == 0 || f->dir_len < dir_len) {
				dir = name;
				dir_len = f->dir_len;
			}
		}
	}
	if (x.n_files == 0) {
		error = som__error(SOM_EINVALID,
			"cannot read '%s': not an X archive (no data/tweets.js or tweet.js)",
			som_source__name(src));
		goto done;
	}
	if (n_tweets == 0) {
		dir = x.files[0].name;
		dir_len = x.files[0].dir_len;
	}
	if ((error = read_account(&x, dir, dir_len)) < 0)
		goto done;
	if (x.display_name == NULL)
		x.display_name = x.username ? x.username : som_sink__account_handle(sink);
	if (x.username == NULL)
		x.username = som_sink__account_handle(sink);

	/* first states and unedited tweets; then each later version in turn */
	if ((error = read_files(&x, 0)) != 0)
		goto done;
	for (rank = 1; rank <= MAX_RANK && error == 0; rank++)
		if (x.ranks & ((uint64_t)1 << rank))
			error = read_files(&x, rank);
	if (error == 0) {
		som_buf d = SOM_BUF_INIT;
		if ((error = som_buf_put(&d, dir, dir_len)) == 0)
			error = report_unread(&x, d.ptr, dir_len);
		som_buf_dispose(&d);
	}
done:
	som_json__free(x.account);
	som__free(x.files);
	som__free(x.file_of);
	som__free(x.want);
	som__free(x.atts);
	som__free(x.name_at);
	som_buf_dispose(&x.text);
	som_buf_dispose(&x.scratch);
	som_buf_dispose(&x.url);
	som_buf_dispose(&x.names);
	return error;
}

const som_importer som_importer_x = {
	"x",
	"x",
	1,
	probe,
	read_source
};
