/*
 * Unit tests of a snapshot package (src/package/render.c with the export):
 * the rendering's pages, their order and threads, the edited, removed and
 * registered marks, hostile text escaped, nothing scripted or loaded from
 * the network, every link resolving inside the package, account.xml valid,
 * the package verified; and snapshots refused on bad options.
 */
#include <ctype.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "package/package.h"
#include "formats/archive_io.h"
#include "formats/xml.h"
#include "helpers.h"

#define CREATED "2026-11-24T06:00:00Z"
#define DATA SOM_RENDER_DIR

typedef struct fixture {
	char dir[256];
	char store_dir[300];
	char src[300];       /* the NDJSON source folders */
	char path[600];      /* scratch */
	char x[300];         /* the package unpacked */
	char schemas[512];
	som_store *store;
	int64_t account;
} fixture;

static int setup(void **state)
{
	static const char *const dirs[] = { "schemas", "../schemas", "../../schemas",
		"../../../schemas", "../../../../schemas" };
	fixture *f = calloc(1, sizeof(*f));
	som_account in;

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "render") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	snprintf(f->src, sizeof(f->src), "%s/src", f->dir);
	snprintf(f->x, sizeof(f->x), "%s/x", f->dir);
	if (!first_existing(dirs, sizeof(dirs) / sizeof(dirs[0]), "item.xsd", f->schemas,
			sizeof(f->schemas)))
		return -1;
	*strrchr(f->schemas, '/') = '\0';
	setenv("SOMARKIV_SCHEMA_DIR", f->schemas, 1);
	setenv("SOMARKIV_NOW", "2026-03-02T09:00:00Z", 1);
	memset(&in, 0, sizeof(in));
	in.platform = "mastodon";
	in.handle = "@exempelby@social.exempelby.se";
	in.display_name = "Exempelby <kommun> & \"co\"";
	in.unit = "Kommunikationsavdelningen";
	in.owner = "Anna Ek";
	in.purpose = "Information till invånarna";
	in.opened = "2020-01-01";
	if (som_store_init(&f->store, f->store_dir, "arkivarie") != 0 ||
	    som_account_add(&f->account, f->store, &in) != 0) {
		fprintf(stderr, "setup: %s\n", som_error_last());
		som_store_free(f->store);
		remove_tree(f->dir);
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

	unsetenv("SOMARKIV_NOW");
	som_store_free(f->store);
	remove_tree(f->dir);
	free(f);
	return 0;
}

/* Unpack the package at `path` into f->x (through the project's own archive reader). */
static void unpack(fixture *f, const char *path)
{
	som_archive *ar = NULL;
	const char *name;
	int64_t size;
	int reg, link, rc;
	char out[1024], buf[65536];

	remove_tree(f->x);
	assert_int_equal(som_archive__open(&ar, path, path), 0);
	while ((rc = som_archive__next(ar, &name, &size, &reg, &link)) == 1) {
		som_buf b = SOM_BUF_INIT;
		ssize_t got;
		if (!reg)
			continue;
		assert_null(strstr(name, ".."));
		path_join(out, sizeof(out), f->x, name);
		while ((got = som_archive__read(ar, buf, sizeof(buf))) > 0)
			assert_int_equal(som_buf_put(&b, buf, (size_t)got), 0);
		assert_true(got == 0);
		assert_int_equal(write_file(out, b.ptr ? b.ptr : "", b.size), 0);
		som_buf_dispose(&b);
	}
	assert_int_equal(rc, 0);
	som_archive__free(ar);
}

/* A file of the unpacked package ("" when absent: the caller frees). */
static char *pkg_file(fixture *f, const char *pkg, const char *rel)
{
	char p[1024];
	char *s;

	snprintf(p, sizeof(p), "%s/%s/%s", f->x, pkg, rel);
	s = read_whole_file(p, NULL);
	return s;
}

static int pkg_has(fixture *f, const char *pkg, const char *rel)
{
	char p[1024];

	snprintf(p, sizeof(p), "%s/%s/%s", f->x, pkg, rel);
	return path_exists(p);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

static void snapshot_opts(som_export_options *o, fixture *f, const char *out, const char *id)
{
	som_export_options init = SOM_EXPORT_OPTIONS_INIT;

	*o = init;
	o->snapshot = 1;
	o->account_id = f->account;
	o->out = out;
	o->package_id = id;
	o->created = CREATED;
	o->schema_dir = f->schemas;
	o->creator = "Exempelby kommun";
	o->close_reason = "Kontot läggs ned <nu>";
}

static void run_snapshot(fixture *f, const char *file, const char *id, som_export_result *res)
{
	som_export_options o;
	char out[512];
	int error;

	path_join(out, sizeof(out), f->dir, file);
	snapshot_opts(&o, f, out, id);
	error = som_export_run(res, f->store, &o);
	if (error)
		fail_msg("snapshot: %d: %s", error, som_error_last());
}

static int count_failures_cb(const char *check, int ok, const char *detail, void *payload)
{
	if (ok == SOM_CHECK_FAIL)
		fprintf(stderr, "verify: %s: %s\n", check, detail);
	if (ok == SOM_CHECK_OK && strcmp(check, "account XML schema") == 0)
		*(int *)payload = 1;
	return 0;
}

/* som_package_verify finds no fault, and has validated account.xml. */
static void verify_ok(const char *path)
{
	int64_t failures = -1;
	int account_valid = 0;

	assert_int_equal(som_package_verify(&failures, path, NULL, count_failures_cb, &account_valid), 0);
	assert_int_equal(failures, 0);
	assert_true(account_valid);
}

/*
 * Every tag of `html` (a page at `page`, relative to the package root):
 * no script, no on* attribute, no src/href to the network, and every
 * relative src/href names a file of the package.
 */
static void check_page(fixture *f, const char *pkg, const char *page, const char *html)
{
	const char *p = html;
	char dir[512];
	const char *slash = strrchr(page, '/');

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - page) : 0, page);
	assert_null(strcasestr(html, "<script"));
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	/* The items' own words in whatever language they are: unknown to the page. */
	assert_int_equal(count_of(html, "<div class=\"text\""), count_of(html, "<div class=\"text\" lang=\"\">"));
	assert_int_equal(count_of(html, "<figcaption"), count_of(html, "<figcaption lang=\"\">"));
	/* Balanced, however deep the threads. */
	assert_int_equal(count_of(html, "<article "), count_of(html, "</article>"));
	assert_int_equal(count_of(html, "<div "), count_of(html, "</div>"));
	assert_int_equal(count_of(html, "<details>"), count_of(html, "</details>"));
	while ((p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>'), *a;
		char tag[4096];
		size_t len;
		assert_non_null(end);
		len = (size_t)(end - p);
		assert_true(len < sizeof(tag));
		memcpy(tag, p, len);
		tag[len] = '\0';
		/* Inside a tag: attributes only, each name=" value ". */
		for (a = tag; (a = strchr(a, ' ')) != NULL; a++) {
			const char *name = a + 1, *eq = strchr(name, '=');
			char value[1024], target[2048];
			const char *q, *close;
			if (!eq || eq[1] != '"')
				continue;
			if (strncasecmp(name, "on", 2) == 0 && isalpha((unsigned char)name[2]) &&
			    strcspn(name, " =") == (size_t)(eq - name))
				fail_msg("event handler attribute in %s: %s", page, tag);
			close = strchr(eq + 2, '"');
			assert_non_null(close);
			if (!((eq - name == 3 && !strncmp(name, "src", 3)) ||
			      (eq - name == 4 && !strncmp(name, "href", 4)))) {
				a = close;
				continue;
			}
			snprintf(value, sizeof(value), "%.*s", (int)(close - eq - 2), eq + 2);
			if (strstr(value, "://") || !strncmp(value, "//", 2) || !strncasecmp(value, "data:", 5) ||
			    !strncasecmp(value, "javascript:", 11))
				fail_msg("%s loads or links outside the package: %s", page, value);
			if ((q = strchr(value, '#')) != NULL)
				*(char *)q = '\0';
			if (*value) {
				snprintf(target, sizeof(target), "%s/%s/%s%s%s", f->x, pkg, dir, *dir ? "/" : "", value);
				if (!path_exists(target))
					fail_msg("%s: '%s' is not in the package", page, value);
			}
			a = close;
		}
		p = end + 1;
	}
}

static const char *const pages_of_45[] = {
	DATA "index.html", DATA "page-2.html", DATA "page-3.html", DATA "messages.html",
};

/*
 * The NDJSON of the first test in folder f->src/NAME/: 45 posts, a
 * thread, a message, hostile text, attachments (a PNG there, one missing).
 */
static const char *write_source(fixture *f, const char *name, int edited)
{
	som_buf b = SOM_BUF_INIT;
	char path[600];

	for (int i = 1; i <= 45; i++) {
		const char *tail = ".";
		char t[256], att[256] = "";
		if (i == 42 && edited)
			tail = ", rättat.";
		if (i == 20)
			tail = ". <script>alert(1)</script> & \\\"citat\\\" \\u0001 <img src=http://evil.example/x onerror=alert(2)>";
		snprintf(t, sizeof(t), "Inlägg nummer %03d%s", i, tail);
		if (i == 44)
			snprintf(att, sizeof(att), "{\"path\":\"media/plog.png\",\"description\":\"En snöplog <i>i</i> arbete\"}");
		if (i == 43)
			snprintf(att, sizeof(att), "{\"path\":\"media/gone.jpg\",\"description\":\"Borta\"}");
		assert_int_equal(som_buf_printf(&b,
			"{\"platform\":\"mastodon\",\"id\":\"p%02d\",\"kind\":\"post\","
			"\"created\":\"2026-01-01T10:%02d:00Z\",\"edited\":%s,"
			"\"author\":{\"name\":\"Exempelby kommun\",\"id\":\"exempelby\"},\"by_account\":true,"
			"\"text\":\"%s\",\"url\":\"https://social.exempelby.se/p%02d\",\"attachments\":[%s]}\n",
			i, i, (i == 42 && edited) ? "\"2026-02-10T08:00:00Z\"" : "null",
			t, i, att), 0);
	}
	assert_int_equal(som_buf_puts(&b,
		"{\"platform\":\"mastodon\",\"id\":\"c1\",\"kind\":\"comment\",\"parent_id\":\"p45\","
		"\"created\":\"2026-03-01T10:00:00Z\",\"author\":{\"name\":\"Lisa <b>Berg</b>\",\"id\":\"lisa\"},"
		"\"by_account\":false,\"text\":\"Kommentar ett.\",\"attachments\":[]}\n"
		"{\"platform\":\"mastodon\",\"id\":\"c2\",\"kind\":\"reply\",\"parent_id\":\"c1\","
		"\"created\":\"2026-03-01T11:00:00Z\",\"author\":{\"name\":\"Exempelby kommun\",\"id\":\"exempelby\"},"
		"\"by_account\":true,\"text\":\"Svar på kommentar ett.\",\"attachments\":[]}\n"
		"{\"platform\":\"mastodon\",\"id\":\"c3\",\"kind\":\"comment\",\"parent_id\":\"p01\","
		"\"created\":\"2026-03-02T10:00:00Z\",\"author\":{\"name\":\"Sven\",\"id\":\"sven\"},"
		"\"by_account\":false,\"text\":\"Kommentar till det äldsta.\",\"attachments\":[]}\n"
		"{\"platform\":\"mastodon\",\"id\":\"m1\",\"kind\":\"message\","
		"\"created\":\"2026-03-03T10:00:00Z\",\"author\":{\"name\":\"Per\",\"id\":\"per\"},"
		"\"by_account\":false,\"text\":\"Privat meddelande om min adress.\",\"attachments\":[]}\n"
		/* Damaged: two comments answering each other. */
		"{\"platform\":\"mastodon\",\"id\":\"k1\",\"kind\":\"comment\",\"parent_id\":\"k2\","
		"\"created\":\"2025-12-01T10:00:00Z\",\"author\":{\"name\":\"K\",\"id\":\"k\"},"
		"\"by_account\":false,\"text\":\"Cykel ett.\",\"attachments\":[]}\n"
		"{\"platform\":\"mastodon\",\"id\":\"k2\",\"kind\":\"comment\",\"parent_id\":\"k1\","
		"\"created\":\"2025-12-01T11:00:00Z\",\"author\":{\"name\":\"K\",\"id\":\"k\"},"
		"\"by_account\":false,\"text\":\"Cykel två.\",\"attachments\":[]}\n"), 0);
	/* A deep thread under p30: d01 answers p30, each next one the one before. */
	for (int i = 1; i <= 30; i++)
		assert_int_equal(som_buf_printf(&b,
			"{\"platform\":\"mastodon\",\"id\":\"d%02d\",\"kind\":\"reply\",\"parent_id\":\"%s%02d\","
			"\"created\":\"2026-02-01T10:%02d:00Z\",\"author\":{\"name\":\"D\",\"id\":\"d\"},"
			"\"by_account\":false,\"text\":\"Djupt svar %02d.\",\"attachments\":[]}\n",
			i, i == 1 ? "p" : "d", i == 1 ? 30 : i - 1, i, i), 0);
	snprintf(path, sizeof(path), "%s/%s/items.ndjson", f->src, name);
	assert_int_equal(write_file(path, b.ptr, b.size), 0);
	snprintf(path, sizeof(path), "%s/%s/media/plog.png", f->src, name);
	assert_int_equal(write_file(path, "\x89PNG\r\n\x1a\nnot really", 18), 0);
	som_buf_dispose(&b);
	return path_join(f->path, sizeof(f->path), f->src, name);
}

static void ingest(fixture *f, const char *path)
{
	som_capture *cap = NULL;
	int error = som_ingest(&cap, f->store, f->account, path, NULL);

	if (error)
		fail_msg("ingest '%s': %s", path, som_error_last());
	som_capture_free(cap);
}

static int64_t item_id(fixture *f, const char *platform_id)
{
	som_item *it = NULL;
	int64_t id;

	assert_int_equal(som_item_lookup(&it, f->store, platform_id), 0);
	id = it->id;
	som_item_free(it);
	return id;
}

static int keep_number(const som_registration *r, void *payload)
{
	snprintf(payload, 64, "%s", r->number);
	return 0;
}

/* Where an item's article starts in `html`, NULL when not there. */
static const char *article(const char *html, int64_t id)
{
	char needle[64];

	snprintf(needle, sizeof(needle), "id=\"item-%" PRId64 "\"", id);
	return strstr(html, needle);
}

static void test_render__pages_threads_marks(void **state)
{
	fixture *f = *state;
	som_export_result res, again;
	som_register_options ro = SOM_REGISTER_OPTIONS_INIT;
	char number[64] = "", regpage[160], *html[4], *x, *a2;
	const char *p, *q;
	int64_t reg_item;
	size_t i, k;
	som_xml_node *doc = NULL;

	/* Two captures: p42 edited in the second. */
	ingest(f, write_source(f, "a", 0));
	ingest(f, write_source(f, "b", 1));

	/* One registered item, with a secrecy marking. */
	reg_item = item_id(f, "p40");
	assert_int_equal(som_series_add(f->store, "KS", "Kommunstyrelsen", "{prefix} {year}/{case}"), 0);
	ro.new_case = 1;
	ro.series = "KS";
	ro.title = "Synpunkter";
	ro.subject = "Inlägg om vägarna";
	ro.secrecy = "OSL 26:1";
	ro.public_subject = "Inlägg om [skyddat]";
	if (som_register(f->store, &reg_item, 1, &ro, keep_number, number) != 0)
		fail_msg("register: %s", som_error_last());

	run_snapshot(f, "snap.tar", "snap-1", &res);
	assert_int_equal(res.n_items, 81);
	verify_ok(res.path);
	unpack(f, res.path);

	/* 45 posts, 20 a page, newest first: 3 pages; the message on its own page. */
	for (i = 0; i < 4; i++) {
		html[i] = pkg_file(f, "snap-1", pages_of_45[i]);
		assert_non_null(html[i]);
		check_page(f, "snap-1", pages_of_45[i], html[i]);
	}
	assert_false(pkg_has(f, "snap-1", DATA "page-4.html"));
	assert_false(pkg_has(f, "snap-1", DATA "messages-2.html"));
	assert_int_equal(count_of(html[0], "class=\"item kind-post"), 20);
	assert_int_equal(count_of(html[1], "class=\"item kind-post"), 20);
	assert_int_equal(count_of(html[2], "class=\"item kind-post"), 5);
	for (k = 0; k < 3; k++) {
		const char *prev = NULL;
		for (i = 45 - 20 * k; i > 45 - 20 * k - 20 && i >= 1; i--) {
			char t[64];
			snprintf(t, sizeof(t), "Inlägg nummer %03zu", i);
			p = strstr(html[k], t);
			if (!p)
				fail_msg("'%s' not on page %zu", t, k + 1);
			assert_true(!prev || p > prev);
			prev = p;
		}
	}
	assert_non_null(strstr(html[0], "href=\"page-2.html\" rel=\"next\""));
	assert_non_null(strstr(html[1], "href=\"index.html\" rel=\"prev\""));
	assert_non_null(strstr(html[1], "href=\"page-3.html\" rel=\"next\""));
	assert_null(strstr(html[2], "rel=\"next\""));

	/* The profile: the account entry, counts, the closing. */
	assert_non_null(strstr(html[0], "<h1>Exempelby &lt;kommun&gt; &amp; &quot;co&quot;</h1>"));
	assert_non_null(strstr(html[0], "Kommunikationsavdelningen"));
	assert_non_null(strstr(html[0], "<tr><th>Posts</th><td>45</td></tr>"));
	assert_non_null(strstr(html[0], "<tr><th>Closes</th><td>2026-11-24</td></tr>"));
	assert_non_null(strstr(html[0], "Kontot läggs ned &lt;nu&gt;"));
	assert_non_null(strstr(html[0], "2025-12-01 11:00 +01:00 – 2026-03-03 11:00 +01:00"));

	/* Threads: c1 under p45, c2 under c1, in .replies; c3 under p01 on page 3. */
	p = article(html[0], item_id(f, "p45"));
	q = article(html[0], item_id(f, "p44"));
	assert_non_null(p);
	assert_non_null(q);
	x = strstr(html[0], "Kommentar ett.");
	a2 = strstr(html[0], "Svar på kommentar ett.");
	assert_true(x && a2 && p < x && x < a2 && a2 < q);
	assert_non_null(strstr(p, "<div class=\"replies\""));
	assert_true(strstr(p, "<div class=\"replies\"") < x);
	assert_true(strstr(x, "<div class=\"replies\"") < a2);
	assert_true(strstr(html[2], "Inlägg nummer 001") < strstr(html[2], "Kommentar till det äldsta."));
	assert_null(strstr(html[0], "Kommentar till det äldsta."));

	/* A deep thread: every answer once, in order, under p30 and before p29. */
	p = article(html[0], item_id(f, "p30"));
	q = article(html[0], item_id(f, "p29"));
	assert_true(p && q && p < q);
	for (i = 1; i <= 30; i++) {
		char t[64];
		snprintf(t, sizeof(t), "Djupt svar %02zu.", i);
		x = strstr(html[0], t);
		assert_true(x && x > p && x < q);
		assert_int_equal(count_of(html[0], t), 1);
		p = x;
	}
	/* The cycle broken: each of the two once, at the end, one under the other. */
	x = strstr(html[2], "Cykel ett.");
	a2 = strstr(html[2], "Cykel två.");
	assert_true(x && a2 && strstr(html[2], "Inlägg nummer 001") < x);
	assert_int_equal(count_of(html[2], "Cykel ett.") + count_of(html[2], "Cykel två."), 2);
	assert_true(x < a2 && strstr(x, "<div class=\"replies\"") < a2);
	/* The private message is not on the public pages. */
	for (i = 0; i < 3; i++)
		assert_null(strstr(html[i], "Privat meddelande"));
	assert_non_null(strstr(html[3], "Privat meddelande om min adress."));
	assert_non_null(strstr(html[0], "href=\"messages.html\""));

	/* Edited: marked, with its edit time and the earlier text folded away. */
	p = article(html[0], item_id(f, "p42"));
	q = article(html[0], item_id(f, "p41"));
	assert_true(p && q && p < q);
	x = strstr(p, "Edited 2026-02-10 09:00 +01:00");
	assert_true(x && x < q);
	x = strstr(p, "<details><summary>Earlier versions (1)</summary>");
	assert_true(x && x < q);
	x = strstr(p, "Inlägg nummer 042.</div>");
	assert_true(x && x < q);
	assert_true(strstr(p, "Inlägg nummer 042, rättat.") < x);

	/* Images inline from rep1 (no copy), alt text escaped; a missing one named. */
	assert_non_null(strstr(html[0], "<img src=\"../../../representations/rep1/data/item-"));
	assert_non_null(strstr(html[0], "/attachments/01-plog.png\" alt=\"En snöplog &lt;i&gt;i&lt;/i&gt; arbete\" lang=\"\">"));
	assert_non_null(strstr(html[0], "<span class=\"missing\">Attachment missing from the capture: gone.jpg"));
	for (i = 0; i < 4; i++)
		assert_null(strstr(html[i], ".png\" alt=\"Borta"));

	/* Hostile text stays text. */
	assert_non_null(strstr(html[1], "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot; \xef\xbf\xbd "
		"&lt;img src=http://evil.example/x onerror=alert(2)&gt;"));
	assert_non_null(strstr(html[0], "Lisa &lt;b&gt;Berg&lt;/b&gt;"));

	/* The registered item: its printable page, linked from the item and from the list. */
	assert_true(*number);
	snprintf(regpage, sizeof(regpage), "registered/%s.html", number);
	for (x = regpage + 11; *x; x++)
		if (!isalnum((unsigned char)*x) && *x != '-' && *x != '_' && *x != '.')
			*x = '_';
	{
		char rel[256], link[300], *reg;
		snprintf(rel, sizeof(rel), DATA "%s", regpage);
		reg = pkg_file(f, "snap-1", rel);
		assert_non_null(reg);
		check_page(f, "snap-1", rel, reg);
		assert_non_null(strstr(reg, "<tr><th>Registry number (diarienummer)</th><td>"));
		assert_non_null(strstr(reg, number));
		{
			char h1[160];
			snprintf(h1, sizeof(h1), "<h1>Registered document (diarieförd handling) %s</h1>", number);
			assert_non_null(strstr(reg, h1));
		}
		assert_non_null(strstr(reg, "<tr><th>Case (ärende)</th><td>"));
		assert_non_null(strstr(reg, "<tr><th>Direction</th><td>Drawn up (upprättad)</td></tr>"));
		assert_non_null(strstr(reg, "<p class=\"secrecy\">Secrecy marking (sekretessmarkering): OSL 26:1"));
		assert_non_null(strstr(reg, "Inlägg om [skyddat]"));
		assert_null(strstr(reg, "Inlägg om vägarna"));
		assert_non_null(strstr(reg, "Inlägg nummer 040."));
		assert_non_null(strstr(reg, "@media print"));
		snprintf(link, sizeof(link), "href=\"%s\"", regpage);
		/* From the list on index.html and from the item, on that page too. */
		assert_int_equal(count_of(html[0], link), 2);
		assert_non_null(strstr(article(html[0], reg_item), link));
		free(reg);
	}

	/* account.xml: valid against schemas/account.xsd, listed in METS.xml. */
	{
		char xsdp[600], *xsd = NULL, *acc, *mets;
		size_t xl = 0;
		snprintf(xsdp, sizeof(xsdp), "%s/account.xsd", f->schemas);
		xsd = read_whole_file(xsdp, &xl);
		acc = pkg_file(f, "snap-1", "metadata/descriptive/account.xml");
		assert_non_null(xsd);
		assert_non_null(acc);
		if (som_xml__parse(&doc, acc, strlen(acc), "account.xml", xsd, xl) != 0)
			fail_msg("%s", som_error_last());
		assert_string_equal(som_xml__attr(doc, "handle"), "@exempelby@social.exempelby.se");
		assert_non_null(strstr(acc, "<closing date=\"2026-11-24\" package=\"snap-1\" snapshot=\"" CREATED "\">"));
		assert_non_null(strstr(acc, "<contents items=\"81\" removed=\"0\" edited=\"1\" registered=\"1\""));
		assert_non_null(strstr(acc, "<kind name=\"message\" count=\"1\"/>"));
		assert_true(pkg_has(f, "snap-1", "schemas/somarkiv-account.xsd"));
		mets = pkg_file(f, "snap-1", "METS.xml");
		assert_non_null(strstr(mets, "xlink:href=\"metadata/descriptive/account.xml\" MDTYPE=\"OTHER\""
			" OTHERMDTYPE=\"somarkiv account 1\""));
		assert_non_null(strstr(mets, "OTHERMDTYPE=\"ERMS\""));
		assert_non_null(strstr(mets, "<mets:fileGrp ID=\"filegrp-rendering\" USE=\"Representations/rendering\""
		" csip:CONTENTINFORMATIONTYPE=\"OTHER\" csip:OTHERCONTENTINFORMATIONTYPE=\"somarkiv HTML rendering 1\">"));
		assert_non_null(strstr(mets, "<mets:fptr FILEID=\"filegrp-rendering\"/>"));
		assert_non_null(strstr(mets, "xlink:href=\"" DATA "index.html\""));
		free(mets);
		free(acc);
		free(xsd);
		som_xml__free(doc);
	}

	/* Deterministic: the same store, id and time give the same bytes. */
	run_snapshot(f, "again.tar", "snap-1", &again);
	{
		size_t n1 = 0, n2 = 0;
		char *d1 = read_whole_file(res.path, &n1), *d2 = read_whole_file(again.path, &n2);
		assert_non_null(d1);
		assert_non_null(d2);
		assert_int_equal(n1, n2);
		assert_memory_equal(d1, d2, n1);
		free(d1);
		free(d2);
	}
	for (i = 0; i < 4; i++)
		free(html[i]);
	som_export_result_dispose(&res);
	som_export_result_dispose(&again);
}

/* Mastodon v1, the comments, then v2: removed and edited items as captured for real. */
static void test_render__mastodon_removed_and_edited(void **state)
{
	fixture *f = *state;
	som_export_result res;
	som_buf all = SOM_BUF_INIT;
	char page[64], *s;
	int64_t removed, edited, images;
	size_t n;

	ingest(f, test_data("exempelby-mastodon-v1"));
	ingest(f, test_data("exempelby-comments.ndjson"));
	ingest(f, test_data("exempelby-mastodon-v2"));
	removed = db_int(f->store_dir, "SELECT count(*) FROM item WHERE removed_capture IS NOT NULL");
	edited = db_int(f->store_dir, "SELECT count(DISTINCT item_id) FROM version WHERE seq > 1"
		" OR edited IS NOT NULL");
	images = db_int(f->store_dir, "SELECT count(*) FROM attachment WHERE digest IS NOT NULL"
		" AND coalesce(mime, '') LIKE 'image/%'");
	assert_true(removed > 0);
	assert_true(edited > 0);
	run_snapshot(f, "m.tar", "snap-m", &res);
	verify_ok(res.path);
	unpack(f, res.path);
	assert_int_equal(som_buf_puts(&all, ""), 0);
	for (n = 1;; n++) {
		snprintf(page, sizeof(page), DATA "%s", n == 1 ? "index.html" : "");
		if (n > 1)
			snprintf(page, sizeof(page), DATA "page-%zu.html", n);
		if (!(s = pkg_file(f, "snap-m", page)))
			break;
		check_page(f, "snap-m", page, s);
		assert_int_equal(som_buf_puts(&all, s), 0);
		free(s);
	}
	assert_true(n > 1);
	if ((s = pkg_file(f, "snap-m", DATA "messages.html")) != NULL) {
		check_page(f, "snap-m", DATA "messages.html", s);
		assert_int_equal(som_buf_puts(&all, s), 0);
		free(s);
	}
	/* Each item once, so each mark once per item so marked. */
	assert_int_equal(count_of(all.ptr, "<span class=\"badge rm\">Removed from the platform"), removed);
	assert_int_equal(count_of(all.ptr, "<span class=\"badge ed\">Edited"), edited);
	assert_int_equal(count_of(all.ptr, "<img src=\"../../../representations/rep1/data/item-"), images);
	assert_int_equal(count_of(all.ptr, "<article "), res.n_items);
	som_buf_dispose(&all);
	som_export_result_dispose(&res);
}

/* An account without items is still preserved: its entry and an empty rendering. */
static void test_render__empty_account(void **state)
{
	fixture *f = *state;
	som_export_result res;
	char *s;

	run_snapshot(f, "e.tar", "snap-e", &res);
	assert_int_equal(res.n_items, 0);
	verify_ok(res.path);
	unpack(f, res.path);
	s = pkg_file(f, "snap-e", DATA "index.html");
	assert_non_null(s);
	check_page(f, "snap-e", DATA "index.html", s);
	assert_non_null(strstr(s, "<p>No posts.</p>"));
	free(s);
	assert_true(pkg_has(f, "snap-e", "metadata/descriptive/account.xml"));
	assert_false(pkg_has(f, "snap-e", DATA "messages.html"));
	som_export_result_dispose(&res);
}

/* Bad options: a clear error, no package, the store unchanged. */
static void test_render__refused(void **state)
{
	fixture *f = *state;
	som_export_options o;
	som_export_result res;
	char out[512];
	int64_t audit, exports;

	ingest(f, write_source(f, "a", 0));
	audit = db_count(f->store_dir, "audit");
	exports = db_count(f->store_dir, "export");
	path_join(out, sizeof(out), f->dir, "bad.tar");

	snapshot_opts(&o, f, out, "bad-1");
	o.account_id = 0;
	assert_int_equal(som_export_run(&res, f->store, &o), SOM_EINVALID);
	assert_string_equal(som_error_last(), "a snapshot needs an account");

	snapshot_opts(&o, f, out, "bad-1");
	o.class_name = "important";
	assert_int_equal(som_export_run(&res, f->store, &o), SOM_EINVALID);
	assert_true(contains(som_error_last(), "a snapshot holds every item of its account"));

	snapshot_opts(&o, f, out, "bad-1");
	o.close_date = "2026-02-30";
	assert_int_equal(som_export_run(&res, f->store, &o), SOM_EINVALID);
	assert_string_equal(som_error_last(), "bad closing date '2026-02-30': not a date YYYY-MM-DD");

	snapshot_opts(&o, f, out, "bad-1");
	o.account_id = 99;
	assert_int_equal(som_export_run(&res, f->store, &o), SOM_ENOTFOUND);
	assert_string_equal(som_error_last(), "no account '99'");

	assert_false(path_exists(out));
	assert_int_equal(db_count(f->store_dir, "audit"), audit);
	assert_int_equal(db_count(f->store_dir, "export"), exports);

	/* A given closing date is the one written. */
	snapshot_opts(&o, f, out, "good-1");
	o.close_date = "2026-12-31";
	assert_int_equal(som_export_run(&res, f->store, &o), 0);
	unpack(f, res.path);
	{
		char *acc = pkg_file(f, "good-1", "metadata/descriptive/account.xml");
		assert_non_null(strstr(acc, "<closing date=\"2026-12-31\""));
		free(acc);
	}
	som_export_result_dispose(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_render__pages_threads_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render__mastodon_removed_and_edited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render__empty_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render__refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
