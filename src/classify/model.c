/*
 * The statistical second opinion: a logistic regression over hashed word,
 * word-pair and character n-gram features of the normalised text, one
 * model per label (keep, crime, secrecy). Its weights are trained when the
 * library is built (tools/train-classify.c, from the labelled corpus in
 * tests/data/corpus/train/) and compiled in. The rules decide; a plan may
 * let the model raise an item (<model-score>), never lower one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "classify/classify.h"

static uint32_t fnv(uint32_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

#define FNV_START 2166136261u

typedef struct feats {
	uint32_t *v;
	size_t n, a;
} feats;

static int feat_add(feats *f, uint32_t h)
{
	if (f->n == f->a) {
		size_t a = f->a ? f->a * 2 : 256;
		uint32_t *v = som__realloc(f->v, a * sizeof(*v));
		if (!v)
			return SOM_ENOMEM;
		f->v = v;
		f->a = a;
	}
	f->v[f->n++] = h & (SOM_MODEL_SIZE - 1);
	return 0;
}

/* A feature named by a kind letter and one or two strings. */
static int feat_str(feats *f, char kind, const char *a, size_t alen, const char *b,
	size_t blen)
{
	uint32_t h = fnv(FNV_START, &kind, 1);

	h = fnv(h, a, alen);
	if (b) {
		h = fnv(h, " ", 1);
		h = fnv(h, b, blen);
	}
	return feat_add(f, h);
}

/* The word as the model sees it: the stem of its most squeezed form. */
static const char *model_word(const som_ntoks *t, size_t i, size_t *len)
{
	const som_ntok *nt = &t->v[i];
	int f = nt->n_forms > 1 ? 1 : 0;

	*len = nt->stem_len[f];
	return SOM_NTOK_STEM(t, nt, f);
}

/* Character n-grams (3 to 5) of " word ", within each word. */
static int char_grams(feats *f, const char *w, size_t len)
{
	char pad[64 + 2];
	size_t at[66], n = 0;
	int error = 0;

	if (len > 64)
		return 0;
	pad[0] = ' ';
	memcpy(pad + 1, w, len);
	pad[len + 1] = ' ';
	for (size_t i = 0; i < len + 2; i++)
		if (!som_classify__is_cont((unsigned char)pad[i]))
			at[n++] = i;
	at[n] = len + 2;
	for (size_t g = 3; g <= 5 && !error; g++)
		for (size_t i = 0; i + g <= n && !error; i++)
			error = feat_str(f, (char)('0' + g), pad + at[i], at[i + g] - at[i], NULL, 0);
	return error;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int som_classify__features(uint32_t **out, size_t *n_out, const som_ntoks *t,
	const som_classify_input *in)
{
	feats f = { NULL, 0, 0 };
	const char *w, *prev = NULL;
	size_t len, prev_len = 0, n = 0;
	int error = 0;

	*out = NULL;
	*n_out = 0;
	error = feat_str(&f, 'a', in->by_account ? "account" : "others", in->by_account ? 7 : 6,
		NULL, 0);
	if (!error && in->kind)
		error = feat_str(&f, 'k', in->kind, strlen(in->kind), NULL, 0);
	for (size_t i = 0; i < t->n && !error; i++) {
		w = model_word(t, i, &len);
		if ((error = feat_str(&f, 'w', w, len, NULL, 0)) != 0)
			break;
		error = feat_str(&f, 'b', prev ? prev : "^", prev ? prev_len : 1, w, len);
		if (!error && !t->v[i].emoji)
			error = char_grams(&f, SOM_NTOK_FORM(t, &t->v[i], t->v[i].n_forms > 1 ? 1 : 0),
				t->v[i].form_len[t->v[i].n_forms > 1 ? 1 : 0]);
		prev = w;
		prev_len = len;
	}
	if (!error)
		error = feat_str(&f, 'b', prev ? prev : "^", prev ? prev_len : 1, "$", 1);
	if (error) {
		som__free(f.v);
		return error;
	}
	/* Present or not: each feature once. */
	qsort(f.v, f.n, sizeof(*f.v), cmp_u32);
	for (size_t i = 0; i < f.n; i++)
		if (!n || f.v[n - 1] != f.v[i])
			f.v[n++] = f.v[i];
	*out = f.v;
	*n_out = n;
	return 0;
}

double som_classify__model_logit(const som_model *m, int label, const uint32_t *idx,
	size_t n)
{
	double z = m->bias[label], scale = n ? 1.0 / sqrt((double)n) : 0.0;

	for (size_t i = 0; i < n; i++)
		z += m->weights[label][idx[i]] * scale;
	return z;
}

int som_classify__model_scores(double *out, const som_ntoks *t, const som_classify_input *in)
{
	const som_model *m = &som_classify__model;
	uint32_t *idx = NULL;
	size_t n = 0;
	int error;

	if (!m->trained)
		return SOM_ENOTFOUND;
	if ((error = som_classify__features(&idx, &n, t, in)) != 0)
		return error;
	for (int l = 0; l < SOM_MODEL_LABELS; l++)
		out[l] = 1.0 / (1.0 + exp(-som_classify__model_logit(m, l, idx, n)));
	som__free(idx);
	return 0;
}
