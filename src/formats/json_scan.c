/*
 * The canonical line's fast reader: one pass over the text, no tree, the
 * needed strings decoded into one arena. It accepts only what jansson
 * accepts (strict UTF-8, no \u0000, no trailing garbage) and declines, for
 * the full parser to judge, anything it does not handle itself. Its
 * helpers return 1 to go on, 0 to decline.
 */
#include <string.h>
#include "util/common.h"
#include "formats/json.h"
#include "formats/json_scan.h"

/* Deeper than this, the full parser decides (jansson allows 2048). */
#define MAX_DEPTH 64
/* Longer numbers may overflow jansson's integer or double: it decides. */
#define MAX_NUMBER 18

struct scan {
	const unsigned char *p, *end;
	char *dst;      /* the next free byte of the arena */
};

static void ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* After whitespace: consume `c` if it comes next. */
static int eat(struct scan *s, unsigned char c)
{
	ws(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return 1;
	}
	return 0;
}

/* The length of the valid UTF-8 sequence at p (non-ASCII lead), or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n;
	uint32_t v;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ||
	    (n == 3 && v < 0x800) || (n == 4 && v < 0x10000))
		return 0;
	return n;
}

/* Four hex digits at p (end checked by the caller), or -1. */
static long hex4(const unsigned char *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static char *put_utf8(char *d, unsigned long cp)
{
	if (cp < 0x80) {
		*d++ = (char)cp;
	} else if (cp < 0x800) {
		*d++ = (char)(0xc0 | (cp >> 6));
		*d++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*d++ = (char)(0xe0 | (cp >> 12));
		*d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*d++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*d++ = (char)(0xf0 | (cp >> 18));
		*d++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*d++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*d++ = (char)(0x80 | (cp & 0x3f));
	}
	return d;
}

/*
 * Whether any of the 8 bytes at p may end a plain run in a string: a quote,
 * a backslash, a control character or a non-ASCII byte (the classic
 * has-zero-byte tests; a false alarm only sends the bytes one at a time).
 */
static int special8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w, q, b;

	memcpy(&w, p, 8);
	q = w ^ (ones * '"');
	b = w ^ (ones * '\\');
	return ((((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w) | w) & highs) != 0;
}

/*
 * The string at s->p (its opening quote). With `out`, decoded into the
 * arena (NUL-terminated); `escaped` (if given) tells whether it held a
 * backslash. 1, or 0 to decline.
 */
static int string(struct scan *s, const char **out, int *escaped)
{
	const unsigned char *p = s->p + 1, *run = p, *end = s->end;
	char *d = s->dst;
	int esc = 0;

	for (;;) {
		unsigned char c;
		unsigned long cp;

		while (end - p >= 8 && !special8(p))
			p += 8;
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p >= end)
			return 0;
		c = *p;
		if (c == '"')
			break;
		if (c < 0x20)
			return 0;
		if (c >= 0x80) {
			size_t n;
			/* The common case first: å, ä, ö (two bytes, no overlong). */
			if (c >= 0xc2 && c <= 0xdf && end - p >= 2 && (p[1] & 0xc0) == 0x80) {
				p += 2;
				continue;
			}
			n = utf8_seq(p, end);
			if (!n)
				return 0;
			p += n;
			continue;
		}
		/* A backslash. */
		esc = 1;
		if (out) {
			memcpy(d, run, (size_t)(p - run));
			d += p - run;
		}
		if (++p >= end)
			return 0;
		switch (*p) {
		case '"':
		case '\\':
		case '/':
			cp = *p;
			break;
		case 'b':
			cp = '\b';
			break;
		case 'f':
			cp = '\f';
			break;
		case 'n':
			cp = '\n';
			break;
		case 'r':
			cp = '\r';
			break;
		case 't':
			cp = '\t';
			break;
		case 'u': {
			long v, lo;
			if (end - p < 5 || (v = hex4(p + 1)) <= 0)
				return 0; /* \u0000 is refused too */
			p += 4;
			if (v >= 0xdc00 && v <= 0xdfff)
				return 0;
			if (v >= 0xd800 && v <= 0xdbff) {
				if (end - p < 7 || p[1] != '\\' || p[2] != 'u' ||
				    (lo = hex4(p + 3)) < 0xdc00 || lo > 0xdfff)
					return 0;
				v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			cp = (unsigned long)v;
			break;
		}
		default:
			return 0;
		}
		if (out)
			d = put_utf8(d, cp);
		run = ++p;
	}
	if (out) {
		memcpy(d, run, (size_t)(p - run));
		d += p - run;
		*d++ = '\0';
		*out = s->dst;
		s->dst = d;
	}
	if (escaped)
		*escaped = esc;
	s->p = p + 1;
	return 1;
}

static int literal(struct scan *s, const char *word, size_t n)
{
	const unsigned char *after = s->p + n;

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return 0;
	/* jansson reads a whole word: "truex" is no literal. */
	if (after < s->end && ((*after >= 'a' && *after <= 'z') || (*after >= 'A' && *after <= 'Z')))
		return 0;
	s->p = after;
	return 1;
}

static int is_digit(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

static int number(struct scan *s)
{
	const unsigned char *p = s->p, *end = s->end;

	if (p < end && *p == '-')
		p++;
	if (!is_digit(p, end))
		return 0;
	if (*p == '0') {
		p++;
		if (is_digit(p, end))
			return 0;
	} else {
		while (is_digit(p, end))
			p++;
	}
	if (p < end && *p == '.') {
		p++;
		if (!is_digit(p, end))
			return 0;
		while (is_digit(p, end))
			p++;
	}
	if ((p < end && (*p == 'e' || *p == 'E')) || p - s->p > MAX_NUMBER)
		return 0;
	s->p = p;
	return 1;
}

/* Check and pass over one value. */
static int skip(struct scan *s, int depth)
{
	ws(s);
	if (s->p >= s->end)
		return 0;
	switch (*s->p) {
	case '"':
		return string(s, NULL, NULL);
	case 't':
		return literal(s, "true", 4);
	case 'f':
		return literal(s, "false", 5);
	case 'n':
		return literal(s, "null", 4);
	case '{':
		if (depth >= MAX_DEPTH)
			return 0;
		s->p++;
		if (eat(s, '}'))
			return 1;
		for (;;) {
			ws(s);
			if (s->p >= s->end || *s->p != '"' || !string(s, NULL, NULL) ||
			    !eat(s, ':') || !skip(s, depth + 1))
				return 0;
			if (eat(s, ','))
				continue;
			return eat(s, '}');
		}
	case '[':
		if (depth >= MAX_DEPTH)
			return 0;
		s->p++;
		if (eat(s, ']'))
			return 1;
		for (;;) {
			if (!skip(s, depth + 1))
				return 0;
			if (eat(s, ','))
				continue;
			return eat(s, ']');
		}
	default:
		return number(s);
	}
}

/* The next value's first byte (after whitespace), or 0 at the end. */
static unsigned char peek(struct scan *s)
{
	ws(s);
	return s->p < s->end ? *s->p : 0;
}

/* A value read as a string: the string, or NULL for any other value. */
static int string_member(struct scan *s, const char **out, int depth)
{
	if (peek(s) == '"')
		return string(s, out, NULL);
	*out = NULL;
	return skip(s, depth);
}

/*
 * Walk an object's members (s->p on its '{'), handing each unescaped name
 * to `member`, which reads the value. 1, or 0 to decline.
 */
typedef int (*member_fn)(struct scan *s, const unsigned char *key, size_t len, int depth,
	void *ctx);

static int object(struct scan *s, int depth, member_fn member, void *ctx)
{
	s->p++;
	if (eat(s, '}'))
		return 1;
	for (;;) {
		const unsigned char *key;
		int esc;
		int rc;

		ws(s);
		if (s->p >= s->end || *s->p != '"')
			return 0;
		key = s->p + 1;
		if (!string(s, NULL, &esc) || esc || !eat(s, ':'))
			return 0;
		if ((rc = member(s, key, (size_t)(s->p - key), depth, ctx)) != 1)
			return rc;
		if (eat(s, ','))
			continue;
		return eat(s, '}');
	}
}

/* Whether the member name (its bytes up to the ':' past its quote) is `name`. */
static int is_key(const unsigned char *key, size_t len, const char *name)
{
	const unsigned char *q = key;

	while (*name && q < key + len && *q == (unsigned char)*name)
		q++, name++;
	if (*name || q >= key + len || *q != '"')
		return 0;
	/* Only whitespace between the closing quote and the ':'. */
	return 1;
}

static int author_member(struct scan *s, const unsigned char *key, size_t len, int depth,
	void *ctx)
{
	som_json_scan_item *out = ctx;

	if (is_key(key, len, "name"))
		return string_member(s, &out->author_name, depth + 1);
	if (is_key(key, len, "id"))
		return string_member(s, &out->author_id, depth + 1);
	return skip(s, depth + 1);
}

static int attachment_member(struct scan *s, const unsigned char *key, size_t len, int depth,
	void *ctx)
{
	som_json_scan_attachment *a = ctx;

	if (is_key(key, len, "path"))
		return string_member(s, &a->path, depth + 1);
	if (is_key(key, len, "mime"))
		return string_member(s, &a->mime, depth + 1);
	if (is_key(key, len, "description"))
		return string_member(s, &a->description, depth + 1);
	return skip(s, depth + 1);
}

static int attachments(struct scan *s, som_json_scan_item *out, int depth)
{
	s->p++;
	if (eat(s, ']'))
		return 1;
	for (;;) {
		if (peek(s) == '{') {
			som_json_scan_attachment a = { NULL, NULL, NULL };
			if (object(s, depth + 1, attachment_member, &a) != 1)
				return 0;
			if (a.path && out->n_attachments < out->max_attachments)
				out->attachments[out->n_attachments++] = a;
		} else if (!skip(s, depth + 1)) {
			return 0;
		}
		if (eat(s, ','))
			continue;
		return eat(s, ']');
	}
}

/* What the top level leaves to the full parser. */
struct top {
	som_json_scan_item *out;
	int id_number, text_bad, raw;
};

static int item_member(struct scan *s, const unsigned char *key, size_t len, int depth,
	void *ctx)
{
	struct top *t = ctx;
	som_json_scan_item *out = t->out;
	unsigned char c = peek(s);

	switch (len ? key[0] : 0) {
	case 'a':
		if (is_key(key, len, "author")) {
			out->author_name = out->author_id = NULL;
			return c == '{' ? object(s, depth + 1, author_member, out) : skip(s, depth + 1);
		}
		if (is_key(key, len, "attachments")) {
			out->n_attachments = 0;
			return c == '[' ? attachments(s, out, depth + 1) : skip(s, depth + 1);
		}
		break;
	case 'b':
		if (is_key(key, len, "by_account")) {
			out->by_account = c == 't';
			return skip(s, depth + 1);
		}
		break;
	case 'c':
		if (is_key(key, len, "created"))
			return string_member(s, &out->created, depth + 1);
		break;
	case 'e':
		if (is_key(key, len, "edited"))
			return string_member(s, &out->edited, depth + 1);
		break;
	case 'i':
		if (is_key(key, len, "id")) {
			t->id_number = c == '-' || (c >= '0' && c <= '9');
			return string_member(s, &out->id, depth + 1);
		}
		break;
	case 'k':
		if (is_key(key, len, "kind"))
			return string_member(s, &out->kind, depth + 1);
		break;
	case 'p':
		if (is_key(key, len, "parent_id"))
			return string_member(s, &out->parent_id, depth + 1);
		break;
	case 'r':
		if (is_key(key, len, "raw")) {
			t->raw = c != 'n';
			return skip(s, depth + 1);
		}
		break;
	case 't':
		if (is_key(key, len, "text")) {
			t->text_bad = c != '"' && c != 'n';
			return string_member(s, &out->text, depth + 1);
		}
		break;
	case 'u':
		if (is_key(key, len, "url"))
			return string_member(s, &out->url, depth + 1);
		break;
	default:
		break;
	}
	return skip(s, depth + 1);
}

int som_json__scan_item(som_json_scan_item *out, som_buf *arena, const char *data,
	size_t len)
{
	struct scan s;
	struct top t = { out, 0, 0, 0 };
	int error;

	out->read = 0;
	out->id = out->kind = out->parent_id = out->author_name = out->author_id = NULL;
	out->created = out->edited = out->text = out->url = NULL;
	out->by_account = 0;
	out->n_attachments = 0;
	if (len > SOM_JSON_MAX_ITEM)
		return 0;
	/* Decoded, every string is shorter than it was quoted: len bytes hold them all. */
	som_buf_clear(arena);
	if ((error = som_buf_grow(arena, len + 1)) != 0)
		return error;
	s.p = (const unsigned char *)data;
	s.end = s.p + len;
	s.dst = arena->ptr;
	if (peek(&s) != '{' || object(&s, 1, item_member, &t) != 1)
		return 0;
	ws(&s);
	out->read = s.p == s.end && !t.id_number && !t.text_bad && !t.raw;
	return 0;
}
