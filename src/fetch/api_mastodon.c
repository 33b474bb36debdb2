/*
 * Mastodon's REST API (v1): the account's statuses page by page (the Link
 * header's rel="next"), the thread of each status that has replies or
 * answers one (replies from this server and others), the edit history of
 * each status edited since the store saw it, media, and with a token the
 * direct messages (conversations). A status the store holds that the
 * listing no longer has is asked for by its id: 404 or 410 is gone.
 * Public statuses need no token; the importer is mastodon-api.
 */
#include <string.h>
#include <strings.h>
#include "fetch/fetch.h"
#include "ingest/mastodon.h"

/* Statuses per page: the API's most. */
#define PAGE 40

typedef struct mctx {
	som_fetch_ctx *f;
	som_buf url, name, what, entry;
	int64_t pages;
} mctx;

static int authorize(som_fetch_ctx *f)
{
	int error;

	if (!f->cred.token)
		return 0;   /* public statuses only */
	if ((error = som_buf_printf(&f->auth, "Authorization: Bearer %s", f->cred.token)) != 0)
		return error;
	f->headers[0] = f->auth.ptr;
	f->headers[1] = NULL;
	return 0;
}

static int same_time(const char *a, const char *b)
{
	char x[32], y[32];
	int same;

	if (!a || !b)
		return !a && !b;
	same = som__time_normalize(x, a) == 0 && som__time_normalize(y, b) == 0 && !strcmp(x, y);
	som_error_clear();
	return same;
}

static int media_of(mctx *m, const som_json *s)
{
	som_json *list = som_json__get(s, "media_attachments");
	int error = 0;

	for (size_t i = 0; i < som_json__array_size(list) && !error; i++) {
		const char *url = som_json__get_string(som_json__array_get(list, i), "url");
		if (!url || !*url)
			continue;
		if ((error = som_mastodon__media_entry(&m->entry, url)) == 0)
			error = som_fetch__media(m->f, url, m->entry.ptr);
	}
	return error;
}

/*
 * GET /api/v1/statuses/ID/PART (history, context), saved as PART-ID.json;
 * `what` names it ("the edits of status", ...).
 */
static int status_part(som_fetch_answer *a, mctx *m, const char *id, const char *part,
	const char *what)
{
	int error;

	som_buf_clear(&m->url);
	som_buf_clear(&m->name);
	som_buf_clear(&m->what);
	if ((error = som_buf_printf(&m->url, "%s/api/v1/statuses/", m->f->base.ptr)) != 0 ||
	    (error = som_fetch__escape(&m->url, id)) != 0 ||
	    (error = som_buf_printf(&m->url, "/%s", part)) != 0 ||
	    (error = som_buf_printf(&m->name, "%s-", part)) != 0 ||
	    (error = som_fetch__safe_name(&m->name, id, strlen(id))) != 0 ||
	    (error = som_buf_puts(&m->name, ".json")) != 0 ||
	    (error = som_buf_printf(&m->what, "%s %s", what, id)) != 0)
		return error;
	return som_fetch__get(a, m->f, m->url.ptr, m->name.ptr, m->what.ptr);
}

/* The edits of a status edited since the store last saw it (or new to it). */
static int history_of(mctx *m, const som_json *s)
{
	const char *id = som_json__get_string(s, "id");
	const char *edited = som_json__get_string(s, "edited_at");
	som_known *k = som_fetch__known(m->f, som_json__get_string(s, "uri"));
	som_fetch_answer a;
	int error;

	if (!id || !edited || (k && same_time(k->edited, edited)))
		return 0;
	if ((error = status_part(&a, m, id, "history", "the edits of status")) != 0)
		return error;
	/* a status edited and then deleted between the listing and now: the listing has it */
	if (a.status != 200 && a.status != 404 && a.status != 410)
		error = som_fetch__fail(m->f, &a, m->what.ptr);
	som_fetch__answer_dispose(&a);
	return error;
}

/* What a status met in an answer brings: it is seen, its media, its edits. */
static int status_parts(mctx *m, const som_json *s)
{
	int error;

	if (!som_json__is_object(s))
		return 0;
	som_fetch__seen(m->f, som_json__get_string(s, "uri"));
	if (som_json__is_object(som_json__get(s, "reblog")))
		return 0;
	if ((error = media_of(m, s)) != 0)
		return error;
	return history_of(m, s);
}

/* A status's thread: its replies (from anywhere), and for a reply what it answers. */
static int context_of(mctx *m, const som_json *s, int direct_thread)
{
	const char *id = som_json__get_string(s, "id");
	som_fetch_answer a;
	int error;

	if (!id)
		return 0;
	if ((error = status_part(&a, m, id, "context", "the thread of status")) != 0)
		return error;
	if (a.status == 404 || a.status == 410)
		goto done;   /* deleted since it was listed: found gone next time */
	if (a.status != 200 || !som_json__is_object(a.json)) {
		error = som_fetch__fail(m->f, &a, m->what.ptr);
		goto done;
	}
	for (int part = 0; part < 2 && !error; part++) {
		som_json *list = som_json__get(a.json, part ? "descendants" : "ancestors");
		for (size_t i = 0; i < som_json__array_size(list) && !error; i++) {
			som_json *t = som_json__array_get(list, i);
			const char *vis = som_json__get_string(t, "visibility");
			/* ancestors are only the records of a direct conversation */
			if (part == 0 && !(direct_thread && vis && !strcmp(vis, "direct")))
				continue;
			error = status_parts(m, t);
		}
	}
done:
	som_fetch__answer_dispose(&a);
	return error;
}

static int status(mctx *m, const som_json *s, int direct_thread)
{
	int error;

	if ((error = status_parts(m, s)) != 0)
		return error;
	if (som_json__is_object(som_json__get(s, "reblog")))
		return 0;
	if (som_json__integer(som_json__get(s, "replies_count")) == 0 &&
	    !som_json__get_string(s, "in_reply_to_id") && !direct_thread)
		return 0;
	return context_of(m, s, direct_thread);
}

/* Pages of `first` (statuses or conversations), each saved as PREFIX-NNNN.json. */
static int pages(mctx *m, const char *first, const char *prefix, const char *what, int convs)
{
	som_fetch_answer a;
	som_buf next = SOM_BUF_INIT;
	int64_t n = 0;
	int error = 0, older = 0;

	if ((error = som_buf_puts(&next, first)) != 0)
		return error;
	while (next.size > 0 && !older && !error) {
		som_buf_clear(&m->name);
		som_buf_clear(&m->what);
		if ((error = som_buf_printf(&m->name, "%s-%04lld.json", prefix, (long long)++n)) != 0 ||
		    (error = som_buf_printf(&m->what, "page %lld of the %s", (long long)n, what)) != 0)
			break;
		if ((error = som_fetch__get(&a, m->f, next.ptr, m->name.ptr, m->what.ptr)) != 0)
			break;
		if (a.status != 200 || !som_json__is_array(a.json)) {
			error = som_fetch__fail(m->f, &a, m->what.ptr);
			som_fetch__answer_dispose(&a);
			break;
		}
		som_buf_clear(&next);
		error = som_buf_puts(&next, a.next.ptr);
		for (size_t i = 0; !error && i < som_json__array_size(a.json); i++) {
			som_json *s = som_json__array_get(a.json, i);
			if (convs)
				s = som_json__get(s, "last_status");
			if (!som_json__is_object(s))
				continue;
			/* newest first: past --since, this page is the last */
			if (m->f->since && som_fetch__time(som_json__get_string(s, "created_at")) <
			    m->f->since)
				older = 1;
			error = status(m, s, convs);
		}
		if (som_json__array_size(a.json) == 0)
			som_buf_clear(&next);
		som_fetch__answer_dispose(&a);
	}
	som_buf_dispose(&next);
	return error;
}

/* The account's id on its server: as set, else looked up by its handle. */
static int account(mctx *m)
{
	som_fetch_ctx *f = m->f;
	const char *handle = f->account->handle + strspn(f->account->handle, "@");
	const char *at = strchr(handle, '@'), *host = strstr(f->base.ptr, "://");
	som_fetch_answer a;
	int error;

	som_buf_clear(&m->url);
	host = host ? host + 3 : f->base.ptr;
	if (f->api_id.size > 0) {
		error = som_buf_printf(&m->url, "%s/api/v1/accounts/", f->base.ptr);
		if (!error)
			error = som_fetch__escape(&m->url, f->api_id.ptr);
	} else {
		/* acct is the user alone on its own server, user@server elsewhere */
		som_buf_clear(&m->name);
		error = at && !strncasecmp(host, at + 1, strlen(at + 1)) &&
			(host[strlen(at + 1)] == '\0' || host[strlen(at + 1)] == '/' ||
			 host[strlen(at + 1)] == ':') ?
			som_buf_put(&m->name, handle, (size_t)(at - handle)) :
			som_buf_puts(&m->name, handle);
		if (!error)
			error = som_buf_printf(&m->url, "%s/api/v1/accounts/lookup?acct=", f->base.ptr);
		if (!error)
			error = som_fetch__escape(&m->url, m->name.ptr);
	}
	if (error || (error = som_fetch__get(&a, f, m->url.ptr, "account.json", "the account")) != 0)
		return error;
	if (a.status != 200 || !som_json__get_string(a.json, "id"))
		error = a.status == 404 ?
			som__error(SOM_ERROR, "account '%s': the server '%s' has no such account",
				f->account->handle, f->base.ptr) :
			som_fetch__fail(f, &a, "the account");
	else if (f->api_id.size == 0)
		error = som_buf_puts(&f->api_id, som_json__get_string(a.json, "id"));
	som_fetch__answer_dispose(&a);
	return error;
}

/* Is the status public as the store has it (the API's visibility, or the export's addressing)? */
static int stored_public(const som_json *raw)
{
	static const char *const fields[] = { "to", "cc" };
	const char *vis = som_json__get_string(raw, "visibility");
	som_json *object = som_json__get(raw, "object");

	if (vis)
		return !strcmp(vis, "public") || !strcmp(vis, "unlisted");
	for (int o = 0; o < 2; o++) {
		const som_json *v = o ? object : raw;
		for (size_t k = 0; k < SOM_ARRAY_SIZE(fields); k++) {
			som_json *x = som_json__get(v, fields[k]);
			for (size_t i = 0; i < som_json__array_size(x); i++) {
				const char *s = som_json__string(som_json__array_get(x, i));
				if (s && (!strcmp(s, "https://www.w3.org/ns/activitystreams#Public") ||
						!strcmp(s, "as:Public") || !strcmp(s, "Public")))
					return 1;
			}
			if (som_json__string(x) && strstr(som_json__string(x), "#Public"))
				return 1;
		}
	}
	return 0;
}

/*
 * The server's id of a stored status: the API's "id" in its raw source, or
 * for one of the export the last part of ".../users/NAME/statuses/ID[/activity]"
 * on this server. 0 when it cannot be told.
 */
static int local_id(som_buf *out, som_fetch_ctx *f, const som_known *k, const som_json *raw)
{
	const char *id = som_json__get_string(raw, "id"), *p, *end;

	som_buf_clear(out);
	if (id && som_json__get_string(raw, "uri") &&
	    !strcmp(som_json__get_string(raw, "uri"), k->platform_id))
		return som_buf_puts(out, id) == 0;
	if (strncmp(k->platform_id, f->base.ptr, f->base.size) != 0 ||
	    !(p = strstr(k->platform_id + f->base.size, "/statuses/")))
		return 0;
	p += 10;
	end = p + strspn(p, "0123456789");
	if (end == p || (*end && strcmp(end, "/activity") != 0))
		return 0;
	return som_buf_put(out, p, (size_t)(end - p)) == 0;
}

/* Ask for each stored status the listing no longer has: 404 or 410 is gone. */
static int check_gone(mctx *m)
{
	som_fetch_ctx *f = m->f;
	som_buf raw = SOM_BUF_INIT, id = SOM_BUF_INIT;
	int error = 0;

	for (size_t i = 0; i < f->n_known && !error; i++) {
		som_known *k = &f->known[i];
		som_json *v = NULL;
		som_fetch_answer a;
		if (!som_fetch__unseen(f, k))
			continue;
		/* without a token the server shows only public statuses: nothing else can be judged */
		if (!f->cred.token && !strcmp(k->kind, "message"))
			continue;
		if ((error = som_fetch__raw(&raw, f, k)) != 0)
			break;
		if (som_json__parse(&v, raw.ptr, raw.size, k->platform_id, 0) != 0) {
			som_error_clear();
			continue;
		}
		if (!local_id(&id, f, k, v) || (!f->cred.token && !stored_public(v))) {
			som_json__free(v);
			continue;
		}
		som_json__free(v);
		som_buf_clear(&m->url);
		som_buf_clear(&m->what);
		if ((error = som_buf_printf(&m->url, "%s/api/v1/statuses/", f->base.ptr)) != 0 ||
		    (error = som_fetch__escape(&m->url, id.ptr)) != 0 ||
		    (error = som_buf_printf(&m->what, "status %s (is it still there?)", id.ptr)) != 0 ||
		    (error = som_fetch__get(&a, f, m->url.ptr, NULL, m->what.ptr)) != 0)
			break;
		if (a.status == 404 || a.status == 410)
			error = som_fetch__gone(f, k->platform_id);
		som_fetch__answer_dispose(&a);
	}
	som_buf_dispose(&raw);
	som_buf_dispose(&id);
	return error;
}

static int run(som_fetch_ctx *f)
{
	mctx m;
	som_buf first = SOM_BUF_INIT;
	int error;

	memset(&m, 0, sizeof(m));
	m.f = f;
	if ((error = account(&m)) != 0)
		goto done;
	if ((error = som_buf_printf(&first, "%s/api/v1/accounts/", f->base.ptr)) != 0 ||
	    (error = som_fetch__escape(&first, f->api_id.ptr)) != 0 ||
	    (error = som_buf_printf(&first, "/statuses?limit=%d", PAGE)) != 0 ||
	    (error = pages(&m, first.ptr, "statuses", "statuses", 0)) != 0)
		goto done;
	if (f->cred.token) {
		som_buf_clear(&first);
		if ((error = som_buf_printf(&first, "%s/api/v1/conversations?limit=%d", f->base.ptr,
				PAGE)) != 0 ||
		    (error = pages(&m, first.ptr, "conversations", "direct conversations", 1)) != 0)
			goto done;
	}
	error = check_gone(&m);
done:
	som_buf_dispose(&first);
	som_buf_dispose(&m.url);
	som_buf_dispose(&m.name);
	som_buf_dispose(&m.what);
	som_buf_dispose(&m.entry);
	return error;
}

const som_fetcher som_fetcher_mastodon = {
	"mastodon",
	&som_importer_mastodon_api,
	NULL,
	0,
	authorize,
	NULL,
	run
};
