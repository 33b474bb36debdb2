/*
 * Concept lexicons: the archivist's word lists (retention/lexicons/, one
 * entry a line) compiled into one index for all of a plan's lexicons,
 * and matched against a text's normalised words. A word entry matches its
 * inflections (the same stem), a compound that ends in it ("hot" in
 * "mordhotet") or, marked "ord+", begins with it ("kniv+" in "knivhöggs"),
 * and, when it is long, a misspelling one edit away; "=ord"
 * matches only as written, "ord*" any ending, "*ord" any beginning, words
 * with spaces between them a phrase, "-ord" or "-two words" keeps what
 * it matches out of the lexicon. Lines "@compounds none|head|both"
 * (default head) and "@fuzzy yes|no" set what the lexicon's words may
 * match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "classify/classify.h"

/* Keys of the index: a type letter, then the folded string. */
enum {
	KEY_FORM = 'f',      /* a word entry as written (folded) */
	KEY_STEM = 's',      /* its stem */
	KEY_DEL = 'd',       /* its form with one letter left out (misspellings) */
	KEY_DELSTEM = 'e',   /* its stem with one letter left out */
	KEY_NEG = 'n',       /* a word kept out of the lexicon */
	KEY_PHRASE = 'p'     /* the first word of a phrase, as written or its stem */
};

enum entry_kind { ENTRY_WORD, ENTRY_EXACT, ENTRY_WILD, ENTRY_PHRASE };

/* How well a word matched, best first. */
enum { HOW_WORD, HOW_STEM, HOW_COMPOUND, HOW_FUZZY, HOW_PHRASE, HOW_NONE };
static const char *const how_names[] = {
	"word", "stem", "compound", "misspelling", "phrase"
};

/* The shortest words that match in compounds or within one edit. */
#define HEAD_MIN 3       /* "hot" in "dödshot" (as written; a stem needs HEAD_STEM_MIN) */
#define HEAD_STEM_MIN 4
#define MODIFIER_MIN 4   /* "kniv" in "knivhugg" */
#define REST_MIN 3       /* what the compound adds to the entry */
#define FUZZY_FORM_MIN 8
#define FUZZY_STEM_MIN 7
#define WORD_MAX 96      /* longer "words" (links, noise) only match as written */

typedef struct lex_entry {
	char *source;        /* the line as written, for explanations */
	long line;
	int kind;
	int negative;
	int modifier;        /* "ord+": also the first part of a compound */
	char *form, *stem;   /* WORD, EXACT */
	size_t form_chars, stem_chars;
	som_word_seq seq;    /* WILD, PHRASE */
	char **seq_stems;    /* PHRASE: the stem of each word (NULL for a wildcard) */
} lex_entry;

typedef struct lexicon {
	char *name;
	lex_entry *v;
	size_t n, a;
	int compounds;       /* 0: none; 1: as the last part; 2: as the first part too */
	int fuzzy;
	size_t *scan;        /* entries tried at every word: "ord*", "*ord", phrases from "*" */
	size_t n_scan;
} lexicon;

typedef struct posting {
	uint32_t lex, entry, next;
} posting;

#define NO_POSTING UINT32_MAX

typedef struct slot {
	uint64_t hash;
	size_t key;
	uint32_t key_len;
	uint32_t head;       /* NO_POSTING: empty slot */
} slot;

struct som_lexicons {
	lexicon *lex;
	size_t n_lex;
	som_stemmer *stemmer;
	slot *slots;
	size_t n_slots, used;
	posting *posts;
	size_t n_posts, a_posts;
	som_buf keys;
};

/* ---- the index ---------------------------------------------------------- */

static uint64_t hash_key(const char *k, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)k[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int grow_slots(som_lexicons *x)
{
	size_t n = x->n_slots ? x->n_slots * 2 : 1024;
	slot *s = som__calloc(n, sizeof(*s)), *old = x->slots;

	if (!s)
		return SOM_ENOMEM;
	for (size_t i = 0; i < n; i++)
		s[i].head = NO_POSTING;
	for (size_t i = 0; i < x->n_slots; i++) {
		size_t j;
		if (old[i].head == NO_POSTING)
			continue;
		for (j = old[i].hash & (n - 1); s[j].head != NO_POSTING; j = (j + 1) & (n - 1))
			;
		s[j] = old[i];
	}
	som__free(old);
	x->slots = s;
	x->n_slots = n;
	return 0;
}

/* The slot of key (type, s); NULL when absent. */
static const slot *find_slot(const som_lexicons *x, int type, const char *s, size_t len)
{
	char k[WORD_MAX * 4 + 2];
	uint64_t h;

	if (!x->n_slots || len + 1 > sizeof(k))
		return NULL;
	k[0] = (char)type;
	memcpy(k + 1, s, len);
	h = hash_key(k, len + 1);
	for (size_t j = h & (x->n_slots - 1); x->slots[j].head != NO_POSTING;
	     j = (j + 1) & (x->n_slots - 1)) {
		const slot *sl = &x->slots[j];
		if (sl->hash == h && sl->key_len == len + 1 &&
		    memcmp(x->keys.ptr + sl->key, k, len + 1) == 0)
			return sl;
	}
	return NULL;
}

static int index_add(som_lexicons *x, int type, const char *s, size_t len, uint32_t lex,
	uint32_t entry)
{
	char k[WORD_MAX * 4 + 2];
	uint64_t h;
	size_t j;
	slot *sl;

	if (len + 1 > sizeof(k))
		return 0;  /* too long to be a word: matched by nothing */
	if ((x->used + 1) * 2 > x->n_slots && grow_slots(x) != 0)
		return SOM_ENOMEM;
	if (x->n_posts == x->a_posts) {
		size_t a = x->a_posts ? x->a_posts * 2 : 1024;
		posting *p = som__realloc(x->posts, a * sizeof(*p));
		if (!p)
			return SOM_ENOMEM;
		x->posts = p;
		x->a_posts = a;
	}
	k[0] = (char)type;
	memcpy(k + 1, s, len);
	h = hash_key(k, len + 1);
	for (j = h & (x->n_slots - 1); x->slots[j].head != NO_POSTING;
	     j = (j + 1) & (x->n_slots - 1)) {
		sl = &x->slots[j];
		if (sl->hash == h && sl->key_len == len + 1 &&
		    memcmp(x->keys.ptr + sl->key, k, len + 1) == 0)
			break;
	}
	sl = &x->slots[j];
	if (sl->head == NO_POSTING) {
		sl->hash = h;
		sl->key = x->keys.size;
		sl->key_len = (uint32_t)(len + 1);
		if (som_buf_put(&x->keys, k, len + 1) != 0)
			return SOM_ENOMEM;
		x->used++;
	}
	x->posts[x->n_posts].lex = lex;
	x->posts[x->n_posts].entry = entry;
	x->posts[x->n_posts].next = sl->head;
	sl->head = (uint32_t)x->n_posts++;
	return 0;
}

/* ---- strings as code points ------------------------------------------- */

static size_t n_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += !som_classify__is_cont((unsigned char)s[i]);
	return n;
}

/* Byte offsets of each code point of s, and len at [n]; the count, or 0 when too long. */
static size_t char_offsets(size_t *at, size_t max, const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (som_classify__is_cont((unsigned char)s[i]))
			continue;
		if (n + 1 >= max)
			return 0;
		at[n++] = i;
	}
	at[n] = len;
	return n;
}

/* Are a and b at most one insertion, deletion, substitution or swap of neighbours apart? */
static int within_one_edit(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t ao[WORD_MAX + 1], bo[WORD_MAX + 1], na, nb, i = 0, ea, eb;

	na = char_offsets(ao, WORD_MAX + 1, a, alen);
	nb = char_offsets(bo, WORD_MAX + 1, b, blen);
	if (!na || !nb || (na > nb ? na - nb : nb - na) > 1)
		return 0;
#define CH_EQ(x, xo, xi, y, yo, yi) \
	((xo)[(xi) + 1] - (xo)[xi] == (yo)[(yi) + 1] - (yo)[yi] && \
	 memcmp((x) + (xo)[xi], (y) + (yo)[yi], (xo)[(xi) + 1] - (xo)[xi]) == 0)
	while (i < na && i < nb && CH_EQ(a, ao, i, b, bo, i))
		i++;
	if (i == na && i == nb)
		return 1;
	ea = na;
	eb = nb;
	while (ea > i && eb > i && CH_EQ(a, ao, ea - 1, b, bo, eb - 1)) {
		ea--;
		eb--;
	}
	/* What differs lies in [i, ea) of a and [i, eb) of b. */
	if (ea - i <= 1 && eb - i <= 1)
		return 1;
	if (ea - i == 2 && eb - i == 2 && CH_EQ(a, ao, i, b, bo, i + 1) &&
	    CH_EQ(a, ao, i + 1, b, bo, i))
		return 1;
#undef CH_EQ
	return 0;
}

/* ---- reading a lexicon ------------------------------------------------ */

static void entry_dispose(lex_entry *e)
{
	som__free(e->source);
	som__free(e->form);
	som__free(e->stem);
	if (e->seq_stems)
		for (size_t i = 0; i < e->seq.n_toks; i++)
			som__free(e->seq_stems[i]);
	som__free(e->seq_stems);
	som_classify__free_seq(&e->seq);
}

void som_classify__lexicons_free(som_lexicons *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n_lex; i++) {
		for (size_t j = 0; j < x->lex[i].n; j++)
			entry_dispose(&x->lex[i].v[j]);
		som__free(x->lex[i].v);
		som__free(x->lex[i].scan);
		som__free(x->lex[i].name);
	}
	som__free(x->lex);
	som__free(x->slots);
	som__free(x->posts);
	som_buf_dispose(&x->keys);
	som_classify__stemmer_free(x->stemmer);
	som__free(x);
}

int som_classify__lexicons_new(som_lexicons **out)
{
	som_lexicons *x = som__calloc(1, sizeof(*x));
	int error;

	*out = NULL;
	if (!x)
		return SOM_ENOMEM;
	if ((error = som_classify__stemmer_new(&x->stemmer)) != 0 ||
	    (error = grow_slots(x)) != 0) {
		som_classify__lexicons_free(x);
		return error;
	}
	*out = x;
	return 0;
}

static int add_deletions(som_lexicons *x, int type, const char *s, size_t len,
	uint32_t lex, uint32_t entry)
{
	size_t at[WORD_MAX + 1], n = char_offsets(at, WORD_MAX + 1, s, len);
	char d[WORD_MAX * 4];
	int error = 0;

	for (size_t i = 0; i < n && !error; i++) {
		size_t dl = len - (at[i + 1] - at[i]);
		memcpy(d, s, at[i]);
		memcpy(d + at[i], s + at[i + 1], len - at[i + 1]);
		error = index_add(x, type, d, dl, lex, entry);
	}
	return error;
}

/* Fill `e` from one entry `w` (trimmed, no comment); SOM_EINVALID with `problem`. */
static int compile_entry(som_lexicons *x, lex_entry *e, const char *w,
	size_t len, char *problem, size_t problem_size)
{
	som_buf folded = SOM_BUF_INIT;
	spans toks = { NULL, 0, 0, 0 };
	int error = 0, phrase = 0, wild = 0;

	if (len && w[0] == '-') {
		e->negative = 1;
		w++;
		len--;
	}
	if (len && w[0] == '=') {
		e->kind = ENTRY_EXACT;
		w++;
		len--;
	}
	if (len > 1 && w[len - 1] == '+') {
		e->modifier = 1;
		len--;
	}
	for (size_t i = 0; i < len; i++) {
		phrase |= w[i] == ' ' || w[i] == '\t';
		wild |= w[i] == '*';
	}
	if (!phrase && !wild) {
		if ((error = som_classify__fold(&folded, w, len)) != 0 ||
		    (error = som_classify__tokenize(&toks, folded.ptr, folded.size)) != 0)
			goto done;
		if (!toks.n) {
			snprintf(problem, problem_size, "'%.*s' has no letter, digit or emoji",
				(int)len, w);
			error = SOM_EINVALID;
			goto done;
		}
		/* "e-tjänst", "lvu:n": several words, matched in a row. */
		phrase = toks.n > 1;
	}
	if (phrase || wild) {
		error = som_classify__compile_seq(&e->seq, w, len, 1);
		if (error == SOM_EINVALID) {
			snprintf(problem, problem_size, "'%.*s' has no letter, digit or emoji",
				(int)len, w);
			goto done;
		}
		if (error)
			goto done;
		if (e->seq.toks[0].any_start && !e->seq.toks[0].len) {
			snprintf(problem, problem_size, "'%.*s': a phrase cannot begin with a lone '*'",
				(int)len, w);
			error = SOM_EINVALID;
			goto done;
		}
		if (e->seq.n_toks == 1 && wild) {
			if (e->kind == ENTRY_EXACT) {
				snprintf(problem, problem_size, "'=%.*s': '=' and '*' do not go together",
					(int)len, w);
				error = SOM_EINVALID;
				goto done;
			}
			e->kind = ENTRY_WILD;
			goto done;
		}
		if (e->seq.n_toks == 1) {
			/* One word after all (a pattern of one word with punctuation around it). */
			e->form = som__strdup(e->seq.toks[0].text);
			som_classify__free_seq(&e->seq);
			if (!e->form) {
				error = SOM_ENOMEM;
				goto done;
			}
		} else {
			int exact = e->kind == ENTRY_EXACT;
			e->kind = ENTRY_PHRASE;
			if (!(e->seq_stems = som__calloc(e->seq.n_toks, sizeof(*e->seq_stems)))) {
				error = SOM_ENOMEM;
				goto done;
			}
			for (size_t i = 0; i < e->seq.n_toks && !exact; i++) {
				const som_word_tok *t = &e->seq.toks[i];
				if (t->any_start || t->any_end)
					continue;
				if (!(e->seq_stems[i] = som_classify__stem(x->stemmer, t->text, t->len))) {
					error = SOM_ENOMEM;
					goto done;
				}
			}
			goto done;
		}
	} else {
		e->form = som__strndup(folded.ptr + toks.v[0].start, toks.v[0].end - toks.v[0].start);
		if (!e->form) {
			error = SOM_ENOMEM;
			goto done;
		}
	}
	if (e->kind != ENTRY_EXACT)
		e->kind = ENTRY_WORD;
	e->form_chars = n_chars(e->form, strlen(e->form));
	if (!(e->stem = som_classify__stem(x->stemmer, e->form, strlen(e->form)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	e->stem_chars = n_chars(e->stem, strlen(e->stem));
done:
	som__free(toks.v);
	som_buf_dispose(&folded);
	return error;
}

static int index_entry(som_lexicons *x, const lexicon *l, const lex_entry *e,
	uint32_t li, uint32_t ei)
{
	int error = 0;

	if (e->negative && (e->kind == ENTRY_WORD || e->kind == ENTRY_EXACT))
		return index_add(x, KEY_NEG, e->form, strlen(e->form), li, ei);
	if (e->negative && e->kind == ENTRY_WILD)
		return 0;
	switch (e->kind) {
	case ENTRY_EXACT:
		return index_add(x, KEY_FORM, e->form, strlen(e->form), li, ei);
	case ENTRY_WORD:
		if ((error = index_add(x, KEY_FORM, e->form, strlen(e->form), li, ei)) != 0 ||
		    (error = index_add(x, KEY_STEM, e->stem, strlen(e->stem), li, ei)) != 0)
			return error;
		if (l->fuzzy && e->form_chars >= FUZZY_FORM_MIN &&
		    (error = add_deletions(x, KEY_DEL, e->form, strlen(e->form), li, ei)) != 0)
			return error;
		if (l->fuzzy && e->stem_chars >= FUZZY_STEM_MIN)
			error = add_deletions(x, KEY_DELSTEM, e->stem, strlen(e->stem), li, ei);
		return error;
	case ENTRY_PHRASE: {
		const som_word_tok *t = &e->seq.toks[0];
		if (t->any_start || t->any_end)
			return 0;  /* found by a scan */
		if ((error = index_add(x, KEY_PHRASE, t->text, t->len, li, ei)) != 0)
			return error;
		if (e->seq_stems[0] && strcmp(e->seq_stems[0], t->text) != 0)
			error = index_add(x, KEY_PHRASE, e->seq_stems[0], strlen(e->seq_stems[0]),
				li, ei);
		return error;
	}
	default:
		return 0;
	}
}

/* Is the entry tried at every word (it has no key in the index)? */
static int needs_scan(const lex_entry *e)
{
	return e->kind == ENTRY_WILD || (e->kind == ENTRY_PHRASE &&
		(e->seq.toks[0].any_start || e->seq.toks[0].any_end));
}

/* A directive line ("@compounds head"); SOM_EINVALID with `problem`. */
static int directive(lexicon *l, const char *w, size_t len, char *problem,
	size_t problem_size)
{
	static const struct {
		const char *line;
		int compounds, fuzzy;
	} known[] = {
		{ "@compounds none", 0, -1 }, { "@compounds head", 1, -1 },
		{ "@compounds both", 2, -1 }, { "@fuzzy yes", -1, 1 }, { "@fuzzy no", -1, 0 }
	};

	for (size_t i = 0; i < SOM_ARRAY_SIZE(known); i++) {
		if (strlen(known[i].line) != len || memcmp(known[i].line, w, len) != 0)
			continue;
		if (known[i].compounds >= 0)
			l->compounds = known[i].compounds;
		if (known[i].fuzzy >= 0)
			l->fuzzy = known[i].fuzzy;
		return 0;
	}
	snprintf(problem, problem_size,
		"unknown setting '%.*s' (@compounds none|head|both, @fuzzy yes|no)", (int)len, w);
	return SOM_EINVALID;
}

int som_classify__lexicon_add(som_lexicons *x, const char *name, const char *text,
	size_t len, long *bad_line, char *problem, size_t problem_size)
{
	lexicon *grown, *l;
	size_t i = 0;
	long line = 0;
	int error = 0;

	*bad_line = 0;
	if (som_classify__lexicon_find(x, name) >= 0) {
		snprintf(problem, problem_size, "lexicon '%s' is defined twice", name);
		return SOM_EINVALID;
	}
	if (!(grown = som__realloc(x->lex, (x->n_lex + 1) * sizeof(*grown))))
		return SOM_ENOMEM;
	x->lex = grown;
	l = &x->lex[x->n_lex++];
	memset(l, 0, sizeof(*l));
	l->compounds = 1;
	l->fuzzy = 1;
	if (!(l->name = som__strdup(name)))
		return SOM_ENOMEM;
	/* Settings first: they apply to the whole lexicon, wherever they stand. */
	for (int pass = 0; pass < 2 && !error; pass++) {
		i = 0;
		line = 0;
		while (i < len && !error) {
			size_t start = i, end, cut;
			line++;
			while (i < len && text[i] != '\n')
				i++;
			end = i;
			if (i < len)
				i++;
			for (cut = start; cut < end; cut++)
				if (text[cut] == '#' && (cut == start || text[cut - 1] == ' ' ||
				    text[cut - 1] == '\t'))
					break;
			end = cut;
			while (start < end && (text[start] == ' ' || text[start] == '\t' ||
			       text[start] == '\r'))
				start++;
			while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' ||
			       text[end - 1] == '\r'))
				end--;
			if (end == start)
				continue;
			if (text[start] == '@') {
				if (pass == 0)
					error = directive(l, text + start, end - start, problem, problem_size);
				continue;
			}
			if (pass == 0)
				continue;
			if (l->n == l->a) {
				size_t a = l->a ? l->a * 2 : 64;
				lex_entry *v = som__realloc(l->v, a * sizeof(*v));
				if (!v) {
					error = SOM_ENOMEM;
					break;
				}
				l->v = v;
				l->a = a;
			}
			memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
			l->v[l->n].line = line;
			if (!(l->v[l->n].source = som__strndup(text + start, end - start))) {
				error = SOM_ENOMEM;
				break;
			}
			l->n++;
			error = compile_entry(x, &l->v[l->n - 1], text + start, end - start,
				problem, problem_size);
			if (!error)
				error = index_entry(x, l, &l->v[l->n - 1], (uint32_t)(x->n_lex - 1),
					(uint32_t)(l->n - 1));
			if (!error && needs_scan(&l->v[l->n - 1])) {
				size_t *v = som__realloc(l->scan, (l->n_scan + 1) * sizeof(*v));
				if (!v) {
					error = SOM_ENOMEM;
					break;
				}
				l->scan = v;
				l->scan[l->n_scan++] = l->n - 1;
			}
		}
	}
	if (error == SOM_EINVALID)
		*bad_line = line;
	return error;
}

int som_classify__lexicon_find(const som_lexicons *x, const char *name)
{
	for (size_t i = 0; x && i < x->n_lex; i++)
		if (strcmp(x->lex[i].name, name) == 0)
			return (int)i;
	return -1;
}

size_t som_classify__lexicon_count(const som_lexicons *x)
{
	return x ? x->n_lex : 0;
}

const char *som_classify__lexicon_name(const som_lexicons *x, int lex)
{
	return x->lex[lex].name;
}

size_t som_classify__lexicon_size(const som_lexicons *x, int lex)
{
	return x->lex[lex].n;
}

const char *som_classify__lexicon_entry(const som_lexicons *x, int lex, size_t entry)
{
	return x->lex[lex].v[entry].source;
}

const char *som_classify__lexicon_how(int how)
{
	return how >= 0 && how < HOW_NONE ? how_names[how] : "";
}

som_stemmer *som_classify__lexicons_stemmer(const som_lexicons *x)
{
	return x->stemmer;
}

/* ---- matching --------------------------------------------------------- */

/* Per text: the best match of each lexicon on the current word. */
typedef struct matcher {
	const som_lexicons *x;
	const som_ntoks *t;
	size_t tok;
	int *best;           /* per lexicon: HOW_* */
	size_t *best_entry;
	unsigned char *negated;      /* per lexicon: the current word is kept out */
	unsigned char *kept_out;     /* per lexicon and word: inside a "-phrase" */
	som_lex_match *out;
	size_t n_out, a_out;
} matcher;

static int out_add(matcher *m, size_t first, size_t last, uint32_t lex, size_t entry,
	int how)
{
	if (m->n_out == m->a_out) {
		size_t a = m->a_out ? m->a_out * 2 : 16;
		som_lex_match *v = som__realloc(m->out, a * sizeof(*v));
		if (!v)
			return SOM_ENOMEM;
		m->out = v;
		m->a_out = a;
	}
	m->out[m->n_out].first = first;
	m->out[m->n_out].last = last;
	m->out[m->n_out].lexicon = (int)lex;
	m->out[m->n_out].entry = entry;
	m->out[m->n_out].how = how;
	m->n_out++;
	return 0;
}

static void offer(matcher *m, uint32_t lex, uint32_t entry, int how)
{
	if (how < m->best[lex]) {
		m->best[lex] = how;
		m->best_entry[lex] = entry;
	}
}

/* Offer the entries of key (type, s) that pass `ok`. */
static void lookup(matcher *m, int type, const char *s, size_t len, int how,
	int (*ok)(const matcher *, const lex_entry *, const lexicon *, const char *, size_t),
	const char *tok, size_t tok_len)
{
	const slot *sl = find_slot(m->x, type, s, len);

	for (uint32_t p = sl ? sl->head : NO_POSTING; p != NO_POSTING; p = m->x->posts[p].next) {
		const posting *po = &m->x->posts[p];
		const lexicon *l = &m->x->lex[po->lex];
		const lex_entry *e = &l->v[po->entry];
		if (!ok || ok(m, e, l, tok, tok_len))
			offer(m, po->lex, po->entry, how);
	}
}

/*
 * The same stem. A short stem cut from a longer entry ("döda" to "död",
 * "demens" to "dem") only counts for a word that is itself inflected
 * ("dödar"), never for the bare short word ("dem").
 */
static int ok_stem(const matcher *m, const lex_entry *e, const lexicon *l,
	const char *tok, size_t tok_len)
{
	(void)m;
	(void)l;
	(void)tok;
	return e->kind == ENTRY_WORD && (e->stem_chars >= HEAD_STEM_MIN ||
		strcmp(e->stem, e->form) == 0 || tok_len > strlen(e->stem));
}

/* The last part of a compound: the entry as written, or a stem long enough to say. */
static int ok_head(const matcher *m, const lex_entry *e, const lexicon *l,
	const char *part, size_t part_len)
{
	(void)m;
	if (e->kind != ENTRY_WORD || l->compounds < 1)
		return 0;
	if (part_len == strlen(e->form) && memcmp(part, e->form, part_len) == 0)
		return e->form_chars >= HEAD_MIN;
	return e->stem_chars >= HEAD_STEM_MIN;
}

/* The first part: entries marked "ord+" (or all, "@compounds both"), as written. */
static int ok_modifier(const matcher *m, const lex_entry *e, const lexicon *l,
	const char *part, size_t part_len)
{
	(void)m;
	(void)part;
	(void)part_len;
	return e->kind == ENTRY_WORD && (e->modifier || l->compounds >= 2) &&
		e->form_chars >= MODIFIER_MIN;
}

static int ok_fuzzy_form(const matcher *m, const lex_entry *e, const lexicon *l,
	const char *tok, size_t tok_len)
{
	(void)m;
	return e->kind == ENTRY_WORD && l->fuzzy && e->form_chars >= FUZZY_FORM_MIN &&
		within_one_edit(tok, tok_len, e->form, strlen(e->form));
}

static int ok_fuzzy_stem(const matcher *m, const lex_entry *e, const lexicon *l,
	const char *tok, size_t tok_len)
{
	(void)m;
	return e->kind == ENTRY_WORD && l->fuzzy && e->stem_chars >= FUZZY_STEM_MIN &&
		within_one_edit(tok, tok_len, e->stem, strlen(e->stem));
}

/*
 * Parts of a compound, in the stem of a word (not its written form, whose
 * endings would make parts of their own: "bifogas" holds no "gas"):
 * every split leaving at least REST_MIN letters either side.
 */
static void compound_parts(matcher *m, const char *s, size_t len)
{
	size_t at[WORD_MAX + 1], n = char_offsets(at, WORD_MAX + 1, s, len);

	for (size_t k = REST_MIN; n >= 2 * REST_MIN && k + REST_MIN <= n; k++) {
		const char *tail = s + at[k];
		size_t tail_len = len - at[k];
		/* The last part ("hot" of "mordhot"). */
		lookup(m, KEY_STEM, tail, tail_len, HOW_COMPOUND, ok_head, tail, tail_len);
		lookup(m, KEY_FORM, tail, tail_len, HOW_COMPOUND, ok_head, tail, tail_len);
		if (k < MODIFIER_MIN)
			continue;
		/* The first part ("kniv" of "knivhugg"), with or without a joining s. */
		lookup(m, KEY_FORM, s, at[k], HOW_COMPOUND, ok_modifier, NULL, 0);
		if (k > MODIFIER_MIN && s[at[k] - 1] == 's')
			lookup(m, KEY_FORM, s, at[k] - 1, HOW_COMPOUND, ok_modifier, NULL, 0);
	}
}

/* Misspellings: one letter more, less, other or swapped (deletion keys). */
static void misspellings(matcher *m, const char *s, size_t len, int stem)
{
	size_t at[WORD_MAX + 1], n = char_offsets(at, WORD_MAX + 1, s, len);
	int form_key = stem ? KEY_STEM : KEY_FORM, del_key = stem ? KEY_DELSTEM : KEY_DEL;
	int (*ok)(const matcher *, const lex_entry *, const lexicon *, const char *, size_t) =
		stem ? ok_fuzzy_stem : ok_fuzzy_form;
	char d[WORD_MAX * 4];

	if (n < (stem ? FUZZY_STEM_MIN : FUZZY_FORM_MIN) - 1)
		return;
	lookup(m, del_key, s, len, HOW_FUZZY, ok, s, len);
	for (size_t i = 0; i < n; i++) {
		size_t dl = len - (at[i + 1] - at[i]);
		memcpy(d, s, at[i]);
		memcpy(d + at[i], s + at[i + 1], len - at[i + 1]);
		lookup(m, form_key, d, dl, HOW_FUZZY, ok, s, len);
		lookup(m, del_key, d, dl, HOW_FUZZY, ok, s, len);
	}
}

/* Does word `i` of the text match word `j` of phrase `e`? */
static int phrase_word(const matcher *m, const lex_entry *e, size_t j, size_t i)
{
	const som_ntok *nt = &m->t->v[i];
	const som_word_tok *w = &e->seq.toks[j];

	for (int f = 0; f < nt->n_forms; f++) {
		if (som_classify__word_match(w, SOM_NTOK_FORM(m->t, nt, f), nt->form_len[f]))
			return 1;
		if (e->seq_stems[j] && nt->stem_len[f] == strlen(e->seq_stems[j]) &&
		    memcmp(SOM_NTOK_STEM(m->t, nt, f), e->seq_stems[j], nt->stem_len[f]) == 0)
			return 1;
	}
	return 0;
}

static int try_phrase(matcher *m, uint32_t li, uint32_t ei)
{
	const lex_entry *e = &m->x->lex[li].v[ei];
	size_t i = m->tok;

	if (i + e->seq.n_toks > m->t->n)
		return 0;
	for (size_t j = 0; j < e->seq.n_toks; j++)
		if (!phrase_word(m, e, j, i + j))
			return 0;
	if (e->negative) {
		for (size_t j = 0; j < e->seq.n_toks; j++)
			m->kept_out[li * m->t->n + i + j] = 1;
		return 0;
	}
	return out_add(m, i, i + e->seq.n_toks - 1, li, ei, HOW_PHRASE);
}

/* Phrases starting at the current word, found by its form or stem. */
static int phrases_here(matcher *m, const char *s, size_t len, uint32_t *seen,
	size_t *n_seen)
{
	const slot *sl = find_slot(m->x, KEY_PHRASE, s, len);
	int error = 0;

	for (uint32_t p = sl ? sl->head : NO_POSTING; p != NO_POSTING && !error;
	     p = m->x->posts[p].next) {
		size_t k;
		for (k = 0; k < *n_seen; k++)
			if (seen[k] == p)
				break;
		if (k < *n_seen || *n_seen >= 64)
			continue;
		seen[(*n_seen)++] = p;
		error = try_phrase(m, m->x->posts[p].lex, m->x->posts[p].entry);
	}
	return error;
}

/* Phrases that start at the current word (kept-out ones mark their words). */
static int match_phrases(matcher *m)
{
	const som_ntok *nt = &m->t->v[m->tok];
	uint32_t seen[64];
	size_t n_seen = 0;
	int error = 0;

	for (int f = 0; f < nt->n_forms && !error; f++) {
		const char *form = SOM_NTOK_FORM(m->t, nt, f), *stem = SOM_NTOK_STEM(m->t, nt, f);
		if ((error = phrases_here(m, form, nt->form_len[f], seen, &n_seen)) == 0)
			error = phrases_here(m, stem, nt->stem_len[f], seen, &n_seen);
	}
	for (size_t li = 0; li < m->x->n_lex && !error; li++) {
		const lexicon *l = &m->x->lex[li];
		for (size_t k = 0; k < l->n_scan && !error; k++)
			if (l->v[l->scan[k]].kind == ENTRY_PHRASE)
				error = try_phrase(m, (uint32_t)li, (uint32_t)l->scan[k]);
	}
	return error;
}

/* The best match of each lexicon on the current word alone. */
static int match_word(matcher *m)
{
	const som_ntok *nt = &m->t->v[m->tok];
	int error = 0;

	for (size_t l = 0; l < m->x->n_lex; l++) {
		m->best[l] = HOW_NONE;
		m->negated[l] = m->kept_out[l * m->t->n + m->tok];
	}
	for (int f = 0; f < nt->n_forms; f++) {
		const char *form = SOM_NTOK_FORM(m->t, nt, f), *stem = SOM_NTOK_STEM(m->t, nt, f);
		size_t flen = nt->form_len[f], slen = nt->stem_len[f];
		const slot *neg = find_slot(m->x, KEY_NEG, form, flen);
		for (uint32_t p = neg ? neg->head : NO_POSTING; p != NO_POSTING;
		     p = m->x->posts[p].next)
			m->negated[m->x->posts[p].lex] = 1;
		if (flen > WORD_MAX)
			continue;
		lookup(m, KEY_FORM, form, flen, HOW_WORD, NULL, NULL, 0);
		lookup(m, KEY_STEM, stem, slen, HOW_STEM, ok_stem, form, flen);
		if (!nt->emoji) {
			compound_parts(m, stem, slen);
			misspellings(m, form, flen, 0);
			misspellings(m, stem, slen, 1);
		}
	}
	if (nt->alt_len) {
		lookup(m, KEY_STEM, SOM_NTOK_ALT(m->t, nt), nt->alt_len, HOW_STEM, ok_stem,
			SOM_NTOK_FORM(m->t, nt, 0), nt->form_len[0]);
		compound_parts(m, SOM_NTOK_ALT(m->t, nt), nt->alt_len);
	}
	for (size_t li = 0; li < m->x->n_lex; li++) {
		const lexicon *l = &m->x->lex[li];
		for (size_t k = 0; k < l->n_scan; k++) {
			const lex_entry *e = &l->v[l->scan[k]];
			if (e->kind != ENTRY_WILD)
				continue;
			for (int f = 0; f < nt->n_forms; f++) {
				if (!som_classify__word_match(&e->seq.toks[0], SOM_NTOK_FORM(m->t, nt, f), nt->form_len[f]))
					continue;
				if (e->negative)
					m->negated[li] = 1;
				else
					offer(m, (uint32_t)li, (uint32_t)l->scan[k], HOW_WORD);
			}
		}
	}
	for (size_t l = 0; l < m->x->n_lex && !error; l++)
		if (m->best[l] != HOW_NONE && !m->negated[l])
			error = out_add(m, m->tok, m->tok, (uint32_t)l, m->best_entry[l], m->best[l]);
	return error;
}

static int cmp_match(const void *a, const void *b)
{
	const som_lex_match *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->lexicon != y->lexicon)
		return x->lexicon < y->lexicon ? -1 : 1;
	return x->last < y->last ? -1 : x->last > y->last;
}

int som_classify__lexicons_match(som_lex_match **out, size_t *n_out,
	const som_lexicons *x, const som_ntoks *t)
{
	matcher m;
	int error = 0;

	*out = NULL;
	*n_out = 0;
	if (!x || !x->n_lex || !t->n)
		return 0;
	memset(&m, 0, sizeof(m));
	m.x = x;
	m.t = t;
	m.best = som__calloc(x->n_lex, sizeof(*m.best));
	m.best_entry = som__calloc(x->n_lex, sizeof(*m.best_entry));
	m.negated = som__calloc(x->n_lex, 1);
	m.kept_out = som__calloc(x->n_lex, t->n);
	if (!m.best || !m.best_entry || !m.negated || !m.kept_out)
		error = SOM_ENOMEM;
	for (m.tok = 0; m.tok < t->n && !error; m.tok++)
		error = match_phrases(&m);
	for (m.tok = 0; m.tok < t->n && !error; m.tok++)
		error = match_word(&m);
	if (!error && m.n_out) {
		size_t k = 0;
		qsort(m.out, m.n_out, sizeof(*m.out), cmp_match);
		/* A phrase found by several of its entries counts once. */
		for (size_t i = 0; i < m.n_out; i++)
			if (!k || m.out[k - 1].first != m.out[i].first ||
			    m.out[k - 1].last != m.out[i].last ||
			    m.out[k - 1].lexicon != m.out[i].lexicon)
				m.out[k++] = m.out[i];
		m.n_out = k;
	}
	som__free(m.best);
	som__free(m.best_entry);
	som__free(m.negated);
	som__free(m.kept_out);
	if (error) {
		som__free(m.out);
		return error;
	}
	*out = m.out;
	*n_out = m.n_out;
	return 0;
}
