/*
 * The classifier's entry points: what an item as the store sees it gives
 * the classifier to look at, one text classified under a plan, the result
 * freed, and for explanations the words as the classifier reads them and
 * the model's scores. The classifier is pure: no store, no globals, the same
 * answer for the same input, which is what tools/eval-classify measures.
 */
#include <string.h>
#include "formats/json.h"
#include "plan/plan.h"

void som_classify_result_free(som_classify_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_rules; i++) {
		for (size_t j = 0; j < r->rules[i].n_evidence; j++)
			som_classify__free_evidence(&r->rules[i].evidence[j]);
		som__free(r->rules[i].evidence);
		som__free(r->rules[i].id);
	}
	som__free(r->rules);
	som__free(r->plan_version);
	som__free(r);
}
void som_classify_input_for(som_classify_input *out, const char *text,
	const char *kind, int by_account, const char *parent_platform_id)
{
	som_classify_input in = SOM_CLASSIFY_INPUT_INIT;

	in.text = text;
	in.kind = kind;
	in.by_account = by_account != 0;
	in.is_answer = (parent_platform_id && *parent_platform_id) ||
		(kind && (strcmp(kind, "comment") == 0 || strcmp(kind, "reply") == 0));
	*out = in;
}
int som_classify_text(som_classify_result **out, const som_plan *plan,
	const som_classify_input *in)
{
	som_classify_input none = SOM_CLASSIFY_INPUT_INIT;
	som_classify_result *r = NULL;
	int error = 0;

	*out = NULL;
	if (!in)
		in = &none;
	if (!(r = som__calloc(1, sizeof(*r))) ||
	    !(r->plan_version = som__strdup(plan->decision.version))) {
		error = SOM_ENOMEM;
		goto done;
	}
	error = som_classify__apply_rules(r, plan, in);
done:
	if (error) {
		som_classify_result_free(r);
		return error;
	}
	*out = r;
	return 0;
}

/* Fold, cut and normalise `text` into `nt` (with its own stemmer). */
static int read_words(som_ntoks *nt, som_buf *folded, spans *toks, const char *text)
{
	som_stemmer *stemmer = NULL;
	int error;

	if ((error = som_classify__stemmer_new(&stemmer)) == 0 &&
	    (error = som_classify__fold(folded, text, strlen(text))) == 0 &&
	    (error = som_classify__tokenize(toks, folded->ptr, folded->size)) == 0)
		error = som_classify__normalise(nt, folded->ptr, toks, stemmer);
	som_classify__stemmer_free(stemmer);
	return error;
}

int som_classify_words(som_buf *out, const char *text, int json)
{
	som_buf folded = SOM_BUF_INIT;
	spans toks = { NULL, 0, 0, 0 };
	som_ntoks nt;
	int error;

	memset(&nt, 0, sizeof(nt));
	if ((error = read_words(&nt, &folded, &toks, text ? text : "")) != 0)
		goto done;
	error = som_buf_puts(out, json ? "[" : "");
	for (size_t i = 0; i < nt.n && !error; i++) {
		const som_ntok *t = &nt.v[i];
		int last = t->n_forms > 1 ? 1 : 0;
		const char *form = SOM_NTOK_FORM(&nt, t, 0), *norm = SOM_NTOK_FORM(&nt, t, last);
		const char *stem = SOM_NTOK_STEM(&nt, t, last);
		if (json) {
			som_json_writer w;
			if (i && (error = som_buf_putc(out, ',')) != 0)
				break;
			som_json__obj_begin(&w, out);
			som_json__kv_str(&w, "text", form);
			som_json__kv_str(&w, "norm", norm);
			som_json__kv_str(&w, "stem", stem);
			error = som_json__obj_end(&w);
			continue;
		}
		error = som_buf_printf(out, "%s%s", i ? " " : "", form);
		if (!error && strcmp(norm, form) != 0)
			error = som_buf_printf(out, "=%s", norm);
		if (!error && strcmp(stem, norm) != 0)
			error = som_buf_printf(out, "[%s]", stem);
	}
	if (!error && json)
		error = som_buf_putc(out, ']');
done:
	som_classify__ntoks_dispose(&nt);
	som__free(toks.v);
	som_buf_dispose(&folded);
	return error;
}

int som_classify_model_scores(som_classify_scores *out, const som_classify_input *in)
{
	som_classify_input none = SOM_CLASSIFY_INPUT_INIT;
	som_buf folded = SOM_BUF_INIT;
	spans toks = { NULL, 0, 0, 0 };
	som_ntoks nt;
	double p[SOM_MODEL_LABELS];
	int error;

	memset(out, 0, sizeof(*out));
	memset(&nt, 0, sizeof(nt));
	if (!in)
		in = &none;
	if (!som_classify__model.trained)
		return som__error(SOM_ENOTFOUND, "this library was built without a trained model");
	if ((error = read_words(&nt, &folded, &toks, in->text ? in->text : "")) == 0 &&
	    (error = som_classify__model_scores(p, &nt, in)) == 0) {
		out->keep = p[SOM_MODEL_KEEP];
		out->crime = p[SOM_MODEL_CRIME];
		out->secrecy = p[SOM_MODEL_SECRECY];
		out->trained_on = som_classify__model.n_items;
	}
	som_classify__ntoks_dispose(&nt);
	som__free(toks.v);
	som_buf_dispose(&folded);
	return error;
}
