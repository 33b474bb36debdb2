/*
 * The streaming CSV reader (see csv.h): source bytes are decoded to UTF-8
 * a line at a time, each line is run through a small quoting state machine
 * that builds the fields, and the record ends where RFC 4180 (or the
 * caller's repair rule) says it does. Memory is one input window, one
 * record's text and bytes, and its fields.
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "formats/csv.h"

#define IN_SIZE (64 * 1024)
/* How much of the next line the record-start rule gets to see (source bytes). */
#define PEEK 256

enum encoding { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

/* Where the field scanner is. */
enum state {
	ST_START,       /* at the start of a field */
	ST_UNQUOTED,    /* inside an unquoted field */
	ST_QUOTED,      /* inside quotes */
	ST_QUOTE,       /* a quote seen inside quotes: closing, or the first of "" */
	ST_BACKSLASH    /* a backslash seen inside quotes (backslash_quotes only) */
};

struct som_csv {
	const char *file;
	som_read_fn rd;
	void *rctx;
	som_csv_options o;
	char sep;
	enum encoding enc;
	int begun;
	unsigned char *in;      /* the input window: bytes [in_pos, in_len) not yet used */
	size_t in_pos, in_len;
	int eof;
	som_buf text;           /* the record's text, decoded */
	size_t scanned;         /* of `text`, what the field scanner has seen */
	som_buf raw;            /* the record's source bytes */
	som_buf values;         /* its fields, each NUL-terminated */
	size_t *offs;
	size_t n_fields, alloc_fields, field_start;
	enum state state;
	int64_t lines;          /* line breaks consumed */
	int64_t rec_line;
	int64_t n_records;
	som_buf peek;
};

int som_csv__open(som_csv **out, const char *file, som_read_fn rd, void *rctx,
	const som_csv_options *opts)
{
	som_csv *c;

	*out = NULL;
	if ((c = som__calloc(1, sizeof(*c))) == NULL)
		return SOM_ENOMEM;
	if ((c->in = som__malloc(IN_SIZE)) == NULL) {
		som__free(c);
		return SOM_ENOMEM;
	}
	c->file = file;
	c->rd = rd;
	c->rctx = rctx;
	if (opts)
		c->o = *opts;
	c->sep = c->o.separator;
	*out = c;
	return 0;
}

void som_csv__free(som_csv *c)
{
	if (c == NULL)
		return;
	som__free(c->in);
	som_buf_dispose(&c->text);
	som_buf_dispose(&c->raw);
	som_buf_dispose(&c->values);
	som_buf_dispose(&c->peek);
	som__free(c->offs);
	som__free(c);
}

void som_csv__set_options(som_csv *c, const som_csv_options *opts)
{
	c->o = *opts;
	if (opts->separator)
		c->sep = opts->separator;
}

/* Read more into the window (once), moving what is left to its start. */
static int fill(som_csv *c)
{
	ssize_t n;

	if (c->eof)
		return 0;
	if (c->in_pos > 0) {
		memmove(c->in, c->in + c->in_pos, c->in_len - c->in_pos);
		c->in_len -= c->in_pos;
		c->in_pos = 0;
	}
	if (c->in_len == IN_SIZE)
		return 0;
	n = c->rd(c->rctx, c->in + c->in_len, IN_SIZE - c->in_len);
	if (n < 0)
		return (int)n;
	if (n == 0)
		c->eof = 1;
	c->in_len += (size_t)n;
	return 0;
}

/* Fill until `want` bytes are waiting or the input ends. */
static int fill_to(som_csv *c, size_t want)
{
	int error;

	while (!c->eof && c->in_len - c->in_pos < want)
		if ((error = fill(c)) < 0)
			return error;
	return 0;
}

/* The encoding, from a BOM or from where the NULs of UTF-16 fall. */
static int begin(som_csv *c)
{
	const unsigned char *s;
	size_t n;
	int error;

	c->begun = 1;
	if ((error = fill_to(c, 64)) < 0)
		return error;
	s = c->in + c->in_pos;
	n = c->in_len - c->in_pos;
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		c->in_pos += 3;
	} else if (n >= 2 && s[0] == 0xff && s[1] == 0xfe) {
		c->enc = ENC_UTF16LE;
		c->in_pos += 2;
	} else if (n >= 2 && s[0] == 0xfe && s[1] == 0xff) {
		c->enc = ENC_UTF16BE;
		c->in_pos += 2;
	} else if (n >= 4) {
		/* no BOM: text in UTF-16 has a NUL in every other byte */
		size_t even = 0, odd = 0, i;
		for (i = 0; i + 1 < n; i += 2) {
			even += s[i] == 0;
			odd += s[i + 1] == 0;
		}
		if (odd * 4 >= n && even == 0)
			c->enc = ENC_UTF16LE;
		else if (even * 4 >= n && odd == 0)
			c->enc = ENC_UTF16BE;
	}
	return 0;
}

/*
 * The length of the UTF-8 sequence at s (n bytes there): its length when
 * valid, 0 when invalid, -1 when it may be valid but is cut short.
 */
static int utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xbf))
			return 0;
	}
	return len;
}

/*
 * Decode n source bytes to UTF-8 onto `out`; *used is how many were used.
 * An incomplete character at the end is left for more input unless
 * `final`, when it becomes U+FFFD as every invalid one does.
 */
static int decode(const som_csv *c, som_buf *out, const unsigned char *s, size_t n,
	int final, size_t *used)
{
	size_t i = 0;
	int error = 0;

	if (c->enc == ENC_UTF8) {
		while (i < n && !error) {
			size_t j = i;
			int len;
			while (j < n && s[j] > 0 && s[j] < 0x80)
				j++;
			if (j > i && (error = som_buf_put(out, s + i, j - i)) < 0)
				break;
			i = j;
			if (i == n)
				break;
			if (s[i] == 0) {
				error = som__utf8_put(out, 0xfffd);
				i++;
				continue;
			}
			len = utf8_seq(s + i, n - i);
			if (len < 0 && !final)
				break;
			if (len <= 0) {
				error = som__utf8_put(out, 0xfffd);
				i++;
			} else {
				error = som_buf_put(out, s + i, (size_t)len);
				i += (size_t)len;
			}
		}
	} else {
		int le = c->enc == ENC_UTF16LE;
		while (i < n && !error) {
			uint32_t u, u2;
			if (i + 2 > n) {
				if (!final)
					break;
				error = som__utf8_put(out, 0xfffd);
				i = n;
				break;
			}
			u = le ? (uint32_t)(s[i] | s[i + 1] << 8) : (uint32_t)(s[i] << 8 | s[i + 1]);
			if (u >= 0xd800 && u <= 0xdbff) {
				if (i + 4 > n) {
					if (!final)
						break;
					error = som__utf8_put(out, 0xfffd);
					i += 2;
					continue;
				}
				u2 = le ? (uint32_t)(s[i + 2] | s[i + 3] << 8) :
					(uint32_t)(s[i + 2] << 8 | s[i + 3]);
				if (u2 >= 0xdc00 && u2 <= 0xdfff) {
					error = som__utf8_put(out, 0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00));
					i += 4;
					continue;
				}
				error = som__utf8_put(out, 0xfffd);
				i += 2;
				continue;
			}
			error = som__utf8_put(out, u);
			i += 2;
		}
	}
	*used = i;
	return error;
}

/* Offset just past the first line break in [from, to) of the window, or 0. */
static size_t find_newline(const som_csv *c, size_t from, size_t to)
{
	const unsigned char *p;
	size_t i;

	if (c->enc == ENC_UTF8) {
		p = memchr(c->in + from, '\n', to - from);
		return p ? (size_t)(p - c->in) + 1 : 0;
	}
	for (i = from; i + 1 < to; i += 2) {
		if (c->enc == ENC_UTF16LE ? (c->in[i] == '\n' && c->in[i + 1] == 0) :
		    (c->in[i] == 0 && c->in[i + 1] == '\n'))
			return i + 2;
	}
	return 0;
}

static int too_large(const som_csv *c)
{
	return som__error(SOM_EINVALID, "cannot read '%s': line %lld: field larger than 16 MiB",
		c->file, (long long)c->rec_line);
}

/* Append the next line (text and bytes) to the record; *got 0 at the end. */
static int read_line(som_csv *c, int *got)
{
	int error;

	*got = 0;
	for (;;) {
		size_t from = c->in_pos, nl, end, used = 0;

		nl = find_newline(c, from, c->in_len);
		end = nl ? nl : c->in_len;
		if ((error = decode(c, &c->text, c->in + from, end - from, nl || c->eof, &used)) < 0)
			return error;
		if (used > 0) {
			if ((error = som_buf_put(&c->raw, c->in + from, used)) < 0)
				return error;
			c->in_pos += used;
			*got = 1;
			if (c->raw.size > SOM_CSV_MAX_RECORD || c->text.size > SOM_CSV_MAX_RECORD)
				return too_large(c);
		}
		if (nl && c->in_pos == nl) {
			c->lines++;
			break;
		}
		if (c->eof && c->in_pos == c->in_len)
			break;
		if ((error = fill(c)) < 0)
			return error;
	}
	if (c->text.size >= 2 && c->text.ptr[c->text.size - 1] == '\n' &&
	    c->text.ptr[c->text.size - 2] == '\r') {
		c->text.size--;
		c->text.ptr[c->text.size - 1] = '\n';
		c->text.ptr[c->text.size] = '\0';
	}
	return 0;
}

/* Is there a next line, and what does it start with (into c->peek)? */
static int peek_line(som_csv *c, int *any)
{
	size_t to, nl, used;
	int error;

	*any = 0;
	if ((error = fill_to(c, PEEK)) < 0)
		return error;
	if (c->in_pos == c->in_len)
		return 0;
	*any = 1;
	to = c->in_len - c->in_pos > PEEK ? c->in_pos + PEEK : c->in_len;
	if ((nl = find_newline(c, c->in_pos, to)) != 0)
		to = nl - (c->enc == ENC_UTF8 ? 1 : 2);
	som_buf_clear(&c->peek);
	if ((error = som_buf_puts(&c->peek, "")) < 0)
		return error;
	error = decode(c, &c->peek, c->in + c->in_pos, to - c->in_pos, 0, &used);
	if (!error && c->peek.size && c->peek.ptr[c->peek.size - 1] == '\r')
		c->peek.ptr[--c->peek.size] = '\0';
	return error;
}

static int end_field(som_csv *c)
{
	int error;

	if (c->n_fields == c->alloc_fields) {
		size_t n = c->alloc_fields ? c->alloc_fields * 2 : 16;
		size_t *p = som__realloc(c->offs, n * sizeof(*p));
		if (p == NULL)
			return SOM_ENOMEM;
		c->offs = p;
		c->alloc_fields = n;
	}
	if ((error = som_buf_putc(&c->values, '\0')) < 0)
		return error;
	c->offs[c->n_fields++] = c->field_start;
	c->field_start = c->values.size;
	return 0;
}

/* May a separator end the current field? Not in the last of max_fields. */
static int may_split(const som_csv *c)
{
	return c->o.max_fields == 0 || c->n_fields + 1 < c->o.max_fields;
}

/* Run the field scanner over text [from, to): a line without its line break. */
static int scan(som_csv *c, size_t from, size_t to)
{
	const char *t = c->text.ptr;
	size_t i = from;
	int error = 0;

	while (i < to && !error) {
		char ch = t[i];
		switch (c->state) {
		case ST_START:
			if (ch == '"') {
				c->state = ST_QUOTED;
				i++;
			} else if (ch == c->sep && may_split(c)) {
				error = end_field(c);
				i++;
			} else {
				c->state = ST_UNQUOTED;
			}
			break;
		case ST_UNQUOTED: {
			size_t j = i;
			while (j < to && (t[j] != c->sep || !may_split(c)))
				j++;
			error = som_buf_put(&c->values, t + i, j - i);
			if (!error && j < to) {
				error = end_field(c);
				c->state = ST_START;
				j++;
			}
			i = j;
			break;
		}
		case ST_QUOTED: {
			size_t j = i;
			while (j < to && t[j] != '"' && !(t[j] == '\\' && c->o.backslash_quotes))
				j++;
			error = som_buf_put(&c->values, t + i, j - i);
			if (j < to)
				c->state = t[j] == '"' ? ST_QUOTE : ST_BACKSLASH;
			i = j < to ? j + 1 : j;
			break;
		}
		case ST_QUOTE:
			if (ch == '"') {
				error = som_buf_putc(&c->values, '"');
				c->state = ST_QUOTED;
				i++;
			} else if (ch == c->sep && may_split(c)) {
				error = end_field(c);
				c->state = ST_START;
				i++;
			} else {
				/* text after the closing quote: kept, as readers do */
				c->state = ST_UNQUOTED;
			}
			break;
		case ST_BACKSLASH:
			if (ch == '"') {
				error = som_buf_putc(&c->values, '"');
				i++;
			} else {
				error = som_buf_putc(&c->values, '\\');
			}
			c->state = ST_QUOTED;
			break;
		}
	}
	return error;
}

/* A line break inside the record: part of the current field. */
static int continue_field(som_csv *c)
{
	int error = 0;

	if (c->state == ST_BACKSLASH)
		error = som_buf_putc(&c->values, '\\');
	if (c->state != ST_QUOTED && c->state != ST_BACKSLASH)
		c->state = ST_UNQUOTED;
	else
		c->state = ST_QUOTED;
	return error ? error : som_buf_putc(&c->values, '\n');
}

/* The separator, from the first line that holds anything (blank ones are skipped). */
static void sniff_separator(som_csv *c)
{
	size_t comma = 0, tab = 0, semi = 0, i;

	if (c->text.size == 0 || (c->text.size == 1 && c->text.ptr[0] == '\n'))
		return;
	for (i = 0; i < c->text.size; i++) {
		comma += c->text.ptr[i] == ',';
		tab += c->text.ptr[i] == '\t';
		semi += c->text.ptr[i] == ';';
	}
	c->sep = tab > comma && tab >= semi ? '\t' : semi > comma ? ';' : ',';
}

static void reset_record(som_csv *c)
{
	som_buf_clear(&c->text);
	som_buf_clear(&c->raw);
	som_buf_clear(&c->values);
	c->scanned = 0;
	c->n_fields = 0;
	c->field_start = 0;
	c->state = ST_START;
	c->rec_line = c->lines + 1;
}

int som_csv__next(som_csv *c)
{
	int error, got, any;

	if (!c->begun && (error = begin(c)) < 0)
		return error;
	for (;;) {
		int first_line = 1;
		reset_record(c);
		for (;;) {
			size_t end;
			int nl;
			if ((error = read_line(c, &got)) < 0)
				return error;
			if (!got) {
				if (first_line)
					return 0;
				break;
			}
			if (c->sep == 0)
				sniff_separator(c);
			nl = c->text.size > c->scanned && c->text.ptr[c->text.size - 1] == '\n';
			end = nl ? c->text.size - 1 : c->text.size;
			if ((error = scan(c, c->scanned, end)) < 0)
				return error;
			c->scanned = c->text.size;
			first_line = 0;
			if (!nl)
				break;  /* the last line, without a line break */
			if (c->o.starts_record && c->n_records > 0) {
				if ((error = peek_line(c, &any)) < 0)
					return error;
				if (!any || c->o.starts_record(c->peek.ptr, c->peek.size,
						c->o.payload))
					break;
			} else if (c->state != ST_QUOTED && c->state != ST_BACKSLASH) {
				break;
			}
			if ((error = continue_field(c)) < 0)
				return error;
		}
		if (!c->o.starts_record && (c->state == ST_QUOTED || c->state == ST_BACKSLASH))
			return som__error(SOM_EINVALID,
				"cannot read '%s': line %lld: a quoted field is not closed at the end of the file",
				c->file, (long long)c->rec_line);
		if ((error = end_field(c)) < 0)
			return error;
		/* a line holding nothing is no record */
		if (c->n_fields == 1 && c->values.size == 1 && c->state == ST_START &&
		    (c->text.size == 0 || (c->text.size == 1 && c->text.ptr[0] == '\n')))
			continue;
		c->n_records++;
		return 1;
	}
}

size_t som_csv__count(const som_csv *c)
{
	return c->n_fields;
}

const char *som_csv__field(const som_csv *c, size_t i)
{
	return i < c->n_fields ? c->values.ptr + c->offs[i] : "";
}

size_t som_csv__field_len(const som_csv *c, size_t i)
{
	if (i >= c->n_fields)
		return 0;
	return (i + 1 < c->n_fields ? c->offs[i + 1] : c->values.size) - c->offs[i] - 1;
}

const char *som_csv__raw(const som_csv *c, size_t *len)
{
	*len = c->raw.size;
	return c->raw.ptr ? c->raw.ptr : "";
}

int64_t som_csv__line(const som_csv *c)
{
	return c->rec_line;
}

const char *som_csv__encoding(const som_csv *c)
{
	return c->enc == ENC_UTF16LE ? "UTF-16LE" : c->enc == ENC_UTF16BE ? "UTF-16BE" : "UTF-8";
}

char som_csv__separator(const som_csv *c)
{
	return c->sep;
}

int som_csv__unwrap_lines(som_buf *out, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *nl;
	int error;

	if (memchr(s, '\n', len) == NULL)
		return som_buf_put(out, s, len);
	/* check every line first */
	for (p = s; p <= end; p = nl + 1) {
		size_t n;
		int first = p == s, last;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		last = nl == end;
		n = (size_t)(nl - p);
		if ((!first && (n < 1 || p[0] != '"')) || (!last && (n < 1 || nl[-1] != '"')) ||
		    (!first && !last && n < 2))
			return som_buf_put(out, s, len);
		if (last)
			break;
	}
	if ((error = som_buf_puts(out, "")) < 0)
		return error;
	for (p = s; p <= end; p = nl + 1) {
		int first = p == s, last;
		const char *a, *b;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		last = nl == end;
		a = first ? p : p + 1;
		b = last ? nl : nl - 1;
		if ((error = som_buf_put(out, a, (size_t)(b - a))) < 0 ||
		    (!last && (error = som_buf_putc(out, '\n')) < 0))
			return error;
		if (last)
			break;
	}
	return 0;
}
