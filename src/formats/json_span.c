/*
 * Finding values by their bytes in JSON text that is known to parse (see
 * json_span.h): strings are skipped with their escapes, containers by
 * their depth; nothing is decoded or copied.
 */
#include <string.h>
#include <stdint.h>
#include "formats/json_span.h"

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* The end of the value starting at `p`, or NULL; the text is known to parse. */
static const char *skip_value(const char *p, const char *end)
{
	int64_t depth = 0;

	if (p >= end)
		return NULL;
	if (*p == '"')
		return skip_string(p, end);
	if (*p != '{' && *p != '[') {
		while (p < end && !memchr(",}] \n\r\t", *p, 7))
			p++;
		return p;
	}
	while (p < end) {
		if (*p == '"') {
			if ((p = skip_string(p, end)) == NULL)
				return NULL;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p + 1;
		p++;
	}
	return NULL;
}

int som_json__span_member(som_json_span *out, som_json_span obj, const char *key)
{
	const char *p = obj.p, *end = obj.p + obj.n, *k, *v;
	size_t klen = strlen(key), len;
	int found = 0;

	p = skip_ws(p, end);
	if (p >= end || *p != '{')
		return 0;
	p = skip_ws(p + 1, end);
	while (p < end && *p == '"') {
		k = p + 1;
		if ((p = skip_string(p, end)) == NULL)
			return 0;
		len = (size_t)(p - 1 - k);
		p = skip_ws(p, end);
		if (p >= end || *p != ':')
			return 0;
		v = skip_ws(p + 1, end);
		if ((p = skip_value(v, end)) == NULL)
			return 0;
		if (len == klen && memcmp(k, key, klen) == 0) {
			out->p = v;
			out->n = (size_t)(p - v);
			found = 1;
		}
		p = skip_ws(p, end);
		if (p >= end || *p != ',')
			break;
		p = skip_ws(p + 1, end);
	}
	return found;
}

int som_json__span_next(som_json_span *out, som_json_span arr, const char **at)
{
	const char *p = *at, *end = arr.p + arr.n, *v;

	if (p == NULL) {
		p = skip_ws(arr.p, end);
		if (p >= end || *p != '[')
			return 0;
		p = skip_ws(p + 1, end);
	} else {
		p = skip_ws(p, end);
		if (p >= end || *p != ',')
			return 0;
		p = skip_ws(p + 1, end);
	}
	if (p >= end || *p == ']')
		return 0;
	v = p;
	if ((p = skip_value(v, end)) == NULL)
		return 0;
	out->p = v;
	out->n = (size_t)(p - v);
	*at = p;
	return 1;
}
