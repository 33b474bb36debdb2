/*
 * Unit tests of the retention arithmetic (src/retention/retention.c): periods from
 * an event date, whole calendar years from the end of the event's year,
 * month ends, leap years and bad input; and the clock disposal goes by.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "util/common.h"
#include "somarkiv/retention.h"

static void due(const char *event, const char *period, int cal, const char *want)
{
	char out[11];

	assert_int_equal(som_retention_due_date(out, event, period, cal), 0);
	assert_string_equal(out, want);
}

static void test_retention__from_date(void **state)
{
	(void)state;
	due("2026-01-14", "P3M", 0, "2026-04-14");
	due("2026-01-14T21:47:10Z", "P90D", 0, "2026-04-14");
	due("2026-12-31", "P1D", 0, "2027-01-01");
	due("2026-02-01", "P4W", 0, "2026-03-01");
	due("2023-05-02", "P1Y6M", 0, "2024-11-02");
}

static void test_retention__calendar_year(void **state)
{
	(void)state;
	/* received 2023, two years: due January 2026 */
	due("2023-05-02", "P2Y", 1, "2026-01-01");
	due("2023-12-31", "P2Y", 1, "2026-01-01");
	due("2023-01-01", "P1Y", 1, "2025-01-01");
}

static void test_retention__month_ends(void **state)
{
	(void)state;
	due("2026-01-31", "P1M", 0, "2026-02-28");
	due("2024-01-31", "P1M", 0, "2024-02-29");
	due("2024-02-29", "P1Y", 0, "2025-02-28");
	due("2026-11-30", "P3M", 0, "2027-02-28");
}

static void test_retention__bad_input(void **state)
{
	char out[11];

	(void)state;
	assert_int_equal(som_retention_due_date(out, "2026-02-30", "P1Y", 0), SOM_EINVALID);
	assert_int_equal(som_retention_due_date(out, "26-01-01", "P1Y", 0), SOM_EINVALID);
	assert_int_equal(som_retention_due_date(out, NULL, "P1Y", 0), SOM_EINVALID);
	assert_int_equal(som_retention_due_date(out, "2026-01-01", "P", 0), SOM_EINVALID);
	assert_int_equal(som_retention_due_date(out, "2026-01-01", "2Y", 0), SOM_EINVALID);
	assert_int_equal(som_retention_due_date(out, "2026-01-01", "P2X", 0), SOM_EINVALID);
	assert_int_equal(som_retention_due_date(out, "2026-01-01", "PT5H", 0), SOM_EINVALID);
	assert_int_equal(som_retention_due_date(out, "9999-06-01", "P1Y", 0), SOM_EINVALID);
}

/* The real clock's date, read around the call so a midnight between cannot fool the test. */
static void real_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void test_retention__today_never_ahead_of_the_clock(void **state)
{
	char got[11], before[11], after[11];

	(void)state;
	/* A fixed clock in the future: disposal still goes by the real date. */
	setenv("SOMARKIV_NOW", "2099-01-01T00:00:00Z", 1);
	real_today(before);
	som_retention_today(got);
	real_today(after);
	assert_true(strcmp(got, before) >= 0 && strcmp(got, after) <= 0);
	/* One in the past moves it back. */
	setenv("SOMARKIV_NOW", "2026-03-02T09:00:00Z", 1);
	som_retention_today(got);
	assert_string_equal(got, "2026-03-02");
	/* Not set: the real date. */
	unsetenv("SOMARKIV_NOW");
	real_today(before);
	som_retention_today(got);
	real_today(after);
	assert_true(strcmp(got, before) >= 0 && strcmp(got, after) <= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retention__from_date),
		cmocka_unit_test(test_retention__calendar_year),
		cmocka_unit_test(test_retention__month_ends),
		cmocka_unit_test(test_retention__bad_input),
		cmocka_unit_test(test_retention__today_never_ahead_of_the_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
