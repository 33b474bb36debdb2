/*
 * UTF-8: writing and reading a code point, finding the first byte that is
 * not well-formed UTF-8 (overlong forms, surrogates and values past
 * U+10FFFF included), and text made safe to show: what a terminal would
 * obey or hide (controls, bidirectional overrides, broken bytes) escaped.
 */
#include <stdint.h>
#include <string.h>
#include "util/common.h"

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
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)str[i] < 0x80) {
			i++;
			continue;
		}
		if (!(n = som__utf8_next(&cp, str + i, len - i)))
			return (int64_t)i;
		i += n;
	}
	return -1;
}

size_t som__utf8_next(uint32_t *cp_out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	size_t n;

	if (!len)
		return 0;
	if (s[0] < 0x80) {
		*cp_out = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*cp_out = cp;
	return n;
}

int som__utf8_hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||      /* C1 controls: CSI, NEL, ... */
		cp == 0x061c || cp == 0x200e || cp == 0x200f ||  /* bidirectional marks */
		(cp >= 0x2028 && cp <= 0x202e) ||  /* line and paragraph separators, embeddings, overrides */
		(cp >= 0x2066 && cp <= 0x2069);    /* isolates */
}

int som_buf_put_display(som_buf *buf, const char *text)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = text ? strlen(text) : 0, i = 0, start = 0, n;
	uint32_t cp = 0;
	char esc[8];
	int error = som_buf_grow(buf, len);

	while (!error && i < len) {
		n = som__utf8_next(&cp, text + i, len - i);
		if (n && cp >= 0x20 && cp != 0x7f && !som__utf8_hidden(cp)) {
			i += n;
			continue;
		}
		if ((error = som_buf_put(buf, text + start, i - start)) != 0)
			break;
		if (!n || cp < 0x80) {
			/* a C0 control, DEL, or a byte that is not UTF-8 */
			unsigned char c = (unsigned char)text[i];
			esc[0] = '\\', esc[1] = 'x', esc[2] = hex[c >> 4], esc[3] = hex[c & 15];
			error = som_buf_put(buf, esc, 4);
			n = 1;
		} else {
			esc[0] = '\\', esc[1] = 'u';
			for (int k = 0; k < 4; k++)
				esc[2 + k] = hex[(cp >> (12 - 4 * k)) & 15];
			error = som_buf_put(buf, esc, 6);
		}
		i += n;
		start = i;
	}
	if (!error)
		error = som_buf_put(buf, text + start, len - start);
	return error;
}
