/*
 * Registry numbers through a series' format: "{prefix} {year}/{case}"
 * renders KS 2026/123, "{prefix}-{year}-{case:5}-{doc}" KS-2026-00123-1.
 * Parsing reads a typed number back for the series' own format.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "registry/registry.h"

enum { PH_NONE, PH_PREFIX, PH_YEAR, PH_CASE, PH_DOC };

/*
 * The placeholder at `p` (which starts with '{'): its kind, its width
 * (for {case:N}) and its length in `len`; PH_NONE when it is not one.
 */
static int placeholder(const char *p, int *width, size_t *len)
{
	static const struct { const char *text; int kind; } names[] = {
		{ "{prefix}", PH_PREFIX }, { "{year}", PH_YEAR }, { "{case}", PH_CASE },
		{ "{doc}", PH_DOC }
	};

	*width = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i].text);
		if (strncmp(p, names[i].text, n) == 0) {
			*len = n;
			return names[i].kind;
		}
	}
	if (strncmp(p, "{case:", 6) == 0 && p[6] >= '1' && p[6] <= '9' && p[7] == '}') {
		*width = p[6] - '0';
		*len = 8;
		return PH_CASE;
	}
	return PH_NONE;
}

int som_registry__check_format(const char *format)
{
	int n_case = 0, n_prefix = 0, n_year = 0, n_doc = 0, width, kind;
	size_t len;

	if (!format || !*format)
		return som__error(SOM_EINVALID, "number format is empty");
	for (const char *p = format; *p; ) {
		if (*p == '{') {
			if ((kind = placeholder(p, &width, &len)) == PH_NONE)
				return som__error(SOM_EINVALID,
					"number format '%s': unknown placeholder at '%.12s'", format, p);
			n_case += kind == PH_CASE;
			n_prefix += kind == PH_PREFIX;
			n_year += kind == PH_YEAR;
			n_doc += kind == PH_DOC;
			p += len;
			continue;
		}
		if (isdigit((unsigned char)*p) || *p == '}' || (unsigned char)*p < 0x20)
			return som__error(SOM_EINVALID,
				"number format '%s': '%c' cannot stand in a format", format,
				(unsigned char)*p < 0x20 ? '?' : *p);
		p++;
	}
	if (n_case != 1)
		return som__error(SOM_EINVALID, "number format '%s': needs exactly one {case}", format);
	if (n_prefix > 1 || n_year > 1 || n_doc > 1)
		return som__error(SOM_EINVALID, "number format '%s': a placeholder stands twice", format);
	return 0;
}

int som_registry__check_prefix(const char *prefix)
{
	size_t n = prefix ? strlen(prefix) : 0;

	if (n == 0 || n > 16 || !isalpha((unsigned char)prefix[0]))
		return som__error(SOM_EINVALID, "series prefix '%s': 1 to 16 letters, digits or '-', "
			"starting with a letter", prefix ? prefix : "");
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)prefix[i]) && prefix[i] != '-')
			return som__error(SOM_EINVALID, "series prefix '%s': 1 to 16 letters, digits "
				"or '-', starting with a letter", prefix);
	return 0;
}

int som_registry__has_doc(const char *format)
{
	return strstr(format, "{doc}") != NULL;
}

int som_registry_number_render(som_buf *out, const char *format,
	const char *prefix, int year, int64_t seq, int64_t doc)
{
	int error = 0, width, kind, has_doc = 0;
	size_t len;

	for (const char *p = format; *p && !error; ) {
		if (*p == '{' && (kind = placeholder(p, &width, &len)) != PH_NONE) {
			if (kind == PH_PREFIX)
				error = som_buf_puts(out, prefix);
			else if (kind == PH_YEAR)
				error = som_buf_printf(out, "%04d", year);
			else if (kind == PH_CASE)
				error = som_buf_printf(out, "%0*" PRId64, width, seq);
			else if (kind == PH_DOC) {
				has_doc = 1;
				/* A case's own number under a format with {doc} drops the
				 * separator before it ("S 2026-0043"). */
				if (doc > 0)
					error = som_buf_printf(out, "%" PRId64, doc);
				else if (out->size > 0 && !isalnum((unsigned char)out->ptr[out->size - 1]))
					out->ptr[--out->size] = '\0';
			}
			p += len;
			continue;
		}
		error = som_buf_putc(out, *p++);
	}
	if (!error && doc > 0 && !has_doc)
		error = som_buf_printf(out, "-%" PRId64, doc);
	return error;
}

/* Read 1..18 digits at *s; -1 when none. */
static int64_t digits(const char **s, size_t *n_out)
{
	int64_t v = 0;
	size_t n = 0;

	while (isdigit((unsigned char)**s) && n < 18) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	*n_out = n;
	return n ? v : -1;
}

int som_registry_number_parse(som_registry_number *out, const char *format,
	const char *prefix, const char *text)
{
	const char *s = text, *p = format, *end;
	int width, kind, seen_doc = 0, seen_case = 0;
	size_t len, n, plen = strlen(prefix);
	int64_t v;

	memset(out, 0, sizeof(*out));
	while (*s == ' ')
		s++;
	end = s + strlen(s);
	while (end > s && end[-1] == ' ')
		end--;
	while (*p) {
		if (*p == '{' && (kind = placeholder(p, &width, &len)) != PH_NONE) {
			p += len;
			if (kind == PH_PREFIX) {
				if ((size_t)(end - s) < plen || strncasecmp(s, prefix, plen) != 0)
					goto bad;
				s += plen;
				continue;
			}
			if (kind == PH_DOC && s == end && seen_case) {
				/* A case number under a format with {doc}: the literal
				 * before {doc} is dropped too (see render). */
				seen_doc = 0;
				break;
			}
			if ((v = digits(&s, &n)) < 0 || s > end)
				goto bad;
			if (kind == PH_YEAR) {
				if (n != 4)
					goto bad;
				out->year = (int)v;
			} else if (kind == PH_CASE) {
				if (v == 0)
					goto bad;
				out->seq = v;
				seen_case = 1;
			} else {
				if (v == 0)
					goto bad;
				out->doc = v;
				seen_doc = 1;
			}
			continue;
		}
		if (s == end && seen_case && p[1] == '{' &&
		    placeholder(p + 1, &width, &len) == PH_DOC && p[1 + len] == '\0')
			break;  /* "S 2026-0043" for "{prefix} {year}-{case:4}:{doc}" */
		if (s >= end || *s != *p)
			goto bad;
		s++;
		p++;
	}
	(void)seen_doc;
	if (s < end && !som_registry__has_doc(format) && *s == '-') {
		s++;
		if ((v = digits(&s, &n)) <= 0)
			goto bad;
		out->doc = v;
	}
	if (s != end || !out->seq)
		goto bad;
	if (!out->year && strstr(format, "{year}"))
		goto bad;
	return 0;
bad:
	return som__error(SOM_EINVALID, "'%s' is not a number of series '%s' (format '%s')",
		text, prefix, format);
}
