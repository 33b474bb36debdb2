/*
 * Rule evaluation: each condition of a plan's rules tried on one folded,
 * tokenised text, the evidence of what it saw gathered (and dropped again
 * when an enclosing condition fails), and the matching rules collected
 * into a result with the highest class they propose and all their flags.
 */
#include <stdio.h>
#include <string.h>
#include "plan/plan.h"

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

void som_classify__free_evidence(som_evidence *e)
{
	som__free(e->on);
	som__free(e->pattern);
	som__free(e->text);
}

static void rollback(ctx *c, size_t mark)
{
	while (c->n_ev > mark)
		som_classify__free_evidence(&c->ev[--c->n_ev]);
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
			if (som_classify__is_digit(e->text[i - 1])) {
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
		if (!c->pnrs.done && (error = som_classify__find_pnrs(&c->pnrs, t, len)) != 0)
			return error;
		return eval_spans(c, &c->pnrs, "personal-identity-number", 1);
	case SOM_COND_PHONE:
		if (!c->phones.done && (error = som_classify__find_phones(&c->phones, t, len)) != 0)
			return error;
		return eval_spans(c, &c->phones, "phone-number", 1);
	case SOM_COND_ADDRESS:
		if (!c->addresses.done && (error = som_classify__find_addresses(&c->addresses, t, &c->toks)) != 0)
			return error;
		return eval_spans(c, &c->addresses, "street-address", 0);
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
	if ((error = som_classify__fold(&c.folded, text, strlen(text))) != 0 ||
	    (error = som_classify__tokenize(&c.toks, c.folded.ptr, c.folded.size)) != 0)
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
	som__free(c.phones.v);
	som__free(c.addresses.v);
	som_buf_dispose(&c.folded);
	return error;
}
