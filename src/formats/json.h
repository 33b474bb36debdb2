/*
 * JSON reading and writing. The reading side wraps jansson (the only file
 * that includes it is json.c); the writing side appends compact JSON to a
 * som_buf.
 */
#ifndef SOM_SRC_JSON_H
#define SOM_SRC_JSON_H

#include <stddef.h>
#include <stdint.h>
#include "somarkiv/buf.h"

/* A parsed JSON value (opaque). */
typedef struct som_json som_json;

/* Items larger than this are refused whatever the format. */
#define SOM_JSON_MAX_ITEM (16 * 1024 * 1024)

/*
 * Parse `len` bytes holding one JSON value. On failure returns
 * SOM_EINVALID with "cannot read 'FILE': line L, column C: reason"; `line0`
 * is added to the line number (for text cut out of a larger file).
 * Duplicate keys: the last wins, as Mastodon's clients expect.
 */
int som_json__parse(som_json **out, const char *data, size_t len,
	const char *file, int64_t line0);
void som_json__free(som_json *value);

/* Borrowed members and elements; NULL when absent or of another type. */
som_json *som_json__get(const som_json *object, const char *key);
size_t som_json__array_size(const som_json *array);
som_json *som_json__array_get(const som_json *array, size_t i);

/* Typed views; NULL / 0 when the value is not of that type. */
const char *som_json__string(const som_json *value);
size_t som_json__string_len(const som_json *value);
const char *som_json__get_string(const som_json *object, const char *key);
int som_json__is_object(const som_json *value);
int som_json__is_array(const som_json *value);
int som_json__is_string(const som_json *value);
int som_json__is_null(const som_json *value);   /* absent counts as null */
int som_json__is_true(const som_json *value);
int som_json__is_number(const som_json *value);
int64_t som_json__integer(const som_json *value);  /* also from a number string */

/* Iterate an object's members in order. */
typedef int (*som_json_member_cb)(const char *key, som_json *value, void *payload);
int som_json__foreach_member(const som_json *object, som_json_member_cb cb,
	void *payload);

/* Append the value as compact JSON to `out`. */
int som_json__dump(som_buf *out, const som_json *value);

/* Writing: append a JSON string literal (escaped, quoted); NULL writes null. */
int som_json__put_string(som_buf *out, const char *s);
int som_json__put_stringn(som_buf *out, const char *s, size_t len);

/*
 * A tiny object writer: som_json__obj_begin(out) writes "{", each
 * som_json__kv_* writes ',"key":value' (no comma for the first), and
 * som_json__obj_end writes "}". `first` tracks the comma.
 */
typedef struct som_json_writer {
	som_buf *out;
	int first;
	int error;
} som_json_writer;
void som_json__obj_begin(som_json_writer *w, som_buf *out);
void som_json__kv_str(som_json_writer *w, const char *key, const char *value);
void som_json__kv_int(som_json_writer *w, const char *key, int64_t value);
void som_json__kv_bool(som_json_writer *w, const char *key, int value);
/* `raw_json` must already be valid JSON text (NULL writes null). */
void som_json__kv_raw(som_json_writer *w, const char *key, const char *raw_json);
/* Returns the first error any of the writes met, or 0. */
int som_json__obj_end(som_json_writer *w);

#endif
