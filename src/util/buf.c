/*
 * Growable, always NUL-terminated byte buffers (som_buf).
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"

int som_buf_grow(som_buf *buf, size_t extra)
{
	size_t need, asize;
	char *p;

	if (extra > SIZE_MAX - buf->size - 1)
		return som__error(SOM_ENOMEM, "buffer too large");
	need = buf->size + extra + 1;
	if (need <= buf->asize)
		return 0;
	asize = buf->asize ? buf->asize : 64;
	while (asize < need)
		asize = asize > SIZE_MAX / 2 ? need : asize * 2;
	p = som__realloc(buf->ptr, asize);
	if (!p)
		return SOM_ENOMEM;
	buf->ptr = p;
	buf->asize = asize;
	return 0;
}

int som_buf_put(som_buf *buf, const void *data, size_t len)
{
	int error = som_buf_grow(buf, len);

	if (error)
		return error;
	if (len)
		memcpy(buf->ptr + buf->size, data, len);
	buf->size += len;
	buf->ptr[buf->size] = '\0';
	return 0;
}

int som_buf_puts(som_buf *buf, const char *str)
{
	return som_buf_put(buf, str, strlen(str));
}

int som_buf_putc(som_buf *buf, char c)
{
	return som_buf_put(buf, &c, 1);
}

int som_buf_vprintf(som_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n, error;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return som__error(SOM_ERROR, "cannot format text");
	if ((error = som_buf_grow(buf, (size_t)n)) != 0)
		return error;
	vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, ap);
	buf->size += (size_t)n;
	return 0;
}

int som_buf_printf(som_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = som_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return error;
}

void som_buf_clear(som_buf *buf)
{
	buf->size = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

void som_buf_dispose(som_buf *buf)
{
	som__free(buf->ptr);
	buf->ptr = NULL;
	buf->size = buf->asize = 0;
}

char *som_buf_detach(som_buf *buf)
{
	char *p = buf->ptr;

	if (!p)
		p = som__strdup("");
	buf->ptr = NULL;
	buf->size = buf->asize = 0;
	return p;
}

int som_buf_csv_field(som_buf *out, const char *s, int last)
{
	int error = 0, formula;

	if (!s)
		s = "";
	formula = *s && strchr("=+-@\t\r", *s) != NULL;
	if (strpbrk(s, ",\"\r\n")) {
		error = som_buf_puts(out, formula ? "\"'" : "\"");
		for (const char *p = s; *p && !error; p++)
			error = *p == '"' ? som_buf_puts(out, "\"\"") : som_buf_putc(out, *p);
		if (!error)
			error = som_buf_putc(out, '"');
	} else {
		error = formula ? som_buf_putc(out, '\'') : 0;
		if (!error)
			error = som_buf_puts(out, s);
	}
	if (!error)
		error = som_buf_puts(out, last ? "\r\n" : ",");
	return error;
}
