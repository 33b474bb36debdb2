/*
 * Unit tests of the schedule's arithmetic (src/schedule/schedule.c): ISO 8601
 * durations, cron lines with ranges, lists, steps and names, the next and
 * previous matching minute, when a job is due, and out patterns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/common.h"
#include "somarkiv/schedule.h"

static int64_t T(const char *s)
{
	int64_t t = 0;

	assert_int_equal(som_schedule_parse_time(&t, s), 0);
	return t;
}

static void assert_time(int64_t t, const char *want)
{
	char got[32];

	som_schedule_format_time(got, t);
	assert_string_equal(got, want);
}

static void test_schedule__duration(void **state)
{
	som_duration d;

	(void)state;
	assert_int_equal(som_duration_parse(&d, "P1Y2M3DT4H5M6S"), 0);
	assert_int_equal(d.years, 1);
	assert_int_equal(d.months, 2);
	assert_int_equal(d.days, 3);
	assert_int_equal(d.hours, 4);
	assert_int_equal(d.minutes, 5);
	assert_int_equal(d.seconds, 6);
	assert_int_equal(som_duration_parse(&d, "P2W"), 0);
	assert_int_equal(d.days, 14);
	assert_int_equal(som_duration_parse(&d, "PT15M"), 0);
	assert_int_equal(d.minutes, 15);
	assert_int_equal(d.months, 0);
	assert_int_equal(som_duration_parse(&d, "P1M"), 0);
	assert_int_equal(d.months, 1);
	assert_time(som_duration_add(&d, T("2026-01-31T10:00Z")), "2026-02-28T10:00:00Z");
	assert_time(som_duration_add(&d, T("2024-01-31T10:00Z")), "2024-02-29T10:00:00Z");
	assert_int_equal(som_duration_parse(&d, "P1D"), 0);
	assert_time(som_duration_add(&d, T("2026-12-31T23:30Z")), "2027-01-01T23:30:00Z");
}

static void test_schedule__duration_bad(void **state)
{
	static const char *const bad[] = {
		"", "P", "PT", "1D", "P1H", "PT1D", "P1DT", "P0D", "PxD", "P1D2", "P-1D", "PT1Y"
	};
	som_duration d;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(som_duration_parse(&d, bad[i]), SOM_EINVALID);
		assert_non_null(strstr(som_error_last(), "not an ISO 8601 duration"));
	}
	assert_int_equal(som_duration_parse(&d, NULL), SOM_EINVALID);
}

static void test_schedule__cron_fields(void **state)
{
	som_cron c;

	(void)state;
	assert_int_equal(som_cron_parse(&c, "*/15 8-17 * * mon-fri"), 0);
	assert_true(c.minutes == ((1ull << 0) | (1ull << 15) | (1ull << 30) | (1ull << 45)));
	assert_int_equal(c.hours, 0x3ff00);
	assert_int_equal(c.wdays, 0x3e);
	assert_true(c.mday_any);
	assert_false(c.wday_any);
	assert_int_equal(som_cron_parse(&c, "0,30 2 1,15 JAN,jul 7"), 0);
	assert_int_equal(c.months, (1 << 1) | (1 << 7));
	assert_int_equal(c.mdays, (1 << 1) | (1 << 15));
	assert_int_equal(c.wdays, 1);
	assert_int_equal(som_cron_parse(&c, "10-50/20 * * * *"), 0);
	assert_true(c.minutes == ((1ull << 10) | (1ull << 30) | (1ull << 50)));
	assert_int_equal(som_cron_parse(&c, "5/20 * * * sun"), 0);
	assert_true(c.minutes == ((1ull << 5) | (1ull << 25) | (1ull << 45)));
}

static void test_schedule__cron_bad(void **state)
{
	static const char *const bad[] = {
		"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *",
		"* * * 13 *", "* * * * 8", "5-1 * * * *", "*/0 * * * *", "* * * foo *",
		"1,,2 * * * *", "a * * * *", "* * * * mon-"
	};
	som_cron c;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(som_cron_parse(&c, bad[i]), SOM_EINVALID);
		assert_non_null(strstr(som_error_last(), "cron '"));
	}
	assert_int_equal(som_cron_parse(&c, "* * * 13 *"), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "bad month field '13'"));
}

static void test_schedule__cron_next_prev(void **state)
{
	som_cron c;
	int64_t t;

	(void)state;
	/* Mondays at 02:00: 2026-11-24 is a Tuesday. */
	assert_int_equal(som_cron_parse(&c, "0 2 * * 1"), 0);
	assert_int_equal(som_cron_next(&t, &c, T("2026-11-24T08:00Z")), 0);
	assert_time(t, "2026-11-30T02:00:00Z");
	assert_int_equal(som_cron_prev(&t, &c, T("2026-11-24T08:00Z")), 0);
	assert_time(t, "2026-11-23T02:00:00Z");
	/* The minute itself counts as at-or-before, not as after. */
	assert_int_equal(som_cron_prev(&t, &c, T("2026-11-23T02:00:30Z")), 0);
	assert_time(t, "2026-11-23T02:00:00Z");
	assert_int_equal(som_cron_next(&t, &c, T("2026-11-23T02:00Z")), 0);
	assert_time(t, "2026-11-30T02:00:00Z");
	/* Either day field matches when both are restricted. */
	assert_int_equal(som_cron_parse(&c, "30 6 13 * fri"), 0);
	assert_int_equal(som_cron_next(&t, &c, T("2026-11-24T08:00Z")), 0);
	assert_time(t, "2026-11-27T06:30:00Z");
	assert_int_equal(som_cron_next(&t, &c, T("2026-12-12T08:00Z")), 0);
	assert_time(t, "2026-12-13T06:30:00Z");
	/* Across a year, and a leap day. */
	assert_int_equal(som_cron_parse(&c, "0 0 29 feb *"), 0);
	assert_int_equal(som_cron_next(&t, &c, T("2026-11-24T08:00Z")), 0);
	assert_time(t, "2028-02-29T00:00:00Z");
	assert_int_equal(som_cron_prev(&t, &c, T("2026-11-24T08:00Z")), 0);
	assert_time(t, "2024-02-29T00:00:00Z");
	/* Never. */
	assert_int_equal(som_cron_parse(&c, "0 0 30 2 *"), 0);
	assert_int_equal(som_cron_next(&t, &c, T("2026-11-24T08:00Z")), SOM_ENOTFOUND);
	assert_int_equal(som_cron_prev(&t, &c, T("2026-11-24T08:00Z")), SOM_ENOTFOUND);
	assert_int_equal(som_cron_parse(&c, "*/5 * * * *"), 0);
	assert_true(som_cron_matches(&c, T("2026-11-24T08:05Z")));
	assert_false(som_cron_matches(&c, T("2026-11-24T08:06Z")));
}

static void test_schedule__due_every(void **state)
{
	som_recurrence r;
	int64_t period, next;
	int due;

	(void)state;
	assert_int_equal(som_recurrence_parse(&r, "PT1H", NULL), 0);
	/* Never run: due now. */
	assert_int_equal(som_schedule_due(&due, &period, &next, &r, -1, T("2026-11-24T08:00:40Z")), 0);
	assert_true(due);
	assert_time(period, "2026-11-24T08:00:00Z");
	/* Ran at 08:00: not due at 08:59, due at 09:00. */
	assert_int_equal(som_schedule_due(&due, &period, &next, &r, T("2026-11-24T08:00Z"),
		T("2026-11-24T08:59Z")), 0);
	assert_false(due);
	assert_time(next, "2026-11-24T09:00:00Z");
	assert_int_equal(som_schedule_due(&due, &period, &next, &r, T("2026-11-24T08:00Z"),
		T("2026-11-24T09:00Z")), 0);
	assert_true(due);
	assert_int_equal(som_recurrence_parse(&r, "PT1H", "* * * * *"), SOM_EINVALID);
	assert_int_equal(som_recurrence_parse(&r, NULL, NULL), SOM_EINVALID);
}

static void test_schedule__due_cron(void **state)
{
	som_recurrence r;
	int64_t period, next;
	int due;

	(void)state;
	assert_int_equal(som_recurrence_parse(&r, NULL, "0 2 * * *"), 0);
	/* The 02:00 slot of today is due until a run covers it. */
	assert_int_equal(som_schedule_due(&due, &period, &next, &r, -1, T("2026-11-24T08:00Z")), 0);
	assert_true(due);
	assert_time(period, "2026-11-24T02:00:00Z");
	assert_int_equal(som_schedule_due(&due, &period, &next, &r, T("2026-11-24T02:00Z"),
		T("2026-11-24T08:00Z")), 0);
	assert_false(due);
	assert_time(next, "2026-11-25T02:00:00Z");
	/* A missed slot is run once, for the latest period. */
	assert_int_equal(som_schedule_due(&due, &period, &next, &r, T("2026-11-20T02:00Z"),
		T("2026-11-24T08:00Z")), 0);
	assert_true(due);
	assert_time(period, "2026-11-24T02:00:00Z");
}

/* Cron lines read local time: Stockholm's winter, summer, and both DST changes. */
static void test_schedule__cron_local_time(void **state)
{
	som_recurrence r;
	som_cron c;
	int64_t t, period, next;
	int due;

	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	assert_int_equal(som_cron_parse(&c, "0 2 * * *"), 0);
	assert_int_equal(som_cron_next(&t, &c, T("2026-11-24T08:00Z")), 0);
	assert_time(t, "2026-11-25T01:00:00Z");   /* 02:00 CET */
	assert_int_equal(som_cron_next(&t, &c, T("2026-06-01T08:00Z")), 0);
	assert_time(t, "2026-06-02T00:00:00Z");   /* 02:00 CEST */
	/* 2026-03-29: the clocks skip 02:00-03:00, so 02:30 does not come that day. */
	assert_int_equal(som_cron_parse(&c, "30 2 * * *"), 0);
	assert_int_equal(som_cron_next(&t, &c, T("2026-03-28T12:00Z")), 0);
	assert_time(t, "2026-03-30T00:30:00Z");
	assert_int_equal(som_cron_prev(&t, &c, T("2026-03-29T12:00Z")), 0);
	assert_time(t, "2026-03-28T01:30:00Z");
	/* 2026-10-25: 02:00-03:00 comes twice; 02:30 counts once, the first time. */
	assert_int_equal(som_cron_next(&t, &c, T("2026-10-24T12:00Z")), 0);
	assert_time(t, "2026-10-25T00:30:00Z");
	assert_int_equal(som_cron_next(&t, &c, t), 0);
	assert_time(t, "2026-10-26T01:30:00Z");
	assert_int_equal(som_cron_prev(&t, &c, T("2026-10-25T01:45Z")), 0);
	assert_time(t, "2026-10-25T00:30:00Z");
	assert_int_equal(som_recurrence_parse(&r, NULL, "30 2 * * *"), 0);
	assert_int_equal(som_schedule_due(&due, &period, &next, &r, T("2026-10-25T00:30Z"),
		T("2026-10-25T01:45Z")), 0);
	assert_false(due);
	/* Every minute of the repeated hour still matches once a minute. */
	assert_int_equal(som_cron_parse(&c, "* * * * *"), 0);
	assert_int_equal(som_cron_next(&t, &c, T("2026-10-25T00:59Z")), 0);
	assert_time(t, "2026-10-25T01:00:00Z");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void test_schedule__expand(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_schedule_expand(&b, "/srv/arkiv/{date}_{time}-{seq}.tar",
		T("2026-11-24T08:05:09Z"), 12), 0);
	assert_string_equal(b.ptr, "/srv/arkiv/2026-11-24_080509-12.tar");
	b.size = 0;
	assert_int_equal(som_schedule_expand(&b, "out/", 0, 1), 0);
	assert_string_equal(b.ptr, "out/");
	b.size = 0;
	assert_int_equal(som_schedule_expand(&b, "x-{year}.tar", 0, 1), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "unknown placeholder '{year}'"));
	b.size = 0;
	assert_int_equal(som_schedule_expand(&b, "x-{date.tar", 0, 1), SOM_EINVALID);
	som_buf_dispose(&b);
}

static void test_schedule__parse_time(void **state)
{
	int64_t t;

	(void)state;
	assert_time(T("2026-11-24"), "2026-11-24T00:00:00Z");
	assert_time(T("2026-11-24 08:05"), "2026-11-24T08:05:00Z");
	assert_time(T("2026-11-24T08:05:07Z"), "2026-11-24T08:05:07Z");
	assert_int_equal(som_schedule_parse_time(&t, "2026-13-01"), SOM_EINVALID);
	assert_int_equal(som_schedule_parse_time(&t, "2026-11-24T25:00Z"), SOM_EINVALID);
	assert_int_equal(som_schedule_parse_time(&t, "tomorrow"), SOM_EINVALID);
	assert_int_equal(som_schedule_parse_time(&t, NULL), SOM_EINVALID);
}

int main(void)
{
	/* The other tests speak UTC; cron_local_time sets its own zone. */
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule__duration),
		cmocka_unit_test(test_schedule__duration_bad),
		cmocka_unit_test(test_schedule__cron_fields),
		cmocka_unit_test(test_schedule__cron_bad),
		cmocka_unit_test(test_schedule__cron_next_prev),
		cmocka_unit_test(test_schedule__due_every),
		cmocka_unit_test(test_schedule__due_cron),
		cmocka_unit_test(test_schedule__cron_local_time),
		cmocka_unit_test(test_schedule__expand),
		cmocka_unit_test(test_schedule__parse_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
