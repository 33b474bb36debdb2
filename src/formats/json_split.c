/*
 * The streaming JSON splitter (see json_split.h): a byte-at-a-time
 * pushdown scanner that knows strings, escapes, nesting and the position
 * of every byte, and cuts out the elements of one chosen array.
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "formats/json.h"
#include "formats/json_split.h"

#define CHUNK (64 * 1024)

/* What the scanner expects next, outside strings and bare words. */
enum expect {
	EX_PREFIX,          /* skipping up to the root '[' or '{' */
	EX_ROOT,            /* the root value */
	EX_VALUE,           /* a value after ',' in an array or ':' */
	EX_VALUE_OR_CLOSE,  /* after '[' */
	EX_KEY,             /* after ',' in an object */
	EX_KEY_OR_CLOSE,    /* after '{' */
	EX_COLON,
	EX_COMMA_OR_CLOSE,
	EX_END              /* after the root value */
};

typedef struct splitter {
	const char *file;
	const char *key;
	size_t key_len;
	int occurrence;
	som_json_element_cb cb;
	void *payload;
	int count;

	unsigned char stack[SOM_JSON_SPLIT_MAX_DEPTH];
	int depth;
	enum expect expect;
	int in_string, in_escape, in_word, string_is_key;
	int prefixed, semicolon;
	int64_t offset;
	int64_t line, col;            /* of the byte being looked at */
	int64_t str_line, str_col;    /* where the open string began */

	/* the name of the root member being read, and whether it is `key` */
	int reading_key;
	size_t key_pos;
	int key_ok, key_match;

	int emit_depth;               /* values starting at this depth are handed out; -1 none */
	int capturing;
	int cap_depth;
	int64_t cap_line, cap_col;
	size_t cap_from;              /* where the element began in this chunk */
	som_buf cap;
} splitter;

static int fail(const splitter *s, int64_t line, int64_t col, const char *reason)
{
	return som__error(SOM_EINVALID, "cannot read '%s': line %lld, column %lld: %s",
		s->file, (long long)line, (long long)col, reason);
}

static int fail_char(const splitter *s, unsigned char c, const char *expected)
{
	char reason[96];

	if (c >= 0x20 && c < 0x7f)
		snprintf(reason, sizeof(reason), "unexpected '%c'%s%s", c,
			expected ? ", expected " : "", expected ? expected : "");
	else
		snprintf(reason, sizeof(reason), "unexpected byte 0x%02x%s%s", c,
			expected ? ", expected " : "", expected ? expected : "");
	return fail(s, s->line, s->col, reason);
}

static int too_large(const splitter *s)
{
	return fail(s, s->cap_line, s->cap_col, "item larger than 16 MiB");
}

/* Keep chunk[cap_from, end) of the element being cut out. */
static int keep(splitter *s, const char *chunk, size_t end)
{
	size_t n = end - s->cap_from;

	if (n > SOM_JSON_MAX_ITEM || s->cap.size > SOM_JSON_MAX_ITEM - n)
		return too_large(s);
	if (n > 0 && som_buf_put(&s->cap, chunk + s->cap_from, n) < 0)
		return SOM_ENOMEM;
	s->cap_from = 0;
	return 0;
}

/* The element being cut out ends before chunk[end]: hand it out. */
static int emit(splitter *s, const char *chunk, size_t end)
{
	int error;

	if ((error = keep(s, chunk, end)) < 0)
		return error;
	s->capturing = 0;
	if (s->cap.ptr == NULL && som_buf_put(&s->cap, "", 0) < 0)
		return SOM_ENOMEM;
	error = s->cb(s->cap.ptr, s->cap.size, s->cap_line, s->payload);
	som_buf_clear(&s->cap);
	return error;
}

/* A value at the current depth has just ended before chunk[end]. */
static int value_done(splitter *s, const char *chunk, size_t end)
{
	if (s->capturing && s->depth == s->cap_depth) {
		int error = emit(s, chunk, end);
		if (error != 0)
			return error;
	}
	s->expect = s->depth == 0 ? EX_END : EX_COMMA_OR_CLOSE;
	return 0;
}

/* A value begins with chunk[i] == c (in a state that expects one). */
static int value_start(splitter *s, size_t i, unsigned char c)
{
	int emit_here = 0;

	if (s->depth == 0 && s->key != NULL && c != '{')
		return fail(s, s->line, s->col, "the root is not an object");
	if (s->depth == 1 && s->key_match) {
		s->key_match = 0;
		if (c == '[' && s->count++ == s->occurrence)
			emit_here = 1;
	}
	if (!s->capturing && (s->depth == s->emit_depth ||
		(s->depth == 0 && s->key == NULL && c == '{'))) {
		s->capturing = 1;
		s->cap_depth = s->depth;
		s->cap_line = s->line;
		s->cap_col = s->col;
		s->cap_from = i;
	}
	if (c == '{' || c == '[') {
		if (s->depth == SOM_JSON_SPLIT_MAX_DEPTH)
			return fail(s, s->line, s->col, "nesting deeper than 256");
		s->stack[s->depth++] = c;
		s->expect = c == '{' ? EX_KEY_OR_CLOSE : EX_VALUE_OR_CLOSE;
		if (emit_here || (s->key == NULL && s->depth == 1 && c == '['))
			s->emit_depth = s->depth;
	} else if (c == '"') {
		s->in_string = 1;
		s->string_is_key = 0;
		s->str_line = s->line;
		s->str_col = s->col;
	} else {
		s->in_word = 1;
	}
	return 0;
}

static int close_container(splitter *s, const char *chunk, size_t i, unsigned char c)
{
	unsigned char open = c == '}' ? '{' : '[';

	if (s->depth == 0 || s->stack[s->depth - 1] != open)
		return fail_char(s, c, NULL);
	s->depth--;
	if (s->depth == s->emit_depth - 1)
		s->emit_depth = -1;
	return value_done(s, chunk, i + 1);
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The bytes that may make up a number or a literal; checked later by jansson. */
static int is_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		(c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
}

/* One byte outside strings and words. */
static int structural(splitter *s, const char *chunk, size_t i, unsigned char c)
{
	if (is_space(c) && s->expect != EX_PREFIX)
		return 0;
	switch (s->expect) {
	case EX_PREFIX:
		if (c == '[' || c == '{') {
			s->prefixed = s->offset > 0;
			s->expect = EX_ROOT;
			return value_start(s, i, c);
		}
		return 0;
	case EX_ROOT:
		/* a UTF-8 byte order mark */
		if (s->offset < 3 && c == (unsigned char)"\xef\xbb\xbf"[s->offset])
			return 0;
		if (c == '[' || c == '{' || (s->key != NULL && (c == '"' || is_word(c))))
			return value_start(s, i, c);
		return fail_char(s, c, "'[' or '{'");
	case EX_VALUE_OR_CLOSE:
		if (c == ']')
			return close_container(s, chunk, i, c);
		/* fall through */
	case EX_VALUE:
		if (c == '[' || c == '{' || c == '"' || is_word(c))
			return value_start(s, i, c);
		return fail_char(s, c, "a value");
	case EX_KEY_OR_CLOSE:
		if (c == '}')
			return close_container(s, chunk, i, c);
		/* fall through */
	case EX_KEY:
		if (c != '"')
			return fail_char(s, c, "a member name");
		s->in_string = 1;
		s->string_is_key = 1;
		s->str_line = s->line;
		s->str_col = s->col;
		s->reading_key = s->depth == 1 && s->key != NULL;
		s->key_pos = 0;
		s->key_ok = 1;
		return 0;
	case EX_COLON:
		if (c != ':')
			return fail_char(s, c, "':'");
		s->expect = EX_VALUE;
		return 0;
	case EX_COMMA_OR_CLOSE:
		if (c == ',') {
			s->expect = s->stack[s->depth - 1] == '{' ? EX_KEY : EX_VALUE;
			return 0;
		}
		if (c == '}' || c == ']')
			return close_container(s, chunk, i, c);
		return fail_char(s, c, s->stack[s->depth - 1] == '{' ? "',' or '}'" : "',' or ']'");
	case EX_END:
		if (c == ';' && s->prefixed && !s->semicolon) {
			s->semicolon = 1;
			return 0;
		}
		return fail_char(s, c, "the end of the document");
	}
	return 0;
}

static void key_byte(splitter *s, unsigned char c)
{
	if (!s->reading_key || !s->key_ok)
		return;
	if (s->key_pos < s->key_len && (unsigned char)s->key[s->key_pos] == c)
		s->key_pos++;
	else
		s->key_ok = 0;
}

static int feed(splitter *s, const char *chunk, size_t n)
{
	size_t i;
	int error;

	for (i = 0; i < n; i++, s->offset++) {
		unsigned char c = (unsigned char)chunk[i];

		if ((c & 0xc0) != 0x80)
			s->col++;
		if (s->in_string) {
			if (s->in_escape) {
				s->in_escape = 0;
				key_byte(s, c);
			} else if (c == '\\') {
				s->in_escape = 1;
				key_byte(s, c);
			} else if (c == '"') {
				s->in_string = 0;
				if (s->string_is_key) {
					s->key_match = s->reading_key && s->key_ok &&
						s->key_pos == s->key_len;
					s->reading_key = 0;
					s->expect = EX_COLON;
				} else if ((error = value_done(s, chunk, i + 1)) != 0) {
					return error;
				}
			} else {
				key_byte(s, c);
			}
		} else {
			if (s->in_word) {
				if (is_word(c))
					goto next;
				s->in_word = 0;
				if ((error = value_done(s, chunk, i)) != 0)
					return error;
			}
			if ((error = structural(s, chunk, i, c)) != 0)
				return error;
		}
next:
		if (c == '\n') {
			s->line++;
			s->col = 0;
		}
	}
	if (s->capturing)
		return keep(s, chunk, n);
	return 0;
}

static int finish(const splitter *s)
{
	if (s->in_string)
		return fail(s, s->str_line, s->str_col, "unterminated string");
	if (s->expect == EX_PREFIX)
		return fail(s, s->line, s->col + 1, "no JSON array or object found");
	if (s->expect != EX_END)
		return fail(s, s->line, s->col + 1, "unexpected end of input");
	return 0;
}

int som_json__split(int *occurrences_out, const char *file, som_read_fn rd,
	void *rctx, const char *key, int occurrence, som_json_element_cb cb,
	void *payload)
{
	splitter s;
	char *chunk = NULL;
	ssize_t got;
	int error = 0;

	memset(&s, 0, sizeof(s));
	s.file = file;
	s.key = key;
	s.key_len = key ? strlen(key) : 0;
	s.occurrence = key ? occurrence : -1;
	s.cb = cb;
	s.payload = payload;
	s.expect = key ? EX_ROOT : EX_PREFIX;
	s.line = 1;
	s.emit_depth = -1;      /* set when the chosen array opens */

	if ((chunk = som__malloc(CHUNK)) == NULL) {
		error = SOM_ENOMEM;
		goto done;
	}
	while ((got = rd(rctx, chunk, CHUNK)) > 0) {
		if ((error = feed(&s, chunk, (size_t)got)) != 0)
			goto done;
	}
	if (got < 0) {
		error = (int)got;
		goto done;
	}
	error = finish(&s);
done:
	if (occurrences_out)
		*occurrences_out = key ? s.count : (s.expect == EX_END);
	som_buf_dispose(&s.cap);
	som__free(chunk);
	return error;
}
