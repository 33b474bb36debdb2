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

/* Is the code point an emoji (a pictograph that stands as a word of its own)? */
int som_classify__is_emoji_cp(uint32_t cp);

/* Cut folded text into words: runs of letters and digits, and each emoji. */
int som_classify__tokenize(spans *out, const char *t, size_t len);

/* ---- stem.c ----------------------------------------------------------- */

typedef struct som_stemmer som_stemmer;

/* A Swedish stemmer (free with som_classify__stemmer_free); SOM_ENOMEM. */
int som_classify__stemmer_new(som_stemmer **out);
void som_classify__stemmer_free(som_stemmer *stemmer);
/* The stem of a folded word, allocated (the caller frees); NULL when out of memory. */
char *som_classify__stem(som_stemmer *stemmer, const char *word, size_t len);

/* ---- text.c: normalised words ------------------------------------------- */

/*
 * One word of a text, normalised: its folded form, the same with
 * elongations squeezed to one and to two letters (when that changes it),
 * and the stem of each. Strings are offsets into the pool of som_ntoks.
 */
typedef struct som_ntok {
	size_t start, end;               /* bytes of the folded text */
	int n_forms;                     /* 1 to 3 */
	size_t form[3], form_len[3];
	size_t stem[3], stem_len[3];
	size_t alt, alt_len;             /* the stem without a definite ending Snowball keeps
	                                    ("hotet" to "hot", "ohyran" to "ohyr"); alt_len 0: none */
	int emoji;
} som_ntok;

typedef struct som_ntoks {
	som_ntok *v;
	size_t n;
	som_buf pool;
} som_ntoks;

#define SOM_NTOK_FORM(t, tok, f) ((t)->pool.ptr + (tok)->form[f])
#define SOM_NTOK_STEM(t, tok, f) ((t)->pool.ptr + (tok)->stem[f])
#define SOM_NTOK_ALT(t, tok) ((t)->pool.ptr + (tok)->alt)

/* Normalise the words `toks` of folded text `folded`; SOM_ENOMEM. */
int som_classify__normalise(som_ntoks *out, const char *folded, const spans *toks,
	som_stemmer *stemmer);
void som_classify__ntoks_dispose(som_ntoks *t);

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

/* Does the folded word `p` (len bytes) match the pattern word (wildcards included)? */
int som_classify__word_match(const som_word_tok *w, const char *p, size_t len);

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

/* ---- lexicon.c -------------------------------------------------------- */

/* A plan's concept lexicons, compiled into one index. */
typedef struct som_lexicons som_lexicons;

int som_classify__lexicons_new(som_lexicons **out);
void som_classify__lexicons_free(som_lexicons *lexicons);

/*
 * Add lexicon `name` from the text of its file. SOM_EINVALID with the
 * problem in `problem` and its line in *bad_line (no message set: the
 * caller names the file); SOM_ENOMEM.
 */
int som_classify__lexicon_add(som_lexicons *lexicons, const char *name,
	const char *text, size_t len, long *bad_line, char *problem, size_t problem_size);
/* The index of lexicon `name`, -1 when there is none. */
int som_classify__lexicon_find(const som_lexicons *lexicons, const char *name);
size_t som_classify__lexicon_count(const som_lexicons *lexicons);
const char *som_classify__lexicon_name(const som_lexicons *lexicons, int lex);
size_t som_classify__lexicon_size(const som_lexicons *lexicons, int lex);
/* An entry as its file writes it (borrowed). */
const char *som_classify__lexicon_entry(const som_lexicons *lexicons, int lex,
	size_t entry);
/* "word", "stem", "compound", "misspelling", "phrase". */
const char *som_classify__lexicon_how(int how);
/* The stemmer the lexicons were compiled with (borrowed). */
som_stemmer *som_classify__lexicons_stemmer(const som_lexicons *lexicons);

/* One entry of one lexicon found in a text: words first..last. */
typedef struct som_lex_match {
	size_t first, last;
	int lexicon;
	size_t entry;
	int how;
} som_lex_match;

/*
 * Every lexicon's matches in the normalised words `t`, in the order of
 * the words. The array belongs to the caller (som__free); SOM_ENOMEM.
 */
int som_classify__lexicons_match(som_lex_match **out, size_t *n_out,
	const som_lexicons *lexicons, const som_ntoks *t);

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
/* With `checked` 0, also numbers whose check digit is wrong. */
int som_classify__find_pnrs(spans *out, const char *t, size_t len, int checked);
int som_classify__find_phones(spans *out, const char *t, size_t len);
int som_classify__find_addresses(spans *out, const char *t, const spans *toks);

/* ---- model.c ---------------------------------------------------------- */

/* The labels of the built-in model (<model-score label=...>). */
enum { SOM_MODEL_KEEP, SOM_MODEL_CRIME, SOM_MODEL_SECRECY, SOM_MODEL_LABELS };

/* Features are hashed into this many weights per label. */
#define SOM_MODEL_BITS 16
#define SOM_MODEL_SIZE (1u << SOM_MODEL_BITS)

typedef struct som_model {
	int trained;                      /* 0: built without a training corpus */
	long n_items;                     /* items it was trained on */
	float bias[SOM_MODEL_LABELS];
	const float *weights[SOM_MODEL_LABELS];
} som_model;

/* The weights, written by tools/train-classify into build/<variant>/gen/model.c. */
extern const som_model som_classify__model;

/*
 * The model's features of an item: hashed indexes, sorted, each once.
 * The array belongs to the caller (som__free); SOM_ENOMEM.
 */
int som_classify__features(uint32_t **out, size_t *n_out, const som_ntoks *t,
	const som_classify_input *in);
/* The log-odds of `label` for the features (each of value 1/sqrt(n)). */
double som_classify__model_logit(const som_model *model, int label, const uint32_t *idx,
	size_t n);

/*
 * The built-in model's probabilities that the item is to be kept, a
 * crime, secret (SOM_MODEL_* order, as in plan.h). SOM_ENOTFOUND when the
 * library was built without a trained model; SOM_ENOMEM.
 */
int som_classify__model_scores(double *out, const som_ntoks *t,
	const som_classify_input *in);

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
