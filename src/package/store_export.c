/*
 * The store's side of an export (the SQL of src/package/): choosing the
 * items of a selection, streaming objects into a package, and recording an
 * export with the item versions it delivered.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/crypto.h"
#include "store/store.h"
#include "package/package.h"
#include "somarkiv/audit.h"
#include "formats/json.h"

static int hex_to_bytes(unsigned char out[32], const char *hex)
{
	size_t i;

	if (!hex || strlen(hex) != 64)
		return som__error(SOM_EINVALID, "not a SHA-256 digest: '%s'", hex ? hex : "");
	for (i = 0; i < 32; i++) {
		int hi, lo;
		char a = hex[2 * i], b = hex[2 * i + 1];
		hi = a >= '0' && a <= '9' ? a - '0' : a >= 'a' && a <= 'f' ? a - 'a' + 10 : -1;
		lo = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
		if (hi < 0 || lo < 0)
			return som__error(SOM_EINVALID, "not a SHA-256 digest: '%s'", hex);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static int table_exists(som_store *store, const char *name, int *exists)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db,
			"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the schema");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return 0;
}

int som_store__export_can_write(som_store *store)
{
	return som_store__need_writer(store, "export");
}

int som_store__export_select(int64_t **ids, size_t *n, som_store *store,
	const som_export_options *o)
{
	som_buf sql = SOM_BUF_INIT;
	sqlite3_stmt *st = NULL;
	const char *binds[8];
	int nb = 0, rc, error = 0, has_registry = 0;
	int64_t *v = NULL;
	size_t count = 0, alloc = 0;

	*ids = NULL;
	*n = 0;
	if ((o->case_number || o->series) &&
	    (error = table_exists(store, "registration", &has_registry)) == 0 && !has_registry) {
		error = som__error(SOM_ENOTFOUND,
			"no registry in store '%s': --case and --series need registrations",
			store->path);
		goto done;
	}
	if (error)
		goto done;
	/* Disposed items have no content left to deliver: their log row says what they were. */
	error = som_buf_puts(&sql, "SELECT i.id, i.current_version FROM item i WHERE NOT EXISTS "
		"(SELECT 1 FROM disposal_log d WHERE d.item_id = i.id)");
	if (!error && o->account_id > 0)
		error = som_buf_printf(&sql, " AND i.account_id = %" PRId64, o->account_id);
	if (!error && o->from) {
		binds[nb++] = o->from;
		error = som_buf_printf(&sql, " AND i.created >= ?%d", nb);
	}
	if (!error && o->to) {
		binds[nb++] = o->to;
		error = som_buf_printf(&sql, " AND substr(i.created, 1, 10) <= substr(?%d, 1, 10)", nb);
	}
	if (!error && o->class_name) {
		binds[nb++] = o->class_name;
		error = som_buf_printf(&sql, " AND EXISTS (SELECT 1 FROM classification c"
			" WHERE c.item_id = i.id AND c.superseded = 0 AND c.class = ?%d)", nb);
	}
	if (!error && o->case_number) {
		binds[nb++] = o->case_number;
		error = som_buf_printf(&sql, " AND i.id IN (SELECT r.item_id FROM registration r"
			" JOIN registry_case k ON k.id = r.case_id WHERE k.number = ?%d)", nb);
	}
	if (!error && o->series) {
		binds[nb++] = o->series;
		error = som_buf_printf(&sql, " AND i.id IN (SELECT r.item_id FROM registration r"
			" JOIN series s ON s.id = r.series_id WHERE s.prefix = ?%d)", nb);
	}
	if (!error && o->since_last_export)
		error = som_buf_puts(&sql, " AND NOT EXISTS (SELECT 1 FROM export_item e"
			" WHERE e.item_id = i.id AND e.version >= i.current_version)");
	if (!error)
		error = som_buf_puts(&sql, " ORDER BY i.id");
	if (error)
		goto done;
	if (sqlite3_prepare_v2(store->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot select items to export");
		goto done;
	}
	for (rc = 0; rc < nb; rc++)
		sqlite3_bind_text(st, rc + 1, binds[rc], -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == alloc) {
			int64_t *nv;
			alloc = alloc ? alloc * 2 : 64;
			if (!(nv = som__realloc(v, alloc * sizeof(*v)))) {
				error = SOM_ENOMEM;
				goto done;
			}
			v = nv;
		}
		v[count++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot select items to export");
		goto done;
	}
	*ids = v;
	*n = count;
	v = NULL;
done:
	sqlite3_finalize(st);
	som_buf_dispose(&sql);
	som__free(v);
	return error;
}

static int object_row(som_store *store, const char *hex, sqlite3_stmt **out)
{
	unsigned char digest[32];
	int error, rc;

	if ((error = hex_to_bytes(digest, hex)) != 0)
		return error;
	if (sqlite3_prepare_v2(store->db, "SELECT size, data FROM object WHERE digest = ?1",
			-1, out, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read an object");
	sqlite3_bind_blob(*out, 1, digest, 32, SQLITE_TRANSIENT);
	rc = sqlite3_step(*out);
	if (rc == SQLITE_DONE)
		return som__error(SOM_ENOTFOUND, "object %s not found", hex);
	if (rc != SQLITE_ROW)
		return som_store__sqlerr(store, "cannot read an object");
	return 0;
}

int som_store__object_size(int64_t *size_out, som_store *store, const char *hex)
{
	sqlite3_stmt *st = NULL;
	int error = object_row(store, hex, &st);

	if (!error)
		*size_out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return error;
}

int som_store__object_stream(som_store *store, const char *hex,
	int64_t *size_out, som_store__bytes_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	char *path = NULL;
	unsigned char *chunk = NULL;
	int fd = -1, error;
	ssize_t got;

	if ((error = object_row(store, hex, &st)) != 0)
		goto done;
	*size_out = sqlite3_column_int64(st, 0);
	if (sqlite3_column_type(st, 1) == SQLITE_BLOB) {
		error = cb(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1), payload);
		goto done;
	}
	if (!(path = som_object__file_path(store, hex)) ||
	    !(chunk = som__malloc(256 * 1024))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		error = som__error_os(SOM_ECORRUPT, "cannot open object '%s'", path);
		goto done;
	}
	while ((got = read(fd, chunk, 256 * 1024)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			error = som__error_os(SOM_ERROR, "cannot read object '%s'", path);
			goto done;
		}
		if ((error = cb(chunk, (size_t)got, payload)) != 0)
			goto done;
	}
done:
	if (fd >= 0)
		close(fd);
	sqlite3_finalize(st);
	som__free(chunk);
	som__free(path);
	return error;
}

int som_store__export_disposals(som_store *store, const char *account,
	som_store__disposal_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	som_pkg_disposal d;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT id, item_id, batch_id, identifier, account,"
			" kind, created, due, rule, plan_version, decision, approvers, time, sha256"
			" FROM disposal_log WHERE export_id IS NULL AND (?1 IS NULL OR account = ?1)"
			" ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the disposal log");
	som_store__bind_text(st, 1, account);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d.id = sqlite3_column_int64(st, 0);
		d.item_id = sqlite3_column_int64(st, 1);
		d.batch_id = sqlite3_column_int64(st, 2);
		d.identifier = (const char *)sqlite3_column_text(st, 3);
		d.account = (const char *)sqlite3_column_text(st, 4);
		d.kind = (const char *)sqlite3_column_text(st, 5);
		d.created = (const char *)sqlite3_column_text(st, 6);
		d.due = (const char *)sqlite3_column_text(st, 7);
		d.rule = (const char *)sqlite3_column_text(st, 8);
		d.plan_version = (const char *)sqlite3_column_text(st, 9);
		d.decision = (const char *)sqlite3_column_text(st, 10);
		d.approvers = (const char *)sqlite3_column_text(st, 11);
		d.time = (const char *)sqlite3_column_text(st, 12);
		d.sha256 = (const char *)sqlite3_column_text(st, 13);
		if ((error = cb(&d, payload)) != 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot read the disposal log");
done:
	sqlite3_finalize(st);
	return error;
}

int som_store__export_record(int64_t *id_out, som_store *store,
	const som_export_result *r, const char *created, const char *selection_json,
	int is_signed, const int64_t *item_ids, const int64_t *versions, size_t n,
	const int64_t *disposals, size_t n_disposals)
{
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT;
	int error, began = 0;
	size_t i;

	if ((error = som_store__need_writer(store, "export")) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	began = 1;
	if (sqlite3_prepare_v2(store->db,
			"INSERT INTO export(package_id, path, sha256, size, created, actor,"
			" selection, signed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot record the export");
		goto done;
	}
	sqlite3_bind_text(st, 1, r->package_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->size);
	sqlite3_bind_text(st, 5, created, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, som_store_actor(store), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, selection_json, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, is_signed);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot record the export");
		goto done;
	}
	*id_out = sqlite3_last_insert_rowid(store->db);
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(store->db,
			"INSERT INTO export_item(export_id, item_id, version) VALUES (?1, ?2, ?3)",
			-1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot record the export");
		goto done;
	}
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, *id_out);
		sqlite3_bind_int64(st, 2, item_ids[i]);
		sqlite3_bind_int64(st, 3, versions[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			error = som_store__sqlerr(store, "cannot record the export");
			goto done;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	/* The disposal log rows the package carried are delivered now. */
	if (sqlite3_prepare_v2(store->db, "UPDATE disposal_log SET export_id = ?1"
			" WHERE id = ?2 AND export_id IS NULL", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot record the export");
		goto done;
	}
	for (i = 0; i < n_disposals; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, *id_out);
		sqlite3_bind_int64(st, 2, disposals[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			error = som_store__sqlerr(store, "cannot record the export");
			goto done;
		}
	}
	error = som_buf_puts(&details, "{\"package_id\":");
	if (!error)
		error = som_json__put_string(&details, r->package_id);
	if (!error)
		error = som_buf_printf(&details, ",\"sha256\":\"%s\",\"size\":%" PRId64
			",\"items\":%zu,\"disposals\":%zu,\"signed\":%s,\"selection\":%s}",
			r->sha256, r->size, n, n_disposals, is_signed ? "true" : "false", selection_json);
	if (!error) {
		char target[64];
		snprintf(target, sizeof(target), "export:%" PRId64, *id_out);
		error = som_audit_append(store, "export", target, details.ptr);
	}
	if (!error)
		error = som_store__commit(store);
	if (!error)
		began = 0;
done:
	sqlite3_finalize(st);
	if (began)
		som_store__rollback(store);
	som_buf_dispose(&details);
	return error;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int som_store__export_registrations(som_store *store, const int64_t *ids, size_t n,
	som_store__registration_cb cb, void *payload)
{
	sqlite3_stmt *st = NULL;
	int error, has = 0, rc;

	if ((error = table_exists(store, "registration", &has)) != 0 || !has)
		return error;
	if (sqlite3_prepare_v2(store->db,
			"SELECT r.item_id, r.item_version, r.number, s.prefix, r.direction, r.date,"
			" r.counterparty, r.subject, r.secrecy, r.secrecy_date, r.secrecy_by,"
			" r.registrar, r.officer, r.classification_code, r.registered_at,"
			" coalesce(r.doc_seq, 0), coalesce(r.case_id, 0), k.number, k.title, k.officer,"
			" k.status, k.opened, k.closed, k.secrecy, k.secrecy_date,"
			" k.classification_code, k.close_how, k.close_reason, k.closed_date"
			" FROM registration r JOIN series s ON s.id = r.series_id"
			" LEFT JOIN registry_case k ON k.id = r.case_id"
			" WHERE r.status = 'valid'"
			" ORDER BY r.case_id IS NULL, r.case_id, s.prefix, r.doc_seq, r.id",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the registry");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		som_pkg_registration r;
		int64_t item = sqlite3_column_int64(st, 0);
		if (!bsearch(&item, ids, n, sizeof(*ids), cmp_id))
			continue;
		memset(&r, 0, sizeof(r));
#define T(i) ((const char *)sqlite3_column_text(st, (i)))
		r.item_id = item;
		r.item_version = sqlite3_column_int64(st, 1);
		r.number = T(2); r.series = T(3); r.direction = T(4); r.date = T(5);
		r.counterparty = T(6); r.subject = T(7); r.secrecy = T(8); r.secrecy_date = T(9);
		r.secrecy_by = T(10); r.registrar = T(11); r.officer = T(12);
		r.classification_code = T(13); r.registered_at = T(14);
		r.doc_seq = sqlite3_column_int64(st, 15);
		r.case_id = sqlite3_column_int64(st, 16);
		r.case_number = T(17); r.case_title = T(18); r.case_officer = T(19);
		r.case_status = T(20); r.case_opened = T(21); r.case_closed = T(22);
		r.case_secrecy = T(23); r.case_secrecy_date = T(24);
		r.case_classification_code = T(25); r.case_close_how = T(26);
		r.case_close_reason = T(27); r.case_closed_date = T(28);
#undef T
		if ((error = cb(&r, payload)) != 0)
			break;
	}
	if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = som_store__sqlerr(store, "cannot read the registry");
	sqlite3_finalize(st);
	return error;
}

/* The SHA-256 of a whole file, read in pieces. */
static int file_sha256(char hex[65], const char *path)
{
	som_sha256 *sha = NULL;
	unsigned char *chunk = NULL;
	FILE *f = NULL;
	size_t got;
	int error = 0;

	if (!(f = fopen(path, "rb")))
		return som__error_os(SOM_EENV, "cannot read package '%s'", path);
	if (!(sha = som_sha256__new()) || !(chunk = som__malloc(1 << 20))) {
		error = SOM_ENOMEM;
		goto done;
	}
	while (!error && (got = fread(chunk, 1, 1 << 20, f)) > 0)
		error = som_sha256__update(sha, chunk, got);
	if (!error && ferror(f))
		error = som__error_os(SOM_EENV, "cannot read package '%s'", path);
	if (!error) {
		error = som_sha256__final(hex, sha);
		sha = NULL;
	}
done:
	som_sha256__free(sha);
	som__free(chunk);
	fclose(f);
	return error;
}

int som_export_record_verified(int64_t *export_id, som_store *store, const char *path)
{
	sqlite3_stmt *st = NULL;
	char hex[65], now[32], target[64];
	som_buf details = SOM_BUF_INIT;
	int error, in_tx = 0, rc;
	int64_t id = 0;

	if ((error = som_store__need_writer(store, "record a verification")) != 0 ||
	    (error = file_sha256(hex, path)) != 0)
		return error;
	if ((error = som_store__begin(store)) != 0)
		return error;
	in_tx = 1;
	if (sqlite3_prepare_v2(store->db, "SELECT id, verified_at IS NULL FROM export"
			" WHERE sha256 = ?1 ORDER BY id LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		error = som__error(SOM_ENOTFOUND, "package '%s' was not exported from this store", path);
		goto done;
	}
	if (rc != SQLITE_ROW)
		goto sqlerr;
	id = sqlite3_column_int64(st, 0);
	if (!sqlite3_column_int(st, 1)) {
		id = 0;      /* verified before: the first time stands */
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	som__now(now);
	if (sqlite3_prepare_v2(store->db, "UPDATE export SET verified_at = ?2 WHERE id = ?1",
			-1, &st, NULL) != SQLITE_OK)
		goto sqlerr;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	snprintf(target, sizeof(target), "export:%" PRId64, id);
	if ((error = som_buf_printf(&details, "{\"sha256\":\"%s\"}", hex)) != 0 ||
	    (error = som_audit_append(store, "export.verified", target, details.ptr)) != 0)
		goto done;
	error = som_store__commit(store);
	in_tx = 0;
	goto done;
sqlerr:
	error = som_store__sqlerr(store, "cannot record the verification");
done:
	if (in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som_buf_dispose(&details);
	if (!error && export_id)
		*export_id = id;
	return error;
}
