/*
 * The explanation of a classification as JSON: written when the store
 * keeps a classification (plan version, class, flags, every matching rule
 * and what it matched) and read back for `somarkiv explain`.
 */
#include <string.h>
#include "formats/json.h"
#include "plan/plan.h"

int som_classify_result_to_json(som_buf *out, const som_classify_result *r)
{
	som_buf flags = SOM_BUF_INIT;
	som_json_writer w;
	int error;

	som_json__obj_begin(&w, out);
	som_json__kv_str(&w, "plan", r->plan_version);
	som_json__kv_str(&w, "class", som_class_name(r->cls));
	som_json__kv_raw(&w, "flags", "");
	if ((error = w.error) != 0)
		goto done;
	if ((error = som_buf_putc(out, '[')) != 0)
		goto done;
	for (size_t i = 0, n = 0; i < 3; i++) {
		if (!(r->flags & (1u << i)))
			continue;
		if ((n++ && (error = som_buf_putc(out, ',')) != 0) ||
		    (error = som_json__put_string(out, som_flag_name(1u << i))) != 0)
			goto done;
	}
	if ((error = som_buf_putc(out, ']')) != 0)
		goto done;
	som_json__kv_bool(&w, "review", r->review);
	som_json__kv_bool(&w, "otherwise", r->otherwise);
	som_json__kv_raw(&w, "rules", "");
	if ((error = w.error) != 0 || (error = som_buf_putc(out, '[')) != 0)
		goto done;
	for (size_t i = 0; i < r->n_rules; i++) {
		const som_rule_match *m = &r->rules[i];
		som_json_writer rw;
		if (i && (error = som_buf_putc(out, ',')) != 0)
			goto done;
		som_json__obj_begin(&rw, out);
		som_json__kv_str(&rw, "id", m->id);
		som_json__kv_str(&rw, "class", som_class_name(m->cls));
		som_json__kv_str(&rw, "flag", som_flag_name(m->flag));
		som_json__kv_bool(&rw, "review", m->review);
		som_json__kv_raw(&rw, "matched", "");
		if ((error = rw.error) != 0 || (error = som_buf_putc(out, '[')) != 0)
			goto done;
		for (size_t j = 0; j < m->n_evidence; j++) {
			som_json_writer ew;
			if (j && (error = som_buf_putc(out, ',')) != 0)
				goto done;
			som_json__obj_begin(&ew, out);
			som_json__kv_str(&ew, "on", m->evidence[j].on);
			if (m->evidence[j].pattern)
				som_json__kv_str(&ew, "pattern", m->evidence[j].pattern);
			if (m->evidence[j].text)
				som_json__kv_str(&ew, "text", m->evidence[j].text);
			if (m->evidence[j].how)
				som_json__kv_str(&ew, "how", m->evidence[j].how);
			if ((error = som_json__obj_end(&ew)) != 0)
				goto done;
		}
		if ((error = som_buf_puts(out, "]}")) != 0)
			goto done;
	}
	error = som_buf_puts(out, "]}");
done:
	som_buf_dispose(&flags);
	return error;
}

/* Duplicate a member's string (NULL when absent); sets *error on allocation failure. */
static char *dup_member(const som_json *obj, const char *key, int *error)
{
	const char *s = som_json__get_string(obj, key);
	char *d;

	if (!s)
		return NULL;
	if (!(d = som__strdup(s)))
		*error = SOM_ENOMEM;
	return d;
}

static int read_rule(som_rule_match *m, const som_json *obj)
{
	const som_json *matched = som_json__get(obj, "matched");
	const char *flag = som_json__get_string(obj, "flag");
	size_t n = som_json__array_size(matched);
	int error = 0;

	m->id = dup_member(obj, "id", &error);
	m->cls = som_class_parse(som_json__get_string(obj, "class"));
	if (!flag || som_flags_parse(&m->flag, flag) != 0)
		m->flag = 0;
	m->review = som_json__is_true(som_json__get(obj, "review"));
	if (error || !n)
		return error;
	if (!(m->evidence = som__calloc(n, sizeof(*m->evidence))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < n && !error; i++) {
		const som_json *e = som_json__array_get(matched, i);
		m->n_evidence = i + 1;
		m->evidence[i].on = dup_member(e, "on", &error);
		m->evidence[i].pattern = dup_member(e, "pattern", &error);
		m->evidence[i].text = dup_member(e, "text", &error);
		m->evidence[i].how = dup_member(e, "how", &error);
	}
	return error;
}

int som_classify_result_from_json(som_classify_result **out, const char *json)
{
	som_json *root = NULL;
	const som_json *flags, *rules;
	som_classify_result *r = NULL;
	unsigned int f;
	size_t n;
	int error = 0;

	*out = NULL;
	if (!json || som_json__parse(&root, json, strlen(json), "explanation", 0) != 0 ||
	    !som_json__is_object(root) ||
	    som_class_parse(som_json__get_string(root, "class")) == SOM_CLASS_NONE) {
		som_json__free(root);
		return som__error(SOM_EINVALID, "not an explanation of a classification");
	}
	if (!(r = som__calloc(1, sizeof(*r)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	r->cls = som_class_parse(som_json__get_string(root, "class"));
	r->plan_version = dup_member(root, "plan", &error);
	r->review = som_json__is_true(som_json__get(root, "review"));
	r->otherwise = som_json__is_true(som_json__get(root, "otherwise"));
	flags = som_json__get(root, "flags");
	for (size_t i = 0; i < som_json__array_size(flags); i++) {
		const char *name = som_json__string(som_json__array_get(flags, i));
		if (name && som_flags_parse(&f, name) == 0)
			r->flags |= f;
	}
	rules = som_json__get(root, "rules");
	n = som_json__array_size(rules);
	if (!error && n && !(r->rules = som__calloc(n, sizeof(*r->rules))))
		error = SOM_ENOMEM;
	for (size_t i = 0; i < n && !error; i++) {
		r->n_rules = i + 1;
		error = read_rule(&r->rules[i], som_json__array_get(rules, i));
	}
done:
	som_json__free(root);
	if (error) {
		som_classify_result_free(r);
		return error;
	}
	*out = r;
	return 0;
}
