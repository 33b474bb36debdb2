/*
 * The X API v2 with a bearer token, within what the access tier allows:
 * the account's posts (the user timeline, at most the last 3,200), the
 * earlier states of each post edited since the store saw it (its
 * edit_history_tweet_ids, looked up), the replies in the conversations of
 * its posts of the last seven days (recent search; skipped, and said so,
 * when the tier has no search), and media. Posts the store holds that the
 * timeline no longer has are looked up a hundred at a time: "not found"
 * is gone. The answers are X API v2 pages as twarc2 saves them, so the
 * importer is twarc.
 */
#include <stdio.h>
#include <string.h>
#include "fetch/fetch.h"
#include "somarkiv/schedule.h"

#define PAGE 100
/* Recent search reaches this far back. */
#define SEARCH_WINDOW (7 * 86400)

static const char fields[] =
	"tweet.fields=attachments,author_id,conversation_id,created_at,edit_history_tweet_ids,"
	"entities,in_reply_to_user_id,lang,note_tweet,public_metrics,referenced_tweets"
	"&expansions=attachments.media_keys,author_id,referenced_tweets.id"
	"&media.fields=alt_text,duration_ms,height,media_key,preview_image_url,type,url,variants,width"
	"&user.fields=id,name,username";

typedef struct xctx {
	som_fetch_ctx *f;
	som_buf url, name, what, entry;
	char **edits;            /* earlier states to look up */
	size_t n_edits, a_edits;
	char **threads;          /* conversations to search */
	size_t n_threads, a_threads;
	int64_t n_edit_pages;
	int no_search;
} xctx;

static int authorize(som_fetch_ctx *f)
{
	int error;

	if (!f->cred.token)
		return som__error(SOM_EINVALID, "credentials file '%s': no token (a bearer token)",
			f->cred.path);
	if ((error = som_buf_printf(&f->auth, "Authorization: Bearer %s", f->cred.token)) != 0)
		return error;
	f->headers[0] = f->auth.ptr;
	f->headers[1] = NULL;
	return 0;
}

/* Is `a` an earlier snowflake than `b`? */
static int id_less(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la != lb ? la < lb : strcmp(a, b) < 0;
}

/* The id naming a post's item: its edit history's first (as the importers name it). */
static const char *initial_id(const som_json *tw)
{
	som_json *hist = som_json__get(tw, "edit_history_tweet_ids");
	const char *id = som_json__get_string(tw, "id");

	for (size_t i = 0; id && i < som_json__array_size(hist); i++) {
		const char *h = som_json__string(som_json__array_get(hist, i));
		if (h && *h && id_less(h, id))
			id = h;
	}
	return id;
}

/* The best file of a medium: a photo's url, a video's mp4 of the highest bit rate. */
static const char *media_url(const som_json *m)
{
	som_json *variants = som_json__get(m, "variants");
	const char *best = NULL;
	int64_t rate = -1;

	if (som_json__get_string(m, "url"))
		return som_json__get_string(m, "url");
	for (size_t i = 0; i < som_json__array_size(variants); i++) {
		som_json *v = som_json__array_get(variants, i);
		const char *type = som_json__get_string(v, "content_type");
		if (!som_json__get_string(v, "url") || (type && strcmp(type, "video/mp4") != 0))
			continue;
		if (som_json__integer(som_json__get(v, "bit_rate")) > rate) {
			rate = som_json__integer(som_json__get(v, "bit_rate"));
			best = som_json__get_string(v, "url");
		}
	}
	return best ? best : som_json__get_string(m, "preview_image_url");
}

static int media_of(xctx *x, const som_json *page, const som_json *tw)
{
	som_json *keys = som_json__get(som_json__get(tw, "attachments"), "media_keys");
	som_json *media = som_json__get(som_json__get(page, "includes"), "media");
	int error = 0;

	for (size_t i = 0; i < som_json__array_size(keys) && !error; i++) {
		const char *key = som_json__string(som_json__array_get(keys, i)), *url;
		size_t end, start;
		for (size_t k = 0; key && k < som_json__array_size(media); k++) {
			som_json *m = som_json__array_get(media, k);
			if (!som_json__get_string(m, "media_key") ||
			    strcmp(som_json__get_string(m, "media_key"), key) != 0 ||
			    !(url = media_url(m)))
				continue;
			end = strcspn(url, "?#");
			for (start = end; start > 0 && url[start - 1] != '/'; start--)
				;
			som_buf_clear(&x->entry);
			if ((error = som_buf_puts(&x->entry, "media/")) != 0 ||
			    (error = som_fetch__safe_name(&x->entry, url + start, end - start)) != 0 ||
			    (error = som_fetch__media(x->f, url, x->entry.ptr)) != 0)
				break;
		}
	}
	return error;
}

/* A post met: seen, its media, its earlier states, its conversation. */
static int post(xctx *x, const som_json *page, const som_json *tw, int own)
{
	som_json *hist = som_json__get(tw, "edit_history_tweet_ids");
	const char *id = som_json__get_string(tw, "id"), *initial = initial_id(tw);
	som_known *k = som_fetch__known(x->f, initial);
	int64_t created = som_fetch__time(som_json__get_string(tw, "created_at"));
	int error;

	if (!id)
		return 0;
	som_fetch__seen(x->f, initial);
	if ((error = media_of(x, page, tw)) != 0)
		return error;
	/* edited since the store saw it: the states it lacks are looked up */
	if (som_json__array_size(hist) > 1 && (!k || k->n_versions < (int64_t)som_json__array_size(hist)))
		for (size_t i = 0; i < som_json__array_size(hist) && !error; i++) {
			const char *h = som_json__string(som_json__array_get(hist, i));
			if (h && strcmp(h, id) != 0)
				error = som_fetch__push(&x->edits, &x->n_edits, &x->a_edits, h);
		}
	if (!error && own && created >= 0 && created >= som_schedule_now() - SEARCH_WINDOW &&
	    som_json__integer(som_json__get(som_json__get(tw, "public_metrics"), "reply_count")) > 0 &&
	    som_json__get_string(tw, "conversation_id"))
		error = som_fetch__push(&x->threads, &x->n_threads, &x->a_threads,
			som_json__get_string(tw, "conversation_id"));
	return error;
}

/*
 * Pages of `first`: meta.next_token goes on as `token_name`. A page with
 * posts is given to the importer as PREFIX-NNNN.jsonl; an empty one is not.
 */
static int pages(xctx *x, const char *first, const char *token_name, const char *prefix,
	const char *what, int own, int may_be_forbidden)
{
	som_buf url = SOM_BUF_INIT, name = SOM_BUF_INIT;
	som_fetch_answer a;
	const char *token = NULL;
	int64_t n = 0;
	int error = 0;

	if ((error = som_buf_puts(&url, first)) != 0)
		return error;
	for (;;) {
		som_json *data;
		som_buf_clear(&name);
		som_buf_clear(&x->what);
		if ((error = som_buf_printf(&name, "%s-%04lld.jsonl", prefix, (long long)++n)) != 0 ||
		    (error = som_buf_printf(&x->what, "page %lld of %s", (long long)n, what)) != 0 ||
		    (error = som_fetch__get(&a, x->f, url.ptr, NULL, x->what.ptr)) != 0)
			break;
		if (may_be_forbidden && (a.status == 403 || a.status == 400)) {
			/* the access tier has no search: say so in the capture's report */
			x->no_search = 1;
			error = som_fetch__note(x->f, "replies in conversations not fetched: the X API "
				"refused recent search (HTTP %ld): the access tier may not include it",
				a.status);
			som_fetch__answer_dispose(&a);
			break;
		}
		if (a.status != 200 || !som_json__is_object(a.json)) {
			error = som_fetch__fail(x->f, &a, x->what.ptr);
			som_fetch__answer_dispose(&a);
			break;
		}
		data = som_json__get(a.json, "data");
		/* an empty page ({"meta": {"result_count": 0}}) is nothing for the importer */
		if (som_json__array_size(data) > 0)
			error = som_fetch__keep(x->f, &a, name.ptr);
		for (size_t i = 0; !error && i < som_json__array_size(data); i++)
			error = post(x, a.json, som_json__array_get(data, i), own);
		token = som_json__get_string(som_json__get(a.json, "meta"), "next_token");
		som_buf_clear(&url);
		if (!error && token && som_json__array_size(data) > 0 &&
		    (error = som_buf_printf(&url, "%s&%s=", first, token_name)) == 0)
			error = som_fetch__escape(&url, token);
		som_fetch__answer_dispose(&a);
		if (error || url.size == 0)
			break;
	}
	som_buf_dispose(&url);
	som_buf_dispose(&name);
	return error;
}

/* The account's user id: as set, else by its username. */
static int user(xctx *x)
{
	som_fetch_ctx *f = x->f;
	som_fetch_answer a;
	const char *id;
	int error;

	if (f->api_id.size > 0)
		return 0;
	som_buf_clear(&x->url);
	if ((error = som_buf_printf(&x->url, "%s/users/by/username/", f->base.ptr)) != 0 ||
	    (error = som_fetch__escape(&x->url, f->account->handle +
			strspn(f->account->handle, "@"))) != 0 ||
	    (error = som_fetch__get(&a, f, x->url.ptr, NULL, "the account")) != 0)
		return error;
	id = som_json__get_string(som_json__get(a.json, "data"), "id");
	if (a.status != 200 || !id)
		error = a.status == 200 ? som__error(SOM_ERROR, "account '%s': X has no such user",
			f->account->handle) : som_fetch__fail(f, &a, "the account");
	else
		error = som_buf_puts(&f->api_id, id);
	som_fetch__answer_dispose(&a);
	return error;
}

/* Look posts up by id, a hundred at a time: for earlier states (kept) or to find what is gone. */
static int lookup(xctx *x, char **ids, size_t n, int gone)
{
	som_buf name = SOM_BUF_INIT;
	som_fetch_answer a;
	int error = 0;

	for (size_t i = 0; i < n && !error; i += PAGE) {
		size_t m = n - i < PAGE ? n - i : PAGE;
		som_json *errors;
		som_buf_clear(&x->url);
		som_buf_clear(&x->what);
		som_buf_clear(&name);
		if ((error = som_buf_printf(&x->url, "%s/tweets?ids=", x->f->base.ptr)) != 0)
			break;
		for (size_t k = 0; k < m && !error; k++) {
			if (k && (error = som_buf_puts(&x->url, "%2C")) != 0)
				break;
			error = som_fetch__escape(&x->url, ids[i + k]);
		}
		if (error || (error = som_buf_printf(&x->url, "&%s", gone ? "tweet.fields=id" :
				fields)) != 0 ||
		    (error = som_buf_printf(&name, "edits-%04lld.jsonl", (long long)++x->n_edit_pages)) != 0 ||
		    (error = som_buf_printf(&x->what, gone ? "whether %zu posts are still there" :
				"%zu earlier states of edited posts", m)) != 0 ||
		    (error = som_fetch__get(&a, x->f, x->url.ptr, NULL, x->what.ptr)) != 0)
			break;
		if (a.status != 200 || !som_json__is_object(a.json)) {
			error = som_fetch__fail(x->f, &a, x->what.ptr);
			som_fetch__answer_dispose(&a);
			break;
		}
		if (!gone && som_json__array_size(som_json__get(a.json, "data")) > 0 &&
		    (error = som_fetch__keep(x->f, &a, name.ptr)) != 0) {
			som_fetch__answer_dispose(&a);
			break;
		}
		errors = som_json__get(a.json, "errors");
		for (size_t k = 0; gone && k < som_json__array_size(errors) && !error; k++) {
			som_json *e = som_json__array_get(errors, k);
			const char *type = som_json__get_string(e, "type");
			const char *which = som_json__get_string(e, "resource_id");
			if (!which)
				which = som_json__get_string(e, "value");
			if (type && strstr(type, "resource-not-found") && which)
				error = som_fetch__gone(x->f, which);
		}
		som_fetch__answer_dispose(&a);
	}
	som_buf_dispose(&name);
	return error;
}

static int check_gone(xctx *x)
{
	som_fetch_ctx *f = x->f;
	char **ids = NULL;
	size_t n = 0, a = 0;
	int error = 0;

	for (size_t i = 0; i < f->n_known && !error; i++) {
		som_known *k = &f->known[i];
		const char *id = k->platform_id;
		/* direct messages have ids of another kind: never asked for */
		if (som_fetch__unseen(f, k) && strcmp(k->kind, "message") != 0 && *id &&
		    strspn(id, "0123456789") == strlen(id))
			error = som_fetch__push(&ids, &n, &a, id);
	}
	if (!error)
		error = lookup(x, ids, n, 1);
	som_fetch__list_free(ids, n);
	return error;
}

static int run(som_fetch_ctx *f)
{
	xctx x;
	som_buf first = SOM_BUF_INIT;
	char since[32];
	int error;

	memset(&x, 0, sizeof(x));
	x.f = f;
	if ((error = user(&x)) != 0)
		goto done;
	if ((error = som_buf_printf(&first, "%s/users/", f->base.ptr)) != 0 ||
	    (error = som_fetch__escape(&first, f->api_id.ptr)) != 0 ||
	    (error = som_buf_printf(&first, "/tweets?max_results=%d&%s", PAGE, fields)) != 0)
		goto done;
	if (f->since) {
		som_schedule_format_time(since, f->since);
		if ((error = som_buf_puts(&first, "&start_time=")) != 0 ||
		    (error = som_fetch__escape(&first, since)) != 0)
			goto done;
	}
	if ((error = pages(&x, first.ptr, "pagination_token", "tweets", "the account's posts", 1,
			0)) != 0)
		goto done;
	for (size_t i = 0; i < x.n_threads && !x.no_search && !error; i++) {
		som_buf_clear(&first);
		som_buf_clear(&x.name);
		if ((error = som_buf_printf(&first, "%s/tweets/search/recent?max_results=%d&%s&query=",
				f->base.ptr, PAGE, fields)) != 0 ||
		    (error = som_buf_puts(&x.name, "conversation_id:")) != 0 ||
		    (error = som_buf_puts(&x.name, x.threads[i])) != 0 ||
		    (error = som_fetch__escape(&first, x.name.ptr)) != 0)
			break;
		som_buf_clear(&x.name);
		if ((error = som_buf_puts(&x.name, "conversation-")) != 0 ||
		    (error = som_fetch__safe_name(&x.name, x.threads[i], strlen(x.threads[i]))) != 0)
			break;
		error = pages(&x, first.ptr, "next_token", x.name.ptr, "a conversation", 0, 1);
	}
	if (!error && x.n_edits)
		error = lookup(&x, x.edits, x.n_edits, 0);
	if (!error)
		error = check_gone(&x);
done:
	som_fetch__list_free(x.edits, x.n_edits);
	som_fetch__list_free(x.threads, x.n_threads);
	som_buf_dispose(&first);
	som_buf_dispose(&x.url);
	som_buf_dispose(&x.name);
	som_buf_dispose(&x.what);
	som_buf_dispose(&x.entry);
	return error;
}

const som_fetcher som_fetcher_x = {
	"x",
	&som_importer_twarc,
	"https://api.x.com/2",
	1,
	authorize,
	NULL,
	run
};
