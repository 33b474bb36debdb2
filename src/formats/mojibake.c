/*
 * Facebook's and Instagram's mojibake: each byte of the UTF-8 text was
 * written as its own \u00XX escape, so a JSON parser yields Latin-1 code
 * points. Taking those code points back as bytes gives the real UTF-8;
 * text that was right to begin with (any code point above 0xFF, or bytes
 * that do not form UTF-8) is left alone.
 */
#include <string.h>
#include "util/common.h"
#include "formats/mojibake.h"

int som_text__repair_mojibake(som_buf *out, const char *s, size_t len, int *changed)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->size, i = 0;
	int error, high = 0;

	if (changed)
		*changed = 0;
	if ((error = som_buf_grow(out, len)) != 0)
		return error;
	while (i < len) {
		if (p[i] < 0x80) {
			out->ptr[out->size++] = (char)p[i++];
		} else if ((p[i] == 0xc2 || p[i] == 0xc3) && i + 1 < len &&
			   (p[i + 1] & 0xc0) == 0x80) {
			/* A code point 0x80..0xFF: one byte of the original. */
			out->ptr[out->size++] = (char)(((p[i] & 0x03) << 6) | (p[i + 1] & 0x3f));
			i += 2;
			high = 1;
		} else {
			goto unchanged; /* a code point above 0xFF: real text */
		}
	}
	out->ptr[out->size] = '\0';
	if (!high)
		return 0;
	if (som__utf8_invalid_at(out->ptr + start, out->size - start) >= 0)
		goto unchanged;
	if (changed)
		*changed = 1;
	return 0;
unchanged:
	out->size = start;
	return som_buf_put(out, s, len);
}
