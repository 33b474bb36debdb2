/*
 * Measures the classifier against a labelled corpus (one JSON object a
 * line: id, kind, author_is_account, text, class, flags): every line goes
 * through som_classify_input_for() and som_classify_text(), exactly as the
 * store classifies ingested items, and the tool prints precision and
 * recall per class and per flag and the confusion matrix; with --json one
 * object a line ({id, class, flags, rules}) and nothing else. It reports,
 * never fails on the figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "somarkiv.h"
#include "formats/json.h"

#define DEFAULT_PLAN "retention/vgr-2.10.xml"
#define DEFAULT_CORPUS "../shared/corpus/labelled.ndjson"

static const int n_flags = 3;

typedef struct counts {
	long total;
	long confusion[SOM_CLASS_COUNT][SOM_CLASS_COUNT];   /* [labelled][predicted] */
	long kept_tp, kept_fp, kept_fn;                      /* important+case together */
	long flag_tp[3], flag_fp[3], flag_fn[3];
	long review, otherwise;
} counts;

static void usage(FILE *f)
{
	fprintf(f, "usage: tools/eval-classify [--plan FILE] [--json] [--errors] [CORPUS]\n");
}

static double ratio(long a, long b)
{
	return b ? (double)a / (double)b : 0.0;
}

static void print_pr(const char *name, long tp, long fp, long fn)
{
	double p = ratio(tp, tp + fp), r = ratio(tp, tp + fn);
	double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;

	printf("  %-16s %9.3f %7.3f %6.3f %8ld %10ld\n", name, p, r, f1, tp + fn, tp + fp);
}

static void excerpt(const char *text, char *out, size_t size)
{
	size_t n = 0, cps = 0;

	for (const char *p = text; *p && n + 4 < size && cps < 90; p++) {
		char c = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;
		out[n++] = c;
		if (((unsigned char)c & 0xC0) != 0x80)
			cps++;
	}
	out[n] = '\0';
}

static int print_rules(FILE *f, const som_classify_result *r)
{
	for (size_t i = 0; i < r->n_rules; i++)
		fprintf(f, "%s%s", i ? "," : "", r->rules[i].id);
	return 0;
}

static int json_line(const char *id, const som_classify_result *r)
{
	som_buf out = SOM_BUF_INIT;
	int error = 0;

	som_buf_puts(&out, "{\"id\":");
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
	som_buf_puts(&out, "],\"rules\":[");
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

/* Classify one corpus line and count it. */
static int one(counts *c, const som_plan *plan, const char *line, size_t len,
	const char *corpus, long lineno, int json, int errors)
{
	som_json *obj = NULL, *flags;
	som_classify_result *r = NULL;
	som_classify_input in;
	const char *id, *text, *kind, *label;
	unsigned int want_flags = 0, f;
	int want, error;

	if ((error = som_json__parse(&obj, line, len, corpus, lineno - 1)) != 0)
		return error;
	id = som_json__get_string(obj, "id");
	text = som_json__get_string(obj, "text");
	kind = som_json__get_string(obj, "kind");
	label = som_json__get_string(obj, "class");
	want = som_class_parse(label);
	if (!id || !text || want == SOM_CLASS_NONE) {
		fprintf(stderr, "eval-classify: %s: line %ld: needs id, text and a class\n",
			corpus, lineno);
		som_json__free(obj);
		return SOM_EINVALID;
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
		error = json_line(id, r);
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
		c->review += r->review;
		c->otherwise += r->otherwise;
		if (errors && (want != r->cls || want_flags != r->flags)) {
			som_buf wf = SOM_BUF_INIT, gf = SOM_BUF_INIT;
			char ex[512];
			som_flags_format(&wf, want_flags, ",");
			som_flags_format(&gf, r->flags, ",");
			excerpt(text, ex, sizeof(ex));
			printf("%s  labelled %s%s%s, got %s%s%s  rules: ", id, label,
				*wf.ptr ? "+" : "", wf.ptr, som_class_name(r->cls),
				*gf.ptr ? "+" : "", gf.ptr);
			print_rules(stdout, r);
			printf("\n    %s\n", ex);
			som_buf_dispose(&wf);
			som_buf_dispose(&gf);
		}
	}
	som_classify_result_free(r);
	som_json__free(obj);
	return error;
}

static void report(const counts *c, const som_plan *plan, const char *plan_path,
	const char *corpus)
{
	long tp, fp, fn;
	double kept_r = ratio(c->kept_tp, c->kept_tp + c->kept_fn);
	double kept_p = ratio(c->kept_tp, c->kept_tp + c->kept_fp);
	double crime_r = ratio(c->flag_tp[0], c->flag_tp[0] + c->flag_fn[0]);
	double crime_p = ratio(c->flag_tp[0], c->flag_tp[0] + c->flag_fp[0]);

	printf("plan %s (version %s), corpus %s: %ld items\n", plan_path,
		som_plan_version(plan), corpus, c->total);
	printf("\n  %-16s %9s %7s %6s %8s %10s\n", "class", "precision", "recall", "f1",
		"labelled", "predicted");
	for (int k = 0; k < SOM_CLASS_COUNT; k++) {
		tp = c->confusion[k][k];
		fp = fn = 0;
		for (int j = 0; j < SOM_CLASS_COUNT; j++) {
			if (j == k)
				continue;
			fp += c->confusion[j][k];
			fn += c->confusion[k][j];
		}
		print_pr(som_class_name(k), tp, fp, fn);
	}
	print_pr("important+case", c->kept_tp, c->kept_fp, c->kept_fn);
	printf("\n  %-16s %9s %7s %6s %8s %10s\n", "flag", "precision", "recall", "f1",
		"labelled", "predicted");
	for (int i = 0; i < n_flags; i++)
		print_pr(som_flag_name(1u << i), c->flag_tp[i], c->flag_fp[i], c->flag_fn[i]);
	printf("\n  confusion (rows: labelled, columns: predicted)\n  %-12s", "");
	for (int j = 0; j < SOM_CLASS_COUNT; j++)
		printf(" %10s", som_class_name(j));
	putchar('\n');
	for (int k = 0; k < SOM_CLASS_COUNT; k++) {
		printf("  %-12s", som_class_name(k));
		for (int j = 0; j < SOM_CLASS_COUNT; j++)
			printf(" %10ld", c->confusion[k][j]);
		putchar('\n');
	}
	printf("\n  marked for review: %ld (no class rule matched: %ld)\n", c->review,
		c->otherwise);
	printf("  targets: important+case recall %.3f (>= 0.95: %s), precision %.3f "
		"(>= 0.8: %s); crime recall %.3f (>= 0.95: %s), precision %.3f (>= 0.8: %s)\n",
		kept_r, kept_r >= 0.95 ? "met" : "not met", kept_p, kept_p >= 0.8 ? "met" : "not met",
		crime_r, crime_r >= 0.95 ? "met" : "not met", crime_p,
		crime_p >= 0.8 ? "met" : "not met");
}

int main(int argc, char **argv)
{
	const char *plan_path = DEFAULT_PLAN, *corpus = DEFAULT_CORPUS;
	som_plan *plan = NULL;
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int json = 0, errors = 0, rc = 3, error = 0, have_corpus = 0;
	counts c;

	memset(&c, 0, sizeof(c));
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
			printf("\nClassify every line of CORPUS (default %s) under the plan\n"
				"(default %s) and print precision and recall per class and flag\n"
				"and the confusion matrix. --json: one {id, class, flags, rules}\n"
				"a line instead. --errors: also each item classified otherwise\n"
				"than labelled.\n", DEFAULT_CORPUS, DEFAULT_PLAN);
			return 0;
		} else if (argv[i][0] == '-' || have_corpus) {
			usage(stderr);
			return 2;
		} else {
			corpus = argv[i];
			have_corpus = 1;
		}
	}
	if ((error = som_plan_load(&plan, plan_path)) != 0) {
		fprintf(stderr, "eval-classify: %s\n", som_error_last());
		goto done;
	}
	if (!(f = fopen(corpus, "r"))) {
		fprintf(stderr, "eval-classify: cannot read '%s'\n", corpus);
		goto done;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		if ((error = one(&c, plan, line, (size_t)n, corpus, lineno, json, errors)) != 0) {
			if (error != SOM_EINVALID || som_error_code())
				fprintf(stderr, "eval-classify: %s\n", som_error_last());
			goto done;
		}
	}
	if (!json) {
		if (errors && c.total)
			putchar('\n');
		report(&c, plan, plan_path, corpus);
	}
	rc = 0;
done:
	free(line);
	if (f)
		fclose(f);
	som_plan_free(plan);
	return rc;
}
