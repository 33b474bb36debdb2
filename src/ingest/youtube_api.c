/*
 * The YouTube Data API v3 importer: the answers `somarkiv fetch` saves (or
 * a script did) in one folder: videos-*.json (videos.list: the channel's
 * videos), threads-*.json (commentThreads.list: each top-level comment
 * with the replies the API includes), replies-*.json (comments.list by
 * parentId: the rest of a thread) and channel.json (whose channel it is).
 * Ids are YouTube's, as in a Takeout of the channel: a video and a comment
 * read either way are the same item.
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "formats/json.h"
#include "formats/json_span.h"
#include "ingest/answers.h"

enum file_kind { F_NONE, F_VIDEOS, F_THREADS, F_REPLIES, F_CHANNEL };

typedef struct yapi {
	som_source *src;
	som_sink *sink;
	const char *file;
	char *channel;           /* the account's channel id, NULL if not known */
	int64_t n_files;
	som_buf text, url, where;
} yapi;

static enum file_kind kind_of(const char *name)
{
	const char *b = som_answers__base(name);
	size_t n = strlen(b);

	if (n < 6 || strcmp(b + n - 5, ".json") != 0)
		return F_NONE;
	if (!strncmp(b, "videos", 6))
		return F_VIDEOS;
	if (!strncmp(b, "threads", 7))
		return F_THREADS;
	if (!strncmp(b, "replies", 7))
		return F_REPLIES;
	if (!strcmp(b, "channel.json"))
		return F_CHANNEL;
	return F_NONE;
}

static int probe_candidate(const char *name)
{
	enum file_kind k = kind_of(name);

	return k == F_VIDEOS || k == F_THREADS || k == F_REPLIES;
}

static int probe(som_source *src)
{
	static const char *const needles[] = { "\"youtube#", "\"items\"", NULL };
	int found = som_answers__probe(src, probe_candidate, needles);

	return found < 0 ? found : found ? 85 : 0;
}

static int skip(yapi *y, const char *where, const char *why)
{
	return som_sink__problem(y->sink, y->file, where, "skipped: %s", why);
}

static int is_own(const yapi *y, const char *channel)
{
	return channel && y->channel && !strcmp(channel, y->channel);
}

/* A video: title, an empty line, description, as the Takeout's videos.csv gives it. */
static int video(yapi *y, const som_json *v, som_json_span raw, const char *where)
{
	som_json *sn = som_json__get(v, "snippet");
	const char *id = som_json__get_string(v, "id");
	const char *title = som_json__get_string(sn, "title");
	const char *description = som_json__get_string(sn, "description");
	som_item_in item;
	char norm[32];
	int error;

	memset(&item, 0, sizeof(item));
	item.platform_id = id;
	item.created = som_json__get_string(sn, "publishedAt");
	if (!id || !*id)
		return skip(y, where, "a video without an id");
	if (!item.created || som__time_normalize(norm, item.created) != 0)
		return skip(y, where, "a video without a valid publishedAt");
	som_buf_clear(&y->text);
	som_buf_clear(&y->url);
	if ((error = som_buf_puts(&y->text, title ? title : "")) != 0 ||
	    (description && *description &&
	     ((error = som_buf_puts(&y->text, title && *title ? "\n\n" : "")) != 0 ||
	      (error = som_buf_puts(&y->text, description)) != 0)) ||
	    (error = som_buf_printf(&y->url, "https://www.youtube.com/watch?v=%s", id)) != 0)
		return error;
	item.kind = "post";
	item.author_id = som_json__get_string(sn, "channelId");
	item.author_name = som_json__get_string(sn, "channelTitle");
	item.by_account = y->channel ? is_own(y, item.author_id) : 1;
	item.text = y->text.ptr;
	item.url = y->url.ptr;
	item.raw = raw.p;
	item.raw_len = raw.n;
	return som_sink__item(y->sink, &item, y->file, where);
}

/* A comment: top-level (kind comment, its parent the video) or a reply (its parent the comment). */
static int comment(yapi *y, const som_json *c, som_json_span raw, const char *where)
{
	som_json *sn = som_json__get(c, "snippet");
	const char *id = som_json__get_string(c, "id");
	const char *parent = som_json__get_string(sn, "parentId");
	const char *video_id = som_json__get_string(sn, "videoId");
	const char *updated = som_json__get_string(sn, "updatedAt");
	const char *text = som_json__get_string(sn, "textOriginal");
	som_item_in item;
	char created[32], edited[32];
	int error;

	memset(&item, 0, sizeof(item));
	item.platform_id = id;
	item.created = som_json__get_string(sn, "publishedAt");
	if (!id || !*id)
		return skip(y, where, "a comment without an id");
	if (!item.created || som__time_normalize(created, item.created) != 0)
		return skip(y, where, "a comment without a valid publishedAt");
	if (!text)
		text = som_json__get_string(sn, "textDisplay");
	item.kind = parent ? "reply" : "comment";
	item.parent_id = parent ? parent : video_id;
	item.author_name = som_json__get_string(sn, "authorDisplayName");
	item.author_id = som_json__get_string(som_json__get(sn, "authorChannelId"), "value");
	item.by_account = is_own(y, item.author_id);
	if (updated && som__time_normalize(edited, updated) == 0 && strcmp(edited, created) > 0)
		item.edited = updated;
	som_error_clear();
	som_buf_clear(&y->url);
	if (video_id && (error = som_buf_printf(&y->url, "https://www.youtube.com/watch?v=%s&lc=%s",
			video_id, id)) != 0)
		return error;
	item.url = y->url.size ? y->url.ptr : NULL;
	item.text = text ? text : "";
	item.raw = raw.p;
	item.raw_len = raw.n;
	return som_sink__item(y->sink, &item, y->file, where);
}

/* A thread: its top-level comment, then the replies it carries. */
static int thread(yapi *y, const som_json *t, som_json_span raw, const char *where)
{
	som_json *top = som_json__get(som_json__get(t, "snippet"), "topLevelComment");
	som_json *replies = som_json__get(som_json__get(t, "replies"), "comments");
	som_json_span sn, tl, rs, cs, el;
	const char *at = NULL;
	char here[96];
	size_t i = 0;
	int error;

	if (!som_json__is_object(top) || !som_json__span_member(&sn, raw, "snippet") ||
	    !som_json__span_member(&tl, sn, "topLevelComment"))
		return skip(y, where, "a thread without its topLevelComment");
	if ((error = comment(y, top, tl, where)) != 0)
		return error;
	if (!som_json__span_member(&rs, raw, "replies") || !som_json__span_member(&cs, rs, "comments"))
		return 0;
	while (som_json__span_next(&el, cs, &at)) {
		snprintf(here, sizeof(here), "%s, reply %zu", where, i + 1);
		if ((error = comment(y, som_json__array_get(replies, i++), el, here)) != 0)
			return error;
	}
	return 0;
}

static int read_file(yapi *y, size_t idx)
{
	const char *name = som_source__entry(y->src, idx);
	enum file_kind k = kind_of(name);
	som_json *root = NULL, *items;
	som_json_span text = { NULL, 0 }, list, el;
	const char *at = NULL;
	char where[64];
	size_t i = 0;
	int error;

	if (k == F_NONE || k == F_CHANNEL)
		return 0;
	y->file = name;
	if ((error = som_answers__read(&text, &root, y->src, y->sink, name)) != 0 || !root)
		goto done;
	items = som_json__get(root, "items");
	if (!som_json__is_array(items) || !som_json__span_member(&list, text, "items")) {
		error = som_sink__problem(y->sink, name, NULL, "not read: no \"items\" array (not "
			"an answer of the YouTube Data API)");
		goto done;
	}
	y->n_files++;
	while (!error && som_json__span_next(&el, list, &at)) {
		som_json *v = som_json__array_get(items, i++);
		snprintf(where, sizeof(where), "%s %zu", k == F_VIDEOS ? "video" :
			k == F_THREADS ? "thread" : "reply", i);
		if (!som_json__is_object(v))
			error = skip(y, where, "not an object");
		else if (k == F_VIDEOS)
			error = video(y, v, el, where);
		else if (k == F_THREADS)
			error = thread(y, v, el, where);
		else
			error = comment(y, v, el, where);
	}
done:
	som_json__free(root);
	som__free((char *)text.p);
	return error;
}

static int read_source(som_source *src, som_sink *sink)
{
	yapi y;
	int error;

	memset(&y, 0, sizeof(y));
	y.src = src;
	y.sink = sink;
	/* whose channel: channel.json of the fetch (channels.list), when there */
	if ((error = som_answers__id(&y.channel, src, "channel.json")) != 0)
		goto done;
	/* videos first, then threads, then the rest of threads: parents before answers */
	for (int pass = F_VIDEOS; pass <= F_REPLIES && !error; pass++)
		for (size_t i = 0; i < som_source__count(src) && !error; i++)
			if ((int)kind_of(som_source__entry(src, i)) == pass)
				error = read_file(&y, i);
	if (!error && y.n_files == 0)
		error = som__error(SOM_EINVALID, "cannot read '%s': not a capture of the YouTube "
			"Data API (no videos-*.json, threads-*.json or replies-*.json)",
			som_source__name(src));
done:
	som__free(y.channel);
	som_buf_dispose(&y.text);
	som_buf_dispose(&y.url);
	som_buf_dispose(&y.where);
	return error;
}

const som_importer som_importer_youtube_api = {
	"youtube-api",
	"youtube",
	0,
	probe,
	read_source
};
