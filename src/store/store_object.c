/*
 * The object store: content addressed by SHA-256. Objects under
 * SOM_OBJECT_INLINE_MAX bytes are rows of the object table in store.db;
 * larger ones are files objects/<2 hex>/<64 hex>, written to a temporary
 * name, renamed, and synced in one pass before the transaction commits.
 * Every read verifies the digest.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/crypto.h"
#include "util/fs.h"
#include "store/store.h"
#include "somarkiv/audit.h"

struct som_object_writer {
	som_store *store;
	som_sha256 *sha;
	som_buf mem;        /* the bytes while they are few */
	int fd;             /* the temporary file once they are many */
	char *tmp_path;
	int64_t size;
};

char *som_object__file_path(som_store *store, const char *hex)
{
	som_buf b = SOM_BUF_INIT;

	if (som_buf_printf(&b, "%s/%.2s/%s", store->objects_path, hex, hex) != 0) {
		som_buf_dispose(&b);
		return NULL;
	}
	return som_buf_detach(&b);
}

/* A hex digit's value, or -1. */
static int hex_value(unsigned c)
{
	if (c - '0' < 10)
		return (int)(c - '0');
	c |= 0x20;
	return c - 'a' < 6 ? (int)(c - 'a' + 10) : -1;
}

/*
 * The object table keys objects by their 32 digest bytes (half the index
 * of hex text, and measurably faster ingest); everywhere else, and in every
 * message, a digest is lower-case hex. In sqlite3: lower(hex(digest)).
 */
static int bind_digest(sqlite3_stmt *st, int i, const char *hex)
{
	unsigned char key[32];

	for (int k = 0; k < 32; k++) {
		int hi = hex_value((unsigned char)hex[2 * k]);
		int lo = hi < 0 ? -1 : hex_value((unsigned char)hex[2 * k + 1]);
		if (lo < 0)
			return som__error(SOM_EINVALID, "not a SHA-256 digest: '%.64s'", hex);
		key[k] = (unsigned char)(hi << 4 | lo);
	}
	return sqlite3_bind_blob(st, i, key, 32, SQLITE_TRANSIENT) == SQLITE_OK ? 0 :
		som__error(SOM_ENOMEM, "cannot bind a digest");
}

static void column_digest(char out[65], sqlite3_stmt *st, int i)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *key = sqlite3_column_blob(st, i);
	int n = sqlite3_column_bytes(st, i);

	for (int k = 0; k < 32; k++) {
		out[2 * k] = k < n ? digits[key[k] >> 4] : '0';
		out[2 * k + 1] = k < n ? digits[key[k] & 15] : '0';
	}
	out[64] = '\0';
}

static int object_has(som_store *store, const char *hex, int *has)
{
	sqlite3_stmt *st = som_store__stmt(store, SOM_STMT_OBJECT_HAS,
		"SELECT 1 FROM object WHERE digest = ?1");
	int rc;

	if (!st)
		return SOM_ERROR;
	if ((rc = bind_digest(st, 1, hex)) != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return som_store__sqlerr(store, "cannot look up an object");
	*has = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return 0;
}

static int object_row(som_store *store, const char *hex, int64_t size,
	const void *data)
{
	sqlite3_stmt *st = som_store__stmt(store, SOM_STMT_OBJECT_PUT,
		"INSERT OR IGNORE INTO object(digest, size, data) VALUES (?1, ?2, ?3)");

	if (!st)
		return SOM_ERROR;
	if (bind_digest(st, 1, hex) != 0)
		return SOM_EINVALID;
	sqlite3_bind_int64(st, 2, size);
	if (data)
		sqlite3_bind_blob64(st, 3, data, (sqlite3_uint64)size, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	if (sqlite3_step(st) != SQLITE_DONE)
		return som_store__sqlerr(store, "cannot store an object");
	sqlite3_reset(st);
	return 0;
}

int som_object_put(char out_hex[65], som_store *store, const void *data, size_t len)
{
	som_object_writer *w = NULL;
	int64_t size;
	int error;

	if ((error = som_store__need_writer(store, "store an object")) != 0)
		return error;
	if (len < SOM_OBJECT_INLINE_MAX) {
		if ((error = som_sha256__hex(out_hex, data, len)) != 0)
			return error;
		return object_row(store, out_hex, (int64_t)len, data);
	}
	if ((error = som_object__writer_new(&w, store)) != 0)
		return error;
	if ((error = som_object__writer_write(w, data, len)) != 0) {
		som_object__writer_abort(w);
		return error;
	}
	return som_object__writer_finish(out_hex, &size, w);
}

int som_object__writer_new(som_object_writer **out, som_store *store)
{
	som_object_writer *w;
	int error;

	*out = NULL;
	if ((error = som_store__need_writer(store, "store an object")) != 0)
		return error;
	if (!(w = som__calloc(1, sizeof(*w))))
		return SOM_ENOMEM;
	w->store = store;
	w->fd = -1;
	if (!(w->sha = som_sha256__new())) {
		som__free(w);
		return som_error_code();
	}
	*out = w;
	return 0;
}

static int spill(som_object_writer *w)
{
	som_buf b = SOM_BUF_INIT;
	int error;

	if ((error = som_buf_printf(&b, "%s/tmp/obj-XXXXXX", w->store->objects_path)) != 0)
		return error;
	w->fd = mkostemp(b.ptr, O_CLOEXEC);
	/* mkostemp makes it 0600; a store its group may read wants 0640. */
	if (w->fd < 0 || (w->store->file_mode != 0600 &&
			fchmod(w->fd, w->store->file_mode) != 0)) {
		error = som__error_os(SOM_EENV, "cannot create a file in '%s/tmp'",
			w->store->objects_path);
		if (w->fd >= 0) {
			close(w->fd);
			w->fd = -1;
			unlink(b.ptr);
		}
		som_buf_dispose(&b);
		return error;
	}
	w->tmp_path = som_buf_detach(&b);
	for (size_t off = 0; off < w->mem.size;) {
		ssize_t n = write(w->fd, w->mem.ptr + off, w->mem.size - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return som__error_os(SOM_EENV, "cannot write '%s'", w->tmp_path);
		off += (size_t)n;
	}
	som_buf_dispose(&w->mem);
	return 0;
}

int som_object__writer_write(som_object_writer *w, const void *data, size_t len)
{
	const char *p = data;
	int error;

	if ((error = som_sha256__update(w->sha, data, len)) != 0)
		return error;
	w->size += (int64_t)len;
	if (w->fd < 0) {
		if ((error = som_buf_put(&w->mem, data, len)) != 0)
			return error;
		if (w->mem.size >= SOM_OBJECT_INLINE_MAX)
			return spill(w);
		return 0;
	}
	while (len) {
		ssize_t n = write(w->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return som__error_os(SOM_EENV, "cannot write '%s'", w->tmp_path);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void som_object__writer_abort(som_object_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->tmp_path)
		unlink(w->tmp_path);
	som__free(w->tmp_path);
	som_sha256__free(w->sha);
	som_buf_dispose(&w->mem);
	som__free(w);
}

static int remember_new_file(som_store *store, const char *path)
{
	char **grown;

	if (store->n_new_files == store->a_new_files) {
		size_t n = store->a_new_files ? store->a_new_files * 2 : 16;
		if (!(grown = som__realloc(store->new_files, n * sizeof(*grown))))
			return SOM_ENOMEM;
		store->new_files = grown;
		store->a_new_files = n;
	}
	if (!(store->new_files[store->n_new_files] = som__strdup(path)))
		return SOM_ENOMEM;
	store->n_new_files++;
	return 0;
}

int som_object__writer_finish(char out_hex[65], int64_t *size_out, som_object_writer *w)
{
	char *final_path = NULL, *dir = NULL;
	struct stat st;
	int error = 0, has = 0;

	error = som_sha256__final(out_hex, w->sha);
	w->sha = NULL;
	if (error)
		goto done;
	*size_out = w->size;
	if (w->fd < 0) {
		error = object_row(w->store, out_hex, w->size, w->mem.ptr ? w->mem.ptr : "");
		goto done;
	}
	if ((error = object_has(w->store, out_hex, &has)) != 0)
		goto done;
	if (!(final_path = som_object__file_path(w->store, out_hex))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if (has && stat(final_path, &st) == 0 && st.st_size == w->size)
		goto done; /* stored already; the temporary file goes */
	if (close(w->fd) != 0) {
		w->fd = -1;
		error = som__error_os(SOM_EENV, "cannot write '%s'", w->tmp_path);
		goto done;
	}
	w->fd = -1;
	if (!(dir = som__strndup(final_path, strrchr(final_path, '/') - final_path))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if ((error = som__make_dir(NULL, dir, w->store->dir_mode)) != 0)
		goto done;
	if (rename(w->tmp_path, final_path) != 0) {
		error = som__error_os(SOM_EENV, "cannot rename '%s'", w->tmp_path);
		goto done;
	}
	som__free(w->tmp_path);
	w->tmp_path = NULL;
	if ((error = remember_new_file(w->store, final_path)) != 0)
		goto done;
	error = object_row(w->store, out_hex, *size_out, NULL);
done:
	som__free(final_path);
	som__free(dir);
	som_object__writer_abort(w);
	return error;
}

static int read_file(som_buf *out, const char *path, const char *hex)
{
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	int error = 0;

	if (fd < 0)
		return som__error_os(errno == ENOENT ? SOM_ECORRUPT : SOM_EENV,
			"object %s: cannot open '%s'", hex, path);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = som__error_os(SOM_EENV, "object %s: cannot read '%s'", hex, path);
			break;
		}
		if ((error = som_buf_put(out, chunk, (size_t)n)) != 0)
			break;
	}
	close(fd);
	return error;
}

int som_object_read(som_buf *out, som_store *store, const char *hex)
{
	sqlite3_stmt *st = som_store__stmt(store, SOM_STMT_OBJECT_GET,
		"SELECT size, data FROM object WHERE digest = ?1");
	char check[65], *path = NULL;
	size_t start = out->size;
	int64_t size;
	int rc, error = 0;

	if (!st)
		return SOM_ERROR;
	if ((rc = bind_digest(st, 1, hex)) != 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return som__error(SOM_ENOTFOUND, "object %s not found", hex);
	}
	if (rc != SQLITE_ROW)
		return som_store__sqlerr(store, "cannot read an object");
	size = sqlite3_column_int64(st, 0);
	if (sqlite3_column_type(st, 1) == SQLITE_BLOB) {
		error = som_buf_put(out, sqlite3_column_blob(st, 1),
			(size_t)sqlite3_column_bytes(st, 1));
		sqlite3_reset(st);
	} else {
		sqlite3_reset(st);
		if (!(path = som_object__file_path(store, hex)))
			return SOM_ENOMEM;
		error = read_file(out, path, hex);
		som__free(path);
	}
	if (error)
		return error;
	if ((error = som_sha256__hex(check, out->ptr + start, out->size - start)) != 0)
		return error;
	if ((int64_t)(out->size - start) != size || strcmp(check, hex) != 0)
		return som__error(SOM_ECORRUPT,
			"object %s is damaged: its bytes have digest %s", hex, check);
	return 0;
}

int som_store_verify_objects(int64_t *checked_out, int64_t *bad_out, som_store *store)
{
	sqlite3_stmt *st = NULL;
	som_buf b = SOM_BUF_INIT;
	char first[1024] = "";
	int64_t checked = 0, bad = 0;
	int rc, error = 0;

	if (sqlite3_prepare_v2(store->db, "SELECT digest FROM object ORDER BY digest",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot list objects");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char hex[65];
		column_digest(hex, st, 0);
		som_buf_clear(&b);
		checked++;
		error = som_object_read(&b, store, hex);
		if (error == SOM_ECORRUPT) {
			if (!bad++)
				snprintf(first, sizeof(first), "%s", som_error_last());
			error = 0;
		} else if (error) {
			goto done;
		}
	}
	if (rc != SQLITE_DONE)
		error = som_store__sqlerr(store, "cannot list objects");
done:
	sqlite3_finalize(st);
	som_buf_dispose(&b);
	if (checked_out)
		*checked_out = checked;
	if (bad_out)
		*bad_out = bad;
	if (!error && bad)
		error = som__error(SOM_ECORRUPT, "%lld of %lld objects damaged; first: %s",
			(long long)bad, (long long)checked, first);
	return error;
}

/* Is the object referenced by any row? */
/*
 * The digests some row uses, gathered once into an indexed temporary table:
 * version.raw_digest has no index (ingest is faster without), and asking
 * the table once per object would make gc quadratic.
 */
#define LIVE_SQL \
	"CREATE TEMP TABLE IF NOT EXISTS gc_live(digest TEXT PRIMARY KEY) WITHOUT ROWID;" \
	"DELETE FROM temp.gc_live;" \
	"INSERT OR IGNORE INTO temp.gc_live SELECT raw_digest FROM version;" \
	"INSERT OR IGNORE INTO temp.gc_live SELECT digest FROM attachment WHERE digest IS NOT NULL;"
#define REFERENCED_SQL "SELECT 1 FROM temp.gc_live WHERE digest = ?1"

static int remove_tmp_files(som_store *store, som_gc_stats *stats)
{
	som_buf dir = SOM_BUF_INIT, path = SOM_BUF_INIT;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int error;

	if ((error = som_buf_printf(&dir, "%s/tmp", store->objects_path)) != 0)
		return error;
	if (!(d = opendir(dir.ptr))) {
		som_buf_dispose(&dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		som_buf_clear(&path);
		if ((error = som_buf_printf(&path, "%s/%s", dir.ptr, de->d_name)) != 0)
			break;
		if (stat(path.ptr, &st) == 0 && S_ISREG(st.st_mode) && unlink(path.ptr) == 0) {
			stats->temp_removed++;
			stats->bytes_freed += st.st_size;
		}
	}
	closedir(d);
	som_buf_dispose(&dir);
	som_buf_dispose(&path);
	return error;
}

/* Files under objects/ that no object row names are orphans of failed captures. */
static int remove_orphan_files(som_store *store, som_gc_stats *stats)
{
	som_buf sub = SOM_BUF_INIT, path = SOM_BUF_INIT;
	struct dirent *de, *fe;
	struct stat st;
	DIR *d, *f;
	int error = 0, has;

	if (!(d = opendir(store->objects_path)))
		return som__error_os(SOM_EENV, "cannot list '%s'", store->objects_path);
	while (!error && (de = readdir(d)) != NULL) {
		if (strlen(de->d_name) != 2 || !strcmp(de->d_name, ".."))
			continue;
		som_buf_clear(&sub);
		if ((error = som_buf_printf(&sub, "%s/%s", store->objects_path, de->d_name)) != 0)
			break;
		if (!(f = opendir(sub.ptr)))
			continue;
		while (!error && (fe = readdir(f)) != NULL) {
			if (strlen(fe->d_name) != 64)
				continue;
			if ((error = object_has(store, fe->d_name, &has)) != 0)
				break;
			if (has)
				continue;
			som_buf_clear(&path);
			if ((error = som_buf_printf(&path, "%s/%s", sub.ptr, fe->d_name)) != 0)
				break;
			if (stat(path.ptr, &st) == 0 && unlink(path.ptr) == 0) {
				stats->files_removed++;
				stats->bytes_freed += st.st_size;
			}
		}
		closedir(f);
	}
	closedir(d);
	som_buf_dispose(&sub);
	som_buf_dispose(&path);
	return error;
}

/*
 * A disposal leaves its objects and write-ahead log to the sweep that
 * follows its commit; until the sweep is done this row says so, so that
 * after a kill the next writer finishes it (som_store__sweep_pending()).
 */
#define SWEEP_KEY "disposal_sweep"

int som_store__sweep_mark(som_store *store)
{
	return som_store__exec(store, "INSERT INTO meta(key, value) VALUES ('" SWEEP_KEY "', '1')"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value");
}

int som_store__sweep_pending(som_store *store)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, "SELECT 1 FROM meta WHERE key = '" SWEEP_KEY "'",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the store's state");
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return som_store__sqlerr(store, "cannot read the store's state");
	return som_store_gc(NULL, store);
}

/*
 * Move every page of the write-ahead log into the database file and cut
 * the log to nothing, so frames holding destroyed content are gone. A
 * reader in the middle of a read can stop it: then the sweep stays marked
 * as pending, for the next writer.
 */
static int truncate_wal(som_store *store)
{
	int error;

	if (sqlite3_wal_checkpoint_v2(store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
			NULL) == SQLITE_OK)
		return 0;
	if ((error = som_store__begin(store)) != 0)
		return error;
	if ((error = som_store__sweep_mark(store)) != 0) {
		som_store__rollback(store);
		return error;
	}
	return som_store__commit(store);
}

int som_store_gc(som_gc_stats *out, som_store *store)
{
	sqlite3_stmt *list = NULL, *ref = NULL, *del = NULL;
	som_gc_stats stats = { 0, 0, 0, 0 };
	int rc, error, swept = 0;

	if ((error = som_store__begin(store)) != 0)
		return error;
	if ((error = som_store__exec(store, LIVE_SQL)) != 0 ||
	    (error = som_store__exec(store, "DELETE FROM meta WHERE key = '" SWEEP_KEY "'")) != 0)
		goto done;
	swept = sqlite3_changes(store->db) > 0;
	if (sqlite3_prepare_v2(store->db, "SELECT digest, size, data IS NULL FROM object",
			-1, &list, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store->db, REFERENCED_SQL, -1, &ref, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store->db, "DELETE FROM object WHERE digest = ?1", -1, &del,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot collect garbage");
		goto done;
	}
	while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
		char hex[65];
		int is_file = sqlite3_column_int(list, 2);
		int64_t size = sqlite3_column_int64(list, 1);

		column_digest(hex, list, 0);

		sqlite3_reset(ref);
		sqlite3_bind_text(ref, 1, hex, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(ref);
		if (rc == SQLITE_ROW)
			continue;
		if (rc != SQLITE_DONE) {
			error = som_store__sqlerr(store, "cannot collect garbage");
			goto done;
		}
		sqlite3_reset(del);
		sqlite3_bind_blob(del, 1, sqlite3_column_blob(list, 0), 32, SQLITE_TRANSIENT);
		if (sqlite3_step(del) != SQLITE_DONE) {
			error = som_store__sqlerr(store, "cannot collect garbage");
			goto done;
		}
		/* A file is counted when the file pass below removes it. */
		if (!is_file) {
			stats.blobs_removed++;
			stats.bytes_freed += size;
		}
	}
	if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot collect garbage");
		goto done;
	}
	if (stats.blobs_removed > 0) {
		char details[128];
		snprintf(details, sizeof(details), "{\"blobs\":%lld,\"bytes\":%lld}",
			(long long)stats.blobs_removed, (long long)stats.bytes_freed);
		if ((error = som_audit_append(store, "store.gc", "store", details)) != 0)
			goto done;
	}
done:
	sqlite3_finalize(list);
	sqlite3_finalize(ref);
	sqlite3_finalize(del);
	if (!error)
		error = som_store__exec(store, "DELETE FROM temp.gc_live");
	if (error) {
		som_store__rollback(store);
		return error;
	}
	if ((error = som_store__commit(store)) != 0)
		return error;
	/* Files go only after the rows are gone for good. */
	if ((error = remove_orphan_files(store, &stats)) != 0 ||
	    (error = remove_tmp_files(store, &stats)) != 0 ||
	    (swept && (error = truncate_wal(store)) != 0))
		return error;
	if (out)
		*out = stats;
	return 0;
}
