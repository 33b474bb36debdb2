/*
 * Unit tests of the store (src/store/store.c, src/store/store_object.c): creating and
 * opening, the writer lock, schema versions, content-addressed objects in
 * both homes (the blob table and objects/), damage detection and garbage
 * collection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "helpers.h"

/* SHA-256 of "hello". */
#define HELLO_SHA256 "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

typedef struct fixture {
	char dir[256];
	char store_dir[300];
	char path[600];     /* scratch */
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "store") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	som_error_clear();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	som_alloc_set_fail_hook(NULL, NULL);
	unsetenv("SOMARKIV_HOME");
	remove_tree(f->dir);
	free(f);
	return 0;
}

static som_store *init_store(fixture *f)
{
	som_store *store = NULL;
	int error = som_store_init(&store, f->store_dir, "tester");

	if (error != 0)
		fail_msg("init: %d: %s", error, som_error_last());
	return store;
}

static const char *in_store(fixture *f, const char *rel)
{
	return path_join(f->path, sizeof(f->path), f->store_dir, rel);
}

/* Deterministic bytes that do not repeat within a block. */
static unsigned char *pattern(size_t len, unsigned seed)
{
	unsigned char *p = malloc(len ? len : 1);
	uint32_t x = 2463534242u ^ seed;

	assert_non_null(p);
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
	return p;
}

static void test_store__init_creates_layout(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	struct stat st;
	int64_t count = 0, bad = -1;

	assert_int_equal(stat(in_store(f, "store.db"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(stat(in_store(f, "objects"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(stat(in_store(f, "objects/tmp"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_string_equal(som_store_path(store), f->store_dir);
	assert_string_equal(som_store_actor(store), "tester");
	/* The creation is the first entry of the audit log. */
	assert_int_equal(som_audit_verify(&count, &bad, store), 0);
	assert_int_equal(count, 1);
	assert_int_equal(bad, 0);
	assert_int_equal(db_int(f->store_dir, "PRAGMA user_version"), SOM_STORE_SCHEMA_VERSION);
	som_store_free(store);
	som_store_free(NULL);
}

static void test_store__init_default_actor(void **state)
{
	fixture *f = *state;
	som_store *store = NULL;

	assert_int_equal(som_store_init(&store, f->store_dir, NULL), 0);
	assert_non_null(som_store_actor(store));
	assert_true(strlen(som_store_actor(store)) > 0);
	som_store_free(store);
}

static void test_store__init_twice(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f), *again = (som_store *)1;

	som_store_free(store);
	assert_int_equal(som_store_init(&again, f->store_dir, "tester"), SOM_EEXISTS);
	assert_null(again);
	assert_true(contains(som_error_last(), f->store_dir));
	/* The store is untouched: still one audit entry, still opens. */
	assert_int_equal(db_count(f->store_dir, "audit"), 1);
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_WRITE, "t"), 0);
	som_store_free(store);
}

static void test_store__init_into_existing_empty_dir(void **state)
{
	fixture *f = *state;
	som_store *store = NULL;

	assert_int_equal(make_dirs(f->store_dir), 0);
	assert_int_equal(som_store_init(&store, f->store_dir, "tester"), 0);
	som_store_free(store);
}

static void test_store__open_missing(void **state)
{
	fixture *f = *state;
	som_store *store = (som_store *)1;

	/* No directory at all. */
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_READ, NULL),
		SOM_EENV);
	assert_null(store);
	assert_true(contains(som_error_last(), f->store_dir));
	/* A directory without a store. */
	assert_int_equal(make_dirs(f->store_dir), 0);
	store = (som_store *)1;
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_WRITE, NULL),
		SOM_EENV);
	assert_null(store);
	assert_true(contains(som_error_last(), "no store"));
	/* Opening did not create one. */
	assert_false(path_exists(in_store(f, "store.db")));
}

static void test_store__open_not_a_database(void **state)
{
	fixture *f = *state;
	som_store *store = NULL;
	char junk[4096];

	memset(junk, 'J', sizeof(junk));
	assert_int_equal(write_file(in_store(f, "store.db"), junk, sizeof(junk)), 0);
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_READ, NULL),
		SOM_ECORRUPT);
	assert_null(store);
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_WRITE, NULL),
		SOM_ECORRUPT);
	assert_null(store);
	assert_true(contains(som_error_last(), f->store_dir));
}

static void test_store__second_writer_locked(void **state)
{
	fixture *f = *state;
	som_store *first = init_store(f), *second = (som_store *)1;
	char pid[64];

	assert_int_equal(som_store_open(&second, f->store_dir, SOM_STORE_OPEN_WRITE, "other"),
		SOM_ELOCKED);
	assert_null(second);
	snprintf(pid, sizeof(pid), "locked by pid %ld", (long)getpid());
	if (!contains(som_error_last(), pid))
		fail_msg("message '%s' does not say '%s'", som_error_last(), pid);
	/* Initialising over it is refused too, without damage. */
	assert_int_equal(som_store_init(&second, f->store_dir, "other"), SOM_ELOCKED);
	assert_null(second);

	/* The lock goes with the first writer. */
	som_store_free(first);
	assert_int_equal(som_store_open(&second, f->store_dir, SOM_STORE_OPEN_WRITE, "other"), 0);
	assert_string_equal(som_store_actor(second), "other");
	som_store_free(second);
}

static void test_store__reader_beside_writer(void **state)
{
	fixture *f = *state;
	som_store *writer = init_store(f), *reader = NULL, *reader2 = NULL;
	char hex[65];
	som_buf b = SOM_BUF_INIT;
	int64_t count = 0, bad = 0;

	assert_int_equal(som_object_put(hex, writer, "hello", 5), 0);
	assert_int_equal(som_store_open(&reader, f->store_dir, SOM_STORE_OPEN_READ, NULL), 0);
	assert_int_equal(som_store_open(&reader2, f->store_dir, SOM_STORE_OPEN_READ, NULL), 0);
	/* It reads what the writer wrote. */
	assert_int_equal(som_object_read(&b, reader, hex), 0);
	assert_string_equal(b.ptr, "hello");
	assert_int_equal(som_audit_verify(&count, &bad, reader), 0);
	assert_int_equal(count, 1);
	/* And sees what the writer writes next. */
	assert_int_equal(som_audit_append(writer, "test.step", "store", NULL), 0);
	assert_int_equal(som_audit_verify(&count, &bad, reader2), 0);
	assert_int_equal(count, 2);
	/* But may not change anything. */
	assert_int_equal(som_audit_append(reader, "test.step", "store", NULL), SOM_EINVALID);
	assert_true(contains(som_error_last(), "read-only"));
	som_buf_dispose(&b);
	som_store_free(reader2);
	som_store_free(reader);
	som_store_free(writer);
}

/* A reader holds no lock, so it must not store objects either, small or large. */
static void test_store__reader_cannot_put_objects(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f), *reader = NULL;
	unsigned char *big = pattern(SOM_OBJECT_INLINE_MAX + 10, 3);
	char hex[65];
	int large_rc, small_rc;

	som_store_free(store);
	assert_int_equal(som_store_open(&reader, f->store_dir, SOM_STORE_OPEN_READ, NULL), 0);
	large_rc = som_object_put(hex, reader, big, SOM_OBJECT_INLINE_MAX + 10);
	small_rc = som_object_put(hex, reader, "hello", 5);
	som_store_free(reader);
	free(big);
	assert_int_equal(large_rc, SOM_EINVALID);
	assert_int_equal(small_rc, SOM_EINVALID);
	assert_int_equal(db_count(f->store_dir, "object"), 0);
}

static void test_store__small_object_round_trip(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	som_buf b = SOM_BUF_INIT;
	char hex[65], again[65], dir[16];

	assert_int_equal(som_object_put(hex, store, "hello", 5), 0);
	assert_string_equal(hex, HELLO_SHA256);
	assert_int_equal(som_object_read(&b, store, hex), 0);
	assert_int_equal(b.size, 5);
	assert_string_equal(b.ptr, "hello");
	/* In the blob table, not a file. */
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM object WHERE digest = X'" HELLO_SHA256 "' AND data IS NOT NULL"), 1);
	snprintf(dir, sizeof(dir), "objects/%.2s", hex);
	assert_false(path_exists(in_store(f, dir)));
	/* Idempotent. */
	assert_int_equal(som_object_put(again, store, "hello", 5), 0);
	assert_string_equal(again, hex);
	assert_int_equal(db_count(f->store_dir, "object"), 1);
	/* Reading appends to what the buffer holds. */
	som_buf_clear(&b);
	assert_int_equal(som_buf_puts(&b, "> "), 0);
	assert_int_equal(som_object_read(&b, store, hex), 0);
	assert_string_equal(b.ptr, "> hello");
	/* The empty object. */
	assert_int_equal(som_object_put(hex, store, "", 0), 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	som_buf_clear(&b);
	assert_int_equal(som_object_read(&b, store, hex), 0);
	assert_int_equal(b.size, 0);
	som_buf_dispose(&b);
	som_store_free(store);
}

static void test_store__object_not_found(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	som_buf b = SOM_BUF_INIT;

	assert_int_equal(som_object_read(&b, store, HELLO_SHA256), SOM_ENOTFOUND);
	assert_true(contains(som_error_last(), HELLO_SHA256));
	/* Not a digest at all: a bad argument, said as such. */
	assert_int_equal(som_object_read(&b, store, "not-a-digest"), SOM_EINVALID);
	som_buf_dispose(&b);
	som_store_free(store);
}

static void check_large(fixture *f, som_store *store, size_t len, unsigned seed)
{
	unsigned char *data = pattern(len, seed);
	som_buf b = SOM_BUF_INIT;
	char hex[65], again[65], rel[128];
	int64_t rows;

	assert_int_equal(som_object_put(hex, store, data, len), 0);
	assert_int_equal(strlen(hex), 64);
	snprintf(rel, sizeof(rel), "objects/%.2s/%s", hex, hex);
	assert_true(path_exists(in_store(f, rel)));
	assert_int_equal(file_size(in_store(f, rel)), (int64_t)len);
	assert_int_equal(som_object_read(&b, store, hex), 0);
	assert_int_equal(b.size, len);
	assert_memory_equal(b.ptr, data, len);
	/* Idempotent: same digest, one row, one file, no temporary left. */
	rows = db_count(f->store_dir, "object");
	assert_int_equal(som_object_put(again, store, data, len), 0);
	assert_string_equal(again, hex);
	assert_int_equal(db_count(f->store_dir, "object"), rows);
	assert_int_equal(file_size(in_store(f, rel)), (int64_t)len);
	som_buf_clear(&b);
	assert_int_equal(som_object_read(&b, store, hex), 0);
	assert_memory_equal(b.ptr, data, len);
	som_buf_dispose(&b);
	free(data);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_store__large_object_round_trip(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);

	check_large(f, store, SOM_OBJECT_INLINE_MAX, 1);          /* the first size on disk */
	check_large(f, store, SOM_OBJECT_INLINE_MAX + 1, 2);
	check_large(f, store, 3 * 1024 * 1024 + 17, 3);
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM object WHERE data IS NULL"), 3);
	/* No temporary file stays behind. */
	assert_int_equal(count_entries(in_store(f, "objects/tmp")), 0);
	som_store_free(store);
}

/* The largest object kept inline is one byte under the limit. */
static void test_store__inline_limit(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	unsigned char *data = pattern(SOM_OBJECT_INLINE_MAX - 1, 9);
	char hex[65];

	assert_int_equal(som_object_put(hex, store, data, SOM_OBJECT_INLINE_MAX - 1), 0);
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM object WHERE data IS NOT NULL"), 1);
	free(data);
	som_store_free(store);
}

/* Flip one byte of the file at `path`. */
static void flip_byte(const char *path, off_t at)
{
	int fd = open(path, O_RDWR);
	unsigned char c;

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, at), 1);
	c ^= 0x01;
	assert_int_equal(pwrite(fd, &c, 1, at), 1);
	close(fd);
}

static void test_store__damaged_object_file(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	unsigned char *data = pattern(100 * 1024, 4);
	som_buf b = SOM_BUF_INIT;
	char hex[65], small[65], rel[128];
	int64_t checked = -1, bad = -1;

	assert_int_equal(som_object_put(small, store, "hello", 5), 0);
	assert_int_equal(som_object_put(hex, store, data, 100 * 1024), 0);
	assert_int_equal(som_store_verify_objects(&checked, &bad, store), 0);
	assert_int_equal(checked, 2);
	assert_int_equal(bad, 0);

	snprintf(rel, sizeof(rel), "objects/%.2s/%s", hex, hex);
	flip_byte(in_store(f, rel), 50 * 1024);
	assert_int_equal(som_object_read(&b, store, hex), SOM_ECORRUPT);
	assert_true(contains(som_error_last(), hex));
	/* The intact one still reads. */
	som_buf_clear(&b);
	assert_int_equal(som_object_read(&b, store, small), 0);

	assert_int_equal(som_store_verify_objects(&checked, &bad, store), SOM_ECORRUPT);
	assert_int_equal(checked, 2);
	assert_int_equal(bad, 1);
	assert_true(contains(som_error_last(), hex));
	som_buf_dispose(&b);
	free(data);
	som_store_free(store);
}

static void test_store__damaged_blob_and_lost_file(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	unsigned char *data = pattern(70 * 1024, 5);
	som_buf b = SOM_BUF_INIT;
	char hex[65], small[65], rel[128];
	int64_t checked = -1, bad = -1;

	assert_int_equal(som_object_put(small, store, "hello", 5), 0);
	assert_int_equal(som_object_put(hex, store, data, 70 * 1024), 0);
	/* The blob changed behind our back. */
	assert_int_equal(db_exec(f->store_dir,
		"UPDATE object SET data = CAST('hellp' AS BLOB) WHERE digest = X'" HELLO_SHA256 "'"),
		SQLITE_OK);
	assert_int_equal(som_object_read(&b, store, small), SOM_ECORRUPT);
	/* The file is gone. */
	snprintf(rel, sizeof(rel), "objects/%.2s/%s", hex, hex);
	assert_int_equal(unlink(in_store(f, rel)), 0);
	som_buf_clear(&b);
	assert_int_equal(som_object_read(&b, store, hex), SOM_ECORRUPT);
	assert_int_equal(som_store_verify_objects(&checked, &bad, store), SOM_ECORRUPT);
	assert_int_equal(checked, 2);
	assert_int_equal(bad, 2);
	som_buf_dispose(&b);
	free(data);
	som_store_free(store);
}

static void test_store__gc_unreferenced(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	unsigned char *data = pattern(80 * 1024, 6);
	som_gc_stats stats;
	som_buf b = SOM_BUF_INIT;
	char hex[65], small[65], rel[128];
	int64_t count = 0, bad = 0;

	assert_int_equal(som_object_put(small, store, "hello", 5), 0);
	assert_int_equal(som_object_put(hex, store, data, 80 * 1024), 0);
	/* Leftovers of an interrupted write. */
	assert_int_equal(write_text(in_store(f, "objects/tmp/obj-abc123"), "partial"), 0);
	assert_int_equal(write_text(in_store(f, "objects/tmp/stdin-xyz"), "spooled"), 0);

	memset(&stats, 0xff, sizeof(stats));
	assert_int_equal(som_store_gc(&stats, store), 0);
	assert_int_equal(stats.blobs_removed, 1);
	assert_int_equal(stats.files_removed, 1);
	assert_int_equal(stats.temp_removed, 2);
	assert_int_equal(stats.bytes_freed, 5 + 80 * 1024 + 7 + 7);

	snprintf(rel, sizeof(rel), "objects/%.2s/%s", hex, hex);
	assert_false(path_exists(in_store(f, rel)));
	assert_int_equal(count_entries(in_store(f, "objects/tmp")), 0);
	assert_true(path_exists(in_store(f, "objects/tmp")));
	assert_int_equal(som_object_read(&b, store, small), SOM_ENOTFOUND);
	assert_int_equal(som_object_read(&b, store, hex), SOM_ENOTFOUND);
	assert_int_equal(db_count(f->store_dir, "object"), 0);
	/* Audited, and the log still holds together. */
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM audit WHERE action = 'store.gc'"), 1);
	assert_int_equal(som_audit_verify(&count, &bad, store), 0);

	/* A second pass finds nothing. */
	assert_int_equal(som_store_gc(&stats, store), 0);
	assert_int_equal(stats.blobs_removed + stats.files_removed + stats.temp_removed, 0);
	som_buf_dispose(&b);
	free(data);
	som_store_free(store);
}

/* A file under objects/ that no row names (a capture that failed) goes too. */
static void test_store__gc_orphan_file(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	som_gc_stats stats;
	char rel[128];
	const char *hex = "ab" "cdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

	snprintf(rel, sizeof(rel), "objects/ab/%s", hex);
	assert_int_equal(write_text(in_store(f, rel), "orphan"), 0);
	assert_int_equal(som_store_gc(&stats, store), 0);
	assert_int_equal(stats.files_removed, 1);
	assert_false(path_exists(in_store(f, rel)));
	som_store_free(store);
}

static void write_ndjson_line(const char *path)
{
	assert_int_equal(write_text(path,
		"{\"id\":\"1\",\"kind\":\"post\",\"created\":\"2026-01-14T07:12:03Z\","
		"\"text\":\"Snöröjning pågår\"}\n"), 0);
}

static void test_store__gc_keeps_referenced(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	som_account acc;
	som_capture *cap = NULL;
	som_item *item = NULL;
	som_gc_stats stats;
	som_buf b = SOM_BUF_INIT;
	char file[600], spare[65];
	int64_t account = 0, checked = 0, bad = 0;

	memset(&acc, 0, sizeof(acc));
	acc.platform = "other";
	acc.handle = "@kommun";
	assert_int_equal(som_account_add(&account, store, &acc), 0);
	path_join(file, sizeof(file), f->dir, "items.ndjson");
	write_ndjson_line(file);
	assert_int_equal(som_ingest(&cap, store, account, file, NULL), 0);
	assert_int_equal(cap->n_new, 1);
	assert_int_equal(som_object_put(spare, store, "spare", 5), 0);

	assert_int_equal(som_store_gc(&stats, store), 0);
	assert_int_equal(stats.blobs_removed, 1);
	assert_int_equal(som_item_lookup(&item, store, "1"), 0);
	assert_int_equal(item->n_versions, 1);
	assert_int_equal(som_object_read(&b, store, item->versions[0].raw_digest), 0);
	assert_true(contains(b.ptr, "Snöröjning"));
	assert_int_equal(som_store_verify_objects(&checked, &bad, store), 0);
	assert_int_equal(checked, 1);
	som_item_free(item);
	som_capture_free(cap);
	som_buf_dispose(&b);
	som_store_free(store);
}

static void test_store__gc_needs_writer(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f), *reader = NULL;
	som_gc_stats stats;

	som_store_free(store);
	assert_int_equal(som_store_open(&reader, f->store_dir, SOM_STORE_OPEN_READ, NULL), 0);
	assert_int_equal(som_store_gc(&stats, reader), SOM_EINVALID);
	som_store_free(reader);
}

static void test_store__newer_schema(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);

	som_store_free(store);
	assert_int_equal(db_exec(f->store_dir, "PRAGMA user_version = 99"), SQLITE_OK);
	store = (som_store *)1;
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_WRITE, NULL),
		SOM_ESCHEMA);
	assert_null(store);
	assert_true(contains(som_error_last(), "99"));
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_READ, NULL),
		SOM_ESCHEMA);
	assert_null(store);
	/* Untouched, and the failed writer left no lock behind. */
	assert_int_equal(db_int(f->store_dir, "PRAGMA user_version"), 99);
	{
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SOM_STORE_SCHEMA_VERSION);
		assert_int_equal(db_exec(f->store_dir, sql), SQLITE_OK);
	}
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_WRITE, NULL), 0);
	som_store_free(store);
}

/* A version 6 store (before the disposal log's delivery column) is migrated on open. */
static void test_store__migrates_from_6(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);

	som_store_free(store);
	assert_int_equal(db_exec(f->store_dir, "DROP INDEX disposal_log_export;"
		"ALTER TABLE disposal_log DROP COLUMN export_id;"
		"ALTER TABLE account DROP COLUMN close_package;"
		/* 7 -> 8 and 8 -> 9: secrecy of the item, the registry as registrars keep it. */
		"DROP VIEW secrecy_now; DROP TABLE secrecy_lift; DROP INDEX registration_code;"
		"ALTER TABLE registry_case DROP COLUMN classification_code;"
		"ALTER TABLE registry_case DROP COLUMN close_how;"
		"ALTER TABLE registry_case DROP COLUMN close_reason;"
		"ALTER TABLE registry_case DROP COLUMN closed_date;"
		"ALTER TABLE registration DROP COLUMN no_secrecy_reason;"
		"ALTER TABLE registration DROP COLUMN written_off;"
		"ALTER TABLE registration DROP COLUMN write_off_reason;"
		/* 10 -> 11: capture through the APIs. */
		"ALTER TABLE account DROP COLUMN api_url;"
		"ALTER TABLE account DROP COLUMN api_id;"
		"ALTER TABLE account DROP COLUMN credentials;"
		"PRAGMA user_version = 6"), SQLITE_OK);
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_WRITE, NULL), 0);
	som_store_free(store);
	assert_int_equal(db_int(f->store_dir, "PRAGMA user_version"), SOM_STORE_SCHEMA_VERSION);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM pragma_table_info('account')"
		" WHERE name = 'close_package'"), 1);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM pragma_table_info('disposal_log')"
		" WHERE name = 'export_id'"), 1);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM pragma_table_info('registry_case')"
		" WHERE name IN ('classification_code', 'close_how', 'close_reason', 'closed_date')"), 4);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM secrecy_now"), 0);
}

/* A version 10 store (before capture through the APIs) gains the accounts' API settings. */
static void test_store__migrates_from_10(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);

	som_store_free(store);
	assert_int_equal(db_exec(f->store_dir, "INSERT INTO account(platform, handle, opened, "
		"created) VALUES ('mastodon', '@a@b.example', '2026-01-01', '2026-01-01T00:00:00Z');"
		"ALTER TABLE account DROP COLUMN api_url;"
		"ALTER TABLE account DROP COLUMN api_id;"
		"ALTER TABLE account DROP COLUMN credentials;"
		"PRAGMA user_version = 10"), SQLITE_OK);
	assert_int_equal(som_store_open(&store, f->store_dir, SOM_STORE_OPEN_WRITE, NULL), 0);
	som_store_free(store);
	assert_int_equal(db_int(f->store_dir, "PRAGMA user_version"), SOM_STORE_SCHEMA_VERSION);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM pragma_table_info('account')"
		" WHERE name IN ('api_url', 'api_id', 'credentials')"), 3);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM account WHERE handle = "
		"'@a@b.example' AND api_url IS NULL AND credentials IS NULL"), 1);
}

static void test_store__default_dir(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	unsetenv("SOMARKIV_HOME");
	assert_int_equal(som_store_default_dir(&b), 0);
	assert_string_equal(b.ptr, "somarkiv-data");
	setenv("SOMARKIV_HOME", "/srv/arkiv", 1);
	assert_int_equal(som_store_default_dir(&b), 0);
	assert_string_equal(b.ptr, "/srv/arkiv");
	setenv("SOMARKIV_HOME", "", 1);
	assert_int_equal(som_store_default_dir(&b), 0);
	assert_string_equal(b.ptr, "somarkiv-data");
	som_buf_dispose(&b);
}

static int fail_nth(size_t size, void *payload)
{
	int *left = payload;

	(void)size;
	return --*left == 0;
}

/*
 * Every allocation failure while creating a store is an error (SOM_ENOMEM),
 * never a crash, and leaves no half-made store: initialising again works.
 */
static void test_store__init_alloc_failures(void **state)
{
	fixture *f = *state;
	som_store *store = NULL;
	int k, error = -1, left, retry, wrong = 0;

	for (k = 1; k < 500; k++) {
		left = k;
		remove_tree(f->store_dir);
		som_alloc_set_fail_hook(fail_nth, &left);
		error = som_store_init(&store, f->store_dir, "tester");
		som_alloc_set_fail_hook(NULL, NULL);
		if (error == 0)
			break;
		assert_true(error < 0);
		assert_null(store);
		if (error != SOM_ENOMEM) {
			print_message("k=%d: init returned %d: %s\n", k, error, som_error_last());
			wrong++;
		}
		retry = som_store_init(&store, f->store_dir, "tester");
		if (retry != 0) {
			print_message("k=%d: init after a failed init: %d: %s\n", k, retry,
				som_error_last());
			wrong++;
		}
		som_store_free(store);
		store = NULL;
	}
	assert_int_equal(error, 0);
	som_store_free(store);
	assert_int_equal(wrong, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store__init_creates_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__init_default_actor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__init_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__init_into_existing_empty_dir, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_store__open_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__open_not_a_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__second_writer_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__reader_beside_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__reader_cannot_put_objects, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_store__small_object_round_trip, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_store__object_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__large_object_round_trip, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_store__inline_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__damaged_object_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__damaged_blob_and_lost_file, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_store__gc_unreferenced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__gc_orphan_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__gc_keeps_referenced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__gc_needs_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__newer_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__migrates_from_6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__migrates_from_10, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__default_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__init_alloc_failures, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
