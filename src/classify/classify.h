/*
 * The insides of the classifier shared by its files (src/classify/) and by
 * the plan reader, which compiles a plan's words, phrases and series with
 * them: UTF-8 decoding, folding and words (text.c), compiled patterns
 * (pattern.c), recognisers of numbers and places (recognise.c) and rule
 * evaluation (evaluate.c).
 */
#ifndef SOM_SRC_CLASSIFY_H
#define SOM_SRC_CLASSIFY_H

#include <locale.h>
#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include "util/common.h"
#include "somarkiv/classify.h"

/* ---- text.c ----------------------------------------------------------- */

static inline int som_classify__is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static inline int som_classify__is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Decode one code point; bad input gives U+FFFD over one byte. Returns its length. */
size_t som_classify__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * Swedish-aware folding: lower case (Å Ä Ö to å ä ö, É to é, and the rest
 * of Latin, Greek and Cyrillic), decomposed å ä ö é composed, fancy
 * letters and digits (full-width, mathematical) made plain, every kind of
 * white space one space, invisible characters dropped, dashes '-'. Bad
 * UTF-8 becomes U+FFFD. Appends valid UTF-8 to `out`.
 */
int som_classify__fold(som_buf *out, const char *text, size_t len);

/* Is the code point (folded) a letter or digit, that is part of a word? */
int som_classify__is_word_cp(uint32_t cp);

/* Byte ranges of a text: its words, or what a recogniser found. */
typedef struct span {
	size_t start, end;
} span;

typedef struct spans {
	span *v;
	size_t n, a;
	int done;      /* filled already (recognisers run at most once a text) */
} spans;

int som_classify__spans_add(spans *s, size_t start, size_t end);

/* Cut folded text into words: runs of letters and digits. */
int som_classify__tokenize(spans *out, const char *t, size_t len);

/* ---- pattern.c -------------------------------------------------------- */

/* One token of a word pattern, case-folded. */
typedef struct som_word_tok {
	char *text;
	size_t len;
	int any_end;     /* "ord*": any ending (inflection by prefix) */
	int any_start;   /* "*ord": any beginning (the last part of a compound) */
} som_word_tok;

/* A word or phrase: tokens that must follow each other in the text. */
typedef struct som_word_seq {
	som_word_tok *toks;
	size_t n_toks;
	char *source;    /* as the plan writes it, for explanations */
} som_word_seq;

/*
 * Compile a word pattern ("klagomål*", "*hot", "e-tjänst") or, with
 * `phrase`, a phrase into `out`. SOM_EINVALID when it holds no letter or
 * digit (no message set: the caller names the place).
 */
int som_classify__compile_seq(som_word_seq *out, const char *source, size_t len,
	int phrase);
void som_classify__free_seq(som_word_seq *seq);

/*
 * Build the POSIX extended expression recognising numbers of a series
 * written as `format` ("{prefix} {year}/{case}") over folded text.
 * SOM_EINVALID (message in `problem`) for an unknown placeholder or no
 * {case}.
 */
int som_classify__series_regex(som_buf *out, const char *prefix,
	const char *format, int *has_prefix, int *has_doc, char *problem,
	size_t problem_size);

/*
 * Strings of which any match of the extended expression `pattern` must
 * contain one, case-folded: a cheap test before running the expression.
 * `*n_out` 0 when the expression gives none (nothing to skip on). The
 * strings belong to the caller: som_classify__free_literals().
 */
int som_classify__regex_literals(char ***out, size_t *n_out, const char *pattern);
void som_classify__free_literals(char **lits, size_t n);

/* The generic recogniser of a registration number after "dnr", "ärende", ... */
extern const char som_classify__dnr_regex[];

/*
 * regcomp (extended, case-insensitive) and regexec in `utf8`, a UTF-8
 * locale, so that expressions see characters; (locale_t)0: the current one.
 */
int som_classify__regcomp(locale_t utf8, regex_t *re, const char *pattern);
int som_classify__regexec(locale_t utf8, const regex_t *re, const char *text,
	size_t nmatch, regmatch_t *match, int eflags);

/* ---- recognise.c ------------------------------------------------------ */

/*
 * Is `s` (len bytes, e.g. "850714-9964", "198507149964", "260302+9840")
 * a Swedish personal identity or coordination number: the right shape,
 * a real date (coordination numbers: day + 60), a Luhn check digit?
 */
int som_classify__is_pnr(const char *s, size_t len);

/* Each appends what it finds in folded text `t` to `out` and marks it done. */
int som_classify__find_case_refs(spans *out, const som_plan *plan, const char *t,
	size_t len);
int som_classify__find_pnrs(spans *out, const char *t, size_t len);
int som_classify__find_phones(spans *out, const char *t, size_t len);
int som_classify__find_addresses(spans *out, const char *t, const spans *toks);

/* ---- evaluate.c ------------------------------------------------------- */

void som_classify__free_evidence(som_evidence *e);

/*
 * Apply the plan's rules to the input, filling `r` (allocated, with its
 * plan version): matching rules with their evidence, class, flags,
 * review. SOM_ENOMEM only.
 */
int som_classify__apply_rules(som_classify_result *r, const som_plan *plan,
	const som_classify_input *in);

#endif
