/*
 * Users and sessions of the web interface (somarkiv serve): people with a
 * role (reader, registrar, archivist) and a password kept only as a
 * memory-hard hash (scrypt), and sessions named by random 256-bit tokens
 * of which the store keeps only the SHA-256. Every change is audited;
 * failed logins are audited and slow the next attempts down.
 */
#ifndef SOMARKIV_USER_H
#define SOMARKIV_USER_H

#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Roles, each allowed what the one before it is: a reader (staff who read
 * but change nothing), a registrar (registers, classifies, resolves flags,
 * opens and closes cases), an archivist (also the plan, retention,
 * deliveries and the audit log).
 */
enum {
	SOM_ROLE_NONE = -1,
	SOM_ROLE_READER = 0,
	SOM_ROLE_REGISTRAR = 1,
	SOM_ROLE_ARCHIVIST = 2
};

/* "reader", "registrar", "archivist"; NULL for another value. */
const char *som_role_name(int role);
/* The role named `name`, or SOM_ROLE_NONE. */
int som_role_parse(const char *name);

/* A user. Belongs to the caller: som_user_free(). */
typedef struct som_user {
	int64_t id;
	char *name;            /* as written to the audit log, e.g. "Anna Ek" */
	int role;              /* SOM_ROLE_* */
	int disabled;
	char *created;         /* ISO 8601 UTC */
	char *last_login;      /* NULL when never */
	int64_t failed;        /* failed logins since the last good one */
} som_user;

void som_user_free(som_user *user);

/* Append the user as one JSON object (never the password hash). */
int som_user_to_json(som_buf *out, const som_user *user);

/* The shortest password som_user_add() and som_user_passwd() accept. */
#define SOM_PASSWORD_MIN 10

/*
 * Add a user (SOM_EEXISTS for a name the store has, in any letter case;
 * SOM_EINVALID for an empty name, one with control characters, an unknown
 * role, or a password shorter than SOM_PASSWORD_MIN). Needs a writer;
 * audited ("user.add", without the password).
 */
int som_user_add(som_store *store, const char *name, int role,
	const char *password);

/*
 * Set a new password (SOM_ENOTFOUND, SOM_EINVALID as above); the user's
 * sessions end. Audited ("user.passwd").
 */
int som_user_passwd(som_store *store, const char *name, const char *password);

/*
 * Disable (or enable again) a user: a disabled user cannot log in and
 * their sessions end. Audited ("user.disable", "user.enable").
 */
int som_user_disable(som_store *store, const char *name, int disabled);

/* A user by name, in any letter case (SOM_ENOTFOUND). */
int som_user_get(som_user **out, som_store *store, const char *name);

typedef int (*som_user_cb)(const som_user *user, void *payload);

/* Every user, by name in Swedish order (som_sv_compare). */
int som_user_foreach(som_store *store, som_user_cb cb, void *payload);

/* A session token: 64 lower-case hex digits (256 random bits) and a NUL. */
#define SOM_SESSION_TOKEN_SIZE 65

/* A session as the web sees it. Belongs to the caller: som_session_free(). */
typedef struct som_session {
	int64_t id;
	char *user;            /* the user's name: the actor of what they do */
	int role;
	char *created;
	char *last_seen;       /* the last request, to the minute */
} som_session;

void som_session_free(som_session *session);

/*
 * Log in: check `password` against the user's hash and, when it matches,
 * start a session whose token (to hand to the browser, never stored) is
 * written to `token_out`. `client` (may be NULL) names where the attempt
 * came from, for the audit log. Needs a writer.
 *
 * A wrong password, an unknown or a disabled user all give SOM_EINVALID
 * with the same message, and are audited ("user.login-failed"). After
 * three failed attempts in a row, each further attempt for that user is
 * refused unchecked (SOM_ELOCKED, the wait in `retry_after_out` seconds)
 * until 2^(failures - 3) seconds, at most 15 minutes, have passed since the
 * last one. A good login is audited ("user.login").
 */
int som_session_login(char token_out[SOM_SESSION_TOKEN_SIZE],
	int64_t *retry_after_out, som_store *store, const char *name,
	const char *password, const char *client);

/*
 * The live session of `token` (SOM_ENOTFOUND when there is none, it has
 * been idle longer than `idle_seconds`, or its user is disabled). Works on
 * a reader: the time of the last request is updated in its own short
 * write, skipped when another writer has the database (the session then
 * stays alive on the older time).
 */
int som_session_get(som_session **out, som_store *store, const char *token,
	int64_t idle_seconds);

/* End the session of `token` (log out; audited "user.logout"). Needs a writer. */
int som_session_end(som_store *store, const char *token);

/*
 * The anti-forgery token of the forms of a session: a digest of the
 * session's token under a label of its own, so that it reveals nothing of
 * the token and needs no storage. 65 bytes with the NUL.
 */
int som_session_csrf(char out[SOM_SESSION_TOKEN_SIZE], const char *token);

/* Does `given` equal `expected`? Compared in constant time. */
int som_secret_equal(const char *given, const char *expected);

/* A fresh random token (256 bits, hex) for other uses, e.g. a login form. */
int som_random_token(char out[SOM_SESSION_TOKEN_SIZE]);

#ifdef __cplusplus
}
#endif

#endif
