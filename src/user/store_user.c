/*
 * Users and sessions in SQL: adding users, changing their password or
 * disabling them, logging in (with the slowdown after failed attempts),
 * finding the live session of a token, and logging out; every change
 * audited under the store's actor.
 */
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "store/store.h"
#include "user/user.h"
#include "util/crypto.h"
#include "somarkiv/audit.h"
#include "somarkiv/sv.h"

/* Failed logins in a row before each attempt must wait, and the longest wait. */
#define FREE_FAILURES 3
#define MAX_WAIT (15 * 60)
/* Sessions idle longer than this are removed when someone logs in. */
#define SESSION_PURGE (24 * 3600)
/* A session's time of use is written at most this often. */
#define TOUCH_EVERY 60

#define USER_COLUMNS "id, name, role, disabled, created, last_login, failed, failed_at, password"

static int row_to_user(som_user **out, sqlite3_stmt *st)
{
	som_user *u = som__calloc(1, sizeof(*u));
	int error = 0;

	if (!u)
		return SOM_ENOMEM;
	u->id = sqlite3_column_int64(st, 0);
	u->name = som_store__col_dup(st, 1, &error);
	u->role = som_role_parse((const char *)sqlite3_column_text(st, 2));
	u->disabled = sqlite3_column_int(st, 3);
	u->created = som_store__col_dup(st, 4, &error);
	u->last_login = som_store__col_dup(st, 5, &error);
	u->failed = sqlite3_column_int64(st, 6);
	if (error) {
		som_user_free(u);
		return error;
	}
	*out = u;
	return 0;
}

/* The user named `name` with its password hash and last failure (both may be NULL). */
static int find_user(som_user **out, char **password_out, char **failed_at_out,
	som_store *store, const char *name)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	*out = NULL;
	if (sqlite3_prepare_v2(store->db, "SELECT " USER_COLUMNS " FROM user WHERE name = ?1",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read users");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if ((error = row_to_user(out, st)) == 0 && password_out)
			*password_out = som_store__col_dup(st, 8, &error);
		if (!error && failed_at_out)
			*failed_at_out = som_store__col_dup(st, 7, &error);
	} else if (rc == SQLITE_DONE) {
		error = som__error(SOM_ENOTFOUND, "no user '%s'", name);
	} else {
		error = som_store__sqlerr(store, "cannot read users");
	}
	sqlite3_finalize(st);
	if (error) {
		som_user_free(*out);
		*out = NULL;
	}
	return error;
}

int som_user_get(som_user **out, som_store *store, const char *name)
{
	return find_user(out, NULL, NULL, store, name ? name : "");
}

static int cmp_users(const void *a, const void *b)
{
	const som_user *const *x = a, *const *y = b;

	return som_sv_compare((*x)->name, (*y)->name);
}

int som_user_foreach(som_store *store, som_user_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_user **users = NULL, **grown;
	size_t n = 0, a = 0;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT " USER_COLUMNS " FROM user", -1, &st,
			NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read users");
	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == a) {
			a = a ? 2 * a : 16;
			if (!(grown = som__realloc(users, a * sizeof(*users)))) {
				error = SOM_ENOMEM;
				break;
			}
			users = grown;
		}
		if ((error = row_to_user(&users[n], st)) == 0)
			n++;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read users");
	sqlite3_finalize(st);
	if (!error && n)
		qsort(users, n, sizeof(*users), cmp_users);
	for (size_t i = 0; !error && i < n; i++)
		error = cb(users[i], payload);
	for (size_t i = 0; i < n; i++)
		som_user_free(users[i]);
	som__free(users);
	return error;
}

/* Audit one act on a user: target "user:NAME", details built from the pairs given. */
static int audit_user(som_store *store, const char *action, const char *name,
	const char *k1, const char *v1, const char *k2, const char *v2)
{
	som_buf target = SOM_BUF_INIT, details = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	som_json__obj_begin(&w, &details);
	if (k1)
		som_json__kv_str(&w, k1, v1);
	if (k2)
		som_json__kv_str(&w, k2, v2);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = name ? som_buf_printf(&target, "user:%s", name) :
			som_buf_puts(&target, "user")) == 0)
		error = som_audit_append(store, action, target.ptr, details.ptr);
	som_buf_dispose(&target);
	som_buf_dispose(&details);
	return error;
}

static int step_done(som_store *store, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	return rc == SQLITE_DONE ? 0 : som_store__sqlerr(store, what);
}

int som_user_add(som_store *store, const char *name, int role,
	const char *password)
{
	som_buf hash = SOM_BUF_INIT;
	som_user *existing = NULL;
	sqlite3_stmt *st = NULL;
	char now[32];
	int error, in_tx = 0;

	if ((error = som_store__need_writer(store, "add a user")) != 0 ||
	    (error = som_user__check_name(name)) != 0)
		return error;
	if (!som_role_name(role))
		return som__error(SOM_EINVALID, "unknown role for user '%s' "
			"(reader, registrar or archivist)", name);
	if ((error = som_user__check_password(password ? password : "")) != 0 ||
	    (error = som__password_hash(&hash, password)) != 0)
		goto done;
	if ((error = som_store__begin(store)) != 0)
		goto done;
	in_tx = 1;
	error = find_user(&existing, NULL, NULL, store, name);
	if (error == 0) {
		error = som__error(SOM_EEXISTS, "user '%s' exists already (as '%s')", name,
			existing->name);
		goto done;
	}
	if (error != SOM_ENOTFOUND)
		goto done;
	som_error_clear();
	som__now(now);
	if (sqlite3_prepare_v2(store->db, "INSERT INTO user(name, role, password, created) "
			"VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot add a user");
		goto done;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, som_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash.ptr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if ((error = step_done(store, st, "cannot add a user")) != 0 ||
	    (error = audit_user(store, "user.add", name, "role", som_role_name(role),
			NULL, NULL)) != 0)
		goto done;
	error = som_store__commit(store);
	in_tx = 0;
done:
	if (error && in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som_user_free(existing);
	som__wipe(hash.ptr, hash.size);
	som_buf_dispose(&hash);
	return error;
}

static int end_sessions(som_store *store, int64_t user_id)
{
	sqlite3_stmt *st = NULL;
	int error;

	if (sqlite3_prepare_v2(store->db, "DELETE FROM user_session WHERE user_id = ?1", -1,
			&st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot end sessions");
	sqlite3_bind_int64(st, 1, user_id);
	error = step_done(store, st, "cannot end sessions");
	sqlite3_finalize(st);
	return error;
}

/* Change one user in a transaction: `sql` binds ?1 user id and ?2 `value`. */
static int change_user(som_store *store, const char *name, const char *sql,
	const char *value, const char *action)
{
	som_user *u = NULL;
	sqlite3_stmt *st = NULL;
	int error, in_tx = 0;

	if ((error = som_store__need_writer(store, "change a user")) != 0 ||
	    (error = som_store__begin(store)) != 0)
		return error;
	in_tx = 1;
	if ((error = find_user(&u, NULL, NULL, store, name ? name : "")) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot change a user");
		goto done;
	}
	sqlite3_bind_int64(st, 1, u->id);
	som_store__bind_text(st, 2, value);
	if ((error = step_done(store, st, "cannot change a user")) != 0 ||
	    (error = end_sessions(store, u->id)) != 0 ||
	    (error = audit_user(store, action, u->name, NULL, NULL, NULL, NULL)) != 0)
		goto done;
	error = som_store__commit(store);
	in_tx = 0;
done:
	if (error && in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som_user_free(u);
	return error;
}

int som_user_passwd(som_store *store, const char *name, const char *password)
{
	som_buf hash = SOM_BUF_INIT;
	int error;

	if ((error = som_user__check_password(password ? password : "")) == 0 &&
	    (error = som__password_hash(&hash, password)) == 0)
		error = change_user(store, name, "UPDATE user SET password = ?2, failed = 0, "
			"failed_at = NULL WHERE id = ?1", hash.ptr, "user.passwd");
	som__wipe(hash.ptr, hash.size);
	som_buf_dispose(&hash);
	return error;
}

int som_user_disable(som_store *store, const char *name, int disabled)
{
	if (disabled)
		return change_user(store, name, "UPDATE user SET disabled = 1 WHERE id = ?1 "
			"AND ?2 IS NULL", NULL, "user.disable");
	return change_user(store, name, "UPDATE user SET disabled = 0, failed = 0, "
		"failed_at = NULL WHERE id = ?1 AND ?2 IS NULL", NULL, "user.enable");
}

/* Seconds an attempt must still wait after `failed` failures, the last at `failed_at`. */
static int64_t wait_left(int64_t failed, const char *failed_at, int64_t now)
{
	int64_t last, wait;

	if (failed < FREE_FAILURES || !failed_at || som__time_to_unix(&last, failed_at) != 0) {
		som_error_clear();
		return 0;
	}
	wait = failed - FREE_FAILURES >= 10 ? MAX_WAIT :
		(int64_t)1 << (failed - FREE_FAILURES);
	if (wait > MAX_WAIT)
		wait = MAX_WAIT;
	return last + wait > now ? last + wait - now : 0;
}

/* Record a failed attempt (the user may be NULL: unknown) and its audit entry. */
static int record_failure(som_store *store, const som_user *u, const char *now,
	const char *client)
{
	sqlite3_stmt *st = NULL;
	int error;

	if ((error = som_store__begin(store)) != 0)
		return error;
	if (u) {
		if (sqlite3_prepare_v2(store->db, "UPDATE user SET failed = failed + 1, "
				"failed_at = ?2 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
			error = som_store__sqlerr(store, "cannot record a failed login");
			goto done;
		}
		sqlite3_bind_int64(st, 1, u->id);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		if ((error = step_done(store, st, "cannot record a failed login")) != 0)
			goto done;
	}
	/* An unknown name is not written down: it may be a mistyped password. */
	if ((error = audit_user(store, "user.login-failed", u ? u->name : NULL,
			"client", client, u && u->disabled ? "why" : NULL, "disabled")) != 0)
		goto done;
	error = som_store__commit(store);
done:
	if (error)
		som_store__rollback(store);
	sqlite3_finalize(st);
	return error;
}

/* Remove sessions idle for a day: nobody can use them any more. */
static int purge_sessions(som_store *store, int64_t now)
{
	sqlite3_stmt *st = NULL;
	char cutoff[32];
	int error;

	if ((error = som__time_from_unix(cutoff, now - SESSION_PURGE)) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db, "DELETE FROM user_session WHERE last_seen < ?1",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot remove old sessions");
	sqlite3_bind_text(st, 1, cutoff, -1, SQLITE_STATIC);
	error = step_done(store, st, "cannot remove old sessions");
	sqlite3_finalize(st);
	return error;
}

static int start_session(char token_out[SOM_SESSION_TOKEN_SIZE], som_store *store,
	const som_user *u, const char *now, int64_t now_unix, const char *client)
{
	sqlite3_stmt *st = NULL;
	char hash[65];
	int error;

	if ((error = som_random_token(token_out)) != 0 ||
	    (error = som_user__token_hash(hash, token_out)) != 0 ||
	    (error = som_store__begin(store)) != 0)
		return error;
	if ((error = purge_sessions(store, now_unix)) != 0)
		goto done;
	if (sqlite3_prepare_v2(store->db, "INSERT INTO user_session(token_hash, user_id, "
			"created, last_seen, client) VALUES (?1, ?2, ?3, ?3, ?4)", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot start a session");
		goto done;
	}
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, u->id);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	som_store__bind_text(st, 4, client);
	if ((error = step_done(store, st, "cannot start a session")) != 0)
		goto done;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(store->db, "UPDATE user SET last_login = ?2, failed = 0, "
			"failed_at = NULL WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot start a session");
		goto done;
	}
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	if ((error = step_done(store, st, "cannot start a session")) != 0 ||
	    (error = audit_user(store, "user.login", u->name, "client", client,
			NULL, NULL)) != 0)
		goto done;
	error = som_store__commit(store);
done:
	if (error) {
		som_store__rollback(store);
		som__wipe(token_out, SOM_SESSION_TOKEN_SIZE);
		token_out[0] = '\0';
	}
	sqlite3_finalize(st);
	return error;
}

int som_session_login(char token_out[SOM_SESSION_TOKEN_SIZE],
	int64_t *retry_after_out, som_store *store, const char *name,
	const char *password, const char *client)
{
	som_user *u = NULL;
	som_buf dummy = SOM_BUF_INIT;
	char *stored = NULL, *failed_at = NULL, now[32];
	int64_t now_unix = 0, wait;
	int error, ok = 0;

	token_out[0] = '\0';
	if (retry_after_out)
		*retry_after_out = 0;
	if ((error = som_store__need_writer(store, "log in")) != 0)
		return error;
	som__now(now);
	if ((error = som__time_to_unix(&now_unix, now)) != 0)
		return error;
	error = find_user(&u, &stored, &failed_at, store, name ? name : "");
	if (error && error != SOM_ENOTFOUND)
		goto done;
	som_error_clear();
	if (u && (wait = wait_left(u->failed, failed_at, now_unix)) > 0) {
		if (retry_after_out)
			*retry_after_out = wait;
		error = som__error(SOM_ELOCKED, "too many failed logins in a row; "
			"try again in %lld seconds", (long long)wait);
		goto done;
	}
	if (u && stored) {
		if ((error = som__password_verify(&ok, stored, password ? password : "")) != 0)
			goto done;
	} else {
		/* As long as a real check, so that the time tells no names. */
		if ((error = som__password_hash(&dummy, password ? password : "")) != 0)
			goto done;
	}
	if (!u || !ok || u->disabled) {
		if ((error = record_failure(store, u, now, client)) == 0)
			error = som__error(SOM_EINVALID, "wrong user name or password");
		goto done;
	}
	error = start_session(token_out, store, u, now, now_unix, client);
done:
	som_user_free(u);
	if (stored)
		som__wipe(stored, strlen(stored));
	som__free(stored);
	som__free(failed_at);
	som_buf_dispose(&dummy);
	return error;
}

int som_session_get(som_session **out, som_store *store, const char *token,
	int64_t idle_seconds)
{
	sqlite3_stmt *st = NULL;
	som_session *s = NULL;
	char hash[65], now[32];
	int64_t now_unix = 0, seen = 0;
	int rc, error = 0;

	*out = NULL;
	if (!token || strlen(token) != SOM_SESSION_TOKEN_SIZE - 1)
		return som__error(SOM_ENOTFOUND, "no such session");
	som__now(now);
	if ((error = som_user__token_hash(hash, token)) != 0 ||
	    (error = som__time_to_unix(&now_unix, now)) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db, "SELECT s.id, u.name, u.role, s.created, s.last_seen, "
			"u.disabled FROM user_session s JOIN user u ON u.id = s.user_id "
			"WHERE s.token_hash = ?1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read sessions");
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || (rc == SQLITE_ROW && sqlite3_column_int(st, 5))) {
		error = som__error(SOM_ENOTFOUND, "no such session");
		goto done;
	}
	if (rc != SQLITE_ROW) {
		error = som_store__sqlerr(store, "cannot read sessions");
		goto done;
	}
	if (!(s = som__calloc(1, sizeof(*s)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	s->id = sqlite3_column_int64(st, 0);
	s->user = som_store__col_dup(st, 1, &error);
	s->role = som_role_parse((const char *)sqlite3_column_text(st, 2));
	s->created = som_store__col_dup(st, 3, &error);
	s->last_seen = som_store__col_dup(st, 4, &error);
	if (error)
		goto done;
	if (som__time_to_unix(&seen, s->last_seen) != 0 || now_unix - seen > idle_seconds) {
		error = som__error(SOM_ENOTFOUND, "the session has expired");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (now_unix - seen >= TOUCH_EVERY && store->mode != SOM_STORE_OPEN_WRITE) {
		/*
		 * One short write of its own, never waiting: when a writer has the
		 * database the session lives on with the older time.
		 */
		sqlite3_busy_timeout(store->db, 0);
		if (sqlite3_prepare_v2(store->db, "UPDATE user_session SET last_seen = ?2 "
				"WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, s->id);
			sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
			sqlite3_step(st);
		}
		sqlite3_busy_timeout(store->db, 5000);
	}
done:
	sqlite3_finalize(st);
	if (error) {
		som_session_free(s);
		return error;
	}
	*out = s;
	return 0;
}

int som_session_end(som_store *store, const char *token)
{
	sqlite3_stmt *st = NULL;
	char hash[65], *name = NULL;
	int64_t id = 0;
	int rc, error;

	if ((error = som_store__need_writer(store, "log out")) != 0)
		return error;
	if (!token || (error = som_user__token_hash(hash, token)) != 0)
		return error ? error : som__error(SOM_ENOTFOUND, "no such session");
	if ((error = som_store__begin(store)) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db, "SELECT s.id, u.name FROM user_session s "
			"JOIN user u ON u.id = s.user_id WHERE s.token_hash = ?1", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot end a session");
		goto done;
	}
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		name = som_store__col_dup(st, 1, &error);
	} else {
		error = rc == SQLITE_DONE ? som__error(SOM_ENOTFOUND, "no such session") :
			som_store__sqlerr(store, "cannot end a session");
	}
	sqlite3_finalize(st);
	st = NULL;
	if (error)
		goto done;
	if (sqlite3_prepare_v2(store->db, "DELETE FROM user_session WHERE id = ?1", -1, &st,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot end a session");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((error = step_done(store, st, "cannot end a session")) != 0 ||
	    (error = audit_user(store, "user.logout", name, NULL, NULL, NULL, NULL)) != 0)
		goto done;
	error = som_store__commit(store);
done:
	if (error)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som__free(name);
	return error;
}
