/*
 * The SQL of capture through the APIs: the items the store holds of an
 * account (to tell new from known and to find what is gone), a stored
 * medium by its name (not fetched twice), and the account's last capture.
 */
#include <stdio.h>
#include <string.h>
#include "fetch/fetch.h"
#include "store/store.h"

void som_fetch__known_free(som_known *known, size_t n)
{
	for (size_t i = 0; known && i < n; i++) {
		som__free(known[i].platform_id);
		som__free(known[i].kind);
		som__free(known[i].created);
		som__free(known[i].edited);
		som__free(known[i].raw_digest);
	}
	som__free(known);
}

int som_fetch__store_known(som_known **out, size_t *n_out, som_store *store,
	int64_t account_id)
{
	sqlite3_stmt *st = NULL;
	som_known *v = NULL, *grown;
	size_t n = 0, alloc = 0;
	int rc, error = 0;

	*out = NULL;
	*n_out = 0;
	/* BINARY collation orders as strcmp() does: the fetch finds items by bsearch */
	if (sqlite3_prepare_v2(store->db, "SELECT i.platform_id, i.kind, i.created, v.edited, "
			"v.raw_digest, i.current_version, i.removed_capture IS NOT NULL "
			"FROM item i JOIN version v ON v.item_id = i.id AND v.seq = i.current_version "
			"WHERE i.account_id = ?1 ORDER BY i.platform_id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the account's items");
	sqlite3_bind_int64(st, 1, account_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			if (!(grown = som__realloc(v, alloc * sizeof(*v)))) {
				error = SOM_ENOMEM;
				goto done;
			}
			v = grown;
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].platform_id = som_store__col_dup(st, 0, &error);
		v[n].kind = som_store__col_dup(st, 1, &error);
		v[n].created = som_store__col_dup(st, 2, &error);
		v[n].edited = som_store__col_dup(st, 3, &error);
		v[n].raw_digest = som_store__col_dup(st, 4, &error);
		v[n].n_versions = sqlite3_column_int64(st, 5);
		v[n].removed = sqlite3_column_int(st, 6);
		n++;
		if (error)
			goto done;
	}
	if (rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read the account's items");
done:
	sqlite3_finalize(st);
	if (error) {
		som_fetch__known_free(v, n);
		return error;
	}
	*out = v;
	*n_out = n;
	return 0;
}

int som_fetch__store_attachment(char hex[65], int *found, som_store *store,
	int64_t account_id, const char *path)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	*found = 0;
	hex[0] = '\0';
	if (sqlite3_prepare_v2(store->db, "SELECT a.digest FROM attachment a "
			"JOIN item i ON i.id = a.item_id WHERE i.account_id = ?1 AND a.path = ?2 "
			"AND a.digest IS NOT NULL LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot look up an attachment");
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 64) {
		memcpy(hex, sqlite3_column_text(st, 0), 64);
		hex[64] = '\0';
		*found = 1;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot look up an attachment");
	}
	sqlite3_finalize(st);
	return error;
}

int som_fetch__store_last_capture(int64_t *id_out, char finished[32], som_store *store,
	int64_t account_id)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	*id_out = 0;
	finished[0] = '\0';
	if (sqlite3_prepare_v2(store->db, "SELECT id, finished FROM capture WHERE account_id = ?1 "
			"ORDER BY id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the captures");
	sqlite3_bind_int64(st, 1, account_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id_out = sqlite3_column_int64(st, 0);
		snprintf(finished, 32, "%s", (const char *)sqlite3_column_text(st, 1));
	} else if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot read the captures");
	}
	sqlite3_finalize(st);
	return error;
}
