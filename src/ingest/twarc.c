/*
 * The twarc importer: X API v2 captures as twarc2 saves them, one JSON
 * document a line, either a whole response page ({"data": [tweets],
 * "includes": {"users", "media", ...}, "__twarc": ...}) or one flattened
 * tweet (with its "author" and media expanded). Partial by nature, and
 * mostly other people's tweets: the account's own are recognised by its handle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/common.h"
#include "formats/html_text.h"
#include "formats/json.h"
#include "formats/json_split.h"
#include "ingest/importer.h"
#include "ingest/tweet.h"

/* How much of a file the probe looks at. */
#define PROBE_BYTES (64 * 1024)
/* Versions of an edited tweet are handed oldest first, one pass each. */
#define MAX_RANK 63

typedef struct peek peek;

/* A list of objects sorted by one of their string fields, for look-ups. */
typedef struct keyed {
	const char *key;
	som_json *value;
} keyed;

typedef struct lookup {
	const som_json *of;         /* the list it was built for, NULL when none */
	keyed *v;
	size_t n, alloc;
} lookup;

typedef struct twarc {
	som_source *src;
	som_sink *sink;
	const char *file;           /* the entry being read */
	const char *handle;         /* the account's, without '@' */
	int pass;                   /* the version rank this pass hands over */
	uint64_t ranks;             /* ranks above 0 seen in pass 0 */
	int64_t lineno;
	int64_t n_tweet;            /* in the current page */
	int64_t n_read;             /* lines of the file that were twarc's */
	int64_t n_other;            /* lines that were not */
	som_json *page;             /* the current response page, for its includes */
	lookup users, media;        /* the page's includes, by id and by media key */
	lookup expanded;            /* a flattened tweet's own media */
	unsigned char *mine;        /* by entry: a capture of twarc's */
	peek *peek;
	char where[64], idtmp[24];
	som_buf line, text, scratch, url, base, names;
	som_attachment_in *atts;
	size_t *name_at;            /* offsets into `names` of the attachments' paths */
	size_t atts_alloc;
} twarc;

/* ---- recognising a capture ---- */

static const char *skip_space(const char *s, const char *end)
{
	if (end - s >= 3 && (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb &&
	    (unsigned char)s[2] == 0xbf)
		s += 3;
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	return s;
}

static int has(const char *s, size_t len, const char *what)
{
	return memmem(s, len, what, strlen(what)) != NULL;
}

/* How sure we are that a file beginning with these bytes is twarc's, 0 to 85. */
static int score_start(const char *buf, size_t len)
{
	const char *s = skip_space(buf, buf + len);
	size_t n = (size_t)(buf + len - s);
	const char *nl = memchr(s, '\n', n);

	if (n == 0 || *s != '{')
		return 0;
	if (nl)
		n = (size_t)(nl - s);   /* the first line only */
	if (has(s, n, "\"__twarc\""))
		return 85;
	if (has(s, n, "\"edit_history_tweet_ids\"") ||
	    (has(s, n, "\"author_id\"") && has(s, n, "\"conversation_id\"")))
		return 75;
	return 0;
}

struct peek {
	char *buf;
	size_t len;
};

static int peek_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	peek *p = payload;
	ssize_t got;

	(void)name;
	(void)size;
	while (p->len < PROBE_BYTES &&
	       (got = som_source__read(reader, p->buf + p->len, PROBE_BYTES - p->len)) > 0) {
		p->len += (size_t)got;
		if (memchr(p->buf, '\n', p->len))
			break;
	}
	return 0;
}

static int is_candidate(const char *name, size_t n_entries)
{
	size_t n = strlen(name);

	if (n_entries == 1)
		return 1;
	return (n > 6 && !strcmp(name + n - 6, ".jsonl")) ||
		(n > 5 && !strcmp(name + n - 5, ".json")) ||
		(n > 7 && !strcmp(name + n - 7, ".ndjson"));
}

/* The score of entry `i`; SOM_ENOMEM when it could not look. */
static int score_entry(som_source *src, size_t i, peek *p)
{
	int error;

	p->len = 0;
	error = som_source__with_entry(src, som_source__entry(src, i), peek_entry, p);
	if (error == SOM_ENOMEM)
		return error;
	return score_start(p->buf, p->len);
}

static int probe(som_source *src)
{
	peek p = { NULL, 0 };
	size_t i, n = som_source__count(src), looked = 0;
	int score = 0, s;

	if ((p.buf = som__malloc(PROBE_BYTES)) == NULL)
		return SOM_ENOMEM;
	for (i = 0; i < n && looked < 16 && score < 85; i++) {
		if (!is_candidate(som_source__entry(src, i), n))
			continue;
		looked++;
		if ((s = score_entry(src, i, &p)) < 0) {
			score = s;
			break;
		}
		if (s > score)
			score = s;
	}
	som__free(p.buf);
	if (score >= 0)
		som_error_clear();
	return score;
}

/* ---- one tweet ---- */

static const char *where(twarc *t)
{
	if (t->page && t->n_tweet > 0)
		snprintf(t->where, sizeof(t->where), "line %lld, tweet %lld",
			(long long)t->lineno, (long long)t->n_tweet);
	else
		snprintf(t->where, sizeof(t->where), "line %lld", (long long)t->lineno);
	return t->where;
}

static int skip(twarc *t, const char *why)
{
	return som_sink__problem(t->sink, t->file, where(t), "skipped: %s", why);
}

static int keyed_cmp(const void *a, const void *b)
{
	return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/*
 * Make `lk` find the elements of `list` by their string `field`: sorted
 * once, so that a page of many tweets and many users is no quadratic work.
 */
static int lookup_of(lookup *lk, const som_json *list, const char *field)
{
	size_t i, n = som_json__array_size(list);

	if (lk->of == list && list != NULL)
		return 0;
	lk->of = list;
	lk->n = 0;
	if (n > lk->alloc) {
		keyed *v = som__realloc(lk->v, n * sizeof(*v));
		if (v == NULL) {
			lk->of = NULL;
			return SOM_ENOMEM;
		}
		lk->v = v;
		lk->alloc = n;
	}
	for (i = 0; i < n; i++) {
		som_json *e = som_json__array_get(list, i);
		const char *key = som_json__get_string(e, field);
		if (key == NULL)
			continue;
		lk->v[lk->n].key = key;
		lk->v[lk->n].value = e;
		lk->n++;
	}
	if (lk->n > 1)
		qsort(lk->v, lk->n, sizeof(*lk->v), keyed_cmp);
	return 0;
}

static som_json *lookup_find(const lookup *lk, const char *key)
{
	keyed k, *found;

	if (key == NULL || lk->n == 0)
		return NULL;
	k.key = key;
	k.value = NULL;
	found = bsearch(&k, lk->v, lk->n, sizeof(*lk->v), keyed_cmp);
	return found ? found->value : NULL;
}

/* Forget the lists looked up: the JSON they point into is about to go. */
static void lookups_reset(twarc *t)
{
	t->users.of = t->media.of = t->expanded.of = NULL;
	t->users.n = t->media.n = t->expanded.n = 0;
}

/* The version rank of `tw` by its edit history, and the id naming the item. */
static int edit_rank(const som_json *tw, const char *id, const char **initial)
{
	som_json *hist = som_json__get(tw, "edit_history_tweet_ids");
	size_t i, n = som_json__array_size(hist);
	int rank = 0;

	*initial = id;
	for (i = 0; i < n; i++) {
		const char *other = som_json__string(som_json__array_get(hist, i));
		if (other == NULL || *other == '\0')
			continue;
		if (som_tweet__id_less(other, *initial))
			*initial = other;
		if (som_tweet__id_less(other, id))
			rank++;
	}
	return rank > MAX_RANK ? MAX_RANK : rank;
}

/* The best URL of a media object: a photo's, a video's best mp4, else its still. */
static const char *media_url(const som_json *m)
{
	som_json *variants = som_json__get(m, "variants");
	const char *best = NULL;
	int64_t best_rate = -1;
	size_t i;

	if (som_json__get_string(m, "url"))
		return som_json__get_string(m, "url");
	for (i = 0; i < som_json__array_size(variants); i++) {
		som_json *v = som_json__array_get(variants, i);
		const char *type = som_json__get_string(v, "content_type");
		int64_t rate = som_json__integer(som_json__get(v, "bit_rate"));
		if (!som_json__get_string(v, "url") || (type && strcmp(type, "video/mp4") != 0))
			continue;
		if (rate > best_rate) {
			best_rate = rate;
			best = som_json__get_string(v, "url");
		}
	}
	return best ? best : som_json__get_string(m, "preview_image_url");
}

/*
 * The file a capture may hold beside the JSON, found by the URL's last
 * segment: `*found` is the entry (borrowed), or NULL.
 */
static int find_media(const char **found, twarc *t, const char *url)
{
	size_t end = strcspn(url, "?#"), start = end;
	int64_t at;
	int error;

	*found = NULL;
	while (start > 0 && url[start - 1] != '/')
		start--;
	if (end == start)
		return 0;
	som_buf_clear(&t->base);
	if ((error = som_buf_put(&t->base, url + start, end - start)) < 0)
		return error;
	at = som_source__find_suffix(t->src, t->base.ptr);
	if (at >= 0 && strcmp(som_source__entry(t->src, (size_t)at), t->file) != 0)
		*found = som_source__entry(t->src, (size_t)at);
	return 0;
}

/* The media named by attachments.media_keys: expanded in the tweet, or in the page's includes. */
static int tweet_attachments(twarc *t, som_item_in *item, const som_json *tw)
{
	som_json *att = som_json__get(tw, "attachments");
	som_json *keys = som_json__get(att, "media_keys");
	som_json *expanded = som_json__get(att, "media");
	som_json *included = som_json__get(som_json__get(t->page, "includes"), "media");
	size_t i, n = som_json__array_size(keys), k = 0;
	int error;

	t->expanded.of = NULL;   /* each flattened tweet has its own */
	if ((error = lookup_of(&t->expanded, expanded, "media_key")) < 0 ||
	    (error = lookup_of(&t->media, included, "media_key")) < 0)
		return error;
	if (n > t->atts_alloc) {
		som_attachment_in *a = som__realloc(t->atts, n * sizeof(*a));
		size_t *at;
		if (a == NULL)
			return SOM_ENOMEM;
		t->atts = a;
		if ((at = som__realloc(t->name_at, n * sizeof(*at))) == NULL)
			return SOM_ENOMEM;
		t->name_at = at;
		t->atts_alloc = n;
	}
	som_buf_clear(&t->names);
	for (i = 0; i < n; i++) {
		const char *key = som_json__string(som_json__array_get(keys, i));
		som_json *m = lookup_find(&t->expanded, key);
		const char *url, *found;
		if (key == NULL)
			continue;
		if (m == NULL)
			m = lookup_find(&t->media, key);
		url = media_url(m);
		if (url && (error = find_media(&found, t, url)) < 0)
			return error;
		if (url == NULL)
			found = NULL;
		t->atts[k].path = found;
		t->atts[k].mime = NULL;
		t->atts[k].description = som_json__get_string(m, "alt_text");
		t->name_at[k] = t->names.size;
		/* not in the capture: named by its URL without the query, or by its key */
		if (!found && ((error = som_buf_put(&t->names, url ? url : key,
				url ? strcspn(url, "?#") : strlen(key))) < 0 ||
				(error = som_buf_putc(&t->names, '\0')) < 0))
			return error;
		k++;
	}
	for (i = 0; i < k; i++)
		if (t->atts[i].path == NULL)
			t->atts[i].path = t->names.ptr + t->name_at[i];
	item->attachments = t->atts;
	item->n_attachments = k;
	return 0;
}

static int tweet(twarc *t, const som_json *tw, const char *raw, size_t raw_len)
{
	som_json *author, *refs;
	som_item_in item;
	const char *id, *initial, *created, *text, *username, *name, *author_id;
	char norm[32];
	size_t i;
	int rank, error = 0;

	id = som_tweet__id_of(som_json__get(tw, "id"), t->idtmp);
	if (!som_json__is_object(tw) || id == NULL || *id == '\0')
		return t->pass > 0 ? 0 : skip(t, "not a tweet (no \"id\")");
	rank = edit_rank(tw, id, &initial);
	if (rank != t->pass) {
		if (t->pass == 0)
			t->ranks |= (uint64_t)1 << rank;
		return 0;
	}
	created = som_json__get_string(tw, "created_at");
	if (created == NULL || som__time_normalize(norm, created) < 0)
		return som_sink__problem(t->sink, t->file, where(t),
			"skipped: no valid time \"created_at\" for '%s'", id);

	author_id = som_json__get_string(tw, "author_id");
	author = som_json__get(tw, "author");
	if (!som_json__is_object(author)) {
		if ((error = lookup_of(&t->users, som_json__get(som_json__get(t->page,
				"includes"), "users"), "id")) < 0)
			return error;
		author = lookup_find(&t->users, author_id);
	}
	username = som_json__get_string(author, "username");
	name = som_json__get_string(author, "name");
	if (author_id == NULL)
		author_id = som_json__get_string(author, "id");

	text = som_json__get_string(som_json__get(tw, "note_tweet"), "text");
	if (text == NULL)
		text = som_json__get_string(tw, "text");
	som_buf_clear(&t->text);
	if ((error = som_buf_puts(&t->text, "")) < 0 ||
	    (text && (error = som_html__decode_entities(&t->text, text, strlen(text))) < 0) ||
	    (error = som_tweet__expand_links(&t->text, &t->scratch,
			som_json__get(som_json__get(tw, "entities"), "urls"), "url", "expanded_url")) < 0)
		return error;

	memset(&item, 0, sizeof(item));
	item.platform_id = initial;
	item.author_id = author_id;
	item.author_name = name && *name ? name : username;
	item.by_account = username && t->handle && *t->handle &&
		strcasecmp(username, t->handle) == 0;
	item.created = created;
	item.edited = rank > 0 ? created : NULL;
	item.text = t->text.ptr;
	item.raw = raw;
	item.raw_len = raw_len;
	item.kind = "post";
	refs = som_json__get(tw, "referenced_tweets");
	for (i = 0; i < som_json__array_size(refs); i++) {
		som_json *r = som_json__array_get(refs, i);
		const char *type = som_json__get_string(r, "type");
		const char *rid = som_json__get_string(r, "id");
		if (type == NULL || rid == NULL || *rid == '\0')
			continue;
		if (strcmp(type, "retweeted") == 0) {
			item.kind = "share";
			item.parent_id = rid;
			break;
		}
		if (strcmp(type, "replied_to") == 0) {
			/* the account's answers are replies; other people's, comments */
			item.kind = item.by_account ? "reply" : "comment";
			item.parent_id = rid;
		}
	}
	som_buf_clear(&t->url);
	if ((error = username && *username ?
			som_buf_printf(&t->url, "https://x.com/%s/status/%s", username, id) :
			som_buf_printf(&t->url, "https://x.com/i/web/status/%s", id)) < 0)
		return error;
	item.url = t->url.ptr;
	if ((error = tweet_attachments(t, &item, tw)) < 0)
		return error;
	return som_sink__item(t->sink, &item, t->file, where(t));
}

/* ---- lines ---- */

static int page_element(const char *data, size_t len, int64_t line, void *payload)
{
	twarc *t = payload;
	som_json *tw = NULL;
	int error;

	(void)line;
	t->n_tweet++;
	if ((error = som_json__parse(&tw, data, len, t->file, t->lineno - 1)) < 0) {
		if (error != SOM_ENOMEM)
			error = t->pass > 0 ? 0 : som_sink__problem(t->sink, t->file, where(t),
				"skipped: %s", som_error_last());
		return error;
	}
	error = tweet(t, tw, data, len);
	som_json__free(tw);
	return error;
}

typedef struct mem_reader {
	const char *p;
	size_t len, off;
} mem_reader;

static ssize_t mem_read(void *ctx, void *buf, size_t len)
{
	mem_reader *m = ctx;
	size_t n = m->len - m->off < len ? m->len - m->off : len;

	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return (ssize_t)n;
}

/* The API's own complaints about a page: kept in the report. */
static int page_errors(twarc *t, const som_json *page)
{
	som_json *errors = som_json__get(page, "errors");
	som_json *first = som_json__array_get(errors, 0);
	size_t n = som_json__array_size(errors);
	const char *title, *detail;

	if (n == 0 || t->pass > 0)
		return 0;
	title = som_json__get_string(first, "title");
	detail = som_json__get_string(first, "detail");
	return som_sink__problem(t->sink, t->file, where(t),
		"the API reported %zu error%s with this page (the first: %s%s%s)", n,
		n == 1 ? "" : "s", title ? title : "no title", detail ? ": " : "",
		detail ? detail : "");
}

static int read_line(twarc *t, const char *line, size_t len)
{
	som_json *v = NULL, *data;
	som_buf dumped = SOM_BUF_INIT;
	int error = 0;

	t->n_tweet = 0;
	t->page = NULL;
	lookups_reset(t);
	if ((error = som_json__parse(&v, line, len, t->file, t->lineno - 1)) < 0) {
		if (error != SOM_ENOMEM) {
			t->n_other++;
			error = t->pass > 0 ? 0 : som_sink__problem(t->sink, t->file, where(t),
				"skipped: %s", som_error_last());
		}
		goto done;
	}
	data = som_json__get(v, "data");
	if (som_json__is_object(v) && (data || som_json__get(v, "includes") ||
			som_json__get(v, "errors"))) {
		/* a response page */
		t->n_read++;
		t->page = v;
		if ((error = page_errors(t, v)) < 0)
			goto done;
		if (som_json__is_array(data)) {
			mem_reader m = { line, len, 0 };
			error = som_json__split(NULL, t->file, mem_read, &m, "data", 0,
				page_element, t);
		} else if (som_json__is_object(data)) {
			t->n_tweet = 1;
			if ((error = som_json__dump(&dumped, data)) == 0)
				error = tweet(t, data, dumped.ptr, dumped.size);
		}
	} else if (som_json__is_object(v) && som_json__get(v, "id") &&
		   (som_json__get(v, "text") || som_json__get(v, "created_at"))) {
		t->n_read++;
		error = tweet(t, v, line, len);
	} else {
		t->n_other++;
		if (t->pass == 0)
			error = skip(t, "neither a tweet nor a response page");
	}
done:
	t->page = NULL;
	lookups_reset(t);
	som_json__free(v);
	som_buf_dispose(&dumped);
	return error;
}

static int is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int read_lines(twarc *t, som_source_reader *r)
{
	char chunk[65536];
	ssize_t n;
	int error = 0;

	t->lineno = 0;
	t->n_read = t->n_other = 0;
	som_buf_clear(&t->line);
	for (;;) {
		const char *p = chunk, *end;
		if ((n = som_source__read(r, chunk, sizeof(chunk))) < 0)
			return (int)n;
		end = chunk + n;
		while (p < end || (n == 0 && t->line.size > 0)) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t take = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (t->line.size + take > SOM_JSON_MAX_ITEM)
				return som__error(SOM_EINVALID,
					"cannot read '%s': line %lld: larger than %d MiB", t->file,
					(long long)t->lineno + 1, SOM_JSON_MAX_ITEM / (1024 * 1024));
			if ((error = som_buf_put(&t->line, p, take)) < 0)
				return error;
			p += take;
			if (!nl && n > 0)
				break;
			p += nl ? 1 : 0;
			t->lineno++;
			if (t->line.size && t->line.ptr[t->line.size - 1] == '\r')
				t->line.ptr[--t->line.size] = '\0';
			if (!is_blank(t->line.ptr, t->line.size) &&
			    (error = read_line(t, t->line.ptr, t->line.size)) != 0)
				return error;
			som_buf_clear(&t->line);
		}
		if (n == 0)
			return 0;
	}
}

static int read_entry(const char *name, int64_t size, som_source_reader *r, void *payload)
{
	twarc *t = payload;
	int error;

	(void)size;
	t->file = name;
	if ((error = read_lines(t, r)) == 0 && t->pass == 0 && t->n_read == 0)
		error = som__error(SOM_EINVALID, "cannot read '%s': not a twarc2 capture "
			"(no line is a tweet or a response page)", name);
	return error;
}

/* Which of the candidates are twarc's: one pass over them. */
static int score_cb(const char *name, int64_t size, som_source_reader *r, void *payload)
{
	twarc *t = payload;
	int64_t at = som_source__find(t->src, name);
	int error;

	t->peek->len = 0;
	if ((error = peek_entry(name, size, r, t->peek)) < 0)
		return error;
	if (at >= 0 && score_start(t->peek->buf, t->peek->len) > 0)
		t->mine[at] = 1;
	return 0;
}

static int read_source(som_source *src, som_sink *sink)
{
	twarc t;
	peek p = { NULL, 0 };
	unsigned char *candidate = NULL;
	size_t i, n = som_source__count(src), n_mine = 0, n_candidates = 0;
	int rank, error = 0;

	memset(&t, 0, sizeof(t));
	t.src = src;
	t.sink = sink;
	t.handle = som_sink__account_handle(sink);
	if (t.handle && *t.handle == '@')
		t.handle++;
	t.peek = &p;
	if ((p.buf = som__malloc(PROBE_BYTES)) == NULL ||
	    (t.mine = som__calloc(n ? 2 * n : 1, 1)) == NULL) {
		error = SOM_ENOMEM;
		goto done;
	}
	/* the files that look like twarc's; the other JSON files are named in the report */
	candidate = t.mine + n;
	for (i = 0; i < n; i++)
		if (is_candidate(som_source__entry(src, i), n)) {
			candidate[i] = 1;   /* media and the like: read as attachments if named */
			n_candidates++;
		}
	if (n_candidates > 0 && (error = som_source__foreach(src, candidate, score_cb, &t)) < 0)
		goto done;
	for (i = 0; i < n; i++)
		n_mine += t.mine[i];
	if (n_mine == 0 && n == 1) {
		/* asked for by name: read it, and say why nothing in it was a tweet */
		t.mine[0] = 1;
		n_mine = 1;
	}
	if (n_mine == 0) {
		error = som__error(SOM_EINVALID,
			"cannot read '%s': not a twarc2 capture (no file of tweets or response pages)",
			som_source__name(src));
		goto done;
	}
	for (rank = 0; rank <= MAX_RANK && error == 0; rank++) {
		if (rank > 0 && !(t.ranks & ((uint64_t)1 << rank)))
			continue;
		t.pass = rank;
		error = som_source__foreach(src, t.mine, read_entry, &t);
	}
	for (i = 0; i < n && error == 0; i++)
		if (candidate[i] && !t.mine[i])
			error = som_sink__problem(sink, som_source__entry(src, i), NULL,
				"not read: not a twarc2 capture");
done:
	som__free(p.buf);
	som__free(t.mine);
	som__free(t.users.v);
	som__free(t.media.v);
	som__free(t.expanded.v);
	som__free(t.atts);
	som__free(t.name_at);
	som_buf_dispose(&t.names);
	som_buf_dispose(&t.line);
	som_buf_dispose(&t.text);
	som_buf_dispose(&t.scratch);
	som_buf_dispose(&t.url);
	som_buf_dispose(&t.base);
	return error;
}

const som_importer som_importer_twarc = {
	"twarc",
	"x",
	0,
	probe,
	read_source
};
