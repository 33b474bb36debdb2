/*
 * Fuzz target: plans and the classifier. The input is read as a plan file
 * (it must load or fail cleanly; a plan that loads must classify), then
 * classified as an item's text under the test plan, its explanation written
 * and read back. Any input must end in success or a clean error.
 */
#include <sys/stat.h>
#include "fuzz.h"

#define FUZZ_PLAN "tests/data/plans/exempelby.xml"

static void classify(const som_plan *plan, const char *text)
{
	som_classify_input in = SOM_CLASSIFY_INPUT_INIT;
	som_classify_result *r = NULL, *back = NULL;
	som_buf json = SOM_BUF_INIT;

	in.text = text;
	in.kind = "comment";
	in.is_answer = 1;
	if (som_classify_text(&r, plan, &in) != 0 ||
	    som_classify_result_to_json(&json, r) != 0 ||
	    som_classify_result_from_json(&back, json.ptr) != 0 ||
	    back->cls != r->cls || back->flags != r->flags || back->n_rules != r->n_rules)
		abort();
	som_classify_result_free(back);
	som_classify_result_free(r);
	som_buf_dispose(&json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static som_plan *plan;
	som_plan *other = NULL;
	char *text;

	(void)fuzz_setup();
	if (!plan && som_plan_load(&plan, FUZZ_PLAN) != 0)
		abort();
	if (som_plan_load(&other, fuzz_write("plan", "plan.xml", data, size, 0)) == 0) {
		classify(other, "Klagomål om KS 2026/12, ring 070-174 06 12; 850714-9964.");
		som_plan_free(other);
	}
	if (!(text = malloc(size + 1)))
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	classify(plan, text);
	free(text);
	return 0;
}
