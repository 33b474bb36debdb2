/*
 * Unit tests of the ingest core (src/ingest/ingest.c, src/ingest/store_capture.c) with
 * the canonical NDJSON importer, through the public API: counts on first
 * and repeated ingest, versions on edits, partial captures, closed
 * accounts, bad input that must leave the store unchanged, attachments,
 * and allocation failures at every step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "formats/json.h"
#include "helpers.h"

typedef struct fixture {
	char dir[256];
	char store_dir[300];
	char path[600];      /* scratch */
	som_store *store;
	int64_t account;
} fixture;

static int open_fresh_store(fixture *f)
{
	som_account in;

	remove_tree(f->store_dir);
	if (som_store_init(&f->store, f->store_dir, "tester") != 0)
		return -1;
	memset(&in, 0, sizeof(in));
	in.platform = "mastodon";
	in.handle = "@exempelby@social.exempelby.se";
	in.display_name = "Exempelby kommun";
	return som_account_add(&f->account, f->store, &in);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "ingest") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	if (open_fresh_store(f) != 0) {
		fprintf(stderr, "setup: %s\n", som_error_last());
		som_store_free(f->store);
		remove_tree(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	som_alloc_set_fail_hook(NULL, NULL);
	som_store_free(f->store);
	remove_tree(f->dir);
	free(f);
	return 0;
}

static const char *in_dir(fixture *f, const char *rel)
{
	return path_join(f->path, sizeof(f->path), f->dir, rel);
}

/* One canonical line (no newline) into `out`. */
static const char *item_line(char *out, size_t size, const char *id, const char *kind,
	const char *created, const char *text)
{
	snprintf(out, size,
		"{\"platform\":\"mastodon\",\"id\":\"%s\",\"kind\":\"%s\",\"created\":\"%s\","
		"\"author\":{\"name\":\"Lisa Berg\",\"id\":\"lisa\"},\"by_account\":false,"
		"\"text\":\"%s\",\"url\":\"https://social.example/%s\",\"attachments\":[]}",
		id, kind, created, text, id);
	return out;
}

static const char *const texts[] = {
	"Klagomål: Björkvägen har inte plogats på tre dagar.",
	"Tack till alla plogförare som jobbar i natt! ❄️",
	"Synpunkt på den nya skolan i Norrby.",
	"När öppnar biblioteket?",
	"Hej! Trevlig helg.",
};

/* Write N items "id1".."idN" to DIR/rel, with text `changed` for item `which` (1-based). */
static const char *write_items(fixture *f, const char *rel, int n, int which,
	const char *changed)
{
	som_buf b = SOM_BUF_INIT;
	char line[1024], id[16], created[32];

	for (int i = 1; i <= n; i++) {
		snprintf(id, sizeof(id), "id%d", i);
		snprintf(created, sizeof(created), "2026-01-%02dT10:00:00+01:00", 10 + i);
		item_line(line, sizeof(line), id, i == 1 ? "post" : "comment", created,
			i == which ? changed : texts[(i - 1) % 5]);
		assert_int_equal(som_buf_printf(&b, "%s\n", line), 0);
	}
	assert_int_equal(write_file(in_dir(f, rel), b.ptr, b.size), 0);
	som_buf_dispose(&b);
	return in_dir(f, rel);
}

static som_capture *ingest_ok(fixture *f, const char *path, const som_ingest_options *opts)
{
	som_capture *cap = NULL;
	int error = som_ingest(&cap, f->store, f->account, path, opts);

	if (error != 0)
		fail_msg("ingest '%s': %d: %s", path, error, som_error_last());
	assert_non_null(cap);
	return cap;
}

static void test_ingest__counts_new_and_unchanged(void **state)
{
	fixture *f = *state;
	som_capture *cap;
	const char *path = write_items(f, "items.ndjson", 3, 0, NULL);
	int64_t count = 0;

	cap = ingest_ok(f, path, NULL);
	assert_int_equal(cap->n_new, 3);
	assert_int_equal(cap->n_changed, 0);
	assert_int_equal(cap->n_unchanged, 0);
	assert_int_equal(cap->n_removed, 0);
	assert_int_equal(cap->account_id, f->account);
	assert_string_equal(cap->format, "ndjson");
	assert_string_equal(cap->actor, "tester");
	assert_string_equal(cap->source_name, path);
	assert_int_equal(strlen(cap->source_sha256), 64);
	assert_string_equal(cap->report, "[]");
	som_capture_free(cap);

	/* The same export again adds nothing. */
	path = write_items(f, "items.ndjson", 3, 0, NULL);
	cap = ingest_ok(f, path, NULL);
	assert_int_equal(cap->n_new, 0);
	assert_int_equal(cap->n_changed, 0);
	assert_int_equal(cap->n_unchanged, 3);
	som_capture_free(cap);

	assert_int_equal(db_count(f->store_dir, "item"), 3);
	assert_int_equal(db_count(f->store_dir, "version"), 3);
	assert_int_equal(db_count(f->store_dir, "capture"), 2);
	/* Each capture is audited and the chain holds. */
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM audit WHERE action = 'capture'"), 2);
	assert_int_equal(som_audit_verify(&count, NULL, f->store), 0);
	som_capture_free(NULL);
}

static void test_ingest__item_fields(void **state)
{
	fixture *f = *state;
	som_capture *cap = ingest_ok(f, write_items(f, "items.ndjson", 2, 0, NULL), NULL);
	som_item *item = NULL;
	som_buf b = SOM_BUF_INIT;

	assert_int_equal(som_item_lookup(&item, f->store, "id2"), 0);
	assert_string_equal(item->platform_id, "id2");
	assert_string_equal(item->platform, "mastodon");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->created, "2026-01-12T09:00:00Z");
	assert_string_equal(item->author_name, "Lisa Berg");
	assert_string_equal(item->format, "ndjson");
	assert_int_equal(item->first_capture, cap->id);
	assert_int_equal(item->removed_capture, 0);
	assert_int_equal(item->n_versions, 1);
	assert_string_equal(item->versions[0].text, texts[1]);
	assert_int_equal(item->versions[0].capture_id, cap->id);
	/* The raw line is kept as evidence. */
	assert_int_equal(som_object_read(&b, f->store, item->versions[0].raw_digest), 0);
	assert_true(contains(b.ptr, "plogförare"));
	som_item_free(item);
	som_item_free(NULL);
	som_buf_dispose(&b);
	som_capture_free(cap);
}

static void test_ingest__text_change_makes_version(void **state)
{
	fixture *f = *state;
	som_capture *first, *second;
	som_item *item = NULL;

	first = ingest_ok(f, write_items(f, "v1.ndjson", 3, 0, NULL), NULL);
	second = ingest_ok(f, write_items(f, "v2.ndjson", 3, 2, "Tack! Uppdaterad text."), NULL);
	assert_int_equal(second->n_new, 0);
	assert_int_equal(second->n_changed, 1);
	assert_int_equal(second->n_unchanged, 2);

	assert_int_equal(som_item_lookup(&item, f->store, "id2"), 0);
	assert_int_equal(item->n_versions, 2);
	assert_int_equal(item->versions[0].seq, 1);
	assert_string_equal(item->versions[0].text, texts[1]);
	assert_int_equal(item->versions[0].capture_id, first->id);
	assert_int_equal(item->versions[1].seq, 2);
	assert_string_equal(item->versions[1].text, "Tack! Uppdaterad text.");
	assert_int_equal(item->versions[1].capture_id, second->id);
	assert_string_not_equal(item->versions[0].raw_digest, item->versions[1].raw_digest);
	som_item_free(item);
	/* The others keep one version. */
	assert_int_equal(som_item_lookup(&item, f->store, "id1"), 0);
	assert_int_equal(item->n_versions, 1);
	som_item_free(item);
	som_capture_free(first);
	som_capture_free(second);
}

static void test_ingest__edit_time_makes_version(void **state)
{
	fixture *f = *state;
	som_capture *cap;
	som_item *item = NULL;
	const char *v1 = "{\"id\":\"e1\",\"kind\":\"post\",\"created\":\"2026-03-02T13:20:00Z\","
		"\"text\":\"Vattenavstängning kl. 08.00–12.00\"}\n";
	const char *v2 = "{\"id\":\"e1\",\"kind\":\"post\",\"created\":\"2026-03-02T13:20:00Z\","
		"\"edited\":\"2026-03-04T10:40:00+01:00\",\"text\":\"Vattenavstängning kl. 08.00–12.00\"}\n";

	assert_int_equal(write_text(in_dir(f, "e.ndjson"), v1), 0);
	som_capture_free(ingest_ok(f, in_dir(f, "e.ndjson"), NULL));
	assert_int_equal(write_text(in_dir(f, "e.ndjson"), v2), 0);
	cap = ingest_ok(f, in_dir(f, "e.ndjson"), NULL);
	assert_int_equal(cap->n_changed, 1);
	som_capture_free(cap);
	assert_int_equal(som_item_lookup(&item, f->store, "e1"), 0);
	assert_int_equal(item->n_versions, 2);
	assert_null(item->versions[0].edited);
	assert_string_equal(item->versions[1].edited, "2026-03-04T09:40:00Z");
	som_item_free(item);
	/* Once more: unchanged. */
	cap = ingest_ok(f, in_dir(f, "e.ndjson"), NULL);
	assert_int_equal(cap->n_unchanged, 1);
	assert_int_equal(cap->n_changed, 0);
	som_capture_free(cap);
}

/* NDJSON is never a full export: an item it lacks is not marked removed, partial or not. */
static void test_ingest__partial_and_full(void **state)
{
	fixture *f = *state;
	som_ingest_options full = SOM_INGEST_OPTIONS_INIT, partial = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap;
	som_item *item = NULL;

	partial.partial = 1;
	full.partial = 0;
	som_capture_free(ingest_ok(f, write_items(f, "all.ndjson", 3, 0, NULL), NULL));

	cap = ingest_ok(f, write_items(f, "two.ndjson", 2, 0, NULL), &full);
	assert_int_equal(cap->full, 0);
	assert_int_equal(cap->n_unchanged, 2);
	assert_int_equal(cap->n_removed, 0);
	som_capture_free(cap);

	cap = ingest_ok(f, write_items(f, "one.ndjson", 1, 0, NULL), &partial);
	assert_int_equal(cap->full, 0);
	assert_int_equal(cap->n_removed, 0);
	som_capture_free(cap);

	/* Explicitly naming the format changes nothing. */
	full.format = "ndjson";
	cap = ingest_ok(f, write_items(f, "one.ndjson", 1, 0, NULL), &full);
	assert_int_equal(cap->n_removed, 0);
	som_capture_free(cap);

	assert_int_equal(som_item_lookup(&item, f->store, "id3"), 0);
	assert_int_equal(item->removed_capture, 0);
	assert_null(item->removed_at);
	som_item_free(item);
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM item WHERE removed_capture IS NOT NULL"), 0);
}

static void test_ingest__closed_account(void **state)
{
	fixture *f = *state;
	som_capture *cap = (som_capture *)1;
	const char *path = write_items(f, "items.ndjson", 2, 0, NULL);

	assert_int_equal(som_account_close(f->store, f->account, "2026-06-30",
		"kontot avslutas", NULL), 0);
	assert_int_equal(som_ingest(&cap, f->store, f->account, path, NULL), SOM_EINVALID);
	assert_null(cap);
	assert_true(contains(som_error_last(), "closed"));
	assert_true(contains(som_error_last(), "@exempelby@social.exempelby.se"));
	assert_int_equal(db_count(f->store_dir, "capture"), 0);
	assert_int_equal(db_count(f->store_dir, "item"), 0);

	assert_int_equal(som_account_reopen(f->store, f->account, "återöppnat"), 0);
	som_capture_free(ingest_ok(f, path, NULL));
}

static void test_ingest__unknown_account_and_format(void **state)
{
	fixture *f = *state;
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	char path[600];

	snprintf(path, sizeof(path), "%s", write_items(f, "items.ndjson", 1, 0, NULL));
	assert_int_equal(som_ingest(&cap, f->store, 999, path, NULL), SOM_ENOTFOUND);
	opts.format = "myspace";
	assert_int_equal(som_ingest(&cap, f->store, f->account, path, &opts), SOM_EINVALID);
	assert_true(contains(som_error_last(), "myspace"));
	assert_int_equal(som_ingest(&cap, f->store, f->account, in_dir(f, "none.ndjson"), NULL),
		SOM_EINVALID);
	assert_true(contains(som_error_last(), "none.ndjson"));
	assert_int_equal(db_count(f->store_dir, "capture"), 0);
	/* Without an out parameter. */
	if (som_ingest(NULL, f->store, f->account, path, NULL) != 0)
		fail_msg("ingest without out: %s", som_error_last());
	assert_int_equal(db_count(f->store_dir, "capture"), 1);
}

static void test_ingest__read_only_store(void **state)
{
	fixture *f = *state;
	som_store *reader = NULL;
	som_capture *cap = NULL;
	const char *path = write_items(f, "items.ndjson", 1, 0, NULL);

	assert_int_equal(som_store_open(&reader, f->store_dir, SOM_STORE_OPEN_READ, NULL), 0);
	assert_int_equal(som_ingest(&cap, reader, f->account, path, NULL), SOM_EINVALID);
	assert_null(cap);
	som_store_free(reader);
	assert_int_equal(db_count(f->store_dir, "capture"), 0);
}

typedef struct counts {
	int64_t item, version, capture, audit, object, attachment;
} counts;

static counts count_rows(fixture *f)
{
	counts c;

	c.item = db_count(f->store_dir, "item");
	c.version = db_count(f->store_dir, "version");
	c.capture = db_count(f->store_dir, "capture");
	c.audit = db_count(f->store_dir, "audit");
	c.object = db_count(f->store_dir, "object");
	c.attachment = db_count(f->store_dir, "attachment");
	return c;
}

/*
 * After one good capture, ingest "bad.ndjson": two good new items, then
 * `bad` (`len` bytes) as line 3. Expect SOM_EINVALID naming the file and
 * line 3 (and `want` when given), and no row changed.
 */
static void expect_bad_line(fixture *f, const char *bad, size_t len, const char *want)
{
	som_buf b = SOM_BUF_INIT;
	som_capture *cap = (som_capture *)1;
	char line[1024];
	counts before, after;
	int64_t n = 0;
	int error;

	som_capture_free(ingest_ok(f, write_items(f, "good.ndjson", 3, 0, NULL), NULL));
	before = count_rows(f);
	assert_true(before.item == 3 && before.capture == 1);

	assert_int_equal(som_buf_printf(&b, "%s\n", item_line(line, sizeof(line), "g1", "post",
		"2026-02-01T08:00:00Z", "Ny")), 0);
	assert_int_equal(som_buf_printf(&b, "%s\n", item_line(line, sizeof(line), "id1", "post",
		"2026-01-11T10:00:00+01:00", "Ändrad")), 0);
	assert_int_equal(som_buf_put(&b, bad, len), 0);
	assert_int_equal(som_buf_puts(&b, "\n"), 0);
	assert_int_equal(som_buf_printf(&b, "%s\n", item_line(line, sizeof(line), "g4", "post",
		"2026-02-01T08:00:00Z", "Efter")), 0);
	assert_int_equal(write_file(in_dir(f, "bad.ndjson"), b.ptr, b.size), 0);
	som_buf_dispose(&b);

	error = som_ingest(&cap, f->store, f->account, in_dir(f, "bad.ndjson"), NULL);
	if (error != SOM_EINVALID)
		fail_msg("want SOM_EINVALID, got %d: %s", error, som_error_last());
	assert_null(cap);
	if (!contains(som_error_last(), "'bad.ndjson'") || !contains(som_error_last(), "line 3") ||
	    (want && !contains(som_error_last(), want)))
		fail_msg("message '%s' does not name 'bad.ndjson', line 3%s%s", som_error_last(),
			want ? " and " : "", want ? want : "");
	/* One line, lower-case start, no final period. */
	assert_null(strchr(som_error_last(), '\n'));
	assert_int_not_equal(som_error_last()[strlen(som_error_last()) - 1], '.');

	after = count_rows(f);
	assert_int_equal(after.item, before.item);
	assert_int_equal(after.version, before.version);
	assert_int_equal(after.capture, before.capture);
	assert_int_equal(after.audit, before.audit);
	assert_int_equal(after.object, before.object);
	assert_int_equal(after.attachment, before.attachment);
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM version WHERE text = 'Ändrad'"), 0);
	assert_int_equal(som_audit_verify(&n, NULL, f->store), 0);
	/* And the store takes the next good capture. */
	som_capture_free(ingest_ok(f, write_items(f, "good.ndjson", 4, 0, NULL), NULL));
	assert_int_equal(db_count(f->store_dir, "item"), 4);
}

#define BAD(lit, want) expect_bad_line(f, (lit), sizeof(lit) - 1, (want))

static void test_ingest__bad_not_json(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"b\",\"kind\":\"post\",", NULL);
}

static void test_ingest__bad_json_array(void **state)
{
	fixture *f = *state;

	BAD("[\"id\",\"post\"]", "not a JSON object");
}

static void test_ingest__bad_json_scalar(void **state)
{
	fixture *f = *state;

	BAD("\"just a string\"", "not a JSON object");
}

static void test_ingest__bad_missing_id(void **state)
{
	fixture *f = *state;

	BAD("{\"kind\":\"post\",\"created\":\"2026-02-01T08:00:00Z\",\"text\":\"utan id\"}", "id");
}

static void test_ingest__bad_empty_id(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"\",\"kind\":\"post\",\"created\":\"2026-02-01T08:00:00Z\",\"text\":\"x\"}", "id");
}

static void test_ingest__bad_kind(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"b\",\"kind\":\"tweet\",\"created\":\"2026-02-01T08:00:00Z\",\"text\":\"x\"}",
		"'tweet'");
}

static void test_ingest__bad_time(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"b\",\"kind\":\"post\",\"created\":\"i går\",\"text\":\"x\"}", "time");
}

static void test_ingest__bad_missing_time(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"b\",\"kind\":\"post\",\"text\":\"x\"}", "time");
}

static void test_ingest__bad_edit_time(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"b\",\"kind\":\"post\",\"created\":\"2026-02-01T08:00:00Z\","
		"\"edited\":\"sedan\",\"text\":\"x\"}", "edit time");
}

static void test_ingest__bad_text_type(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"b\",\"kind\":\"post\",\"created\":\"2026-02-01T08:00:00Z\",\"text\":42}",
		"text");
}

static void test_ingest__bad_utf8(void **state)
{
	fixture *f = *state;

	/* Latin-1 bytes where UTF-8 belongs. */
	BAD("{\"id\":\"b\",\"kind\":\"post\",\"created\":\"2026-02-01T08:00:00Z\","
		"\"text\":\"Bj\xf6rkv\xe4gen\"}", NULL);
}

static void test_ingest__bad_utf8_overlong(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"b\",\"kind\":\"post\",\"created\":\"2026-02-01T08:00:00Z\","
		"\"text\":\"a\xc0\xaf" "b\"}", NULL);
}

static void test_ingest__bad_lone_surrogate(void **state)
{
	fixture *f = *state;

	BAD("{\"id\":\"b\",\"kind\":\"post\",\"created\":\"2026-02-01T08:00:00Z\","
		"\"text\":\"a\\ud800b\"}", NULL);
}

static void test_ingest__bad_huge_text(void **state)
{
	fixture *f = *state;
	const size_t size = 20 * 1024 * 1024;
	const char *head = "{\"id\":\"big\",\"kind\":\"post\",\"created\":\"2026-02-01T08:00:00Z\","
		"\"text\":\"";
	char *line = malloc(size + 256);
	size_t n = strlen(head);

	assert_non_null(line);
	memcpy(line, head, n);
	memset(line + n, 'a', size);
	n += size;
	memcpy(line + n, "\"}", 2);
	n += 2;
	expect_bad_line(f, line, n, "16 MiB");
	free(line);
}

static void test_ingest__attachments(void **state)
{
	fixture *f = *state;
	som_capture *cap;
	som_item *item = NULL;
	som_json *report = NULL;
	const char *line =
		"{\"id\":\"m1\",\"kind\":\"post\",\"created\":\"2026-01-13T09:00:00Z\","
		"\"text\":\"Snöröjning\",\"attachments\":["
		"{\"path\":\"media/a.png\",\"mime\":\"image/png\",\"description\":\"En plogbil\"},"
		"{\"path\":\"media/b.png\",\"description\":\"Saknas\"}]}\n";

	assert_int_equal(write_text(in_dir(f, "export/items.ndjson"), line), 0);
	assert_int_equal(write_file(in_dir(f, "export/media/a.png"), "\x89PNG\r\n", 6), 0);
	cap = ingest_ok(f, in_dir(f, "export"), NULL);
	assert_int_equal(cap->n_new, 1);
	assert_int_equal(cap->n_attachments, 1);
	assert_int_equal(cap->n_missing, 1);
	assert_true(cap->n_problems >= 1);
	assert_true(contains(cap->report, "b.png"));
	assert_false(contains(cap->report, "a.png"));
	assert_int_equal(som_json__parse(&report, cap->report, strlen(cap->report), "report", 0), 0);
	assert_true(som_json__is_array(report));
	assert_int_equal(som_json__array_size(report), (size_t)cap->n_problems);
	assert_non_null(som_json__get_string(som_json__array_get(report, 0), "problem"));
	assert_string_equal(som_json__get_string(som_json__array_get(report, 0), "file"),
		"items.ndjson");
	som_json__free(report);

	assert_int_equal(som_item_lookup(&item, f->store, "m1"), 0);
	assert_int_equal(item->n_attachments, 2);
	for (size_t i = 0; i < item->n_attachments; i++) {
		som_attachment *a = &item->attachments[i];
		if (!strcmp(a->path, "media/a.png")) {
			assert_non_null(a->digest);
			assert_int_equal(a->size, 6);
			assert_string_equal(a->mime, "image/png");
			assert_string_equal(a->description, "En plogbil");
		} else {
			assert_string_equal(a->path, "media/b.png");
			assert_null(a->digest);
		}
	}
	som_item_free(item);
	som_capture_free(cap);

	/* Again: nothing new, and the stored attachment is not counted missing. */
	cap = ingest_ok(f, in_dir(f, "export"), NULL);
	assert_int_equal(cap->n_new, 0);
	assert_int_equal(cap->n_unchanged, 1);
	assert_int_equal(cap->n_missing, 1);
	som_capture_free(cap);
}

static void add_to_zip(struct archive *a, const char *name, const void *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
	archive_entry_free(e);
}

/* A zip of an NDJSON file and its media, read without unpacking. */
static void test_ingest__zip_source(void **state)
{
	fixture *f = *state;
	struct archive *a = archive_write_new();
	som_capture *cap;
	som_item *item = NULL;
	const char *more = "{\"id\":\"z1\",\"kind\":\"post\",\"created\":\"2026-01-13T09:00:00Z\","
		"\"text\":\"Bild\",\"attachments\":[{\"path\":\"media/a.png\"}]}\n";
	char *items;
	size_t len = 0;

	write_items(f, "items.ndjson", 3, 0, NULL);
	items = read_whole_file(in_dir(f, "items.ndjson"), &len);
	assert_non_null(items);
	assert_non_null(a);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, in_dir(f, "export.zip")), ARCHIVE_OK);
	add_to_zip(a, "media/a.png", "\x89PNG\r\n", 6);
	add_to_zip(a, "items.ndjson", items, len);
	add_to_zip(a, "more.ndjson", more, strlen(more));
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	free(items);

	cap = ingest_ok(f, in_dir(f, "export.zip"), NULL);
	assert_int_equal(cap->n_new, 4);
	assert_int_equal(cap->n_attachments, 1);
	assert_int_equal(cap->n_missing, 0);
	som_capture_free(cap);
	assert_int_equal(som_item_lookup(&item, f->store, "z1"), 0);
	assert_int_equal(item->n_attachments, 1);
	assert_non_null(item->attachments[0].digest);
	assert_int_equal(item->attachments[0].size, 6);
	som_item_free(item);
	/* The same items from the loose file are unchanged. */
	cap = ingest_ok(f, in_dir(f, "items.ndjson"), NULL);
	assert_int_equal(cap->n_unchanged, 3);
	som_capture_free(cap);
}

typedef struct fail_state {
	int64_t calls;
	int64_t fail_at;
} fail_state;

static int fail_kth(size_t size, void *payload)
{
	fail_state *s = payload;

	(void)size;
	return ++s->calls == s->fail_at;
}

/*
 * Make the k-th allocation of an ingest fail, for k = 1, 2, ... into a
 * fresh store each time. Every attempt must end cleanly: an error code that
 * is the last error's code, SOM_ENOMEM (running out of memory is not bad
 * input), no capture or item row, and a store that then takes the same
 * ingest. An attempt may also succeed in spite of the failure, but then
 * with the whole result. The sweep ends with the first ingest that made no
 * allocation fail (it needed fewer than k), capped at 5000. Anomalies are
 * printed as they come and fail the test at the end, so one run lists all.
 */
static void test_ingest__alloc_failure_sweep(void **state)
{
	fixture *f = *state;
	fail_state fs;
	som_capture *cap = NULL;
	const char *path = write_items(f, "five.ndjson", 5, 0, NULL);
	char path_copy[600], msg[1024];
	int64_t k, n_anomalies = 0;
	int error = -1, code;

	snprintf(path_copy, sizeof(path_copy), "%s", path);
	for (k = 1; k <= 5000; k++) {
		som_store_free(f->store);
		f->store = NULL;
		if (open_fresh_store(f) != 0)
			fail_msg("k=%lld: fresh store: %s", (long long)k, som_error_last());
		fs.calls = 0;
		fs.fail_at = k;
		som_error_clear();
		som_alloc_set_fail_hook(fail_kth, &fs);
		error = som_ingest(&cap, f->store, f->account, path_copy, NULL);
		som_alloc_set_fail_hook(NULL, NULL);
		code = som_error_code();
		snprintf(msg, sizeof(msg), "%s", som_error_last());
		if (error == 0) {
			assert_non_null(cap);
			if (cap->n_new != 5 || db_count(f->store_dir, "item") != 5)
				fail_msg("k=%lld: ingest succeeded with %lld new items", (long long)k,
					(long long)cap->n_new);
			som_capture_free(cap);
			cap = NULL;
			if (fs.calls < k)
				break; /* nothing failed: the sweep is complete */
			n_anomalies++;
			print_message("mishandled: k=%lld: succeeded although the allocation failed\n",
				(long long)k);
			continue;
		}
		if (error > 0)
			fail_msg("k=%lld: ingest returned %d", (long long)k, error);
		assert_null(cap);
		if (db_count(f->store_dir, "capture") != 0 || db_count(f->store_dir, "item") != 0 ||
		    db_count(f->store_dir, "version") != 0) {
			n_anomalies++;
			print_message("mishandled: k=%lld: failed (%d: %s) but left rows behind\n",
				(long long)k, error, msg);
			continue;
		}
		if (error != code || error != SOM_ENOMEM) {
			n_anomalies++;
			print_message("mishandled: k=%lld: returned %d, last error %d: %s\n",
				(long long)k, error, code, msg);
		}
		/* The store is still whole and takes the same ingest. */
		if ((error = som_ingest(&cap, f->store, f->account, path_copy, NULL)) != 0)
			fail_msg("k=%lld: ingest after a failed one: %d: %s", (long long)k, error,
				som_error_last());
		assert_int_equal(cap->n_new, 5);
		som_capture_free(cap);
		cap = NULL;
		error = -1;
	}
	if (error != 0)
		fail_msg("no success after %lld allocation failures", (long long)k - 1);
	print_message("allocation failure sweep: %lld allocations, %lld anomalies\n",
		(long long)fs.calls, (long long)n_anomalies);
	if (n_anomalies)
		fail_msg("%lld of %lld allocation failures were mishandled (listed above)",
			(long long)n_anomalies, (long long)k - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ingest__counts_new_and_unchanged, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_ingest__item_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__text_change_makes_version, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_ingest__edit_time_makes_version, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_ingest__partial_and_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__closed_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__unknown_account_and_format, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_ingest__read_only_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_not_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_json_array, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_json_scalar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_missing_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_empty_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_missing_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_edit_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_text_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_utf8_overlong, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_lone_surrogate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__bad_huge_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__attachments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__zip_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest__alloc_failure_sweep, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
