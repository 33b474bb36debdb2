/*
 * The web application around the HTTP door: finds the page of a request in
 * the table (pages.c), reads the session from its cookie and checks the
 * role, refuses a posted form without its anti-forgery token, lends the
 * page a reader of the store (a pool: readers never wait for the writer),
 * opens a writer as the logged-in user for a change (waiting briefly when
 * another writer has the store), and sets the security headers of every
 * answer (a strict Content-Security-Policy among them).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "web/web.h"

#define SESSION_COOKIE "somarkiv_session"
#define LOGIN_COOKIE "somarkiv_login"
/* How long a change waits for another writer before it says so. */
#define WRITE_WAIT_MS 3000
/* Failed logins from one address before each attempt must wait. */
#define CLIENT_FREE_FAILURES 5
#define CLIENT_SLOTS 256

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
	"img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* Failed logins of one client address, for the slowdown that names no user. */
typedef struct client_slot {
	char client[48];
	int64_t failures;
	int64_t last;
} client_slot;

struct web_app {
	const web_config *cfg;
	pthread_mutex_t mu;
	som_store **readers;       /* free readers */
	size_t n_readers, a_readers;
	client_slot clients[CLIENT_SLOTS];
};

/* ---- the web layer's own last error ---- */

static _Thread_local char error_message[512];

int web_set_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error_message, sizeof(error_message), fmt, ap);
	va_end(ap);
	return code;
}

const char *web_error_message(void)
{
	return error_message[0] ? error_message : som_error_last();
}

/* ---- readers ---- */

static int reader_take(som_store **out, web_app *app)
{
	int error;

	*out = NULL;
	pthread_mutex_lock(&app->mu);
	if (app->n_readers)
		*out = app->readers[--app->n_readers];
	pthread_mutex_unlock(&app->mu);
	if (*out)
		return 0;
	error = som_store_open(out, app->cfg->store_dir, SOM_STORE_OPEN_READ, NULL);
	return error;
}

static void reader_give(web_app *app, som_store *store)
{
	som_store **grown;

	if (!store)
		return;
	som_store_refresh(store);
	pthread_mutex_lock(&app->mu);
	if (app->n_readers == app->a_readers) {
		size_t a = app->a_readers ? 2 * app->a_readers : 8;
		grown = realloc(app->readers, a * sizeof(*grown));
		if (!grown) {
			pthread_mutex_unlock(&app->mu);
			som_store_free(store);
			return;
		}
		app->readers = grown;
		app->a_readers = a;
	}
	app->readers[app->n_readers++] = store;
	pthread_mutex_unlock(&app->mu);
}

/* ---- requests ---- */

static const char *find_kv(const web_kv *kv, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].name, name) == 0)
			return kv[i].value;
	return NULL;
}

const char *web_query(const web_ctx *ctx, const char *name)
{
	return find_kv(ctx->req->query, ctx->req->n_query, name);
}

const char *web_form(const web_ctx *ctx, const char *name)
{
	return find_kv(ctx->form, ctx->n_form, name);
}

const char *web_form_text(const web_ctx *ctx, const char *name, som_buf *buf)
{
	const char *v = web_form(ctx, name);
	size_t len;

	som_buf_clear(buf);
	if (!v)
		return NULL;
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	len = strlen(v);
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r' ||
			v[len - 1] == '\n'))
		len--;
	if (!len || som_buf_put(buf, v, len) != 0)
		return NULL;
	return buf->ptr;
}

void web_form_each(const web_ctx *ctx, const char *name,
	void (*cb)(const char *value, void *payload), void *payload)
{
	for (size_t i = 0; i < ctx->n_form; i++)
		if (strcmp(ctx->form[i].name, name) == 0)
			cb(ctx->form[i].value, payload);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decode one application/x-www-form-urlencoded part. */
static char *form_decode(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 &&
			   hexval(s[i + 2]) >= 0) {
			char c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			/* A NUL would cut the value short where nothing expects it. */
			*o++ = c ? c : ' ';
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static int parse_form(web_ctx *ctx)
{
	const char *p = ctx->req->body, *end = p + ctx->req->body_len, *amp, *eq;
	const char *type = ctx->req->content_type;
	web_kv *grown;
	size_t a = 0;

	if (!type || strncmp(type, "application/x-www-form-urlencoded", 33) != 0)
		return 0;
	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (!amp)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (amp > p) {
			if (ctx->n_form == a) {
				a = a ? 2 * a : 16;
				if (!(grown = realloc(ctx->form, a * sizeof(*grown))))
					return SOM_ENOMEM;
				ctx->form = grown;
			}
			ctx->form[ctx->n_form].name = form_decode(p, (size_t)((eq ? eq : amp) - p));
			ctx->form[ctx->n_form].value = eq ? form_decode(eq + 1, (size_t)(amp - eq - 1)) :
				form_decode("", 0);
			if (!ctx->form[ctx->n_form].name || !ctx->form[ctx->n_form].value) {
				free(ctx->form[ctx->n_form].name);
				free(ctx->form[ctx->n_form].value);
				return SOM_ENOMEM;
			}
			ctx->n_form++;
		}
		p = amp + 1;
	}
	return 0;
}

static const char *cookie(const web_request *req, const char *name)
{
	return find_kv(req->cookies, req->n_cookies, name);
}

/* Set (max_age > 0 or -1 for the browser's session) or clear (0) a cookie. */
static void set_cookie(web_ctx *ctx, const char *name, const char *value, int max_age)
{
	som_buf b = SOM_BUF_INIT;

	if (som_buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", name,
			max_age ? value : "", ctx->req->tls ? "; Secure" : "") == 0 &&
	    (max_age < 0 || som_buf_printf(&b, "; Max-Age=%d", max_age) == 0))
		web_response_header(ctx->res, "Set-Cookie", b.ptr);
	else
		ctx->res->error = SOM_ENOMEM;
	som_buf_dispose(&b);
}

int web_can(const web_ctx *ctx, int role)
{
	if (role == SOM_ROLE_NONE)
		return 1;
	return ctx->session && ctx->session->role >= role;
}

void web_redirect(web_ctx *ctx, const char *location)
{
	ctx->res->status = 303;
	web_response_header(ctx->res, "Location", location);
	som_buf_clear(ctx->out);
}

const char *web_error_words(int error)
{
	switch (error) {
	case SOM_ENOTFOUND: return "det som efterfrågades finns inte";
	case SOM_EEXISTS: return "det finns redan";
	case SOM_EINVALID: return "uppgifterna kunde inte godtas";
	case SOM_ELOCKED: return "arkivet är upptaget av en annan skrivning";
	case SOM_ECORRUPT: return "lagrade uppgifter stämmer inte med sin kontrollsumma";
	case SOM_ESCHEMA: return "arkivet har en annan version än programmet";
	case SOM_EHOLD: return "ett gallringsstopp hindrar åtgärden";
	case SOM_ENOMEM: return "minnet tog slut";
	case SOM_EENV: return "arkivet kunde inte nås (saknas, eller saknar behörighet)";
	default: return "ett oväntat fel inträffade";
	}
}

void web_fail(web_ctx *ctx, int status, const char *title, const char *message,
	int error)
{
	som_buf_clear(ctx->out);
	ctx->res->status = status;
	web_page_begin(ctx, title, NULL);
	web_notice(ctx, "error", message);
	if (error)
		web_html(ctx->out, "<p>Orsak: %s.</p>\n<p class=\"detail\">Teknisk detalj "
			"(engelska): <code>%s</code></p>\n", web_error_words(error),
			web_error_message());
	web_html(ctx->out, "<p><a href=\"/sok\" class=\"back\" hidden>Tillbaka</a> "
		"<a href=\"%R\">%R</a></p>\n", ctx->session ? "/sok" : "/logga-in",
		ctx->session ? "Till sökningen" : "Till inloggningen");
	web_page_end(ctx);
}

int web_open_writer(som_store **out, web_ctx *ctx)
{
	struct timespec nap = { 0, 100 * 1000 * 1000 };
	int error, waited = 0;

	for (;;) {
		error = som_store_open(out, ctx->app->cfg->store_dir, SOM_STORE_OPEN_WRITE,
			ctx->session ? ctx->session->user : NULL);
		if (error != SOM_ELOCKED || waited >= WRITE_WAIT_MS)
			break;
		nanosleep(&nap, NULL);
		waited += 100;
	}
	if (error == SOM_ELOCKED) {
		web_response_header(ctx->res, "Retry-After", "10");
		web_fail(ctx, 503, "Arkivet är upptaget",
			"En annan skrivning pågår just nu (till exempel en insamling eller ett "
			"schemalagt jobb), och ändringen gjordes inte. Försök igen om en stund.", error);
	} else if (error) {
		web_fail(ctx, 500, "Arkivet kunde inte öppnas", "Ändringen gjordes inte.", error);
	}
	return error;
}

/* ---- the login slowdown per client address ---- */

static int64_t now_seconds(void)
{
	return (int64_t)time(NULL);
}

/* Seconds the address must still wait before trying again (0: may try). */
static int64_t client_wait(web_app *app, const char *client)
{
	int64_t wait = 0, now = now_seconds();

	pthread_mutex_lock(&app->mu);
	for (size_t i = 0; i < CLIENT_SLOTS; i++) {
		client_slot *s = &app->clients[i];
		if (strcmp(s->client, client) != 0 || s->failures < CLIENT_FREE_FAILURES)
			continue;
		int64_t n = s->failures - CLIENT_FREE_FAILURES;
		int64_t span = n >= 10 ? 900 : (int64_t)1 << n;
		if (span > 900)
			span = 900;
		if (s->last + span > now)
			wait = s->last + span - now;
	}
	pthread_mutex_unlock(&app->mu);
	return wait;
}

void web_login_result(web_ctx *ctx, int ok)
{
	web_app *app = ctx->app;
	const char *client = ctx->req->client;
	client_slot *slot = NULL, *oldest = &app->clients[0];

	pthread_mutex_lock(&app->mu);
	for (size_t i = 0; i < CLIENT_SLOTS && !slot; i++) {
		if (strcmp(app->clients[i].client, client) == 0)
			slot = &app->clients[i];
		else if (app->clients[i].last < oldest->last)
			oldest = &app->clients[i];
	}
	if (ok) {
		if (slot)
			memset(slot, 0, sizeof(*slot));
	} else {
		if (!slot) {
			slot = oldest;
			memset(slot, 0, sizeof(*slot));
			snprintf(slot->client, sizeof(slot->client), "%s", client);
		}
		slot->failures++;
		slot->last = now_seconds();
	}
	pthread_mutex_unlock(&app->mu);
}

int64_t web_login_wait(web_ctx *ctx)
{
	return client_wait(ctx->app, ctx->req->client);
}

/* ---- dispatch ---- */

static int path_matches(const web_page *p, const char *path, const char **rest)
{
	size_t len = strlen(p->path);

	if (len > 1 && p->path[len - 1] == '/') {
		if (strncmp(path, p->path, len) != 0)
			return 0;
		*rest = path + len;
		return 1;
	}
	*rest = "";
	return strcmp(path, p->path) == 0;
}

static void security_headers(web_response *res, int tls)
{
	web_response_header(res, "Content-Security-Policy", csp);
	web_response_header(res, "X-Content-Type-Options", "nosniff");
	web_response_header(res, "X-Frame-Options", "DENY");
	web_response_header(res, "Referrer-Policy", "same-origin");
	web_response_header(res, "Cross-Origin-Opener-Policy", "same-origin");
	web_response_header(res, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (tls)
		web_response_header(res, "Strict-Transport-Security", "max-age=31536000");
}

/* The expected anti-forgery token of a form posted in this request, or "" when none can be. */
static void expected_csrf(char out[SOM_SESSION_TOKEN_SIZE], const web_ctx *ctx)
{
	const char *pre = cookie(ctx->req, LOGIN_COOKIE);

	out[0] = '\0';
	if (ctx->session) {
		memcpy(out, ctx->csrf, SOM_SESSION_TOKEN_SIZE);
		return;
	}
	if (pre && strlen(pre) == SOM_SESSION_TOKEN_SIZE - 1 && som_session_csrf(out, pre) != 0)
		out[0] = '\0';
}

static void handle(web_response *res, const web_request *req, void *payload)
{
	web_app *app = payload;
	web_ctx ctx;
	const web_page *page = NULL;
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
	const char *token, *rest = "";
	char want[SOM_SESSION_TOKEN_SIZE];
	int path_known = 0, error;

	memset(&ctx, 0, sizeof(ctx));
	ctx.app = app;
	ctx.req = req;
	ctx.res = res;
	ctx.out = &res->body;
	error_message[0] = '\0';
	security_headers(res, req->tls);
	for (const web_page *p = web_pages; p->path && !page; p++) {
		if (!path_matches(p, req->path, &rest))
			continue;
		path_known = 1;
		if (strcmp(p->method, method) == 0)
			page = p;
	}
	ctx.rest = rest;
	if (!page) {
		if (path_known)
			web_response_header(res, "Allow", "GET, HEAD, POST");
		web_fail(&ctx, path_known ? 405 : 404, path_known ? "Fel metod" : "Sidan finns inte",
			path_known ? "Sidan kan inte nås så." :
			"Det finns ingen sida med den adressen.", 0);
		return;
	}
	web_response_header(res, "Cache-Control", page->role == SOM_ROLE_NONE &&
		strncmp(page->path, "/static/", 8) == 0 ? "public, max-age=3600" : "no-store");
	if (strncmp(page->path, "/static/", 8) == 0) {
		page->handle(&ctx);
		return;
	}
	if ((error = reader_take(&ctx.store, app)) != 0) {
		web_fail(&ctx, 500, "Arkivet kunde inte öppnas", "Arkivet kunde inte läsas.", error);
		return;
	}
	token = cookie(req, SESSION_COOKIE);
	if (token && *token) {
		error = som_session_get(&ctx.session, ctx.store, token, app->cfg->idle_seconds);
		if (error == 0) {
			snprintf(ctx.token, sizeof(ctx.token), "%s", token);
			if (som_session_csrf(ctx.csrf, token) != 0) {
				som_session_free(ctx.session);
				ctx.session = NULL;
			}
		} else {
			som_error_clear();
			/* A stale cookie goes, so the login page is not shown forever. */
			set_cookie(&ctx, SESSION_COOKIE, "", 0);
		}
	}
	if (page->role != SOM_ROLE_NONE && !ctx.session) {
		web_redirect(&ctx, "/logga-in");
		goto done;
	}
	if (!web_can(&ctx, page->role)) {
		web_fail(&ctx, 403, "Ingen behörighet", "Din roll får inte göra detta. "
			"Läsare kan söka och läsa men inte ändra något.", 0);
		goto done;
	}
	if (strcmp(method, "POST") == 0) {
		if ((error = parse_form(&ctx)) != 0) {
			web_fail(&ctx, 500, "Formuläret kunde inte läsas", "Försök igen.", error);
			goto done;
		}
		expected_csrf(want, &ctx);
		if (!want[0] || !som_secret_equal(web_form(&ctx, "csrf"), want)) {
			web_fail(&ctx, 403, "Formuläret godtogs inte",
				"Formuläret saknar en giltig kontrollkod (CSRF-skydd) och "
				"ingenting ändrades. Ladda om sidan och försök igen.", 0);
			goto done;
		}
	}
	page->handle(&ctx);
done:
	for (size_t i = 0; i < ctx.n_form; i++) {
		free(ctx.form[i].name);
		free(ctx.form[i].value);
	}
	free(ctx.form);
	som_session_free(ctx.session);
	memset(ctx.token, 0, sizeof(ctx.token));
	reader_give(app, ctx.store);
}

/* ---- login and logout, which set and clear the cookies ---- */

void web_login_token(web_ctx *ctx, char out_token[SOM_SESSION_TOKEN_SIZE])
{
	const char *pre = cookie(ctx->req, LOGIN_COOKIE);

	if (pre && strlen(pre) == SOM_SESSION_TOKEN_SIZE - 1) {
		snprintf(out_token, SOM_SESSION_TOKEN_SIZE, "%s", pre);
		return;
	}
	if (som_random_token(out_token) != 0) {
		out_token[0] = '\0';
		return;
	}
	set_cookie(ctx, LOGIN_COOKIE, out_token, -1);
}

void web_session_cookie(web_ctx *ctx, const char *token)
{
	set_cookie(ctx, SESSION_COOKIE, token ? token : "", token ? -1 : 0);
	if (token)
		set_cookie(ctx, LOGIN_COOKIE, "", 0);
}

static void on_ready(const char *url, void *payload)
{
	web_app *app = payload;

	if (!app->cfg->quiet)
		printf("somarkiv serve: listening on %s (store %s); stop with Ctrl-C\n", url,
			app->cfg->store_dir);
	fflush(stdout);
}

static int count_user(const som_user *user, void *payload)
{
	(void)user;
	(*(int64_t *)payload)++;
	return 0;
}

int web_serve(const web_config *cfg)
{
	web_app app;
	web_http_config http;
	som_store *store = NULL;
	int64_t users = 0;
	int error;

	memset(&app, 0, sizeof(app));
	app.cfg = cfg;
	/* A writer brings an older store up to date before readers come. */
	error = som_store_open(&store, cfg->store_dir, SOM_STORE_OPEN_WRITE, NULL);
	if (error == SOM_ELOCKED)
		error = som_store_open(&store, cfg->store_dir, SOM_STORE_OPEN_READ, NULL);
	if (error)
		return error;
	if ((error = som_user_foreach(store, count_user, &users)) != 0) {
		som_store_free(store);
		return error;
	}
	som_store_free(store);
	/* The library sets up its digests on first use: here, before the threads. */
	{
		char warm[SOM_SESSION_TOKEN_SIZE];
		if ((error = som_session_csrf(warm, "0")) != 0)
			return error;
	}
	if (!users && !cfg->quiet)
		fprintf(stderr, "somarkiv: serve: the store has no users yet: add one with "
			"'somarkiv user add NAME --role registrar'\n");
	pthread_mutex_init(&app.mu, NULL);
	memset(&http, 0, sizeof(http));
	http.listen = cfg->listen;
	http.cert_file = cfg->cert_file;
	http.key_file = cfg->key_file;
	http.threads = cfg->threads;
	http.max_body = 1024 * 1024;
	http.handler = handle;
	http.app = &app;
	http.ready = on_ready;
	error = web_http_serve(&http);
	for (size_t i = 0; i < app.n_readers; i++)
		som_store_free(app.readers[i]);
	free(app.readers);
	pthread_mutex_destroy(&app.mu);
	return error;
}
