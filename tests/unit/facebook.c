/*
 * Unit tests of the Facebook importers (src/ingest/facebook.c and
 * src/ingest/facebook_graph.c) through the public API: a real export
 * published by its owner, the fixtures of tests/data/facebook-* (described
 * in tests/data/facebook.md), and hostile or misnamed sources built here.
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
	"../shared/samples/facebook/kis81-dataday3",
};

#define PAGE "this_profile's_activity_across_facebook"

static int setup(void **state)
{
	return importer_setup(state, "facebook", "exempelbykommun");
}

static som_capture *ingest_into(const fixture *f, int64_t account, const char *path,
	const char *format)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;

	opts.format = format;
	if (som_ingest(&c, f->store, account, path, format ? &opts : NULL) != 0)
		fail_msg("ingest '%s': %s", path, som_error_last());
	return c;
}

static som_capture *ingest(const fixture *f, const char *path)
{
	return ingest_into(f, f->account, path, NULL);
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
	const char *text;      /* the start of the current text */
	int64_t id;
	int matches;
} finder;

static int find_cb(const som_item *item, void *payload)
{
	finder *w = payload;

	if (strncmp(item->versions[item->n_versions - 1].text, w->text, strlen(w->text)) == 0) {
		w->id = item->id;
		w->matches++;
	}
	return 0;
}

/* The one item of `account` whose current text starts with `text`, in full. */
static som_item *find(const fixture *f, int64_t account, const char *text)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	finder w = { text, 0, 0 };
	char ref[32];

	filter.account_id = account;
	assert_int_equal(som_item_foreach(f->store, &filter, find_cb, &w), 0);
	if (w.matches != 1)
		fail_msg("%d items with text '%s...'", w.matches, text);
	snprintf(ref, sizeof(ref), "%lld", (long long)w.id);
	return lookup(f, ref);
}

static int count_cb(const som_item *item, void *payload)
{
	(void)item;
	(*(int64_t *)payload)++;
	return 0;
}

static int64_t count_items(const fixture *f, int64_t account, const char *kind)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	int64_t n = 0;

	filter.account_id = account;
	filter.kind = kind;
	assert_int_equal(som_item_foreach(f->store, &filter, count_cb, &n), 0);
	return n;
}

static int count_capture(const som_capture *c, void *payload)
{
	(void)c;
	(*(int64_t *)payload)++;
	return 0;
}

static int64_t count_captures(const fixture *f)
{
	int64_t n = 0;

	assert_int_equal(som_capture_foreach(f->store, 0, count_capture, &n), 0);
	return n;
}

static void check_counts(const som_capture *c, int64_t n_new, int64_t changed,
	int64_t unchanged, int64_t removed, int64_t attachments, int64_t missing,
	int64_t problems)
{
	assert_int_equal(c->n_new, n_new);
	assert_int_equal(c->n_changed, changed);
	assert_int_equal(c->n_unchanged, unchanged);
	assert_int_equal(c->n_removed, removed);
	assert_int_equal(c->n_attachments, attachments);
	assert_int_equal(c->n_missing, missing);
	assert_int_equal(c->n_problems, problems);
}

/*
 * `path` is refused (with `format`, or detected) with an error that has
 * `what` in it, and the store is as it was: no capture, no item, no object.
 */
static void refused(fixture *f, const char *path, const char *format, const char *what)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;
	int64_t captures = count_captures(f), items = db_count(f->store_dir, "item");
	int64_t versions = db_count(f->store_dir, "version");

	opts.format = format;
	assert_int_equal(som_ingest(&c, f->store, f->account, path, &opts), SOM_EINVALID);
	assert_null(c);
	if (strstr(som_error_last(), what) == NULL)
		fail_msg("'%s': expected '%s' in '%s'", path, what, som_error_last());
	assert_int_equal(count_captures(f), captures);
	assert_int_equal(db_count(f->store_dir, "item"), items);
	assert_int_equal(db_count(f->store_dir, "version"), versions);
}

/* ---- zips ---- */

static void zip_add(struct archive *a, const char *name, const void *bytes, size_t len)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, bytes, len), (la_ssize_t)len);
	archive_entry_free(e);
}

static struct archive *zip_open(const char *path)
{
	struct archive *a = archive_write_new();

	assert_non_null(a);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	return a;
}

static void zip_close(struct archive *a)
{
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/* nftw has no payload: the zip being filled and the folder's prefix length. */
static struct archive *zip_walk_archive;
static size_t zip_walk_skip;

static int zip_walk(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	size_t len = 0;
	char *bytes;

	(void)st;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	if ((bytes = read_whole_file(path, &len)) == NULL)
		return -1;
	zip_add(zip_walk_archive, path + zip_walk_skip, bytes, len);
	free(bytes);
	return 0;
}

/* Zip the contents of folder `dir` into `out`, names relative to `dir`. */
static void zip_folder(const char *out, const char *dir)
{
	zip_walk_archive = zip_open(out);
	zip_walk_skip = strlen(dir) + 1;
	assert_int_equal(nftw(dir, zip_walk, 16, FTW_PHYS), 0);
	zip_close(zip_walk_archive);
	zip_walk_archive = NULL;
}

/* ---- the sample ---- */

static void test_facebook__sample(void **state)
{
	fixture *f = *state;
	char dir_buf[512], file[600];
	const char *dir = first_existing(sample_dirs, N_OF(sample_dirs), NULL, dir_buf,
		sizeof(dir_buf));
	som_capture *c;
	som_item *item;

	if (dir == NULL) {
		printf("skipped: no sample at %s\n", sample_dirs[0]);
		skip();
	}

	/*
	 * Counted with python3's json over your_posts_1.json, with the recipe of
	 * tests/data/facebook.md re-implemented there (every id matched): 1,313
	 * entries, 9 exact duplicates, 1,304 items: 637 with only a title
	 * (shares), 667 posts; 84 photos named, none published with the sample.
	 */
	c = ingest(f, dir);
	assert_string_equal(c->format, "facebook");
	assert_int_equal(c->full, 1);
	check_counts(c, 1304, 0, 0, 0, 0, 84, 84);
	assert_null(strstr(c->report, "skipped"));
	som_capture_free(c);
	assert_int_equal(count_items(f, f->account, "share"), 637);
	assert_int_equal(count_items(f, f->account, "post"), 667);

	/* an event: the link in the text, the event's name after it, mojibake repaired */
	item = lookup(f, "fb:384c6ccfd4a6ffb6492f2c335bb29e16e8ded84b9eb438326cf9c546a6c837ac");
	assert_string_equal(item->kind, "post");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->created, "2012-10-19T09:54:49Z");
	assert_string_equal(current_text(item), "http://www.facebook.com/events/253275454794763/"
		"\n\nIN Vivo - srdce - emócie - energetický koktail");
	assert_string_equal(item->author_name, "exempelbykommun"); /* no name in the sample */
	som_item_free(item);

	/* a photo, missing; its caption is the text, so no description */
	item = lookup(f, "fb:d7cf5f8636ea3b4922b006c34382e5896fd9646353651eb85da86d51a9f749b7");
	assert_string_equal(current_text(item), "Terapeutika praje radostne a tichom naplnene sviatky.");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path, "posts/media/Timelinephotos_yDegx4LtZg/"
		"10352352_10205722626290684_2209783495394428017_n_10205722626290684.jpg");
	assert_string_equal(item->attachments[0].mime, "image/jpeg");
	assert_null(item->attachments[0].digest);
	assert_null(item->attachments[0].description);
	som_item_free(item);

	/* a life event with only its title; mojibake of Slovak letters repaired */
	item = find(f, f->account, "Fero Mrkvicka added a life event: Started New Job at Slovenská");
	assert_string_equal(current_text(item), "Fero Mrkvicka added a life event: Started New Job "
		"at Slovenská Alzheimerova spoločnosť.\n\nBratislava, Slovakia");
	som_item_free(item);

	/* again, and the file alone with the format named: nothing new */
	c = ingest(f, dir);
	check_counts(c, 0, 0, 1304, 0, 0, 84, 84);
	som_capture_free(c);
	snprintf(file, sizeof(file), "%s/your_posts_1.json", dir);
	c = ingest_into(f, f->account, file, "facebook");
	check_counts(c, 0, 0, 1304, 0, 0, 84, 84);
	som_capture_free(c);
}

/* ---- a Page's export, twice ---- */

static void test_facebook__page(void **state)
{
	fixture *f = *state;
	char zip[1024];
	som_capture *c;
	som_item *item;

	c = ingest(f, test_data("facebook-page-v1"));
	assert_string_equal(c->format, "facebook");
	check_counts(c, 15, 0, 0, 0, 3, 2, 4);
	assert_non_null(strstr(c->report, "stickers_used/369239263222822_n.png' is missing"));
	assert_non_null(strstr(c->report, "1005_2006_n_1005.jpg' is missing"));
	assert_non_null(strstr(c->report, "\"file\":\"connections/followers/people_who_followed_you.json\","
		"\"where\":null,\"problem\":\"not read: lists of friends and followers are not records\""));
	assert_non_null(strstr(c->report, "likes_and_reactions_1.json\",\"where\":null,"
		"\"problem\":\"not read: likes and reactions are not records\""));
	som_capture_free(c);
	assert_int_equal(count_items(f, f->account, "post"), 8);
	assert_int_equal(count_items(f, f->account, "share"), 1);
	assert_int_equal(count_items(f, f->account, "comment"), 3);
	assert_int_equal(count_items(f, f->account, "message"), 3);

	/* the duplicated welcome is one item, by the Page, named from its comments */
	item = find(f, f->account, "Välkommen till Exempelby kommuns nya sida!");
	assert_string_equal(item->kind, "post");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(item->created, "2025-01-07T08:00:00Z");
	assert_null(item->versions[0].edited);
	assert_null(item->parent_platform_id);
	assert_int_equal(strncmp(item->platform_id, "fb:", 3), 0);
	assert_int_equal(strlen(item->platform_id), 3 + 64);
	som_item_free(item);

	/* a photo found where the export put it */
	item = find(f, f->account, "Snöröjningen pågår på Storgatan");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		PAGE "/posts/media/Tidslinjebilder_k7Hq2mXw/1001_2002_n_1001.jpg");
	assert_non_null(item->attachments[0].digest);
	assert_int_equal(item->attachments[0].size, 29);
	som_item_free(item);

	/* two photos, one missing, each with its own caption */
	item = find(f, f->account, "Bilder från sportlovsveckan i Norrby.");
	assert_int_equal(item->n_attachments, 2);
	assert_non_null(item->attachments[0].digest);
	assert_null(item->attachments[1].digest);
	assert_string_equal(item->attachments[0].description, "Skidspåret vid Norrbysjön är preparerat.");
	som_item_free(item);

	/* a link: its name and address on lines of their own */
	item = find(f, f->account, "Samråd om detaljplanen för Norrby 2:14");
	assert_string_equal(current_text(item), "Samråd om detaljplanen för Norrby 2:14 (KS 2025/123). "
		"Lämna dina synpunkter senast 28 februari.\n\nDetaljplan för Norrby 2:14\n"
		"https://www.exempelby.se/bygga-bo/detaljplaner/norrby");
	som_item_free(item);

	/* a poll */
	item = find(f, f->account, "Hjälp oss välja dag!");
	assert_string_equal(current_text(item), "Hjälp oss välja dag!\n\nVilken dag passar bäst för "
		"återvinningsdagen?\n- Lördag 12 april\n- Söndag 13 april");
	som_item_free(item);

	/* only a title: a share */
	item = find(f, f->account, "Exempelby kommun delade ett inlägg.");
	assert_string_equal(item->kind, "share");
	assert_int_equal(item->by_account, 1);
	som_item_free(item);

	/* a comment with only a sticker: its title is its text */
	item = find(f, f->account, "Exempelby kommun kommenterade Johan Nilssons inlägg.");
	assert_string_equal(item->kind, "comment");
	assert_int_equal(item->by_account, 1);
	assert_int_equal(item->n_attachments, 1);
	assert_null(item->attachments[0].digest);
	som_item_free(item);

	/* messages: who wrote them, when to the millisecond, a photo */
	item = find(f, f->account, "Hej! Gatlampan utanför Skolgatan 4");
	assert_string_equal(item->kind, "message");
	assert_string_equal(item->author_name, "Anna Svensson");
	assert_int_equal(item->by_account, 0);
	assert_string_equal(item->created, "2025-02-10T19:02:00Z");
	som_item_free(item);
	item = find(f, f->account, "Här är en bild.");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		PAGE "/messages/inbox/annasvensson_10001/photos/5551_6661_n_5551.jpg");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);
	item = find(f, f->account, "Hej Anna! Vi har tagit emot din felanmälan");
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_int_equal(item->by_account, 1);
	som_item_free(item);

	/* the same again, and as a zip: nothing new */
	c = ingest(f, test_data("facebook-page-v1"));
	check_counts(c, 0, 0, 15, 0, 0, 2, 4);
	som_capture_free(c);
	snprintf(zip, sizeof(zip), "%s", in_dir(f, "page-v1.zip"));
	zip_folder(zip, test_data("facebook-page-v1"));
	c = ingest(f, zip);
	check_counts(c, 0, 0, 15, 0, 0, 2, 4);
	som_capture_free(c);

	/* a month later: one post deleted, one edited, one new, a new message */
	c = ingest(f, test_data("facebook-page-v2"));
	check_counts(c, 3, 0, 13, 2, 0, 2, 4);
	som_capture_free(c);

	item = find(f, f->account, "Trevlig helg önskar vi");
	assert_true(item->removed_capture > 0);
	som_item_free(item);
	item = find(f, f->account, "Vattenavstängning på Björkvägen tisdag kl. 08.00–12.00.");
	assert_true(item->removed_capture > 0);
	som_item_free(item);
	item = find(f, f->account, "Vattenavstängning på Björkvägen tisdag kl. 08.00–15.00.");
	assert_int_equal(item->removed_capture, 0);
	assert_string_equal(item->created, "2025-03-10T07:15:00Z");
	assert_int_equal(item->n_versions, 1);
	assert_string_equal(item->versions[0].edited, "2025-03-11T09:40:00Z");
	som_item_free(item);
	item = find(f, f->account, "Nu lyser den igen. Tack!");
	assert_string_equal(item->kind, "message");
	som_item_free(item);

	c = ingest(f, test_data("facebook-page-v2"));
	check_counts(c, 0, 0, 16, 0, 0, 2, 4);
	som_capture_free(c);
}

/* ---- the 2024 and 2020 layouts ---- */

static void test_facebook__layouts(void **state)
{
	fixture *f = *state;
	som_account in;
	int64_t library, youth;
	som_capture *c;
	som_item *item;

	memset(&in, 0, sizeof(in));
	in.platform = "facebook";
	in.handle = "@bibliotek";
	assert_int_equal(som_account_add(&library, f->store, &in), 0);
	in.handle = "@fritidsgarden";
	assert_int_equal(som_account_add(&youth, f->store, &in), 0);

	c = ingest_into(f, library, test_data("facebook-profile-2024"), NULL);
	assert_string_equal(c->format, "facebook");
	check_counts(c, 8, 0, 0, 0, 1, 0, 2);
	assert_non_null(strstr(c->report, "your_facebook_activity/posts/album/0.json\","
		"\"where\":null,\"problem\":\"not read: photo albums are not records"));
	assert_non_null(strstr(c->report, "your_search_history.json\",\"where\":null,"
		"\"problem\":\"not read: account and activity data are not records\""));
	som_capture_free(c);
	assert_int_equal(count_items(f, library, "post"), 4);
	assert_int_equal(count_items(f, library, "comment"), 1);
	assert_int_equal(count_items(f, library, "message"), 3);

	/* the name from profile_information.json: the handle says nothing */
	item = find(f, library, "Hej Per! Boken är reserverad åt dig.");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->author_name, "Exempelby Bibliotek");
	assert_string_equal(item->created, "2024-11-06T09:00:00Z");
	som_item_free(item);
	item = find(f, library, "Kan jag reservera ”Mitt i Exempelby” av Åsa Ek?");
	assert_int_equal(item->by_account, 0);
	som_item_free(item);
	item = find(f, library, "Stämmer de här tiderna?");
	assert_string_equal(current_text(item),
		"Stämmer de här tiderna?\n\nhttps://www.exempelby.se/bibliotek/oppettider");
	som_item_free(item);

	/* edited: update_timestamp later than timestamp */
	item = find(f, library, "Nu har vi öppet till kl. 20 på torsdagar!");
	assert_string_equal(item->author_name, "Exempelby Bibliotek");
	assert_string_equal(item->versions[0].edited, "2024-11-04T13:25:00Z");
	som_item_free(item);

	/* a check-in and a life event */
	item = find(f, library, "Sagostund för de minsta i dag kl. 10.");
	assert_string_equal(current_text(item), "Sagostund för de minsta i dag kl. 10.\n\n"
		"Exempelby stadsbibliotek\nStorgatan 1, Exempelby");
	som_item_free(item);
	item = find(f, library, "Exempelby Bibliotek lade till en livshändelse");
	assert_string_equal(item->kind, "post");
	assert_string_equal(current_text(item), "Exempelby Bibliotek lade till en livshändelse: "
		"Flyttade till Storgatan 1.");
	som_item_free(item);
	item = find(f, library, "Kom och låna!");
	assert_int_equal(item->n_attachments, 1);
	assert_non_null(item->attachments[0].digest);
	assert_string_equal(item->attachments[0].description, "Höstens nya böcker är här.");
	som_item_free(item);

	/* 2020: "comments", posts by others on the timeline */
	c = ingest_into(f, youth, test_data("facebook-profile-2020"), NULL);
	check_counts(c, 4, 0, 0, 0, 1, 0, 2);
	assert_non_null(strstr(c->report, "friends/friends.json\",\"where\":null,"
		"\"problem\":\"not read: lists of friends and followers are not records\""));
	som_capture_free(c);
	item = find(f, youth, "Tack för en rolig kväll!");
	assert_string_equal(item->kind, "post");
	assert_int_equal(item->by_account, 0);
	assert_string_equal(item->author_name, "Emma Lind");
	som_item_free(item);
	item = find(f, youth, "Hej Emma! Nej, på midsommar har vi stängt.");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->author_name, "Exempelby Fritidsgård");
	som_item_free(item);
	item = find(f, youth, "Sommarlovet är här!");
	assert_string_equal(item->author_name, "Exempelby Fritidsgård");
	assert_string_equal(item->attachments[0].path,
		"photos_and_videos/Tidslinjebilder_q9Rt/9001_9002_n_9001.jpg");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);

	c = ingest_into(f, youth, test_data("facebook-profile-2020"), NULL);
	check_counts(c, 0, 0, 4, 0, 0, 0, 2);
	som_capture_free(c);
}

/* ---- the Graph API ---- */

static void test_facebook__graph(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	c = ingest(f, test_data("facebook-graph-1"));
	assert_string_equal(c->format, "facebook-graph");
	assert_int_equal(c->full, 0);
	check_counts(c, 10, 0, 0, 0, 1, 1, 3);
	assert_non_null(strstr(c->report, "\"file\":\"feed/page-2.json\",\"where\":\"line 1, post 1\","
		"\"problem\":\"more comments of '104729384756102_5010' than this page holds"));
	assert_non_null(strstr(c->report, "\"file\":\"page.json\",\"where\":null,"
		"\"problem\":\"not read: no \\\"data\\\" array"));
	assert_non_null(strstr(c->report, "sticker_126362_n.png?oh=1' is missing"));
	som_capture_free(c);
	assert_int_equal(count_items(f, f->account, "post"), 4);
	assert_int_equal(count_items(f, f->account, "share"), 1);
	assert_int_equal(count_items(f, f->account, "comment"), 3);
	assert_int_equal(count_items(f, f->account, "reply"), 2);

	item = lookup(f, "104729384756102_5001");
	assert_string_equal(item->kind, "post");
	assert_string_equal(item->platform, "facebook");
	assert_string_equal(item->format, "facebook-graph");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(item->author_id, "104729384756102");
	assert_string_equal(item->created, "2025-03-03T07:00:00Z");
	assert_null(item->versions[0].edited);   /* its updated_time is a reply's */
	assert_string_equal(item->url, "https://www.facebook.com/exempelbykommun/posts/5001");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path, "media/411_5120_n.jpg");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);

	item = lookup(f, "5001_6001");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->parent_platform_id, "104729384756102_5001");
	assert_true(item->parent_id > 0);
	assert_int_equal(item->by_account, 0);
	assert_string_equal(item->author_name, "Lisa Berg");
	som_item_free(item);

	item = lookup(f, "5001_6002");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, "5001_6001");
	assert_int_equal(item->by_account, 1);
	som_item_free(item);

	item = lookup(f, "5001_6003");   /* from the comments file, by its "parent" */
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, "5001_6001");
	som_item_free(item);

	item = lookup(f, "5001_6004");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->parent_platform_id, "104729384756102_5001");
	assert_string_equal(current_text(item), "");
	som_item_free(item);

	item = lookup(f, "104729384756102_5010");   /* a visitor's post */
	assert_int_equal(item->by_account, 0);
	assert_string_equal(item->author_name, "Per Olsson");
	som_item_free(item);
	item = lookup(f, "5010_6010");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->parent_platform_id, "104729384756102_5010");
	som_item_free(item);

	item = lookup(f, "104729384756102_5020");   /* a link, not its preview picture */
	assert_string_equal(current_text(item), "Samråd om detaljplanen för Norrby 2:14 "
		"(KS 2025/123).\n\nhttps://www.exempelby.se/norrby");
	assert_int_equal(item->n_attachments, 0);
	som_item_free(item);

	item = lookup(f, "104729384756102_5040");
	assert_string_equal(item->kind, "share");
	assert_string_equal(item->parent_platform_id, "209876543210987_8001");
	som_item_free(item);

	/* a week later: 5030 edited, a new comment on 5001, 5010 not in it */
	c = ingest(f, test_data("facebook-graph-2"));
	check_counts(c, 1, 1, 7, 0, 0, 1, 1);
	som_capture_free(c);
	item = lookup(f, "104729384756102_5030");
	assert_int_equal(item->n_versions, 2);
	assert_string_equal(item->versions[0].text, "Biblioteket har öppet 10–16 på lördag.");
	assert_null(item->versions[0].edited);
	assert_string_equal(item->versions[1].text, "Biblioteket har öppet 10–18 på lördag.");
	assert_string_equal(item->versions[1].edited, "2025-03-07T09:30:00Z");
	assert_string_not_equal(item->versions[0].raw_digest, item->versions[1].raw_digest);
	som_item_free(item);
	item = lookup(f, "104729384756102_5001");
	assert_int_equal(item->n_versions, 1);
	som_item_free(item);
	item = lookup(f, "104729384756102_5010");
	assert_int_equal(item->removed_capture, 0);
	som_item_free(item);
	item = lookup(f, "5001_6005");
	assert_string_equal(item->author_name, "Johan Nilsson");
	som_item_free(item);

	c = ingest(f, test_data("facebook-graph-2"));
	check_counts(c, 0, 0, 9, 0, 0, 1, 1);
	som_capture_free(c);
}

/* ---- detection and refusals ---- */

/* Write `len` bytes of `text` as DIR/NAME/REL and return DIR/NAME. */
static const char *one_file(fixture *f, const char *name, const char *rel, const char *text,
	size_t len)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s/%s", f->dir, name, rel);
	assert_int_equal(write_file(path, text, len), 0);
	return in_dir(f, name);
}

static void test_facebook__detection(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;
	char path[1024];
	static const char graph_page[] =
		"[{\"id\":\"1_2\",\"created_time\":\"2025-01-01T10:00:00+0000\","
		"\"message\":\"Hej\",\"from\":{\"id\":\"1\",\"name\":\"Exempelby kommun\"}}]";
	static const char posts[] =
		"[{\"timestamp\": 1736240400, \"data\": [{\"post\": \"Hej fr\\u00c3\\u00a5n oss\"}]}]";
	static const char mixed[] =
		"{\"data\":[{\"id\":\"1_3\",\"created_time\":\"2025-01-02T10:00:00+0000\","
		"\"message\":\"Nytt inl\\u00e4gg\",\"from\":{\"id\":\"1\"}},"
		"{\"id\":\"3_4\",\"created_time\":\"2025-01-02T11:00:00+0000\",\"message\":\"Svar\"}]}";

	/* a single posts file */
	snprintf(path, sizeof(path), "%s/your_posts_1.json", one_file(f, "single", "your_posts_1.json",
		posts, strlen(posts)));
	c = ingest(f, path);
	assert_string_equal(c->format, "facebook");
	check_counts(c, 1, 0, 0, 0, 0, 0, 0);
	som_capture_free(c);
	item = find(f, f->account, "Hej från oss");
	assert_string_equal(item->author_name, "exempelbykommun");
	som_item_free(item);

	/* a bare array of posts from the API */
	c = ingest(f, one_file(f, "graph", "posts.json", graph_page, strlen(graph_page)));
	assert_string_equal(c->format, "facebook-graph");
	check_counts(c, 1, 0, 0, 0, 0, 0, 0);
	som_capture_free(c);

	/* a comments file that holds a post of the Page: a post all the same */
	one_file(f, "graph2", "feed/page-1.json", graph_page, strlen(graph_page));
	c = ingest(f, one_file(f, "graph2", "with-comments.json", mixed, strlen(mixed)));
	assert_string_equal(c->format, "facebook-graph");
	check_counts(c, 2, 0, 1, 0, 0, 0, 0);
	som_capture_free(c);
	item = lookup(f, "1_3");
	assert_string_equal(item->kind, "post");
	assert_string_equal(current_text(item), "Nytt inlägg");
	assert_int_equal(item->by_account, 1);
	som_item_free(item);
	item = lookup(f, "3_4");
	assert_string_equal(item->kind, "comment");
	assert_string_equal(item->parent_platform_id, "1_3");
	som_item_free(item);

	/* the wrong importer, named: a clear error, nothing stored */
	refused(f, test_data("facebook-page-v1"), "facebook-graph",
		"not a capture of the Facebook Graph API (no file holds a \"data\" array of posts");
	refused(f, test_data("facebook-graph-1"), "facebook",
		"not a Facebook export in JSON (no posts, comments or messages)");
	refused(f, test_data("facebook-html"), NULL,
		"a Facebook export in HTML; request it again in JSON format");
	refused(f, test_data("facebook-html"), "facebook", "a Facebook export in HTML");
}

/* `prefix`, 50 MB of 'a', `suffix`: a JSON text with one huge string (free()). */
static char *big_json(size_t *len, const char *prefix, const char *suffix)
{
	size_t n = (size_t)50 << 20, p = strlen(prefix), s = strlen(suffix);
	char *buf = malloc(p + n + s);

	assert_non_null(buf);
	memcpy(buf, prefix, p);
	memset(buf + p, 'a', n);
	memcpy(buf + p + n, suffix, s);
	*len = p + n + s;
	return buf;
}

static void test_facebook__hostile(void **state)
{
	fixture *f = *state;
	struct archive *a;
	struct archive_entry *ae;
	char *buf, zip[1024];
	size_t n;
	static const char outbox[] = "{\"@context\":\"https://www.w3.org/ns/activitystreams\","
		"\"type\":\"OrderedCollection\",\"orderedItems\":[]}";
	static const char csv[] = "Date,ShareLink,ShareCommentary\n2025-01-01,x,Hej\n";
	static const char ok[] = "[{\"timestamp\": 1736240400, \"data\": [{\"post\": \"Hej\"}]}]";

	/* 100,000 '[': refused at the 257th */
	n = 100000;
	buf = malloc(n);
	assert_non_null(buf);
	memset(buf, '[', n);
	refused(f, one_file(f, "deep", "posts/your_posts_1.json", buf, n), NULL,
		"cannot read 'posts/your_posts_1.json': line 1, column 257: nesting deeper than 256");
	refused(f, one_file(f, "deep-graph", "feed-1.json", buf, n), "facebook-graph",
		"nesting deeper than 256");
	memcpy(buf, "{\"data\":", 8);
	refused(f, one_file(f, "deep-graph2", "feed-1.json", buf, n), "facebook-graph",
		"nesting deeper than 256");
	memset(buf, '[', 1000);
	memcpy(buf, "{\"comments_v2\":", 15);
	refused(f, one_file(f, "deep-comments", "comments/comments.json", buf, 1000), NULL,
		"nesting deeper than 256");
	free(buf);

	/* a post of 50 MB */
	buf = big_json(&n, "[{\"timestamp\":1736240400,\"data\":[{\"post\":\"", "\"}]}]");
	refused(f, one_file(f, "huge", "your_posts_1.json", buf, n), NULL,
		"cannot read 'your_posts_1.json': line 1, column 2: item larger than 16 MiB");
	free(buf);
	buf = big_json(&n, "{\"data\":[{\"id\":\"1_2\",\"created_time\":\"2025-01-01T10:00:00+0000\","
		"\"message\":\"", "\"}]}");
	refused(f, one_file(f, "huge-graph", "feed.json", buf, n), "facebook-graph",
		"cannot read 'feed.json': line 1, column 10: item larger than 16 MiB");
	free(buf);

	/* files that claim the format and are something else */
	refused(f, one_file(f, "masto", "posts/your_posts_1.json", outbox, strlen(outbox)), NULL,
		"cannot read 'posts/your_posts_1.json': not a Facebook posts file (no array of posts)");
	refused(f, one_file(f, "csv", "your_posts_1.json", csv, strlen(csv)), NULL,
		"cannot read 'your_posts_1.json': not JSON (a Facebook export in JSON was expected)");
	refused(f, one_file(f, "comments-masto", "comments_and_reactions/comments.json", outbox,
		strlen(outbox)), NULL, "not a Facebook comments file");
	refused(f, one_file(f, "cut", "your_posts_1.json", ok, strlen(ok) - 3), NULL,
		"cannot read 'your_posts_1.json': line 1, column");
	refused(f, one_file(f, "graph-csv", "feed.json", csv, strlen(csv)), "facebook-graph",
		"no file holds a \"data\" array");

	/* a zip with ../ in a name */
	snprintf(zip, sizeof(zip), "%s", in_dir(f, "dotdot.zip"));
	a = zip_open(zip);
	zip_add(a, "posts/your_posts_1.json", ok, strlen(ok));
	zip_add(a, "posts/media/../../../evil.jpg", "pwned", 5);
	zip_close(a);
	refused(f, zip, NULL, "../../../evil.jpg");
	refused(f, zip, "facebook", "../../../evil.jpg");

	/* a zip with a symbolic link where a photo should be */
	snprintf(zip, sizeof(zip), "%s", in_dir(f, "link.zip"));
	a = zip_open(zip);
	zip_add(a, "posts/your_posts_1.json", ok, strlen(ok));
	ae = archive_entry_new();
	archive_entry_set_pathname(ae, "posts/media/photo.jpg");
	archive_entry_set_filetype(ae, AE_IFLNK);
	archive_entry_set_perm(ae, 0777);
	archive_entry_set_symlink(ae, "/etc/passwd");
	archive_entry_set_size(ae, 0);
	assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
	archive_entry_free(ae);
	zip_close(a);
	refused(f, zip, NULL, "photo.jpg");

	/* a zip bomb: 300 MB of spaces as the posts file, a few hundred KB zipped */
	snprintf(zip, sizeof(zip), "%s", in_dir(f, "bomb.zip"));
	a = zip_open(zip);
	ae = archive_entry_new();
	archive_entry_set_pathname(ae, "posts/your_posts_1.json");
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)300 << 20);
	assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
	buf = malloc(1 << 20);
	assert_non_null(buf);
	memset(buf, ' ', 1 << 20);
	buf[0] = '[';
	for (int i = 0; i < 300; i++) {
		assert_int_equal(archive_write_data(a, buf, 1 << 20), 1 << 20);
		buf[0] = ' ';
	}
	free(buf);
	archive_entry_free(ae);
	zip_close(a);
	assert_true(file_size(zip) < 1024 * 1024);
	refused(f, zip, NULL, "a zip bomb?");
	refused(f, zip, "facebook-graph", "a zip bomb?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_facebook__sample, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_facebook__page, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_facebook__layouts, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_facebook__graph, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_facebook__detection, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_facebook__hostile, setup, importer_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
