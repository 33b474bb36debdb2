/*
 * Unit tests of the X importers (src/ingest/x.c, the account archive, and
 * src/ingest/twarc.c, API v2 captures saved by twarc2) through the public
 * API: real samples published by their owners, the fixtures of
 * tests/data/x-* (see tests/data/x.md), and hostile or misnamed sources
 * built here.
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

/* The samples, read in place (see ../shared/samples/README.md). */
static const char *const archive_dirs[] = {
	"../shared/samples/x/milahu-twitter-milahu104",
};
static const char *const twarc_dirs[] = {
	"../shared/samples/x-twarc/docnow-twarc-csv",
};

static int setup(void **state)
{
	return importer_setup(state, "x", "@exempelby");
}

static som_capture *ingest_as(const fixture *f, const char *path, const char *format)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;

	opts.format = format;
	if (som_ingest(&c, f->store, f->account, path, &opts) != 0)
		fail_msg("ingest '%s': %s", path, som_error_last());
	return c;
}

static som_capture *ingest(const fixture *f, const char *path)
{
	return ingest_as(f, path, NULL);
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

typedef struct tally {
	int64_t n;
	int64_t by_account;
} tally;

static int tally_cb(const som_item *item, void *payload)
{
	tally *t = payload;

	t->n++;
	t->by_account += item->by_account != 0;
	return 0;
}

/* Items of the account of one kind (NULL: all). */
static tally count_kind(const fixture *f, const char *kind)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	tally t = { 0, 0 };

	filter.account_id = f->account;
	filter.kind = kind;
	assert_int_equal(som_item_foreach(f->store, &filter, tally_cb, &t), 0);
	return t;
}

/* The rows that a failed ingest must leave as they were. */
typedef struct rows {
	int64_t capture, item, version, attachment, object;
} rows;

static rows count_rows(const fixture *f)
{
	rows r;

	r.capture = db_count(f->store_dir, "capture");
	r.item = db_count(f->store_dir, "item");
	r.version = db_count(f->store_dir, "version");
	r.attachment = db_count(f->store_dir, "attachment");
	r.object = db_count(f->store_dir, "object");
	return r;
}

/* The ingest must fail with SOM_EINVALID, saying `says`, and change nothing. */
static void refused(const fixture *f, const char *path, const char *format, const char *says)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;
	rows before = count_rows(f), after;
	int error;

	opts.format = format;
	error = som_ingest(&c, f->store, f->account, path, &opts);
	if (error != SOM_EINVALID)
		fail_msg("ingest '%s': expected SOM_EINVALID, got %d: %s", path, error,
			som_error_last());
	assert_null(c);
	if (says && !contains(som_error_last(), says))
		fail_msg("ingest '%s': the error '%s' does not say '%s'", path, som_error_last(),
			says);
	after = count_rows(f);
	assert_memory_equal(&before, &after, sizeof(before));
}

/* ---- zips ---- */

static void zip_add(struct archive *a, const char *name, const void *data, size_t len)
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
	bytes = read_whole_file(path, &len);
	if (bytes == NULL)
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

/* ---- the account archive: the sample ---- */

static void test_x__sample(void **state)
{
	fixture *f = *state;
	char dir[512];
	som_capture *c;
	som_item *item;
	tally t;

	if (!first_existing(archive_dirs, N_OF(archive_dirs), NULL, dir, sizeof(dir))) {
		print_message("skipped: no sample at %s\n", archive_dirs[0]);
		skip();
	}
	/*
	 * Counted with python3 over data/tweets.js and data/deleted-tweets.js
	 * (json.loads past the "= "): 2,045 tweets, 1,780 with
	 * in_reply_to_status_id_str, 239 whose full_text starts "RT @", 26
	 * others; 47 deleted tweets (43 replies, 4 retweets); no tweet edited.
	 * 25 media (23 + 2); their files, <tweet id>-<basename of the photo or
	 * of the best mp4>, are in tweets_media/ (21) and deleted_tweets_media/
	 * (1); 3 videos are absent.
	 */
	c = ingest(f, dir);
	assert_string_equal(c->format, "x");
	assert_int_equal(c->full, 1);
	assert_int_equal(c->n_new, 2092);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_removed, 0);
	assert_int_equal(c->n_attachments, 22);
	assert_int_equal(c->n_missing, 3);
	assert_int_equal(c->n_problems, 50);   /* 47 deleted, 3 missing */
	assert_true(contains(c->report, "data/tweets_media/2027108952211693705-ut37uMPNHhBkwLa6.mp4"));
	assert_true(contains(c->report,
		"data/deleted_tweets_media/2027426349653148003-dMRfyD27ius-s0fd.mp4"));
	assert_true(contains(c->report, "tweet '2029583929812873669' was deleted on the platform"));
	assert_false(contains(c->report, "skipped"));
	som_capture_free(c);

	t = count_kind(f, "post");
	assert_int_equal(t.n, 26);
	t = count_kind(f, "reply");
	assert_int_equal(t.n, 1780 + 43);
	t = count_kind(f, "share");
	assert_int_equal(t.n, 239 + 4);
	t = count_kind(f, NULL);
	assert_int_equal(t.n, 2092);
	assert_int_equal(t.by_account, 2092);

	/* HTML entities decoded; a retweet names the tweet it shares when its media do */
	item = lookup(f, "2001571772517253131");
	assert_string_equal(item->kind, "share");
	assert_true(strncmp(current_text(item),
		"RT @infobeautiful: Uppers, downers, trips & tranqs", 50) == 0);
	som_item_free(item);
	item = lookup(f, "2029604193200152772");
	assert_string_equal(item->kind, "share");
	assert_string_equal(item->parent_platform_id, "2029498595309715652");
	som_item_free(item);

	/* a reply, by the account, with its author from account.js */
	item = lookup(f, "2029905358261502168");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, "2029903943413772741");
	assert_string_equal(item->author_name, "Milan Hauth");
	assert_string_equal(item->author_id, "1964312974236991488");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->created, "2026-03-06T13:02:05Z");
	assert_string_equal(item->url, "https://x.com/milahu104/status/2029905358261502168");
	/* the shortened link is shown as its target */
	assert_string_equal(current_text(item),
		"@SamaHoole https://x.com/milahu104/status/2027739112069878026");
	som_item_free(item);

	/* an animated GIF, kept as the mp4 the archive holds */
	item = lookup(f, "2011883284482207917");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		"data/tweets_media/2011883284482207917-G-ulHZgW0AE_yfP.mp4");
	assert_non_null(item->attachments[0].digest);
	assert_string_equal(item->attachments[0].mime, "video/mp4");
	som_item_free(item);

	/* a deleted tweet is kept */
	item = lookup(f, "2029583929812873669");
	assert_string_equal(current_text(item), "@Dominik_Kettner niemand will für israel kämpfen");
	assert_string_equal(item->parent_platform_id, "2029474547875840042");
	som_item_free(item);

	/* the same archive again adds nothing */
	c = ingest(f, dir);
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 2092);
	assert_int_equal(c->n_removed, 0);
	assert_int_equal(c->n_attachments, 0);
	som_capture_free(c);
}

/* ---- the account archive: the fixtures ---- */

static void check_archive_fixture(const fixture *f, const som_capture *c)
{
	som_item *item;
	tally t;

	/* see tests/data/x.md */
	assert_string_equal(c->format, "x");
	assert_int_equal(c->n_new, 16);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_attachments, 4);
	assert_int_equal(c->n_missing, 1);
	assert_int_equal(c->n_problems, 6);
	assert_true(contains(c->report,
		"attachment 'data/tweets_media/1790000000000000004-HogKvalitet01.mp4' is missing"));
	assert_true(contains(c->report, "tweet '1790000000000000020' was deleted on the platform"));
	assert_true(contains(c->report, "likes are not records"));
	assert_true(contains(c->report, "followers are a list"));
	assert_false(contains(c->report, "following.js"));   /* empty: nothing left unread */
	assert_true(contains(c->report, "2 files of account data that hold no posts or messages "
		"(ad-impressions.js, ip-audit.js)"));
	assert_true(contains(c->report, "1 conversation events that are not messages"));

	assert_int_equal(count_kind(f, "post").n, 8);
	assert_int_equal(count_kind(f, "reply").n, 3);
	assert_int_equal(count_kind(f, "share").n, 1);
	t = count_kind(f, "message");
	assert_int_equal(t.n, 4);
	assert_int_equal(t.by_account, 2);
	t = count_kind(f, NULL);
	assert_int_equal(t.n, 16);
	assert_int_equal(t.by_account, 14);

	/* the edited tweet: one item, its versions oldest first, named by the first */
	item = lookup(f, "1790000000000000011");
	assert_string_equal(item->kind, "post");
	assert_int_equal(item->n_versions, 2);
	assert_string_equal(item->versions[0].text,
		"Kommunfullmäktige sammanträder måndag 22 april kl. 18.00 i kommunhuset.");
	assert_null(item->versions[0].edited);
	assert_string_equal(item->versions[1].text,
		"Kommunfullmäktige sammanträder tisdag 23 april kl. 18.00 i kommunhuset (ändrad dag).");
	assert_string_equal(item->versions[1].edited, "2024-04-20T08:20:00Z");
	assert_string_equal(item->created, "2024-04-20T08:05:00Z");
	assert_string_not_equal(item->versions[0].raw_digest, item->versions[1].raw_digest);
	som_item_free(item);
	assert_int_equal(som_item_lookup(&item, f->store, "1790000000000000012"), SOM_ENOTFOUND);

	/* HTML entities, from the second part of tweets.js */
	item = lookup(f, "1790000000000000002");
	assert_string_equal(current_text(item),
		"Simhallen & biblioteket har öppet 10>18 under påsklovet. Vi <3 våra besökare!");
	som_item_free(item);
	item = lookup(f, "1790000000000000001");
	assert_string_equal(current_text(item),
		"Välkommen till Exempelby kommuns konto! Mer på https://www.exempelby.se");
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(item->author_id, "1500000000000000001");
	assert_string_equal(item->url, "https://x.com/exempelby/status/1790000000000000001");
	som_item_free(item);

	/* the account's thread to itself */
	item = lookup(f, "1790000000000000007");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, "1790000000000000006");
	assert_string_equal(current_text(item), "3/3 Tack för ert tålamod & kör försiktigt!");
	assert_true(item->parent_id > 0);
	som_item_free(item);
	item = lookup(f, "1790000000000000006");
	assert_string_equal(item->parent_platform_id, "1790000000000000005");
	assert_true(item->parent_id > 0);
	som_item_free(item);
	item = lookup(f, "1790000000000000008");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, "1780000000000000099");
	assert_int_equal(item->parent_id, 0);
	som_item_free(item);

	/* a picture with its alt text; a video missing, named as the archive would */
	item = lookup(f, "1790000000000000003");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		"data/tweets_media/1790000000000000003-Fbild1AAA.png");
	assert_string_equal(item->attachments[0].mime, "image/png");
	assert_string_equal(item->attachments[0].description,
		"Kommunhuset i vinterskrud med snö på taket");
	assert_non_null(item->attachments[0].digest);
	assert_string_equal(current_text(item),
		"Kommunhuset i morse. https://x.com/exempelby/status/1790000000000000003/photo/1");
	som_item_free(item);
	item = lookup(f, "1790000000000000004");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		"data/tweets_media/1790000000000000004-HogKvalitet01.mp4");
	assert_null(item->attachments[0].digest);
	som_item_free(item);

	/* a retweet and a quote */
	item = lookup(f, "1790000000000000009");
	assert_string_equal(item->kind, "share");
	assert_string_equal(item->parent_platform_id, "1789999999999999000");
	assert_int_equal(item->by_account, 1);
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);
	item = lookup(f, "1790000000000000010");
	assert_string_equal(item->kind, "post");
	assert_true(contains(current_text(item),
		"https://x.com/exempelbyrsk/status/1789999999999999000"));
	som_item_free(item);

	/* the deleted tweet, kept with its picture */
	item = lookup(f, "1790000000000000020");
	assert_string_equal(item->kind, "post");
	assert_string_equal(item->attachments[0].path,
		"data/deleted_tweets_media/1790000000000000020-Fsop0001AAA.png");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);

	/* direct messages: the account's and the citizen's, each with its own bytes */
	item = lookup(f, "1791000000000000003");
	assert_string_equal(item->kind, "message");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(current_text(item),
		"Hej! Anmälan görs i e-tjänsten: https://www.exempelby.se/simskola");
	assert_string_equal(item->created, "2024-04-15T09:10:00Z");
	som_item_free(item);
	item = lookup(f, "1791000000000000002");
	assert_int_equal(item->by_account, 0);
	assert_string_equal(item->author_id, "1600000000000000007");
	assert_null(item->author_name);
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path,
		"data/direct_messages_media/1791000000000000002-Blankett1.jpg");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);
	item = lookup(f, "1792000000000000002");
	assert_string_equal(item->kind, "message");
	assert_int_equal(item->by_account, 1);
	som_item_free(item);
}

/* A message's raw object is its own "messageCreate", not the whole conversation. */
static void check_message_raw(const fixture *f)
{
	som_buf out = SOM_BUF_INIT;
	som_item *item = lookup(f, "1791000000000000001");

	assert_int_equal(som_item_to_ndjson(&out, f->store, item), 0);
	assert_true(contains(out.ptr, "hur anmäler jag mitt barn"));
	assert_false(contains(out.ptr, "Blankett1"));
	assert_false(contains(out.ptr, "dmConversation"));
	som_buf_dispose(&out);
	som_item_free(item);
}

static void test_x__archive(void **state)
{
	fixture *f = *state;
	som_capture *c = ingest(f, test_data("x-exempelby-archive"));

	check_archive_fixture(f, c);
	som_capture_free(c);
	check_message_raw(f);

	/* again: nothing new, the edited tweet's two versions seen again */
	c = ingest(f, test_data("x-exempelby-archive"));
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 16);
	assert_int_equal(c->n_removed, 0);
	som_capture_free(c);
	{
		som_item *item = lookup(f, "1790000000000000011");
		assert_int_equal(item->n_versions, 2);
		som_item_free(item);
	}
}

static void test_x__zip(void **state)
{
	fixture *f = *state;
	som_capture *c;

	zip_folder(in_dir(f, "archive.zip"), test_data("x-exempelby-archive"));
	c = ingest(f, in_dir(f, "archive.zip"));
	check_archive_fixture(f, c);
	som_capture_free(c);
	check_message_raw(f);
}

static void test_x__older(void **state)
{
	fixture *f = *state;
	som_capture *c = ingest(f, test_data("x-exempelby-older"));
	som_item *item;

	/* data/tweet.js, "window.YTD.tweet.part0", media in tweet_media/ */
	assert_string_equal(c->format, "x");
	assert_int_equal(c->n_new, 2);
	assert_int_equal(c->n_attachments, 1);
	assert_int_equal(c->n_missing, 0);
	assert_int_equal(c->n_problems, 0);
	som_capture_free(c);
	item = lookup(f, "1100000000000000001");
	assert_string_equal(item->kind, "post");
	assert_string_equal(item->created, "2019-03-04T08:00:00Z");
	assert_string_equal(item->attachments[0].path,
		"data/tweet_media/1100000000000000001-D0var001AAA.jpg");
	assert_string_equal(item->attachments[0].description, "Krokusar vid kyrkan");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);
	item = lookup(f, "1100000000000000003");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(current_text(item),
		"@medborgare Biblioteket har öppet till 20 i kväll & i morgon.");
	som_item_free(item);
}

/* One tweet of the archive's layout. */
static void put_tweet(som_buf *b, const char *id, const char *created, const char *text,
	const char *edit_info)
{
	som_buf_printf(b, "%s{\n  \"tweet\" : {\n    \"edit_info\" : %s,\n"
		"    \"id_str\" : \"%s\",\n    \"created_at\" : \"%s\",\n"
		"    \"full_text\" : \"%s\",\n    \"entities\" : { }\n  }\n}",
		b->size > 40 ? ",\n" : "", edit_info, id, created, text);
}

/* An archive of its own: account.js and a tweets.js written by `fill`. */
static const char *write_archive(fixture *f, const char *folder, const char *tweets_js)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "%s/data/account.js", folder);
	assert_int_equal(write_text(in_dir(f, rel),
		"window.YTD.account.part0 = [ { \"account\" : { \"username\" : \"exempelby\", "
		"\"accountId\" : \"1500000000000000001\", "
		"\"accountDisplayName\" : \"Exempelby kommun\" } } ]"), 0);
	snprintf(rel, sizeof(rel), "%s/data/tweets.js", folder);
	assert_int_equal(write_text(in_dir(f, rel), tweets_js), 0);
	return in_dir(f, folder);
}

#define INITIAL(id) "{ \"initial\" : { \"editTweetIds\" : [ \"" id "\" ] } }"

/* An edit seen in a later archive; a tweet gone from it; an earlier state seen again. */
static void test_x__edit_and_removal(void **state)
{
	fixture *f = *state;
	som_buf b = SOM_BUF_INIT;
	som_capture *c;
	som_item *item;

	som_buf_puts(&b, "window.YTD.tweets.part0 = [\n");
	put_tweet(&b, "1790000000000000030", "Sun Apr 14 08:00:00 +0000 2024",
		"Ett inlägg som sedan togs bort.", INITIAL("1790000000000000030"));
	put_tweet(&b, "1790000000000000011", "Sat Apr 20 08:05:00 +0000 2024",
		"Kommunfullmäktige sammanträder måndag 22 april kl. 18.00 i kommunhuset.",
		INITIAL("1790000000000000011"));
	som_buf_puts(&b, "\n]");
	c = ingest(f, write_archive(f, "before", b.ptr));
	assert_int_equal(c->n_new, 2);
	som_capture_free(c);
	som_buf_dispose(&b);

	c = ingest(f, test_data("x-exempelby-archive"));
	assert_int_equal(c->n_new, 15);
	assert_int_equal(c->n_changed, 1);
	assert_int_equal(c->n_unchanged, 0);
	assert_int_equal(c->n_removed, 1);
	som_capture_free(c);

	item = lookup(f, "1790000000000000011");
	assert_int_equal(item->n_versions, 2);
	assert_int_equal(item->versions[0].capture_id, 1);
	assert_int_equal(item->versions[1].capture_id, 2);
	assert_string_equal(item->versions[1].edited, "2024-04-20T08:20:00Z");
	assert_int_equal(item->removed_capture, 0);
	som_item_free(item);
	item = lookup(f, "1790000000000000030");
	assert_int_equal(item->removed_capture, 2);
	som_item_free(item);

	/* the older archive again: the first state is no news, nothing is lost */
	c = ingest(f, in_dir(f, "before"));
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	som_capture_free(c);
	item = lookup(f, "1790000000000000011");
	assert_int_equal(item->n_versions, 2);
	som_item_free(item);
}

/* Detection without --format, and --format overriding it. */
static void test_x__detect(void **state)
{
	fixture *f = *state;
	som_capture *c;

	c = ingest(f, test_data("x-exempelby-older"));
	assert_string_equal(c->format, "x");
	som_capture_free(c);
	c = ingest(f, test_data("x-exempelby-twarc"));
	assert_string_equal(c->format, "twarc");
	assert_int_equal(c->full, 0);
	som_capture_free(c);

	/* a tweets.js given alone */
	snprintf(f->path, sizeof(f->path), "%s/data/tweet.js", test_data("x-exempelby-older"));
	{
		char path[1024];
		snprintf(path, sizeof(path), "%s", f->path);
		c = ingest(f, path);
		assert_string_equal(c->format, "x");
		assert_int_equal(c->n_unchanged, 2);
		assert_true(contains(c->report, "account.js"));   /* its absence is said */
		som_capture_free(c);
	}

	refused(f, test_data("x-exempelby-archive"), "twarc", "not a twarc2 capture");
	refused(f, test_data("x-exempelby-twarc"), "x", "not an X archive");
	refused(f, test_data("x-exempelby-archive"), "mastodon", "outbox.json");
}

/* ---- hostile archives ---- */

static void test_x__hostile_archives(void **state)
{
	fixture *f = *state;
	const char *account = "window.YTD.account.part0 = [ { \"account\" : { \"username\" : "
		"\"exempelby\", \"accountId\" : \"1\" } } ]";
	const char *tweets = "window.YTD.tweets.part0 = [ { \"tweet\" : { \"id_str\" : \"1\", "
		"\"created_at\" : \"Mon Apr 01 08:00:00 +0000 2024\", \"full_text\" : \"Hej\" } } ]";
	struct archive *a;
	struct archive_entry *e;
	char *zeros;
	size_t i;

	/* a name that climbs out */
	a = zip_open(in_dir(f, "climb.zip"));
	zip_add(a, "data/account.js", account, strlen(account));
	zip_add(a, "data/tweets.js", tweets, strlen(tweets));
	zip_add(a, "../../data/tweets_media/1-evil.jpg", "pwned", 5);
	zip_close(a);
	refused(f, in_dir(f, "climb.zip"), NULL, "climb.zip");
	refused(f, in_dir(f, "climb.zip"), "x", "climb.zip");

	/* a link to a file outside */
	a = zip_open(in_dir(f, "link.zip"));
	zip_add(a, "data/account.js", account, strlen(account));
	zip_add(a, "data/tweets.js", tweets, strlen(tweets));
	e = archive_entry_new();
	archive_entry_set_pathname(e, "data/tweets_media/1-Fbild.jpg");
	archive_entry_set_filetype(e, AE_IFLNK);
	archive_entry_set_perm(e, 0777);
	archive_entry_set_symlink(e, "/etc/passwd");
	archive_entry_set_size(e, 0);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	archive_entry_free(e);
	zip_close(a);
	refused(f, in_dir(f, "link.zip"), "x", "link");

	/* a bomb: 300 MB of zeros as tweets.js, a few hundred KB compressed */
	zeros = calloc(1, 1 << 20);
	assert_non_null(zeros);
	a = zip_open(in_dir(f, "bomb.zip"));
	zip_add(a, "data/account.js", account, strlen(account));
	e = archive_entry_new();
	archive_entry_set_pathname(e, "data/tweets.js");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)300 << 20);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	for (i = 0; i < 300; i++)
		assert_int_equal(archive_write_data(a, zeros, 1 << 20), 1 << 20);
	archive_entry_free(e);
	zip_close(a);
	free(zeros);
	assert_true(file_size(in_dir(f, "bomb.zip")) < (5 << 20));
	refused(f, in_dir(f, "bomb.zip"), NULL, "bomb.zip");
	refused(f, in_dir(f, "bomb.zip"), "x", "bomb.zip");
	assert_int_equal(db_count(f->store_dir, "capture"), 0);
}

/* ---- hostile and damaged JSON ---- */

static void test_x__hostile_json(void **state)
{
	fixture *f = *state;
	som_buf b = SOM_BUF_INIT;
	som_capture *c;
	size_t i;

	/* nested 100,000 deep */
	som_buf_puts(&b, "window.YTD.tweets.part0 = ");
	for (i = 0; i < 100000; i++)
		som_buf_putc(&b, '[');
	refused(f, write_archive(f, "deep", b.ptr), NULL, "data/tweets.js");
	assert_true(contains(som_error_last(), "line 1"));
	som_buf_clear(&b);

	/* a 50 MB text */
	som_buf_puts(&b, "window.YTD.tweets.part0 = [ { \"tweet\" : { \"id_str\" : \"1\", "
		"\"created_at\" : \"Mon Apr 01 08:00:00 +0000 2024\", \"full_text\" : \"");
	assert_int_equal(som_buf_grow(&b, (size_t)50 << 20), 0);
	memset(b.ptr + b.size, 'a', (size_t)50 << 20);
	b.size += (size_t)50 << 20;
	som_buf_puts(&b, "\" } } ]");
	refused(f, write_archive(f, "huge", b.ptr), NULL, "larger than 16 MiB");
	som_buf_clear(&b);

	/* another format wearing X's names: an outbox with the prefix */
	refused(f, write_archive(f, "outbox",
		"window.YTD.tweets.part0 = {\"@context\":\"https://www.w3.org/ns/activitystreams\","
		"\"type\":\"OrderedCollection\",\"orderedItems\":[]}"), "x",
		"not an X archive file (none of its 1 elements is a tweet)");
	refused(f, write_archive(f, "csv", "id,created_at,text\n1,2024-04-01,Hej\n"), "x",
		"data/tweets.js");

	/* cut short: the capture fails, naming the line */
	som_buf_puts(&b, "window.YTD.tweets.part0 = [\n");
	put_tweet(&b, "1", "Mon Apr 01 08:00:00 +0000 2024", "Hej", INITIAL("1"));
	put_tweet(&b, "2", "Mon Apr 01 09:00:00 +0000 2024", "Hej igen", INITIAL("2"));
	b.size -= 30;
	b.ptr[b.size] = '\0';
	refused(f, write_archive(f, "cut", b.ptr), NULL,
		"cannot read 'data/tweets.js': line 16, column 19: unterminated string");
	som_buf_clear(&b);
	assert_int_equal(db_count(f->store_dir, "capture"), 0);

	/* single bad tweets are skipped and said; the rest is read */
	som_buf_puts(&b, "window.YTD.tweets.part0 = [\n");
	put_tweet(&b, "1", "Mon Apr 01 08:00:00 +0000 2024", "Hej", INITIAL("1"));
	put_tweet(&b, "2", "igår", "Fel tid", INITIAL("2"));
	som_buf_puts(&b, ",\n{ \"tweet\" : { \"full_text\" : \"utan id\" } }");
	som_buf_puts(&b, ",\n{ \"tweet\" : { \"id_str\" : \"4\", \"created_at\" : tru } }");
	som_buf_puts(&b, ",\n[ \"inte en tweet\" ]\n]");
	write_archive(f, "bad", b.ptr);
	assert_int_equal(write_text(in_dir(f, "bad/data/account.js"), "window.YTD.account.part0 = ["),
		0);
	c = ingest(f, in_dir(f, "bad"));
	assert_int_equal(c->n_new, 1);
	assert_int_equal(c->n_problems, 5);
	assert_true(contains(c->report, "skipped: no valid time \\\"created_at\\\" for '2'"));
	assert_true(contains(c->report, "skipped: not a tweet (no \\\"id_str\\\")"));
	assert_true(contains(c->report, "\"where\":\"line 21, item 4\""));
	assert_true(contains(c->report, "\"file\":\"data/account.js\""));
	som_capture_free(c);
	{
		som_item *item = lookup(f, "1");
		/* without account.js the account's handle names the author */
		assert_string_equal(item->author_name, "@exempelby");
		assert_string_equal(item->url, "https://x.com/exempelby/status/1");
		som_item_free(item);
	}
	som_buf_dispose(&b);
}

/* ---- twarc ---- */

static void test_x__twarc_sample(void **state)
{
	fixture *f = *state;
	char dir[512], file[600];
	som_capture *c;
	som_item *item;
	tally t;

	if (!first_existing(twarc_dirs, N_OF(twarc_dirs), NULL, dir, sizeof(dir))) {
		print_message("skipped: no sample at %s\n", twarc_dirs[0]);
		skip();
	}
	/*
	 * Counted with python3: flat.jsonl holds 100 tweets, one a line, by
	 * type of referenced_tweets 47 retweeted, 31 replied_to, 8 quoted, 14
	 * none; 6 of them name a media key (no media files); two_tweets.jsonl
	 * is one response page whose "data" holds 1 retweet. None is edited,
	 * none is by @exempelby.
	 */
	c = ingest(f, dir);
	assert_string_equal(c->format, "twarc");
	assert_int_equal(c->full, 0);
	assert_int_equal(c->n_new, 101);
	assert_int_equal(c->n_attachments, 0);
	assert_int_equal(c->n_missing, 6);
	assert_int_equal(c->n_problems, 6);
	som_capture_free(c);
	assert_int_equal(count_kind(f, "share").n, 48);
	assert_int_equal(count_kind(f, "comment").n, 31);
	assert_int_equal(count_kind(f, "post").n, 22);
	t = count_kind(f, NULL);
	assert_int_equal(t.n, 101);
	assert_int_equal(t.by_account, 0);

	/* a page: the author from includes.users */
	item = lookup(f, "1394735776701816833");
	assert_string_equal(item->kind, "share");
	assert_string_equal(item->parent_platform_id, "1391677057810288641");
	assert_string_equal(item->author_name, "Veronica Lachi");
	assert_string_equal(item->author_id, "1379899464345923590");
	assert_string_equal(item->url, "https://x.com/LachiVeronica/status/1394735776701816833");
	assert_string_equal(item->created, "2021-05-18T19:24:56Z");
	som_item_free(item);
	item = lookup(f, "1380242611781386245");
	assert_string_equal(item->kind, "share");
	som_item_free(item);

	/* one file alone, again: nothing new */
	snprintf(file, sizeof(file), "%s/two_tweets.jsonl", dir);
	c = ingest(f, file);
	assert_string_equal(c->format, "twarc");
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_unchanged, 1);
	som_capture_free(c);
}

static void test_x__twarc(void **state)
{
	fixture *f = *state;
	som_capture *c = ingest(f, test_data("x-exempelby-twarc"));
	som_item *item;
	tally t;

	/* see tests/data/x.md */
	assert_string_equal(c->format, "twarc");
	assert_int_equal(c->n_new, 7);
	assert_int_equal(c->n_attachments, 1);
	assert_int_equal(c->n_missing, 1);
	assert_int_equal(c->n_problems, 3);
	assert_true(contains(c->report, "Not Found Error: Could not find tweet"));
	assert_true(contains(c->report, "\"file\":\"flat.jsonl\",\"where\":\"line 3\","
		"\"problem\":\"skipped: neither a tweet nor a response page\""));
	assert_true(contains(c->report,
		"https://video.twimg.com/amplify_video/1/vid/avc1/1280x720/Valborg01hog.mp4'"));
	som_capture_free(c);
	t = count_kind(f, NULL);
	assert_int_equal(t.n, 7);
	assert_int_equal(t.by_account, 4);
	assert_int_equal(count_kind(f, "post").n, 3);
	assert_int_equal(count_kind(f, "comment").n, 1);
	assert_int_equal(count_kind(f, "reply").n, 2);
	assert_int_equal(count_kind(f, "share").n, 1);

	item = lookup(f, "1800000000000000001");
	assert_string_equal(item->kind, "post");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(current_text(item), "Nu öppnar den nya lekplatsen i Norrby & Söderby! "
		"https://x.com/exempelby/status/1800000000000000001/photo/1");
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].path, "media/GLek0001AAA.jpg");
	assert_string_equal(item->attachments[0].description,
		"Barn som leker på den nya lekplatsen");
	assert_non_null(item->attachments[0].digest);
	som_item_free(item);

	item = lookup(f, "1800000000000000002");
	assert_string_equal(item->kind, "comment");
	assert_int_equal(item->by_account, 0);
	assert_string_equal(item->parent_platform_id, "1800000000000000001");
	assert_true(item->parent_id > 0);
	assert_string_equal(current_text(item),
		"@exempelby Äntligen! Men när lagas gungan vid skolan? <3");
	som_item_free(item);

	item = lookup(f, "1800000000000000012");
	assert_string_equal(item->kind, "reply");
	assert_int_equal(item->by_account, 1);
	assert_string_equal(item->parent_platform_id, "1800000000000000002");
	som_item_free(item);

	/* edited: two versions oldest first, though the capture met the newer first */
	item = lookup(f, "1800000000000000010");
	assert_int_equal(item->n_versions, 2);
	assert_string_equal(item->versions[0].text,
		"Vattnet stängs av på Storgatan i morgon kl. 9–12.");
	assert_null(item->versions[0].edited);
	assert_string_equal(item->versions[1].text,
		"Vattnet stängs av på Storgatan i morgon kl. 9–14 (ny sluttid).");
	assert_string_equal(item->versions[1].edited, "2024-04-19T07:12:00Z");
	som_item_free(item);

	/* a long post: its whole text, not the shortened one */
	item = lookup(f, "1800000000000000021");
	assert_string_equal(item->kind, "reply");
	assert_int_equal(item->by_account, 1);
	assert_true(strlen(current_text(item)) > 300);
	assert_false(contains(current_text(item), "…"));
	som_item_free(item);

	item = lookup(f, "1800000000000000020");
	assert_string_equal(item->author_name, "Hembygdsföreningen");
	assert_null(item->attachments[0].digest);
	assert_string_equal(item->attachments[0].mime, "video/mp4");
	som_item_free(item);

	/* again: nothing new */
	c = ingest(f, test_data("x-exempelby-twarc"));
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 7);
	assert_int_equal(c->n_removed, 0);
	som_capture_free(c);
}

static void test_x__twarc_hostile(void **state)
{
	fixture *f = *state;
	som_buf b = SOM_BUF_INIT;
	const char *line = "{\"id\":\"1800000000000000050\",\"text\":\"Hej\","
		"\"created_at\":\"2024-04-18T08:00:00.000Z\",\"author_id\":\"1\","
		"\"conversation_id\":\"1800000000000000050\",\"edit_history_tweet_ids\":"
		"[\"1800000000000000050\"]}\n";
	som_capture *c;
	size_t i;

	/* a line of 50 MB */
	som_buf_puts(&b, line);
	som_buf_puts(&b, "{\"id\":\"2\",\"author_id\":\"1\",\"conversation_id\":\"2\",\"text\":\"");
	assert_int_equal(som_buf_grow(&b, (size_t)50 << 20), 0);
	memset(b.ptr + b.size, 'a', (size_t)50 << 20);
	b.size += (size_t)50 << 20;
	som_buf_puts(&b, "\"}\n");
	assert_int_equal(write_file(in_dir(f, "huge.jsonl"), b.ptr, b.size), 0);
	refused(f, in_dir(f, "huge.jsonl"), NULL, "cannot read 'huge.jsonl': line 2: larger than 16 MiB");
	som_buf_clear(&b);

	/* nested 100,000 deep, a truncated last line: skipped and said */
	som_buf_puts(&b, line);
	for (i = 0; i < 100000; i++)
		som_buf_putc(&b, '[');
	som_buf_puts(&b, "\n{\"id\":\"3\",\"text\":\"avbr");
	assert_int_equal(write_file(in_dir(f, "damaged.jsonl"), b.ptr, b.size), 0);
	c = ingest(f, in_dir(f, "damaged.jsonl"));
	assert_string_equal(c->format, "twarc");
	assert_int_equal(c->n_new, 1);
	assert_int_equal(c->n_problems, 2);
	assert_true(contains(c->report, "\"where\":\"line 2\""));
	assert_true(contains(c->report, "\"where\":\"line 3\""));
	som_capture_free(c);
	som_buf_dispose(&b);

	/* something else claimed as twarc's */
	assert_int_equal(write_text(in_dir(f, "other.json"),
		"{\"orderedItems\":[{\"type\":\"Create\"}]}\n"), 0);
	refused(f, in_dir(f, "other.json"), "twarc", "not a twarc2 capture");
	assert_int_equal(write_text(in_dir(f, "dir/notes.json"), "[1, 2, 3]\n"), 0);
	refused(f, in_dir(f, "dir"), "twarc", "not a twarc2 capture");
}

/* ---- running out of memory ---- */

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
 * Make the k-th allocation of an ingest of `source` fail, for k = 1, 2, ...
 * into a fresh store each time: every attempt fails with SOM_ENOMEM and
 * leaves no rows, or succeeds whole without having met the failure.
 */
static void sweep(fixture *f, const char *source, int64_t n_new)
{
	fail_state fs;
	som_capture *cap = NULL;
	char path[1024];
	int64_t k, n_anomalies = 0;
	int error = -1;

	snprintf(path, sizeof(path), "%s", source);
	for (k = 1; k <= 20000; k++) {
		som_account in;
		som_store_free(f->store);
		remove_tree(f->store_dir);
		memset(&in, 0, sizeof(in));
		in.platform = "x";
		in.handle = "@exempelby";
		if (som_store_init(&f->store, f->store_dir, "test") != 0 ||
		    som_account_add(&f->account, f->store, &in) != 0)
			fail_msg("k=%lld: fresh store: %s", (long long)k, som_error_last());
		fs.calls = 0;
		fs.fail_at = k;
		som_error_clear();
		som_alloc_set_fail_hook(fail_kth, &fs);
		error = som_ingest(&cap, f->store, f->account, path, NULL);
		som_alloc_set_fail_hook(NULL, NULL);
		if (error == 0) {
			if (cap->n_new != n_new)
				fail_msg("k=%lld: %lld new items, expected %lld", (long long)k,
					(long long)cap->n_new, (long long)n_new);
			som_capture_free(cap);
			cap = NULL;
			if (fs.calls < k)
				break;   /* nothing failed: the sweep is complete */
			n_anomalies++;
			print_message("mishandled: k=%lld: succeeded although the allocation failed\n",
				(long long)k);
			continue;
		}
		if (error != SOM_ENOMEM || som_error_code() != SOM_ENOMEM ||
		    db_count(f->store_dir, "capture") != 0 || db_count(f->store_dir, "item") != 0) {
			n_anomalies++;
			print_message("mishandled: k=%lld: returned %d: %s\n", (long long)k, error,
				som_error_last());
		}
	}
	assert_int_equal(error, 0);
	print_message("allocation failure sweep of '%s': %lld allocations, %lld anomalies\n",
		source, (long long)fs.calls, (long long)n_anomalies);
	if (n_anomalies)
		fail_msg("%lld allocation failures were mishandled (listed above)",
			(long long)n_anomalies);
}

static void test_x__alloc_failure_sweep(void **state)
{
	fixture *f = *state;
	char path[600];

	snprintf(path, sizeof(path), "%s", test_data("x-exempelby-archive"));
	sweep(f, path, 16);
	snprintf(path, sizeof(path), "%s", test_data("x-exempelby-twarc"));
	sweep(f, path, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_x__sample, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__archive, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__zip, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__older, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__edit_and_removal, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__detect, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__hostile_archives, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__hostile_json, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__twarc_sample, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__twarc, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__twarc_hostile, setup, importer_teardown),
		cmocka_unit_test_setup_teardown(test_x__alloc_failure_sweep, setup, importer_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
