/*
 * Unit tests of retention plans (src/plan/plan.c, src/formats/xml.c, src/plan/store_plan.c):
 * a valid plan and what it says; each kind of malformed plan (not XML,
 * against the schema, bad regular expression, duplicate rule id, unknown
 * series, document type declarations and entity bombs, ...) failing with
 * the file and the line; and plans in the store: used, versioned, current,
 * a changed plan under an old version refused, a bad plan changing nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "helpers.h"

#define TEST_PLAN "tests/data/plans/exempelby.xml"

/*
 * A small plan: VERSION, SERIES, RULES (each on lines of their own from
 * line 11), RETENTION, ROUTES. The line numbers matter to the tests.
 */
#define PLAN_FMT \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<plan xmlns=\"urn:somarkiv:plan:1\" version=\"%s\">\n" \
	"  <decision><body>Exempelby kommun</body><title>T</title><reference>KS 2026/1</reference><date>2026-01-15</date></decision>\n" \
	"  <classes>\n" \
	"    <class id=\"temporary\"><name lang=\"sv\">Tillfällig</name><name lang=\"en\">Temporary</name></class>\n" \
	"    <class id=\"important\"><name lang=\"sv\">Av vikt</name></class>\n" \
	"    <class id=\"case\"><name lang=\"sv\">Ärende</name></class>\n" \
	"  </classes>\n" \
	"  <series>%s</series>\n" \
	"  <rules>\n" \
	"%s" \
	"    <otherwise class=\"important\"/>\n" \
	"  </rules>\n" \
	"  <retention>%s</retention>\n" \
	"  <registration>%s</registration>\n" \
	"</plan>\n"

#define SERIES "<serie prefix=\"KS\" format=\"{prefix} {year}/{case}\"><name>Kommunstyrelsen</name></serie>"
#define RULES \
	"    <rule id=\"thanks\" class=\"temporary\"><description>d</description><when><words>tack</words></when></rule>\n" \
	"    <rule id=\"complaint\" class=\"important\"><description>d</description><when><words>klagomål*</words></when></rule>\n"
#define RETENTION "<rule id=\"keep\" class=\"important\" action=\"keep\"/>"
#define ROUTES "<route class=\"important\" series=\"KS\"/>"

typedef struct fixture {
	char dir[256];
	char store_dir[300];
	char text[16384];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "plan") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	setenv("SOMARKIV_NOW", "2026-11-24T05:25:10Z", 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	unsetenv("SOMARKIV_NOW");
	remove_tree(f->dir);
	free(f);
	return 0;
}

static const char *make_plan(fixture *f, const char *version, const char *series,
	const char *rules, const char *retention, const char *routes)
{
	snprintf(f->text, sizeof(f->text), PLAN_FMT, version, series, rules, retention, routes);
	return f->text;
}

/* Loading `text` fails with SOM_EINVALID and a message holding each of the strings. */
static void expect_bad(const char *text, const char *want1, const char *want2)
{
	som_plan *plan = (som_plan *)1;
	int error = som_plan_load_buffer(&plan, text, strlen(text), "bad.xml");

	if (error != SOM_EINVALID || !contains(som_error_last(), want1) ||
	    (want2 && !contains(som_error_last(), want2)))
		fprintf(stderr, "got %d: %s\n", error, som_error_last());
	assert_int_equal(error, SOM_EINVALID);
	assert_null(plan);
	assert_true(contains(som_error_last(), "plan 'bad.xml': "));
	assert_true(contains(som_error_last(), want1));
	if (want2)
		assert_true(contains(som_error_last(), want2));
}

static void test_plan__valid_loads(void **state)
{
	som_plan *plan = NULL;
	const som_plan_decision *d;
	const som_plan_retention *r;
	const som_plan_route *route;
	const som_plan_series *s;
	size_t len;

	(void)state;
	assert_int_equal(som_plan_load(&plan, TEST_PLAN), 0);
	d = som_plan_get_decision(plan);
	assert_string_equal(som_plan_version(plan), "2026.1");
	assert_string_equal(d->body, "Exempelby kommun");
	assert_string_equal(d->reference, "KS 2026/14");
	assert_string_equal(d->date, "2026-01-15");
	assert_string_equal(d->source, "https://exempelby.se/ihp");
	assert_int_equal(strlen(som_plan_sha256(plan)), 64);
	assert_non_null(som_plan_xml(plan, &len));
	assert_int_equal((int64_t)len, file_size(TEST_PLAN));
	assert_string_equal(som_plan_name(plan), TEST_PLAN);
	assert_int_equal(som_plan_store_id(plan), 0);

	assert_true(som_plan_has_class(plan, SOM_CLASS_CASE));
	assert_string_equal(som_plan_class_label(plan, SOM_CLASS_TEMPORARY, "sv"),
		"Tillfällig eller ringa betydelse");
	assert_string_equal(som_plan_class_label(plan, SOM_CLASS_TEMPORARY, "en"), "Temporary");
	assert_string_equal(som_plan_class_label(plan, SOM_CLASS_IMPORTANT, "de"), "Av vikt");
	assert_string_equal(som_plan_class_description(plan, SOM_CLASS_TEMPORARY),
		"Gallras vid inaktualitet.");
	assert_null(som_plan_class_description(plan, SOM_CLASS_CASE));

	assert_true(som_plan_rule_count(plan) > 10);
	assert_string_equal(som_plan_rule_at(plan, 0)->id, "short");
	assert_int_equal(som_plan_rule_at(plan, 0)->cls, SOM_CLASS_TEMPORARY);
	assert_int_equal(som_plan_rule_at(plan, 0)->flag, 0);
	assert_null(som_plan_rule_at(plan, 999));
	assert_int_equal(som_plan_otherwise(plan), SOM_CLASS_IMPORTANT);

	assert_int_equal(som_plan_series_count(plan), 6);
	s = som_plan_series_find(plan, "RS");
	assert_non_null(s);
	assert_string_equal(s->format, "{prefix} {year}-{case:5}");
	assert_string_equal(s->name, "Regionstyrelsen");
	assert_null(som_plan_series_find(plan, "XX"));

	assert_int_equal(som_plan_retention_count(plan), 4);
	r = som_plan_retention_for(plan, SOM_CLASS_TEMPORARY, "comment");
	assert_non_null(r);
	assert_string_equal(r->id, "dispose-temporary");
	assert_true(r->dispose);
	assert_int_equal(r->months, 3);
	assert_int_equal(r->from, SOM_FROM_LAST_ACTIVITY);
	assert_int_equal(r->approvals, 1);
	assert_false(r->kinds_given);
	r = som_plan_retention_for(plan, SOM_CLASS_TEMPORARY, "message");
	assert_string_equal(r->id, "dispose-temporary-messages");
	assert_int_equal(r->years, 1);
	assert_true(r->calendar_year);
	assert_true(r->deliver_first);
	assert_int_equal(r->approvals, 2);
	assert_int_equal(r->kinds, SOM_KIND_MESSAGE);
	r = som_plan_retention_for(plan, SOM_CLASS_CASE, "post");
	assert_false(r->dispose);
	assert_null(r->after);

	route = som_plan_route_for(plan, SOM_CLASS_CASE);
	assert_non_null(route);
	assert_string_equal(route->series, "KS");
	assert_false(route->collective);
	assert_null(som_plan_route_for(plan, SOM_CLASS_TEMPORARY));

	assert_int_equal(som_plan_job_count(plan), 3);
	assert_string_equal(som_plan_job_at(plan, 1)->name, "export");
	assert_string_equal(som_plan_job_at(plan, 1)->cron, "0 2 * * 1");
	assert_null(som_plan_job_at(plan, 1)->every);
	som_plan_free(plan);
	som_plan_free(NULL);
}

static void test_plan__same_bytes_same_digest(void **state)
{
	fixture *f = *state;
	som_plan *a = NULL, *b = NULL, *c = NULL;
	const char *text = make_plan(f, "1", SERIES, RULES, RETENTION, ROUTES);

	assert_int_equal(som_plan_load_buffer(&a, text, strlen(text), "a.xml"), 0);
	assert_int_equal(som_plan_load_buffer(&b, text, strlen(text), "b.xml"), 0);
	assert_string_equal(som_plan_sha256(a), som_plan_sha256(b));
	text = make_plan(f, "2", SERIES, RULES, RETENTION, ROUTES);
	assert_int_equal(som_plan_load_buffer(&c, text, strlen(text), "c.xml"), 0);
	assert_string_not_equal(som_plan_sha256(a), som_plan_sha256(c));
	som_plan_free(a);
	som_plan_free(b);
	som_plan_free(c);
}

static void test_plan__not_xml(void **state)
{
	fixture *f = *state;
	const char *text;

	(void)f;
	expect_bad("not xml at all", "line 1: ", NULL);
	expect_bad("", "line 1: ", "empty");
	expect_bad("<?xml version=\"1.0\"?>\n<plan xmlns=\"urn:somarkiv:plan:1\">\n<decision>\n",
		"line 4: ", "decision");
	/* Cut in the middle of a valid plan. */
	text = make_plan(f, "1", SERIES, RULES, RETENTION, ROUTES);
	f->text[400] = '\0';
	expect_bad(text, "line ", NULL);
	/* Bad UTF-8. */
	text = make_plan(f, "1", SERIES,
		"    <rule id=\"x\" class=\"temporary\"><description>\xff\xfe</description><when><words>tack</words></when></rule>\n",
		RETENTION, ROUTES);
	expect_bad(text, "line 11: ", NULL);
}

static void test_plan__schema_violation(void **state)
{
	fixture *f = *state;
	const char *text;

	text = make_plan(f, "1", SERIES,
		"    <rule id=\"thanks\" class=\"temporary\"><description>d</description><when><words>tack</words></when></rule>\n"
		"    <rule id=\"x\" class=\"urgent\"><description>d</description><when><words>tack</words></when></rule>\n",
		RETENTION, ROUTES);
	expect_bad(text, "line 12: ", "urgent");
	text = make_plan(f, "1", SERIES,
		"    <rule id=\"x\" class=\"temporary\" colour=\"red\"><description>d</description><when><words>tack</words></when></rule>\n",
		RETENTION, ROUTES);
	expect_bad(text, "line 11: ", "colour");
	/* A condition the schema does not know. */
	text = make_plan(f, "1", SERIES,
		"    <rule id=\"x\" class=\"temporary\"><description>d</description>\n"
		"      <when><sentiment>angry</sentiment></when></rule>\n",
		RETENTION, ROUTES);
	expect_bad(text, "line 12: ", "sentiment");
	/* Another namespace altogether. */
	expect_bad("<?xml version=\"1.0\"?>\n<plan version=\"1\"/>\n", "line 2: ", NULL);
	/* A period that is not one. */
	text = make_plan(f, "1", SERIES, RULES,
		"<rule id=\"d\" class=\"temporary\" action=\"dispose\" after=\"soon\" from=\"created\"/>",
		ROUTES);
	expect_bad(text, "line 15: ", "soon");
}

static void test_plan__bad_regex(void **state)
{
	fixture *f = *state;
	const char *text = make_plan(f, "1", SERIES,
		"    <rule id=\"thanks\" class=\"temporary\"><description>d</description><when><words>tack</words></when></rule>\n"
		"    <rule id=\"broken\" class=\"important\"><description>d</description>\n"
		"      <when><regex>klagom(å|a</regex></when></rule>\n",
		RETENTION, ROUTES);

	expect_bad(text, "line 13: ", "rule 'broken': bad regular expression 'klagom(å|a'");
}

static void test_plan__duplicate_rule_id(void **state)
{
	fixture *f = *state;
	const char *text = make_plan(f, "1", SERIES,
		"    <rule id=\"thanks\" class=\"temporary\"><description>d</description><when><words>tack</words></when></rule>\n"
		"    <rule id=\"other\" class=\"temporary\"><description>d</description><when><words>hej</words></when></rule>\n"
		"    <rule id=\"thanks\" class=\"important\"><description>d</description><when><words>klagomål</words></when></rule>\n",
		RETENTION, ROUTES);

	expect_bad(text, "line 13: ", "thanks");
	/* A retention rule sharing a classification rule's id. */
	text = make_plan(f, "1", SERIES, RULES, "<rule id=\"thanks\" class=\"important\" action=\"keep\"/>",
		ROUTES);
	expect_bad(text, "line 15: ", "thanks");
}

static void test_plan__unknown_series_in_route(void **state)
{
	fixture *f = *state;
	const char *text = make_plan(f, "1", SERIES, RULES, RETENTION,
		"<route class=\"important\" series=\"BMN\"/>");

	expect_bad(text, "line 16: ", "series 'BMN'");
}

static void test_plan__doctype_and_entities(void **state)
{
	static const char bomb[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE plan [\n"
		"  <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		"  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		"  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		"  <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		"  <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		"  <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		"  <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
		"]>\n"
		"<plan xmlns=\"urn:somarkiv:plan:1\" version=\"&g;\"/>\n";
	static const char external[] =
		"<?xml version=\"1.0\"?>\n\n"
		"<!DOCTYPE plan SYSTEM \"http://example.com/plan.dtd\">\n"
		"<plan xmlns=\"urn:somarkiv:plan:1\" version=\"1\"/>\n";
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE plan [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
		"<plan xmlns=\"urn:somarkiv:plan:1\" version=\"&secret;\"/>\n";
	/* An undeclared entity without any DOCTYPE is not well-formed either. */
	static const char undeclared[] =
		"<?xml version=\"1.0\"?>\n"
		"<plan xmlns=\"urn:somarkiv:plan:1\" version=\"&lol;\"/>\n";

	(void)state;
	expect_bad(bomb, "line 2: ", "DOCTYPE");
	expect_bad(external, "line 3: ", "DOCTYPE");
	expect_bad(xxe, "line 2: ", "DOCTYPE");
	expect_bad(undeclared, "line 2: ", "lol");
}

static void test_plan__too_large(void **state)
{
	som_plan *plan = NULL;
	size_t len = 9 * 1024 * 1024;
	char *big = malloc(len);

	(void)state;
	assert_non_null(big);
	memset(big, ' ', len);
	memcpy(big, "<?xml", 5);
	assert_int_equal(som_plan_load_buffer(&plan, big, len, "big.xml"), SOM_EINVALID);
	assert_true(contains(som_error_last(), "plan 'big.xml': larger than"));
	free(big);
}

static void test_plan__unsound(void **state)
{
	fixture *f = *state;
	const char *text;

	/* A disposal without a period. */
	text = make_plan(f, "1", SERIES, RULES,
		"<rule id=\"d\" class=\"temporary\" action=\"dispose\"/>", ROUTES);
	expect_bad(text, "line 15: ", "lacks after=");
	/* Two retention rules for the same items. */
	text = make_plan(f, "1", SERIES, RULES,
		"<rule id=\"a\" class=\"important\" action=\"keep\" kind=\"post comment\"/>"
		"<rule id=\"b\" class=\"important\" action=\"keep\" kind=\"comment\"/>", ROUTES);
	expect_bad(text, "line 15: ", "kind 'comment'");
	/* A rule that proposes nothing. */
	text = make_plan(f, "1", SERIES,
		"    <rule id=\"idle\"><description>d</description><when><words>tack</words></when></rule>\n",
		RETENTION, ROUTES);
	expect_bad(text, "line 11: ", "neither");
	/* An unknown placeholder in a series format, and a format without {case}. */
	text = make_plan(f, "1",
		"<serie prefix=\"KS\" format=\"{prefix} {year}/{nr}\"><name>KS</name></serie>",
		RULES, RETENTION, ROUTES);
	expect_bad(text, "line 9: ", "{nr}");
	text = make_plan(f, "1",
		"<serie prefix=\"KS\" format=\"{prefix} {year}\"><name>KS</name></serie>",
		RULES, RETENTION, ROUTES);
	expect_bad(text, "line 9: ", "{case}");
	/* Words without a letter. */
	text = make_plan(f, "1", SERIES,
		"    <rule id=\"stars\" class=\"temporary\"><description>d</description><when><words>tack **</words></when></rule>\n",
		RETENTION, ROUTES);
	expect_bad(text, "line 11: ", "'**'");
	/* A class <classes> does not define. */
	make_plan(f, "1", SERIES, RULES, RETENTION, ROUTES);
	{
		char *c = strstr(f->text, "    <class id=\"case\">");
		char *end = strstr(c, "</class>\n") + strlen("</class>\n");
		memmove(c, end, strlen(end) + 1);
	}
	{
		char tmp[16384];
		char *at = strstr(f->text, "<registration>") + strlen("<registration>");
		snprintf(tmp, sizeof(tmp), "%.*s<route class=\"case\" series=\"KS\"/>%s",
			(int)(at - f->text), f->text, at);
		expect_bad(tmp, "line 15: ", "class 'case'");
	}
}

/* ---- plans in the store ----------------------------------------------- */

static som_store *init_store(fixture *f)
{
	som_store *store = NULL;

	assert_int_equal(som_store_init(&store, f->store_dir, "arkivarie"), 0);
	return store;
}

static void test_plan__use_and_current(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	som_plan *plan = NULL, *cur = NULL;
	int changed = -1;

	assert_int_equal(som_plan_current(&cur, store), SOM_ENOTFOUND);
	assert_true(contains(som_error_last(), "plan use"));
	assert_int_equal(som_plan_load(&plan, TEST_PLAN), 0);
	assert_int_equal(som_plan_use(&changed, store, plan), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(som_plan_current(&cur, store), 0);
	assert_string_equal(som_plan_sha256(cur), som_plan_sha256(plan));
	assert_string_equal(som_plan_version(cur), "2026.1");
	assert_string_equal(som_plan_name(cur), "store:2026.1");
	assert_true(som_plan_store_id(cur) > 0);
	assert_int_equal(db_int(f->store_dir,
		"SELECT count(*) FROM audit WHERE action = 'plan.use' AND target = 'plan:1' "
		"AND details LIKE '%\"version\":\"2026.1\"%'"), 1);
	/* The same again: nothing changes, nothing is audited. */
	assert_int_equal(som_plan_use(&changed, store, plan), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(db_count(f->store_dir, "plan"), 1);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM audit WHERE action = 'plan.use'"), 1);
	som_plan_free(cur);
	som_plan_free(plan);
	som_store_free(store);
}

typedef struct listed {
	int n;
	char versions[8][16];
	int current[8];
} listed;

static int list_cb(const som_plan_info *info, void *payload)
{
	listed *l = payload;

	snprintf(l->versions[l->n], sizeof(l->versions[0]), "%s", info->version);
	l->current[l->n++] = info->current;
	return 0;
}

static void test_plan__versions(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	som_plan *a = NULL, *b = NULL, *got = NULL;
	listed l;
	const char *text;
	int changed;

	text = make_plan(f, "2026.1", SERIES, RULES, RETENTION, ROUTES);
	assert_int_equal(som_plan_load_buffer(&a, text, strlen(text), "a.xml"), 0);
	text = make_plan(f, "2026.2", SERIES, RULES, RETENTION, ROUTES);
	assert_int_equal(som_plan_load_buffer(&b, text, strlen(text), "b.xml"), 0);
	assert_int_equal(som_plan_use(&changed, store, a), 0);
	assert_int_equal(som_plan_use(&changed, store, b), 0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(som_plan_list(store, list_cb, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.versions[0], "2026.1");
	assert_false(l.current[0]);
	assert_true(l.current[1]);
	/* Back to the first: no new row, but current again, and audited. */
	assert_int_equal(som_plan_use(&changed, store, a), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(db_count(f->store_dir, "plan"), 2);
	assert_int_equal(db_int(f->store_dir, "SELECT version = '2026.1' FROM plan WHERE current = 1"), 1);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM audit WHERE action = 'plan.use'"), 3);
	assert_int_equal(som_plan_get(&got, store, "2026.2"), 0);
	assert_string_equal(som_plan_sha256(got), som_plan_sha256(b));
	som_plan_free(got);
	assert_int_equal(som_plan_get(&got, store, "1999.9"), SOM_ENOTFOUND);
	som_plan_free(a);
	som_plan_free(b);
	som_store_free(store);
}

static void test_plan__same_version_other_bytes(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	som_plan *a = NULL, *changed_plan = NULL, *cur = NULL;
	int64_t audits;
	const char *text;
	int changed = -1;

	text = make_plan(f, "2026.1", SERIES, RULES, RETENTION, ROUTES);
	assert_int_equal(som_plan_load_buffer(&a, text, strlen(text), "a.xml"), 0);
	assert_int_equal(som_plan_use(&changed, store, a), 0);
	audits = db_count(f->store_dir, "audit");
	text = make_plan(f, "2026.1", SERIES,
		"    <rule id=\"thanks\" class=\"temporary\"><description>d</description><when><words>tack hej</words></when></rule>\n",
		RETENTION, ROUTES);
	assert_int_equal(som_plan_load_buffer(&changed_plan, text, strlen(text), "a2.xml"), 0);
	assert_int_equal(som_plan_use(&changed, store, changed_plan), SOM_EEXISTS);
	assert_true(contains(som_error_last(), "plan 'a2.xml': version '2026.1'"));
	assert_true(contains(som_error_last(), "new version"));
	/* Nothing changed. */
	assert_int_equal(db_count(f->store_dir, "plan"), 1);
	assert_int_equal(db_count(f->store_dir, "audit"), audits);
	assert_int_equal(som_plan_current(&cur, store), 0);
	assert_string_equal(som_plan_sha256(cur), som_plan_sha256(a));
	som_plan_free(cur);
	som_plan_free(a);
	som_plan_free(changed_plan);
	som_store_free(store);
}

static void test_plan__bad_plan_changes_nothing(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f);
	som_plan *a = NULL, *bad = (som_plan *)1;
	int64_t audits;
	const char *text;

	text = make_plan(f, "2026.1", SERIES, RULES, RETENTION, ROUTES);
	assert_int_equal(som_plan_load_buffer(&a, text, strlen(text), "a.xml"), 0);
	assert_int_equal(som_plan_use(NULL, store, a), 0);
	audits = db_count(f->store_dir, "audit");
	path_join(f->text, sizeof(f->text), f->dir, "bad.xml");
	assert_int_equal(write_text(f->text,
		"<?xml version=\"1.0\"?>\n<plan xmlns=\"urn:somarkiv:plan:1\" version=\"2\">\n</plan>\n"), 0);
	assert_int_equal(som_plan_load(&bad, f->text), SOM_EINVALID);
	assert_null(bad);
	assert_true(contains(som_error_last(), "bad.xml': line "));
	assert_int_equal(db_count(f->store_dir, "plan"), 1);
	assert_int_equal(db_count(f->store_dir, "audit"), audits);
	assert_int_equal(som_plan_load(&bad, "/nonexistent/plan.xml"), SOM_EINVALID);
	assert_true(contains(som_error_last(), "cannot read plan '/nonexistent/plan.xml'"));
	som_plan_free(a);
	som_store_free(store);
}

static void test_plan__needs_writer_and_verifies_digest(void **state)
{
	fixture *f = *state;
	som_store *store = init_store(f), *reader = NULL;
	som_plan *a = NULL, *cur = NULL;
	const char *text = make_plan(f, "2026.1", SERIES, RULES, RETENTION, ROUTES);

	assert_int_equal(som_plan_load_buffer(&a, text, strlen(text), "a.xml"), 0);
	assert_int_equal(som_plan_use(NULL, store, a), 0);
	som_store_free(store);
	assert_int_equal(som_store_open(&reader, f->store_dir, SOM_STORE_OPEN_READ, NULL), 0);
	assert_int_equal(som_plan_use(NULL, reader, a), SOM_EINVALID);
	assert_true(contains(som_error_last(), "read-only"));
	/* Bytes changed behind the program's back. */
	assert_int_equal(db_exec(f->store_dir,
		"UPDATE plan SET xml = CAST(replace(CAST(xml AS TEXT), 'tack', 'tak') AS BLOB)"),
		SQLITE_OK);
	assert_int_equal(som_plan_current(&cur, reader), SOM_ECORRUPT);
	assert_true(contains(som_error_last(), "SHA-256"));
	som_plan_free(a);
	som_store_free(reader);
}

static void test_plan__class_and_flag_names(void **state)
{
	som_buf b = SOM_BUF_INIT;
	unsigned int flags;

	(void)state;
	assert_string_equal(som_class_name(SOM_CLASS_CASE), "case");
	assert_null(som_class_name(SOM_CLASS_NONE));
	assert_null(som_class_name(7));
	assert_int_equal(som_class_parse("important"), SOM_CLASS_IMPORTANT);
	assert_int_equal(som_class_parse("Important"), SOM_CLASS_NONE);
	assert_int_equal(som_class_parse(NULL), SOM_CLASS_NONE);
	assert_string_equal(som_flag_name(SOM_FLAG_PERSONAL_DATA), "personal-data");
	assert_null(som_flag_name(3));
	assert_int_equal(som_flags_parse(&flags, "crime, personal-data"), 0);
	assert_int_equal(flags, SOM_FLAG_CRIME | SOM_FLAG_PERSONAL_DATA);
	assert_int_equal(som_flags_parse(&flags, "none"), 0);
	assert_int_equal(flags, 0);
	assert_int_equal(som_flags_parse(&flags, ""), 0);
	assert_int_equal(som_flags_parse(&flags, "crime,hearsay"), SOM_EINVALID);
	assert_true(contains(som_error_last(), "'hearsay'"));
	assert_int_equal(som_flags_format(&b, SOM_FLAG_ALL, ","), 0);
	assert_string_equal(b.ptr, "crime,secrecy,personal-data");
	som_buf_clear(&b);
	assert_int_equal(som_flags_format(&b, 0, ","), 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(som_kind_bit("reply"), SOM_KIND_REPLY);
	assert_int_equal(som_kind_bit("story"), 0);
	som_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan__valid_loads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__same_bytes_same_digest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__not_xml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__schema_violation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__bad_regex, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__duplicate_rule_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__unknown_series_in_route, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__doctype_and_entities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__unsound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__use_and_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__same_version_other_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__bad_plan_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan__needs_writer_and_verifies_digest, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_plan__class_and_flag_names, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
