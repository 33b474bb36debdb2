/*
 * The classifier's compiled patterns: words and phrases of a plan turned
 * into folded token sequences, the fixed strings every match of a regular
 * expression must hold (a cheap test before regexec), and the recognisers
 * of registration numbers built from a series' number format; regular
 * expressions compiled and run in a UTF-8 locale.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "classify/classify.h"

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
	    (error = som_classify__tokenize(&toks, folded.ptr, folded.size)) != 0)
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

int som_classify__word_match(const som_word_tok *w, const char *p, size_t len)
{
	if (w->any_start && w->any_end)
		return len >= w->len && memmem(p, len, w->text, w->len) != NULL;
	if (w->any_end)
		return len >= w->len && memcmp(p, w->text, w->len) == 0;
	if (w->any_start)
		return len >= w->len && memcmp(p + len - w->len, w->text, w->len) == 0;
	return len == w->len && memcmp(p, w->text, len) == 0;
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
				while (som_classify__is_cont((unsigned char)**p))
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

int som_classify__regcomp(locale_t utf8, regex_t *re, const char *pattern)
{
	locale_t saved = (locale_t)0;
	int rc;

	if (utf8)
		saved = uselocale(utf8);
	rc = regcomp(re, pattern, REG_EXTENDED | REG_ICASE);
	if (utf8)
		uselocale(saved);
	return rc;
}

int som_classify__regexec(locale_t utf8, const regex_t *re, const char *text,
	size_t nmatch, regmatch_t *match, int eflags)
{
	locale_t saved = (locale_t)0;
	int rc;

	if (utf8)
		saved = uselocale(utf8);
	rc = regexec(re, text, nmatch, match, eflags);
	if (utf8)
		uselocale(saved);
	return rc;
}
