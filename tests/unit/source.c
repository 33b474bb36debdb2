/*
 * Unit tests of sources (src/ingest/source.c over src/formats/archive_io.c): folders, zip
 * and tar.gz archives written here with libarchive's writer, the sorted
 * entry list, finding entries by name and by suffix, reading them, and the
 * refusal of hostile or damaged archives (".." and absolute names, links,
 * truncation) and of folders holding links.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "util/common.h"
#include "ingest/source.h"
#include "util/crypto.h"
#include "helpers.h"

enum { FILE_, SYMLINK_, DIR_, HARDLINK_, FIFO_ };

typedef struct arc_entry {
	const char *name;
	const char *data;    /* a file's bytes (NUL-terminated text) */
	int type;
	const char *link;    /* a link's target */
} arc_entry;

typedef struct fixture {
	char dir[256];
	char path[600];      /* scratch */
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "source") != 0) {
		free(f);
		return -1;
	}
	som_error_clear();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	remove_tree(f->dir);
	free(f);
	return 0;
}

static const char *in_dir(fixture *f, const char *rel)
{
	return path_join(f->path, sizeof(f->path), f->dir, rel);
}

/* Write an archive: "zip", "tgz" (pax tar, gzip) or "tar". */
static void write_archive(const char *path, const char *format, const arc_entry *e, size_t n)
{
	struct archive *a = archive_write_new();

	assert_non_null(a);
	if (!strcmp(format, "zip")) {
		assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	} else {
		assert_int_equal(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
		if (!strcmp(format, "tgz"))
			assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	}
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		size_t len = e[i].data ? strlen(e[i].data) : 0;

		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_mtime(ae, 1767225600, 0);
		switch (e[i].type) {
		case FILE_:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_size(ae, (la_int64_t)len);
			break;
		case SYMLINK_:
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_perm(ae, 0777);
			archive_entry_set_symlink(ae, e[i].link);
			archive_entry_set_size(ae, 0);
			break;
		case DIR_:
			archive_entry_set_filetype(ae, AE_IFDIR);
			archive_entry_set_perm(ae, 0755);
			archive_entry_set_size(ae, 0);
			break;
		case HARDLINK_:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_hardlink(ae, e[i].link);
			archive_entry_set_size(ae, 0);
			break;
		case FIFO_:
			archive_entry_set_filetype(ae, AE_IFIFO);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_size(ae, 0);
			break;
		}
		if (archive_write_header(a, ae) != ARCHIVE_OK)
			fail_msg("write_header '%s': %s", e[i].name, archive_error_string(a));
		if (e[i].type == FILE_ && len &&
		    archive_write_data(a, e[i].data, len) != (la_ssize_t)len)
			fail_msg("write_data '%s': %s", e[i].name, archive_error_string(a));
		archive_entry_free(ae);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static const arc_entry sample[] = {
	{ "export/outbox.json", "{\"orderedItems\":[]}", FILE_, NULL },
	{ "export/", NULL, DIR_, NULL },
	{ "export/media_attachments/files/111/original/a.png", "PNG-A", FILE_, NULL },
	{ "README.txt", "Exempelby kommun", FILE_, NULL },
	{ "export/actor.json", "{\"type\":\"Person\"}", FILE_, NULL },
	{ "./export/likes.json", "[]", FILE_, NULL },
};

static const char *const sample_sorted[] = {
	"README.txt",
	"export/actor.json",
	"export/likes.json",
	"export/media_attachments/files/111/original/a.png",
	"export/outbox.json",
};

static void check_sample_listing(som_source *src)
{
	assert_int_equal(som_source__count(src), SOM_ARRAY_SIZE(sample_sorted));
	for (size_t i = 0; i < SOM_ARRAY_SIZE(sample_sorted); i++)
		assert_string_equal(som_source__entry(src, i), sample_sorted[i]);
	assert_int_equal(som_source__entry_size(src, 0), strlen("Exempelby kommun"));
	assert_int_equal(som_source__entry_size(src, 3), 5);
	assert_int_equal(strlen(som_source__sha256(src)), 64);
}

static void check_sample_find(som_source *src)
{
	const char *png = "export/media_attachments/files/111/original/a.png";

	assert_int_equal(som_source__find(src, "README.txt"), 0);
	assert_int_equal(som_source__find(src, "export/outbox.json"), 4);
	assert_int_equal(som_source__find(src, "outbox.json"), -1);
	assert_int_equal(som_source__find(src, "export"), -1);
	assert_int_equal(som_source__find(src, ""), -1);
	assert_int_equal(som_source__find(src, "zzz"), -1);

	assert_int_equal(som_source__find_suffix(src, "outbox.json"), 4);
	assert_int_equal(som_source__find_suffix(src, "export/outbox.json"), 4);
	assert_int_equal(som_source__find_suffix(src, "a.png"), 3);
	/* The export names it under the server's storage prefix. */
	assert_int_equal(som_source__find_suffix(src,
		"/instance/export/media_attachments/files/111/original/a.png"), 3);
	assert_int_equal(som_source__find_suffix(src,
		"instance/export/media_attachments/files/111/original/a.png"), 3);
	/* Different prefixes on both sides: neither is a suffix of the other. */
	assert_int_equal(som_source__find_suffix(src,
		"/instance/media_attachments/files/111/original/a.png"), -1);
	assert_int_equal(som_source__find_suffix(src, png), 3);
	/* Only whole path components match. */
	assert_int_equal(som_source__find_suffix(src, "box.json"), -1);
	assert_int_equal(som_source__find_suffix(src, "/instance/xoriginal/a.png"), -1);
	assert_int_equal(som_source__find_suffix(src, "other/a.png"), -1);
	assert_int_equal(som_source__find_suffix(src, "b.png"), -1);
	assert_int_equal(som_source__find_suffix(src, "/"), -1);
	assert_int_equal(som_source__find_suffix(src, ""), -1);
}

static void check_slurp(som_source *src, const char *name, const char *want)
{
	char *data = NULL;
	size_t len = 0;
	int error = som_source__slurp(&data, &len, src, name, 1024 * 1024);

	if (error)
		fail_msg("slurp '%s': %s", name, som_error_last());
	assert_int_equal(len, strlen(want));
	assert_memory_equal(data, want, len);
	som_free(data);
}

struct order {
	int n;
	char names[16][128];
	char data[16][64];
};

static int order_cb(const char *name, int64_t size, som_source_reader *r, void *payload)
{
	struct order *o = payload;
	ssize_t n, total = 0;

	assert_true(o->n < 16);
	snprintf(o->names[o->n], 128, "%s", name);
	while ((n = som_source__read(r, o->data[o->n] + total,
			sizeof(o->data[0]) - 1 - (size_t)total)) > 0)
		total += n;
	assert_true(n == 0 || total == (ssize_t)sizeof(o->data[0]) - 1);
	o->data[o->n][total] = '\0';
	if (size >= 0)
		assert_int_equal(size, total);
	o->n++;
	return 0;
}

static void make_sample_folder(fixture *f, const char *rel)
{
	char path[700];

	for (size_t i = 0; i < SOM_ARRAY_SIZE(sample); i++) {
		if (sample[i].type != FILE_)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", f->dir, rel, sample[i].name);
		assert_int_equal(write_text(path, sample[i].data), 0);
	}
}

static void test_source__folder(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	struct order o;

	make_sample_folder(f, "folder");
	assert_int_equal(som_source__open(&src, in_dir(f, "folder"), f->dir), 0);
	assert_string_equal(som_source__kind(src), "folder");
	assert_string_equal(som_source__name(src), in_dir(f, "folder"));
	check_sample_listing(src);
	check_sample_find(src);
	check_slurp(src, "export/actor.json", "{\"type\":\"Person\"}");
	check_slurp(src, "README.txt", "Exempelby kommun");

	memset(&o, 0, sizeof(o));
	assert_int_equal(som_source__foreach(src, NULL, order_cb, &o), 0);
	assert_int_equal(o.n, 5);
	assert_string_equal(o.names[3], "export/media_attachments/files/111/original/a.png");
	assert_string_equal(o.data[3], "PNG-A");
	som_source__free(src);
	som_source__free(NULL);
}

/* Of several entries ending in the name, the shortest; a root entry under a prefixed name. */
static void test_source__find_suffix_choices(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	static const char *const names[] = {
		"a/media/p.png", "amedia/q.png", "media/p.png",
		"media_attachments/files/1/original/b.png", "x/y/media/p.png",
	};
	static const struct {
		const char *name;
		int64_t want;
	} cases[] = {
		{ "p.png", 2 },
		{ "media/p.png", 2 },
		{ "/media/p.png", 2 },
		/* An exact match wins over a shorter entry that the name merely ends with. */
		{ "x/y/media/p.png", 4 },
		{ "a/media/p.png", 0 },
		/* And an entry ending in the whole name over one the name ends with. */
		{ "y/media/p.png", 4 },
		{ "/instance/a/media/p.png", 0 },
		{ "media/q.png", -1 },
		{ "q.png", 1 },
		{ "/instance/media_attachments/files/1/original/b.png", 3 },
		{ "/exempelby/media_attachments/files/1/original/b.png", 3 },
		{ "/instance/media_attachments/files/2/original/b.png", -1 },
	};
	int64_t got[sizeof(cases) / sizeof(cases[0])];
	int wrong = 0;
	char path[700];

	for (size_t i = 0; i < SOM_ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/tree/%s", f->dir, names[i]);
		assert_int_equal(write_text(path, names[i]), 0);
	}
	assert_int_equal(som_source__open(&src, in_dir(f, "tree"), f->dir), 0);
	for (size_t i = 0; i < SOM_ARRAY_SIZE(names); i++)
		assert_string_equal(som_source__entry(src, i), names[i]);
	for (size_t i = 0; i < SOM_ARRAY_SIZE(cases); i++) {
		got[i] = som_source__find_suffix(src, cases[i].name);
		if (got[i] != cases[i].want) {
			print_message("find_suffix('%s'): got '%s', want '%s'\n", cases[i].name,
				got[i] < 0 ? "(none)" : som_source__entry(src, (size_t)got[i]),
				cases[i].want < 0 ? "(none)" : names[cases[i].want]);
			wrong++;
		}
	}
	som_source__free(src);
	assert_int_equal(wrong, 0);
}

static void test_source__folder_digest(void **state)
{
	fixture *f = *state;
	som_source *a = NULL, *b = NULL, *c = NULL;
	char path[700];

	make_sample_folder(f, "one");
	make_sample_folder(f, "two");
	assert_int_equal(som_source__open(&a, in_dir(f, "one"), f->dir), 0);
	assert_int_equal(som_source__open(&b, in_dir(f, "two"), f->dir), 0);
	/* Same names and contents, same digest, wherever the folder is. */
	assert_string_equal(som_source__sha256(a), som_source__sha256(b));
	snprintf(path, sizeof(path), "%s/two/README.txt", f->dir);
	assert_int_equal(write_text(path, "Exempelby komun"), 0);
	assert_int_equal(som_source__open(&c, in_dir(f, "two"), f->dir), 0);
	assert_string_not_equal(som_source__sha256(a), som_source__sha256(c));
	som_source__free(a);
	som_source__free(b);
	som_source__free(c);
}

static void test_source__empty_folder(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;

	assert_int_equal(make_dirs(in_dir(f, "empty")), 0);
	assert_int_equal(som_source__open(&src, in_dir(f, "empty"), f->dir), 0);
	assert_int_equal(som_source__count(src), 0);
	assert_int_equal(som_source__find(src, "x"), -1);
	assert_int_equal(som_source__find_suffix(src, "x"), -1);
	som_source__free(src);
}

static void test_source__single_file(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	char want[65];
	const char *text = "{\"id\":\"1\"}\n";

	assert_int_equal(write_text(in_dir(f, "items.ndjson"), text), 0);
	assert_int_equal(som_source__open(&src, in_dir(f, "items.ndjson"), f->dir), 0);
	assert_string_equal(som_source__kind(src), "file");
	assert_int_equal(som_source__count(src), 1);
	assert_string_equal(som_source__entry(src, 0), "items.ndjson");
	assert_int_equal(som_source__entry_size(src, 0), strlen(text));
	assert_int_equal(som_sha256__hex(want, text, strlen(text)), 0);
	assert_string_equal(som_source__sha256(src), want);
	check_slurp(src, "items.ndjson", text);
	som_source__free(src);
}

static void test_source__missing(void **state)
{
	fixture *f = *state;
	som_source *src = (som_source *)1;

	assert_int_equal(som_source__open(&src, in_dir(f, "nothing.zip"), f->dir), SOM_EINVALID);
	assert_null(src);
	assert_true(contains(som_error_last(), "nothing.zip"));
}

static void test_source__zip(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	struct order o;
	char want[65], *bytes;
	size_t len = 0;

	write_archive(in_dir(f, "export.zip"), "zip", sample, SOM_ARRAY_SIZE(sample));
	assert_int_equal(som_source__open(&src, in_dir(f, "export.zip"), f->dir), 0);
	assert_string_equal(som_source__kind(src), "zip");
	check_sample_listing(src);
	check_sample_find(src);
	check_slurp(src, "export/outbox.json", "{\"orderedItems\":[]}");
	check_slurp(src, "export/likes.json", "[]");
	/* The digest is the file's. */
	bytes = read_whole_file(in_dir(f, "export.zip"), &len);
	assert_non_null(bytes);
	assert_int_equal(som_sha256__hex(want, bytes, len), 0);
	assert_string_equal(som_source__sha256(src), want);
	free(bytes);

	/* Entries are visited in archive order. */
	memset(&o, 0, sizeof(o));
	assert_int_equal(som_source__foreach(src, NULL, order_cb, &o), 0);
	assert_int_equal(o.n, 5);
	assert_string_equal(o.names[0], "export/outbox.json");
	assert_string_equal(o.data[0], "{\"orderedItems\":[]}");
	assert_string_equal(o.names[1], "export/media_attachments/files/111/original/a.png");
	assert_string_equal(o.names[2], "README.txt");
	assert_string_equal(o.names[4], "export/likes.json");
	assert_string_equal(o.data[4], "[]");
	som_source__free(src);
}

static void test_source__tar_gz(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	unsigned char want[8] = { 0 };
	struct order o;

	write_archive(in_dir(f, "export.tar.gz"), "tgz", sample, SOM_ARRAY_SIZE(sample));
	assert_int_equal(som_source__open(&src, in_dir(f, "export.tar.gz"), f->dir), 0);
	assert_string_equal(som_source__kind(src), "tar");
	check_sample_listing(src);
	check_sample_find(src);
	check_slurp(src, "export/media_attachments/files/111/original/a.png", "PNG-A");

	/* Only the wanted entries are visited. */
	want[1] = want[4] = 1;
	memset(&o, 0, sizeof(o));
	assert_int_equal(som_source__foreach(src, want, order_cb, &o), 0);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.names[0], "export/outbox.json");
	assert_string_equal(o.names[1], "export/actor.json");
	som_source__free(src);
}

static void test_source__plain_tar(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;

	write_archive(in_dir(f, "export.tar"), "tar", sample, SOM_ARRAY_SIZE(sample));
	assert_int_equal(som_source__open(&src, in_dir(f, "export.tar"), f->dir), 0);
	assert_string_equal(som_source__kind(src), "tar");
	check_sample_listing(src);
	som_source__free(src);
}

static void test_source__entry_not_found(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	char *data = NULL;
	size_t len = 0;

	write_archive(in_dir(f, "export.zip"), "zip", sample, SOM_ARRAY_SIZE(sample));
	assert_int_equal(som_source__open(&src, in_dir(f, "export.zip"), f->dir), 0);
	assert_int_equal(som_source__slurp(&data, &len, src, "nope.json", 1024), SOM_ENOTFOUND);
	assert_true(contains(som_error_last(), "nope.json"));
	/* Larger than allowed. */
	assert_int_equal(som_source__slurp(&data, &len, src, "README.txt", 4), SOM_EINVALID);
	som_source__free(src);
}

/* Open an archive of one hostile entry among good ones; expect SOM_EINVALID naming it. */
static void expect_refused(fixture *f, const char *format, const arc_entry *bad,
	const char *want)
{
	arc_entry e[3] = {
		{ "good.txt", "fine", FILE_, NULL },
		*bad,
		{ "also-good.txt", "fine", FILE_, NULL },
	};
	som_source *src = (som_source *)1;
	char name[64];
	int error;

	snprintf(name, sizeof(name), "hostile.%s", !strcmp(format, "zip") ? "zip" : "tar.gz");
	write_archive(in_dir(f, name), format, e, 3);
	error = som_source__open(&src, in_dir(f, name), f->dir);
	if (error != SOM_EINVALID)
		fail_msg("%s with entry '%s': want SOM_EINVALID, got %d (%s)", format, bad->name,
			error, error ? som_error_last() : "opened");
	assert_null(src);
	if (!contains(som_error_last(), want) || !contains(som_error_last(), name))
		fail_msg("message '%s' does not name '%s' and '%s'", som_error_last(), want, name);
	unlink(in_dir(f, name));
}

static void test_source__zip_dotdot(void **state)
{
	fixture *f = *state;
	const arc_entry dotdot = { "../x", "evil", FILE_, NULL };
	const arc_entry deep = { "a/b/../../../x", "evil", FILE_, NULL };
	const arc_entry backslash = { "..\\evil.txt", "evil", FILE_, NULL };

	expect_refused(f, "zip", &dotdot, "'../x'");
	expect_refused(f, "zip", &deep, "'a/b/../../../x'");
	expect_refused(f, "zip", &backslash, "evil.txt");
	expect_refused(f, "tgz", &dotdot, "'../x'");
}

static void test_source__zip_absolute(void **state)
{
	fixture *f = *state;
	const arc_entry abs = { "/etc/passwd", "root:x:0:0", FILE_, NULL };
	const arc_entry drive = { "C:/Windows/win.ini", "[x]", FILE_, NULL };

	expect_refused(f, "zip", &abs, "/etc/passwd");
	expect_refused(f, "zip", &drive, "win.ini");
	expect_refused(f, "tgz", &abs, "/etc/passwd");
}

static void test_source__zip_symlink(void **state)
{
	fixture *f = *state;
	const arc_entry link = { "export/link", NULL, SYMLINK_, "/etc/passwd" };
	const arc_entry rel = { "export/up", NULL, SYMLINK_, "../../secret" };

	expect_refused(f, "zip", &link, "'export/link'");
	expect_refused(f, "zip", &rel, "'export/up'");
	expect_refused(f, "tgz", &link, "'export/link'");
}

static void test_source__tar_hardlink_and_fifo(void **state)
{
	fixture *f = *state;
	const arc_entry hard = { "copy.txt", NULL, HARDLINK_, "good.txt" };
	const arc_entry fifo = { "pipe", NULL, FIFO_, NULL };

	expect_refused(f, "tgz", &hard, "'copy.txt'");
	expect_refused(f, "tgz", &fifo, "'pipe'");
}

static void test_source__duplicate_entries(void **state)
{
	fixture *f = *state;
	const arc_entry dup = { "./good.txt", "again", FILE_, NULL };

	expect_refused(f, "zip", &dup, "good.txt");
}

/* Write an archive of a few sizeable entries, then keep only the first `keep` bytes. */
static void write_truncated(fixture *f, const char *name, const char *format, int half)
{
	static char big[3][20000];
	arc_entry e[3];
	char *bytes;
	size_t len = 0;
	uint32_t x = 12345;

	for (int i = 0; i < 3; i++) {
		for (size_t k = 0; k < sizeof(big[i]) - 1; k++) {
			x = x * 1103515245u + 12345u;
			big[i][k] = (char)('a' + (x >> 16) % 26);
		}
		big[i][sizeof(big[i]) - 1] = '\0';
	}
	e[0] = (arc_entry){ "one.ndjson", big[0], FILE_, NULL };
	e[1] = (arc_entry){ "two.ndjson", big[1], FILE_, NULL };
	e[2] = (arc_entry){ "three.ndjson", big[2], FILE_, NULL };
	write_archive(in_dir(f, name), format, e, 3);
	bytes = read_whole_file(in_dir(f, name), &len);
	assert_non_null(bytes);
	assert_true(len > 1000);
	assert_int_equal(write_file(in_dir(f, name), bytes, half ? len / 2 : len - 30), 0);
	free(bytes);
}

static void expect_truncated_refused(fixture *f, const char *name)
{
	som_source *src = NULL;
	char *data = NULL;
	size_t len = 0;
	int error = som_source__open(&src, in_dir(f, name), f->dir);

	if (error == 0) {
		/* Opened: then reading every entry must fail. */
		for (size_t i = 0; i < som_source__count(src) && !error; i++) {
			error = som_source__slurp(&data, &len, src, som_source__entry(src, i),
				1024 * 1024);
			som_free(data);
			data = NULL;
		}
		som_source__free(src);
		if (error == 0)
			fail_msg("truncated '%s' was opened and read without an error", name);
	}
	assert_int_equal(error, SOM_EINVALID);
	if (!contains(som_error_last(), name))
		fail_msg("message '%s' does not name '%s'", som_error_last(), name);
}

static void test_source__zip_truncated(void **state)
{
	fixture *f = *state;
	som_source *src = (som_source *)1;

	write_truncated(f, "half.zip", "zip", 1);
	/* The listing itself must fail: half an archive is not an export. */
	assert_int_equal(som_source__open(&src, in_dir(f, "half.zip"), f->dir), SOM_EINVALID);
	assert_null(src);
	assert_true(contains(som_error_last(), "half.zip"));
}

static void test_source__zip_cut_in_directory(void **state)
{
	fixture *f = *state;

	/* Only the end of the central directory is lost. */
	write_truncated(f, "cut.zip", "zip", 0);
	expect_truncated_refused(f, "cut.zip");
}

static void test_source__tar_gz_truncated(void **state)
{
	fixture *f = *state;

	write_truncated(f, "half.tar.gz", "tgz", 1);
	expect_truncated_refused(f, "half.tar.gz");
}

static void test_source__folder_with_symlink(void **state)
{
	fixture *f = *state;
	som_source *src = (som_source *)1;

	make_sample_folder(f, "folder");
	assert_int_equal(make_dirs(in_dir(f, "folder/export/media")), 0);
	assert_int_equal(symlink("/etc/passwd", in_dir(f, "folder/export/media/passwd")), 0);
	assert_int_equal(som_source__open(&src, in_dir(f, "folder"), f->dir), SOM_EINVALID);
	assert_null(src);
	assert_true(contains(som_error_last(), "export/media/passwd"));
	assert_true(contains(som_error_last(), "link"));
}

static void test_source__folder_with_dir_symlink(void **state)
{
	fixture *f = *state;
	som_source *src = (som_source *)1;

	make_sample_folder(f, "folder");
	assert_int_equal(symlink("/etc", in_dir(f, "folder/etc")), 0);
	assert_int_equal(som_source__open(&src, in_dir(f, "folder"), f->dir), SOM_EINVALID);
	assert_null(src);
	assert_true(contains(som_error_last(), "'etc'"));
}

/*
 * A link put in place of an entry after the source was opened (between
 * the walk that checked it and the read) is refused, not followed.
 */
static void test_source__folder_file_swapped_for_link(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	char *data = NULL, target[700];
	size_t len = 0;

	make_sample_folder(f, "folder");
	assert_int_equal(write_text(in_dir(f, "secret.txt"), "SECRET"), 0);
	snprintf(target, sizeof(target), "%s", in_dir(f, "secret.txt"));
	assert_int_equal(som_source__open(&src, in_dir(f, "folder"), f->dir), 0);
	assert_int_equal(unlink(in_dir(f, "folder/export/actor.json")), 0);
	assert_int_equal(symlink(target, in_dir(f, "folder/export/actor.json")), 0);
	assert_int_equal(som_source__slurp(&data, &len, src, "export/actor.json", 1 << 20),
		SOM_EINVALID);
	assert_null(data);
	assert_true(contains(som_error_last(), "'export/actor.json' is a link or was replaced"));
	som_source__free(src);
}

static void test_source__folder_dir_swapped_for_link(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	char *data = NULL, target[700], old_name[700];
	size_t len = 0;

	make_sample_folder(f, "folder");
	make_sample_folder(f, "elsewhere");
	assert_int_equal(write_text(in_dir(f, "elsewhere/export/actor.json"), "SECRET"), 0);
	snprintf(target, sizeof(target), "%s", in_dir(f, "elsewhere/export"));
	assert_int_equal(som_source__open(&src, in_dir(f, "folder"), f->dir), 0);
	snprintf(old_name, sizeof(old_name), "%s", in_dir(f, "folder/export"));
	assert_int_equal(rename(old_name, in_dir(f, "folder/old")), 0);
	assert_int_equal(symlink(target, in_dir(f, "folder/export")), 0);
	assert_int_equal(som_source__slurp(&data, &len, src, "export/actor.json", 1 << 20),
		SOM_EINVALID);
	assert_null(data);
	assert_true(contains(som_error_last(), "is a link or was replaced"));
	som_source__free(src);
}

/* A pipe in place of a file would block the reader for ever: refused. */
static void test_source__folder_file_swapped_for_fifo(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;
	char *data = NULL;
	size_t len = 0;

	make_sample_folder(f, "folder");
	assert_int_equal(som_source__open(&src, in_dir(f, "folder"), f->dir), 0);
	assert_int_equal(unlink(in_dir(f, "folder/README.txt")), 0);
	assert_int_equal(mkfifo(in_dir(f, "folder/README.txt"), 0600), 0);
	assert_int_equal(som_source__slurp(&data, &len, src, "README.txt", 1 << 20),
		SOM_EINVALID);
	assert_true(contains(som_error_last(), "'README.txt' is no longer a regular file"));
	som_source__free(src);
}

static void test_source__not_an_archive(void **state)
{
	fixture *f = *state;
	som_source *src = NULL;

	/* Starts like a zip but is not one. */
	assert_int_equal(write_file(in_dir(f, "fake.zip"), "PK\003\004garbage garbage", 20), 0);
	assert_int_equal(som_source__open(&src, in_dir(f, "fake.zip"), f->dir), SOM_EINVALID);
	assert_null(src);
	assert_true(contains(som_error_last(), "fake.zip"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_source__folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__find_suffix_choices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__folder_digest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__empty_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__single_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__zip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__tar_gz, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__plain_tar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__entry_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__zip_dotdot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__zip_absolute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__zip_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__tar_hardlink_and_fifo, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_source__duplicate_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__zip_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__zip_cut_in_directory, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_source__tar_gz_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source__folder_with_symlink, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_source__folder_with_dir_symlink, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_source__folder_file_swapped_for_link, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_source__folder_dir_swapped_for_link, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_source__folder_file_swapped_for_fifo, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_source__not_an_archive, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
