/*
 * The YouTube Data API v3 with an API key or an OAuth token: the channel
 * (channels.list), its uploads (playlistItems.list, then videos.list for
 * their metadata), and every comment thread on its videos
 * (commentThreads.list by allThreadsRelatedToChannelId) with all replies
 * (comments.list by parentId when a thread has more than it carries).
 * Videos and comments the store holds that the listing no longer has are
 * asked for by id, fifty at a time: those not returned are gone. The API
 * gives no video files. The importer is youtube-api.
 */
#include <string.h>
#include "fetch/fetch.h"

/* videos.list and comments.list take this many ids at once. */
#define IDS 50

typedef struct yctx {
	som_fetch_ctx *f;
	som_buf url, name, what;
	char **videos;               /* the uploads' ids */
	size_t n_videos, a_videos;
	int64_t n_video_pages;
} yctx;

static int authorize(som_fetch_ctx *f)
{
	som_credentials *c = &f->cred;
	int error;

	if (c->token)
		error = som_buf_printf(&f->auth, "Authorization: Bearer %s", c->token);
	else if (c->api_key)
		error = som_buf_printf(&f->auth, "X-Goog-Api-Key: %s", c->api_key);
	else if (c->refresh_token)
		return 0;   /* the core trades it for an access token */
	else
		return som__error(SOM_EINVALID, "credentials file '%s': no api_key, token or "
			"refresh_token", c->path);
	if (error)
		return error;
	f->headers[0] = f->auth.ptr;
	f->headers[1] = NULL;
	return 0;
}

/* Google's errors name their reason: a key or token that is not (or no longer) good. */
static int refused(const som_fetch_answer *a)
{
	som_json *error = som_json__get(a->json, "error");
	som_json *errors = som_json__get(error, "errors"), *details = som_json__get(error, "details");
	const char *reason = som_json__get_string(som_json__array_get(errors, 0), "reason");
	const char *status = som_json__get_string(error, "status");

	for (size_t i = 0; i < som_json__array_size(details); i++) {
		const char *r = som_json__get_string(som_json__array_get(details, i), "reason");
		if (r && (!strcmp(r, "API_KEY_INVALID") || !strcmp(r, "API_KEY_EXPIRED")))
			return 1;
	}
	return (reason && (!strcmp(reason, "keyInvalid") || !strcmp(reason, "keyExpired") ||
			!strcmp(reason, "authError"))) ||
		(status && !strcmp(status, "UNAUTHENTICATED"));
}

/* GET base/PATH?QUERY[&pageToken=TOKEN], saved as `save_as`; a 200 with JSON is required. */
static int ask(som_fetch_answer *a, yctx *y, const char *path_query, const char *token,
	const char *save_as)
{
	int error;

	som_buf_clear(&y->url);
	if ((error = som_buf_printf(&y->url, "%s/%s", y->f->base.ptr, path_query)) != 0 ||
	    (token && *token && ((error = som_buf_puts(&y->url, "&pageToken=")) != 0 ||
				  (error = som_fetch__escape(&y->url, token)) != 0)))
		return error;
	if ((error = som_fetch__get(a, y->f, y->url.ptr, save_as, y->what.ptr)) != 0)
		return error;
	if (a->status != 200 || !som_json__is_object(a->json)) {
		error = som_fetch__fail(y->f, a, y->what.ptr);
		som_fetch__answer_dispose(a);
	}
	return error;
}

/* The channel: as set, the token's own (OAuth), or by the account's handle. */
static int channel(yctx *y, som_buf *uploads)
{
	som_fetch_ctx *f = y->f;
	som_buf q = SOM_BUF_INIT;
	som_fetch_answer a;
	som_json *item;
	int error;

	if ((error = som_buf_puts(&q, "channels?part=snippet%2CcontentDetails")) != 0)
		goto done;
	if (f->api_id.size > 0) {
		if ((error = som_buf_puts(&q, "&id=")) == 0)
			error = som_fetch__escape(&q, f->api_id.ptr);
	} else if (f->cred.token || f->cred.refresh_token) {
		error = som_buf_puts(&q, "&mine=true");
	} else if ((error = som_buf_puts(&q, "&forHandle=")) == 0) {
		error = som_fetch__escape(&q, f->account->handle);
	}
	som_buf_clear(&y->what);
	if (error || (error = som_buf_puts(&y->what, "the channel")) != 0 ||
	    (error = ask(&a, y, q.ptr, NULL, "channel.json")) != 0)
		goto done;
	item = som_json__array_get(som_json__get(a.json, "items"), 0);
	if (!som_json__get_string(item, "id"))
		error = som__error(SOM_ERROR, "account '%s': YouTube has no such channel: give its "
			"id (UC...) with 'somarkiv account update %lld --api-id ID'", f->account->handle,
			(long long)f->account->id);
	else {
		const char *up = som_json__get_string(som_json__get(som_json__get(item,
			"contentDetails"), "relatedPlaylists"), "uploads");
		som_buf_clear(&f->api_id);
		if ((error = som_buf_puts(&f->api_id, som_json__get_string(item, "id"))) == 0)
			error = som_buf_puts(uploads, up ? up : "");
	}
	som_fetch__answer_dispose(&a);
done:
	som_buf_dispose(&q);
	return error;
}

/*
 * One item of a page: 0 to go on, 1 when it is older than --since (the
 * listing, newest first, stops after this page), or an error.
 */
typedef int (*item_fn)(yctx *y, const som_json *item);

/*
 * The pages of `query` (nextPageToken on), each saved as NAME-NNNN.json
 * (`name` NULL: not for the importer); `what` names them in errors.
 */
static int pages(yctx *y, const char *query, const char *name, const char *what, item_fn fn)
{
	som_buf token = SOM_BUF_INIT, file = SOM_BUF_INIT;
	som_fetch_answer a;
	int64_t n = 0;
	int error = 0, more = 1;

	while (more && !error) {
		som_json *items;
		som_buf_clear(&file);
		som_buf_clear(&y->what);
		if ((name && (error = som_buf_printf(&file, "%s-%04lld.json", name,
				(long long)(n + 1))) != 0) ||
		    (error = som_buf_printf(&y->what, "page %lld of %s", (long long)++n, what)) != 0 ||
		    (error = ask(&a, y, query, token.ptr, name ? file.ptr : NULL)) != 0)
			break;
		items = som_json__get(a.json, "items");
		for (size_t i = 0; !error && i < som_json__array_size(items); i++)
			if ((error = fn(y, som_json__array_get(items, i))) == 1) {
				more = 0;
				error = 0;
			}
		som_buf_clear(&token);
		if (!error && more && som_json__get_string(a.json, "nextPageToken") &&
		    som_json__array_size(items))
			error = som_buf_puts(&token, som_json__get_string(a.json, "nextPageToken"));
		else
			more = 0;
		som_fetch__answer_dispose(&a);
	}
	som_buf_dispose(&token);
	som_buf_dispose(&file);
	return error;
}

static int is_older(const yctx *y, const char *t)
{
	int64_t when = som_fetch__time(t);

	return y->f->since && when >= 0 && when < y->f->since;
}

static int upload(yctx *y, const som_json *item)
{
	som_json *cd = som_json__get(item, "contentDetails");
	const char *vid = som_json__get_string(cd, "videoId");

	if (is_older(y, som_json__get_string(cd, "videoPublishedAt")))
		return 1;
	return vid ? som_fetch__push(&y->videos, &y->n_videos, &y->a_videos, vid) : 0;
}

/* The ids of the uploads, newest first; past --since the listing stops. */
static int uploads_of(yctx *y, const char *playlist)
{
	som_buf q = SOM_BUF_INIT;
	int error;

	if (!*playlist)
		return 0;
	if ((error = som_buf_puts(&q, "playlistItems?part=contentDetails&maxResults=50&playlistId=")) == 0 &&
	    (error = som_fetch__escape(&q, playlist)) == 0)
		error = pages(y, q.ptr, NULL, "the uploads", upload);
	som_buf_dispose(&q);
	return error;
}

/* Ids `ids[0..n)` joined by commas into `out`, escaped. */
static int join_ids(som_buf *out, char *const *ids, size_t n)
{
	int error = 0;

	for (size_t i = 0; i < n && !error; i++) {
		if (i && (error = som_buf_puts(out, "%2C")) != 0)
			break;
		error = som_fetch__escape(out, ids[i]);
	}
	return error;
}

/* videos.list for the uploads, fifty a page: the metadata the importer reads. */
static int videos(yctx *y)
{
	som_buf q = SOM_BUF_INIT, name = SOM_BUF_INIT;
	som_fetch_answer a;
	int error = 0;

	for (size_t i = 0; i < y->n_videos && !error; i += IDS) {
		size_t n = y->n_videos - i < IDS ? y->n_videos - i : IDS;
		som_json *items;
		som_buf_clear(&q);
		som_buf_clear(&name);
		som_buf_clear(&y->what);
		if ((error = som_buf_puts(&q, "videos?part=snippet%2Cstatus&id=")) != 0 ||
		    (error = join_ids(&q, y->videos + i, n)) != 0 ||
		    (error = som_buf_printf(&name, "videos-%04lld.json", (long long)++y->n_video_pages)) != 0 ||
		    (error = som_buf_printf(&y->what, "the videos, page %lld",
				(long long)y->n_video_pages)) != 0 ||
		    (error = ask(&a, y, q.ptr, NULL, name.ptr)) != 0)
			break;
		items = som_json__get(a.json, "items");
		for (size_t k = 0; k < som_json__array_size(items); k++)
			som_fetch__seen(y->f, som_json__get_string(som_json__array_get(items, k), "id"));
		som_fetch__answer_dispose(&a);
	}
	som_buf_dispose(&q);
	som_buf_dispose(&name);
	return error;
}

static int reply(yctx *y, const som_json *item)
{
	som_fetch__seen(y->f, som_json__get_string(item, "id"));
	return 0;
}

/* All replies of a thread that carries fewer than it has. */
static int replies(yctx *y, const char *thread)
{
	som_buf q = SOM_BUF_INIT, name = SOM_BUF_INIT, what = SOM_BUF_INIT;
	int error;

	if ((error = som_buf_puts(&q, "comments?part=snippet&maxResults=100&textFormat=plainText"
			"&parentId=")) == 0 &&
	    (error = som_fetch__escape(&q, thread)) == 0 &&
	    (error = som_buf_puts(&name, "replies-")) == 0 &&
	    (error = som_fetch__safe_name(&name, thread, strlen(thread))) == 0 &&
	    (error = som_buf_printf(&what, "the replies to %s", thread)) == 0)
		error = pages(y, q.ptr, name.ptr, what.ptr, reply);
	som_buf_dispose(&q);
	som_buf_dispose(&name);
	som_buf_dispose(&what);
	return error;
}

/* A thread: its comments seen; the rest of its replies when it carries fewer than it has. */
static int thread(yctx *y, const som_json *t)
{
	som_json *sn = som_json__get(t, "snippet");
	som_json *top = som_json__get(sn, "topLevelComment");
	som_json *rs = som_json__get(som_json__get(t, "replies"), "comments");
	int error = 0;

	som_fetch__seen(y->f, som_json__get_string(top, "id"));
	for (size_t k = 0; k < som_json__array_size(rs); k++)
		som_fetch__seen(y->f, som_json__get_string(som_json__array_get(rs, k), "id"));
	if (som_json__integer(som_json__get(sn, "totalReplyCount")) >
	    (int64_t)som_json__array_size(rs) && som_json__get_string(t, "id"))
		error = replies(y, som_json__get_string(t, "id"));
	if (!error && is_older(y, som_json__get_string(som_json__get(top, "snippet"), "publishedAt")))
		return 1;
	return error;
}

/* Every comment thread on the channel's videos, newest first. */
static int threads(yctx *y)
{
	som_buf q = SOM_BUF_INIT;
	int error;

	if ((error = som_buf_puts(&q, "commentThreads?part=snippet%2Creplies&maxResults=100"
			"&order=time&textFormat=plainText&allThreadsRelatedToChannelId=")) == 0 &&
	    (error = som_fetch__escape(&q, y->f->api_id.ptr)) == 0)
		error = pages(y, q.ptr, "threads", "the comment threads", thread);
	som_buf_dispose(&q);
	return error;
}

static int is_video_id(const char *id)
{
	return strlen(id) == 11 && strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789-_") == 11;
}

/*
 * A comment id the API can be asked about: "Ug...AaABAg", a reply's with
 * ".<its own>" after it. The Takeout's derived ids and its live chat
 * messages' ids are not comments' and are never asked about.
 */
static int is_comment_id(const char *id)
{
	size_t top = strcspn(id, ".");

	return !strncmp(id, "Ug", 2) && top >= 8 && !strncmp(id + top - 6, "AaABAg", 6) &&
		strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") ==
		strlen(id);
}

/* Ask for the unseen items of one sort, fifty at a time; those not returned are gone. */
static int check_batch(yctx *y, const char *endpoint, char **ids, size_t n)
{
	som_buf q = SOM_BUF_INIT;
	som_fetch_answer a;
	int error;

	som_buf_clear(&y->what);
	if ((error = som_buf_printf(&q, "%s?part=id&id=", endpoint)) != 0 ||
	    (error = join_ids(&q, ids, n)) != 0 ||
	    (error = som_buf_printf(&y->what, "whether %zu %s are still there", n, endpoint)) != 0 ||
	    (error = ask(&a, y, q.ptr, NULL, NULL)) != 0)
		goto done;
	for (size_t i = 0; i < n && !error; i++) {
		som_json *items = som_json__get(a.json, "items");
		int there = 0;
		for (size_t k = 0; k < som_json__array_size(items) && !there; k++)
			there = som_json__get_string(som_json__array_get(items, k), "id") &&
				!strcmp(som_json__get_string(som_json__array_get(items, k), "id"), ids[i]);
		if (!there)
			error = som_fetch__gone(y->f, ids[i]);
	}
	som_fetch__answer_dispose(&a);
done:
	som_buf_dispose(&q);
	return error;
}

static int check_gone(yctx *y)
{
	som_fetch_ctx *f = y->f;
	char *batch[IDS];
	int error = 0;

	for (int sort = 0; sort < 2 && !error; sort++) {
		size_t n = 0;
		for (size_t i = 0; i <= f->n_known && !error; i++) {
			som_known *k = i < f->n_known ? &f->known[i] : NULL;
			if (k && som_fetch__unseen(f, k) && (sort == 0 ?
					!strcmp(k->kind, "post") && is_video_id(k->platform_id) :
					strcmp(k->kind, "post") && is_comment_id(k->platform_id)))
				batch[n++] = k->platform_id;
			if (n == IDS || (!k && n > 0)) {
				error = check_batch(y, sort == 0 ? "videos" : "comments", batch, n);
				n = 0;
			}
		}
	}
	return error;
}

static int run(som_fetch_ctx *f)
{
	yctx y;
	som_buf uploads = SOM_BUF_INIT;
	int error;

	memset(&y, 0, sizeof(y));
	y.f = f;
	if ((error = channel(&y, &uploads)) != 0 ||
	    (error = uploads_of(&y, uploads.ptr)) != 0 ||
	    (error = videos(&y)) != 0 ||
	    (error = threads(&y)) != 0)
		goto done;
	error = check_gone(&y);
done:
	som_fetch__list_free(y.videos, y.n_videos);
	som_buf_dispose(&uploads);
	som_buf_dispose(&y.url);
	som_buf_dispose(&y.name);
	som_buf_dispose(&y.what);
	return error;
}

const som_fetcher som_fetcher_youtube = {
	"youtube",
	&som_importer_youtube_api,
	"https://www.googleapis.com/youtube/v3",
	1,
	authorize,
	refused,
	run
};
