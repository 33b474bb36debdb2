/*
 * Tweet ids for the X importers: read whether the export wrote them as
 * strings or numbers, and ordered as the snowflakes they are.
 */
#include <stdio.h>
#include <string.h>
#include "tweet_id.h"

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
