/*
 * The registrar's query syntax (words, "phrases", -exclusion, prefix*)
 * translated to an FTS5 MATCH expression in which every word and phrase is
 * a quoted string, so that nothing typed is ever read as FTS5 syntax.
 */
#include <stdint.h>
#include <string.h>
#include "util/common.h"
#include "somarkiv/search.h"

/* One term of a query: bytes of the source, and how it is used. */
typedef struct term {
	const char *s;
	size_t len;
	int prefix;
} term;

#define MAX_TERMS 64

/* The code point at `p` (at most `n` bytes), its length in `*len`; bad bytes are 0xFFFD. */
static uint32_t decode(const unsigned char *p, size_t n, size_t *len)
{
	uint32_t cp;
	size_t need, i;

	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0) {
		need = 2;
		cp = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		need = 3;
		cp = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		need = 4;
		cp = p[0] & 0x07;
	} else {
		*len = 1;
		return 0xFFFD;
	}
	if (need > n) {
		*len = 1;
		return 0xFFFD;
	}
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	*len = need;
	return cp;
}

/*
 * Could the tokenizer (unicode61) make a token of this code point? An
 * approximation that errs towards yes: ASCII letters and digits, Latin-1
 * letters, and anything past them but punctuation, symbols and emoji. A
 * term without one would be an empty FTS5 phrase, which matches nothing.
 */
static int wordish(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			(cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0)
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
		return 0;
	if (cp >= 0x2000 && cp <= 0x2BFF)     /* punctuation, symbols, arrows, dingbats */
		return 0;
	if (cp >= 0x3000 && cp <= 0x303F)     /* CJK punctuation */
		return 0;
	if (cp >= 0xFE00 && cp <= 0xFE0F)     /* variation selectors */
		return 0;
	if (cp >= 0x1F000 && cp <= 0x1FAFF)   /* emoji and pictographs */
		return 0;
	return 1;
}

static int has_word(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if (wordish(decode((const unsigned char *)s + i, len - i, &n)))
			return 1;
		i += n;
	}
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Append the term as an FTS5 string ("" for a quote inside), with its prefix star. */
static int put_term(som_buf *out, const term *t)
{
	size_t i;
	int error = som_buf_putc(out, '"');

	for (i = 0; i < t->len && !error; i++) {
		if (t->s[i] == '"')
			error = som_buf_putc(out, '"');
		if (!error)
			error = som_buf_putc(out, t->s[i]);
	}
	if (!error)
		error = som_buf_putc(out, '"');
	if (!error && t->prefix)
		error = som_buf_putc(out, '*');
	return error;
}

static int put_terms(som_buf *out, const term *terms, size_t n, const char *op)
{
	size_t i;
	int error = 0;

	for (i = 0; i < n && !error; i++) {
		if (i)
			error = som_buf_puts(out, op);
		if (!error)
			error = put_term(out, &terms[i]);
	}
	return error;
}

int som_search_query_to_fts(som_buf *out, const char *text)
{
	term pos[MAX_TERMS], neg[MAX_TERMS];
	size_t n_pos = 0, n_neg = 0;
	const char *p = text ? text : "";
	int error = 0;

	while (*p) {
		term t = { NULL, 0, 0 };
		int negated = 0;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		if (*p == '-') {
			negated = 1;
			p++;
		}
		if (*p == '"') {
			/* A phrase runs to the next quote, or to the end when unclosed. */
			const char *end = strchr(++p, '"');
			if (!end)
				end = p + strlen(p);
			t.s = p;
			t.len = (size_t)(end - p);
			p = *end ? end + 1 : end;
			if (*p == '*') {
				t.prefix = 1;
				while (*p == '*')
					p++;
			}
		} else {
			t.s = p;
			while (*p && !is_space(*p))
				p++;
			t.len = (size_t)(p - t.s);
			while (t.len && t.s[t.len - 1] == '*') {
				t.len--;
				t.prefix = 1;
			}
		}
		if (!has_word(t.s, t.len))
			continue; /* "-", "*", "!!!": nothing the index could hold */
		if (negated ? n_neg == MAX_TERMS : n_pos == MAX_TERMS)
			return som__error(SOM_EINVALID,
				"search text '%s': more than %d words", text, MAX_TERMS);
		if (negated)
			neg[n_neg++] = t;
		else
			pos[n_pos++] = t;
	}
	if (!n_pos)
		return som__error(SOM_EINVALID, n_neg ?
			"search text '%s': only words to leave out; give a word to find as well" :
			"search text '%s': nothing to search for", text ? text : "");
	if (n_neg && (error = som_buf_putc(out, '(')) != 0)
		return error;
	if ((error = put_terms(out, pos, n_pos, " AND ")) != 0)
		return error;
	if (n_neg) {
		if ((error = som_buf_puts(out, ") NOT (")) != 0 ||
		    (error = put_terms(out, neg, n_neg, " OR ")) != 0 ||
		    (error = som_buf_putc(out, ')')) != 0)
			return error;
	}
	return 0;
}
