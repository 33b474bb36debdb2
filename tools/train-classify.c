/*
 * Trains the classifier's second opinion when the library is built: reads
 * the labelled corpus (NDJSON: id, kind, author_is_account, text, class,
 * flags), leaves out the development fifth (tools/corpus.h), and
 * fits one logistic regression per label (keep = important or case,
 * crime, secrecy) over the features of src/classify/model.c with AdaGrad
 * and L2 regularisation, in a fixed order: the same corpus always gives
 * the same weights. Writes them as C (build/<variant>/gen/model.c).
 *
 * usage: train-classify OUT.c [CORPUS.ndjson...]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "classify/classify.h"
#include "formats/json.h"
#include "corpus.h"

#define EPOCHS 30
#define RATE 0.5
#define L2 1e-5

typedef struct example {
	uint32_t *idx;
	size_t n;
	int label[SOM_MODEL_LABELS];
} example;

typedef struct set {
	example *v;
	size_t n, a;
} set;

static int add_line(set *s, som_stemmer *stemmer, const char *line, size_t len,
	const char *path, long lineno)
{
	som_json *obj = NULL, *flags;
	som_classify_input in = SOM_CLASSIFY_INPUT_INIT;
	som_buf folded = SOM_BUF_INIT;
	spans toks = { NULL, 0, 0, 0 };
	som_ntoks nt;
	const char *id, *text, *cls;
	example *e;
	int error;

	memset(&nt, 0, sizeof(nt));
	if ((error = som_json__parse(&obj, line, len, path, lineno - 1)) != 0)
		return error;
	id = som_json__get_string(obj, "id");
	text = som_json__get_string(obj, "text");
	cls = som_json__get_string(obj, "class");
	if (!id || !text || som_class_parse(cls) == SOM_CLASS_NONE) {
		fprintf(stderr, "train-classify: %s: line %ld: needs id, text and a class\n", path,
			lineno);
		som_json__free(obj);
		return SOM_EINVALID;
	}
	if (corpus_is_dev(id))
		goto done;
	if (s->n == s->a) {
		size_t a = s->a ? s->a * 2 : 1024;
		example *v = realloc(s->v, a * sizeof(*v));
		if (!v) {
			error = SOM_ENOMEM;
			goto done;
		}
		s->v = v;
		s->a = a;
	}
	e = &s->v[s->n];
	memset(e, 0, sizeof(*e));
	som_classify_input_for(&in, text, som_json__get_string(obj, "kind"),
		som_json__is_true(som_json__get(obj, "author_is_account")), NULL);
	if ((error = som_classify__fold(&folded, text, strlen(text))) != 0 ||
	    (error = som_classify__tokenize(&toks, folded.ptr, folded.size)) != 0 ||
	    (error = som_classify__normalise(&nt, folded.ptr, &toks, stemmer)) != 0 ||
	    (error = som_classify__features(&e->idx, &e->n, &nt, &in)) != 0)
		goto done;
	e->label[SOM_MODEL_KEEP] = som_class_parse(cls) != SOM_CLASS_TEMPORARY;
	flags = som_json__get(obj, "flags");
	for (size_t i = 0; i < som_json__array_size(flags); i++) {
		const char *f = som_json__string(som_json__array_get(flags, i));
		if (f && strcmp(f, "crime") == 0)
			e->label[SOM_MODEL_CRIME] = 1;
		if (f && strcmp(f, "secrecy") == 0)
			e->label[SOM_MODEL_SECRECY] = 1;
	}
	s->n++;
done:
	som_classify__ntoks_dispose(&nt);
	som__free(toks.v);
	som_buf_dispose(&folded);
	som_json__free(obj);
	return error;
}

typedef struct reading {
	set *s;
	som_stemmer *stemmer;
} reading;

static int read_line(void *payload, const char *line, size_t len, const char *path,
	long lineno)
{
	reading *r = payload;

	return add_line(r->s, r->stemmer, line, len, path, lineno);
}

/* Fit one label: AdaGrad on the log loss, positives weighted to balance. */
static void train(const set *s, int label, double *w, double *bias)
{
	double *g2 = calloc(SOM_MODEL_SIZE, sizeof(*g2)), b2 = 0;
	size_t *order = malloc((s->n ? s->n : 1) * sizeof(*order)), pos = 0;
	uint64_t lcg = 88172645463325252ULL;
	double pos_weight;

	if (!g2 || !order) {
		free(g2);
		free(order);
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		pos += (size_t)s->v[i].label[label];
		order[i] = i;
	}
	pos_weight = pos ? (double)(s->n - pos) / (double)pos : 1.0;
	if (pos_weight > 8)
		pos_weight = 8;
	if (pos_weight < 1)
		pos_weight = 1;
	*bias = 0;
	for (int epoch = 0; epoch < EPOCHS; epoch++) {
		/* A fixed shuffle (Fisher-Yates over a linear congruential sequence). */
		for (size_t i = s->n; i > 1; i--) {
			size_t j, t;
			lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
			j = (size_t)((lcg >> 33) % i);
			t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (size_t k = 0; k < s->n; k++) {
			const example *e = &s->v[order[k]];
			double scale = e->n ? 1.0 / sqrt((double)e->n) : 0, z = *bias, p, g, wt;
			for (size_t i = 0; i < e->n; i++)
				z += w[e->idx[i]] * scale;
			p = 1.0 / (1.0 + exp(-z));
			wt = e->label[label] ? pos_weight : 1.0;
			g = (p - e->label[label]) * wt;
			b2 += g * g;
			*bias -= RATE * g / sqrt(b2 + 1e-8);
			for (size_t i = 0; i < e->n; i++) {
				uint32_t j = e->idx[i];
				double gj = g * scale + L2 * w[j];
				g2[j] += gj * gj;
				w[j] -= RATE * gj / sqrt(g2[j] + 1e-8);
			}
		}
	}
	free(g2);
	free(order);
}

static int write_model(const char *out, const set *s, double w[][SOM_MODEL_SIZE],
	const double *bias)
{
	static const char *const names[] = { "keep", "crime", "secrecy" };
	FILE *f = fopen(out, "w");

	if (!f) {
		fprintf(stderr, "train-classify: cannot write '%s'\n", out);
		return SOM_EINVALID;
	}
	fprintf(f, "/* Written by tools/train-classify from %zu items: do not edit. */\n"
		"#include \"classify/classify.h\"\n\n", s->n);
	for (int l = 0; l < SOM_MODEL_LABELS && s->n; l++) {
		fprintf(f, "static const float w_%s[SOM_MODEL_SIZE] = {", names[l]);
		for (size_t i = 0; i < SOM_MODEL_SIZE; i++) {
			float v = (float)w[l][i];
			if (i % 8 == 0)
				fputs("\n\t", f);
			if (v == 0)
				fputs("0,", f);
			else
				fprintf(f, "%a,", (double)v);
		}
		fputs("\n};\n\n", f);
	}
	if (s->n)
		fprintf(f, "const som_model som_classify__model = { 1, %zu, { %a, %a, %a },\n"
			"\t{ w_keep, w_crime, w_secrecy } };\n", s->n, (double)(float)bias[0],
			(double)(float)bias[1], (double)(float)bias[2]);
	else
		fputs("const som_model som_classify__model = { 0, 0, { 0, 0, 0 }, "
			"{ NULL, NULL, NULL } };\n", f);
	if (fclose(f) != 0) {
		fprintf(stderr, "train-classify: cannot write '%s'\n", out);
		return SOM_EINVALID;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static double w[SOM_MODEL_LABELS][SOM_MODEL_SIZE];
	double bias[SOM_MODEL_LABELS] = { 0, 0, 0 };
	som_stemmer *stemmer = NULL;
	set s = { NULL, 0, 0 };
	int error = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: train-classify OUT.c [CORPUS.ndjson...]\n");
		return 2;
	}
	if ((error = som_classify__stemmer_new(&stemmer)) != 0)
		return 3;
	for (int i = 2; i < argc && !error; i++) {
		reading r = { &s, stemmer };
		error = corpus_each_line(argv[i], "train-classify", read_line, &r);
	}
	for (int l = 0; l < SOM_MODEL_LABELS && !error; l++)
		train(&s, l, w[l], &bias[l]);
	if (!error)
		error = write_model(argv[1], &s, w, bias);
	for (size_t i = 0; i < s.n; i++)
		som__free(s.v[i].idx);
	free(s.v);
	som_classify__stemmer_free(stemmer);
	return error ? 3 : 0;
}
