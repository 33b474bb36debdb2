/*
 * Helpers shared by the unit tests: a fresh temporary directory per test and
 * its removal, writing files and folders, and a side door into store.db
 * (counting rows, running SQL) for tests that check or damage what the
 * library wrote. Static inline only: every unit test file is its own program.
 */
#ifndef SOM_TESTS_UNIT_HELPERS_H
#define SOM_TESTS_UNIT_HELPERS_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Create a fresh directory $TMPDIR/som-TAG-XXXXXX into `out`; 0 or -1. */
static inline int make_tmpdir(char *out, size_t size, const char *tag)
{
	const char *base = getenv("TMPDIR");
	int n = snprintf(out, size, "%s/som-%s-XXXXXX", base && *base ? base : "/tmp", tag);

	if (n < 0 || (size_t)n >= size)
		return -1;
	return mkdtemp(out) ? 0 : -1;
}

static inline int remove_tree_visit(const char *path, const struct stat *st, int flag,
	struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove `path` and everything under it, never following links. */
static inline void remove_tree(const char *path)
{
	if (path && *path)
		nftw(path, remove_tree_visit, 16, FTW_DEPTH | FTW_PHYS);
}

/* `dir` + "/" + `rel` into `out` (asserting nothing: the buffers are ample). */
static inline const char *path_join(char *out, size_t size, const char *dir, const char *rel)
{
	snprintf(out, size, "%s/%s", dir, rel);
	return out;
}

/* mkdir -p. */
static inline int make_dirs(const char *path)
{
	char tmp[4096];
	size_t len = strlen(path);

	if (len >= sizeof(tmp))
		return -1;
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Write `len` bytes to `path`, creating its folders; 0 or -1. */
static inline int write_file(const char *path, const void *data, size_t len)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	const char *p = data;
	int fd;

	if (slash && slash != path) {
		if ((size_t)(slash - path) >= sizeof(dir))
			return -1;
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
		if (make_dirs(dir) != 0)
			return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return close(fd);
}

static inline int write_text(const char *path, const char *text)
{
	return write_file(path, text, strlen(text));
}

/* Read a whole file into a malloc'd, NUL-terminated buffer (free()); NULL on error. */
static inline char *read_whole_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)size + 1)) != NULL) {
		if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		} else {
			buf[size] = '\0';
			if (len_out)
				*len_out = (size_t)size;
		}
	}
	fclose(f);
	return buf;
}

/* Does `path` exist (without following a final link)? */
static inline int path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Size of the file at `path`, or -1. */
static inline int64_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

/*
 * Run `sql` on STORE_DIR/store.db through a connection of our own (the
 * library's own may be open at the same time: SQLite takes care of it).
 * Returns the SQLite result code.
 */
static inline int db_exec(const char *store_dir, const char *sql)
{
	char path[4096];
	sqlite3 *db = NULL;
	char *msg = NULL;
	int rc;

	snprintf(path, sizeof(path), "%s/store.db", store_dir);
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
		if (rc != SQLITE_OK)
			fprintf(stderr, "db_exec: %s: %s\n", sql, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
	}
	sqlite3_close(db);
	return rc;
}

/* The first column of the first row of `sql` as an integer; -1 on error. */
static inline int64_t db_int(const char *store_dir, const char *sql)
{
	char path[4096];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	snprintf(path, sizeof(path), "%s/store.db", store_dir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_busy_timeout(db, 5000) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		fprintf(stderr, "db_int: %s: %s\n", sql, db ? sqlite3_errmsg(db) : "no db");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Rows in `table` of STORE_DIR/store.db; -1 on error. */
static inline int64_t db_count(const char *store_dir, const char *table)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	return db_int(store_dir, sql);
}

/* Does `haystack` contain `needle`? (For messages; NULL-safe.) */
static inline int contains(const char *haystack, const char *needle)
{
	return haystack && needle && strstr(haystack, needle) != NULL;
}

/*
 * The first of `dirs` that exists, each joined with `sub` when given,
 * written into `out`; NULL when none does.
 */
static inline const char *first_existing(const char *const *dirs, size_t n, const char *sub,
	char *out, size_t size)
{
	struct stat st;

	for (size_t i = 0; i < n; i++) {
		snprintf(out, size, "%s%s%s", dirs[i], sub ? "/" : "", sub ? sub : "");
		if (stat(out, &st) == 0)
			return out;
	}
	return NULL;
}

#ifdef fail_msg
/* tests/data/NAME, from the top of the tree or a build folder; fails the test when absent. */
static inline const char *test_data(const char *name)
{
	static const char *const data_dirs[] = {
		"tests/data", "../tests/data", "../../tests/data", "../../../tests/data",
		"../../../../tests/data",
	};
	static char paths[4][512];
	static int next;
	char *out = paths[next++ % 4];

	if (!first_existing(data_dirs, sizeof(data_dirs) / sizeof(data_dirs[0]), name, out,
			sizeof(paths[0])))
		fail_msg("no tests/data/%s (run the tests from the top of the tree)", name);
	return out;
}
#endif

#endif
