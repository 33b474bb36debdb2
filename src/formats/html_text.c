/*
 * HTML to plain text (see html_text.h): a forgiving single pass over the
 * bytes that never looks past `len`, with a table of the named character
 * references the platforms actually send.
 */
#include <stdint.h>
#include <string.h>
#include "util/common.h"
#include "formats/html_text.h"

/* HTML 4's names for U+00A0 to U+00FF, in code point order. */
static const char *const latin1[96] = {
	"nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
	"uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
	"deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
	"cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
	"Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
	"Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
	"ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
	"Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
	"agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
	"egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
	"eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
	"oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml"
};

static const struct {
	const char *name;
	uint32_t cp;
} others[] = {
	{ "amp", 0x26 }, { "lt", 0x3c }, { "gt", 0x3e }, { "quot", 0x22 },
	{ "apos", 0x27 }, { "OElig", 0x152 }, { "oelig", 0x153 },
	{ "Scaron", 0x160 }, { "scaron", 0x161 }, { "Yuml", 0x178 },
	{ "fnof", 0x192 }, { "circ", 0x2c6 }, { "tilde", 0x2dc },
	{ "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	{ "zwnj", 0x200c }, { "zwj", 0x200d }, { "lrm", 0x200e },
	{ "rlm", 0x200f }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201a },
	{ "ldquo", 0x201c }, { "rdquo", 0x201d }, { "bdquo", 0x201e },
	{ "dagger", 0x2020 }, { "Dagger", 0x2021 }, { "bull", 0x2022 },
	{ "hellip", 0x2026 }, { "permil", 0x2030 }, { "prime", 0x2032 },
	{ "Prime", 0x2033 }, { "lsaquo", 0x2039 }, { "rsaquo", 0x203a },
	{ "oline", 0x203e }, { "frasl", 0x2044 }, { "euro", 0x20ac },
	{ "trade", 0x2122 }, { "larr", 0x2190 }, { "uarr", 0x2191 },
	{ "rarr", 0x2192 }, { "darr", 0x2193 }, { "minus", 0x2212 },
	{ "hearts", 0x2665 }
};

#define MAX_NAME 31

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(unsigned char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int lookup(uint32_t *cp, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < SOM_ARRAY_SIZE(latin1); i++)
		if (strlen(latin1[i]) == n && memcmp(latin1[i], name, n) == 0) {
			*cp = 0xa0 + (uint32_t)i;
			return 1;
		}
	for (i = 0; i < SOM_ARRAY_SIZE(others); i++)
		if (strlen(others[i].name) == n && memcmp(others[i].name, name, n) == 0) {
			*cp = others[i].cp;
			return 1;
		}
	return 0;
}

/*
 * The reference starting at s[i] == '&': the bytes it takes (with its ';')
 * and its code point, or 0 when it is none we decode.
 */
static size_t reference(uint32_t *cp, const char *s, size_t len, size_t i)
{
	size_t j = i + 1, start;
	uint32_t v = 0;

	if (j < len && s[j] == '#') {
		int hex = 0, d;
		j++;
		if (j < len && (s[j] == 'x' || s[j] == 'X')) {
			hex = 1;
			j++;
		}
		start = j;
		while (j < len && (d = hex ? hex_value((unsigned char)s[j]) :
				(is_digit((unsigned char)s[j]) ? s[j] - '0' : -1)) >= 0) {
			v = v * (hex ? 16 : 10) + (uint32_t)d;
			if (v > 0x10ffff)
				return 0;
			j++;
		}
		if (j == start || j >= len || s[j] != ';')
			return 0;
		if (v == 0 || (v >= 0xd800 && v <= 0xdfff))
			return 0;
		*cp = v;
		return j + 1 - i;
	}
	start = j;
	while (j < len && j - start <= MAX_NAME &&
			(is_alpha((unsigned char)s[j]) || is_digit((unsigned char)s[j])))
		j++;
	if (j == start || j >= len || s[j] != ';' || !lookup(cp, s + start, j - start))
		return 0;
	return j + 1 - i;
}

int som_html__decode_entities(som_buf *out, const char *s, size_t len)
{
	size_t i = 0, from = 0, n;
	uint32_t cp = 0;
	int error;

	while (i < len) {
		if (s[i] != '&' || (n = reference(&cp, s, len, i)) == 0) {
			i++;
			continue;
		}
		if ((error = som_buf_put(out, s + from, i - from)) < 0 ||
		    (error = som__utf8_put(out, cp)) < 0)
			return error;
		i += n;
		from = i;
	}
	return som_buf_put(out, s + from, len - from);
}

/* The text being written, with the breaks and spaces still owed to it. */
typedef struct text {
	som_buf *out;
	size_t start;
	int breaks;      /* line breaks owed before the next text */
	int space;       /* a space owed before the next text */
	int pre;         /* inside <pre>: white space kept */
} text;

/* Pay what is owed, unless nothing was written yet. */
static int settle(text *t)
{
	int error = 0;

	if (t->out->size > t->start) {
		if (t->breaks > 0) {
			for (; t->breaks > 0 && error == 0; t->breaks--)
				error = som_buf_putc(t->out, '\n');
		} else if (t->space) {
			error = som_buf_putc(t->out, ' ');
		}
	}
	t->breaks = 0;
	t->space = 0;
	return error;
}

static int put(text *t, const char *s, size_t n)
{
	int error = settle(t);

	return error ? error : som_buf_put(t->out, s, n);
}

static void owe_breaks(text *t, int n)
{
	if (t->breaks < n)
		t->breaks = n;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int name_is(const char *name, const char *want)
{
	return strcmp(name, want) == 0;
}

/* Find `needle` (lower-case ASCII) in s[i, len) ignoring case; len if absent. */
static size_t find_ci(const char *s, size_t len, size_t i, const char *needle)
{
	size_t n = strlen(needle), k;

	for (; i + n <= len; i++) {
		for (k = 0; k < n; k++) {
			unsigned char c = (unsigned char)s[i + k];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)needle[k])
				break;
		}
		if (k == n)
			return i;
	}
	return len;
}

/* What a tag does to the text around it. */
static void tag(text *t, const char *name, int closing)
{
	static const char *const paragraphs[] = {
		"p", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
		"h6", "table", "hr"
	};
	static const char *const lines[] = {
		"li", "div", "tr", "dt", "dd", "section", "article", "header",
		"footer", "figure", "figcaption"
	};
	size_t i;

	if (name_is(name, "br")) {
		t->breaks++;
		return;
	}
	if (name_is(name, "pre"))
		t->pre += closing ? (t->pre > 0 ? -1 : 0) : 1;
	for (i = 0; i < SOM_ARRAY_SIZE(paragraphs); i++)
		if (name_is(name, paragraphs[i])) {
			owe_breaks(t, 2);
			return;
		}
	for (i = 0; i < SOM_ARRAY_SIZE(lines); i++)
		if (name_is(name, lines[i])) {
			owe_breaks(t, 1);
			return;
		}
}

/*
 * The markup starting at s[i] == '<': the index just past it, or i when it
 * is no markup (then the '<' is text).
 */
static size_t markup(text *t, const char *s, size_t len, size_t i)
{
	size_t j = i + 1, end;
	const char *gt;
	char name[12];
	size_t n = 0;
	int closing = 0;
	char quote = 0;

	if (j < len && s[j] == '!' && j + 2 < len && s[j + 1] == '-' && s[j + 2] == '-') {
		end = find_ci(s, len, j + 3, "-->");
		return end == len ? len : end + 3;
	}
	if (j < len && (s[j] == '!' || s[j] == '?')) {
		gt = memchr(s + j, '>', len - j);
		return gt ? (size_t)(gt - s) + 1 : i;
	}
	if (j < len && s[j] == '/') {
		closing = 1;
		j++;
	}
	if (j >= len || !is_alpha((unsigned char)s[j]))
		return i;
	while (j < len && (is_alpha((unsigned char)s[j]) || is_digit((unsigned char)s[j]))) {
		if (n + 1 < sizeof(name)) {
			unsigned char c = (unsigned char)s[j];
			name[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		} else {
			n = sizeof(name);   /* too long for any name we know */
		}
		j++;
	}
	if (n >= sizeof(name))
		n = 0;
	name[n] = '\0';
	for (; j < len; j++) {
		if (quote) {
			if (s[j] == quote)
				quote = 0;
		} else if (s[j] == '"' || s[j] == '\'') {
			quote = s[j];
		} else if (s[j] == '>') {
			break;
		}
	}
	if (j >= len)
		return i;
	j++;
	tag(t, name, closing);
	if (!closing && (name_is(name, "script") || name_is(name, "style"))) {
		/* their content is no text: skip to past the end tag */
		end = find_ci(s, len, j, name_is(name, "script") ? "</script" : "</style");
		gt = end < len ? memchr(s + end, '>', len - end) : NULL;
		return gt ? (size_t)(gt - s) + 1 : len;
	}
	return j;
}

int som_html__to_text(som_buf *out, const char *html, size_t len)
{
	text t = { out, out->size, 0, 0, 0 };
	size_t i = 0, next, n;
	uint32_t cp = 0;
	int error = 0;

	/* make sure out->ptr is a string even when nothing is written */
	if ((error = som_buf_put(out, "", 0)) < 0)
		return error;
	while (i < len && error == 0) {
		unsigned char c = (unsigned char)html[i];

		if (c == '<') {
			next = markup(&t, html, len, i);
			if (next != i) {
				i = next;
				continue;
			}
			error = put(&t, html + i, 1);
			i++;
		} else if (c == '&' && (n = reference(&cp, html, len, i)) > 0) {
			if ((error = settle(&t)) == 0)
				error = som__utf8_put(out, cp);
			i += n;
		} else if (is_space(c) && !t.pre) {
			t.space = 1;
			i++;
		} else {
			/* a run of plain text */
			next = i + 1;
			while (next < len && html[next] != '<' && html[next] != '&' &&
			       (t.pre || !is_space((unsigned char)html[next])))
				next++;
			error = put(&t, html + i, next - i);
			i = next;
		}
	}
	return error;
}
