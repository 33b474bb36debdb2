/*
 * The schedule's arithmetic: ISO 8601 durations (in UTC), five-field cron
 * lines (in local time, as cron(8) reads them: TZ, e.g. Europe/Stockholm),
 * when a job is due and for which period, and the expansion of an export
 * job's out pattern. The store's record of runs is in src/schedule/store_schedule.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "util/common.h"
#include "formats/json.h"
#include "somarkiv/schedule.h"

/* Five years of minutes bound the searches for a matching minute. */
#define CRON_HORIZON ((int64_t)5 * 366 * 86400)

static int utc_tm(struct tm *tm, int64_t t)
{
	time_t tt = (time_t)t;

	return gmtime_r(&tt, tm) ? 0 : -1;
}

static int64_t utc_from_tm(struct tm *tm)
{
	return (int64_t)timegm(tm);
}

/* Cron lines speak local wall-clock time. */
static int to_tm(struct tm *tm, int64_t t)
{
	time_t tt = (time_t)t;

	return localtime_r(&tt, tm) ? 0 : -1;
}

/* A wall-clock time back to Unix time; one that a DST change skips moves forward. */
static int64_t from_tm(struct tm *tm)
{
	tm->tm_isdst = -1;
	return (int64_t)mktime(tm);
}

/*
 * When the clocks go back an hour the same wall-clock minute comes twice:
 * for a line with set hours it counts once, at its first occurrence; a
 * line for every hour runs in both, as in cron(8).
 */
static int64_t first_occurrence(const som_cron *cron, int64_t t)
{
	struct tm a, b;

	if (cron->hours == 0xFFFFFFu || to_tm(&a, t) != 0 || to_tm(&b, t - 3600) != 0)
		return t;
	if (a.tm_year == b.tm_year && a.tm_mon == b.tm_mon && a.tm_mday == b.tm_mday &&
	    a.tm_hour == b.tm_hour && a.tm_min == b.tm_min)
		return t - 3600;
	return t;
}

static int read_num(const char **p, long *out)
{
	long v = 0;
	int n = 0;

	while (isdigit((unsigned char)**p) && n < 9) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (!n)
		return -1;
	*out = v;
	return 0;
}

int som_duration_parse(som_duration *out, const char *text)
{
	const char *p = text;
	int in_time = 0, any = 0;
	long v;

	memset(out, 0, sizeof(*out));
	if (!text || *p++ != 'P')
		goto bad;
	while (*p) {
		if (*p == 'T') {
			if (in_time)
				goto bad;
			in_time = 1;
			p++;
			if (!*p)
				goto bad;
			continue;
		}
		if (read_num(&p, &v) != 0 || v > 100000)
			goto bad;
		switch (*p) {
		case 'Y': if (in_time) goto bad; out->years += (int)v; break;
		case 'M': if (in_time) out->minutes += (int)v; else out->months += (int)v; break;
		case 'W': if (in_time) goto bad; out->days += (int)v * 7; break;
		case 'D': if (in_time) goto bad; out->days += (int)v; break;
		case 'H': if (!in_time) goto bad; out->hours += (int)v; break;
		case 'S': if (!in_time) goto bad; out->seconds += (int)v; break;
		default: goto bad;
		}
		p++;
		any |= v != 0;
	}
	if (!any)
		goto bad;
	return 0;
bad:
	return som__error(SOM_EINVALID, "not an ISO 8601 duration: '%.40s'",
		text ? text : "");
}

int64_t som_duration_add(const som_duration *d, int64_t t)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm tm;
	int y, m, last;

	if (utc_tm(&tm, t) != 0)
		return t;
	m = tm.tm_mon + d->months;
	y = tm.tm_year + 1900 + d->years + m / 12;
	m %= 12;
	last = mdays[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	tm.tm_year = y - 1900;
	tm.tm_mon = m;
	if (tm.tm_mday > last)
		tm.tm_mday = last;
	return utc_from_tm(&tm) + (int64_t)d->days * 86400 + (int64_t)d->hours * 3600 +
		(int64_t)d->minutes * 60 + d->seconds;
}

static const char *const month_names[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};
static const char *const day_names[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

/* A number or (for months and days) a name. */
static int read_value(const char **p, long *out, const char *const *names,
	size_t n_names, long base)
{
	if (isalpha((unsigned char)**p)) {
		for (size_t i = 0; names && i < n_names; i++)
			if (strncasecmp(*p, names[i], 3) == 0 &&
			    !isalpha((unsigned char)(*p)[3])) {
				*out = (long)i + base;
				*p += 3;
				return 0;
			}
		return -1;
	}
	return read_num(p, out);
}

/* One field into a bit set over lo..hi. */
static int parse_field(uint64_t *bits, int *any, const char *f, size_t len,
	long lo, long hi, const char *const *names, size_t n_names, long base)
{
	char buf[128];
	const char *p;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, f, len);
	buf[len] = '\0';
	*bits = 0;
	*any = strcmp(buf, "*") == 0 || strcmp(buf, "?") == 0;
	p = buf;
	for (;;) {
		long a, b, step = 1;
		int star = 0;

		if (*p == '*') {
			star = 1;
			a = lo;
			b = hi;
			p++;
		} else {
			if (read_value(&p, &a, names, n_names, base) != 0)
				return -1;
			b = a;
			if (*p == '-') {
				p++;
				if (read_value(&p, &b, names, n_names, base) != 0)
					return -1;
			}
		}
		if (*p == '/') {
			p++;
			if (read_num(&p, &step) != 0 || step < 1)
				return -1;
			if (!star && b == a)
				b = hi;
		}
		if (a < lo || b > hi || a > b)
			return -1;
		for (long v = a; v <= b; v += step)
			*bits |= (uint64_t)1 << v;
		if (*p == ',') {
			p++;
			continue;
		}
		return *p ? -1 : 0;
	}
}

int som_cron_parse(som_cron *out, const char *line)
{
	static const char *const what[5] = {
		"minute", "hour", "day of month", "month", "day of week"
	};
	static const long lo[5] = { 0, 0, 1, 1, 0 }, hi[5] = { 59, 23, 31, 12, 7 };
	const char *p = line ? line : "", *start[5];
	size_t len[5];
	uint64_t bits[5];
	int n = 0, any[5];

	memset(out, 0, sizeof(*out));
	while (*p) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (n == 5)
			return som__error(SOM_EINVALID, "cron '%.60s': more than five fields", line);
		start[n] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		len[n] = (size_t)(p - start[n]);
		n++;
	}
	if (n != 5)
		return som__error(SOM_EINVALID, "cron '%.60s': not five fields", line ? line : "");
	for (int i = 0; i < 5; i++)
		if (parse_field(&bits[i], &any[i], start[i], len[i], lo[i], hi[i],
				i == 3 ? month_names : i == 4 ? day_names : NULL,
				i == 3 ? 12 : i == 4 ? 7 : 0, i == 3 ? 1 : 0) != 0)
			return som__error(SOM_EINVALID, "cron '%.60s': bad %s field '%.*s'",
				line, what[i], (int)len[i], start[i]);
	out->minutes = bits[0];
	out->hours = (uint32_t)bits[1];
	out->mdays = (uint32_t)bits[2];
	out->months = (uint16_t)bits[3];
	/* 7 is Sunday too. */
	out->wdays = (uint8_t)((bits[4] | (bits[4] >> 7)) & 0x7f);
	out->mday_any = any[2];
	out->wday_any = any[4];
	return 0;
}

static int day_ok(const som_cron *c, const struct tm *tm)
{
	int md = (c->mdays >> tm->tm_mday) & 1, wd = (c->wdays >> tm->tm_wday) & 1;

	if (c->mday_any || c->wday_any)
		return md && wd;
	return md || wd;
}

int som_cron_matches(const som_cron *cron, int64_t t)
{
	struct tm tm;

	if (to_tm(&tm, t) != 0)
		return 0;
	return ((cron->months >> (tm.tm_mon + 1)) & 1) && day_ok(cron, &tm) &&
		((cron->hours >> tm.tm_hour) & 1) && ((cron->minutes >> tm.tm_min) & 1);
}

int som_cron_next(int64_t *out, const som_cron *cron, int64_t t)
{
	int64_t cur = (t - ((t % 60) + 60) % 60) + 60, end = t + CRON_HORIZON, was = cur - 60;
	struct tm tm;

	while (cur <= end) {
		/* A wall-clock jump that a DST change turned backwards: one minute on. */
		if (cur <= was)
			cur = was + 60;
		was = cur;
		if (to_tm(&tm, cur) != 0)
			break;
		if (!((cron->months >> (tm.tm_mon + 1)) & 1)) {
			tm.tm_mday = 1;
			tm.tm_mon++;
			tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
			cur = from_tm(&tm);
		} else if (!day_ok(cron, &tm)) {
			tm.tm_mday++;
			tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
			cur = from_tm(&tm);
		} else if (!((cron->hours >> tm.tm_hour) & 1)) {
			tm.tm_hour++;
			tm.tm_min = tm.tm_sec = 0;
			cur = from_tm(&tm);
		} else if (!((cron->minutes >> tm.tm_min) & 1)) {
			cur += 60;
		} else if (first_occurrence(cron, cur) != cur) {
			cur += 60;    /* the second pass of a minute the clocks repeat */
		} else {
			*out = cur;
			return 0;
		}
	}
	return som__error(SOM_ENOTFOUND, "the cron line never matches");
}

int som_cron_prev(int64_t *out, const som_cron *cron, int64_t t)
{
	int64_t cur = t - ((t % 60) + 60) % 60, end = t - CRON_HORIZON, was = cur + 60;
	struct tm tm;

	while (cur >= end) {
		/* A wall-clock jump that a DST change turned forwards: one minute back. */
		if (cur >= was)
			cur = was - 60;
		was = cur;
		if (to_tm(&tm, cur) != 0)
			break;
		if (!((cron->months >> (tm.tm_mon + 1)) & 1)) {
			tm.tm_mday = 1;
			tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
			cur = from_tm(&tm) - 60;
		} else if (!day_ok(cron, &tm)) {
			tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
			cur = from_tm(&tm) - 60;
		} else if (!((cron->hours >> tm.tm_hour) & 1)) {
			cur -= tm.tm_min * 60 + tm.tm_sec + 60;   /* the hour before */
		} else if (!((cron->minutes >> tm.tm_min) & 1)) {
			cur -= 60;
		} else {
			*out = first_occurrence(cron, cur);
			return 0;
		}
	}
	return som__error(SOM_ENOTFOUND, "the cron line never matched");
}

int som_recurrence_parse(som_recurrence *out, const char *every, const char *cron)
{
	memset(out, 0, sizeof(*out));
	if (!every == !cron)
		return som__error(SOM_EINVALID, "a job needs exactly one of every= and cron=");
	if (cron) {
		out->is_cron = 1;
		return som_cron_parse(&out->cron, cron);
	}
	return som_duration_parse(&out->every, every);
}

int som_schedule_due(int *due_out, int64_t *period_out, int64_t *next_out,
	const som_recurrence *rec, int64_t last_ok, int64_t now)
{
	int64_t slot, next;
	int error;

	now -= ((now % 60) + 60) % 60;
	if (!rec->is_cron) {
		next = last_ok < 0 ? now : som_duration_add(&rec->every, last_ok);
		*due_out = next <= now;
		*period_out = now;
		*next_out = *due_out ? now : next;
		return 0;
	}
	error = som_cron_prev(&slot, &rec->cron, now);
	if (error == 0 && slot > last_ok) {
		*due_out = 1;
		*period_out = slot;
		*next_out = slot;
		return 0;
	}
	*due_out = 0;
	if ((error = som_cron_next(&next, &rec->cron, now)) != 0)
		return error;
	*period_out = next;
	*next_out = next;
	return 0;
}

void som_schedule_format_time(char out[32], int64_t t)
{
	if (som__time_from_unix(out, t) != 0)
		snprintf(out, 32, "?");
}

int som_schedule_parse_time(int64_t *out, const char *text)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *p = text ? text : "";
	long y, mo, d, h = 0, mi = 0, s = 0;
	struct tm tm;

	if (read_num(&p, &y) != 0 || *p++ != '-' || read_num(&p, &mo) != 0 ||
	    *p++ != '-' || read_num(&p, &d) != 0)
		goto bad;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (read_num(&p, &h) != 0 || *p++ != ':' || read_num(&p, &mi) != 0)
			goto bad;
		if (*p == ':') {
			p++;
			if (read_num(&p, &s) != 0)
				goto bad;
		}
	}
	if (*p == 'Z')
		p++;
	if (*p || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] || h > 23 || mi > 59 || s > 59)
		goto bad;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)mo - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)s;
	*out = utc_from_tm(&tm);
	return 0;
bad:
	return som__error(SOM_EINVALID, "not a time: '%.40s' (YYYY-MM-DDTHH:MM[:SS]Z)",
		text ? text : "");
}

int som_schedule_expand(som_buf *out, const char *pattern, int64_t t, int64_t seq)
{
	char stamp[32], v[32];
	const char *p = pattern;
	int error;

	som_schedule_format_time(stamp, t);
	while (*p) {
		const char *q = strchr(p, '{'), *end;

		if (!q)
			return som_buf_put(out, p, strlen(p));
		if ((error = som_buf_put(out, p, (size_t)(q - p))) != 0)
			return error;
		end = strchr(q, '}');
		if (!end)
			return som__error(SOM_EINVALID, "out pattern '%s': unclosed '{'", pattern);
		if (strncmp(q, "{date}", 6) == 0)
			snprintf(v, sizeof(v), "%.10s", stamp);
		else if (strncmp(q, "{time}", 6) == 0)
			snprintf(v, sizeof(v), "%.2s%.2s%.2s", stamp + 11, stamp + 14, stamp + 17);
		else if (strncmp(q, "{seq}", 5) == 0)
			snprintf(v, sizeof(v), "%lld", (long long)seq);
		else
			return som__error(SOM_EINVALID, "out pattern '%s': unknown placeholder '%.*s'",
				pattern, (int)(end - q + 1), q);
		if ((error = som_buf_put(out, v, strlen(v))) != 0)
			return error;
		p = end + 1;
	}
	return 0;
}

int64_t som_schedule_now(void)
{
	char now[32];
	int64_t t = 0;

	som__now(now);
	if (som_schedule_parse_time(&t, now) != 0) {
		som_error_clear();
		t = (int64_t)time(NULL);
	}
	return t;
}

int som_job_status_to_json(som_buf *out, const som_job_status *status)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_str(&w, "job", status->job);
	som_json__kv_str(&w, "every", status->every);
	som_json__kv_str(&w, "cron", status->cron);
	som_json__kv_str(&w, "out", status->out);
	som_json__kv_str(&w, "last_started", status->last_started);
	som_json__kv_str(&w, "last_outcome", status->last_outcome);
	som_json__kv_str(&w, "last_summary", status->last_summary);
	som_json__kv_str(&w, "last_ok", status->last_ok);
	som_json__kv_str(&w, "next_due", status->next_due);
	som_json__kv_bool(&w, "due", status->due);
	return som_json__obj_end(&w);
}
