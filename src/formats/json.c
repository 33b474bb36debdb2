/*
 * JSON through jansson, the only file that includes it: parsing one value
 * with errors that name the file, line and column; typed views; and a small
 * writer that appends compact JSON to a som_buf.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "util/common.h"
#include "formats/json.h"

#define J(v) ((json_t *)(v))
#define S(v) ((som_json *)(v))

int som_json__parse(som_json **out, const char *data, size_t len,
	const char *file, int64_t line0)
{
	json_error_t err;
	json_t *v;

	*out = NULL;
	if (len > SOM_JSON_MAX_ITEM)
		return som__error(SOM_EINVALID,
			"cannot read '%s': line %lld: item larger than %d MiB", file,
			(long long)(line0 + 1), SOM_JSON_MAX_ITEM / (1024 * 1024));
	/*
	 * A byte order mark: RFC 8259 8.1 lets a parser ignore UTF-8's at the
	 * start of a text, and tools on Windows write one, so it is skipped
	 * there (the raw bytes keep it). Elsewhere it is named: files joined
	 * together. JSON in UTF-16 or UTF-32 is named too: exchanged JSON is
	 * UTF-8 (8.1), and guessing a conversion could alter the record.
	 */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		if (line0 > 0)
			return som__error(SOM_EINVALID, "cannot read '%s': line %lld, column 1: "
				"a byte order mark (U+FEFF) inside the file (files joined together?)",
				file, (long long)(line0 + 1));
		data += 3;
		len -= 3;
	} else if (line0 == 0 && len >= 2 && (!memcmp(data, "\xff\xfe", 2) ||
			!memcmp(data, "\xfe\xff", 2) || (len >= 4 && !memcmp(data, "\0\0\xfe\xff", 4)))) {
		return som__error(SOM_EINVALID, "cannot read '%s': it is UTF-16 or UTF-32 text "
			"(it begins with a byte order mark); JSON must be UTF-8 (convert it with "
			"iconv first)", file);
	}
	v = json_loadb(data, len, JSON_DECODE_ANY, &err);
	if (!v && strstr(err.text, "\xef\xbb\xbf"))
		return som__error(SOM_EINVALID, "cannot read '%s': line %lld, column %d: a byte "
			"order mark (U+FEFF) where JSON was expected (files joined together?)", file,
			(long long)(line0 + (err.line > 0 ? err.line : 1)),
			err.column > 0 ? err.column : 1);
	if (!v)
		return som__error(SOM_EINVALID, "cannot read '%s': line %lld, column %d: %s",
			file, (long long)(line0 + (err.line > 0 ? err.line : 1)),
			err.column > 0 ? err.column : 1, err.text);
	*out = S(v);
	return 0;
}

void som_json__free(som_json *value)
{
	if (value)
		json_decref(J(value));
}

som_json *som_json__get(const som_json *object, const char *key)
{
	return object && json_is_object(J(object)) ? S(json_object_get(J(object), key)) : NULL;
}

size_t som_json__array_size(const som_json *array)
{
	return array && json_is_array(J(array)) ? json_array_size(J(array)) : 0;
}

som_json *som_json__array_get(const som_json *array, size_t i)
{
	return array && json_is_array(J(array)) ? S(json_array_get(J(array), i)) : NULL;
}

const char *som_json__string(const som_json *value)
{
	return value && json_is_string(J(value)) ? json_string_value(J(value)) : NULL;
}

size_t som_json__string_len(const som_json *value)
{
	return value && json_is_string(J(value)) ? json_string_length(J(value)) : 0;
}

const char *som_json__get_string(const som_json *object, const char *key)
{
	return som_json__string(som_json__get(object, key));
}

int som_json__is_object(const som_json *value)
{
	return value && json_is_object(J(value));
}

int som_json__is_array(const som_json *value)
{
	return value && json_is_array(J(value));
}

int som_json__is_string(const som_json *value)
{
	return value && json_is_string(J(value));
}

int som_json__is_null(const som_json *value)
{
	return !value || json_is_null(J(value));
}

int som_json__is_true(const som_json *value)
{
	return value && json_is_true(J(value));
}

int som_json__is_number(const som_json *value)
{
	return value && json_is_number(J(value));
}

int64_t som_json__integer(const som_json *value)
{
	if (!value)
		return 0;
	if (json_is_integer(J(value)))
		return (int64_t)json_integer_value(J(value));
	if (json_is_real(J(value)))
		return (int64_t)json_real_value(J(value));
	if (json_is_string(J(value)))
		return strtoll(json_string_value(J(value)), NULL, 10);
	return 0;
}

int som_json__foreach_member(const som_json *object, som_json_member_cb cb,
	void *payload)
{
	const char *key;
	json_t *value;
	int error;

	if (!object || !json_is_object(J(object)))
		return 0;
	json_object_foreach(J(object), key, value) {
		if ((error = cb(key, S(value), payload)) != 0)
			return error;
	}
	return 0;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return som_buf_put(data, buffer, size) ? -1 : 0;
}

int som_json__dump(som_buf *out, const som_json *value)
{
	if (!value)
		return som_buf_puts(out, "null");
	if (json_dump_callback(J(value), dump_cb, out, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
		return som__error(SOM_ENOMEM, "cannot write JSON");
	return 0;
}

int som_json__put_stringn(som_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0, i = 0, step;
	uint32_t cp;
	int error;

	if (!s)
		return som_buf_puts(out, "null");
	if ((error = som_buf_grow(out, len + 2)) != 0)
		return error;
	som_buf_putc(out, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		size_t n = 0;

		step = 1;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			n = 2;
		} else if (c == '\n') {
			n = 2, esc[0] = '\\', esc[1] = 'n';
		} else if (c == '\t') {
			n = 2, esc[0] = '\\', esc[1] = 't';
		} else if (c == '\r') {
			n = 2, esc[0] = '\\', esc[1] = 'r';
		} else if (c < 0x20 || c == 0x7f) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		} else if (c >= 0x80) {
			step = som__utf8_next(&cp, s + i, len - i);
			if (!step) {
				/* Not UTF-8: JSON cannot carry the byte; shown as the text \xNN. */
				memcpy(esc, "\\\\x", 3);
				esc[3] = hex[c >> 4];
				esc[4] = hex[c & 15];
				n = 5;
				step = 1;
			} else if (som__utf8_hidden(cp)) {
				/* The same character, escaped: no raw bidirectional override in a log. */
				esc[0] = '\\', esc[1] = 'u';
				for (int k = 0; k < 4; k++)
					esc[2 + k] = hex[(cp >> (12 - 4 * k)) & 15];
				n = 6;
			}
		}
		if (n) {
			if ((error = som_buf_put(out, s + start, i - start)) != 0 ||
			    (error = som_buf_put(out, esc, n)) != 0)
				return error;
			start = i + step;
		}
		i += step;
	}
	if ((error = som_buf_put(out, s + start, len - start)) != 0)
		return error;
	return som_buf_putc(out, '"');
}

int som_buf_put_json(som_buf *buf, const char *text)
{
	return som_json__put_string(buf, text);
}

int som_json__put_string(som_buf *out, const char *s)
{
	return som_json__put_stringn(out, s, s ? strlen(s) : 0);
}

void som_json__obj_begin(som_json_writer *w, som_buf *out)
{
	w->out = out;
	w->first = 1;
	w->error = som_buf_putc(out, '{');
}

static void key(som_json_writer *w, const char *k)
{
	if (w->error)
		return;
	if (!w->first && (w->error = som_buf_putc(w->out, ',')) != 0)
		return;
	w->first = 0;
	if ((w->error = som_json__put_string(w->out, k)) != 0)
		return;
	w->error = som_buf_putc(w->out, ':');
}

void som_json__kv_str(som_json_writer *w, const char *k, const char *value)
{
	key(w, k);
	if (!w->error)
		w->error = som_json__put_string(w->out, value);
}

void som_json__kv_int(som_json_writer *w, const char *k, int64_t value)
{
	key(w, k);
	if (!w->error)
		w->error = som_buf_printf(w->out, "%lld", (long long)value);
}

void som_json__kv_bool(som_json_writer *w, const char *k, int value)
{
	key(w, k);
	if (!w->error)
		w->error = som_buf_puts(w->out, value ? "true" : "false");
}

void som_json__kv_raw(som_json_writer *w, const char *k, const char *raw_json)
{
	key(w, k);
	if (!w->error)
		w->error = som_buf_puts(w->out, raw_json ? raw_json : "null");
}

int som_json__obj_end(som_json_writer *w)
{
	if (!w->error)
		w->error = som_buf_putc(w->out, '}');
	return w->error;
}
