/*
 * The clock (fixed by $SOMARKIV_NOW for tests and reproducible runs) and
 * timestamps: normalising what the platforms write to UTC ISO 8601, Unix
 * times to the same form, and Swedish local time (Europe/Stockholm) for
 * the register and for people, by the rule in law rather than the process's
 * TZ, so it is the same on any machine and safe from any thread.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/common.h"

static void put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

int som__time_from_unix(char out[32], int64_t secs)
{
	struct tm tm;
	time_t t = (time_t)secs;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return som__error(SOM_EINVALID, "time out of range: %lld", (long long)secs);
	/* By hand: strftime showed in ingest profiles. */
	put_digits(out, tm.tm_year + 1900, 4);
	out[4] = '-';
	put_digits(out + 5, tm.tm_mon + 1, 2);
	out[7] = '-';
	put_digits(out + 8, tm.tm_mday, 2);
	out[10] = 'T';
	put_digits(out + 11, tm.tm_hour, 2);
	out[13] = ':';
	put_digits(out + 14, tm.tm_min, 2);
	out[16] = ':';
	put_digits(out + 17, tm.tm_sec, 2);
	out[19] = 'Z';
	out[20] = '\0';
	return 0;
}

void som__now(char out[32])
{
	const char *fixed = getenv("SOMARKIV_NOW");
	int code = som_error_code();
	char saved[1024];

	if (fixed && *fixed) {
		/* A bad $SOMARKIV_NOW is ignored without touching the last error. */
		snprintf(saved, sizeof(saved), "%s", som_error_last());
		if (som__time_normalize(out, fixed) == 0)
			return;
		if (code)
			som__error(code, "%s", saved);
		else
			som_error_clear();
	}
	som__time_from_unix(out, (int64_t)time(NULL));
}

void som__today(char out[11])
{
	char now[32];

	som__now(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int som__time_normalize(char out[32], const char *in)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0, leap;
	const char *p = in;
	size_t n;
	time_t t;

	if (!in || !*in)
		return som__error(SOM_EINVALID, "empty time");

	/* Unix seconds, possibly with a fraction of digits. */
	n = strspn(in, "0123456789");
	if (n >= 9 && n <= 12 && (in[n] == '\0' ||
	    (in[n] == '.' && in[n + 1] && strspn(in + n + 1, "0123456789") == strlen(in + n + 1))))
		return som__time_from_unix(out, strtoll(in, NULL, 10));

	/* Twitter's "Wed Oct 10 20:19:24 +0000 2018". */
	if (strlen(in) == 30 && in[3] == ' ' && in[7] == ' ' && in[10] == ' ' &&
	    in[19] == ' ' && (in[20] == '+' || in[20] == '-') && in[25] == ' ') {
		static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
		const char *m = strstr(months, (char[4]){ in[4], in[5], in[6], 0 });
		char iso[48];
		if (!m || (m - months) % 3)
			goto bad;
		snprintf(iso, sizeof(iso), "%.4s-%02d-%.2sT%.8s%.5s", in + 26,
			(int)((m - months) / 3) + 1, in + 8, in + 11, in + 20);
		if (iso[8] == ' ')
			iso[8] = '0';
		return som__time_normalize(out, iso);
	}

	if (strlen(p) < 10 || digits(p, 4, &y) || p[4] != '-' || digits(p + 5, 2, &mo) ||
	    p[7] != '-' || digits(p + 8, 2, &d))
		goto bad;
	p += 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (strlen(p) < 5 || digits(p, 2, &h) || p[2] != ':' || digits(p + 3, 2, &mi))
			goto bad;
		p += 5;
		if (*p == ':') {
			if (digits(p + 1, 2, &sec))
				goto bad;
			p += 3;
		}
		if (*p == '.' || *p == ',') {
			p++;
			while (isdigit((unsigned char)*p))
				p++;
		}
		while (*p == ' ')
			p++;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (strncmp(p, "UTC", 3) == 0 || strncmp(p, "GMT", 3) == 0) {
			p += 3;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			p++;
			if (digits(p, 2, &oh))
				goto bad;
			p += 2;
			if (*p == ':')
				p++;
			if (isdigit((unsigned char)*p)) {
				if (digits(p, 2, &om))
					goto bad;
				p += 2;
			}
		}
	}
	if (*p != '\0')
		goto bad;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1] + (mo == 2 && leap) ||
	    h > 24 || (h == 24 && (mi || sec)) || mi > 59 || sec > 60 || oh > 23 || om > 59)
		goto bad;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	t -= (time_t)sign * (oh * 3600 + om * 60);
	return som__time_from_unix(out, (int64_t)t);
bad:
	return som__error(SOM_EINVALID, "not a time: '%.40s'", in);
}

/* Days from 1970-01-01 to the civil date (proleptic Gregorian). */
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

/* 01:00 UTC on the last Sunday of month `m` of year `y`, as Unix seconds. */
static int64_t last_sunday_0100(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t last = days_from_civil(y, m, mdays[m - 1]);
	/* 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays. */
	int64_t dow = ((last + 4) % 7 + 7) % 7;

	return (last - dow) * 86400 + 3600;
}

int som__stockholm_offset(int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t y = 1970 + days / 366, start, end;

	/* The year of `t` (an estimate from below, then stepped). */
	while (days_from_civil(y + 1, 1, 1) <= days)
		y++;
	while (days_from_civil(y, 1, 1) > days)
		y--;
	/*
	 * Summer time (sommartid, CEST): since 1996 the EU rule (directive
	 * 2000/84/EC and its forerunners), last Sunday of March to last Sunday
	 * of October, at 01:00 UTC; 1980-1995 Sweden ended it on the last
	 * Sunday of September. None before 1980 (1916 aside).
	 */
	if (y < 1980 || y > 9999)
		return 3600;
	start = last_sunday_0100((int)y, 3);
	end = last_sunday_0100((int)y, y < 1996 ? 9 : 10);
	return t >= start && t < end ? 7200 : 3600;
}

int som__time_to_unix(int64_t *out, const char *utc)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;

	if (!utc || strlen(utc) < 10 || digits(utc, 4, &y) || utc[4] != '-' ||
	    digits(utc + 5, 2, &mo) || utc[7] != '-' || digits(utc + 8, 2, &d) ||
	    mo < 1 || mo > 12 || d < 1 || d > 31)
		return som__error(SOM_EINVALID, "not a time: '%.40s'", utc ? utc : "");
	if (utc[10] && (strlen(utc) < 19 || digits(utc + 11, 2, &h) ||
	    digits(utc + 14, 2, &mi) || digits(utc + 17, 2, &sec)))
		return som__error(SOM_EINVALID, "not a time: '%.40s'", utc);
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}

/* Unix seconds as Stockholm local time: "YYYY-MM-DDTHH:MM:SS+HH:MM". */
static int local_from_unix(char out[32], int64_t t)
{
	int off = som__stockholm_offset(t);
	int error;

	if ((error = som__time_from_unix(out, t + off)) != 0)
		return error;
	snprintf(out + 19, 13, "+%02d:00", off / 3600);
	return 0;
}

int som_time_local(char out[32], const char *utc)
{
	char norm[32];
	int64_t t;
	int error;

	if ((error = som__time_normalize(norm, utc)) != 0 ||
	    (error = som__time_to_unix(&t, norm)) != 0)
		return error;
	return local_from_unix(out, t);
}

int som_date_local(char out[11], const char *utc)
{
	char local[32];
	int error;

	if ((error = som_time_local(local, utc)) != 0)
		return error;
	memcpy(out, local, 10);
	out[10] = '\0';
	return 0;
}

void som__today_local(char out[11])
{
	char now[32];

	som__now(now);
	if (som_date_local(out, now) != 0)
		som__today(out);
}

int som__date_local_start(char out[32], const char *date, int next)
{
	int64_t t;
	int error;

	if (!date || strlen(date) != 10 || (error = som__time_to_unix(&t, date)) != 0)
		return som__error(SOM_EINVALID, "'%s' is not a date (YYYY-MM-DD)",
			date ? date : "");
	if (next)
		t += 86400;
	/* Local midnight is UTC midnight less the offset in force just before it. */
	t -= som__stockholm_offset(t - 7200);
	return som__time_from_unix(out, t);
}
