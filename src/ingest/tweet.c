/*
 * Helpers of the X importers: tweet ids read whether the export wrote them
 * as strings or numbers and ordered as the snowflakes they are, and t.co
 * links expanded to their targets.
 */
#include <stdio.h>
#include <string.h>
#include "ingest/tweet.h"

static int is_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int som_tweet__id_less(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (is_digits(a) && is_digits(b) && la != lb)
		return la < lb;
	return strcmp(a, b) < 0;
}

const char *som_tweet__id_of(som_json *v, char tmp[24])
{
	if (som_json__is_string(v))
		return som_json__string(v);
	if (som_json__is_number(v)) {
		snprintf(tmp, 24, "%lld", (long long)som_json__integer(v));
		return tmp;
	}
	return NULL;
}

int som_tweet__expand_links(som_buf *text, som_buf *scratch, const som_json *list,
	const char *key, const char *expanded)
{
	size_t n = som_json__array_size(list), i, k;
	int error = 0;

	if (n > 64)
		n = 64;
	if (n == 0 || text->size == 0)
		return 0;
	som_buf_clear(scratch);
	for (i = 0; i < text->size;) {
		const char *at = text->ptr + i;
		size_t done = 0;

		if (*at == 'h') {
			for (k = 0; k < n && !done; k++) {
				som_json *e = som_json__array_get(list, k);
				const char *from = som_json__get_string(e, key);
				const char *to = som_json__get_string(e, expanded);
				size_t len = from ? strlen(from) : 0;
				if (len < 8 || !to || !*to || strncmp(at, from, len) != 0)
					continue;
				if ((error = som_buf_puts(scratch, to)) < 0)
					return error;
				done = len;
			}
		}
		if (!done) {
			if ((error = som_buf_putc(scratch, *at)) < 0)
				return error;
			done = 1;
		}
		i += done;
	}
	som_buf_clear(text);
	return som_buf_put(text, scratch->ptr, scratch->size);
}
