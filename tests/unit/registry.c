/*
 * Unit tests of the registry: number formats rendered and parsed back
 * (src/registry/number.c), and numbering in the store (src/registry/store_*.c): per
 * series and year, and a failed transaction taking no number.
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
#include "registry/registry.h"
#include "helpers.h"

typedef struct fixture {
	char dir[256];
	char store_dir[300];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "registry") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	setenv("SOMARKIV_NOW", "2026-03-02T09:00:00Z", 1);
	som_error_clear();
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

static void check_render(const char *format, const char *prefix, int year, int64_t seq,
	int64_t doc, const char *want)
{
	som_buf b = SOM_BUF_INIT;
	som_registry_number n;

	assert_int_equal(som_registry__check_format(format), 0);
	assert_int_equal(som_registry_number_render(&b, format, prefix, year, seq, doc), 0);
	assert_string_equal(b.ptr, want);
	assert_int_equal(som_registry_number_parse(&n, format, prefix, want), 0);
	assert_int_equal(n.year, year);
	assert_int_equal(n.seq, seq);
	assert_int_equal(n.doc, doc);
	som_buf_dispose(&b);
}

static void test_registry__formats_render_and_parse(void **state)
{
	(void)state;
	check_render("{prefix} {year}/{case}", "KS", 2026, 123, 0, "KS 2026/123");
	check_render("{prefix} {year}/{case}", "KS", 2026, 123, 4, "KS 2026/123-4");
	check_render("{prefix}-{year}-{case:5}-{doc}", "KS", 2026, 123, 1, "KS-2026-00123-1");
	check_render("{prefix}-{year}-{case:5}-{doc}", "KS", 2026, 123, 0, "KS-2026-00123");
	check_render("{prefix} {year}-{case:5}", "RS", 2026, 123, 0, "RS 2026-00123");
	check_render("{prefix} {year}-{case:5}", "RS", 2026, 123, 2, "RS 2026-00123-2");
	check_render("{year}.{case} {prefix}", "KS", 2026, 123, 0, "2026.123 KS");
	check_render("{prefix} {year}-{case:4}:{doc}", "S", 2026, 43, 1, "S 2026-0043:1");
	check_render("{prefix} {year}-{case:4}:{doc}", "S", 2026, 43, 0, "S 2026-0043");
}

static void test_registry__parse_as_typed(void **state)
{
	som_registry_number n;

	(void)state;
	/* The prefix in any case, padding left out, spaces around. */
	assert_int_equal(som_registry_number_parse(&n, "{prefix} {year}-{case:5}", "RS",
		"  rs 2026-123 "), 0);
	assert_int_equal(n.seq, 123);
	assert_int_equal(som_registry_number_parse(&n, "{year}.{case} {prefix}", "KS",
		"2026.7 ks"), 0);
	assert_int_equal(n.year, 2026);
	assert_int_equal(n.seq, 7);
}

static void test_registry__parse_rejects(void **state)
{
	som_registry_number n;
	static const char *const bad[] = {
		"", "KS", "KS 2026", "KS 2026/", "KS 2026/x", "KS 26/1", "RS 2026/1",
		"KS 2026/0", "KS 2026/1-", "KS 2026/1-0", "KS 2026/1 extra", "KS2026/1"
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int error = som_registry_number_parse(&n, "{prefix} {year}/{case}", "KS", bad[i]);
		if (error != SOM_EINVALID)
			fail_msg("'%s' parsed", bad[i]);
		assert_true(contains(som_error_last(), "is not a number of series 'KS'"));
	}
}

static void test_registry__format_checked(void **state)
{
	(void)state;
	assert_int_equal(som_registry__check_format("{prefix} {year}"), SOM_EINVALID);
	assert_true(contains(som_error_last(), "needs exactly one {case}"));
	assert_int_equal(som_registry__check_format("{prefix} {yr}/{case}"), SOM_EINVALID);
	assert_true(contains(som_error_last(), "unknown placeholder"));
	assert_int_equal(som_registry__check_format("{case}/{case}"), SOM_EINVALID);
	assert_int_equal(som_registry__check_format("KS 2{case}"), SOM_EINVALID);
	assert_int_equal(som_registry__check_prefix("K S"), SOM_EINVALID);
	assert_int_equal(som_registry__check_prefix("1KS"), SOM_EINVALID);
	assert_int_equal(som_registry__check_prefix("BMN"), 0);
}

static void open_case(som_store *store, const char *series, const char *want)
{
	som_case_options o = SOM_CASE_OPTIONS_INIT;
	som_case *c = NULL;
	int error;

	o.series = series;
	o.title = "Ett ärende";
	error = som_case_open(&c, store, &o);
	if (error)
		fail_msg("case open: %s", som_error_last());
	assert_string_equal(c->number, want);
	assert_string_equal(c->status, "open");
	som_case_free(c);
}

static void test_registry__numbers_per_series_and_year(void **state)
{
	som_case_close_options close_opts = SOM_CASE_CLOSE_OPTIONS_INIT;
	fixture *f = *state;
	som_store *store = NULL;
	som_case *c = NULL;

	assert_int_equal(som_store_init(&store, f->store_dir, "registrator"), 0);
	assert_int_equal(som_series_add(store, "KS", "Kommunstyrelsen", "{prefix} {year}/{case}"), 0);
	assert_int_equal(som_series_add(store, "RS", NULL, "{prefix} {year}-{case:5}"), 0);
	assert_int_equal(som_series_add(store, "KS", NULL, "{prefix} {year}/{case}"), SOM_EEXISTS);
	assert_int_equal(som_series_add(store, "X", NULL, "{prefix}"), SOM_EINVALID);
	open_case(store, "KS", "KS 2026/1");
	open_case(store, "KS", "KS 2026/2");
	open_case(store, "RS", "RS 2026-00001");
	setenv("SOMARKIV_NOW", "2027-01-01T00:00:01Z", 1);
	open_case(store, "KS", "KS 2027/1");
	open_case(store, "RS", "RS 2027-00001");
	/* Typed back in the series' own format. */
	assert_int_equal(som_case_get(&c, store, "rs 2026-1"), 0);
	assert_string_equal(c->number, "RS 2026-00001");
	som_case_free(c);
	c = NULL;
	assert_int_equal(som_case_get(&c, store, "KS 2026/9"), SOM_ENOTFOUND);
	assert_int_equal(som_case_get(&c, store, "nonsense"), SOM_EINVALID);
	close_opts.how = SOM_CASE_CLOSED_WRITTEN_OFF;
	/* An empty case is closed only when forced. */
	assert_int_equal(som_case_close(store, "KS 2026/2", &close_opts), SOM_EINVALID);
	close_opts.force = 1;
	assert_int_equal(som_case_close(store, "KS 2026/2", &close_opts), 0);
	assert_int_equal(som_case_close(store, "KS 2026/2", &close_opts), SOM_EINVALID);
	assert_int_equal(som_case_reopen(store, "KS 2026/2"), 0);
	som_store_free(store);
	assert_int_equal(db_count(f->store_dir, "registry_case"), 5);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM audit WHERE action LIKE 'case.%'"), 7);
}

static void test_registry__rollback_takes_no_number(void **state)
{
	fixture *f = *state;
	som_store *store = NULL;
	som_register_options o = SOM_REGISTER_OPTIONS_INIT;
	const int64_t missing = 999;
	int error;

	assert_int_equal(som_store_init(&store, f->store_dir, "registrator"), 0);
	assert_int_equal(som_series_add(store, "KS", NULL, "{prefix} {year}/{case}"), 0);
	open_case(store, "KS", "KS 2026/1");
	/* A new case opened for an item that is not there: all of it rolls back. */
	o.new_case = 1;
	o.title = "Nytt";
	o.series = "KS";
	error = som_register(store, &missing, 1, &o, NULL, NULL);
	assert_int_equal(error, SOM_ENOTFOUND);
	open_case(store, "KS", "KS 2026/2");
	som_store_free(store);
	assert_int_equal(db_count(f->store_dir, "registry_case"), 2);
	assert_int_equal(db_int(f->store_dir, "SELECT last FROM registry_counter"), 2);
}

/* The public form of a counterparty or subject (OSL 5:2). */
static void test_registry__public_form(void **state)
{
	(void)state;
	/* Not secret: the full form, protected or not. */
	assert_string_equal(som_registry__public_form("Lisa", NULL, 0, "[m]"), "Lisa");
	assert_string_equal(som_registry__public_form("[masked]", "Lisa", 0, "[m]"), "Lisa");
	/* Secret, and the row has its own public form: that one. */
	assert_string_equal(som_registry__public_form("Synpunkt", "Hot", 1, "[m]"), "Synpunkt");
	/* Secret, but the row holds only a full form (registered before the marking): masked. */
	assert_string_equal(som_registry__public_form("Lisa", NULL, 1, "[m]"), "[m]");
	assert_null(som_registry__public_form(NULL, NULL, 1, "[m]"));
}

/* OSL provisions as registrars type them, against the shipped table. */
static void test_registry__osl_provisions(void **state)
{
	static const char *const same[] = {
		"OSL 26:1", "26:1 OSL", "26 kap. 1 § OSL", "26 kap 1 § OSL", "OSL 26 kap. 1 §",
		" osl 26 : 1 ", NULL
	};
	som_osl_provision p;

	(void)state;
	for (size_t i = 0; same[i]; i++) {
		assert_int_equal(som_osl_lookup(&p, same[i]), 0);
		assert_string_equal(p.provision, "OSL 26:1");
		assert_int_equal(p.chapter, 26);
		assert_string_equal(p.section, "1");
		assert_non_null(strstr(p.chapter_name, "socialtjänst"));
		assert_non_null(strstr(p.name, "Socialtjänst"));
	}
	assert_int_equal(som_osl_lookup(&p, "OSL 21:3 st. 2"), 0);
	assert_string_equal(p.provision, "OSL 21:3 st. 2");
	assert_int_equal(som_osl_lookup(&p, "21 kap. 3 § 1 st. OSL"), 0);
	assert_string_equal(p.provision, "OSL 21:3 st. 1");
	/* Refused: no such chapter, no such section, not OSL, not a provision. */
	assert_int_equal(som_osl_lookup(&p, "OSL 99:99"), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "no chapter 99"));
	assert_int_equal(som_osl_lookup(&p, "OSL 26:99"), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "no provision OSL 26:99"));
	assert_int_equal(som_osl_lookup(&p, "26:1"), SOM_EINVALID);
	assert_int_equal(som_osl_lookup(&p, "OSL 26:1 OSL"), SOM_EINVALID);
	assert_int_equal(som_osl_lookup(&p, "OSL 26"), SOM_EINVALID);
	assert_int_equal(som_osl_lookup(&p, "sekretess"), SOM_EINVALID);
	assert_int_equal(som_osl_lookup(&p, "OSL 5:2"), SOM_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry__formats_render_and_parse),
		cmocka_unit_test(test_registry__parse_as_typed),
		cmocka_unit_test(test_registry__parse_rejects),
		cmocka_unit_test(test_registry__format_checked),
		cmocka_unit_test(test_registry__public_form),
		cmocka_unit_test(test_registry__osl_provisions),
		cmocka_unit_test_setup_teardown(test_registry__numbers_per_series_and_year, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_registry__rollback_takes_no_number, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
