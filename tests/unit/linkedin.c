/*
 * Unit tests of the LinkedIn importer (src/ingest/linkedin.c) through the
 * public API: a real export published by its owner, our own exports for
 * the layouts and repairs (tests/data/linkedin-*), edits and removals, and
 * the hostile cases, each refused without a trace in the store.
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
	"../shared/samples/linkedin/sanand0-linkedin",
};

/* Our fixtures, relative to the top of the project where the tests run. */
#define DATA "tests/data/"
#define FEED "https://www.linkedin.com/feed/update/urn%3Ali%3A"

static int setup(void **state)
{
	return importer_setup(state, "linkedin", "exempelby-kommun");
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

/* The one item whose current text starts with `prefix` (LinkedIn comments have no id). */
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

static int n_items(const fixture *f, const char *kind)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	int n = 0;

	filter.kind = kind;
	assert_int_equal(som_item_foreach(f->store, &filter, count_item, &n), 0);
	return n;
}

static void test_linkedin__sample(void **state)
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
	 * Counted with python3 (csv module) over Shares.csv: 202 rows, 198
	 * distinct ShareLinks, each in consecutive rows; 10 distinct MediaUrls.
	 * Comments.csv: 323 lines start with "YYYY-MM-DD HH:MM:SS,http".
	 */
	c = ingest(f, dir, NULL);
	assert_string_equal(c->format, "linkedin");
	assert_int_equal(c->full, 1);
	assert_int_equal(c->n_new, 198 + 323);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_removed, 0);
	assert_int_equal(c->n_attachments, 0);
	assert_int_equal(c->n_missing, 10);
	assert_null(strstr(c->report, "skipped"));
	som_capture_free(c);
	assert_int_equal(n_items(f, "post"), 198);
	assert_int_equal(n_items(f, "comment"), 323);

	/* a post of 5 rows: one item, its media named and missing */
	item = lookup(f, FEED "share%3A6773073563034509312");
	assert_string_equal(item->kind, "post");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->created, "2021-03-04T02:56:15Z");
	assert_int_equal(item->n_attachments, 5);
	assert_null(item->attachments[0].digest);
	assert_non_null(strstr(current_text(item), "\n\nhttps://youtu.be/bjanNXXwQbo"));
	som_item_free(item);

	/* the lines of a multi-line post, each wrapped in quotes by LinkedIn, unwrapped */
	item = lookup(f, FEED "share%3A7345821826846990338");
	assert_true(strncmp(current_text(item),
		"I'm off for a 10-day Vipassana meditation program.\n\n", 52) == 0);
	assert_non_null(strstr(current_text(item),
		"\n\nI've scheduled LinkedIn posts, so you'll still see stuff. But I won't be replying."));
	assert_null(strstr(current_text(item), "\"\n\""));
	som_item_free(item);

	/* a comment: quotes escaped with a backslash, line breaks kept */
	item = by_text(f, "Srini Annamaraju Here's how I tagged it:");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->parent_platform_id, FEED "activity%3A7344186464080941056");
	{
		static const char id[] = FEED "activity%3A7344186464080941056#comment-20250627090413-";
		assert_true(strncmp(item->platform_id, id, sizeof(id) - 1) == 0);
		assert_int_equal(strlen(item->platform_id), sizeof(id) - 1 + 16);
	}
	assert_non_null(strstr(current_text(item), "#6\n\nGood point"));
	assert_non_null(strstr(current_text(item),
		"ChatGPT to \"Challenge my assumptions,"));
	assert_non_null(strstr(current_text(item), "rather than affirm.\""));
	som_item_free(item);

	/* the same export again adds nothing */
	c = ingest(f, dir, "linkedin");
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 198 + 323);
	assert_int_equal(c->n_removed, 0);
	som_capture_free(c);
}

static void test_linkedin__exports(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	/* linkedin-2024: 5 posts in 7 rows (CRLF), 6 comments in LinkedIn's dialect */
	c = ingest(f, DATA "linkedin-2024", NULL);
	assert_string_equal(c->format, "linkedin");
	assert_int_equal(c->n_new, 11);
	assert_int_equal(c->n_missing, 3);
	assert_non_null(strstr(c->report, "{\"file\":\"Reactions.csv\",\"where\":null,"
		"\"problem\":\"not read: reactions are not records\"}"));
	assert_non_null(strstr(c->report, "\"Connections.csv\""));
	assert_non_null(strstr(c->report, "\"Profile.csv\""));
	assert_non_null(strstr(c->report, "\"where\":\"line 6, 3 rows\""));
	som_capture_free(c);
	assert_int_equal(n_items(f, "post"), 5);
	assert_int_equal(n_items(f, "comment"), 6);

	item = lookup(f, FEED "share%3A7190000000000000001");
	assert_string_equal(current_text(item),
		"Välkommen till Exempelby kommuns sida på LinkedIn!\n\n"
		"Här berättar vi om jobben, samhällsbyggandet och \"livet i kommunen\".\n"
		"Följ oss gärna.");
	assert_string_equal(item->url, FEED "share%3A7190000000000000001");
	assert_string_equal(item->created, "2024-05-02T08:15:21Z");
	assert_string_equal(item->author_name, "exempelby-kommun");
	som_item_free(item);

	item = lookup(f, FEED "share%3A7190000000000000002");
	assert_string_equal(current_text(item),
		"Vi söker en planeringsarkitekt till samhällsbyggnadsförvaltningen, sista "
		"ansökningsdag 31 maj.\n\nhttps://www.exempelby.example/jobb/planeringsarkitekt");
	assert_int_equal(item->n_attachments, 3);
	assert_string_equal(item->attachments[2].path,
		"https://media.licdn.example/dms/image/exempelby-jobb-3.jpg");
	som_item_free(item);

	item = lookup(f, FEED "share%3A7190000000000000003");   /* nothing but the post */
	assert_string_equal(current_text(item), "");
	som_item_free(item);
	item = lookup(f, FEED "share%3A7190000000000000004");   /* its link already in the text */
	assert_string_equal(current_text(item), "Kommunfullmäktige sammanträder i kväll kl. "
		"18.00 och sänds på https://www.exempelby.example/kf");
	som_item_free(item);

	item = by_text(f, "Hon frågade");
	assert_string_equal(current_text(item),
		"Hon frågade \"när öppnar badet?\" och svaret är 1 juni.");
	assert_string_equal(item->parent_platform_id, FEED "activity%3A7180000000000000002");
	assert_int_equal(item->by_account, 1);
	som_item_free(item);
	item = by_text(f, "Bra fråga!");        /* line breaks LinkedIn left unquoted */
	assert_string_equal(current_text(item), "Bra fråga!\n\nVi återkommer med svar i veckan.");
	assert_string_equal(item->created, "2024-04-28T16:45:12Z");
	som_item_free(item);
	item = by_text(f, "Mötet flyttas.");    /* a line that starts with a time, no link */
	assert_string_equal(current_text(item),
		"Mötet flyttas.\n2024-05-01 10:00 blir den nya tiden, i Stadshuset.");
	som_item_free(item);
	item = by_text(f, "Vi kallar det");     /* \" just before the closing quote */
	assert_string_equal(current_text(item), "Vi kallar det \"Exempelbymodellen\"");
	som_item_free(item);

	/*
	 * A month on: post 1 edited, post 3 and a comment gone, a post and a
	 * comment new; "SharedURL" spelt so, a BOM.
	 */
	c = ingest(f, DATA "linkedin-2024-later", NULL);
	assert_int_equal(c->n_new, 2);
	assert_int_equal(c->n_changed, 1);
	assert_int_equal(c->n_unchanged, 8);
	assert_int_equal(c->n_removed, 2);
	som_capture_free(c);

	item = lookup(f, FEED "share%3A7190000000000000001");
	assert_int_equal(item->n_versions, 2);
	assert_null(strstr(item->versions[0].text, "1 000 följare"));
	assert_non_null(strstr(item->versions[1].text, "\n\nNu är vi 1 000 följare, tack!"));
	assert_int_equal(item->removed_capture, 0);
	som_item_free(item);
	item = lookup(f, FEED "share%3A7190000000000000003");
	assert_true(item->removed_capture > 0);
	som_item_free(item);
	item = by_text(f, "Ja, absolut, välkommen!");
	assert_true(item->removed_capture > 0);
	som_item_free(item);
	item = lookup(f, FEED "share%3A7190000000000000002");   /* SharedURL, as SharedUrl */
	assert_non_null(strstr(current_text(item), "\n\nhttps://www.exempelby.example/jobb/"));
	assert_int_equal(item->n_versions, 1);
	som_item_free(item);

	c = ingest(f, DATA "linkedin-2024-later", "linkedin");
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 11);
	som_capture_free(c);
}

static void test_linkedin__utf16(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	/* before 2019: UTF-16 with a BOM, tab-separated, "Share Commentary" */
	c = ingest(f, DATA "linkedin-2017-utf16", NULL);
	assert_string_equal(c->format, "linkedin");
	assert_int_equal(c->n_new, 5);
	assert_int_equal(c->n_problems, 0);
	som_capture_free(c);
	assert_int_equal(n_items(f, "post"), 3);
	assert_int_equal(n_items(f, "comment"), 2);

	item = lookup(f, FEED "share%3A7190000000000000091");
	assert_string_equal(current_text(item),
		"Första snön i Exempelby 🌨️\nSnöröjningen är i gång, kör försiktigt!");
	assert_string_equal(item->created, "2017-11-20T09:30:00Z");
	som_item_free(item);
	item = lookup(f, FEED "share%3A7190000000000000092");
	assert_string_equal(current_text(item), "Rösta i \"medborgarbudgeten\"\tsenast fredag."
		"\n\nhttps://www.exempelby.example/val");
	som_item_free(item);
	item = by_text(f, "Tack för tipset!");
	assert_string_equal(current_text(item), "Tack för tipset!\nVi skickar ut en plogbil.");
	assert_string_equal(item->parent_platform_id, FEED "activity%3A7180000000000000091");
	som_item_free(item);
}

/* --- hostile input --- */

enum { ENTRY_FILE, ENTRY_LINK, ENTRY_ZEROS };

typedef struct zip_entry {
	const char *name;
	const char *data;      /* ENTRY_FILE: the text; ENTRY_LINK: the target */
	int type;
	int64_t zeros;         /* ENTRY_ZEROS: that many */
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

static const char shares[] =
	"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
	"2024-05-02 08:15:21," FEED "share%3A7190000000000000001,Hej från Exempelby,,,PUBLIC\n";

/* `source` must be refused with SOM_EINVALID naming `what`, leaving the store as it was. */
static void expect_refused(fixture *f, const char *source, const char *format, const char *what)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;
	int captures = n_captures(f), items = n_items(f, NULL);
	time_t t0 = time(NULL);

	opts.format = format;
	assert_int_equal(som_ingest(&c, f->store, f->account, source, &opts), SOM_EINVALID);
	assert_null(c);
	if (strstr(som_error_last(), what) == NULL)
		fail_msg("'%s' does not say '%s'", som_error_last(), what);
	assert_int_equal(n_captures(f), captures);
	assert_int_equal(n_items(f, NULL), items);
	assert_true(time(NULL) - t0 < 30);
}

static void test_linkedin__hostile(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	/* a zip entry that climbs out, and one that is a link */
	{
		const zip_entry e[] = {
			{ "Shares.csv", shares, ENTRY_FILE, 0 },
			{ "../../evil.csv", "Date,Link,Message\n", ENTRY_FILE, 0 },
		};
		write_zip(in_dir(f, "dotdot.zip"), e, 2);
		expect_refused(f, in_dir(f, "dotdot.zip"), NULL, "'../../evil.csv'");
		expect_refused(f, in_dir(f, "dotdot.zip"), "linkedin", "'../../evil.csv'");
	}
	{
		const zip_entry e[] = {
			{ "Shares.csv", shares, ENTRY_FILE, 0 },
			{ "Comments.csv", "/etc/passwd", ENTRY_LINK, 0 },
		};
		write_zip(in_dir(f, "link.zip"), e, 2);
		expect_refused(f, in_dir(f, "link.zip"), "linkedin", "is a link");
	}
	/* a zip bomb: 300 MB of zeros in a few hundred kB */
	{
		const zip_entry e[] = {
			{ "Shares.csv", shares, ENTRY_FILE, 0 },
			{ "Rich_Media.csv", NULL, ENTRY_ZEROS, (int64_t)300 << 20 },
		};
		write_zip(in_dir(f, "bomb.zip"), e, 2);
		assert_true(file_size(in_dir(f, "bomb.zip")) < 1 << 20);
		expect_refused(f, in_dir(f, "bomb.zip"), "linkedin", "zip bomb");
	}
	/* a field of 50 MB */
	{
		FILE *fp;
		static char chunk[1 << 20];
		assert_int_equal(make_dirs(in_dir(f, "huge")), 0);
		assert_int_equal(write_text(in_dir(f, "huge/Shares.csv"), shares), 0);
		assert_non_null(fp = fopen(in_dir(f, "huge/Comments.csv"), "wb"));
		fputs("Date,Link,Message\n2024-05-03 09:00:00," FEED "activity%3A1,\"", fp);
		memset(chunk, 'a', sizeof(chunk));
		for (int i = 0; i < 50; i++)
			assert_int_equal(fwrite(chunk, 1, sizeof(chunk), fp), sizeof(chunk));
		fputs("\"\n", fp);
		assert_int_equal(fclose(fp), 0);
		expect_refused(f, in_dir(f, "huge"), NULL,
			"cannot read 'Comments.csv': line 2: field larger than 16 MiB");
	}
	/* files that claim to be LinkedIn's and are not */
	assert_int_equal(write_text(in_dir(f, "json/Shares.csv"), "{\"posts\":[{\"id\":1}]}\n"), 0);
	expect_refused(f, in_dir(f, "json"), "linkedin",
		"cannot read 'Shares.csv': line 1: not the header of LinkedIn's Shares.csv");
	assert_int_equal(write_file(in_dir(f, "png/Comments.csv"), "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), 0);
	expect_refused(f, in_dir(f, "png"), "linkedin", "not the header of LinkedIn's Comments.csv");
	assert_int_equal(write_text(in_dir(f, "other/posts.json"), "[]"), 0);
	expect_refused(f, in_dir(f, "other"), "linkedin", "not a LinkedIn export");

	/* one post over 3000 rows: a thousand of its media listed, the rest said so */
	{
		som_buf b = SOM_BUF_INIT;
		som_buf_puts(&b, "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n");
		for (int i = 0; i < 3000; i++)
			som_buf_printf(&b, "2024-05-02 08:15:21,%sshare%%3A43,Många bilder,,"
				"https://media.licdn.example/%d.jpg,PUBLIC\n", FEED, i);
		assert_int_equal(write_text(in_dir(f, "rows/Shares.csv"), b.ptr), 0);
		som_buf_dispose(&b);
		c = ingest(f, in_dir(f, "rows"), NULL);
		assert_int_equal(c->n_new, 1);
		assert_int_equal(c->n_missing, 1000);
		assert_non_null(strstr(c->report, "\"where\":\"line 2, 3000 rows\",\"problem\":"
			"\"2000 more links of the post not read (at most 1000 media and 1000 shared)\""));
		som_capture_free(c);
	}

	/* deep nesting means nothing in a CSV: text, read in bounded time */
	{
		som_buf b = SOM_BUF_INIT;
		som_buf_puts(&b, "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
			"2024-05-02 08:15:21," FEED "share%3A42,\"");
		for (int i = 0; i < 100000; i++)
			som_buf_putc(&b, '[');
		som_buf_puts(&b, "\",,,PUBLIC\n");
		assert_int_equal(write_text(in_dir(f, "deep/Shares.csv"), b.ptr), 0);
		som_buf_dispose(&b);
		c = ingest(f, in_dir(f, "deep"), NULL);
		assert_int_equal(c->n_new, 1);
		som_capture_free(c);
		item = lookup(f, FEED "share%3A42");
		assert_int_equal(strlen(current_text(item)), 100000);
		som_item_free(item);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_linkedin__sample, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_linkedin__exports, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_linkedin__utf16, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_linkedin__hostile, setup, importer_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
