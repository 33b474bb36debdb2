/*
 * Small shared utilities: the clock (fixed by $SOMARKIV_NOW for tests),
 * timestamp normalisation to UTC ISO 8601, UTF-8 validation and the login
 * name.
 */
#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
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

int som__utf8_put(som_buf *out, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return som_buf_put(out, b, n);
}

int64_t som__utf8_invalid_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return (int64_t)i;
		}
		if (i + n >= len)
			return (int64_t)i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return (int64_t)i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return (int64_t)i;
		i += n + 1;
	}
	return -1;
}

#ifndef SOM_SCHEMA_DIR_DEFAULT
#define SOM_SCHEMA_DIR_DEFAULT "/usr/local/share/somarkiv/schemas"
#endif

const char *som__schema_dir(void)
{
	static char found[4300];
	static const char *const beside[] = { "../share/somarkiv/schemas", "../../schemas" };
	const char *env = getenv("SOMARKIV_SCHEMA_DIR");
	char exe[4096], probe[4200];
	ssize_t n;

	if (env && *env)
		return env;
	if (found[0])
		return found;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (size_t i = 0; i < SOM_ARRAY_SIZE(beside); i++) {
			snprintf(probe, sizeof(probe), "%s/%s/item.xsd", exe, beside[i]);
			if (access(probe, R_OK) == 0) {
				snprintf(found, sizeof(found), "%s/%s", exe, beside[i]);
				return found;
			}
		}
	}
	return SOM_SCHEMA_DIR_DEFAULT;
}

const char *som__login_name(void)
{
	static _Thread_local char name[256];
	struct passwd pw, *res = NULL;
	char tmp[4096];
	const char *env;

	if (getpwuid_r(getuid(), &pw, tmp, sizeof(tmp), &res) == 0 && res && res->pw_name) {
		snprintf(name, sizeof(name), "%s", res->pw_name);
		return name;
	}
	env = getenv("USER");
	snprintf(name, sizeof(name), "%s", env && *env ? env : "unknown");
	return name;
}
