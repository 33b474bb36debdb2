/*
 * The exact bytes of values inside a JSON text that is known to parse: a
 * member of an object, the elements of an array. Importers keep an item's
 * own bytes as its raw source when the item sits inside a larger answer
 * (a post inside a page, a comment inside a post).
 */
#ifndef SOM_SRC_JSON_SPAN_H
#define SOM_SRC_JSON_SPAN_H

#include <stddef.h>

/* `n` bytes at `p`. */
typedef struct som_json_span {
	const char *p;
	size_t n;
} som_json_span;

/*
 * The value of the last member named `key` (compared as written, escapes
 * and all) of the object in `obj`, as jansson reads duplicates: 1 when
 * found, 0 when not (or `obj` is no object).
 */
int som_json__span_member(som_json_span *out, som_json_span obj, const char *key);

/* The elements of the array in `arr`, one a call: 1, or 0 at its end; `*at` starts NULL. */
int som_json__span_next(som_json_span *out, som_json_span arr, const char **at);

#endif
