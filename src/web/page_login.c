/*
 * Logging in and out. The login form carries an anti-forgery token tied
 * to a cookie of its own (there is no session yet); failed logins slow
 * down per user (the library) and per client address (server.c), and are
 * audited; a good one starts a session whose token only the cookie holds.
 */
#include <string.h>
#include "web/web.h"

static void login_form(web_ctx *ctx, const char *name, const char *notice_kind,
	const char *notice)
{
	char token[SOM_SESSION_TOKEN_SIZE], csrf[SOM_SESSION_TOKEN_SIZE] = "";

	web_login_token(ctx, token);
	if (token[0] && som_session_csrf(csrf, token) != 0)
		csrf[0] = '\0';
	memset(token, 0, sizeof(token));
	web_page_begin(ctx, "Logga in", NULL);
	if (notice)
		web_notice(ctx, notice_kind, notice);
	web_html(ctx->out, "<form method=\"post\" action=\"/logga-in\" class=\"login\">\n"
		"<input type=\"hidden\" name=\"csrf\" value=\"%a\">\n"
		"<p><label for=\"namn\">Användarnamn</label>\n"
		"<input id=\"namn\" name=\"namn\" autocomplete=\"username\" required value=\"%a\"></p>\n"
		"<p><label for=\"losenord\">Lösenord</label>\n"
		"<input id=\"losenord\" name=\"losenord\" type=\"password\" "
		"autocomplete=\"current-password\" required></p>\n"
		"<p><button type=\"submit\">Logga in</button></p>\n</form>\n", csrf,
		name ? name : "");
	web_page_end(ctx);
}

void web_page_login(web_ctx *ctx)
{
	const char *out = web_query(ctx, "utloggad");

	if (ctx->session) {
		web_redirect(ctx, "/sok");
		return;
	}
	login_form(ctx, NULL, "ok", out ? "Du är utloggad." : NULL);
}

void web_action_login(web_ctx *ctx)
{
	som_store *store = NULL;
	som_buf name = SOM_BUF_INIT, msg = SOM_BUF_INIT;
	const char *password = web_form(ctx, "losenord");
	char token[SOM_SESSION_TOKEN_SIZE];
	int64_t wait = web_login_wait(ctx), retry = 0;
	int error;

	web_form_text(ctx, "namn", &name);
	if (wait > 0) {
		ctx->res->status = 429;
		som_buf_printf(&msg, "För många misslyckade inloggningar från din adress. "
			"Vänta %lld sekunder och försök igen.", (long long)wait);
		login_form(ctx, name.ptr, "error", msg.ptr);
		goto done;
	}
	if (web_open_writer(&store, ctx) != 0)
		goto done;
	error = som_session_login(token, &retry, store, name.ptr ? name.ptr : "",
		password ? password : "", ctx->req->client);
	if (error == 0) {
		web_login_result(ctx, 1);
		web_session_cookie(ctx, token);
		memset(token, 0, sizeof(token));
		web_redirect(ctx, "/sok");
		goto done;
	}
	if (error == SOM_EINVALID) {
		web_login_result(ctx, 0);
		ctx->res->status = 401;
		login_form(ctx, name.ptr, "error", "Fel användarnamn eller lösenord.");
	} else if (error == SOM_ELOCKED) {
		ctx->res->status = 429;
		som_buf_printf(&msg, "För många misslyckade inloggningar i rad för användaren. "
			"Vänta %lld sekunder och försök igen.", (long long)retry);
		login_form(ctx, name.ptr, "error", msg.ptr);
	} else {
		web_fail(ctx, 500, "Inloggningen misslyckades", "Det gick inte att logga in.", error);
	}
done:
	som_store_free(store);
	som_buf_dispose(&name);
	som_buf_dispose(&msg);
}

void web_action_logout(web_ctx *ctx)
{
	som_store *store = NULL;
	int error;

	if (web_open_writer(&store, ctx) != 0)
		return;
	error = som_session_end(store, ctx->token);
	som_store_free(store);
	if (error && error != SOM_ENOTFOUND) {
		web_fail(ctx, 500, "Utloggningen misslyckades", "Det gick inte att logga ut.", error);
		return;
	}
	web_session_cookie(ctx, NULL);
	web_redirect(ctx, "/logga-in?utloggad=1");
}
