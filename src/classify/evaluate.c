/*
 * Rule evaluation: each condition of a plan's rules tried on one folded,
 * tokenised and normalised text, the evidence of what it saw gathered
 * (and dropped again when an enclosing condition fails), and the matching
 * rules collected into a result with the highest class they propose and
 * all their flags. Conditions that place something in the text (words,
 * phrases, concepts, expressions, the recognisers) also give where, in
 * words, so that <near> can ask for them close together in any order.
 */
#include <stdio.h>
#include <string.h>
#include "plan/plan.h"

/* ---- evaluation ------------------------------------------------------- */

typedef struct ctx {
	const som_plan *plan;
	const som_classify_input *in;
	som_buf folded;
	spans toks, case_refs, pnrs, loose_pnrs, phones, addresses;
	som_ntoks nt;                /* the words normalised */
	som_stemmer *stemmer;
	som_lex_match *lm;           /* every lexicon's matches (lm_done) */
	size_t n_lm;
	int lm_done;
	double scores[SOM_MODEL_LABELS];
	int scores_state;            /* 0: not asked; 1: scored; -1: no model */
	size_t n_chars;
	som_evidence *ev;
	size_t n_ev, a_ev;
} ctx;

void som_classify__free_evidence(som_evidence *e)
{
	som__free(e->on);
	som__free(e->pattern);
	som__free(e->text);
	som__free(e->how);
}

static void rollback(ctx *c, size_t mark)
{
	while (c->n_ev > mark)
		som_classify__free_evidence(&c->ev[--c->n_ev]);
}

/* Record what a condition saw; `mask` hides the last four digits. */
static int evidence_how(ctx *c, const char *on, const char *pattern, const char *text,
	size_t text_len, int mask, const char *how)
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
	e->how = how ? som__strdup(how) : NULL;
	c->n_ev++;
	if (!e->on || (pattern && !e->pattern) || (text && !e->text) || (how && !e->how))
		return SOM_ENOMEM;
	if (mask && e->text) {
		int left = 4;
		for (size_t i = strlen(e->text); i > 0 && left; i--) {
			if (som_classify__is_digit(e->text[i - 1])) {
				e->text[i - 1] = '*';
				left--;
			}
		}
	}
	return 0;
}

static int evidence(ctx *c, const char *on, const char *pattern, const char *text,
	size_t text_len, int mask)
{
	return evidence_how(c, on, pattern, text, text_len, mask, NULL);
}

/* Does word `i` match the pattern word, as written or with elongations squeezed? */
static int tok_match(const ctx *c, size_t i, const som_word_tok *w)
{
	const som_ntok *nt = &c->nt.v[i];

	for (int f = 0; f < nt->n_forms; f++)
		if (som_classify__word_match(w, SOM_NTOK_FORM(&c->nt, nt, f), nt->form_len[f]))
			return 1;
	return 0;
}

/* Where the sequence occurs in the text's words from word `from`: the word, or -1. */
static long seq_find(const ctx *c, const som_word_seq *seq, size_t from)
{
	for (size_t i = from; i + seq->n_toks <= c->toks.n; i++) {
		size_t j = 0;
		while (j < seq->n_toks && tok_match(c, i + j, &seq->toks[j]))
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
		long at = seq_find(c, seq, 0);
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

/* Can the expression match at all (it needs fixed text the text lacks)? */
static int regex_may_match(const ctx *c, const som_cond *cond)
{
	size_t i;

	for (i = 0; i < cond->n_lits; i++)
		if (memmem(c->folded.ptr, c->folded.size, cond->lits[i], strlen(cond->lits[i])))
			return 1;
	return !cond->n_lits;
}

static int eval_regex(ctx *c, const som_cond *cond)
{
	regmatch_t m;

	/* No fixed text the expression needs: no match, and no regexec (slow). */
	if (!regex_may_match(c, cond))
		return 0;
	if (som_classify__regexec(c->plan->utf8, cond->re, c->folded.ptr, 1, &m, 0) != 0)
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

/* ---- concepts --------------------------------------------------------- */

static int need_lexicon_matches(ctx *c)
{
	if (c->lm_done)
		return 0;
	c->lm_done = 1;
	return som_classify__lexicons_match(&c->lm, &c->n_lm, c->plan->lexicons, &c->nt);
}

/* Evidence of one lexicon match: "violence: döda", the words, how. */
static int concept_evidence(ctx *c, const som_lex_match *m)
{
	const som_lexicons *x = c->plan->lexicons;
	som_buf pattern = SOM_BUF_INIT;
	const span *first = &c->toks.v[m->first], *last = &c->toks.v[m->last];
	int error;

	if ((error = som_buf_printf(&pattern, "%s: %s", som_classify__lexicon_name(x, m->lexicon),
			som_classify__lexicon_entry(x, m->lexicon, m->entry))) == 0)
		error = evidence_how(c, "concept", pattern.ptr, c->folded.ptr + first->start,
			last->end - first->start, 0, som_classify__lexicon_how(m->how));
	som_buf_dispose(&pattern);
	return error;
}

static int eval_concept(ctx *c, const som_cond *cond)
{
	size_t shown = 0;
	int error;

	if ((error = need_lexicon_matches(c)) != 0)
		return error;
	for (size_t i = 0; i < c->n_lm && shown < 5; i++) {
		if (c->lm[i].lexicon != cond->lexicon)
			continue;
		if ((error = concept_evidence(c, &c->lm[i])) != 0)
			return error;
		shown++;
	}
	return shown > 0;
}

/* ---- places in the text, for <near> ------------------------------------ */

/* Where a condition holds: words first..last and what to say of it. */
typedef struct place {
	size_t first, last;
	const som_cond *cond;
	const som_lex_match *lm;     /* CONCEPT */
	const char *pattern;         /* WORDS, PHRASE: the plan's words */
	struct place *parts;         /* NEAR: one place per child (owned) */
	size_t n_parts;
} place;

typedef struct places {
	place *v;
	size_t n, a;
} places;

static void places_dispose(places *p)
{
	for (size_t i = 0; i < p->n; i++)
		som__free(p->v[i].parts);
	som__free(p->v);
	memset(p, 0, sizeof(*p));
}

static int places_add(places *p, const place *what)
{
	if (p->n == p->a) {
		size_t a = p->a ? p->a * 2 : 8;
		place *v = som__realloc(p->v, a * sizeof(*v));
		if (!v)
			return SOM_ENOMEM;
		p->v = v;
		p->a = a;
	}
	p->v[p->n++] = *what;
	return 0;
}

/* The words covering bytes [start, end) of the folded text; 0 when none. */
static int words_of(const ctx *c, size_t start, size_t end, size_t *first, size_t *last)
{
	size_t i;

	for (i = 0; i < c->toks.n && c->toks.v[i].end <= start; i++)
		;
	if (i == c->toks.n)
		return 0;
	*first = i;
	while (i + 1 < c->toks.n && c->toks.v[i + 1].start < end)
		i++;
	*last = i < *first ? *first : i;
	return 1;
}

static int spans_places(const ctx *c, const som_cond *cond, const spans *s, places *out)
{
	place p;
	int error = 0;

	for (size_t i = 0; i < s->n && !error; i++) {
		memset(&p, 0, sizeof(p));
		p.cond = cond;
		if (words_of(c, s->v[i].start, s->v[i].end, &p.first, &p.last))
			error = places_add(out, &p);
	}
	return error;
}

static int find_places(ctx *c, const som_cond *cond, places *out);

/* Windows of `within` words holding a place of every child of a <near>. */
static int near_places(ctx *c, const som_cond *cond, places *out)
{
	places *kids = som__calloc(cond->n_children, sizeof(*kids));
	size_t within = (size_t)cond->value, last_first = (size_t)-1;
	int error = 0;

	if (!kids)
		return SOM_ENOMEM;
	for (size_t k = 0; k < cond->n_children && !error; k++)
		error = find_places(c, &cond->children[k], &kids[k]);
	for (size_t k = 0; k < cond->n_children && !error; k++)
		if (!kids[k].n)
			goto done;
	for (size_t w = 0; w < c->toks.n && !error; w++) {
		size_t hi = w + within - 1, lo_seen = (size_t)-1, hi_seen = 0;
		place p;
		memset(&p, 0, sizeof(p));
		p.cond = cond;
		if (!(p.parts = som__calloc(cond->n_children, sizeof(*p.parts)))) {
			error = SOM_ENOMEM;
			break;
		}
		p.n_parts = cond->n_children;
		for (size_t k = 0; k < cond->n_children; k++) {
			size_t j;
			for (j = 0; j < kids[k].n; j++)
				if (kids[k].v[j].first >= w && kids[k].v[j].last <= hi)
					break;
			if (j == kids[k].n) {
				p.n_parts = 0;
				break;
			}
			p.parts[k] = kids[k].v[j];
			p.parts[k].parts = NULL;  /* a nested window's parts are not kept */
			p.parts[k].n_parts = 0;
			lo_seen = p.parts[k].first < lo_seen ? p.parts[k].first : lo_seen;
			hi_seen = p.parts[k].last > hi_seen ? p.parts[k].last : hi_seen;
		}
		if (!p.n_parts || lo_seen == last_first) {
			som__free(p.parts);
			continue;
		}
		last_first = lo_seen;
		p.first = lo_seen;
		p.last = hi_seen;
		if ((error = places_add(out, &p)) != 0)
			som__free(p.parts);
	}
done:
	for (size_t k = 0; k < cond->n_children; k++)
		places_dispose(&kids[k]);
	som__free(kids);
	return error;
}

static int find_places(ctx *c, const som_cond *cond, places *out)
{
	const char *t = c->folded.ptr;
	size_t len = c->folded.size;
	place p;
	int error = 0;

	memset(&p, 0, sizeof(p));
	p.cond = cond;
	switch (cond->type) {
	case SOM_COND_WORDS:
	case SOM_COND_PHRASE:
		for (size_t i = 0; i < cond->n_seqs && !error; i++) {
			long at = -1;
			while (!error && (at = seq_find(c, &cond->seqs[i], (size_t)(at + 1))) >= 0) {
				p.first = (size_t)at;
				p.last = (size_t)at + cond->seqs[i].n_toks - 1;
				p.pattern = cond->seqs[i].source;
				error = places_add(out, &p);
			}
		}
		return error;
	case SOM_COND_REGEX: {
		regmatch_t m;
		size_t at = 0;
		if (!regex_may_match(c, cond))
			return 0;
		while (at < len && !error &&
		       som_classify__regexec(c->plan->utf8, cond->re, t + at, 1, &m,
				at ? REG_NOTBOL : 0) == 0 && m.rm_eo > m.rm_so) {
			if (words_of(c, at + (size_t)m.rm_so, at + (size_t)m.rm_eo, &p.first, &p.last))
				error = places_add(out, &p);
			at += (size_t)m.rm_eo;
		}
		return error;
	}
	case SOM_COND_CONCEPT:
		if ((error = need_lexicon_matches(c)) != 0)
			return error;
		for (size_t i = 0; i < c->n_lm && !error; i++) {
			if (c->lm[i].lexicon != cond->lexicon)
				continue;
			p.first = c->lm[i].first;
			p.last = c->lm[i].last;
			p.lm = &c->lm[i];
			error = places_add(out, &p);
		}
		return error;
	case SOM_COND_CASE_REF:
		if (!c->case_refs.done &&
		    (error = som_classify__find_case_refs(&c->case_refs, c->plan, t, len)) != 0)
			return error;
		return spans_places(c, cond, &c->case_refs, out);
	case SOM_COND_PNR: {
		spans *s = cond->value ? &c->pnrs : &c->loose_pnrs;
		if (!s->done && (error = som_classify__find_pnrs(s, t, len, (int)cond->value)) != 0)
			return error;
		return spans_places(c, cond, s, out);
	}
	case SOM_COND_PHONE:
		if (!c->phones.done && (error = som_classify__find_phones(&c->phones, t, len)) != 0)
			return error;
		return spans_places(c, cond, &c->phones, out);
	case SOM_COND_ADDRESS:
		if (!c->addresses.done &&
		    (error = som_classify__find_addresses(&c->addresses, t, &c->toks)) != 0)
			return error;
		return spans_places(c, cond, &c->addresses, out);
	case SOM_COND_ANY:
		for (size_t i = 0; i < cond->n_children && !error; i++)
			error = find_places(c, &cond->children[i], out);
		return error;
	case SOM_COND_NEAR:
		return near_places(c, cond, out);
	default:
		return 0;
	}
}

/* Evidence of one place: what the condition that found it saw there. */
static int place_evidence(ctx *c, const place *p)
{
	const span *first = &c->toks.v[p->first], *last = &c->toks.v[p->last];
	const char *text = c->folded.ptr + first->start;
	size_t text_len = last->end - first->start;
	char within[48];
	int error = 0;

	switch (p->cond->type) {
	case SOM_COND_CONCEPT:
		return concept_evidence(c, p->lm);
	case SOM_COND_WORDS:
		return evidence(c, "words", p->pattern, text, text_len, 0);
	case SOM_COND_PHRASE:
		return evidence(c, "phrase", p->pattern, text, text_len, 0);
	case SOM_COND_REGEX:
		return evidence(c, "regex", p->cond->source, text, text_len, 0);
	case SOM_COND_CASE_REF:
		return evidence(c, "case-reference", NULL, text, text_len, 0);
	case SOM_COND_PNR:
		return evidence(c, "personal-identity-number", NULL, text, text_len, 1);
	case SOM_COND_PHONE:
		return evidence(c, "phone-number", NULL, text, text_len, 1);
	case SOM_COND_ADDRESS:
		return evidence(c, "street-address", NULL, text, text_len, 0);
	case SOM_COND_NEAR:
		for (size_t k = 0; k < p->n_parts && !error; k++)
			error = place_evidence(c, &p->parts[k]);
		snprintf(within, sizeof(within), "within %ld words", p->cond->value);
		return error ? error : evidence(c, "near", within, text, text_len, 0);
	default:
		return 0;
	}
}

static int eval_near(ctx *c, const som_cond *cond)
{
	places found = { NULL, 0, 0 };
	int error, any;

	if ((error = near_places(c, cond, &found)) == 0 && found.n)
		error = place_evidence(c, &found.v[0]);
	any = found.n > 0;
	places_dispose(&found);
	return error ? error : any;
}

/* ---- personal identity numbers, the model ------------------------------- */

static int eval_pnr(ctx *c, const som_cond *cond)
{
	spans *s = cond->value ? &c->pnrs : &c->loose_pnrs;
	int error;

	if (!s->done &&
	    (error = som_classify__find_pnrs(s, c->folded.ptr, c->folded.size, (int)cond->value)) != 0)
		return error;
	for (size_t i = 0; i < s->n && i < 5; i++) {
		const char *t = c->folded.ptr + s->v[i].start;
		size_t len = s->v[i].end - s->v[i].start;
		int valid = som_classify__is_pnr(t, len);
		if (evidence(c, "personal-identity-number",
				valid ? NULL : "looks like a personnummer (its check digit is wrong)",
				t, len, 1) != 0)
			return SOM_ENOMEM;
	}
	return s->n > 0;
}

static const char *const label_names[SOM_MODEL_LABELS] = { "keep", "crime", "secrecy" };

static int eval_model(ctx *c, const som_cond *cond)
{
	char pattern[64], score[32];
	int error;

	if (!c->scores_state) {
		error = som_classify__model_scores(c->scores, &c->nt, c->in);
		if (error == SOM_ENOTFOUND)
			c->scores_state = -1;
		else if (error)
			return error;
		else
			c->scores_state = 1;
	}
	if (c->scores_state < 0 || c->scores[cond->label] < cond->min)
		return 0;
	snprintf(pattern, sizeof(pattern), "%s >= %.2f", label_names[cond->label], cond->min);
	snprintf(score, sizeof(score), "%.3f", c->scores[cond->label]);
	return evidence(c, "model-score", pattern, score, strlen(score), 0) ? SOM_ENOMEM : 1;
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
		if (!c->case_refs.done && (error = som_classify__find_case_refs(&c->case_refs, c->plan, t, len)) != 0)
			return error;
		return eval_spans(c, &c->case_refs, "case-reference", 0);
	case SOM_COND_PNR:
		return eval_pnr(c, cond);
	case SOM_COND_PHONE:
		if (!c->phones.done && (error = som_classify__find_phones(&c->phones, t, len)) != 0)
			return error;
		return eval_spans(c, &c->phones, "phone-number", 1);
	case SOM_COND_ADDRESS:
		if (!c->addresses.done && (error = som_classify__find_addresses(&c->addresses, t, &c->toks)) != 0)
			return error;
		return eval_spans(c, &c->addresses, "street-address", 0);
	case SOM_COND_CONCEPT:
		return eval_concept(c, cond);
	case SOM_COND_NEAR:
		return eval_near(c, cond);
	case SOM_COND_MODEL:
		return eval_model(c, cond);
	}
	return 0;
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

int som_classify__apply_rules(som_classify_result *r, const som_plan *plan,
	const som_classify_input *in)
{
	const char *text = in->text ? in->text : "";
	ctx c;
	int error = 0, best = SOM_CLASS_NONE, matched;

	memset(&c, 0, sizeof(c));
	c.plan = plan;
	c.in = in;
	if ((error = som_classify__stemmer_new(&c.stemmer)) != 0 ||
	    (error = som_classify__fold(&c.folded, text, strlen(text))) != 0 ||
	    (error = som_classify__tokenize(&c.toks, c.folded.ptr, c.folded.size)) != 0 ||
	    (error = som_classify__normalise(&c.nt, c.folded.ptr, &c.toks, c.stemmer)) != 0)
		goto done;
	for (size_t i = 0; i < c.folded.size; i++)
		if (!som_classify__is_cont((unsigned char)c.folded.ptr[i]))
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
	som__free(c.loose_pnrs.v);
	som__free(c.lm);
	som_classify__ntoks_dispose(&c.nt);
	som_classify__stemmer_free(c.stemmer);
	som__free(c.phones.v);
	som__free(c.addresses.v);
	som_buf_dispose(&c.folded);
	return error;
}
