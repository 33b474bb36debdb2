/*
 * What the fetch core (src/fetch/fetch.c) gives the platforms' fetchers,
 * one file each filling a table of functions (src/fetch/<platform>.c):
 * requests that wait out rate limits and retry what failed on the way,
 * answers saved where the platform's importer will read them, media, the
 * items the store holds of the account, and the items found gone.
 */
#ifndef SOM_SRC_FETCH_FETCH_H
#define SOM_SRC_FETCH_FETCH_H

#include <stdint.h>
#include "somarkiv/fetch.h"
#include "util/common.h"
#include "formats/json.h"
#include "ingest/importer.h"

typedef struct som_fetch_ctx som_fetch_ctx;
typedef struct som_fetch_private som_fetch_private;

/* An account's credentials as its file holds them; wiped when freed. NULL: not given. */
typedef struct som_credentials {
	char *path;               /* the file (no secret) */
	char *token;              /* an access or bearer token */
	char *api_key;            /* YouTube: an API key */
	char *client_id;          /* OAuth: a refresh token is traded for an access token */
	char *client_secret;
	char *refresh_token;
	char *token_url;          /* where; default Google's */
} som_credentials;

/* An item the store holds of the account: its current state. */
typedef struct som_known {
	char *platform_id;
	char *kind;
	char *created;            /* ISO 8601 UTC */
	char *edited;             /* NULL: never edited */
	char *raw_digest;         /* the current version's raw source */
	int64_t n_versions;
	int removed;              /* marked removed already */
	int seen;                 /* met in this fetch */
} som_known;

/* One answer of the API. Dispose with som_fetch__answer_dispose(). */
typedef struct som_fetch_answer {
	long status;
	som_buf body;             /* with the credentials blanked out */
	som_json *json;           /* the body parsed, NULL when it is not JSON */
	som_buf next;             /* the Link header's rel="next", "" when none */
} som_fetch_answer;

struct som_fetch_ctx {
	som_store *store;
	som_account *account;
	const som_fetch_options *opts;
	const struct som_fetcher *fetcher;
	som_credentials cred;
	som_buf base;             /* the API's root, no '/' at its end */
	som_buf api_id;           /* the account's id there, "" until known */
	const char *headers[3];   /* what authorizes a request, NULL-terminated */
	som_buf auth;             /* the bytes of headers[0] (a secret) */
	int64_t since;            /* Unix seconds; 0: everything */
	char since_iso[32];       /* the same, ISO 8601, "" when 0 */
	som_known *known;         /* sorted by platform_id */
	size_t n_known;
	som_fetch_private *p;
};

typedef struct som_fetcher {
	const char *platform;
	const som_importer *importer;     /* reads what `run` saved */
	const char *default_url;          /* NULL: the handle says (Mastodon) */
	int needs_credentials;
	/* Fill f->headers from f->cred; an error names what the file lacks. */
	int (*authorize)(som_fetch_ctx *f);
	/* Is this answer (not 2xx) the API refusing the credentials? */
	int (*refused)(const som_fetch_answer *a);
	/* List the account's items, save the answers and media, find what is gone. */
	int (*run)(som_fetch_ctx *f);
} som_fetcher;

extern const som_fetcher som_fetcher_mastodon;
extern const som_fetcher som_fetcher_facebook;
extern const som_fetcher som_fetcher_instagram;
extern const som_fetcher som_fetcher_youtube;
extern const som_fetcher som_fetcher_x;

/*
 * GET `url`: waits when the platform's
 * rate limit says so, tries again after a 429, a 5xx, a timeout or a body
 * cut short (with growing, jittered pauses), and refuses an answer that
 * is not JSON. A 2xx answer is saved as `save_as` in the folder the
 * importer reads (NULL: beside it, not read); a name ending in ".jsonl"
 * is saved on one line (line breaks between tokens made spaces) for
 * importers that read a document a line. 4xx answers other than a
 * refusal of the credentials and 429 come back for the fetcher to judge.
 * `what` names the request in errors and progress ("page 3 of the
 * statuses"). A fetch interrupted earlier is continued: an answer it got
 * comes from the folder, not the network.
 */
int som_fetch__get(som_fetch_answer *out, som_fetch_ctx *f, const char *url,
	const char *save_as, const char *what);
void som_fetch__answer_dispose(som_fetch_answer *a);

/* Give an answer got with no `save_as` to the importer after all, as `save_as`. */
int som_fetch__keep(som_fetch_ctx *f, som_fetch_answer *a, const char *save_as);

/* A line for the capture's report: what the fetch could not do (a medium not to be had). */
int som_fetch__note(som_fetch_ctx *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The error for an answer the fetcher cannot use: "account 'H': WHAT: HTTP N: message". */
int som_fetch__fail(som_fetch_ctx *f, const som_fetch_answer *a, const char *what);

/*
 * Download a medium to `entry` (a path under the folder the importer
 * reads), unless the store has it already under that name, then it is
 * put there from the store. A medium that cannot be had is left out (the
 * importer reports it missing); only errors of the machine are returned.
 */
int som_fetch__media(som_fetch_ctx *f, const char *url, const char *entry);

/* `name` made a safe file name (letters, digits, '.', '-', '_'), appended to `out`. */
int som_fetch__safe_name(som_buf *out, const char *name, size_t len);

/* The item the store holds under `platform_id`, or NULL. */
som_known *som_fetch__known(som_fetch_ctx *f, const char *platform_id);

/* The item was met in this fetch (no-op when the store does not hold it). */
void som_fetch__seen(som_fetch_ctx *f, const char *platform_id);

/* Should the fetcher ask whether `k` is still there: not met, not removed, not before --since. */
int som_fetch__unseen(const som_fetch_ctx *f, const som_known *k);

/* The raw source of the item's current version, into `out`. */
int som_fetch__raw(som_buf *out, som_fetch_ctx *f, const som_known *k);

/* Append a copy of `s` to the growing list `*v` of `*n` strings (`*a` allocated). */
int som_fetch__push(char ***v, size_t *n, size_t *a, const char *s);

/* Free a list of `n` strings made by som_fetch__push(). */
void som_fetch__list_free(char **v, size_t n);

/* The platform no longer has the item: the capture marks it removed. */
int som_fetch__gone(som_fetch_ctx *f, const char *platform_id);

/* Progress and the count of requests. */
void som_fetch__progress(som_fetch_ctx *f, const char *what);

/* `t` (ISO 8601, any offset) as Unix seconds; -1 when it is no time. */
int64_t som_fetch__time(const char *t);

/* Append `s` percent-encoded to `out`. */
int som_fetch__escape(som_buf *out, const char *s);

/* `url` without its access_token parameter (the Graph API puts the token in its paging links). */
int som_fetch__strip_token(som_buf *out, const char *url);

/* The target of a Link header's rel="next" (RFC 8288) into `out`; "" when there is none. */
int som_fetch__link_next(som_buf *out, const char *link);

/* ---- credentials (src/fetch/credentials.c) ---- */

/*
 * Read the account's credentials file into `c` (all NULL when the account
 * names none and $SOMARKIV_CREDENTIALS/<number> does not exist). SOM_EENV
 * when it cannot be read, is not a regular file, may be read by anyone
 * but its owner, or belongs to another user; SOM_EINVALID naming the line
 * for what is not "key = value" of a known key. Wipe with
 * som_fetch__credentials_wipe() whatever the outcome.
 */
int som_fetch__credentials_load(som_credentials *c, const som_account *a);
void som_fetch__credentials_wipe(som_credentials *c);

/* ---- the store's side (src/fetch/store_fetch.c) ---- */

/* The account's items, sorted by platform_id; free with som_fetch__known_free(). */
int som_fetch__store_known(som_known **out, size_t *n_out, som_store *store,
	int64_t account_id);
void som_fetch__known_free(som_known *known, size_t n);

/* The digest of a stored attachment of the account named `path`; *found 0 when none. */
int som_fetch__store_attachment(char hex[65], int *found, som_store *store,
	int64_t account_id, const char *path);

/* The account's last capture: its id (0: none) and when it finished. */
int som_fetch__store_last_capture(int64_t *id_out, char finished[32], som_store *store,
	int64_t account_id);

#endif
