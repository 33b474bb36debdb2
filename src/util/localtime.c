/*
 * Swedish local time (Europe/Stockholm) computed from the EU rule itself
 * (summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October; September before 1996; none before 1980), so
 * that it is the same on every machine, thread-safe, and independent of TZ
 * and the system's zone files.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "somarkiv/sv.h"
#include "util/common.h"

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The Unix time of 01:00 UTC on the last Sunday of `month` of `year`. */
static int64_t last_sunday_0100(int64_t year, int month)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t day = days_from_civil(year, month, mdays[month - 1]);
	/* 1970-01-01 was a Thursday: weekday 0 = Sunday is (day + 4) % 7. */
	int64_t wd = ((day + 4) % 7 + 7) % 7;

	return (day - wd) * 86400 + 3600;
}

int som_sv_utc_offset(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int64_t year;

	if (!gmtime_r(&tt, &tm))
		return 3600;
	year = (int64_t)tm.tm_year + 1900;
	if (year < 1980)
		return 3600;
	if (t >= last_sunday_0100(year, 3) &&
	    t < last_sunday_0100(year, year >= 1996 ? 10 : 9))
		return 7200;
	return 3600;
}

int som__time_to_unix(int64_t *out, const char *utc)
{
	char norm[32];
	struct tm tm;
	int error;

	if ((error = som__time_normalize(norm, utc)) != 0)
		return error;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(norm, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			&tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return som__error(SOM_EINVALID, "not a time: '%.40s'", utc);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

int som_sv_local_time(char out[32], const char *utc, int with_time)
{
	char text[80];
	int64_t t;
	time_t local;
	struct tm tm;
	int error;

	if (!utc || (error = som__time_to_unix(&t, utc)) != 0) {
		snprintf(out, 32, "%s", utc ? utc : "");
		return utc ? som_error_code() : som__error(SOM_EINVALID, "no time");
	}
	local = (time_t)(t + som_sv_utc_offset(t));
	if (!gmtime_r(&local, &tm)) {
		snprintf(out, 32, "%s", utc);
		return som__error(SOM_EINVALID, "time out of range: '%.40s'", utc);
	}
	/* Room for any int, then cut: the values are in range here. */
	if (with_time)
		snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
			tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	else
		snprintf(text, sizeof(text), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			tm.tm_mday);
	memcpy(out, text, 31);
	out[31] = '\0';
	return 0;
}

int som_sv_day_bounds(char first_out[32], char last_out[32], const char *date)
{
	char iso[32];
	int64_t midnight, next, t;
	int error;

	if (!date || strlen(date) != 10)
		return som__error(SOM_EINVALID, "not a date: '%.40s'", date ? date : "");
	snprintf(iso, sizeof(iso), "%sT00:00:00Z", date);
	if ((error = som__time_to_unix(&midnight, iso)) != 0)
		return som__error(SOM_EINVALID, "not a date: '%.40s'", date);
	/* Local midnight is never inside a change of the clocks (01:00 UTC). */
	t = midnight - 3600;
	if (som_sv_utc_offset(t) != 3600)
		t = midnight - 7200;
	next = midnight + 86400 - 3600;
	if (som_sv_utc_offset(next) != 3600)
		next = midnight + 86400 - 7200;
	if ((error = som__time_from_unix(first_out, t)) != 0 ||
	    (error = som__time_from_unix(last_out, next - 1)) != 0)
		return error;
	return 0;
}

void som_sv_today(char out[11])
{
	char now[32], local[32];

	som__now(now);
	if (som_sv_local_time(local, now, 0) != 0) {
		som_error_clear();
		memcpy(local, now, 10);
	}
	memcpy(out, local, 10);
	out[10] = '\0';
}
