/*
 * Growable byte buffers, always NUL-terminated, used to hand text and bytes
 * across the API without fixed limits.
 */
#ifndef SOMARKIV_BUF_H
#define SOMARKIV_BUF_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A buffer owns ptr (size bytes used, asize allocated). Initialise with
 * SOM_BUF_INIT, release with som_buf_dispose(). ptr is never NULL after a
 * successful write and is always NUL-terminated.
 */
typedef struct som_buf {
	char *ptr;
	size_t size;
	size_t asize;
} som_buf;

#define SOM_BUF_INIT { NULL, 0, 0 }

/* Make room for at least `extra` more bytes. SOM_ENOMEM on failure. */
int som_buf_grow(som_buf *buf, size_t extra);
int som_buf_put(som_buf *buf, const void *data, size_t len);
int som_buf_puts(som_buf *buf, const char *str);
int som_buf_putc(som_buf *buf, char c);
int som_buf_printf(som_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int som_buf_vprintf(som_buf *buf, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/*
 * Append `text` (NULL: nothing) on one line, safe to show to a person:
 * well-formed UTF-8 as it is, except what a terminal would obey or hide.
 * C0 controls (newline and tab included), DEL and bytes that are not UTF-8
 * become "\xNN"; C1 controls, the bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A..U+202E, U+2066..U+2069) and the line and paragraph
 * separators (U+2028, U+2029) become "\uNNNN". A backslash stays as it is.
 * For names and other text from a source (entry names, paths, ids).
 */
int som_buf_put_display(som_buf *buf, const char *text);
/*
 * Append `text` as a JSON string, quotes included (NULL: null). Always
 * valid JSON: controls escaped; the bidirectional controls and C1
 * controls as \uNNNN; a byte that is not UTF-8 as the text "\xNN".
 */
int som_buf_put_json(som_buf *buf, const char *text);
/* Empty the buffer, keeping its allocation. */
void som_buf_clear(som_buf *buf);
/* Free the buffer's memory and reset it to SOM_BUF_INIT. */
void som_buf_dispose(som_buf *buf);
/* Hand the string to the caller (free with som_free()); the buffer is reset. */
char *som_buf_detach(som_buf *buf);

/*
 * Append one CSV field and its separator (",", or CRLF after the `last`):
 * quoted when it holds a comma, quote or line break (RFC 4180), with a
 * leading apostrophe when a spreadsheet would read it as a formula (it
 * starts with =, +, -, @, tab or carriage return: OWASP, CSV injection).
 * NULL is an empty field.
 */
int som_buf_csv_field(som_buf *out, const char *s, int last);

#ifdef __cplusplus
}
#endif

#endif
