/*
 * Measures the classifier against labelled corpora (one JSON object a
 * line: id, kind, author_is_account, text, class, flags), side by side:
 * corpora the rules were written with (in-sample), the fifth of the
 * training corpus nobody tuned to (tools/corpus.h) and held-out
 * corpora written by someone who never saw the rules. Every line goes
 * through som_classify_input_for() and som_classify_text(), exactly as the
 * store classifies ingested items. It prints one column a corpus
 * (precision and recall of kept classes and of each flag, crime items
 * left temporary without the flag) and lists every miss of each held-out
 * corpus; with --json one object a line ({corpus, id, class, flags,
 * rules}) and nothing else. It reports, never fails on the figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "somarkiv.h"
#include "formats/json.h"
#include "corpus.h"

#define DEFAULT_PLAN "retention/vgr-2.10.xml"
#define MAX_CORPORA 16

static const int n_flags = 3;

typedef struct counts {
	long total;
	long confusion[SOM_CLASS_COUNT][SOM_CLASS_COUNT];   /* [labelled][predicted] */
	long kept_tp, kept_fp, kept_fn;                      /* important+case together */
	long flag_tp[3], flag_fp[3], flag_fn[3];
	long review, otherwise;
	long crime_lost;        /* labelled crime, classified temporary without the flag */
} counts;

/* One column: a label, its files, which part of them, and whether nobody tuned to it. */
typedef struct corpus {
	char *label;
	char *files;            /* comma-separated */
	int part;               /* 0 all; 1 the training four fifths; 2 the development fifth */
	int held_out;
	counts c;
	som_buf misses;
} corpus;

static void usage(FILE *f)
{
	fprintf(f, "usage: tools/eval-classify [--plan FILE] [--json] [--errors] "
		"[[LABEL[/train|/dev]=]FILE[,FILE...]...]\n");
}

static double ratio(long a, long b)
{
	return b ? (double)a / (double)b : 0.0;
}

static void excerpt(const char *text, char *out, size_t size)
{
	size_t n = 0, cps = 0;

	for (const char *p = text; *p && n + 4 < size; p++) {
		char c = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;
		/* Stop before a character begins, never inside one. */
		if (((unsigned char)c & 0xC0) != 0x80 && cps++ == 110)
			break;
		out[n++] = c;
	}
	out[n] = '\0';
}

static int json_line(const char *label, const char *id, const som_classify_result *r)
{
	som_buf out = SOM_BUF_INIT;
	int error = 0;

	som_buf_puts(&out, "{\"corpus\":");
	som_json__put_string(&out, label);
	som_buf_puts(&out, ",\"id\":");
	som_json__put_string(&out, id);
	som_buf_puts(&out, ",\"class\":");
	som_json__put_string(&out, som_class_name(r->cls));
	som_buf_puts(&out, ",\"flags\":[");
	for (int i = 0, n = 0; i < n_flags; i++) {
		if (!(r->flags & (1u << i)))
			continue;
		if (n++)
			som_buf_putc(&out, ',');
		som_json__put_string(&out, som_flag_name(1u << i));
	}
	som_buf_puts(&out, "],\"review\":");
	som_buf_puts(&out, r->review ? "true" : "false");
	som_buf_puts(&out, ",\"rules\":[");
	for (size_t i = 0; i < r->n_rules; i++) {
		if (i)
			som_buf_putc(&out, ',');
		som_json__put_string(&out, r->rules[i].id);
	}
	if ((error = som_buf_puts(&out, "]}\n")) == 0)
		fwrite(out.ptr, 1, out.size, stdout);
	som_buf_dispose(&out);
	return error;
}

/* "id  labelled X+flags, got Y+flags  rules: ...\n    text" into the corpus's misses. */
static void note_miss(corpus *k, const char *id, const char *label, unsigned int want_flags,
	const som_classify_result *r, const char *text)
{
	som_buf wf = SOM_BUF_INIT, gf = SOM_BUF_INIT;
	char ex[512];

	som_flags_format(&wf, want_flags, ",");
	som_flags_format(&gf, r->flags, ",");
	excerpt(text, ex, sizeof(ex));
	som_buf_printf(&k->misses, "%s  labelled %s%s%s, got %s%s%s%s  rules: ", id, label,
		*wf.ptr ? "+" : "", wf.ptr, som_class_name(r->cls), *gf.ptr ? "+" : "", gf.ptr,
		r->review ? " (review)" : "");
	for (size_t i = 0; i < r->n_rules; i++)
		som_buf_printf(&k->misses, "%s%s", i ? "," : "", r->rules[i].id);
	som_buf_printf(&k->misses, "\n    %s\n", ex);
	som_buf_dispose(&wf);
	som_buf_dispose(&gf);
}

/* Classify one corpus line and count it (or skip it: not in the part asked for). */
static int one(corpus *k, const som_plan *plan, const char *line, size_t len,
	const char *path, long lineno, int json)
{
	som_json *obj = NULL, *flags;
	som_classify_result *r = NULL;
	som_classify_input in;
	counts *c = &k->c;
	const char *id, *text, *kind, *label;
	unsigned int want_flags = 0, f;
	int want, error;

	if ((error = som_json__parse(&obj, line, len, path, lineno - 1)) != 0)
		return error;
	id = som_json__get_string(obj, "id");
	text = som_json__get_string(obj, "text");
	kind = som_json__get_string(obj, "kind");
	label = som_json__get_string(obj, "class");
	want = som_class_parse(label);
	if (!id || !text || want == SOM_CLASS_NONE) {
		fprintf(stderr, "eval-classify: %s: line %ld: needs id, text and a class\n", path,
			lineno);
		som_json__free(obj);
		return SOM_EINVALID;
	}
	if ((k->part == 1 && corpus_is_dev(id)) || (k->part == 2 && !corpus_is_dev(id))) {
		som_json__free(obj);
		return 0;
	}
	flags = som_json__get(obj, "flags");
	for (size_t i = 0; i < som_json__array_size(flags); i++) {
		const char *name = som_json__string(som_json__array_get(flags, i));
		if (name && som_flags_parse(&f, name) == 0)
			want_flags |= f;
	}
	som_classify_input_for(&in, text, kind,
		som_json__is_true(som_json__get(obj, "author_is_account")), NULL);
	if ((error = som_classify_text(&r, plan, &in)) != 0) {
		som_json__free(obj);
		return error;
	}
	if (json) {
		error = json_line(k->label, id, r);
	} else {
		c->total++;
		c->confusion[want][r->cls]++;
		if (want != SOM_CLASS_TEMPORARY && r->cls != SOM_CLASS_TEMPORARY)
			c->kept_tp++;
		else if (want != SOM_CLASS_TEMPORARY)
			c->kept_fn++;
		else if (r->cls != SOM_CLASS_TEMPORARY)
			c->kept_fp++;
		for (int i = 0; i < n_flags; i++) {
			int w = (want_flags >> i) & 1, g = (r->flags >> i) & 1;
			c->flag_tp[i] += w && g;
			c->flag_fp[i] += !w && g;
			c->flag_fn[i] += w && !g;
		}
		if ((want_flags & SOM_FLAG_CRIME) && r->cls == SOM_CLASS_TEMPORARY &&
		    !(r->flags & SOM_FLAG_CRIME))
			c->crime_lost++;
		c->review += r->review;
		c->otherwise += r->otherwise;
		if (want != r->cls || want_flags != r->flags)
			note_miss(k, id, label, want_flags, r, text);
	}
	som_classify_result_free(r);
	som_json__free(obj);
	return error;
}

typedef struct reading {
	corpus *k;
	const som_plan *plan;
	int json;
} reading;

static int read_line(void *payload, const char *line, size_t len, const char *path,
	long lineno)
{
	reading *r = payload;
	int error = one(r->k, r->plan, line, len, path, lineno, r->json);

	if (error && (error != SOM_EINVALID || som_error_code()))
		fprintf(stderr, "eval-classify: %s\n", som_error_last());
	return error;
}

/* A row of figures: one value a corpus. */
static void row(const corpus *ks, size_t n, const char *name,
	double (*value)(const counts *, int), int arg, int as_count)
{
	printf("  %-28s", name);
	for (size_t i = 0; i < n; i++) {
		double v = value(&ks[i].c, arg);
		if (as_count)
			printf(" %12ld", (long)v);
		else
			printf(" %12.3f", v);
	}
	putchar('\n');
}

static double v_total(const counts *c, int a) { (void)a; return (double)c->total; }
static double v_kept_r(const counts *c, int a) { (void)a; return ratio(c->kept_tp, c->kept_tp + c->kept_fn); }
static double v_kept_p(const counts *c, int a) { (void)a; return ratio(c->kept_tp, c->kept_tp + c->kept_fp); }
static double v_flag_r(const counts *c, int i) { return ratio(c->flag_tp[i], c->flag_tp[i] + c->flag_fn[i]); }
static double v_flag_p(const counts *c, int i) { return ratio(c->flag_tp[i], c->flag_tp[i] + c->flag_fp[i]); }
static double v_flag_n(const counts *c, int i) { return (double)(c->flag_tp[i] + c->flag_fn[i]); }
static double v_lost(const counts *c, int a) { (void)a; return (double)c->crime_lost; }
static double v_review(const counts *c, int a) { (void)a; return ratio(c->review, c->total); }
static double v_class_r(const counts *c, int k)
{
	long n = 0;

	for (int j = 0; j < SOM_CLASS_COUNT; j++)
		n += c->confusion[k][j];
	return ratio(c->confusion[k][k], n);
}
static double v_class_p(const counts *c, int k)
{
	long n = 0;

	for (int j = 0; j < SOM_CLASS_COUNT; j++)
		n += c->confusion[j][k];
	return ratio(c->confusion[k][k], n);
}
static double v_accuracy(const counts *c, int a)
{
	(void)a;
	return ratio(c->confusion[0][0] + c->confusion[1][1] + c->confusion[2][2], c->total);
}

static void report(corpus *ks, size_t n, const som_plan *plan, const char *plan_path)
{
	char name[64];

	printf("plan %s (version %s)\n\n  %-28s", plan_path, som_plan_version(plan), "");
	for (size_t i = 0; i < n; i++)
		printf(" %12.12s", ks[i].label);
	printf("\n  %-28s", "");
	for (size_t i = 0; i < n; i++)
		printf(" %12s", ks[i].held_out ? "held-out" : ks[i].part == 2 ? "not tuned" : "in-sample");
	putchar('\n');
	row(ks, n, "items", v_total, 0, 1);
	row(ks, n, "class accuracy", v_accuracy, 0, 0);
	row(ks, n, "keep (important+case) recall", v_kept_r, 0, 0);
	row(ks, n, "keep precision", v_kept_p, 0, 0);
	for (int k = 0; k < SOM_CLASS_COUNT; k++) {
		snprintf(name, sizeof(name), "%s recall", som_class_name(k));
		row(ks, n, name, v_class_r, k, 0);
		snprintf(name, sizeof(name), "%s precision", som_class_name(k));
		row(ks, n, name, v_class_p, k, 0);
	}
	for (int i = 0; i < n_flags; i++) {
		snprintf(name, sizeof(name), "%s labelled", som_flag_name(1u << i));
		row(ks, n, name, v_flag_n, i, 1);
		snprintf(name, sizeof(name), "%s recall", som_flag_name(1u << i));
		row(ks, n, name, v_flag_r, i, 0);
		snprintf(name, sizeof(name), "%s precision", som_flag_name(1u << i));
		row(ks, n, name, v_flag_p, i, 0);
	}
	row(ks, n, "crime temporary, no flag", v_lost, 0, 1);
	row(ks, n, "marked for review (share)", v_review, 0, 0);
	printf("\n  targets on held-out text: keep recall >= 0.95 with precision >= 0.8, crime "
		"recall >= 0.95, no crime item temporary without the flag\n");
	for (size_t i = 0; i < n; i++) {
		const counts *c = &ks[i].c;
		double kr = v_kept_r(c, 0), kp = v_kept_p(c, 0), cr = v_flag_r(c, 0);
		if (!ks[i].held_out)
			continue;
		printf("  %s: keep recall %.3f (%s), precision %.3f (%s); crime recall %.3f (%s); "
			"crime left temporary %ld (%s)\n", ks[i].label, kr, kr >= 0.95 ? "met" : "not met",
			kp, kp >= 0.8 ? "met" : "not met", cr, cr >= 0.95 ? "met" : "not met",
			c->crime_lost, c->crime_lost ? "not met" : "met");
	}
}

/* Parse "[LABEL[/train|/dev]=]FILES" into `k`. */
static int parse_spec(corpus *k, const char *spec)
{
	const char *eq = strchr(spec, '='), *files = eq ? eq + 1 : spec, *base;
	char *slash;

	memset(k, 0, sizeof(*k));
	if (eq) {
		k->label = strndup(spec, (size_t)(eq - spec));
	} else {
		base = strrchr(spec, '/');
		base = base ? base + 1 : spec;
		k->label = strdup(base);
		if (k->label && strlen(k->label) > 7 &&
		    strcmp(k->label + strlen(k->label) - 7, ".ndjson") == 0)
			k->label[strlen(k->label) - 7] = '\0';
	}
	k->files = strdup(files);
	if (!k->label || !k->files)
		return SOM_ENOMEM;
	if ((slash = strchr(k->label, '/')) != NULL) {
		if (strcmp(slash + 1, "train") == 0)
			k->part = 1;
		else if (strcmp(slash + 1, "dev") == 0)
			k->part = 2;
		else
			return SOM_EINVALID;
	}
	k->held_out = strncmp(k->label, "heldout", 7) == 0;
	return 0;
}

int main(int argc, char **argv)
{
	const char *plan_path = DEFAULT_PLAN;
	som_plan *plan = NULL;
	corpus ks[MAX_CORPORA];
	size_t n = 0;
	int json = 0, errors = 0, rc = 3, error = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--plan") == 0 && i + 1 < argc) {
			plan_path = argv[++i];
		} else if (strncmp(argv[i], "--plan=", 7) == 0) {
			plan_path = argv[i] + 7;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--errors") == 0) {
			errors = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			printf("\nClassify every line of each corpus under the plan (default %s)\n"
				"and print the figures side by side, one column a corpus. A corpus\n"
				"is FILE, or LABEL=FILE[,FILE...]; LABEL/train and LABEL/dev take the\n"
				"four fifths and the fifth of the split (tools/corpus.h); a\n"
				"LABEL starting with \"heldout\" is held out: its misses are listed.\n"
				"--errors: the misses of every corpus. --json: one {corpus, id, class,\n"
				"flags, review, rules} a line instead.\n", DEFAULT_PLAN);
			return 0;
		} else if (argv[i][0] == '-' || n == MAX_CORPORA) {
			usage(stderr);
			return 2;
		} else if ((error = parse_spec(&ks[n++], argv[i])) != 0) {
			fprintf(stderr, "eval-classify: '%s': a part is /train or /dev\n", argv[i]);
			usage(stderr);
			rc = 2;
			goto done;
		}
	}
	if (!n) {
		usage(stderr);
		return 2;
	}
	if ((error = som_plan_load(&plan, plan_path)) != 0) {
		fprintf(stderr, "eval-classify: %s\n", som_error_last());
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		char *save = NULL, *files = strdup(ks[i].files);
		for (char *p = files ? strtok_r(files, ",", &save) : NULL; p && !error;
		     p = strtok_r(NULL, ",", &save))
		{
			reading r = { &ks[i], plan, json };
			error = corpus_each_line(p, "eval-classify", read_line, &r);
		}
		free(files);
		if (error)
			goto done;
	}
	if (!json) {
		report(ks, n, plan, plan_path);
		for (size_t i = 0; i < n; i++) {
			if (!(ks[i].held_out || errors) || !ks[i].misses.size)
				continue;
			printf("\n%s: every item classified otherwise than labelled:\n%s", ks[i].label,
				ks[i].misses.ptr);
		}
	}
	rc = 0;
done:
	for (size_t i = 0; i < n; i++) {
		free(ks[i].label);
		free(ks[i].files);
		som_buf_dispose(&ks[i].misses);
	}
	som_plan_free(plan);
	return rc;
}
