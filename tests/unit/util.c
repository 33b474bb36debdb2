/*
 * Unit tests of the shared utilities (src/util/util.c): timestamp normalisation
 * to UTC, UTF-8 validation and the clock fixed by $SOMARKIV_NOW.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "util/common.h"
#include "helpers.h"

typedef struct fixture {
	char dir[256];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "util") != 0) {
		free(f);
		return -1;
	}
	unsetenv("SOMARKIV_NOW");
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

/* Normalise `in` and expect `want`. */
static void expect_time(const char *in, const char *want)
{
	char out[32];
	int error;

	memset(out, 0, sizeof(out));
	error = som__time_normalize(out, in);
	if (error != 0)
		fail_msg("'%s': unexpected error %d: %s", in, error, som_error_last());
	if (strcmp(out, want) != 0)
		fail_msg("'%s': got '%s', want '%s'", in, out, want);
}

static void expect_bad_time(const char *in)
{
	char out[32];
	int error;

	som_error_clear();
	error = som__time_normalize(out, in);
	if (error != SOM_EINVALID)
		fail_msg("'%s': want SOM_EINVALID, got %d (out '%.32s')", in, error,
			error == 0 ? out : "");
	assert_int_equal(som_error_code(), SOM_EINVALID);
}

static void test_util__time_zulu(void **state)
{
	(void)state;
	expect_time("2026-01-14T07:12:03Z", "2026-01-14T07:12:03Z");
	expect_time("2026-01-14t07:12:03z", "2026-01-14T07:12:03Z");
	expect_time("2026-01-14T07:12Z", "2026-01-14T07:12:00Z");
	expect_time("2026-01-14T07:12:03 UTC", "2026-01-14T07:12:03Z");
	/* No zone at all is taken as UTC. */
	expect_time("2026-01-14T07:12:03", "2026-01-14T07:12:03Z");
}

static void test_util__time_offsets(void **state)
{
	(void)state;
	expect_time("2026-01-28T19:22:00+01:00", "2026-01-28T18:22:00Z");
	expect_time("2026-01-28T19:22:00+0100", "2026-01-28T18:22:00Z");
	expect_time("2026-01-28T19:22:00+01", "2026-01-28T18:22:00Z");
	expect_time("2026-01-28T19:22:00-0530", "2026-01-29T00:52:00Z");
	expect_time("2026-01-28T19:22:00-05:30", "2026-01-29T00:52:00Z");
	/* Crossing a year boundary both ways. */
	expect_time("2026-01-01T00:30:00+02:00", "2025-12-31T22:30:00Z");
	expect_time("2025-12-31T23:30:00-01:00", "2026-01-01T00:30:00Z");
	/* Summer time in Sweden. */
	expect_time("2026-07-01T12:00:00+02:00", "2026-07-01T10:00:00Z");
	/* A leap day. */
	expect_time("2028-02-29T23:00:00-02:00", "2028-03-01T01:00:00Z");
}

static void test_util__time_fractions(void **state)
{
	(void)state;
	expect_time("2026-01-14T07:12:03.123Z", "2026-01-14T07:12:03Z");
	expect_time("2026-01-14T07:12:03.999999999Z", "2026-01-14T07:12:03Z");
	expect_time("2026-01-14T07:12:03,5+01:00", "2026-01-14T06:12:03Z");
	expect_time("2026-01-14T07:12:03.000-05:30", "2026-01-14T12:42:03Z");
}

static void test_util__time_date_only(void **state)
{
	(void)state;
	expect_time("2026-03-02", "2026-03-02T00:00:00Z");
	expect_time("1999-12-31", "1999-12-31T00:00:00Z");
}

static void test_util__time_space_separator(void **state)
{
	(void)state;
	expect_time("2026-03-02 13:20:00", "2026-03-02T13:20:00Z");
	expect_time("2026-03-02 13:20:00 +01:00", "2026-03-02T12:20:00Z");
	expect_time("2026-03-02 13:20", "2026-03-02T13:20:00Z");
}

static void test_util__time_unix_seconds(void **state)
{
	char out[32];

	(void)state;
	expect_time("1767225600", "2026-01-01T00:00:00Z");
	expect_time("1767225600.75", "2026-01-01T00:00:00Z");
	expect_time("1000000000", "2001-09-09T01:46:40Z");
	assert_int_equal(som__time_from_unix(out, 0), 0);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	assert_int_equal(som__time_from_unix(out, 1767225600), 0);
	assert_string_equal(out, "2026-01-01T00:00:00Z");
}

static void test_util__time_garbage(void **state)
{
	static const char *const bad[] = {
		"", "not a time", "yesterday", "2026", "2026-01", "2026/01/14",
		"26-01-14", "2026-1-14", "2026-01-14T", "2026-01-14T7:12:03Z",
		"2026-01-14T07", "2026-01-14T07:1", "2026-01-14T07:12:3Z",
		"2026-01-14T07:12:03Zjunk", "2026-01-14T07:12:03+", "2026-01-14T07:12:03+1",
		"2026-01-14T07:12:03+01:0x", "2026-01-14T07:12:03 +01:00 extra",
		"2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
		"2026-01-14T07:60:00Z", "2026-01-14T07:12:61Z", "2026-01-14T25:00:00Z",
		"2026-01-14T07:12:03+24:00", "2026-01-14T07:12:03+01:60",
		"12345", "12345678", "-1767225600", "0x69555a00", " 2026-01-14",
		"2026-01-14X07:12:03Z", "２０２６-01-14", "99999999999999999999",
	};

	(void)state;
	for (size_t i = 0; i < SOM_ARRAY_SIZE(bad); i++)
		expect_bad_time(bad[i]);
	/* The message names the value, in quotes. */
	expect_bad_time("not a time");
	assert_true(contains(som_error_last(), "'not a time'"));
}

/*
 * Days and hours that do not exist must not be silently moved to another
 * date: an export saying February 30 is damaged, not March 2.
 */
static void test_util__time_impossible_dates(void **state)
{
	(void)state;
	expect_bad_time("2026-02-30");
	expect_bad_time("2026-02-29T12:00:00Z"); /* 2026 is not a leap year */
	expect_bad_time("2026-04-31T12:00:00Z");
	expect_bad_time("2026-01-14T24:30:00Z");
}

/* Unix seconds followed by anything but a fraction are not a time. */
static void test_util__time_unix_trailing_junk(void **state)
{
	(void)state;
	expect_bad_time("1767225600.5x");
	expect_bad_time("1767225600.");
	expect_bad_time("1767225600.x");
}

static void test_util__time_null(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(som__time_normalize(out, NULL), SOM_EINVALID);
}

static void expect_utf8(const char *s, size_t len, int64_t want)
{
	int64_t got = som__utf8_invalid_at(s, len);

	if (got != want)
		fail_msg("utf8_invalid_at(%zu bytes): got %lld, want %lld", len,
			(long long)got, (long long)want);
}

#define EXPECT_UTF8(lit, want) expect_utf8((lit), sizeof(lit) - 1, (want))

static void test_util__utf8_valid_swedish(void **state)
{
	const char *text = "Klagomål: Björkvägen har inte plogats. ÅÄÖ åäö é ü — “citat” € ❄️ 😀";

	(void)state;
	expect_utf8(text, strlen(text), -1);
	EXPECT_UTF8("", -1);
	EXPECT_UTF8("plain ascii", -1);
	EXPECT_UTF8("a\0b", -1); /* NUL is ASCII */
	EXPECT_UTF8("\xc3\xa4", -1);          /* ä at the very end */
	EXPECT_UTF8("\xe2\x82\xac", -1);      /* € */
	EXPECT_UTF8("\xf0\x9f\x98\x80", -1);  /* U+1F600 */
	EXPECT_UTF8("\xf4\x8f\xbf\xbf", -1);  /* U+10FFFF, the last */
	EXPECT_UTF8("\xed\x9f\xbf", -1);      /* U+D7FF, just before the surrogates */
	EXPECT_UTF8("\xee\x80\x80", -1);      /* U+E000, just after */
	EXPECT_UTF8("\xc2\x80", -1);          /* U+0080, smallest two-byte */
	EXPECT_UTF8("\xe0\xa0\x80", -1);      /* U+0800, smallest three-byte */
	EXPECT_UTF8("\xf0\x90\x80\x80", -1);  /* U+10000, smallest four-byte */
}

static void test_util__utf8_overlong(void **state)
{
	(void)state;
	EXPECT_UTF8("\xc0\xaf", 0);               /* '/' in two bytes */
	EXPECT_UTF8("\xc1\xbf", 0);
	EXPECT_UTF8("ab\xe0\x80\xaf", 2);         /* '/' in three bytes */
	EXPECT_UTF8("ab\xe0\x9f\xbf", 2);         /* U+07FF in three bytes */
	EXPECT_UTF8("\xf0\x82\x82\xac", 0);       /* € in four bytes */
	EXPECT_UTF8("\xf0\x8f\xbf\xbf", 0);       /* U+FFFF in four bytes */
	EXPECT_UTF8("\xc0\x80", 0);               /* "modified UTF-8" NUL */
}

static void test_util__utf8_surrogates(void **state)
{
	(void)state;
	EXPECT_UTF8("\xed\xa0\x80", 0);           /* U+D800 */
	EXPECT_UTF8("x\xed\xbf\xbf", 1);          /* U+DFFF */
	EXPECT_UTF8("\xed\xa0\xbd\xed\xb8\x80", 0); /* CESU-8 pair */
	EXPECT_UTF8("\xf4\x90\x80\x80", 0);       /* U+110000, beyond Unicode */
	EXPECT_UTF8("\xf7\xbf\xbf\xbf", 0);
}

static void test_util__utf8_truncated(void **state)
{
	(void)state;
	EXPECT_UTF8("abc\xc3", 3);
	EXPECT_UTF8("ab\xe2\x82", 2);
	EXPECT_UTF8("ab\xe2", 2);
	EXPECT_UTF8("\xf0\x9f\x98", 0);
	EXPECT_UTF8("\xf0\x9f", 0);
	EXPECT_UTF8("\xf0", 0);
	/* Cut short in the middle, followed by ASCII. */
	EXPECT_UTF8("\xc3" "a", 0);
	EXPECT_UTF8("\xe2\x82" "a", 0);
	/* A valid sequence cut by `len` rather than by the string. */
	expect_utf8("Björk", 3, 2);
}

static void test_util__utf8_stray_bytes(void **state)
{
	(void)state;
	EXPECT_UTF8("\x80", 0);
	EXPECT_UTF8("ok\xbf", 2);
	EXPECT_UTF8("\xff", 0);
	EXPECT_UTF8("\xfe\xff", 0);
	EXPECT_UTF8("\xf8\x88\x80\x80\x80", 0);  /* old five-byte form */
	EXPECT_UTF8("Bj\xf6rkv\xe4gen", 2);       /* Latin-1, not UTF-8 */
	EXPECT_UTF8("Bj\xc3\xb6rkv\xe4gen", 7);
}

static void test_util__now_fixed(void **state)
{
	char now[32], today[11];

	(void)state;
	setenv("SOMARKIV_NOW", "2026-11-24T05:25:10Z", 1);
	som__now(now);
	assert_string_equal(now, "2026-11-24T05:25:10Z");
	som__today(today);
	assert_string_equal(today, "2026-11-24");

	/* Any accepted form, normalised to UTC. */
	setenv("SOMARKIV_NOW", "2026-11-24T00:30:00+01:00", 1);
	som__now(now);
	assert_string_equal(now, "2026-11-23T23:30:00Z");
	som__today(today);
	assert_string_equal(today, "2026-11-23");
}

static void check_real_now(void)
{
	char now[32], want[32];
	time_t before = time(NULL), after;

	som__now(now);
	after = time(NULL);
	assert_int_equal(strlen(now), 20);
	assert_int_equal(som__time_from_unix(want, (int64_t)before), 0);
	if (strcmp(now, want) != 0) {
		assert_int_equal(som__time_from_unix(want, (int64_t)after), 0);
		assert_string_equal(now, want);
	}
}

static void test_util__now_unset_or_bad(void **state)
{
	(void)state;
	unsetenv("SOMARKIV_NOW");
	check_real_now();
	setenv("SOMARKIV_NOW", "", 1);
	check_real_now();
	/* A value that is not a time is ignored: the real clock runs. */
	setenv("SOMARKIV_NOW", "not a time", 1);
	check_real_now();
}

static void test_util__login_name(void **state)
{
	const char *name = som__login_name();

	(void)state;
	assert_non_null(name);
	assert_true(strlen(name) > 0);
}

static void expect_local(const char *utc, const char *want)
{
	char out[32];

	assert_int_equal(som_time_local(out, utc), 0);
	assert_string_equal(out, want);
}

/* Europe/Stockholm by the rule, whatever the process's TZ says. */
static void test_util__time_stockholm(void **state)
{
	char out[32], day[11];

	(void)state;
	setenv("TZ", "America/New_York", 1);
	tzset();
	/* Winter: UTC+1; a comment at 00:30 local on 1 February. */
	expect_local("2026-01-31T23:30:00Z", "2026-02-01T00:30:00+01:00");
	/* New Year: 00:15 local on 1 January is still 2025 in UTC. */
	expect_local("2025-12-31T23:15:00Z", "2026-01-01T00:15:00+01:00");
	assert_int_equal(som_date_local(day, "2025-12-31T23:15:00Z"), 0);
	assert_string_equal(day, "2026-01-01");
	/* Summer time begins on the last Sunday of March at 01:00 UTC... */
	expect_local("2026-03-29T00:59:59Z", "2026-03-29T01:59:59+01:00");
	expect_local("2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00");
	/* ... and ends on the last Sunday of October at 01:00 UTC. */
	expect_local("2026-10-25T00:59:59Z", "2026-10-25T02:59:59+02:00");
	expect_local("2026-10-25T01:00:00Z", "2026-10-25T02:00:00+01:00");
	/* 1980-1995: summer time ended on the last Sunday of September. */
	expect_local("1990-09-30T00:30:00Z", "1990-09-30T02:30:00+02:00");
	expect_local("1990-09-30T01:30:00Z", "1990-09-30T02:30:00+01:00");
	expect_local("1990-10-15T12:00:00Z", "1990-10-15T13:00:00+01:00");
	/* Other offsets are read first. */
	expect_local("2026-07-01T12:00:00+05:00", "2026-07-01T09:00:00+02:00");
	/* Where a local day begins, in UTC: winter, summer, and the day after. */
	assert_int_equal(som__date_local_start(out, "2026-02-01", 0), 0);
	assert_string_equal(out, "2026-01-31T23:00:00Z");
	assert_int_equal(som__date_local_start(out, "2026-07-01", 0), 0);
	assert_string_equal(out, "2026-06-30T22:00:00Z");
	assert_int_equal(som__date_local_start(out, "2026-12-31", 1), 0);
	assert_string_equal(out, "2026-12-31T23:00:00Z");
	assert_int_equal(som__date_local_start(out, "2026-02-30x", 0), SOM_EINVALID);
	assert_int_equal(som_time_local(out, "soon"), SOM_EINVALID);
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_util__time_zulu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_stockholm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_fractions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_date_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_space_separator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_unix_seconds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_impossible_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_unix_trailing_junk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__time_null, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__utf8_valid_swedish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__utf8_overlong, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__utf8_surrogates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__utf8_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__utf8_stray_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__now_fixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__now_unset_or_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_util__login_name, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
