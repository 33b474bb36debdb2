/*
 * Retention arithmetic: when a period written as an ISO 8601 duration,
 * counted from an event date or in whole calendar years from the end of
 * the event's year, becomes due; and the clock disposal goes by.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "util/common.h"
#include "retention/retention.h"
#include "somarkiv/retention.h"

void som_retention__now(char out[32])
{
	char real[32];

	som__now(out);
	if (som__time_from_unix(real, (int64_t)time(NULL)) == 0 && strcmp(real, out) < 0)
		memcpy(out, real, sizeof(real));
}

void som_retention_today(char out[11])
{
	char now[32];

	som_retention__now(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
	int i;

	if (!s || strlen(s) < 10)
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
	}
	if (s[10] != '\0' && s[10] != 'T' && s[10] != ' ')
		return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m))
		return -1;
	return 0;
}

/* "P2Y", "P1Y6M", "P90D", "P4W": years, months, days (weeks as 7 days). */
static int parse_period(const char *p, int *years, int *months, int *days)
{
	long n;
	int any = 0;

	*years = *months = *days = 0;
	if (!p || *p != 'P')
		return -1;
	p++;
	while (*p) {
		if (*p < '0' || *p > '9')
			return -1;
		n = 0;
		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (*p - '0');
			if (n > 100000)
				return -1;
			p++;
		}
		switch (*p) {
		case 'Y': *years += (int)n; break;
		case 'M': *months += (int)n; break;
		case 'W': *days += (int)n * 7; break;
		case 'D': *days += (int)n; break;
		default: return -1;
		}
		p++;
		any = 1;
	}
	return any ? 0 : -1;
}

int som_retention_due_date(char out[11], const char *event, const char *period,
	int calendar_year)
{
	int y, m, d, py, pm, pd;

	if (parse_date(event, &y, &m, &d) != 0)
		return som__error(SOM_EINVALID, "bad date '%s': expected YYYY-MM-DD",
			event ? event : "");
	if (parse_period(period, &py, &pm, &pd) != 0)
		return som__error(SOM_EINVALID, "bad period '%s': expected an ISO 8601 duration such as P2Y",
			period ? period : "");
	if (calendar_year) {
		/* Whole years from the end of the event's year: the period starts on 1 January next. */
		y += 1;
		m = 1;
		d = 1;
	}
	y += py;
	m += pm;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	while (pd > 0) {
		int left = month_days(y, m) - d;
		if (pd <= left) {
			d += pd;
			pd = 0;
		} else {
			pd -= left + 1;
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	if (y > 9999)
		return som__error(SOM_EINVALID, "period '%s' from '%s' ends after year 9999",
			period, event);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		(unsigned)d % 100u);
	return 0;
}
