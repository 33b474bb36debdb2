/*
 * Unit tests of the YouTube importer (src/ingest/youtube.c) through the
 * public API: a real Google Takeout published by its owner, our own
 * Takeouts in the layouts and languages Google has used
 * (tests/data/youtube-*), an edited and a deleted comment across two
 * Takeouts, and the hostile cases, each refused without a trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "helpers.h"
#include "importer_fixture.h"

/* The sample, read in place (see ../shared/samples/README.md). */
static const char *const sample_dirs[] = {
	"../shared/samples/youtube/v1-v0-utube",
};

/* Our fixtures, relative to the top of the project where the tests run. */
#define DATA "tests/data/"
#define ROOT "Takeout/YouTube and YouTube Music/"
#define CHANNEL "UCexempelbyKommun0000001"
/* A comment id as tests/data/youtube-gen/gen.py makes it. */
#define CID(tag) "Ug" tag "4AaABAg"

static int64_t add_account(fixture *f, char *handle)
{
	som_account in;
	int64_t id = 0;

	memset(&in, 0, sizeof(in));
	in.platform = "youtube";
	in.handle = handle;
	in.display_name = "Exempelby kommun";
	if (som_account_add(&id, f->store, &in) != 0)
		fail_msg("%s", som_error_last());
	f->account = id;
	return id;
}

static int setup(void **state)
{
	return importer_setup(state, "youtube", "@exempelbykommun");
}

static som_capture *ingest(const fixture *f, const char *path, const char *format)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;

	opts.format = format;
	if (som_ingest(&c, f->store, f->account, path, &opts) != 0)
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

typedef struct text_search {
	const char *prefix;
	char *platform_id;
	int n;
} text_search;

static int match_text(const som_item *item, void *payload)
{
	text_search *s = payload;

	if (strncmp(current_text(item), s->prefix, strlen(s->prefix)) == 0) {
		s->n++;
		free(s->platform_id);
		s->platform_id = strdup(item->platform_id);
	}
	return 0;
}

/* The one item of the account whose current text starts with `prefix`. */
static som_item *by_text(const fixture *f, const char *prefix)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	text_search s = { prefix, NULL, 0 };
	som_item *item;

	filter.account_id = f->account;
	assert_int_equal(som_item_foreach(f->store, &filter, match_text, &s), 0);
	if (s.n != 1)
		fail_msg("%d items start with '%s'", s.n, prefix);
	item = lookup(f, s.platform_id);
	free(s.platform_id);
	return item;
}

static int count_one(const som_capture *c, void *payload)
{
	(void)c;
	(*(int *)payload)++;
	return 0;
}

static int count_item(const som_item *item, void *payload)
{
	(void)item;
	(*(int *)payload)++;
	return 0;
}

static int n_captures(const fixture *f)
{
	int n = 0;

	assert_int_equal(som_capture_foreach(f->store, 0, count_one, &n), 0);
	return n;
}

/* Items of the current account (of any, with `all`) of `kind` (NULL: any). */
static int n_items(const fixture *f, const char *kind, int all)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	int n = 0;

	filter.kind = kind;
	filter.account_id = all ? 0 : f->account;
	assert_int_equal(som_item_foreach(f->store, &filter, count_item, &n), 0);
	return n;
}

static void test_youtube__sample(void **state)
{
	fixture *f = *state;
	const char *dir = NULL;
	som_capture *c;
	som_item *item;
	size_t i;

	for (i = 0; i < sizeof(sample_dirs) / sizeof(sample_dirs[0]); i++)
		if (path_exists(sample_dirs[i])) {
			dir = sample_dirs[i];
			break;
		}
	if (dir == NULL) {
		printf("skipped: no sample at %s\n", sample_dirs[0]);
		skip();
	}

	/*
	 * Counted with python3 (csv and json modules): comments.csv holds 20
	 * comments (no parent column, no dotted ids: no replies), live
	 * chats.csv 13 messages, Video metadata/videos.csv 1 video; no video
	 * files; 80 files in playlists/.
	 */
	c = ingest(f, dir, NULL);
	assert_string_equal(c->format, "youtube");
	assert_int_equal(c->full, 1);
	assert_int_equal(c->n_new, 34);
	assert_int_equal(c->n_removed, 0);
	assert_int_equal(c->n_attachments, 0);
	assert_int_equal(c->n_missing, 0);
	assert_null(strstr(c->report, "skipped"));
	assert_non_null(strstr(c->report, "{\"file\":\"" ROOT "playlists/\",\"where\":null,"
		"\"problem\":\"not read: playlists are not records (80 files)\"}"));
	assert_non_null(strstr(c->report, "\"" ROOT "subscriptions/subscriptions.csv\""));
	assert_non_null(strstr(c->report, "\"" ROOT "channels/\""));
	assert_non_null(strstr(c->report, "missing: the video files of 1 video"));
	som_capture_free(c);
	assert_int_equal(n_items(f, "comment", 0), 33);
	assert_int_equal(n_items(f, "post", 0), 1);
	assert_int_equal(n_items(f, "reply", 0), 0);

	/* the text's segments, a video time among them, joined */
	item = lookup(f, "UgyBQch15gVw2ccuqId4AaABAg");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(current_text(item), "神龍現身 14:04");
	assert_string_equal(item->parent_platform_id, "2RZbdqnK-2E");
	assert_string_equal(item->author_id, "UCwHoqnNsoYQbI13oy6s8HHQ");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->created, "2023-06-09T08:23:00Z");
	assert_string_equal(item->url,
		"https://www.youtube.com/watch?v=2RZbdqnK-2E&lc=UgyBQch15gVw2ccuqId4AaABAg");
	som_item_free(item);

	/* a live chat message: a comment on the stream's video */
	item = lookup(f, "Ugxt9ZZBXTTv5ieZvCN4AaABDqgB5ZjUjQI");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(current_text(item),
		"之前話題提到外交部女性, 尚有前副外長傅瑩，最近有去德國慕尼克");
	assert_string_equal(item->parent_platform_id, "OKWlCXuc_Ok");
	som_item_free(item);

	/* the channel's own video */
	item = lookup(f, "1Ov3VR5qDWI");
	assert_string_equal(item->kind, "post");
	assert_string_equal(current_text(item), "gameplay The Farmer Was Replaced\n\n"
		"I have programmed a drone to pick up items without wasting any.");
	assert_string_equal(item->created, "2023-09-01T17:23:22Z");
	assert_string_equal(item->url, "https://www.youtube.com/watch?v=1Ov3VR5qDWI");
	som_item_free(item);

	c = ingest(f, dir, "youtube");
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 34);
	assert_int_equal(c->n_removed, 0);
	som_capture_free(c);
}

static void test_youtube__edits(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	c = ingest(f, DATA "youtube-2025", NULL);
	assert_string_equal(c->format, "youtube");
	assert_int_equal(c->n_new, 10);
	assert_int_equal(c->n_attachments, 2);
	assert_int_equal(c->n_missing, 0);
	assert_int_equal(c->n_problems, 7);
	assert_non_null(strstr(c->report, "\"" ROOT "playlists/\",\"where\":null,"
		"\"problem\":\"not read: playlists are not records (4 files)\""));
	assert_non_null(strstr(c->report, "\"" ROOT "history/watch-history.html\""));
	assert_non_null(strstr(c->report, "\"Takeout/archive_browser.html\""));
	som_capture_free(c);
	assert_int_equal(n_items(f, "post", 0), 2);
	assert_int_equal(n_items(f, "comment", 0), 6);
	assert_int_equal(n_items(f, "reply", 0), 2);

	item = lookup(f, CID("KfProtokollxxxxxxxxx"));
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->parent_platform_id, "kfMars2024A");
	{
		som_item *video = lookup(f, "kfMars2024A");
		assert_int_equal(item->parent_id, video->id);   /* the thread, in the store */
		som_item_free(video);
	}
	assert_string_equal(current_text(item),
		"Protokollet finns här: https://www.exempelby.example/kf");
	assert_string_equal(item->created, "2024-03-19T08:00:00Z");
	som_item_free(item);

	item = lookup(f, CID("SvarTillAnnaxxxxxxxx"));
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, CID("AnnaFragarOmKFxxxxxx"));
	som_item_free(item);
	item = lookup(f, CID("SvarTillPerxxxxxxxxx"));    /* the thread, without a parent */
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, CID("PerUndrarOmSnoxxxxxx"));
	som_item_free(item);
	item = lookup(f, CID("OppetHusxxxxxxxxxxxx"));    /* on a community post */
	assert_string_equal(item->parent_platform_id, "UgkxExempelbyOppetHus2024aaaaaaaaaaa");
	assert_string_equal(item->url, "https://www.youtube.com/post/"
		"UgkxExempelbyOppetHus2024aaaaaaaaaaa?lc=" CID("OppetHusxxxxxxxxxxxx"));
	som_item_free(item);
	item = lookup(f, CID("HejAllaxxxxxxxxxxxxx"));    /* quotes, a mention, a line break */
	assert_string_equal(current_text(item), "Hej \"alla\" och @NorrbyHembygd\nrad två");
	som_item_free(item);
	item = lookup(f, "UgyLiveChatKfTva000004AaABDqgBkf0000001");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->parent_platform_id, "kfMars2024A");
	assert_string_equal(current_text(item), "Paus i tio minuter, vi är strax tillbaka.");
	som_item_free(item);

	/* the videos, with their files found by their titles */
	item = lookup(f, "kfMars2024A");
	assert_string_equal(item->kind, "post");
	assert_string_equal(current_text(item), "Kommunfullmäktige 18 mars 2024\n\n"
		"Kommunfullmäktiges sammanträde den 18 mars 2024.\nDagordning: se webben.");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		ROOT "videos/Kommunfullmäktige 18 mars 2024.mp4");
	assert_non_null(item->attachments[0].digest);
	assert_string_equal(item->attachments[0].mime, "video/mp4");
	som_item_free(item);
	item = lookup(f, "snorojning1");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		ROOT "videos/Snöröjning_ så går det till.mp4");
	som_item_free(item);

	/* a later Takeout: a comment edited, one deleted, one new, a video renamed */
	c = ingest(f, DATA "youtube-2025-later", NULL);
	assert_int_equal(c->n_new, 1);
	assert_int_equal(c->n_changed, 2);
	assert_int_equal(c->n_unchanged, 7);
	assert_int_equal(c->n_removed, 1);
	som_capture_free(c);

	item = lookup(f, CID("KfProtokollxxxxxxxxx"));
	assert_int_equal(item->n_versions, 2);
	assert_string_equal(item->versions[0].text,
		"Protokollet finns här: https://www.exempelby.example/kf");
	assert_string_equal(item->versions[1].text,
		"Protokollet (justerat) finns här: https://www.exempelby.example/kf");
	assert_string_not_equal(item->versions[0].raw_digest, item->versions[1].raw_digest);
	assert_int_equal(item->removed_capture, 0);
	som_item_free(item);
	item = lookup(f, CID("OppetHusxxxxxxxxxxxx"));
	assert_true(item->removed_capture > 0);
	som_item_free(item);
	item = lookup(f, "snorojning1");
	assert_int_equal(item->n_versions, 2);
	assert_true(strncmp(current_text(item), "Snöröjning: så går det till (2024)\n\n", 37) == 0);
	som_item_free(item);

	c = ingest(f, DATA "youtube-2025-later", "youtube");
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 10);
	som_capture_free(c);
}

static void test_youtube__layouts(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	/* 2023: Title Case, {"takeoutSegments":[...]}, CRLF; replies two ways */
	c = ingest(f, DATA "youtube-2023-titlecase", NULL);
	assert_string_equal(c->format, "youtube");
	assert_int_equal(c->n_new, 4);
	assert_int_equal(c->n_problems, 0);
	som_capture_free(c);
	item = lookup(f, CID("Badet2023xxxxxxxxxxx"));
	assert_string_equal(item->kind, "comment");
	assert_string_equal(current_text(item), "Badet öppnar den 10 juni.");
	assert_string_equal(item->created, "2023-06-01T08:00:00Z");
	som_item_free(item);
	item = lookup(f, CID("MajaFragarOmBadxxxxx") ".9pSvarMaja2023");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, CID("MajaFragarOmBadxxxxx"));
	assert_string_equal(current_text(item), "Hej Maja, \"Norrbybadet\" öppnar först.");
	som_item_free(item);
	item = lookup(f, CID("MajaFragarOmBadxxxxx") ".9pSvarIgen2023");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, CID("MajaFragarOmBadxxxxx"));
	som_item_free(item);
	item = lookup(f, "UgwLiveChat2023000004AaABDqgBbad0000000");
	assert_string_equal(current_text(item), "Frågor tas i chatten.");
	som_item_free(item);

	/* Catalan, the columns in the order of the Takeouts since mid-2024 */
	add_account(f, "@exempelby-ca");
	c = ingest(f, DATA "youtube-2024-ca", NULL);
	assert_string_equal(c->format, "youtube");
	assert_int_equal(c->n_new, 3);
	assert_non_null(strstr(c->report, "llistes de reproducció/Preferits-vídeos.csv\","
		"\"where\":null,\"problem\":\"not read: playlists are not records\""));
	som_capture_free(c);
	item = lookup(f, CID("Catala2xxxxxxxxxxxxx"));
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, CID("Catala1xxxxxxxxxxxxx"));
	assert_string_equal(item->author_id, CHANNEL);
	assert_string_equal(item->created, "2024-09-02T10:00:00Z");
	assert_string_equal(current_text(item), "Svar på katalanska.");
	som_item_free(item);
	item = lookup(f, "UgzXatEnDirecte00004AaABDqgBca00000000");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->parent_platform_id, "kfMars2024A");
	som_item_free(item);

	/* Finnish, names we never taught it: the columns found by what they hold */
	add_account(f, "@exempelby-fi");
	c = ingest(f, DATA "youtube-2024-fi", NULL);
	assert_string_equal(c->format, "youtube");
	assert_int_equal(c->n_new, 1);
	som_capture_free(c);
	item = lookup(f, CID("Suomi1xxxxxxxxxxxxxx"));
	assert_string_equal(current_text(item), "Hyvää päivää Exempelbystä!");
	assert_string_equal(item->parent_platform_id, "kfMars2024A");
	assert_string_equal(item->author_id, CHANNEL);
	assert_string_equal(item->created, "2024-10-01T10:00:00Z");
	som_item_free(item);

	/* before 2022: my-comments.html and my-live-chat-messages.html */
	add_account(f, "@exempelby-html");
	c = ingest(f, DATA "youtube-2021-html", NULL);
	assert_string_equal(c->format, "youtube");
	assert_int_equal(c->n_new, 5);
	assert_non_null(strstr(c->report, "my-comments.html\",\"where\":\"line 7\","
		"\"problem\":\"skipped: an entry without a time\""));
	assert_non_null(strstr(c->report, "subscriptions.json\",\"where\":null,"
		"\"problem\":\"not read: subscriptions are not records\""));
	som_capture_free(c);
	assert_int_equal(n_items(f, "reply", 0), 1);
	assert_int_equal(n_items(f, "comment", 0), 4);
	item = lookup(f, CID("Html2021Kfxxxxxxxxxx"));
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->parent_platform_id, "kfMars2021A");
	assert_string_equal(item->created, "2021-03-16T09:12:45Z");
	assert_string_equal(current_text(item), "Tack för frågan! Protokollet finns på webben.");
	assert_string_equal(item->url, "https://www.youtube.com/watch?v=kfMars2021A&lc="
		CID("Html2021Kfxxxxxxxxxx"));
	som_item_free(item);
	item = lookup(f, "UgwAnnaFraga2021aaaa4AaABAg.9lSvarAnna2021");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, "UgwAnnaFraga2021aaaa4AaABAg");
	assert_string_equal(current_text(item), "Hej Anna, svaret är ja.\nMvh Exempelby kommun");
	som_item_free(item);
	item = by_text(f, "Bra film & tack för visningen!");   /* no id in the export */
	assert_true(strncmp(item->platform_id,
		"youtube-comment-snorojning1-20191102140000-", 43) == 0);
	assert_string_equal(item->parent_platform_id, "snorojning1");
	som_item_free(item);
	item = lookup(f, "z13gammalkommentar");
	assert_string_equal(item->created, "2016-06-15T08:50:49Z");
	som_item_free(item);
	item = by_text(f, "God jul från Exempelby!");
	assert_string_equal(item->parent_platform_id, "julsandning");
	som_item_free(item);
}

/* --- hostile input --- */

enum { ENTRY_FILE, ENTRY_LINK, ENTRY_ZEROS };

typedef struct zip_entry {
	const char *name;
	const char *data;
	int type;
	int64_t zeros;
} zip_entry;

static void write_zip(const char *path, const zip_entry *e, size_t n)
{
	struct archive *a = archive_write_new();
	static char zeros[1 << 20];

	assert_non_null(a);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		int64_t size = e[i].type == ENTRY_FILE ? (int64_t)strlen(e[i].data) :
			e[i].type == ENTRY_ZEROS ? e[i].zeros : 0;

		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_mtime(ae, 1767225600, 0);
		archive_entry_set_filetype(ae, e[i].type == ENTRY_LINK ? AE_IFLNK : AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, size);
		if (e[i].type == ENTRY_LINK)
			archive_entry_set_symlink(ae, e[i].data);
		if (archive_write_header(a, ae) != ARCHIVE_OK)
			fail_msg("write_header '%s': %s", e[i].name, archive_error_string(a));
		if (e[i].type == ENTRY_FILE)
			assert_int_equal(archive_write_data(a, e[i].data, (size_t)size), size);
		for (int64_t left = e[i].type == ENTRY_ZEROS ? size : 0; left > 0; ) {
			size_t k = left > (int64_t)sizeof(zeros) ? sizeof(zeros) : (size_t)left;
			assert_int_equal(archive_write_data(a, zeros, k), (la_ssize_t)k);
			left -= (int64_t)k;
		}
		archive_entry_free(ae);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static const char comments[] =
	"Comment ID,Channel ID,Comment create timestamp,Price,Post ID,Video ID,Comment text\n"
	CID("Hostilexxxxxxxxxxxxx") "," CHANNEL ",2024-05-01T10:00:00+00:00,0,,kfMars2024A,"
	"\"{\"\"text\"\":\"\"Hej\"\"}\"\n";

static void expect_refused(fixture *f, const char *source, const char *format, const char *what)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;
	int captures = n_captures(f), items = n_items(f, NULL, 1);
	time_t t0 = time(NULL);

	opts.format = format;
	assert_int_equal(som_ingest(&c, f->store, f->account, source, &opts), SOM_EINVALID);
	assert_null(c);
	if (strstr(som_error_last(), what) == NULL)
		fail_msg("'%s' does not say '%s'", som_error_last(), what);
	assert_int_equal(n_captures(f), captures);
	assert_int_equal(n_items(f, NULL, 1), items);
	assert_true(time(NULL) - t0 < 30);
}

static void test_youtube__hostile(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	{
		const zip_entry e[] = {
			{ ROOT "comments/comments.csv", comments, ENTRY_FILE, 0 },
			{ ROOT "../../../evil.csv", "x", ENTRY_FILE, 0 },
		};
		write_zip(in_dir(f, "dotdot.zip"), e, 2);
		expect_refused(f, in_dir(f, "dotdot.zip"), NULL, "../evil.csv'");
	}
	{
		const zip_entry e[] = {
			{ ROOT "comments/comments.csv", comments, ENTRY_FILE, 0 },
			{ ROOT "videos/Kommunfullmäktige.mp4", "/etc/passwd", ENTRY_LINK, 0 },
		};
		write_zip(in_dir(f, "link.zip"), e, 2);
		expect_refused(f, in_dir(f, "link.zip"), "youtube", "is a link");
	}
	{
		const zip_entry e[] = {
			{ ROOT "comments/comments.csv", comments, ENTRY_FILE, 0 },
			{ ROOT "videos/Kommunfullmäktige.mp4", NULL, ENTRY_ZEROS, (int64_t)300 << 20 },
		};
		write_zip(in_dir(f, "bomb.zip"), e, 2);
		assert_true(file_size(in_dir(f, "bomb.zip")) < 1 << 20);
		expect_refused(f, in_dir(f, "bomb.zip"), NULL, "zip bomb");
	}
	/* a comment of 50 MB */
	{
		FILE *fp;
		static char chunk[1 << 20];
		assert_int_equal(make_dirs(in_dir(f, "huge/" ROOT "comments")), 0);
		assert_non_null(fp = fopen(in_dir(f, "huge/" ROOT "comments/comments.csv"), "wb"));
		fputs("Comment ID,Channel ID,Comment create timestamp,Price,Post ID,Video ID,Comment text\n"
			CID("Hugexxxxxxxxxxxxxxxx") "," CHANNEL ",2024-05-01T10:00:00+00:00,0,,"
			"kfMars2024A,\"{\"\"text\"\":\"\"", fp);
		memset(chunk, 'a', sizeof(chunk));
		for (int i = 0; i < 50; i++)
			assert_int_equal(fwrite(chunk, 1, sizeof(chunk), fp), sizeof(chunk));
		fputs("\"\"}\"\n", fp);
		assert_int_equal(fclose(fp), 0);
		expect_refused(f, in_dir(f, "huge"), NULL, "/comments.csv': line 2: field larger than 16 MiB");
	}
	/* files that claim to be a Takeout's and are not */
	assert_int_equal(write_text(in_dir(f, "json/" ROOT "comments/comments.csv"),
		"{\"comments\":[{\"id\":1}]}\n"), 0);
	expect_refused(f, in_dir(f, "json"), NULL,
		"not a YouTube Takeout file of comments, live chats or videos");
	/* but in a Takeout of all of Google, the other products' files are not ours to judge */
	assert_int_equal(write_text(in_dir(f, "google/Takeout/Drive/comments.csv"), "{\"a\":1}\n"), 0);
	assert_int_equal(write_text(in_dir(f, "google/" ROOT "comments/comments.csv"), comments), 0);
	add_account(f, "@exempelby-google");
	c = ingest(f, in_dir(f, "google"), NULL);
	assert_int_equal(c->n_new, 1);
	assert_non_null(strstr(c->report, "{\"file\":\"Takeout/Drive/comments.csv\",\"where\":null,"
		"\"problem\":\"not read: not a record this importer reads\"}"));
	som_capture_free(c);
	assert_int_equal(write_text(in_dir(f, "linkedin/Comments.csv"),
		"Date,Link,Message\n2024-05-03 09:00:00,https://www.linkedin.com/feed/update/x,Hej\n"), 0);
	expect_refused(f, in_dir(f, "linkedin"), "youtube", "not a YouTube Takeout");

	/* my-comments.html of 20000 entries, cut across reads anywhere */
	{
		som_buf b = SOM_BUF_INIT;
		som_buf_puts(&b, "<html><body><ul>\n");
		for (int i = 0; i < 20000; i++)
			som_buf_printf(&b, "<li>You added a <a href=\"https://www.youtube.com/watch?"
				"v=kfMars2024A&amp;lc=UgMany%06dxxxxxxxxxxxxx4AaABAg\">comment</a> at "
				"2024-01-01 10:%02d:%02d UTC.<br/>Kommentar nummer %d</li>%s", i,
				(i / 60) % 60, i % 60, i, i % 7 ? "" : "\n<link rel=\"x\">\n");
		som_buf_puts(&b, "</ul></body></html>\n");
		assert_int_equal(write_text(in_dir(f, "many/" ROOT "my-comments/my-comments.html"),
			b.ptr), 0);
		som_buf_dispose(&b);
		add_account(f, "@exempelby-many");
		c = ingest(f, in_dir(f, "many"), NULL);
		assert_int_equal(c->n_new, 20000);
		assert_int_equal(c->n_problems, 0);
		som_capture_free(c);
		item = lookup(f, "UgMany019999xxxxxxxxxxxxx4AaABAg");
		assert_string_equal(current_text(item), "Kommentar nummer 19999");
		som_item_free(item);
	}
	/* an entry of 20 MB: refused, in bounded time */
	{
		FILE *fp;
		static char chunk[1 << 20];
		assert_int_equal(make_dirs(in_dir(f, "hugeli/" ROOT "my-comments")), 0);
		assert_non_null(fp = fopen(in_dir(f, "hugeli/" ROOT "my-comments/my-comments.html"), "wb"));
		fputs("<ul>\n<li>Sent at 2020-01-01 10:00:00 UTC<br/>", fp);
		memset(chunk, 'a', sizeof(chunk));
		for (int i = 0; i < 20; i++)
			assert_int_equal(fwrite(chunk, 1, sizeof(chunk), fp), sizeof(chunk));
		fputs("</li></ul>\n", fp);
		assert_int_equal(fclose(fp), 0);
		expect_refused(f, in_dir(f, "hugeli"), NULL,
			"my-comments.html': line 2: an entry larger than 16 MiB");
	}

	/* JSON nested 100000 deep in a comment's text: kept as written, and said so */
	{
		som_buf b = SOM_BUF_INIT;
		som_buf_puts(&b, "Comment ID,Channel ID,Comment create timestamp,Price,Post ID,"
			"Video ID,Comment text\n" CID("Deepxxxxxxxxxxxxxxxx") "," CHANNEL
			",2024-05-01T10:00:00+00:00,0,,kfMars2024A,\"{\"\"text\"\":\"\"a\"\"},");
		for (int i = 0; i < 100000; i++)
			som_buf_putc(&b, '[');
		som_buf_puts(&b, "\"\n");
		assert_int_equal(write_text(in_dir(f, "deep/" ROOT "comments/comments.csv"), b.ptr), 0);
		som_buf_dispose(&b);
		c = ingest(f, in_dir(f, "deep"), NULL);
		assert_int_equal(c->n_new, 1);
		assert_non_null(strstr(c->report, "\"where\":\"line 2\",\"problem\":\"the text is not "
			"valid JSON segments: kept as written\""));
		som_capture_free(c);
		item = lookup(f, CID("Deepxxxxxxxxxxxxxxxx"));
		assert_int_equal(strlen(current_text(item)), 13 + 100000);
		som_item_free(item);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_youtube__sample, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_youtube__edits, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_youtube__layouts, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_youtube__hostile, setup, importer_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
