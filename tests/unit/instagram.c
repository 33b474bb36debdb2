/*
 * Unit tests of the Instagram importer (src/ingest/instagram.c) through the
 * public API: a real export published by its owner, the fixtures of
 * tests/data/instagram-*, and hostile or misnamed sources built here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "helpers.h"
#include "importer_fixture.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The sample, read in place (see ../shared/samples/README.md). */
static const char *const sample_dirs[] = {
	"../shared/samples/instagram/moff1-personalprojects",
};

static int setup(void **state)
{
	return importer_setup(state, "instagram", "exempelbykommun");
}

static som_capture *ingest_as(const fixture *f, const char *path, const char *format,
	int partial)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;

	opts.format = format;
	opts.partial = partial;
	if (som_ingest(&c, f->store, f->account, path, &opts) != 0)
		fail_msg("ingest '%s': %s", path, som_error_last());
	return c;
}

static som_capture *ingest(const fixture *f, const char *path)
{
	som_capture *c = NULL;

	if (som_ingest(&c, f->store, f->account, path, NULL) != 0)
		fail_msg("ingest '%s': %s", path, som_error_last());
	return c;
}

static som_item *lookup(const fixture *f, const char *ref)
{
	som_item *item = NULL;

	if (som_item_lookup(&item, f->store, ref) != 0)
		fail_msg("lookup '%s': %s", ref, som_error_last());
	return item;
}

static const char *current_text(const som_item *item)
{
	return item->versions[item->n_versions - 1].text;
}

typedef struct finder {
	const char *prefix;    /* of the platform id */
	const char *text;      /* the start of the current text, or NULL */
	int64_t id;
	int matches;
} finder;

static int find_cb(const som_item *item, void *payload)
{
	finder *w = payload;

	if (strncmp(item->platform_id, w->prefix, strlen(w->prefix)) == 0 &&
	    (w->text == NULL ||
	     strncmp(current_text(item), w->text, strlen(w->text)) == 0)) {
		w->id = item->id;
		w->matches++;
	}
	return 0;
}

/* The one item whose id starts with `prefix` and text with `text`, in full. */
static som_item *find(const fixture *f, const char *kind, const char *prefix,
	const char *text)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	finder w = { prefix, text, 0, 0 };
	char ref[32];

	filter.kind = kind;
	assert_int_equal(som_item_foreach(f->store, &filter, find_cb, &w), 0);
	if (w.matches != 1)
		fail_msg("%d items %s '%s...' '%s...'", w.matches, kind, prefix, text ? text : "");
	snprintf(ref, sizeof(ref), "%lld", (long long)w.id);
	return lookup(f, ref);
}

static int count_cb(const som_item *item, void *payload)
{
	(void)item;
	(*(int64_t *)payload)++;
	return 0;
}

static int64_t count_items(const fixture *f, const char *kind)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	int64_t n = 0;

	filter.kind = kind;
	assert_int_equal(som_item_foreach(f->store, &filter, count_cb, &n), 0);
	return n;
}

static int own_cb(const som_item *item, void *payload)
{
	if (item->by_account)
		(*(int64_t *)payload)++;
	return 0;
}

static int64_t count_own(const fixture *f, const char *kind)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	int64_t n = 0;

	filter.kind = kind;
	assert_int_equal(som_item_foreach(f->store, &filter, own_cb, &n), 0);
	return n;
}

static int count_capture_cb(const som_capture *c, void *payload)
{
	(void)c;
	(*(int64_t *)payload)++;
	return 0;
}

static int64_t count_captures(const fixture *f)
{
	int64_t n = 0;

	assert_int_equal(som_capture_foreach(f->store, 0, count_capture_cb, &n), 0);
	return n;
}

/* How many times `needle` occurs in `s`. */
static int occurrences(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* ---- the sample ---------------------------------------------------------- */

static void test_instagram__sample(void **state)
{
	fixture *f = *state;
	char dir_buf[512], file[600];
	const char *dir = first_existing(sample_dirs, N_OF(sample_dirs), NULL,
		dir_buf, sizeof(dir_buf));
	som_capture *c;
	som_item *item;

	if (dir == NULL) {
		printf("skipped: no sample at %s\n", sample_dirs[0]);
		skip();
	}

	/*
	 * Counted with python3's json over the two files: posts_1.json holds
	 * 16 posts (12 carousels with a top-level "title", 4 single posts
	 * whose caption is media[0].title) naming 59 media files, none of
	 * them published with the sample; post_comments_1.json holds 1,593
	 * entries, 22 of them with neither "Comment" nor a time (timestamp 0),
	 * the 1,571 others distinct by (time, owner, text).
	 */
	c = ingest(f, dir);
	assert_string_equal(c->format, "instagram");
	assert_int_equal(c->full, 1);
	assert_int_equal(c->n_new, 16 + 1571);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 0);
	assert_int_equal(c->n_removed, 0);
	assert_int_equal(c->n_attachments, 0);
	assert_int_equal(c->n_missing, 59);
	assert_int_equal(c->n_problems, 59 + 22);
	assert_int_equal(occurrences(c->report, "skipped: a comment with no text and no time"), 22);
	som_capture_free(c);
	assert_int_equal(count_items(f, "post"), 16);
	assert_int_equal(count_items(f, "comment"), 1571);
	assert_int_equal(count_own(f, "comment"), 1571);

	/* a carousel: the caption is the post's title, the time the post's */
	item = find(f, "post", "post/1684266260/", NULL);
	assert_true(strncmp(current_text(item), "GradSzn (noun)- used to refer to the last year", 46) == 0);
	assert_string_equal(item->created, "2023-05-16T19:44:20Z");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->author_name, "exempelbykommun");
	assert_int_equal(item->n_attachments, 10);
	assert_null(item->attachments[0].digest);
	assert_non_null(strstr(item->attachments[0].path, "media/posts/202305/"));
	som_item_free(item);

	/* a single post: media[0].title and its time; mojibake repaired */
	item = find(f, "post", "post/1608922858/", NULL);
	assert_string_equal(current_text(item), "Merry Christmas from the Moffatt Trio \xf0\x9f\x98\x87\xf0\x9f\x8e\x84");
	assert_string_equal(item->created, "2020-12-25T19:00:58Z");
	assert_int_equal(item->n_attachments, 1);
	som_item_free(item);

	/* a comment the account wrote: no parent, the owner kept in the raw */
	item = find(f, "comment", "comment/1708539162/", NULL);
	assert_string_equal(item->kind, "comment");
	assert_string_equal(current_text(item), "This the typa content I like to see");
	assert_null(item->parent_platform_id);
	assert_int_equal(item->by_account, 1);
	som_item_free(item);
	item = find(f, "comment", "comment/", "big congrats \xf0\x9f\xa4\x9d");
	som_item_free(item);

	/* the same export again adds nothing */
	c = ingest_as(f, dir, "instagram", 0);
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 1587);
	assert_int_equal(c->n_removed, 0);
	som_capture_free(c);

	/* posts_1.json alone, as a partial capture: the same 16 posts */
	snprintf(file, sizeof(file), "%s/posts_1.json", dir);
	c = ingest_as(f, file, NULL, 1);
	assert_string_equal(c->format, "instagram");
	assert_int_equal(c->full, 0);
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_unchanged, 16);
	assert_int_equal(c->n_removed, 0);
	som_capture_free(c);
}

/* ---- the newer layout: v1, then v2 ----------------------------------------- */

static void test_instagram__newer(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	/* see tests/data/instagram.md for what each holds */
	c = ingest(f, test_data("instagram-v1"));
	assert_string_equal(c->format, "instagram");
	assert_int_equal(c->n_new, 15);
	assert_int_equal(c->n_attachments, 9);
	assert_int_equal(c->n_missing, 2);
	assert_int_equal(c->n_problems, 6);
	assert_non_null(strstr(c->report, "skipped: a comment with no text and no time"));
	assert_non_null(strstr(c->report, "media/posts/202602/17933333333333333.jpg' is missing"));
	assert_non_null(strstr(c->report, "media/stories/202603/17966666666666667.jpg' is missing"));
	assert_non_null(strstr(c->report, "\"file\":\"your_instagram_activity/likes/liked_posts.json\","
		"\"where\":null,\"problem\":\"not read: likes are not records\""));
	assert_non_null(strstr(c->report, "followers_1.json\",\"where\":null,"
		"\"problem\":\"not read: followers and following are lists, not records\""));
	assert_non_null(strstr(c->report, "media/profile/202601/17988888888888888.jpg\","
		"\"where\":null,\"problem\":\"not read: no item names this file\""));
	som_capture_free(c);
	assert_int_equal(count_items(f, "post"), 8);
	assert_int_equal(count_items(f, "comment"), 4);
	assert_int_equal(count_items(f, "message"), 3);
	assert_int_equal(count_own(f, "message"), 1);

	/* a carousel, its name from personal_information.json */
	item = find(f, "post", "post/1773991800/", NULL);
	assert_string_equal(current_text(item),
		"Vårens första dag i Exempelby! 🌷 Nu öppnar vi utegymmet vid Norrbyskolan.");
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(item->author_id, "exempelbykommun");
	assert_int_equal(item->by_account, 1);
	assert_int_equal(item->n_attachments, 2);
	assert_non_null(item->attachments[0].digest);
	assert_non_null(item->attachments[1].digest);
	som_item_free(item);

	/* media where the 2025 layout put them: with and without YYYYMM/ */
	item = find(f, "post", "post/1768386000/", NULL);
	assert_int_equal(item->n_attachments, 2);
	assert_string_equal(item->attachments[0].path, "media/posts/17955555555555555.jpg");
	assert_non_null(item->attachments[0].digest);
	assert_string_equal(item->attachments[1].path, "media/posts/202601/17955555555555556.jpg");
	assert_non_null(item->attachments[1].digest);
	som_item_free(item);
	item = find(f, "post", "post/", "Trevlig helg");
	assert_string_equal(item->attachments[0].path, "media/posts/17944444444444444.jpg");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);

	/* a post whose picture the export lacks */
	item = find(f, "post", "post/", "Vattenavstängning");
	assert_int_equal(item->n_attachments, 1);
	assert_null(item->attachments[0].digest);
	som_item_free(item);

	/* a story and a reel are the account's posts */
	item = find(f, "post", "story/1773165900/", NULL);
	assert_string_equal(current_text(item), "Direkt från kommunfullmäktige ikväll");
	assert_string_equal(item->attachments[0].mime, "video/mp4");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);
	item = find(f, "post", "reel/", NULL);
	assert_string_equal(current_text(item), "Snöröjningen i full gång ❄️ Så prioriterar vi gatorna.");
	som_item_free(item);

	/* comments: on a post, on a reel */
	item = find(f, "comment", "comment/", "Tack för att ni hörde av er!");
	assert_string_equal(item->created, "2026-03-02T13:14:15Z");
	assert_int_equal(item->by_account, 1);
	som_item_free(item);
	item = find(f, "comment", "comment/", "Fin film!");
	som_item_free(item);

	/* a direct message with a photo, and the account's answer */
	item = lookup(f, "message/inbox/asaoberg_1122334455/1774119783120/Åsa Öberg");
	assert_string_equal(item->kind, "message");
	assert_string_equal(item->author_name, "Åsa Öberg");
	assert_int_equal(item->by_account, 0);
	assert_string_equal(current_text(item), "");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		"your_instagram_activity/messages/inbox/asaoberg_1122334455/photos/1234567890123456.jpg");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);
	item = find(f, "message", "message/inbox/asaoberg_1122334455/", "Tack, vi skickar");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(item->created, "2026-03-22T09:02:03Z");
	som_item_free(item);

	/* a later export: a caption edited, a post gone, a comment and a message new */
	c = ingest(f, test_data("instagram-v2"));
	assert_int_equal(c->n_new, 2);
	assert_int_equal(c->n_changed, 1);
	assert_int_equal(c->n_unchanged, 13);
	assert_int_equal(c->n_removed, 1);
	som_capture_free(c);

	item = find(f, "post", "post/1771232400/", NULL);
	assert_int_equal(item->n_versions, 2);
	assert_string_equal(item->versions[0].text,
		"Biblioteket har nya öppettider från och med måndag: 10–19 vardagar.");
	assert_string_equal(item->versions[1].text,
		"Biblioteket har nya öppettider från och med måndag: 10–19 vardagar, 11–15 lördagar.");
	assert_null(item->versions[1].edited);
	assert_string_not_equal(item->versions[0].raw_digest, item->versions[1].raw_digest);
	assert_int_equal(item->removed_capture, 0);
	som_item_free(item);

	item = find(f, "post", "post/", "Trevlig helg");
	assert_true(item->removed_capture > 0);
	som_item_free(item);

	/* the same again: nothing new */
	c = ingest(f, test_data("instagram-v2"));
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 16);
	assert_int_equal(c->n_removed, 0);
	som_capture_free(c);
}

/* ---- the older layout ----------------------------------------------------- */

static void test_instagram__older(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	c = ingest(f, test_data("instagram-older"));
	assert_string_equal(c->format, "instagram");
	assert_int_equal(c->n_new, 11);
	assert_int_equal(c->n_missing, 5);
	assert_int_equal(c->n_problems, 6);
	assert_non_null(strstr(c->report, "likes/liked_posts.json"));
	assert_null(strstr(c->report, "skipped"));
	som_capture_free(c);
	assert_int_equal(count_items(f, "post"), 4);
	assert_int_equal(count_items(f, "comment"), 3);
	assert_int_equal(count_items(f, "message"), 4);

	/* no personal_information.json: the name in every thread is the account's */
	assert_int_equal(count_own(f, "message"), 2);
	item = find(f, "message", "message/inbox/lisaberg_776655/", "Här finns protokollet");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(current_text(item),
		"Här finns protokollet:\n\nhttps://www.exempelby.example/protokoll/ks-2021-10-05");
	som_item_free(item);

	/* the older comment shape, and labels in the account's language */
	item = find(f, "comment", "comment/1631476860/", NULL);
	assert_string_equal(current_text(item), "Grattis till seriesegern!");
	som_item_free(item);
	item = find(f, "comment", "comment/1633079700/", NULL);
	assert_string_equal(current_text(item), "Snyggt jobbat med filmen!");
	som_item_free(item);

	/* IGTV */
	item = find(f, "post", "igtv/1625140800/", NULL);
	assert_string_equal(current_text(item), "Kommundirektören svarar på frågor om budgeten");
	som_item_free(item);
}

/* ---- the account's own name without personal_information.json -------------- */

static const char one_thread[] =
	"{\"participants\":[{\"name\":\"Per Svensson\"},{\"name\":\"Exempelby kommun\"}],"
	"\"messages\":["
	"{\"sender_name\":\"Exempelby kommun\",\"timestamp_ms\":1767261600500,\"content\":\"Hej Per!\"},"
	"{\"sender_name\":\"Per Svensson\",\"timestamp_ms\":1767261600000,\"content\":\"Hej\"},"
	"{\"sender_name\":\"Per Svensson\",\"timestamp_ms\":1767261600000,\"content\":\"Hall\\u00c3\\u00a5\"},"
	"{\"sender_name\":\"Per Svensson\",\"content\":\"utan tid\"}],"
	"\"title\":\"Per Svensson\",\"thread_path\":\"inbox/persvensson_1\"}";

static void test_instagram__own_name(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;
	som_account in;
	int64_t other;

	/* one thread, two names: the one alike the handle is the account's */
	assert_int_equal(write_text(in_dir(f, "dm/messages/inbox/persvensson_1/message_1.json"),
		one_thread), 0);
	c = ingest_as(f, in_dir(f, "dm"), "instagram", 0);
	assert_int_equal(c->n_new, 3);
	assert_non_null(strstr(c->report, "skipped: a message without a valid time"));
	som_capture_free(c);
	assert_int_equal(count_own(f, "message"), 1);

	/* the same sender in the same millisecond: "#2" */
	item = lookup(f, "message/inbox/persvensson_1/1767261600000/Per Svensson#2");
	assert_string_equal(current_text(item), "Hallå");
	som_item_free(item);

	/* under an account whose handle is like neither: said, and none is its own */
	memset(&in, 0, sizeof(in));
	in.platform = "instagram";
	in.handle = "@nagon.annan";
	assert_int_equal(som_account_add(&other, f->store, &in), 0);
	{
		som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
		opts.format = "instagram";
		assert_int_equal(som_ingest(&c, f->store, other, in_dir(f, "dm"), &opts), 0);
	}
	assert_int_equal(c->n_new, 3);
	assert_non_null(strstr(c->report, "the account's own name is not known"));
	som_capture_free(c);
	assert_int_equal(count_own(f, "message"), 1);
}

/* ---- zip archives ------------------------------------------------------------ */

typedef struct zip_ctx {
	struct archive *a;
	const char *root;
	const char *prefix;
} zip_ctx;

static zip_ctx *current_zip;

static void zip_add(struct archive *a, const char *name, const void *data, size_t len)
{
	struct archive_entry *ae = archive_entry_new();

	archive_entry_set_pathname(ae, name);
	archive_entry_set_mtime(ae, 1767225600, 0);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)len);
	if (archive_write_header(a, ae) != ARCHIVE_OK)
		fail_msg("write_header '%s': %s", name, archive_error_string(a));
	if (len && archive_write_data(a, data, len) != (la_ssize_t)len)
		fail_msg("write_data '%s': %s", name, archive_error_string(a));
	archive_entry_free(ae);
}

static int zip_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	char name[1024];
	size_t len = 0;
	char *bytes;

	(void)st;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	snprintf(name, sizeof(name), "%s%s", current_zip->prefix,
		path + strlen(current_zip->root) + 1);
	bytes = read_whole_file(path, &len);
	assert_non_null(bytes);
	zip_add(current_zip->a, name, bytes, len);
	free(bytes);
	return 0;
}

/* Begin a zip at `path` holding the files under `dir` (NULL: none), named PREFIX + their path. */
static struct archive *zip_begin(const char *path, const char *dir, const char *prefix)
{
	struct archive *a = archive_write_new();
	zip_ctx ctx = { a, dir, prefix };

	assert_non_null(a);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_options(a, "zip:compression-level=9"), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	if (dir) {
		current_zip = &ctx;
		assert_int_equal(nftw(dir, zip_visit, 16, FTW_PHYS), 0);
		current_zip = NULL;
	}
	return a;
}

static void zip_end(struct archive *a)
{
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static void test_instagram__zip(void **state)
{
	fixture *f = *state;
	char zip[1024];
	som_capture *c;

	/* as Instagram delivers it, below a top folder */
	snprintf(zip, sizeof(zip), "%s", in_dir(f, "instagram-exempelbykommun-2026-03-30.zip"));
	zip_end(zip_begin(zip, test_data("instagram-v1"), "instagram-exempelbykommun-2026-03-30/"));
	c = ingest(f, zip);
	assert_string_equal(c->format, "instagram");
	assert_int_equal(c->n_new, 15);
	assert_int_equal(c->n_attachments, 9);
	assert_int_equal(c->n_missing, 2);
	som_capture_free(c);

	/* and the unpacked folder of the same export: nothing new */
	c = ingest(f, test_data("instagram-v1"));
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_unchanged, 15);
	som_capture_free(c);
}

/* ---- hostile and misnamed sources ------------------------------------------- */

/* Ingesting `path` fails with SOM_EINVALID, a message holding `want`, and no change. */
static void expect_refused(fixture *f, const char *path, const char *format, const char *want)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;
	int64_t captures = count_captures(f), items = count_items(f, NULL);
	int error;

	opts.format = format;
	error = som_ingest(&c, f->store, f->account, path, &opts);
	if (error != SOM_EINVALID)
		fail_msg("'%s': want SOM_EINVALID, got %d (%s)", path, error,
			error ? som_error_last() : "ingested");
	assert_null(c);
	if (!contains(som_error_last(), want))
		fail_msg("'%s': message '%s' lacks '%s'", path, som_error_last(), want);
	assert_int_equal(count_captures(f), captures);
	assert_int_equal(count_items(f, NULL), items);
}

static const char posts_ok[] =
	"[{\"media\":[{\"uri\":\"media/posts/202601/1.jpg\",\"creation_timestamp\":1767261600,"
	"\"title\":\"Hej\"}]}]";

static void test_instagram__hostile_archives(void **state)
{
	fixture *f = *state;
	struct archive *a;
	struct archive_entry *ae;
	char zip[1024];
	char *zeros;
	som_capture *c;

	/* a capture to keep unchanged */
	c = ingest(f, test_data("instagram-v1"));
	som_capture_free(c);

	/* a zip with ../ in a name */
	snprintf(zip, sizeof(zip), "%s", in_dir(f, "dotdot.zip"));
	a = zip_begin(zip, test_data("instagram-v1"), "");
	zip_add(a, "../../evil.txt", "pwned", 5);
	zip_end(a);
	expect_refused(f, zip, NULL, "../../evil.txt");
	expect_refused(f, zip, "instagram", "../../evil.txt");

	/* a zip with a symbolic link */
	snprintf(zip, sizeof(zip), "%s", in_dir(f, "link.zip"));
	a = zip_begin(zip, test_data("instagram-v1"), "");
	ae = archive_entry_new();
	archive_entry_set_pathname(ae, "media/posts/202603/link.jpg");
	archive_entry_set_filetype(ae, AE_IFLNK);
	archive_entry_set_perm(ae, 0777);
	archive_entry_set_symlink(ae, "/etc/passwd");
	archive_entry_set_size(ae, 0);
	assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
	archive_entry_free(ae);
	zip_end(a);
	expect_refused(f, zip, NULL, "link.jpg");

	/* a zip bomb: 300 MB of zeros as a picture a post names */
	snprintf(zip, sizeof(zip), "%s", in_dir(f, "bomb.zip"));
	a = zip_begin(zip, NULL, "");
	zip_add(a, "your_instagram_activity/content/posts_1.json", posts_ok, strlen(posts_ok));
	ae = archive_entry_new();
	archive_entry_set_pathname(ae, "media/posts/202601/1.jpg");
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)300 << 20);
	assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
	zeros = calloc(1, 1 << 20);
	assert_non_null(zeros);
	for (int i = 0; i < 300; i++)
		assert_int_equal(archive_write_data(a, zeros, 1 << 20), 1 << 20);
	free(zeros);
	archive_entry_free(ae);
	zip_end(a);
	assert_true(file_size(zip) < 400 * 1024);
	expect_refused(f, zip, NULL, "a zip bomb?");
	expect_refused(f, zip, "instagram", "a zip bomb?");
}

/* Write a folder `name` holding `rel` with `len` bytes of `text`. */
static const char *one_file(fixture *f, const char *name, const char *rel, const char *text,
	size_t len)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s/%s", f->dir, name, rel);
	assert_int_equal(write_file(path, text, len), 0);
	return in_dir(f, name);
}

static const char *one_text(fixture *f, const char *name, const char *rel, const char *text)
{
	return one_file(f, name, rel, text, strlen(text));
}

static void test_instagram__hostile_json(void **state)
{
	fixture *f = *state;
	som_buf b = SOM_BUF_INIT;
	const char *dir;
	som_capture *c;
	FILE *fp;
	char path[1024];

	c = ingest(f, test_data("instagram-v1"));
	som_capture_free(c);

	/* 100,000 '[' */
	for (int i = 0; i < 100000; i++)
		som_buf_putc(&b, '[');
	dir = one_file(f, "deep", "content/posts_1.json", b.ptr, b.size);
	expect_refused(f, dir, NULL, "cannot read 'content/posts_1.json': line 1, column 257: "
		"nesting deeper than 256");
	dir = one_file(f, "deepdm", "messages/inbox/x_1/message_1.json", b.ptr, b.size);
	expect_refused(f, dir, "instagram", "nesting deeper than 256");
	som_buf_dispose(&b);

	/* a caption of 50 MB */
	snprintf(path, sizeof(path), "%s/big/your_instagram_activity/content/posts_1.json", f->dir);
	assert_int_equal(write_text(path, ""), 0);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("[{\"media\":[{\"uri\":\"media/posts/1.jpg\",\"creation_timestamp\":1767261600,"
		"\"title\":\"", fp);
	{
		char *chunk = malloc(1 << 20);
		assert_non_null(chunk);
		memset(chunk, 'a', 1 << 20);
		for (int i = 0; i < 50; i++)
			assert_int_equal(fwrite(chunk, 1, 1 << 20, fp), 1 << 20);
		free(chunk);
	}
	fputs("\"}]}]", fp);
	assert_int_equal(fclose(fp), 0);
	expect_refused(f, in_dir(f, "big"), NULL,
		"cannot read 'your_instagram_activity/content/posts_1.json': line 1, column 2: "
		"item larger than 16 MiB");

	/* a file that claims to be Instagram's posts and holds Facebook's */
	dir = one_text(f, "facebook", "content/posts_1.json",
		"[{\"timestamp\":1767261600,\"data\":[{\"post\":\"Hej\"}],\"title\":\"Exempelby kommun\"}]");
	expect_refused(f, dir, "instagram",
		"cannot read 'content/posts_1.json': not Instagram posts (none of its 1 elements is one)");
	/* ... or a picture */
	dir = one_file(f, "png", "posts_1.json", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
	expect_refused(f, dir, "instagram",
		"cannot read 'posts_1.json': line 1, column 1: not JSON (expected '[' or '{')");
	/* ... or is empty */
	dir = one_text(f, "empty", "content/stories.json", " \n");
	expect_refused(f, dir, "instagram",
		"cannot read 'content/stories.json': line 2, column 1: unexpected end of input");
	/* ... or comments that are not */
	dir = one_text(f, "notcomments", "comments/post_comments_1.json",
		"{\"comments_media_comments\":[{\"a\":1},{\"b\":2}]}");
	expect_refused(f, dir, "instagram", "not Instagram comments (none of its 2 elements is one)");
	/* a Mastodon export read as Instagram's */
	dir = one_text(f, "mastodon", "outbox.json",
		"{\"type\":\"OrderedCollection\",\"orderedItems\":[]}");
	expect_refused(f, dir, "instagram", "not an Instagram export");
	/* an export in HTML */
	dir = one_text(f, "html", "your_instagram_activity/content/posts_1.html",
		"<html><body>Inlägg</body></html>");
	expect_refused(f, dir, NULL, "an Instagram export in HTML");
}

static void test_instagram__damaged(void **state)
{
	fixture *f = *state;
	char *text;
	size_t len = 0;
	const char *dir;
	char path[1024];
	som_capture *c;

	/* posts_1.json cut short: the whole capture fails, naming the place */
	snprintf(path, sizeof(path), "%s/your_instagram_activity/content/posts_1.json",
		test_data("instagram-v1"));
	text = read_whole_file(path, &len);
	assert_non_null(text);
	dir = one_file(f, "cut", "your_instagram_activity/content/posts_1.json", text, len / 2);
	free(text);
	expect_refused(f, dir, NULL, "cannot read 'your_instagram_activity/content/posts_1.json': line ");
	assert_non_null(strstr(som_error_last(), "unexpected end of input"));
	assert_int_equal(count_captures(f), 0);

	/* one broken post among good ones: skipped and reported; the others read */
	{
		const char posts[] =
			"[{\"media\":[{\"uri\":\"media/posts/1.jpg\",\"creation_timestamp\":1767261600,\"title\":\"Ett\"}]},\n"
			" {\"media\": tru},\n"
			" {\"title\":\"utan media\"},\n"
			" {\"media\":[{\"uri\":\"media/posts/2.jpg\",\"creation_timestamp\":0,\"title\":\"utan tid\"}]},\n"
			" {\"media\":[{\"uri\":\"\",\"creation_timestamp\":1767261700,\"title\":\"Tv\\u00c3\\u00a5\"}]}]";
		dir = one_file(f, "broken", "content/posts_1.json", posts, sizeof(posts) - 1);
	}
	c = ingest(f, dir);
	assert_int_equal(c->n_new, 2);
	assert_int_equal(c->n_missing, 1);
	assert_non_null(strstr(c->report, "\"where\":\"line 2, post 2\",\"problem\":\"skipped: cannot read"));
	assert_non_null(strstr(c->report, "\"where\":\"line 3, post 3\",\"problem\":"
		"\"skipped: not an Instagram post (no \\\"media\\\")\""));
	assert_non_null(strstr(c->report, "\"where\":\"line 4, post 4\",\"problem\":"
		"\"skipped: a post without a valid time\""));
	som_capture_free(c);
	{
		som_item *item = find(f, "post", "post/1767261700/", NULL);
		assert_string_equal(current_text(item), "Två");
		assert_int_equal(item->n_attachments, 0);
		som_item_free(item);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_instagram__sample, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_instagram__newer, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_instagram__older, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_instagram__own_name, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_instagram__zip, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_instagram__hostile_archives, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_instagram__hostile_json, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_instagram__damaged, setup, importer_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
