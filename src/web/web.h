/*
 * The web interface of somarkiv (somarkiv serve): the requests and
 * responses the HTTP door (http.c, the only file that speaks to
 * libmicrohttpd) hands over, the application around them (server.c: the
 * table of pages, sessions, forms and their anti-forgery tokens, the store
 * handles), the one HTML writer every value goes through (html.c), and the
 * pages, one file per part (page_*.c). Like the command-line tool it uses
 * only the public API in include/.
 */
#ifndef SOM_WEB_H
#define SOM_WEB_H

#include <stddef.h>
#include <stdint.h>
#include "somarkiv.h"

/* ---- the HTTP door (http.c) ---- */

/* A name and a value, both decoded, NUL-terminated. */
typedef struct web_kv {
	char *name;
	char *value;
} web_kv;

/* A request as the application sees it; everything borrowed for the call. */
typedef struct web_request {
	const char *method;        /* "GET", "POST", "HEAD", ... */
	const char *path;          /* decoded, without the query */
	const web_kv *query;       /* the query's arguments, in order */
	size_t n_query;
	const web_kv *cookies;
	size_t n_cookies;
	const char *content_type;  /* NULL when none */
	const char *body;          /* the request body (NUL-terminated), "" when none */
	size_t body_len;
	const char *client;        /* the peer's address, e.g. "127.0.0.1" */
	int tls;                   /* came over HTTPS */
} web_request;

/* A response header. */
typedef struct web_header {
	char *name;
	char *value;
} web_header;

/* A response being built by the application. */
typedef struct web_response {
	int status;
	const char *content_type;  /* static string */
	som_buf body;
	const unsigned char *static_body;  /* instead of body: bytes that outlive the response */
	size_t static_len;
	web_header *headers;
	size_t n_headers;
	int error;                 /* an allocation failed while building it */
} web_response;

/* Add a header (copied); errors are kept in res->error. */
void web_response_header(web_response *res, const char *name, const char *value);

typedef void (*web_handler)(web_response *res, const web_request *req, void *app);

typedef struct web_http_config {
	const char *listen;        /* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8443" */
	const char *cert_file;     /* PEM certificate (chain) for HTTPS; NULL: plain HTTP */
	const char *key_file;      /* its PEM private key */
	unsigned int threads;      /* the pool that runs the handler */
	size_t max_body;           /* larger request bodies are refused (413) */
	web_handler handler;
	void *app;
	/* Called once listening, with the URL to print; may be NULL. */
	void (*ready)(const char *url, void *app);
} web_http_config;

/*
 * Serve until SIGINT or SIGTERM. Returns 0 after a clean stop, or a
 * negative SOM_E* with the message set (cannot listen, bad certificate).
 */
int web_http_serve(const web_http_config *cfg);

/*
 * The web layer's own errors (it cannot set the library's): set the
 * message of this thread and return `code`; web_error_message() reads it.
 */
int web_set_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *web_error_message(void);

/* Is HTTPS available in this build of libmicrohttpd? */
int web_http_has_tls(void);

/* ---- the application (server.c) ---- */

typedef struct web_app web_app;

typedef struct web_config {
	const char *store_dir;
	const char *listen;
	const char *cert_file;
	const char *key_file;
	int64_t idle_seconds;      /* a session ends after this long unused */
	unsigned int threads;
	int quiet;
} web_config;

/* Run the server (cmd_serve.c). Returns 0 or a negative SOM_E*. */
int web_serve(const web_config *cfg);

/* What a page handler has at hand. */
typedef struct web_ctx {
	web_app *app;
	const web_request *req;
	web_response *res;
	som_store *store;          /* a reader, borrowed for the request */
	som_session *session;      /* NULL on a public page without a login */
	char csrf[SOM_SESSION_TOKEN_SIZE];  /* the forms' token of this session */
	const char *rest;          /* the path after a page's prefix ("/inlagg/" -> "12") */
	som_buf *out;              /* the HTML body (== &res->body) */
	web_kv *form;              /* the fields of a posted form, decoded */
	size_t n_form;
	char token[SOM_SESSION_TOKEN_SIZE];  /* the session's own token (from its cookie) */
} web_ctx;

/* One page or action of the table of pages (server.c). */
typedef struct web_page {
	const char *method;        /* "GET" (also serves HEAD) or "POST" */
	const char *path;          /* exact, or a prefix when it ends with '/' */
	int role;                  /* the least role; SOM_ROLE_NONE: public, no login */
	void (*handle)(web_ctx *ctx);
} web_page;

/* One entry of the main menu, shown to roles from `role` up. */
typedef struct web_nav {
	const char *path;
	const char *label;
	int role;
} web_nav;

/* The value of a query argument or a form field (NULL when absent). */
const char *web_query(const web_ctx *ctx, const char *name);
const char *web_form(const web_ctx *ctx, const char *name);
/* The same, with surrounding white space trimmed and "" as NULL (copied into `buf`). */
const char *web_form_text(const web_ctx *ctx, const char *name, som_buf *buf);
/* Every value of a repeated field, calling `cb` for each. */
void web_form_each(const web_ctx *ctx, const char *name,
	void (*cb)(const char *value, void *payload), void *payload);

/* Does the logged-in user have at least `role`? */
int web_can(const web_ctx *ctx, int role);

/*
 * Open the store for writing as the logged-in user (the audit log's
 * actor). When another writer has it, waits briefly, then answers the
 * request with a page that says so (503) and returns non-zero; on any
 * other failure answers with an error page too. Free with som_store_free().
 */
int web_open_writer(som_store **out, web_ctx *ctx);

/*
 * Logging in (server.c, for page_login.c): the seconds the client's
 * address must still wait after failed logins (0: may try); record how an
 * attempt went; the token of the login form's cookie (set when absent),
 * whose digest is the form's anti-forgery token; set the session's cookie
 * (NULL: clear it).
 */
int64_t web_login_wait(web_ctx *ctx);
void web_login_result(web_ctx *ctx, int ok);
void web_login_token(web_ctx *ctx, char out[SOM_SESSION_TOKEN_SIZE]);
void web_session_cookie(web_ctx *ctx, const char *token);

/* Answer with a redirect (303) to `location` (a local path). */
void web_redirect(web_ctx *ctx, const char *location);

/*
 * Answer with an error page: `status`, a Swedish `title` and `message`,
 * and the library's message (English) as the technical detail when
 * `error` is a SOM_E* code (0: none).
 */
void web_fail(web_ctx *ctx, int status, const char *title, const char *message,
	int error);

/* The Swedish words for what a library error code means. */
const char *web_error_words(int error);

/* ---- HTML (html.c): the one writer of every value ---- */

/*
 * Append HTML to `out` from `fmt`, whose text is trusted markup and whose
 * conversions are values: %s text (escaped), %a an attribute value
 * (escaped), %u a URL query component (percent-encoded, then escaped),
 * %d an int, %I an int64_t, %T a UTC time shown in Swedish local time,
 * %D a UTC time as a Swedish local date, %M text with the search marks
 * (web_mark_open/close) as <mark>, %R markup from this writer (raw), %%.
 * A NULL %s, %a, %T or %D prints "–". Returns 0 or SOM_ENOMEM.
 */
int web_html(som_buf *out, const char *fmt, ...);

/* The first `max` characters of `text` into `out` (emptied first), "…" when cut. */
int web_excerpt(som_buf *out, const char *text, size_t max);

/* The marks the search puts around matched words (control characters no text has). */
#define WEB_MARK_OPEN "\x01"
#define WEB_MARK_CLOSE "\x02"

/* Start a page: the document head, the menu for the user's role, <main>. */
void web_page_begin(web_ctx *ctx, const char *title, const char *nav_path);
/* End it: </main>, the footer. */
void web_page_end(web_ctx *ctx);
/* A hidden field with the form's anti-forgery token. */
void web_csrf_field(web_ctx *ctx);
/* A notice at the top of the page: kind "ok" or "error". */
void web_notice(web_ctx *ctx, const char *kind, const char *text);

/* Swedish words for the library's codes. */
const char *web_sv_class(int cls);              /* "Gallras", ... ; "Oklassad" */
const char *web_sv_flag(unsigned int flag);     /* "Brott", ... */
const char *web_sv_role(int role);              /* "läsare", ... */
const char *web_sv_direction(const char *direction);
const char *web_sv_case_status(const char *status);
const char *web_sv_kind(const char *kind);
const char *web_sv_review(const char *why);
/* The flags as Swedish words, comma separated, into `out`. */
int web_sv_flags(som_buf *out, unsigned int flags);

/*
 * A <select name="serie"> of the store's series (id `id`), `selected`
 * chosen; with `all_label`, a first choice "" for all (page_search.c).
 */
void web_select_series(web_ctx *ctx, const char *id, const char *selected,
	const char *all_label);

/* ---- the pages ---- */
extern const web_page web_pages[];
extern const web_nav web_menu[];

void web_page_login(web_ctx *ctx);
void web_action_login(web_ctx *ctx);
void web_action_logout(web_ctx *ctx);
void web_page_start(web_ctx *ctx);
void web_page_search(web_ctx *ctx);
void web_page_search_csv(web_ctx *ctx);
void web_page_item(web_ctx *ctx);
void web_page_attachment(web_ctx *ctx);
void web_action_register(web_ctx *ctx);
void web_action_set_class(web_ctx *ctx);
void web_action_resolve(web_ctx *ctx);
void web_action_correct(web_ctx *ctx);
void web_page_review(web_ctx *ctx);
void web_action_decide(web_ctx *ctx);
void web_page_cases(web_ctx *ctx);
void web_page_case(web_ctx *ctx);
void web_action_case_open(web_ctx *ctx);
void web_action_case_close(web_ctx *ctx);
void web_page_registry(web_ctx *ctx);
void web_page_registry_csv(web_ctx *ctx);
void web_page_static(web_ctx *ctx);

#endif
