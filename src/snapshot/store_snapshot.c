/*
 * The store's side of a snapshot (src/snapshot/snapshot.c): the one transaction
 * the whole snapshot runs in, the clean rollback of a dry run, and the
 * counts and problems of an account about to be closed.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "store/store.h"
#include "snapshot/snapshot.h"

/* Items of the account that still have their content (not disposed of). */
#define LIVE_ITEM "i.account_id = ?1 AND NOT EXISTS " \
	"(SELECT 1 FROM disposal_log d WHERE d.item_id = i.id)"

int som_store__snapshot_begin(som_store *store)
{
	int error;

	if ((error = som_store__need_writer(store, "take a snapshot")) != 0)
		return error;
	if (store->in_tx)
		return som__error(SOM_EINVALID, "cannot take a snapshot inside another transaction");
	return som_store__begin(store);
}

int som_store__snapshot_alive(som_store *store, const char *step)
{
	if (store->in_tx != 1)
		return som__error(SOM_ERROR, "snapshot: the transaction ended during %s", step);
	return 0;
}

int som_store__snapshot_commit(som_store *store)
{
	int error;

	if ((error = som_store__snapshot_alive(store, "the commit")) != 0)
		return error;
	return som_store__commit(store);
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Does a row of the object table hold the digest named by a file's name? */
static int object_known(som_store *store, const char *path)
{
	const char *hex = strrchr(path, '/');
	unsigned char digest[32];
	sqlite3_stmt *st = NULL;
	int known = 1, rc;

	hex = hex ? hex + 1 : path;
	if (strlen(hex) != 64)
		return 1;
	for (size_t i = 0; i < 32; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return 1;
		digest[i] = (unsigned char)(hi << 4 | lo);
	}
	if (sqlite3_prepare_v2(store->db, "SELECT 1 FROM object WHERE digest = ?1",
			-1, &st, NULL) != SQLITE_OK)
		return 1;
	sqlite3_bind_blob(st, 1, digest, 32, SQLITE_STATIC);
	rc = sqlite3_step(st);
	known = rc != SQLITE_DONE;   /* on an error, keep the file */
	sqlite3_finalize(st);
	return known;
}

void som_store__snapshot_rollback(som_store *store)
{
	char **files = NULL;
	size_t n = 0, i;

	if (store->in_tx <= 0)
		return;
	/* The list goes with the rollback: keep the names to look at after it. */
	if (store->n_new_files && (files = som__calloc(store->n_new_files, sizeof(*files)))) {
		for (i = 0; i < store->n_new_files; i++)
			if ((files[n] = som__strdup(store->new_files[i])) != NULL)
				n++;
	}
	som_store__rollback(store);
	for (i = 0; i < n; i++) {
		if (!object_known(store, files[i]))
			unlink(files[i]);
		som__free(files[i]);
	}
	som__free(files);
}

static int count(int64_t *out, som_store *store, int64_t account_id, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot count the account's items");
	sqlite3_bind_int64(st, 1, account_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		error = som_store__sqlerr(store, "cannot count the account's items");
	sqlite3_finalize(st);
	return error;
}

int som_store__snapshot_counts(som_snapshot__counts *out, som_store *store,
	int64_t account_id)
{
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = count(&out->items, store, account_id,
			"SELECT count(*) FROM item i WHERE " LIVE_ITEM)) != 0 ||
	    (error = count(&out->removed, store, account_id,
			"SELECT count(*) FROM item i WHERE " LIVE_ITEM
			" AND i.removed_capture IS NOT NULL")) != 0 ||
	    (error = count(&out->edited, store, account_id,
			"SELECT count(*) FROM item i WHERE " LIVE_ITEM
			" AND i.current_version > 1")) != 0 ||
	    (error = count(&out->disposed, store, account_id,
			"SELECT count(*) FROM item i WHERE i.account_id = ?1 AND EXISTS"
			" (SELECT 1 FROM disposal_log d WHERE d.item_id = i.id)")) != 0 ||
	    (error = count(&out->unclassified, store, account_id,
			"SELECT count(*) FROM item i WHERE " LIVE_ITEM " AND NOT EXISTS"
			" (SELECT 1 FROM classification c WHERE c.item_id = i.id"
			" AND c.superseded = 0)")) != 0 ||
	    (error = count(&out->flagged, store, account_id,
			"SELECT count(*) FROM item i JOIN classification c ON c.item_id = i.id"
			" AND c.superseded = 0 WHERE " LIVE_ITEM
			" AND c.flags <> '' AND c.resolved = 0")) != 0)
		return error;
	return count(&out->missing, store, account_id,
		"SELECT count(*) FROM attachment a JOIN item i ON i.id = a.item_id"
		" WHERE " LIVE_ITEM " AND a.digest IS NULL");
}

int som_store__snapshot_problems(som_store *store, int64_t account_id,
	som_snapshot__problem_cb cb, void *payload)
{
	static const char *const queries[2] = {
		"SELECT i.id, c.flags, i.kind, i.created FROM item i"
		" JOIN classification c ON c.item_id = i.id AND c.superseded = 0"
		" WHERE " LIVE_ITEM " AND c.flags <> '' AND c.resolved = 0"
		" ORDER BY i.created, i.id",
		"SELECT i.id, a.path, i.kind, i.created FROM attachment a"
		" JOIN item i ON i.id = a.item_id"
		" WHERE " LIVE_ITEM " AND a.digest IS NULL ORDER BY i.created, i.id, a.path"
	};
	sqlite3_stmt *st = NULL;
	som_buf detail = SOM_BUF_INIT;
	int error = 0, rc = SQLITE_DONE;

	for (int q = 0; q < 2 && !error; q++) {
		if (sqlite3_prepare_v2(store->db, queries[q], -1, &st, NULL) != SQLITE_OK) {
			error = som_store__sqlerr(store, "cannot list the account's problems");
			break;
		}
		sqlite3_bind_int64(st, 1, account_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *text = (const char *)sqlite3_column_text(st, 1);
			const char *kind = (const char *)sqlite3_column_text(st, 2);
			const char *created = (const char *)sqlite3_column_text(st, 3);
			som_buf_clear(&detail);
			error = q == 0 ?
				som_buf_printf(&detail, "flags no person has resolved: %s (%s of %s)",
					text ? text : "", kind ? kind : "-", created ? created : "-") :
				som_buf_printf(&detail, "attachment '%s' is missing from the exports (%s of %s)",
					text ? text : "", kind ? kind : "-", created ? created : "-");
			if (!error)
				error = cb(q == 0 ? "flagged" : "missing-attachment",
					sqlite3_column_int64(st, 0), detail.ptr, payload);
			if (error)
				break;
		}
		if (!error && rc != SQLITE_DONE)
			error = som_store__sqlerr(store, "cannot list the account's problems");
		sqlite3_finalize(st);
		st = NULL;
	}
	som_buf_dispose(&detail);
	return error;
}
