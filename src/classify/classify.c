/*
 * The classifier's entry points: what an item as the store sees it gives
 * the classifier to look at, one text classified under a plan, and the
 * result freed. The classifier is pure: no store, no globals, the same
 * answer for the same input, which is what tools/eval-classify measures.
 */
#include <string.h>
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
