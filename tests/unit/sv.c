/*
 * Unit tests of the Swedish conventions (src/util/collate.c,
 * src/util/localtime.c): SAOL's order of names, and Stockholm local time
 * on both sides of the changes of the clocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "somarkiv.h"

static int cmp(const void *a, const void *b)
{
	return som_sv_compare(*(const char *const *)a, *(const char *const *)b);
}

static void test_sv__collation(void **state)
{
	const char *names[] = { "Östen", "Zara", "åsa", "Ärla", "anna", "Anna", "Émile", "Erik",
		"Ødegaard", "Ulf", "Über", "Yngve", "Åke", "100", "9 och 10", "Ängel" };
	const char *want[] = { "100", "9 och 10", "anna", "Anna", "Émile", "Erik", "Ulf", "Über",
		"Yngve", "Zara", "Åke", "åsa", "Ängel", "Ärla", "Ødegaard", "Östen" };

	(void)state;
	qsort(names, sizeof(names) / sizeof(names[0]), sizeof(names[0]), cmp);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(names[i], want[i]);
	assert_int_equal(som_sv_compare("a", "a"), 0);
	assert_true(som_sv_compare(NULL, "a") < 0);
	assert_true(som_sv_compare("e", "é") < 0);
	assert_true(som_sv_compare("é", "f") < 0);
}

static void test_sv__local_time(void **state)
{
	static const struct {
		const char *utc, *local;
	} v[] = {
		{ "2026-01-14T07:12:03Z", "2026-01-14 08:12" },
		{ "2026-03-29T00:59:59Z", "2026-03-29 01:59" },   /* CET to the last second */
		{ "2026-03-29T01:00:00Z", "2026-03-29 03:00" },   /* 02:00 never comes */
		{ "2026-10-25T00:59:59Z", "2026-10-25 02:59" },
		{ "2026-10-25T01:00:00Z", "2026-10-25 02:00" },   /* 02:00-03:00 twice */
		{ "2026-12-31T23:30:00Z", "2027-01-01 00:30" },
		{ "1995-09-24T00:30:00Z", "1995-09-24 02:30" },   /* September before 1996 */
		{ "1995-09-24T01:30:00Z", "1995-09-24 02:30" },
	};
	char out[32], first[32], last[32];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(som_sv_local_time(out, v[i].utc, 1), 0);
		assert_string_equal(out, v[i].local);
	}
	assert_int_equal(som_sv_local_time(out, "2026-07-01T22:30:00Z", 0), 0);
	assert_string_equal(out, "2026-07-02");
	assert_int_equal(som_sv_local_time(out, "igår", 1), SOM_EINVALID);

	assert_int_equal(som_sv_day_bounds(first, last, "2026-02-01"), 0);
	assert_string_equal(first, "2026-01-31T23:00:00Z");
	assert_string_equal(last, "2026-02-01T22:59:59Z");
	assert_int_equal(som_sv_day_bounds(first, last, "2026-03-29"), 0);   /* 23 hours */
	assert_string_equal(first, "2026-03-28T23:00:00Z");
	assert_string_equal(last, "2026-03-29T21:59:59Z");
	assert_int_equal(som_sv_day_bounds(first, last, "2026-10-25"), 0);   /* 25 hours */
	assert_string_equal(first, "2026-10-24T22:00:00Z");
	assert_string_equal(last, "2026-10-25T22:59:59Z");
	assert_int_equal(som_sv_day_bounds(first, last, "2026-02-30"), SOM_EINVALID);
}

static void test_sv__today_follows_the_fixed_clock(void **state)
{
	char today[11];

	(void)state;
	setenv("SOMARKIV_NOW", "2026-06-30T22:30:00Z", 1);
	som_sv_today(today);
	unsetenv("SOMARKIV_NOW");
	assert_string_equal(today, "2026-07-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sv__collation),
		cmocka_unit_test(test_sv__local_time),
		cmocka_unit_test(test_sv__today_follows_the_fixed_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
