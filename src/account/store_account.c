/*
 * The register of accounts (Hallsberg riktlinje 4.3): adding, finding,
 * listing, changing, closing and reopening, each change audited.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "store/store.h"
#include "somarkiv/account.h"
#include "somarkiv/audit.h"

static const char *const platforms[] = {
	"mastodon", "facebook", "instagram", "x", "linkedin", "youtube", "other", NULL
};

const char *const *som_account_platforms(void)
{
	return platforms;
}

#define ACCOUNT_COLUMNS "id, platform, handle, display_name, unit, owner, purpose, " \
	"opened, closed, close_reason, created, close_package, api_url, api_id, credentials"

static int valid_date(const char *d)
{
	char norm[32];

	return d && strlen(d) == 10 && som__time_normalize(norm, d) == 0;
}

static int row_to_account(som_account **out, sqlite3_stmt *st)
{
	som_account *a = som__calloc(1, sizeof(*a));
	int error = 0;

	if (!a)
		return SOM_ENOMEM;
	a->id = sqlite3_column_int64(st, 0);
	a->platform = som_store__col_dup(st, 1, &error);
	a->handle = som_store__col_dup(st, 2, &error);
	a->display_name = som_store__col_dup(st, 3, &error);
	a->unit = som_store__col_dup(st, 4, &error);
	a->owner = som_store__col_dup(st, 5, &error);
	a->purpose = som_store__col_dup(st, 6, &error);
	a->opened = som_store__col_dup(st, 7, &error);
	a->closed = som_store__col_dup(st, 8, &error);
	a->close_reason = som_store__col_dup(st, 9, &error);
	a->created = som_store__col_dup(st, 10, &error);
	a->close_package = som_store__col_dup(st, 11, &error);
	a->api_url = som_store__col_dup(st, 12, &error);
	a->api_id = som_store__col_dup(st, 13, &error);
	a->credentials = som_store__col_dup(st, 14, &error);
	if (error) {
		som_account_free(a);
		return error;
	}
	*out = a;
	return 0;
}

void som_account_free(som_account *a)
{
	if (!a)
		return;
	som__free(a->platform);
	som__free(a->handle);
	som__free(a->display_name);
	som__free(a->unit);
	som__free(a->owner);
	som__free(a->purpose);
	som__free(a->opened);
	som__free(a->closed);
	som__free(a->close_reason);
	som__free(a->created);
	som__free(a->close_package);
	som__free(a->api_url);
	som__free(a->api_id);
	som__free(a->credentials);
	som__free(a);
}

int som_account_to_json(som_buf *out, const som_account *a)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "id", a->id);
	som_json__kv_str(&w, "platform", a->platform);
	som_json__kv_str(&w, "handle", a->handle);
	som_json__kv_str(&w, "display_name", a->display_name);
	som_json__kv_str(&w, "unit", a->unit);
	som_json__kv_str(&w, "owner", a->owner);
	som_json__kv_str(&w, "purpose", a->purpose);
	som_json__kv_str(&w, "opened", a->opened);
	som_json__kv_str(&w, "closed", a->closed);
	som_json__kv_str(&w, "close_reason", a->close_reason);
	som_json__kv_str(&w, "created", a->created);
	som_json__kv_str(&w, "close_package", a->close_package);
	som_json__kv_str(&w, "api_url", a->api_url);
	som_json__kv_str(&w, "api_id", a->api_id);
	som_json__kv_str(&w, "credentials", a->credentials);
	return som_json__obj_end(&w);
}

static int is_platform(const char *p)
{
	for (size_t i = 0; platforms[i]; i++)
		if (!strcmp(platforms[i], p))
			return 1;
	return 0;
}

/* Audit details: the account as it is now, and the reason when one is given. */
static int audit_account(som_store *store, const char *action, int64_t id,
	const som_account *a, const char *reason)
{
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT, acc = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	if ((error = som_account_to_json(&acc, a)) != 0)
		goto done;
	som_json__obj_begin(&w, &details);
	som_json__kv_raw(&w, "account", acc.ptr);
	if (reason)
		som_json__kv_str(&w, "reason", reason);
	if ((error = som_json__obj_end(&w)) == 0)
		error = som_buf_printf(&target, "account:%lld", (long long)id);
	if (!error)
		error = som_audit_append(store, action, target.ptr, details.ptr);
done:
	som_buf_dispose(&acc);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}

int som_account_add(int64_t *out_id, som_store *store, const som_account *in)
{
	sqlite3_stmt *st = NULL;
	som_account *stored = NULL;
	char today[11], now[32], idbuf[32];
	const char *opened;
	int64_t id = 0;
	int rc, error;

	if (!in->platform || !*in->platform || !is_platform(in->platform))
		return som__error(SOM_EINVALID,
			"unknown platform '%s' (one of mastodon, facebook, instagram, x, linkedin, youtube, other)",
			in->platform ? in->platform : "");
	if (!in->handle || !*in->handle)
		return som__error(SOM_EINVALID, "an account needs a handle");
	if (in->opened && !valid_date(in->opened))
		return som__error(SOM_EINVALID, "not a date (YYYY-MM-DD): '%s'", in->opened);
	if (in->credentials && *in->credentials && in->credentials[0] != '/')
		return som__error(SOM_EINVALID, "the credentials file '%s' must be named by an "
			"absolute path", in->credentials);
	som__today(today);
	som__now(now);
	opened = in->opened ? in->opened : today;

	if ((error = som_store__begin(store)) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db,
			"INSERT INTO account(platform, handle, display_name, unit, owner, purpose, "
			"opened, created, api_url, api_id, credentials) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot add the account");
		goto done;
	}
	som_store__bind_text(st, 1, in->platform);
	som_store__bind_text(st, 2, in->handle);
	som_store__bind_text(st, 3, in->display_name);
	som_store__bind_text(st, 4, in->unit);
	som_store__bind_text(st, 5, in->owner);
	som_store__bind_text(st, 6, in->purpose);
	som_store__bind_text(st, 7, opened);
	som_store__bind_text(st, 8, now);
	som_store__bind_text(st, 9, in->api_url && *in->api_url ? in->api_url : NULL);
	som_store__bind_text(st, 10, in->api_id && *in->api_id ? in->api_id : NULL);
	som_store__bind_text(st, 11, in->credentials && *in->credentials ? in->credentials : NULL);
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT) {
		error = som__error(SOM_EEXISTS, "account '%s' on %s is registered already",
			in->handle, in->platform);
		goto done;
	}
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot add the account");
		goto done;
	}
	id = sqlite3_last_insert_rowid(store->db);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if ((error = som_account_lookup(&stored, store, idbuf)) != 0 ||
	    (error = audit_account(store, "account.add", id, stored, NULL)) != 0)
		goto done;
done:
	sqlite3_finalize(st);
	som_account_free(stored);
	if (error) {
		som_store__rollback(store);
		return error;
	}
	if ((error = som_store__commit(store)) != 0)
		return error;
	if (out_id)
		*out_id = id;
	return 0;
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int som_account_lookup(som_account **out, som_store *store, const char *ref)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0, n = 0;

	*out = NULL;
	if (!ref || !*ref)
		return som__error(SOM_EINVALID, "no account given");
	if (sqlite3_prepare_v2(store->db, is_number(ref) ?
			"SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = ?1" :
			"SELECT " ACCOUNT_COLUMNS " FROM account WHERE handle = ?1 "
			"OR ltrim(handle, '@') = ltrim(?1, '@') ORDER BY id",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot look up the account");
	if (is_number(ref))
		sqlite3_bind_int64(st, 1, strtoll(ref, NULL, 10));
	else
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++) {
			som_account_free(*out);
			*out = NULL;
			error = som__error(SOM_EINVALID,
				"account '%s' is ambiguous: give its number", ref);
			goto done;
		}
		if ((error = row_to_account(out, st)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot look up the account");
	else if (!n)
		error = som__error(SOM_ENOTFOUND, "no account '%s'", ref);
done:
	sqlite3_finalize(st);
	if (error) {
		som_account_free(*out);
		*out = NULL;
	}
	return error;
}

int som_account_foreach(som_store *store, som_account_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_account *a = NULL;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT " ACCOUNT_COLUMNS " FROM account ORDER BY id",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot list accounts");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((error = row_to_account(&a, st)) != 0)
			break;
		error = cb(a, payload);
		som_account_free(a);
		if (error)
			break;
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot list accounts");
	sqlite3_finalize(st);
	return error;
}

/* Run one UPDATE on an account, then audit it with the account's new state. */
static int change(som_store *store, int64_t id, const char *action, const char *reason,
	const char *sql, const char *a1, const char *a2, const char *a3, const char *a4)
{
	sqlite3_stmt *st = NULL;
	som_account *after = NULL;
	char idbuf[32];
	int error;

	if ((error = som_store__begin(store)) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot change the account");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	som_store__bind_text(st, 2, a1);
	som_store__bind_text(st, 3, a2);
	som_store__bind_text(st, 4, a3);
	som_store__bind_text(st, 5, a4);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot change the account");
		goto done;
	}
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if ((error = som_account_lookup(&after, store, idbuf)) != 0 ||
	    (error = audit_account(store, action, id, after, reason)) != 0)
		goto done;
done:
	sqlite3_finalize(st);
	som_account_free(after);
	if (error) {
		som_store__rollback(store);
		return error;
	}
	return som_store__commit(store);
}

static int get(som_account **out, som_store *store, int64_t id)
{
	char idbuf[32];

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	return som_account_lookup(out, store, idbuf);
}

int som_account_update(som_store *store, int64_t id, const som_account *in)
{
	som_account *a = NULL;
	int error;

	if ((error = get(&a, store, id)) != 0)
		return error;
	som_account_free(a);
	if (in->opened && !valid_date(in->opened))
		return som__error(SOM_EINVALID, "not a date (YYYY-MM-DD): '%s'", in->opened);
	if (in->credentials && *in->credentials && in->credentials[0] != '/')
		return som__error(SOM_EINVALID, "the credentials file '%s' must be named by an "
			"absolute path", in->credentials);
	if (in->display_name || in->unit || in->owner || in->purpose)
		error = change(store, id, "account.update", NULL,
			"UPDATE account SET display_name = coalesce(?2, display_name), "
			"unit = coalesce(?3, unit), owner = coalesce(?4, owner), "
			"purpose = coalesce(?5, purpose) WHERE id = ?1",
			in->display_name, in->unit, in->owner, in->purpose);
	if (!error && in->opened)
		error = change(store, id, "account.update", NULL,
			"UPDATE account SET opened = ?2 WHERE id = ?1", in->opened, NULL, NULL, NULL);
	if (!error && (in->api_url || in->api_id || in->credentials))
		error = change(store, id, "account.update", NULL,
			"UPDATE account SET api_url = CASE WHEN ?2 IS NULL THEN api_url "
			"  ELSE nullif(?2, '') END, "
			"api_id = CASE WHEN ?3 IS NULL THEN api_id ELSE nullif(?3, '') END, "
			"credentials = CASE WHEN ?4 IS NULL THEN credentials ELSE nullif(?4, '') END "
			"WHERE id = ?1", in->api_url, in->api_id, in->credentials, NULL);
	return error;
}

int som_account_close(som_store *store, int64_t id, const char *date, const char *reason,
	const char *package_id)
{
	som_account *a = NULL;
	char today[11];
	int error;

	if ((error = get(&a, store, id)) != 0)
		return error;
	if (a->closed) {
		error = som__error(SOM_EINVALID, "account '%s' was closed on %s already",
			a->handle, a->closed);
		som_account_free(a);
		return error;
	}
	som_account_free(a);
	if (!reason || !*reason)
		return som__error(SOM_EINVALID, "closing an account needs a reason");
	if (date && !valid_date(date))
		return som__error(SOM_EINVALID, "not a date (YYYY-MM-DD): '%s'", date);
	som__today(today);
	return change(store, id, "account.close", reason,
		"UPDATE account SET closed = ?2, close_reason = ?3, close_package = ?4 WHERE id = ?1",
		date ? date : today, reason, package_id, NULL);
}

int som_account_reopen(som_store *store, int64_t id, const char *reason)
{
	som_account *a = NULL;
	int error;

	if ((error = get(&a, store, id)) != 0)
		return error;
	if (!a->closed) {
		error = som__error(SOM_EINVALID, "account '%s' is open", a->handle);
		som_account_free(a);
		return error;
	}
	som_account_free(a);
	return change(store, id, "account.reopen", reason,
		"UPDATE account SET closed = NULL, close_reason = NULL, close_package = NULL WHERE id = ?1",
		NULL, NULL, NULL, NULL);
}
