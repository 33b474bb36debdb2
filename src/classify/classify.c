/*
 * The classifier: a plan's rules applied to one text. The text is folded
 * the Swedish way (å ä ö stay letters of their own) and cut into words at
 * Unicode letter and digit boundaries; conditions match words, prefixes
 * and phrases, regular expressions, case numbers of the plan's series,
 * personal identity numbers (Luhn and date checked), phone numbers and
 * street addresses. Pure: no store, no globals, the same answer for the
 * same input, which is what tools/eval-classify measures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "plan/plan.h"

/* ---- UTF-8 ------------------------------------------------------------ */

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Decode one code point; bad input gives U+FFFD over one byte. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF && len >= 2 && is_cont(s[1])) {
		*cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && len >= 3 && is_cont(s[1]) && is_cont(s[2])) {
		v = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
			*cp = v;
			return 3;
		}
	}
	if (c >= 0xF0 && c <= 0xF4 && len >= 4 && is_cont(s[1]) && is_cont(s[2]) &&
	    is_cont(s[3])) {
		v = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
			((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		if (v >= 0x10000 && v <= 0x10FFFF) {
			*cp = v;
			return 4;
		}
	}
	*cp = 0xFFFD;
	return 1;
}

/* ---- folding ---------------------------------------------------------- */

static uint32_t lower_cp(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	/* Latin-1: À..Þ, Å Ä Ö É among them (not ×). */
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	/* What regcomp's REG_ICASE takes for i, s, k and å: folded alike. */
	if (c == 0x130 || c == 0x131)
		return 'i';
	if (c == 0x17F)
		return 's';
	if (c == 0x212A)
		return 'k';
	if (c == 0x212B)
		return 0xE5;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	if (c == 0x178)
		return 0xFF;
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 32;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 37;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 63;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	/* Full-width forms, and the mathematical letters and digits of spam. */
	if (c >= 0xFF21 && c <= 0xFF3A)
		return c - 0xFF21 + 'a';
	if (c >= 0xFF41 && c <= 0xFF5A)
		return c - 0xFF41 + 'a';
	if (c >= 0xFF10 && c <= 0xFF19)
		return c - 0xFF10 + '0';
	if (c >= 0x1D400 && c <= 0x1D6A3)
		return 'a' + (c - 0x1D400) % 52 % 26;
	if (c >= 0x1D7CE && c <= 0x1D7FF)
		return '0' + (c - 0x1D7CE) % 10;
	return c;
}

static int is_space_cp(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 ||
		c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
		c == 0x202F || c == 0x205F || c == 0x3000 || c < 0x20 || c == 0x7F;
}

static int is_invisible_cp(uint32_t c)
{
	return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

static int is_dash_cp(uint32_t c)
{
	return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
		c == 0xFF0D;
}

/* A base letter and a combining mark that make one of å ä ö ü é; 0 when none. */
static uint32_t compose(uint32_t base, uint32_t mark)
{
	if (mark == 0x30A && base == 'a')
		return 0xE5;
	if (mark == 0x308)
		return base == 'a' ? 0xE4 : base == 'o' ? 0xF6 : base == 'u' ? 0xFC : 0;
	if (mark == 0x301 && base == 'e')
		return 0xE9;
	return 0;
}

int som_classify__fold(som_buf *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n, n2;
	uint32_t cp, next, composed;
	int pending_space = 0, error = 0;
	size_t start_size = out->size;

	while (i < len && !error) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n;
		if (is_invisible_cp(cp))
			continue;
		if (is_space_cp(cp)) {
			pending_space = out->size > start_size;
			continue;
		}
		cp = is_dash_cp(cp) ? '-' : lower_cp(cp);
		if (i < len) {
			n2 = utf8_decode(s + i, len - i, &next);
			if ((composed = compose(cp, next)) != 0) {
				cp = composed;
				i += n2;
			}
		}
		if (pending_space)
			error = som_buf_putc(out, ' ');
		pending_space = 0;
		if (!error)
			error = som__utf8_put(out, cp);
	}
	if (!error && !out->ptr)
		error = som_buf_puts(out, "");
	return error;
}

int som_classify__is_word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	if (c < 0xC0)
		return c == 0xAA || c == 0xB5 || c == 0xBA;
	if (c == 0xD7 || c == 0xF7)
		return 0;
	if ((c >= 0x2B0 && c <= 0x2FF) || (c >= 0x2000 && c <= 0x2BFF) ||
	    (c >= 0x2E00 && c <= 0x2E7F) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xD800 && c <= 0xF8FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
	    (c >= 0xFE10 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFFFF) ||
	    (c >= 0x1F000 && c <= 0x1FAFF) || c >= 0xE0000)
		return 0;
	return 1;
}

/* ---- the text of one item --------------------------------------------- */

typedef struct span {
	size_t start, end;
} span;

typedef struct spans {
	span *v;
	size_t n, a;
	int done;
} spans;

static int spans_add(spans *s, size_t start, size_t end)
{
	if (s->n == s->a) {
		size_t a = s->a ? s->a * 2 : 8;
		span *v = som__realloc(s->v, a * sizeof(*v));
		if (!v)
			return SOM_ENOMEM;
		s->v = v;
		s->a = a;
	}
	s->v[s->n].start = start;
	s->v[s->n].end = end;
	s->n++;
	return 0;
}

/* Cut folded text into words: runs of letters and digits. */
static int tokenize(spans *out, const char *t, size_t len)
{
	const unsigned char *s = (const unsigned char *)t;
	size_t i = 0, n, start = 0;
	uint32_t cp;
	int in = 0, error = 0;

	while (i < len && !error) {
		n = utf8_decode(s + i, len - i, &cp);
		if (som_classify__is_word_cp(cp)) {
			if (!in)
				start = i;
			in = 1;
		} else if (in) {
			error = spans_add(out, start, i);
			in = 0;
		}
		i += n;
	}
	if (!error && in)
		error = spans_add(out, start, len);
	out->done = 1;
	return error;
}

void som_classify__free_seq(som_word_seq *seq)
{
	for (size_t i = 0; i < seq->n_toks; i++)
		som__free(seq->toks[i].text);
	som__free(seq->toks);
	som__free(seq->source);
	memset(seq, 0, sizeof(*seq));
}

/* Append the tokens of one word ("klagomål*", "*hot", "e-tjänst") to `seq`. */
static int add_word(som_word_seq *seq, const char *w, size_t len)
{
	som_buf folded = SOM_BUF_INIT;
	spans toks = { NULL, 0, 0, 0 };
	int any_start = 0, any_end = 0, error;
	size_t first = seq->n_toks;

	if (len && w[0] == '*') {
		any_start = 1;
		w++;
		len--;
	}
	if (len && w[len - 1] == '*') {
		any_end = 1;
		len--;
	}
	if (!len && any_start) {
		/* A lone "*" in a phrase: any one word. */
		som_word_tok *grown = som__realloc(seq->toks, (seq->n_toks + 1) * sizeof(*grown));
		if (!grown)
			return SOM_ENOMEM;
		seq->toks = grown;
		memset(&grown[seq->n_toks], 0, sizeof(*grown));
		if (!(grown[seq->n_toks].text = som__strdup("")))
			return SOM_ENOMEM;
		grown[seq->n_toks].any_start = grown[seq->n_toks].any_end = 1;
		seq->n_toks++;
		return 0;
	}
	if ((error = som_classify__fold(&folded, w, len)) != 0 ||
	    (error = tokenize(&toks, folded.ptr, folded.size)) != 0)
		goto done;
	if (!toks.n) {
		error = SOM_EINVALID;
		goto done;
	}
	{
		som_word_tok *grown = som__realloc(seq->toks,
			(seq->n_toks + toks.n) * sizeof(*grown));
		if (!grown) {
			error = SOM_ENOMEM;
			goto done;
		}
		seq->toks = grown;
	}
	for (size_t i = 0; i < toks.n; i++) {
		som_word_tok *t = &seq->toks[seq->n_toks];
		memset(t, 0, sizeof(*t));
		t->len = toks.v[i].end - toks.v[i].start;
		if (!(t->text = som__strndup(folded.ptr + toks.v[i].start, t->len))) {
			error = SOM_ENOMEM;
			goto done;
		}
		seq->n_toks++;
	}
	seq->toks[first].any_start = any_start;
	seq->toks[seq->n_toks - 1].any_end = any_end;
done:
	som__free(toks.v);
	som_buf_dispose(&folded);
	return error;
}

int som_classify__compile_seq(som_word_seq *out, const char *source, size_t len,
	int phrase)
{
	size_t i = 0, start;
	int error = 0;

	memset(out, 0, sizeof(*out));
	while (i < len && !error) {
		while (i < len && (source[i] == ' ' || source[i] == '\t' || source[i] == '\n' ||
			source[i] == '\r'))
			i++;
		start = i;
		while (i < len && source[i] != ' ' && source[i] != '\t' && source[i] != '\n' &&
			source[i] != '\r')
			i++;
		if (i > start)
			error = add_word(out, source + start, i - start);
		if (!phrase)
			break;
	}
	if (!error) {
		/* Wildcards alone would match anything: a pattern needs a word. */
		size_t real = 0;
		for (i = 0; i < out->n_toks; i++)
			real += out->toks[i].len > 0;
		if (!real)
			error = SOM_EINVALID;
	}
	if (!error) {
		/* The source as written, white space made single spaces. */
		som_buf b = SOM_BUF_INIT;
		for (i = 0; i < len && !error; i++) {
			int sp = source[i] == ' ' || source[i] == '\t' || source[i] == '\n' ||
				source[i] == '\r';
			if (sp && (!b.size || b.ptr[b.size - 1] == ' '))
				continue;
			error = som_buf_putc(&b, sp ? ' ' : source[i]);
		}
		while (!error && b.size && b.ptr[b.size - 1] == ' ')
			b.ptr[--b.size] = '\0';
		if (!error)
			out->source = som_buf_detach(&b);
		som_buf_dispose(&b);
		if (!error && !out->source)
			error = SOM_ENOMEM;
	}
	if (error)
		som_classify__free_seq(out);
	return error;
}

/* ---- literals every match of an expression holds ------------------------ */

/*
 * A set of strings one of which every match holds; `any` when nothing is
 * known (the expression may match without any fixed text).
 */
typedef struct litset {
	char **v;
	size_t n;
	int any;
} litset;

#define LITSET_MAX 32

static void litset_dispose(litset *s)
{
	som_classify__free_literals(s->v, s->n);
	s->v = NULL;
	s->n = 0;
}

void som_classify__free_literals(char **lits, size_t n)
{
	for (size_t i = 0; i < n; i++)
		som__free(lits[i]);
	som__free(lits);
}

static int litset_add(litset *s, const char *str, size_t len)
{
	char **v, *d;

	if (s->n >= LITSET_MAX) {
		litset_dispose(s);
		s->any = 1;
		return 0;
	}
	if (!(d = som__strndup(str, len)))
		return SOM_ENOMEM;
	if (!(v = som__realloc(s->v, (s->n + 1) * sizeof(*v)))) {
		som__free(d);
		return SOM_ENOMEM;
	}
	v[s->n++] = d;
	s->v = v;
	return 0;
}

static size_t litset_score(const litset *s)
{
	size_t min = (size_t)-1;

	if (s->any || !s->n)
		return 0;
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) < min)
			min = strlen(s->v[i]);
	return min;
}

/* Keep the better of `best` and `cand` (the longer shortest string) in `best`. */
static void litset_prefer(litset *best, litset *cand)
{
	if (litset_score(cand) > litset_score(best)) {
		litset_dispose(best);
		*best = *cand;
		cand->v = NULL;
		cand->n = 0;
	} else {
		litset_dispose(cand);
	}
}

/* Skip a bracket expression at *p ('['); -1 when it does not end. */
static int skip_bracket(const char **p)
{
	const char *q = *p + 1;

	if (*q == '^')
		q++;
	if (*q == ']')
		q++;
	while (*q && *q != ']') {
		if (*q == '[' && (q[1] == ':' || q[1] == '=' || q[1] == '.')) {
			char kind = q[1];
			q += 2;
			while (*q && !(q[0] == kind && q[1] == ']'))
				q++;
			if (!*q)
				return -1;
			q += 2;
		} else {
			q++;
		}
	}
	if (*q != ']')
		return -1;
	*p = q + 1;
	return 0;
}

static int parse_alt(litset *out, const char **p, int depth);

/* One branch: pieces one after another. */
static int parse_branch(litset *out, const char **p, int depth)
{
	som_buf run = SOM_BUF_INIT;
	litset best = { NULL, 0, 1 }, cand, sub = { NULL, 0, 1 };
	int error = 0;

	while (**p && **p != '|' && **p != ')' && !error) {
		const char *lit = NULL;
		size_t lit_len = 0;
		int group = 0, min0 = 0, quantified = 0;

		memset(&sub, 0, sizeof(sub));
		sub.any = 1;
		if (**p == '(') {
			(*p)++;
			if ((error = parse_alt(&sub, p, depth + 1)) != 0)
				break;
			if (**p != ')') {
				error = -1;
				break;
			}
			(*p)++;
			group = 1;
		} else if (**p == '[') {
			if (skip_bracket(p) != 0) {
				error = -1;
				break;
			}
		} else if (**p == '\\') {
			char d = (*p)[1];
			if (!d) {
				error = -1;
				break;
			}
			/* \w \b \< \1 ...: GNU operators and back-references, not text. */
			if ((unsigned char)d >= 0x80) {
				*p += 2;
				while (is_cont((unsigned char)**p))
					(*p)++;
			} else {
				if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') ||
				      (d >= '0' && d <= '9') || d == '<' || d == '>' || d == '`' ||
				      d == '\'')) {
					lit = *p + 1;
					lit_len = 1;
				}
				*p += 2;
			}
		} else if (strchr(".^$*+?{", **p)) {
			(*p)++;
		} else {
			unsigned char c = (unsigned char)**p;
			size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
			for (size_t i = 1; i < n; i++)
				if (!(*p)[i]) {
					n = i;
					break;
				}
			lit = *p;
			lit_len = n;
			*p += n;
		}
		/* Quantifiers. */
		for (;;) {
			if (**p == '*' || **p == '?') {
				min0 = 1;
			} else if (**p == '+') {
				/* at least once */
			} else if (**p == '{' && (*p)[1] >= '0' && (*p)[1] <= '9') {
				if (strtol(*p + 1, NULL, 10) == 0)
					min0 = 1;
				while (**p && **p != '}')
					(*p)++;
				if (!**p) {
					error = -1;
					break;
				}
			} else {
				break;
			}
			quantified = 1;
			(*p)++;
		}
		if (error)
			break;
		if (lit && !min0) {
			error = som_buf_put(&run, lit, lit_len);
			if (!quantified)
				continue;
		}
		/* Anything else ends the run of fixed text. */
		if (run.size) {
			memset(&cand, 0, sizeof(cand));
			if ((error = litset_add(&cand, run.ptr, run.size)) == 0)
				litset_prefer(&best, &cand);
			else
				litset_dispose(&cand);
			som_buf_clear(&run);
		}
		if (group && !min0 && !sub.any)
			litset_prefer(&best, &sub);
		else
			litset_dispose(&sub);
	}
	if (!error && run.size) {
		memset(&cand, 0, sizeof(cand));
		if ((error = litset_add(&cand, run.ptr, run.size)) == 0)
			litset_prefer(&best, &cand);
		else
			litset_dispose(&cand);
	}
	som_buf_dispose(&run);
	litset_dispose(&sub);
	if (error) {
		litset_dispose(&best);
		return error;
	}
	best.any = best.n == 0;
	*out = best;
	return 0;
}

/* Branches parted by '|': one of any branch's strings. */
static int parse_alt(litset *out, const char **p, int depth)
{
	litset all = { NULL, 0, 0 }, b;
	int error = 0;

	if (depth > 64)
		return -1;
	for (;;) {
		if ((error = parse_branch(&b, p, depth)) != 0)
			break;
		if (b.any)
			all.any = 1;
		for (size_t i = 0; i < b.n && !all.any && !error; i++)
			error = litset_add(&all, b.v[i], strlen(b.v[i]));
		litset_dispose(&b);
		if (error || **p != '|')
			break;
		(*p)++;
	}
	if (error || all.any)
		litset_dispose(&all);
	if (error)
		return error;
	all.any = all.any || !all.n;
	*out = all;
	return 0;
}

int som_classify__regex_literals(char ***out, size_t *n_out, const char *pattern)
{
	const char *p = pattern;
	litset s = { NULL, 0, 1 };
	som_buf folded = SOM_BUF_INIT;
	int error;

	*out = NULL;
	*n_out = 0;
	error = parse_alt(&s, &p, 0);
	if (error == SOM_ENOMEM)
		return error;
	if (error || *p || s.any) {
		/* Not understood, or no fixed text: no hint, never a wrong one. */
		litset_dispose(&s);
		return 0;
	}
	/* The text is folded: so are the strings (a case-insensitive match). */
	for (size_t i = 0; i < s.n; i++) {
		som_buf_clear(&folded);
		if ((error = som_classify__fold(&folded, s.v[i], strlen(s.v[i]))) != 0)
			break;
		if (!folded.size) {
			/* White space only: nothing to look for. */
			litset_dispose(&s);
			break;
		}
		som__free(s.v[i]);
		if (!(s.v[i] = som__strdup(folded.ptr))) {
			error = SOM_ENOMEM;
			break;
		}
	}
	som_buf_dispose(&folded);
	if (error) {
		litset_dispose(&s);
		return error;
	}
	*out = s.v;
	*n_out = s.n;
	return 0;
}

/* ---- case numbers ----------------------------------------------------- */

const char som_classify__dnr_regex[] =
	"(dnr|diarienr|diarienummer|diarienumret|diarienumme?r|ärendenr|ärendenummer|"
	"ärendenumret|ärende|ärendet) *[.:]? *((är|nr|nummer)[.:]? *)?"
	"([a-zåäö]{1,6} *)?(19|20)[0-9][0-9] *[-/.] *[0-9]{1,7}";

/* Append `s` to an extended expression, its special characters escaped. */
static int put_literal(som_buf *out, const char *s, size_t len)
{
	int error = 0;

	for (size_t i = 0; i < len && !error; i++) {
		if (strchr(".[]{}()\\*+?^$|", s[i]))
			error = som_buf_putc(out, '\\');
		if (!error)
			error = som_buf_putc(out, s[i]);
	}
	return error;
}

int som_classify__series_regex(som_buf *out, const char *prefix, const char *format,
	int *has_prefix, int *has_doc, char *problem, size_t problem_size)
{
	som_buf fmt = SOM_BUF_INIT, pfx = SOM_BUF_INIT, pending = SOM_BUF_INIT;
	int error, has_case = 0, lenient;
	const char *p, *close;

	*has_prefix = *has_doc = 0;
	/* Without a prefix to anchor it, a number is only taken as written. */
	lenient = strstr(format, "{prefix}") != NULL;
	if ((error = som_classify__fold(&fmt, format, strlen(format))) != 0 ||
	    (error = som_classify__fold(&pfx, prefix, strlen(prefix))) != 0 ||
	    (error = som_buf_puts(&pending, "")) != 0)
		goto done;
	for (p = fmt.ptr; *p && !error; p++) {
		if (*p == '{') {
			size_t nlen;
			if (!(close = strchr(p, '}'))) {
				snprintf(problem, problem_size, "'{' without '}'");
				error = SOM_EINVALID;
				break;
			}
			nlen = (size_t)(close - p - 1);
			if (nlen == 3 && memcmp(p + 1, "doc", 3) == 0) {
				/* The document number is often left out: it and its separator are optional. */
				*has_doc = 1;
				error = som_buf_printf(out, "(%s[0-9]{1,4})?", pending.ptr);
				som_buf_clear(&pending);
				som_buf_puts(&pending, "");
				p = close;
				continue;
			}
			if (!error)
				error = som_buf_puts(out, pending.ptr);
			som_buf_clear(&pending);
			som_buf_puts(&pending, "");
			if (error)
				break;
			if (nlen == 6 && memcmp(p + 1, "prefix", 6) == 0) {
				*has_prefix = 1;
				error = put_literal(out, pfx.ptr, pfx.size);
			} else if (nlen == 4 && memcmp(p + 1, "year", 4) == 0) {
				error = som_buf_puts(out, "(19|20)[0-9][0-9]");
			} else if ((nlen == 4 && memcmp(p + 1, "case", 4) == 0) ||
				   (nlen == 6 && memcmp(p + 1, "case:", 5) == 0 &&
				    p[6] >= '1' && p[6] <= '9')) {
				has_case = 1;
				error = som_buf_puts(out, "[0-9]{1,9}");
			} else {
				snprintf(problem, problem_size, "unknown placeholder '%.*s'",
					(int)(nlen + 2), p);
				error = SOM_EINVALID;
				break;
			}
			p = close;
		} else if (*p == ' ') {
			error = som_buf_puts(&pending, " *");
		} else if ((*p == '/' || *p == '-') && lenient) {
			/* People mix the two: KS 2026/123, KS 2026-123. */
			error = som_buf_puts(&pending, " *[-/] *");
		} else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			     (unsigned char)*p >= 0x80)) {
			if ((error = som_buf_puts(&pending, " *")) == 0 &&
			    (error = put_literal(&pending, p, 1)) == 0)
				error = som_buf_puts(&pending, " *");
		} else {
			if ((error = som_buf_puts(out, pending.ptr)) == 0)
				error = put_literal(out, p, 1);
			som_buf_clear(&pending);
			som_buf_puts(&pending, "");
		}
	}
	if (!error && pending.size)
		error = som_buf_puts(out, pending.ptr);
	if (!error && !has_case) {
		snprintf(problem, problem_size, "it has no {case}");
		error = SOM_EINVALID;
	}
done:
	som_buf_dispose(&fmt);
	som_buf_dispose(&pfx);
	som_buf_dispose(&pending);
	return error;
}

/* The code point before byte `at` (0 at the start). */
static uint32_t cp_before(const char *t, size_t at)
{
	size_t i = at;
	uint32_t cp;

	if (!at)
		return 0;
	while (i > 0 && is_cont((unsigned char)t[i - 1]))
		i--;
	if (i > 0)
		i--;
	utf8_decode((const unsigned char *)t + i, at - i, &cp);
	return cp;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_num_sep(char c)
{
	return c == '-' || c == '/' || c == '.' || c == ':' || c == '+' || c == ',';
}

/*
 * Does [start, end) stand alone: a word of its own at both ends, and not a
 * piece of a longer number (a date, a phone number)?
 */
static int stands_alone(const char *t, size_t len, size_t start, size_t end)
{
	uint32_t cp;

	if (start > 0) {
		if (som_classify__is_word_cp(cp_before(t, start)))
			return 0;
		if (is_num_sep(t[start - 1]) && start > 1 && is_digit(t[start - 2]))
			return 0;
	}
	if (end < len) {
		utf8_decode((const unsigned char *)t + end, len - end, &cp);
		if (som_classify__is_word_cp(cp))
			return 0;
		if (is_num_sep(t[end]) && end + 1 < len && is_digit(t[end + 1]))
			return 0;
	}
	return 1;
}

static int find_regex(spans *out, const som_plan *plan, const regex_t *re,
	const char *t, size_t len)
{
	regmatch_t m;
	size_t at = 0;
	int error = 0;

	while (at < len && !error) {
		if (som_plan__regexec(plan, re, t + at, 1, &m, at ? REG_NOTBOL : 0) != 0)
			break;
		if (m.rm_so < 0 || m.rm_eo <= m.rm_so)
			break;
		if (stands_alone(t, len, at + (size_t)m.rm_so, at + (size_t)m.rm_eo)) {
			error = spans_add(out, at + (size_t)m.rm_so, at + (size_t)m.rm_eo);
			at += (size_t)m.rm_eo;
		} else {
			/* Try again one character later. */
			at += (size_t)m.rm_so + 1;
			while (at < len && is_cont((unsigned char)t[at]))
				at++;
		}
	}
	return error;
}

static int find_case_refs(spans *out, const som_plan *plan, const char *t, size_t len)
{
	int error = 0;

	for (size_t i = 0; i < plan->n_series && !error; i++)
		error = find_regex(out, plan, plan->series_re[i].re, t, len);
	if (!error && plan->dnr_re)
		error = find_regex(out, plan, plan->dnr_re, t, len);
	out->done = 1;
	return error;
}

/* ---- personal identity numbers ---------------------------------------- */

static int days_in_month(int year, int month, int century_known)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap;

	if (month != 2)
		return days[month - 1];
	if (century_known)
		leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	else
		leap = year % 4 == 0;
	return leap ? 29 : 28;
}

static int luhn_ok(const char d[10])
{
	int sum = 0;

	for (int i = 0; i < 10; i++) {
		int v = (d[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += v > 9 ? v - 9 : v;
	}
	return sum % 10 == 0;
}

int som_classify__is_pnr(const char *s, size_t len)
{
	char digits[12];
	size_t nd = 0, sep_at = 0;
	int year, month, day, century_known;
	const char *d;

	for (size_t i = 0; i < len; i++) {
		if (is_digit(s[i])) {
			if (nd == sizeof(digits))
				return 0;
			digits[nd++] = s[i];
		} else if ((s[i] == '-' || s[i] == '+') && !sep_at && nd > 0) {
			sep_at = nd;
		} else {
			return 0;
		}
	}
	if (nd != 10 && nd != 12)
		return 0;
	if (sep_at && sep_at != nd - 4)
		return 0;
	century_known = nd == 12;
	d = digits + (nd - 10);
	year = (d[0] - '0') * 10 + (d[1] - '0');
	if (century_known) {
		int century = (digits[0] - '0') * 10 + (digits[1] - '0');
		if (century < 18 || century > 20)
			return 0;
		year += century * 100;
	}
	month = (d[2] - '0') * 10 + (d[3] - '0');
	day = (d[4] - '0') * 10 + (d[5] - '0');
	if (day > 60)
		day -= 60;  /* samordningsnummer: the day plus 60 */
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month, century_known))
		return 0;
	return luhn_ok(d);
}

static size_t digit_run(const char *t, size_t len, size_t i)
{
	size_t j = i;

	while (j < len && is_digit(t[j]))
		j++;
	return j - i;
}

static int find_pnrs(spans *out, const char *t, size_t len)
{
	size_t i = 0, n1, n2, end;
	int error = 0;

	while (i < len && !error) {
		if (!is_digit(t[i]) || (i > 0 && is_digit(t[i - 1]))) {
			i++;
			continue;
		}
		n1 = digit_run(t, len, i);
		end = 0;
		if ((n1 == 10 || n1 == 12))
			end = i + n1;
		else if ((n1 == 6 || n1 == 8) && i + n1 < len &&
			 (t[i + n1] == '-' || t[i + n1] == '+') &&
			 (n2 = digit_run(t, len, i + n1 + 1)) == 4)
			end = i + n1 + 1 + n2;
		if (end && stands_alone(t, len, i, end) && som_classify__is_pnr(t + i, end - i))
			error = spans_add(out, i, end);
		i += n1;
	}
	out->done = 1;
	return error;
}

/* ---- phone numbers and street addresses (weaker signals) --------------- */

/*
 * A Swedish phone number at `i`: 0 and 7 to 9 more digits (070-174 06 12,
 * 031-390 06 00), or +46 / 0046 with 7 to 9 digits (+46 70 174 06 45), in
 * groups parted by single spaces or hyphens. The end, or 0.
 */
static size_t phone_at(const char *t, size_t len, size_t i)
{
	size_t j = i, digits = 0, best = 0;
	int intl = 0;

	if (t[j] == '+' && j + 2 < len && t[j + 1] == '4' && t[j + 2] == '6') {
		intl = 1;
		j += 3;
	} else if (j + 3 < len && memcmp(t + j, "0046", 4) == 0) {
		intl = 1;
		j += 4;
	} else if (!(t[j] == '0' && j + 1 < len && t[j + 1] >= '1' && t[j + 1] <= '9')) {
		return 0;
	}
	if (intl) {
		if (j < len && (t[j] == ' ' || t[j] == '-'))
			j++;
		if (j + 2 < len && t[j] == '(' && t[j + 1] == '0' && t[j + 2] == ')') {
			j += 3;
			if (j < len && t[j] == ' ')
				j++;
		}
		if (j >= len || !is_digit(t[j]) || t[j] == '0')
			return 0;
	}
	while (j < len && is_digit(t[j])) {
		while (j < len && is_digit(t[j])) {
			j++;
			digits++;
		}
		if (intl ? (digits >= 7 && digits <= 9) : (digits >= 8 && digits <= 10))
			best = j;
		if (digits > 10)
			break;
		if (j + 1 < len && (t[j] == ' ' || t[j] == '-') && is_digit(t[j + 1]))
			j++;
		else
			break;
	}
	return best;
}

static int find_phones(spans *out, const char *t, size_t len)
{
	size_t i = 0, end;
	int error = 0;

	while (i < len && !error) {
		if ((t[i] == '+' || is_digit(t[i])) &&
		    (i == 0 || (!is_digit(t[i - 1]) && t[i - 1] != '+')) &&
		    (end = phone_at(t, len, i)) != 0 && stands_alone(t, len, i, end)) {
			error = spans_add(out, i, end);
			i = end;
			continue;
		}
		i++;
	}
	out->done = 1;
	return error;
}

/* The last part of a street's name; the word must be longer (a compound). */
static const char *const street_suffixes[] = {
	"vägen", "väg", "gatan", "gata", "gränd", "gränden", "stigen", "allén", "allé",
	"backe", "backen", "leden", "torget", "slingan", "gången", "stråket"
};

static int ends_with_street(const char *w, size_t len)
{
	for (size_t i = 0; i < SOM_ARRAY_SIZE(street_suffixes); i++) {
		size_t sl = strlen(street_suffixes[i]);
		if (len > sl + 1 && memcmp(w + len - sl, street_suffixes[i], sl) == 0)
			return 1;
	}
	return 0;
}

/* A house number: 1 to 3 digits and perhaps one letter (4, 12, 4b). */
static int is_house_number(const char *w, size_t len)
{
	size_t d = 0;

	while (d < len && is_digit(w[d]))
		d++;
	return d >= 1 && d <= 3 && (d == len || (d + 1 == len && w[d] >= 'a' && w[d] <= 'z'));
}

static int find_addresses(spans *out, const char *t, const spans *toks)
{
	int error = 0;

	for (size_t i = 0; i + 1 < toks->n && !error; i++) {
		const span *a = &toks->v[i], *b = &toks->v[i + 1];
		int only_space = 1;
		if (!ends_with_street(t + a->start, a->end - a->start) ||
		    !is_house_number(t + b->start, b->end - b->start))
			continue;
		for (size_t k = a->end; k < b->start; k++)
			if (t[k] != ' ')
				only_space = 0;
		if (only_space)
			error = spans_add(out, a->start, b->end);
	}
	out->done = 1;
	return error;
}

/* ---- evaluation ------------------------------------------------------- */

typedef struct ctx {
	const som_plan *plan;
	const som_classify_input *in;
	som_buf folded;
	spans toks, case_refs, pnrs, phones, addresses;
	size_t n_chars;
	som_evidence *ev;
	size_t n_ev, a_ev;
} ctx;

static void free_evidence(som_evidence *e)
{
	som__free(e->on);
	som__free(e->pattern);
	som__free(e->text);
}

static void rollback(ctx *c, size_t mark)
{
	while (c->n_ev > mark)
		free_evidence(&c->ev[--c->n_ev]);
}

/* Record what a condition saw; `mask` hides the last four digits. */
static int evidence(ctx *c, const char *on, const char *pattern, const char *text,
	size_t text_len, int mask)
{
	som_evidence *e;

	if (c->n_ev == c->a_ev) {
		size_t a = c->a_ev ? c->a_ev * 2 : 8;
		som_evidence *v = som__realloc(c->ev, a * sizeof(*v));
		if (!v)
			return SOM_ENOMEM;
		c->ev = v;
		c->a_ev = a;
	}
	e = &c->ev[c->n_ev];
	memset(e, 0, sizeof(*e));
	e->on = som__strdup(on);
	e->pattern = pattern ? som__strdup(pattern) : NULL;
	e->text = text ? som__strndup(text, text_len) : NULL;
	c->n_ev++;
	if (!e->on || (pattern && !e->pattern) || (text && !e->text))
		return SOM_ENOMEM;
	if (mask && e->text) {
		int left = 4;
		for (size_t i = strlen(e->text); i > 0 && left; i--) {
			if (is_digit(e->text[i - 1])) {
				e->text[i - 1] = '*';
				left--;
			}
		}
	}
	return 0;
}

static int tok_match(const char *t, const span *s, const som_word_tok *w)
{
	size_t len = s->end - s->start;
	const char *p = t + s->start;

	if (w->any_start && w->any_end)
		return len >= w->len && memmem(p, len, w->text, w->len) != NULL;
	if (w->any_end)
		return len >= w->len && memcmp(p, w->text, w->len) == 0;
	if (w->any_start)
		return len >= w->len && memcmp(p + len - w->len, w->text, w->len) == 0;
	return len == w->len && memcmp(p, w->text, len) == 0;
}

/* Where the sequence first occurs in the text's words: the token index, or -1. */
static long seq_find(const ctx *c, const som_word_seq *seq)
{
	const char *t = c->folded.ptr;

	for (size_t i = 0; i + seq->n_toks <= c->toks.n; i++) {
		size_t j = 0;
		while (j < seq->n_toks && tok_match(t, &c->toks.v[i + j], &seq->toks[j]))
			j++;
		if (j == seq->n_toks)
			return (long)i;
	}
	return -1;
}

static int eval_words(ctx *c, const som_cond *cond, const char *on)
{
	int found = 0, error;

	for (size_t i = 0; i < cond->n_seqs; i++) {
		const som_word_seq *seq = &cond->seqs[i];
		long at = seq_find(c, seq);
		const span *first, *last;
		if (at < 0)
			continue;
		first = &c->toks.v[at];
		last = &c->toks.v[(size_t)at + seq->n_toks - 1];
		if ((error = evidence(c, on, seq->source, c->folded.ptr + first->start,
				last->end - first->start, 0)) != 0)
			return error;
		found = 1;
	}
	return found;
}

static int eval_regex(ctx *c, const som_cond *cond)
{
	regmatch_t m;
	size_t i;

	/* No fixed text the expression needs: no match, and no regexec (slow). */
	for (i = 0; i < cond->n_lits; i++)
		if (memmem(c->folded.ptr, c->folded.size, cond->lits[i], strlen(cond->lits[i])))
			break;
	if (cond->n_lits && i == cond->n_lits)
		return 0;
	if (som_plan__regexec(c->plan, cond->re, c->folded.ptr, 1, &m, 0) != 0)
		return 0;
	return evidence(c, "regex", cond->source, c->folded.ptr + m.rm_so,
		(size_t)(m.rm_eo - m.rm_so), 0) ? SOM_ENOMEM : 1;
}

/* Evidence of every span found (at most a few), 1 when there was any. */
static int eval_spans(ctx *c, const spans *s, const char *on, int mask)
{
	for (size_t i = 0; i < s->n && i < 5; i++)
		if (evidence(c, on, NULL, c->folded.ptr + s->v[i].start,
				s->v[i].end - s->v[i].start, mask) != 0)
			return SOM_ENOMEM;
	return s->n > 0;
}

static int eval(ctx *c, const som_cond *cond);

static int eval_children(ctx *c, const som_cond *cond)
{
	size_t mark = c->n_ev;
	int r, any = 0;

	for (size_t i = 0; i < cond->n_children; i++) {
		r = eval(c, &cond->children[i]);
		if (r < 0)
			return r;
		if (cond->type == SOM_COND_ALL && !r) {
			rollback(c, mark);
			return 0;
		}
		if (cond->type == SOM_COND_NONE && r) {
			rollback(c, mark);
			return 0;
		}
		any |= r;
	}
	if (cond->type == SOM_COND_NONE) {
		rollback(c, mark);
		return 1;
	}
	if (cond->type == SOM_COND_ANY && !any) {
		rollback(c, mark);
		return 0;
	}
	return 1;
}

static int eval(ctx *c, const som_cond *cond)
{
	const char *t = c->folded.ptr;
	size_t len = c->folded.size;
	char num[32];
	int error;

	switch (cond->type) {
	case SOM_COND_ALL:
	case SOM_COND_ANY:
	case SOM_COND_NONE:
		return eval_children(c, cond);
	case SOM_COND_WORDS:
		return eval_words(c, cond, "words");
	case SOM_COND_PHRASE:
		return eval_words(c, cond, "phrase");
	case SOM_COND_REGEX:
		return eval_regex(c, cond);
	case SOM_COND_KIND:
		if (!(som_kind_bit(c->in->kind) & cond->kinds))
			return 0;
		return evidence(c, "kind", NULL, c->in->kind, strlen(c->in->kind), 0) ? SOM_ENOMEM : 1;
	case SOM_COND_AUTHOR:
		if (!c->in->by_account != !cond->value)
			return 0;
		return evidence(c, "author", NULL, cond->value ? "account" : "others",
			cond->value ? 7 : 6, 0) ? SOM_ENOMEM : 1;
	case SOM_COND_POSITION:
		if (!c->in->is_answer != !cond->value)
			return 0;
		return evidence(c, "position", NULL, cond->value ? "answer" : "top",
			cond->value ? 6 : 3, 0) ? SOM_ENOMEM : 1;
	case SOM_COND_MAX_LENGTH:
		if ((long)c->n_chars > cond->value)
			return 0;
		snprintf(num, sizeof(num), "%zu", c->n_chars);
		return evidence(c, "max-length", cond->source, num, strlen(num), 0) ? SOM_ENOMEM : 1;
	case SOM_COND_CASE_REF:
		if (!c->case_refs.done && (error = find_case_refs(&c->case_refs, c->plan, t, len)) != 0)
			return error;
		return eval_spans(c, &c->case_refs, "case-reference", 0);
	case SOM_COND_PNR:
		if (!c->pnrs.done && (error = find_pnrs(&c->pnrs, t, len)) != 0)
			return error;
		return eval_spans(c, &c->pnrs, "personal-identity-number", 1);
	case SOM_COND_PHONE:
		if (!c->phones.done && (error = find_phones(&c->phones, t, len)) != 0)
			return error;
		return eval_spans(c, &c->phones, "phone-number", 1);
	case SOM_COND_ADDRESS:
		if (!c->addresses.done && (error = find_addresses(&c->addresses, t, &c->toks)) != 0)
			return error;
		return eval_spans(c, &c->addresses, "street-address", 0);
	}
	return 0;
}

void som_classify_result_free(som_classify_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_rules; i++) {
		for (size_t j = 0; j < r->rules[i].n_evidence; j++)
			free_evidence(&r->rules[i].evidence[j]);
		som__free(r->rules[i].evidence);
		som__free(r->rules[i].id);
	}
	som__free(r->rules);
	som__free(r->plan_version);
	som__free(r);
}

/* Move the gathered evidence into a new rule match. */
static int add_match(som_classify_result *r, ctx *c, const som_plan_rule *rule)
{
	som_rule_match *m, *grown = som__realloc(r->rules, (r->n_rules + 1) * sizeof(*grown));

	if (!grown)
		return SOM_ENOMEM;
	r->rules = grown;
	m = &r->rules[r->n_rules++];
	memset(m, 0, sizeof(*m));
	m->cls = rule->cls;
	m->flag = rule->flag;
	m->review = rule->review;
	if (!(m->id = som__strdup(rule->id)))
		return SOM_ENOMEM;
	if (c->n_ev) {
		if (!(m->evidence = som__calloc(c->n_ev, sizeof(*m->evidence))))
			return SOM_ENOMEM;
		memcpy(m->evidence, c->ev, c->n_ev * sizeof(*m->evidence));
		m->n_evidence = c->n_ev;
		c->n_ev = 0;
	}
	return 0;
}

void som_classify_input_for(som_classify_input *out, const char *text,
	const char *kind, int by_account, const char *parent_platform_id)
{
	som_classify_input in = SOM_CLASSIFY_INPUT_INIT;

	in.text = text;
	in.kind = kind;
	in.by_account = by_account != 0;
	in.is_answer = (parent_platform_id && *parent_platform_id) ||
		(kind && (strcmp(kind, "comment") == 0 || strcmp(kind, "reply") == 0));
	*out = in;
}

int som_classify_text(som_classify_result **out, const som_plan *plan,
	const som_classify_input *in)
{
	som_classify_input none = SOM_CLASSIFY_INPUT_INIT;
	som_classify_result *r = NULL;
	const char *text;
	ctx c;
	int error = 0, best = SOM_CLASS_NONE, matched;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	if (!in)
		in = &none;
	text = in->text ? in->text : "";
	c.plan = plan;
	c.in = in;
	if (!(r = som__calloc(1, sizeof(*r))) ||
	    !(r->plan_version = som__strdup(plan->decision.version))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if ((error = som_classify__fold(&c.folded, text, strlen(text))) != 0 ||
	    (error = tokenize(&c.toks, c.folded.ptr, c.folded.size)) != 0)
		goto done;
	for (size_t i = 0; i < c.folded.size; i++)
		if (!is_cont((unsigned char)c.folded.ptr[i]))
			c.n_chars++;
	for (size_t i = 0; i < plan->n_rules; i++) {
		const som_plan_rule *rule = &plan->rules[i];
		matched = eval(&c, &plan->conds[i]);
		if (matched < 0) {
			error = matched;
			goto done;
		}
		if (!matched) {
			rollback(&c, 0);
			continue;
		}
		if ((error = add_match(r, &c, rule)) != 0)
			goto done;
		if (rule->cls > best)
			best = rule->cls;
		r->flags |= rule->flag;
		if (rule->review)
			r->review = 1;
	}
	if (best == SOM_CLASS_NONE) {
		/* No class rule matched: the plan's answer, and a person looks. */
		r->cls = plan->otherwise;
		r->otherwise = 1;
		r->review = 1;
	} else {
		r->cls = best;
	}
done:
	rollback(&c, 0);
	som__free(c.ev);
	som__free(c.toks.v);
	som__free(c.case_refs.v);
	som__free(c.pnrs.v);
	som__free(c.phones.v);
	som__free(c.addresses.v);
	som_buf_dispose(&c.folded);
	if (error) {
		som_classify_result_free(r);
		return error;
	}
	*out = r;
	return 0;
}

int som_classify_result_to_json(som_buf *out, const som_classify_result *r)
{
	som_buf flags = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	som_json__obj_begin(&w, out);
	som_json__kv_str(&w, "plan", r->plan_version);
	som_json__kv_str(&w, "class", som_class_name(r->cls));
	som_json__kv_raw(&w, "flags", "");
	if ((error = w.error) != 0)
		goto done;
	if ((error = som_buf_putc(out, '[')) != 0)
		goto done;
	for (size_t i = 0, n = 0; i < 3; i++) {
		if (!(r->flags & (1u << i)))
			continue;
		if ((n++ && (error = som_buf_putc(out, ',')) != 0) ||
		    (error = som_json__put_string(out, som_flag_name(1u << i))) != 0)
			goto done;
	}
	if ((error = som_buf_putc(out, ']')) != 0)
		goto done;
	som_json__kv_bool(&w, "review", r->review);
	som_json__kv_bool(&w, "otherwise", r->otherwise);
	som_json__kv_raw(&w, "rules", "");
	if ((error = w.error) != 0 || (error = som_buf_putc(out, '[')) != 0)
		goto done;
	for (size_t i = 0; i < r->n_rules; i++) {
		const som_rule_match *m = &r->rules[i];
		som_json_writer rw;
		if (i && (error = som_buf_putc(out, ',')) != 0)
			goto done;
		som_json__obj_begin(&rw, out);
		som_json__kv_str(&rw, "id", m->id);
		som_json__kv_str(&rw, "class", som_class_name(m->cls));
		som_json__kv_str(&rw, "flag", som_flag_name(m->flag));
		som_json__kv_bool(&rw, "review", m->review);
		som_json__kv_raw(&rw, "matched", "");
		if ((error = rw.error) != 0 || (error = som_buf_putc(out, '[')) != 0)
			goto done;
		for (size_t j = 0; j < m->n_evidence; j++) {
			som_json_writer ew;
			if (j && (error = som_buf_putc(out, ',')) != 0)
				goto done;
			som_json__obj_begin(&ew, out);
			som_json__kv_str(&ew, "on", m->evidence[j].on);
			if (m->evidence[j].pattern)
				som_json__kv_str(&ew, "pattern", m->evidence[j].pattern);
			if (m->evidence[j].text)
				som_json__kv_str(&ew, "text", m->evidence[j].text);
			if ((error = som_json__obj_end(&ew)) != 0)
				goto done;
		}
		if ((error = som_buf_puts(out, "]}")) != 0)
			goto done;
	}
	error = som_buf_puts(out, "]}");
done:
	som_buf_dispose(&flags);
	return error;
}

/* Duplicate a member's string (NULL when absent); sets *error on allocation failure. */
static char *dup_member(const som_json *obj, const char *key, int *error)
{
	const char *s = som_json__get_string(obj, key);
	char *d;

	if (!s)
		return NULL;
	if (!(d = som__strdup(s)))
		*error = SOM_ENOMEM;
	return d;
}

static int read_rule(som_rule_match *m, const som_json *obj)
{
	const som_json *matched = som_json__get(obj, "matched");
	const char *flag = som_json__get_string(obj, "flag");
	size_t n = som_json__array_size(matched);
	int error = 0;

	m->id = dup_member(obj, "id", &error);
	m->cls = som_class_parse(som_json__get_string(obj, "class"));
	if (!flag || som_flags_parse(&m->flag, flag) != 0)
		m->flag = 0;
	m->review = som_json__is_true(som_json__get(obj, "review"));
	if (error || !n)
		return error;
	if (!(m->evidence = som__calloc(n, sizeof(*m->evidence))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < n && !error; i++) {
		const som_json *e = som_json__array_get(matched, i);
		m->n_evidence = i + 1;
		m->evidence[i].on = dup_member(e, "on", &error);
		m->evidence[i].pattern = dup_member(e, "pattern", &error);
		m->evidence[i].text = dup_member(e, "text", &error);
	}
	return error;
}

int som_classify_result_from_json(som_classify_result **out, const char *json)
{
	som_json *root = NULL;
	const som_json *flags, *rules;
	som_classify_result *r = NULL;
	unsigned int f;
	size_t n;
	int error = 0;

	*out = NULL;
	if (!json || som_json__parse(&root, json, strlen(json), "explanation", 0) != 0 ||
	    !som_json__is_object(root) ||
	    som_class_parse(som_json__get_string(root, "class")) == SOM_CLASS_NONE) {
		som_json__free(root);
		return som__error(SOM_EINVALID, "not an explanation of a classification");
	}
	if (!(r = som__calloc(1, sizeof(*r)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	r->cls = som_class_parse(som_json__get_string(root, "class"));
	r->plan_version = dup_member(root, "plan", &error);
	r->review = som_json__is_true(som_json__get(root, "review"));
	r->otherwise = som_json__is_true(som_json__get(root, "otherwise"));
	flags = som_json__get(root, "flags");
	for (size_t i = 0; i < som_json__array_size(flags); i++) {
		const char *name = som_json__string(som_json__array_get(flags, i));
		if (name && som_flags_parse(&f, name) == 0)
			r->flags |= f;
	}
	rules = som_json__get(root, "rules");
	n = som_json__array_size(rules);
	if (!error && n && !(r->rules = som__calloc(n, sizeof(*r->rules))))
		error = SOM_ENOMEM;
	for (size_t i = 0; i < n && !error; i++) {
		r->n_rules = i + 1;
		error = read_rule(&r->rules[i], som_json__array_get(rules, i));
	}
done:
	som_json__free(root);
	if (error) {
		som_classify_result_free(r);
		return error;
	}
	*out = r;
	return 0;
}
