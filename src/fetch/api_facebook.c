/*
 * The Graph API with a Page access token, in its two uses: a Facebook
 * Page's feed (posts with their comments and replies nested, newest
 * comments first, the rest of long threads from /{post}/comments), and an
 * Instagram professional account's media (with comments and their
 * replies). Pages are followed by paging.next, media saved beside the
 * answers, and an item the store holds that the listing no longer has is
 * asked for by its id: "does not exist" (code 100, subcode 33) is gone.
 * The importers are facebook-graph and instagram-graph.
 */
#include <stdio.h>
#include <string.h>
#include "fetch/fetch.h"

/* Posts per page, and comments nested in each. */
#define PAGE 25

/* What the feed asks of each post; comments flat (filter=stream), newest first. */
static const char feed_fields[] =
	"id,message,story,created_time,updated_time,from{id,name},permalink_url,parent_id,"
	"attachments{type,url,unshimmed_url,title,description,media,subattachments},"
	"comments.filter(stream).order(reverse_chronological).limit(100)"
	"{id,message,created_time,from{id,name},parent{id},attachment,permalink_url}";

static const char media_fields[] =
	"id,caption,media_type,media_url,permalink,thumbnail_url,timestamp,username,"
	"children{id,media_type,media_url,thumbnail_url},"
	"comments.limit(50){id,text,timestamp,username,from{id,username},"
	"replies{id,text,timestamp,username,from{id,username}}}";

typedef struct gctx {
	som_fetch_ctx *f;
	int ig;
	som_buf url, name, what, entry;
} gctx;

static int authorize(som_fetch_ctx *f)
{
	int error;

	if (!f->cred.token)
		return som__error(SOM_EINVALID, "credentials file '%s': no token (a Page access "
			"token)", f->cred.path);
	if ((error = som_buf_printf(&f->auth, "Authorization: Bearer %s", f->cred.token)) != 0)
		return error;
	f->headers[0] = f->auth.ptr;
	f->headers[1] = NULL;
	return 0;
}

/* Code 190 is an access token that expired or was revoked; 102 a session that ended. */
static int refused(const som_fetch_answer *a)
{
	som_json *e = som_json__get(a->json, "error");
	int64_t code = som_json__integer(som_json__get(e, "code"));
	const char *type = som_json__get_string(e, "type");

	return code == 190 || code == 102 || (type && !strcmp(type, "OAuthException") &&
		a->status == 401);
}

/* The Graph API's "does not exist" for an object id: it is gone. */
static int not_there(const som_fetch_answer *a)
{
	som_json *e = som_json__get(a->json, "error");

	return a->status == 404 || (som_json__integer(som_json__get(e, "code")) == 100 &&
		som_json__integer(som_json__get(e, "error_subcode")) == 33);
}

static int media_file(gctx *g, const char *url)
{
	size_t end, start;
	int error;

	if (!url || !*url)
		return 0;
	end = strcspn(url, "?#");
	for (start = end; start > 0 && url[start - 1] != '/'; start--)
		;
	if (end == start)
		return 0;
	som_buf_clear(&g->entry);
	if ((error = som_buf_puts(&g->entry, "media/")) != 0 ||
	    (error = som_fetch__safe_name(&g->entry, url + start, end - start)) != 0)
		return error;
	return som_fetch__media(g->f, url, g->entry.ptr);
}

/* A Facebook attachment's photo or video, and its subattachments'. */
static int attachment_media(gctx *g, const som_json *a, int depth)
{
	som_json *media = som_json__get(a, "media"), *subs;
	const char *type = som_json__get_string(a, "type");
	const char *video = som_json__get_string(media, "source");
	const char *image = som_json__get_string(som_json__get(media, "image"), "src");
	int error = 0;

	/* a shared link's preview picture is not the Page's: the importer keeps the link */
	if (!(type && (!strcmp(type, "share") || !strcmp(type, "native_templates"))) &&
	    (video || image))
		error = media_file(g, video ? video : image);
	subs = som_json__get(som_json__get(a, "subattachments"), "data");
	for (size_t i = 0; !error && depth == 0 && i < som_json__array_size(subs); i++)
		error = attachment_media(g, som_json__array_get(subs, i), 1);
	return error;
}

/* A comment met: seen, its media, and its replies (Instagram nests them). */
static int comment(gctx *g, const som_json *c, int depth)
{
	som_json *replies = som_json__get(som_json__get(c, g->ig ? "replies" : "comments"), "data");
	int error = 0;

	som_fetch__seen(g->f, som_json__get_string(c, "id"));
	if (!g->ig && som_json__is_object(som_json__get(c, "attachment")))
		error = attachment_media(g, som_json__get(c, "attachment"), 0);
	for (size_t i = 0; !error && depth < 4 && i < som_json__array_size(replies); i++)
		error = comment(g, som_json__array_get(replies, i), depth + 1);
	return error;
}

/* The comments a post's page does not hold: /{post}/comments, paging on. */
static int more_comments(gctx *g, const char *post, const char *next)
{
	som_fetch_answer a;
	som_buf url = SOM_BUF_INIT;
	int64_t n = 0;
	int error;

	if ((error = som_buf_puts(&url, next)) != 0)
		return error;
	while (!error && url.size > 0) {
		som_json *list;
		som_buf_clear(&g->name);
		som_buf_clear(&g->what);
		if ((error = som_fetch__safe_name(&g->name, post, strlen(post))) != 0 ||
		    (error = som_buf_printf(&g->name, "-comments-%04lld.json", (long long)++n)) != 0 ||
		    (error = som_buf_printf(&g->what, "page %lld of the comments of %s",
				(long long)n, post)) != 0 ||
		    (error = som_fetch__get(&a, g->f, url.ptr, g->name.ptr, g->what.ptr)) != 0)
			break;
		list = som_json__get(a.json, "data");
		if (a.status != 200 || !som_json__is_array(list)) {
			error = not_there(&a) ? 0 : som_fetch__fail(g->f, &a, g->what.ptr);
			som_fetch__answer_dispose(&a);
			break;
		}
		for (size_t i = 0; !error && i < som_json__array_size(list); i++)
			error = comment(g, som_json__array_get(list, i), 1);
		som_buf_clear(&url);
		if (!error && som_json__array_size(list) > 0)
			error = som_buf_puts(&url, som_json__get_string(som_json__get(a.json, "paging"),
				"next") ? som_json__get_string(som_json__get(a.json, "paging"), "next") : "");
		som_fetch__answer_dispose(&a);
	}
	som_buf_dispose(&url);
	return error;
}

static int post(gctx *g, const som_json *p)
{
	som_json *comments = som_json__get(p, "comments");
	som_json *list = som_json__get(comments, "data");
	som_json *atts = som_json__get(som_json__get(p, "attachments"), "data");
	som_json *children = som_json__get(som_json__get(p, "children"), "data");
	const char *id = som_json__get_string(p, "id");
	const char *next = som_json__get_string(som_json__get(comments, "paging"), "next");
	som_buf more = SOM_BUF_INIT;
	int error = 0;

	if (!id)
		return 0;
	som_fetch__seen(g->f, id);
	for (size_t i = 0; !error && i < som_json__array_size(atts); i++)
		error = attachment_media(g, som_json__array_get(atts, i), 0);
	if (g->ig && som_json__array_size(children) == 0)
		error = error ? error : media_file(g, som_json__get_string(p, "media_url"));
	for (size_t i = 0; !error && g->ig && i < som_json__array_size(children); i++)
		error = media_file(g, som_json__get_string(som_json__array_get(children, i),
			"media_url"));
	for (size_t i = 0; !error && i < som_json__array_size(list); i++)
		error = comment(g, som_json__array_get(list, i), 1);
	/* the rest of a long thread; its link is kept, as the page holds it */
	if (!error && next && (error = som_buf_puts(&more, next)) == 0)
		error = more_comments(g, id, more.ptr);
	som_buf_dispose(&more);
	return error;
}

/* The feed or the media, page by page (paging.next), each saved as PREFIX-NNNN.json. */
static int listing(gctx *g, const char *first, const char *prefix, const char *what)
{
	som_fetch_answer a;
	som_buf next = SOM_BUF_INIT;
	int64_t n = 0;
	int error, older = 0;

	if ((error = som_buf_puts(&next, first)) != 0)
		return error;
	while (!error && next.size > 0 && !older) {
		som_json *list;
		som_buf_clear(&g->name);
		som_buf_clear(&g->what);
		if ((error = som_buf_printf(&g->name, "%s-%04lld.json", prefix, (long long)++n)) != 0 ||
		    (error = som_buf_printf(&g->what, "page %lld of the %s", (long long)n, what)) != 0 ||
		    (error = som_fetch__get(&a, g->f, next.ptr, g->name.ptr, g->what.ptr)) != 0)
			break;
		list = som_json__get(a.json, "data");
		if (a.status != 200 || !som_json__is_array(list)) {
			error = som_fetch__fail(g->f, &a, g->what.ptr);
			som_fetch__answer_dispose(&a);
			break;
		}
		som_buf_clear(&next);
		if (som_json__array_size(list) > 0 &&
		    som_json__get_string(som_json__get(a.json, "paging"), "next"))
			error = som_buf_puts(&next, som_json__get_string(som_json__get(a.json,
				"paging"), "next"));
		for (size_t i = 0; !error && i < som_json__array_size(list); i++) {
			som_json *p = som_json__array_get(list, i);
			const char *t = som_json__get_string(p, g->ig ? "timestamp" : "created_time");
			if (g->f->since && som_fetch__time(t) >= 0 && som_fetch__time(t) < g->f->since)
				older = 1;
			error = post(g, p);
		}
		som_fetch__answer_dispose(&a);
	}
	som_buf_dispose(&next);
	return error;
}

/* The id behind "me" (the Page of a Page token), or the Instagram account the Page has. */
static int whose(gctx *g)
{
	som_fetch_ctx *f = g->f;
	som_fetch_answer a;
	const char *id;
	int error;

	if (f->api_id.size > 0 && (!g->ig || strcmp(f->api_id.ptr, "me") != 0))
		return 0;
	som_buf_clear(&g->url);
	if ((error = som_buf_printf(&g->url, "%s/me?fields=", f->base.ptr)) != 0 ||
	    (error = som_fetch__escape(&g->url, g->ig ? "id,name,instagram_business_account" :
			"id,name")) != 0 ||
	    (error = som_fetch__get(&a, f, g->url.ptr, NULL, "whose token it is")) != 0)
		return error;
	id = g->ig ? som_json__get_string(som_json__get(a.json, "instagram_business_account"),
		"id") : som_json__get_string(a.json, "id");
	if (a.status != 200)
		error = som_fetch__fail(f, &a, "whose token it is");
	else if (!id)
		error = som__error(SOM_ERROR, "account '%s': the token's Page has no Instagram "
			"professional account: give its id with 'somarkiv account update %lld --api-id "
			"ID'", f->account->handle, (long long)f->account->id);
	else {
		som_buf_clear(&f->api_id);
		error = som_buf_puts(&f->api_id, id);
	}
	som_fetch__answer_dispose(&a);
	return error;
}

static int is_graph_id(const char *id, int ig)
{
	size_t a = strspn(id, "0123456789");

	if (a == 0)
		return 0;
	if (ig)
		return id[a] == '\0';
	return id[a] == '_' && id[a + 1] && id[a + 1 + strspn(id + a + 1, "0123456789")] == '\0';
}

/* Ask for each stored post and comment the listing no longer has. */
static int check_gone(gctx *g)
{
	som_fetch_ctx *f = g->f;
	int error = 0;

	for (size_t i = 0; i < f->n_known && !error; i++) {
		som_known *k = &f->known[i];
		som_fetch_answer a;
		/* the export's items have no Graph ids: they are never asked for */
		if (!som_fetch__unseen(f, k) || !is_graph_id(k->platform_id, g->ig) ||
		    !strcmp(k->kind, "message"))
			continue;
		som_buf_clear(&g->url);
		som_buf_clear(&g->what);
		if ((error = som_buf_printf(&g->url, "%s/", f->base.ptr)) != 0 ||
		    (error = som_fetch__escape(&g->url, k->platform_id)) != 0 ||
		    (error = som_buf_puts(&g->url, "?fields=id")) != 0 ||
		    (error = som_buf_printf(&g->what, "%s (is it still there?)", k->platform_id)) != 0 ||
		    (error = som_fetch__get(&a, f, g->url.ptr, NULL, g->what.ptr)) != 0)
			break;
		if (not_there(&a))
			error = som_fetch__gone(f, k->platform_id);
		som_fetch__answer_dispose(&a);
	}
	return error;
}

static int run_graph(som_fetch_ctx *f, int ig)
{
	gctx g;
	som_buf first = SOM_BUF_INIT;
	int error;

	memset(&g, 0, sizeof(g));
	g.f = f;
	g.ig = ig;
	if ((error = whose(&g)) != 0)
		goto done;
	if ((error = som_buf_printf(&first, "%s/", f->base.ptr)) != 0 ||
	    (error = som_fetch__escape(&first, f->api_id.size ? f->api_id.ptr : "me")) != 0 ||
	    (error = som_buf_puts(&first, ig ? "/media?fields=" : "/feed?fields=")) != 0 ||
	    (error = som_fetch__escape(&first, ig ? media_fields : feed_fields)) != 0 ||
	    (error = som_buf_printf(&first, "&limit=%d", PAGE)) != 0 ||
	    (f->since && (error = som_buf_printf(&first, "&since=%lld", (long long)f->since)) != 0))
		goto done;
	if ((error = listing(&g, first.ptr, ig ? "media" : "feed", ig ? "media" : "feed")) != 0)
		goto done;
	error = check_gone(&g);
done:
	som_buf_dispose(&first);
	som_buf_dispose(&g.url);
	som_buf_dispose(&g.name);
	som_buf_dispose(&g.what);
	som_buf_dispose(&g.entry);
	return error;
}

static int run_facebook(som_fetch_ctx *f)
{
	return run_graph(f, 0);
}

static int run_instagram(som_fetch_ctx *f)
{
	return run_graph(f, 1);
}

const som_fetcher som_fetcher_facebook = {
	"facebook",
	&som_importer_facebook_graph,
	"https://graph.facebook.com/v21.0",
	1,
	authorize,
	refused,
	run_facebook
};

const som_fetcher som_fetcher_instagram = {
	"instagram",
	&som_importer_instagram_graph,
	"https://graph.facebook.com/v21.0",
	1,
	authorize,
	refused,
	run_instagram
};
