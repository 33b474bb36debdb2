/*
 * Unit tests of the Mastodon importer (src/ingest/mastodon.c) through the
 * public API: a real account export published by its owner, and small
 * exports written here for edits, removals, media and damage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <ftw.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "somarkiv.h"

/* The sample, read in place (see ../shared/samples/README.md). */
static const char *const sample_dirs[] = {
	"../shared/samples/mastodon/dealingwith-masto-archive",
};

typedef struct fixture {
	char dir[256];       /* the temporary directory of the test */
	char store_dir[300];
	som_store *store;
	int64_t account;
} fixture;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	som_account in;

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/som-mastodon-XXXXXX",
		getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	if (som_store_init(&f->store, f->store_dir, "test") != 0) {
		fprintf(stderr, "%s\n", som_error_last());
		return -1;
	}
	memset(&in, 0, sizeof(in));
	in.platform = "mastodon";
	in.handle = "@kommun@social.example";
	in.display_name = "Exempelby kommun";
	if (som_account_add(&f->account, f->store, &in) != 0) {
		fprintf(stderr, "%s\n", som_error_last());
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	som_store_free(f->store);
	nftw(f->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* Write `text` to DIR/REL, making the folders on the way. */
static void write_file(const fixture *f, const char *rel, const char *text, size_t len)
{
	char path[1024];
	char *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	for (slash = strchr(path + strlen(f->dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			fail_msg("cannot create '%s'", path);
		*slash = '/';
	}
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static som_capture *ingest(const fixture *f, const char *rel)
{
	char path[1024];
	som_capture *c = NULL;

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	if (som_ingest(&c, f->store, f->account, path, NULL) != 0)
		fail_msg("ingest '%s': %s", rel, som_error_last());
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

static int count_captures(const som_capture *c, void *payload)
{
	(void)c;
	(*(int *)payload)++;
	return 0;
}

static void test_mastodon__sample(void **state)
{
	fixture *f = *state;
	const char *dir = NULL;
	som_capture *c = NULL;
	som_item *item = NULL;
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(sample_dirs) / sizeof(sample_dirs[0]); i++)
		if (stat(sample_dirs[i], &st) == 0) {
			dir = sample_dirs[i];
			break;
		}
	if (dir == NULL) {
		printf("skipped: no sample at %s\n", sample_dirs[0]);
		skip();
	}

	/*
	 * Counted with python3 over outbox.json: 1,586 activities in the last
	 * "orderedItems" (the first is empty), 1,260 Create (821 public or
	 * followers-only posts, 404 replies, 35 direct messages) and 326
	 * Announce; 193 attachments, none of them published with the sample.
	 */
	if (som_ingest(&c, f->store, f->account, dir, NULL) != 0)
		fail_msg("%s", som_error_last());
	assert_string_equal(c->format, "mastodon");
	assert_int_equal(c->full, 1);
	assert_int_equal(c->n_new, 1586);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 0);
	assert_int_equal(c->n_removed, 0);
	assert_int_equal(c->n_attachments, 0);
	assert_int_equal(c->n_missing, 193);
	assert_non_null(strstr(c->report, "not read: likes are not records"));
	assert_non_null(strstr(c->report, "not read: bookmarks are not records"));
	assert_null(strstr(c->report, "skipped"));
	som_capture_free(c);

	/* a post with a picture and its alt text */
	item = lookup(f, "https://indieweb.social/users/dealingwith/statuses/109333840388857217");
	assert_string_equal(item->kind, "post");
	assert_string_equal(item->author_name, "dealingwith");
	assert_string_equal(item->author_id, "https://indieweb.social/users/dealingwith");
	assert_int_equal(item->by_account, 1);
	assert_int_equal(item->n_attachments, 1);
	assert_string_equal(item->attachments[0].mime, "image/jpeg");
	assert_string_equal(item->attachments[0].description,
		"Picture of a white cat laying on a white couch");
	assert_null(item->attachments[0].digest);
	som_item_free(item);

	/* a direct message */
	item = lookup(f, "https://indieweb.social/users/dealingwith/statuses/109361289517644172");
	assert_string_equal(item->kind, "message");
	assert_true(strncmp(current_text(item), "@obsolete29 I noticed you are a SharePoint dev", 46) == 0);
	som_item_free(item);

	/* a boost */
	item = lookup(f, "https://indieweb.social/users/dealingwith/statuses/109449999597967268/activity");
	assert_string_equal(item->kind, "share");
	assert_string_equal(item->parent_platform_id,
		"https://mastodon.social/users/s0mmer/statuses/109440048909776763");
	assert_string_equal(current_text(item),
		"https://mastodon.social/users/s0mmer/statuses/109440048909776763");
	assert_string_equal(item->created, "2022-12-03T13:34:16Z");
	som_item_free(item);

	/* a shortened link keeps its hidden parts */
	item = lookup(f, "https://indieweb.social/@dealingwith/109305976208011760");
	assert_string_equal(item->kind, "post");
	assert_non_null(strstr(current_text(item),
		"\n\nhttps://daniel.industries/2022/11/07/less-twitter-more-indieweb/"));
	som_item_free(item);

	/* an edited status keeps its edit time */
	item = lookup(f, "https://indieweb.social/users/dealingwith/statuses/112770906107289313");
	assert_int_equal(item->n_versions, 1);
	assert_non_null(item->versions[0].edited);
	som_item_free(item);

	/* the same export again adds nothing */
	if (som_ingest(&c, f->store, f->account, dir, NULL) != 0)
		fail_msg("%s", som_error_last());
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 1586);
	assert_int_equal(c->n_removed, 0);
	som_capture_free(c);
}

/* One activity of the fixture, in the shape Mastodon 4 writes. */
static void put_create(som_buf *b, int n, const char *to, const char *cc,
	const char *in_reply_to, const char *summary, const char *content,
	const char *updated, const char *attachment)
{
	som_buf_printf(b,
		"{\"id\":\"https://social.example/users/kommun/statuses/%d/activity\","
		"\"type\":\"Create\",\"actor\":\"https://social.example/users/kommun\","
		"\"published\":\"2024-05-0%dT08:00:00Z\",\"to\":[%s],\"cc\":[%s],"
		"\"object\":{\"id\":\"https://social.example/users/kommun/statuses/%d\","
		"\"type\":\"Note\",\"summary\":%s,\"inReplyTo\":%s,"
		"\"published\":\"2024-05-0%dT08:00:00Z\",%s%s%s"
		"\"url\":\"https://social.example/@kommun/%d\","
		"\"attributedTo\":\"https://social.example/users/kommun\","
		"\"to\":[%s],\"cc\":[%s],\"content\":\"%s\",\"attachment\":[%s]}}",
		n, n, to, cc, n, summary, in_reply_to, n,
		updated ? "\"updated\":\"" : "", updated ? updated : "", updated ? "\"," : "",
		n, to, cc, content, attachment ? attachment : "");
}

#define PUBLIC "\"https://www.w3.org/ns/activitystreams#Public\""
#define FOLLOWERS "\"https://social.example/users/kommun/followers\""
#define ANNA "\"https://other.example/users/anna\""

/* The outbox of a small export; `edited` changes status 1, `drop4` leaves 4 out. */
static char *outbox(int edited, int drop4)
{
	som_buf b = SOM_BUF_INIT;

	som_buf_puts(&b, "{\"@context\":\"https://www.w3.org/ns/activitystreams\","
		"\"id\":\"outbox.json\",\"type\":\"OrderedCollection\",\"totalItems\":5,"
		"\"orderedItems\":[],\n\"orderedItems\":[\n");
	put_create(&b, 1, PUBLIC, FOLLOWERS, "null", "null",
		edited ? "<p>V\\u00e4lkommen till &Aring;sele kommun!</p>"
		       : "<p>V\\u00e4lkommen till &Aring;sele!</p>",
		edited ? "2024-05-02T09:00:00Z" : NULL,
		"{\"type\":\"Document\",\"mediaType\":\"image/png\","
		"\"url\":\"/socialexample/media_attachments/files/000/000/001/original/a.png\","
		"\"name\":\"Kommunhuset i snö\"}");
	som_buf_puts(&b, ",\n");
	put_create(&b, 2, PUBLIC, FOLLOWERS ", " ANNA,
		"\"https://other.example/users/anna/statuses/9\"", "\"Svar\"",
		"<p><span class=\\\"h-card\\\"><a href=\\\"https://other.example/@anna\\\" "
		"class=\\\"u-url mention\\\">@<span>anna</span></a></span> Tack!<br>Hälsningar</p>",
		NULL, NULL);
	som_buf_puts(&b, ",\n");
	put_create(&b, 3, ANNA, "", "null", "\"\"", "<p>Hej Anna</p>", NULL, NULL);
	if (!drop4) {
		som_buf_puts(&b, ",\n");
		put_create(&b, 4, FOLLOWERS, "", "null", "null", "<p>Bild</p>", NULL,
			"{\"type\":\"Document\",\"mediaType\":\"image/jpeg\","
			"\"url\":\"/socialexample/media_attachments/files/000/000/002/original/b.jpg\","
			"\"name\":null}");
	}
	som_buf_puts(&b, ",\n{\"id\":\"https://social.example/users/kommun/statuses/5/activity\","
		"\"type\":\"Announce\",\"actor\":\"https://social.example/users/kommun\","
		"\"published\":\"2024-05-05T08:00:00Z\",\"to\":[" PUBLIC "],\"cc\":[" ANNA "],"
		"\"object\":\"https://other.example/users/anna/statuses/10\"}");
	som_buf_puts(&b, ",\n{\"id\":\"https://social.example/users/kommun#likes/6\","
		"\"type\":\"Like\",\"object\":\"https://other.example/users/anna/statuses/10\"}");
	som_buf_puts(&b, ",\n{\"id\":\"broken\", \"type\": tru}");
	som_buf_puts(&b, "\n]}\n");
	return som_buf_detach(&b);
}

static const char actor[] =
	"{\"@context\":[\"https://www.w3.org/ns/activitystreams\"],"
	"\"id\":\"https://social.example/users/kommun\",\"type\":\"Person\","
	"\"preferredUsername\":\"kommun\",\"name\":\"Exempelby kommun\"}";

static void write_export(const fixture *f, const char *folder, int edited, int drop4)
{
	char rel[256];
	char *text = outbox(edited, drop4);

	snprintf(rel, sizeof(rel), "%s/outbox.json", folder);
	write_file(f, rel, text, strlen(text));
	som_free(text);
	snprintf(rel, sizeof(rel), "%s/actor.json", folder);
	write_file(f, rel, actor, strlen(actor));
	snprintf(rel, sizeof(rel), "%s/media_attachments/files/000/000/001/original/a.png", folder);
	write_file(f, rel, "\x89PNG\r\n\x1a\n0000", 12);
	snprintf(rel, sizeof(rel), "%s/likes.json", folder);
	write_file(f, rel, "{\"orderedItems\":[]}", 19);
}

static void test_mastodon__fixture(void **state)
{
	fixture *f = *state;
	som_capture *c;
	som_item *item;

	/* the export lies one folder down */
	write_export(f, "one/archive-20240510", 0, 0);
	c = ingest(f, "one");
	assert_string_equal(c->format, "mastodon");
	assert_int_equal(c->n_new, 5);
	assert_int_equal(c->n_attachments, 1);
	assert_int_equal(c->n_missing, 1);
	assert_non_null(strstr(c->report, "skipped: an activity of type 'Like'"));
	assert_non_null(strstr(c->report, "\"where\":\"line 9, item 7\""));  /* the broken one */
	assert_non_null(strstr(c->report, "media_attachments/files/000/000/002/original/b.jpg"));
	assert_non_null(strstr(c->report, "likes are not records"));
	som_capture_free(c);

	item = lookup(f, "https://social.example/users/kommun/statuses/1");
	assert_string_equal(item->kind, "post");
	assert_string_equal(current_text(item), "Välkommen till Åsele!");
	assert_string_equal(item->author_name, "Exempelby kommun");
	assert_string_equal(item->author_id, "https://social.example/users/kommun");
	assert_string_equal(item->url, "https://social.example/@kommun/1");
	assert_string_equal(item->created, "2024-05-01T08:00:00Z");
	assert_int_equal(item->by_account, 1);
	assert_int_equal(item->n_attachments, 1);
	assert_non_null(item->attachments[0].digest);
	assert_int_equal(item->attachments[0].size, 12);
	assert_string_equal(item->attachments[0].mime, "image/png");
	assert_string_equal(item->attachments[0].description, "Kommunhuset i snö");
	assert_non_null(strstr(item->attachments[0].path,
		"archive-20240510/media_attachments/files/000/000/001/original/a.png"));
	som_item_free(item);

	item = lookup(f, "https://social.example/users/kommun/statuses/2");
	assert_string_equal(item->kind, "reply");
	assert_string_equal(item->parent_platform_id, "https://other.example/users/anna/statuses/9");
	assert_string_equal(current_text(item), "Svar\n\n@anna Tack!\nHälsningar");
	som_item_free(item);

	item = lookup(f, "https://social.example/users/kommun/statuses/3");
	assert_string_equal(item->kind, "message");
	assert_string_equal(current_text(item), "Hej Anna");
	som_item_free(item);

	item = lookup(f, "https://social.example/users/kommun/statuses/4");
	assert_string_equal(item->kind, "post");   /* followers only is no message */
	assert_int_equal(item->n_attachments, 1);
	assert_null(item->attachments[0].digest);
	som_item_free(item);

	item = lookup(f, "https://social.example/users/kommun/statuses/5/activity");
	assert_string_equal(item->kind, "share");
	assert_string_equal(current_text(item), "https://other.example/users/anna/statuses/10");
	som_item_free(item);

	/* a later export: status 1 edited, status 4 gone */
	write_export(f, "two", 1, 1);
	c = ingest(f, "two");
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 1);
	assert_int_equal(c->n_unchanged, 3);
	assert_int_equal(c->n_removed, 1);
	som_capture_free(c);

	item = lookup(f, "https://social.example/users/kommun/statuses/1");
	assert_int_equal(item->n_versions, 2);
	assert_string_equal(item->versions[0].text, "Välkommen till Åsele!");
	assert_null(item->versions[0].edited);
	assert_string_equal(item->versions[1].text, "Välkommen till Åsele kommun!");
	assert_string_equal(item->versions[1].edited, "2024-05-02T09:00:00Z");
	assert_string_not_equal(item->versions[0].raw_digest, item->versions[1].raw_digest);
	som_item_free(item);

	item = lookup(f, "https://social.example/users/kommun/statuses/4");
	assert_true(item->removed_capture > 0);
	som_item_free(item);

	/* the same again: nothing new */
	c = ingest(f, "two");
	assert_int_equal(c->n_new, 0);
	assert_int_equal(c->n_changed, 0);
	assert_int_equal(c->n_unchanged, 4);
	som_capture_free(c);
}

static void test_mastodon__damaged(void **state)
{
	fixture *f = *state;
	char path[1024];
	char *text = outbox(0, 0);
	som_capture *c = NULL;
	int captures = 0;

	/* outbox.json cut short: the capture fails, naming the place */
	write_file(f, "cut/outbox.json", text,
		(size_t)(strstr(text, "{\"id\":\"https://social.example/users/kommun/statuses/3/") - text));
	snprintf(path, sizeof(path), "%s/cut", f->dir);
	assert_int_equal(som_ingest(&c, f->store, f->account, path, NULL), SOM_EINVALID);
	assert_null(c);
	assert_string_equal(som_error_last(),
		"cannot read 'outbox.json': line 5, column 1: unexpected end of input");
	assert_int_equal(som_capture_foreach(f->store, 0, count_captures, &captures), 0);
	assert_int_equal(captures, 0);

	/* trailing garbage is no Mastodon export either */
	som_free(text);
	text = outbox(0, 0);
	write_file(f, "junk/actor.json", "][", 2);
	{
		som_buf b = SOM_BUF_INIT;
		som_buf_puts(&b, text);
		som_buf_puts(&b, "{\"orderedItems\":[]}");
		write_file(f, "junk/outbox.json", b.ptr, b.size);
		som_buf_dispose(&b);
	}
	snprintf(path, sizeof(path), "%s/junk", f->dir);
	assert_int_equal(som_ingest(&c, f->store, f->account, path, NULL), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "expected the end of the document"));
	som_free(text);

	/* no actor.json: a problem only; the account's handle names the author */
	text = outbox(0, 0);
	write_file(f, "noactor/outbox.json", text, strlen(text));
	som_free(text);
	c = ingest(f, "noactor");
	assert_int_equal(c->n_new, 5);
	assert_non_null(strstr(c->report, "actor.json"));
	som_capture_free(c);
	{
		som_item *item = lookup(f, "https://social.example/users/kommun/statuses/1");
		assert_string_equal(item->author_id, "https://social.example/users/kommun");
		som_item_free(item);
	}

	/* no "orderedItems" array at all */
	write_file(f, "empty/outbox.json",
		"{\"type\":\"OrderedCollection\",\"orderedItems\":{}}", 46);
	snprintf(path, sizeof(path), "%s/empty", f->dir);
	{
		som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
		opts.format = "mastodon";
		assert_int_equal(som_ingest(&c, f->store, f->account, path, &opts), SOM_EINVALID);
		assert_non_null(strstr(som_error_last(), "no \"orderedItems\" array"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mastodon__sample, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mastodon__fixture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mastodon__damaged, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
