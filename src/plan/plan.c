/*
 * Loading a retention plan: the bytes are parsed and validated against the
 * plan schema compiled into the library (src/formats/xml.c), then turned into the
 * structure of src/plan/plan.h with the checks a schema cannot make (defined
 * classes, compiling expressions, known series, unambiguous retention),
 * each failing with "plan 'FILE': line N: message".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util/crypto.h"
#include "plan/plan.h"

#define PLAN_NS "urn:somarkiv:plan:1"

static const char *const class_names[SOM_CLASS_COUNT] = {
	"temporary", "important", "case"
};
static const char *const flag_names[] = { "crime", "secrecy", "personal-data" };
static const char *const kind_names[] = { "post", "comment", "reply", "share", "message" };

const char *som_class_name(int cls)
{
	return cls >= 0 && cls < SOM_CLASS_COUNT ? class_names[cls] : NULL;
}

int som_class_parse(const char *name)
{
	for (int i = 0; name && i < SOM_CLASS_COUNT; i++)
		if (strcmp(name, class_names[i]) == 0)
			return i;
	return SOM_CLASS_NONE;
}

const char *som_flag_name(unsigned int flag)
{
	for (size_t i = 0; i < SOM_ARRAY_SIZE(flag_names); i++)
		if (flag == 1u << i)
			return flag_names[i];
	return NULL;
}

static unsigned int flag_parse_n(const char *name, size_t len)
{
	for (size_t i = 0; i < SOM_ARRAY_SIZE(flag_names); i++)
		if (strlen(flag_names[i]) == len && memcmp(flag_names[i], name, len) == 0)
			return 1u << i;
	return 0;
}

int som_flags_format(som_buf *out, unsigned int flags, const char *sep)
{
	int error = 0, first = 1;

	for (size_t i = 0; i < SOM_ARRAY_SIZE(flag_names) && !error; i++) {
		if (!(flags & (1u << i)))
			continue;
		if (!first)
			error = som_buf_puts(out, sep);
		if (!error)
			error = som_buf_puts(out, flag_names[i]);
		first = 0;
	}
	if (!error && !out->ptr)
		error = som_buf_puts(out, "");
	return error;
}

int som_flags_parse(unsigned int *out, const char *list)
{
	const char *p = list ? list : "", *start;
	unsigned int flags = 0, f;
	size_t len;

	*out = 0;
	if (strcmp(p, "none") == 0)
		return 0;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		start = p;
		while (*p && *p != ',' && *p != ' ')
			p++;
		len = (size_t)(p - start);
		if (!len)
			continue;
		if (!(f = flag_parse_n(start, len)))
			return som__error(SOM_EINVALID,
				"unknown flag '%.*s' (crime, secrecy, personal-data)", (int)len, start);
		flags |= f;
	}
	*out = flags;
	return 0;
}

unsigned int som_kind_bit(const char *kind)
{
	for (size_t i = 0; kind && i < SOM_ARRAY_SIZE(kind_names); i++)
		if (strcmp(kind, kind_names[i]) == 0)
			return 1u << i;
	return 0;
}

/* "plan 'FILE': line N: message", SOM_EINVALID. */
static int fail(const som_plan *plan, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(const som_plan *plan, long line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return som__error(SOM_EINVALID, "plan '%s': line %ld: %s", plan->name, line, msg);
}

static void free_regex(regex_t *re)
{
	if (!re)
		return;
	regfree(re);
	som__free(re);
}

/* Compile `pattern` into a new regex_t; the regerror text goes to `problem`. */
static int compile_regex(regex_t **out, const som_plan *plan, const char *pattern,
	char *problem, size_t problem_size)
{
	regex_t *re = som__calloc(1, sizeof(*re));
	int rc;

	*out = NULL;
	if (!re)
		return SOM_ENOMEM;
	rc = som_classify__regcomp(plan->utf8, re, pattern);
	if (rc != 0) {
		regerror(rc, re, problem, problem_size);
		if (problem[0] >= 'A' && problem[0] <= 'Z' && problem[1] >= 'a')
			problem[0] = (char)(problem[0] - 'A' + 'a');
		som__free(re);
		return SOM_EINVALID;
	}
	*out = re;
	return 0;
}

static void free_cond(som_cond *c)
{
	for (size_t i = 0; i < c->n_children; i++)
		free_cond(&c->children[i]);
	som__free(c->children);
	for (size_t i = 0; i < c->n_seqs; i++)
		som_classify__free_seq(&c->seqs[i]);
	som__free(c->seqs);
	free_regex(c->re);
	som_classify__free_literals(c->lits, c->n_lits);
}

void som_plan_free(som_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; plan->conds && i < plan->n_rules; i++)
		free_cond(&plan->conds[i]);
	som__free(plan->conds);
	som__free(plan->rules);
	for (size_t i = 0; plan->series_re && i < plan->n_series; i++)
		free_regex(plan->series_re[i].re);
	som__free(plan->series_re);
	som__free(plan->series);
	free_regex(plan->dnr_re);
	som__free(plan->retention);
	som__free(plan->routes);
	som__free(plan->subjects);
	som__free(plan->processes);
	som__free(plan->jobs);
	som_classify__lexicons_free(plan->lexicons);
	for (size_t i = 0; i < plan->n_lexicon_texts; i++)
		som__free(plan->lexicon_texts[i]);
	som__free(plan->lexicon_texts);
	for (size_t i = 0; i < plan->n_warnings; i++)
		som__free(plan->warnings[i]);
	som__free(plan->warnings);
	som_xml__free(plan->tree);
	if (plan->utf8)
		freelocale(plan->utf8);
	som__free(plan->xml);
	som__free(plan->name);
	som__free(plan);
}

static int is_true(const char *v)
{
	return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static const char *child_text(const som_xml_node *n, const char *name)
{
	const som_xml_node *c = som_xml__child(n, name);

	return c ? c->text : NULL;
}

/* Kinds named in a whitespace-separated list; 0 with `bad` set for an unknown one. */
static unsigned int parse_kinds(const char *list, char *bad, size_t bad_size)
{
	const char *p = list, *start;
	unsigned int kinds = 0, bit;
	char word[32];
	size_t len;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		len = (size_t)(p - start);
		if (!len)
			continue;
		snprintf(word, sizeof(word), "%.*s", (int)(len < sizeof(word) ? len : sizeof(word) - 1),
			start);
		if (!(bit = som_kind_bit(word))) {
			snprintf(bad, bad_size, "%s", word);
			return 0;
		}
		kinds |= bit;
	}
	return kinds;
}

static int cond_type_of(const char *name, enum som_cond_type *out)
{
	static const struct {
		const char *name;
		enum som_cond_type type;
	} types[] = {
		{ "words", SOM_COND_WORDS }, { "phrase", SOM_COND_PHRASE },
		{ "regex", SOM_COND_REGEX }, { "kind", SOM_COND_KIND },
		{ "author", SOM_COND_AUTHOR }, { "position", SOM_COND_POSITION },
		{ "case-reference", SOM_COND_CASE_REF },
		{ "personal-identity-number", SOM_COND_PNR },
		{ "phone-number", SOM_COND_PHONE }, { "street-address", SOM_COND_ADDRESS },
		{ "max-length", SOM_COND_MAX_LENGTH }, { "any", SOM_COND_ANY },
		{ "unless", SOM_COND_NONE }, { "concept", SOM_COND_CONCEPT },
		{ "near", SOM_COND_NEAR }, { "model-score", SOM_COND_MODEL }
	};

	for (size_t i = 0; i < SOM_ARRAY_SIZE(types); i++) {
		if (strcmp(types[i].name, name) == 0) {
			*out = types[i].type;
			return 0;
		}
	}
	return -1;
}

static int compile_cond(som_plan *plan, som_cond *c, const som_xml_node *n,
	const char *rule_id);

/* Can <near> place the condition in the text? */
static int is_positional(const som_cond *c)
{
	switch (c->type) {
	case SOM_COND_WORDS: case SOM_COND_PHRASE: case SOM_COND_REGEX:
	case SOM_COND_CASE_REF: case SOM_COND_PNR: case SOM_COND_PHONE:
	case SOM_COND_ADDRESS: case SOM_COND_CONCEPT: case SOM_COND_NEAR:
		return 1;
	case SOM_COND_ANY:
		for (size_t i = 0; i < c->n_children; i++)
			if (!is_positional(&c->children[i]))
				return 0;
		return 1;
	default:
		return 0;
	}
}

/* Does the condition ask the model anywhere? */
static int asks_model(const som_cond *c)
{
	if (c->type == SOM_COND_MODEL)
		return 1;
	for (size_t i = 0; i < c->n_children; i++)
		if (asks_model(&c->children[i]))
			return 1;
	return 0;
}

static int compile_children(som_plan *plan, som_cond *c, const som_xml_node *n,
	const char *rule_id)
{
	int error;

	if (!n->n_children)
		return fail(plan, n->line, "rule '%s': <%s> holds no condition", rule_id, n->name);
	if (!(c->children = som__calloc(n->n_children, sizeof(*c->children))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < n->n_children; i++) {
		c->n_children = i + 1;
		if ((error = compile_cond(plan, &c->children[i], &n->children[i], rule_id)) != 0)
			return error;
	}
	return 0;
}

static int compile_words(som_plan *plan, som_cond *c, const som_xml_node *n,
	const char *rule_id)
{
	const char *p = n->text, *start;
	size_t count = 0, len;
	int error;

	for (int pass = 0; pass < 2; pass++) {
		p = n->text;
		while (*p) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
				p++;
			start = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				p++;
			len = (size_t)(p - start);
			if (!len)
				continue;
			if (pass == 0) {
				count++;
				continue;
			}
			error = som_classify__compile_seq(&c->seqs[c->n_seqs], start, len, 0);
			if (error == SOM_EINVALID)
				return fail(plan, n->line, "rule '%s': word '%.*s' has no letter or digit",
					rule_id, (int)len, start);
			if (error)
				return error;
			c->n_seqs++;
		}
		if (pass == 0) {
			if (!count)
				return fail(plan, n->line, "rule '%s': <words> is empty", rule_id);
			if (!(c->seqs = som__calloc(count, sizeof(*c->seqs))))
				return SOM_ENOMEM;
		}
	}
	return 0;
}

static int compile_cond(som_plan *plan, som_cond *c, const som_xml_node *n,
	const char *rule_id)
{
	char problem[256] = "";
	char *end = NULL;
	int error;

	c->line = n->line;
	c->source = n->text;
	if (cond_type_of(n->name, &c->type) != 0)
		return fail(plan, n->line, "rule '%s': unknown condition <%s>", rule_id, n->name);
	switch (c->type) {
	case SOM_COND_ANY:
	case SOM_COND_NONE:
		return compile_children(plan, c, n, rule_id);
	case SOM_COND_WORDS:
		return compile_words(plan, c, n, rule_id);
	case SOM_COND_PHRASE:
		if (!(c->seqs = som__calloc(1, sizeof(*c->seqs))))
			return SOM_ENOMEM;
		error = som_classify__compile_seq(c->seqs, n->text, strlen(n->text), 1);
		if (error == SOM_EINVALID)
			return fail(plan, n->line, "rule '%s': phrase '%s' has no letter or digit",
				rule_id, n->text);
		if (error)
			return error;
		c->n_seqs = 1;
		return 0;
	case SOM_COND_REGEX:
		if (!n->text[0])
			return fail(plan, n->line, "rule '%s': <regex> is empty", rule_id);
		error = compile_regex(&c->re, plan, n->text, problem, sizeof(problem));
		if (error == SOM_EINVALID)
			return fail(plan, n->line, "rule '%s': bad regular expression '%s': %s",
				rule_id, n->text, problem);
		if (!error)
			error = som_classify__regex_literals(&c->lits, &c->n_lits, n->text);
		return error;
	case SOM_COND_KIND:
		c->kinds = parse_kinds(n->text, problem, sizeof(problem));
		if (!c->kinds)
			return fail(plan, n->line, "rule '%s': unknown kind '%s'", rule_id,
				problem[0] ? problem : n->text);
		return 0;
	case SOM_COND_AUTHOR:
		c->value = strcmp(n->text, "account") == 0;
		return 0;
	case SOM_COND_POSITION:
		c->value = strcmp(n->text, "answer") == 0;
		return 0;
	case SOM_COND_MAX_LENGTH:
		errno = 0;
		c->value = strtol(n->text, &end, 10);
		if (errno || end == n->text || c->value <= 0)
			return fail(plan, n->line, "rule '%s': bad <max-length> '%s'", rule_id, n->text);
		return 0;
	case SOM_COND_PNR:
		c->value = !som_xml__attr(n, "checked") || is_true(som_xml__attr(n, "checked"));
		return 0;
	case SOM_COND_CONCEPT:
		if ((c->lexicon = som_classify__lexicon_find(plan->lexicons,
				som_xml__attr(n, "name"))) < 0)
			return fail(plan, n->line, "rule '%s': no lexicon '%s' (<lexicons> names none such)",
				rule_id, som_xml__attr(n, "name"));
		return 0;
	case SOM_COND_NEAR:
		errno = 0;
		c->value = strtol(som_xml__attr(n, "within"), &end, 10);
		if (errno || c->value <= 0 || c->value > 1000)
			return fail(plan, n->line, "rule '%s': bad <near within='%s'>", rule_id,
				som_xml__attr(n, "within"));
		if ((error = compile_children(plan, c, n, rule_id)) != 0)
			return error;
		for (size_t i = 0; i < c->n_children; i++)
			if (!is_positional(&c->children[i]))
				return fail(plan, n->children[i].line,
					"rule '%s': <near> holds only what has a place in the text "
					"(words, phrase, concept, regex, recognisers, any, near), not <%s>",
					rule_id, n->children[i].name);
		return 0;
	case SOM_COND_MODEL:
		c->label = strcmp(som_xml__attr(n, "label"), "crime") == 0 ? SOM_MODEL_CRIME :
			strcmp(som_xml__attr(n, "label"), "secrecy") == 0 ? SOM_MODEL_SECRECY :
			SOM_MODEL_KEEP;
		c->min = strtod(som_xml__attr(n, "min"), NULL);
		plan->uses_model = 1;
		return 0;
	default:
		return 0;
	}
}

static int load_classes(som_plan *plan, const som_xml_node *classes)
{
	for (size_t i = 0; i < classes->n_children; i++) {
		const som_xml_node *c = &classes->children[i];
		int cls = som_class_parse(som_xml__attr(c, "id"));
		if (cls == SOM_CLASS_NONE)
			return fail(plan, c->line, "unknown class '%s'", som_xml__attr(c, "id"));
		if (plan->classes[cls])
			return fail(plan, c->line, "class '%s' is defined twice (also line %ld)",
				class_names[cls], plan->classes[cls]->line);
		plan->classes[cls] = c;
	}
	return 0;
}

static int need_class(som_plan *plan, int cls, long line, const char *what)
{
	if (cls != SOM_CLASS_NONE && !plan->classes[cls])
		return fail(plan, line, "%s names class '%s', which <classes> does not define",
			what, class_names[cls]);
	return 0;
}

static int load_series(som_plan *plan, const som_xml_node *series)
{
	char problem[256];
	som_buf re = SOM_BUF_INIT;
	int error = 0;

	if (!(plan->series = som__calloc(series->n_children, sizeof(*plan->series))) ||
	    !(plan->series_re = som__calloc(series->n_children, sizeof(*plan->series_re))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < series->n_children && !error; i++) {
		const som_xml_node *s = &series->children[i];
		som_plan_series *ps = &plan->series[i];
		plan->n_series = i + 1;
		ps->prefix = som_xml__attr(s, "prefix");
		ps->format = som_xml__attr(s, "format");
		ps->name = child_text(s, "name");
		ps->line = s->line;
		for (size_t j = 0; j < i; j++)
			if (strcmp(plan->series[j].prefix, ps->prefix) == 0)
				return fail(plan, s->line, "series '%s' is defined twice (also line %ld)",
					ps->prefix, plan->series[j].line);
		som_buf_clear(&re);
		problem[0] = '\0';
		error = som_classify__series_regex(&re, ps->prefix, ps->format,
			&plan->series_re[i].has_prefix, &plan->series_re[i].has_doc,
			problem, sizeof(problem));
		if (error == SOM_EINVALID) {
			error = fail(plan, s->line, "series '%s': format '%s': %s", ps->prefix,
				ps->format, problem);
			break;
		}
		if (error)
			break;
		error = compile_regex(&plan->series_re[i].re, plan, re.ptr, problem, sizeof(problem));
		if (error == SOM_EINVALID)
			error = fail(plan, s->line, "series '%s': format '%s' gives no usable pattern: %s",
				ps->prefix, ps->format, problem);
	}
	som_buf_dispose(&re);
	return error;
}

static int load_rules(som_plan *plan, const som_xml_node *rules)
{
	size_t n = 0;
	int error;

	for (size_t i = 0; i < rules->n_children; i++)
		if (strcmp(rules->children[i].name, "rule") == 0)
			n++;
	if (!(plan->rules = som__calloc(n ? n : 1, sizeof(*plan->rules))) ||
	    !(plan->conds = som__calloc(n ? n : 1, sizeof(*plan->conds))))
		return SOM_ENOMEM;
	plan->otherwise = SOM_CLASS_NONE;
	for (size_t i = 0; i < rules->n_children; i++) {
		const som_xml_node *r = &rules->children[i];
		som_plan_rule *pr;
		const som_xml_node *when;
		const char *flag;
		if (strcmp(r->name, "otherwise") == 0) {
			plan->otherwise = som_class_parse(som_xml__attr(r, "class"));
			if ((error = need_class(plan, plan->otherwise, r->line, "<otherwise>")) != 0)
				return error;
			continue;
		}
		pr = &plan->rules[plan->n_rules];
		pr->id = som_xml__attr(r, "id");
		pr->description = child_text(r, "description");
		pr->cls = som_class_parse(som_xml__attr(r, "class"));
		flag = som_xml__attr(r, "flag");
		pr->flag = flag ? flag_parse_n(flag, strlen(flag)) : 0;
		pr->review = is_true(som_xml__attr(r, "review"));
		pr->line = r->line;
		plan->n_rules++;
		for (size_t j = 0; j + 1 < plan->n_rules; j++)
			if (strcmp(plan->rules[j].id, pr->id) == 0)
				return fail(plan, r->line, "rule id '%s' is used twice (also line %ld)",
					pr->id, plan->rules[j].line);
		if (pr->cls == SOM_CLASS_NONE && !pr->flag && !pr->review)
			return fail(plan, r->line,
				"rule '%s' proposes neither a class nor a flag nor a review", pr->id);
		if ((error = need_class(plan, pr->cls, r->line, "rule")) != 0)
			return error;
		if (!(when = som_xml__child(r, "when")))
			return fail(plan, r->line, "rule '%s' has no <when>", pr->id);
		plan->conds[plan->n_rules - 1].type = SOM_COND_ALL;
		plan->conds[plan->n_rules - 1].line = when->line;
		if ((error = compile_children(plan, &plan->conds[plan->n_rules - 1], when,
				pr->id)) != 0)
			return error;
		/* The model is a second opinion that may only raise an item. */
		if (pr->cls == SOM_CLASS_TEMPORARY && asks_model(&plan->conds[plan->n_rules - 1]))
			return fail(plan, r->line,
				"rule '%s' proposes class 'temporary' on the model's score: the model may "
				"only raise an item (to review, a kept class or a flag)", pr->id);
	}
	if (plan->otherwise == SOM_CLASS_NONE)
		return fail(plan, rules->line, "<rules> has no <otherwise>");
	return 0;
}

/* An ISO 8601 period of years, months, weeks and days ("P90D", "P1Y6M"). */
static int parse_period(som_plan_retention *r)
{
	const char *p = r->after;
	long v;
	char *end;
	int any = 0;

	if (*p++ != 'P')
		return -1;
	while (*p) {
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || v > 100000)
			return -1;
		switch (*end) {
		case 'Y': r->years += (int)v; break;
		case 'M': r->months += (int)v; break;
		case 'W': r->days += (int)v * 7; break;
		case 'D': r->days += (int)v; break;
		default: return -1;
		}
		p = end + 1;
		any = 1;
	}
	return any ? 0 : -1;
}

/* A non-negative count (the schema checked its form); large ones are capped. */
static int parse_count(const char *v)
{
	long n = strtol(v, NULL, 10);

	return n < 0 ? 0 : n > 1000 ? 1000 : (int)n;
}

static int parse_from(const char *v)
{
	static const char *const names[] = {
		"last-activity", "created", "registration", "case-closed"
	};

	for (size_t i = 0; v && i < SOM_ARRAY_SIZE(names); i++)
		if (strcmp(v, names[i]) == 0)
			return (int)i + 1;
	return SOM_FROM_NONE;
}

static int load_retention(som_plan *plan, const som_xml_node *ret)
{
	char bad[64] = "";
	int error;

	if (!(plan->retention = som__calloc(ret->n_children, sizeof(*plan->retention))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < ret->n_children; i++) {
		const som_xml_node *n = &ret->children[i];
		som_plan_retention *r = &plan->retention[i];
		const char *kinds = som_xml__attr(n, "kind"), *v;
		plan->n_retention = i + 1;
		r->id = som_xml__attr(n, "id");
		r->cls = som_class_parse(som_xml__attr(n, "class"));
		r->line = n->line;
		if ((error = need_class(plan, r->cls, n->line, "retention rule")) != 0)
			return error;
		for (size_t j = 0; j < plan->n_rules; j++)
			if (strcmp(plan->rules[j].id, r->id) == 0)
				return fail(plan, n->line, "rule id '%s' is used twice (also line %ld)",
					r->id, plan->rules[j].line);
		for (size_t j = 0; j < i; j++)
			if (strcmp(plan->retention[j].id, r->id) == 0)
				return fail(plan, n->line, "rule id '%s' is used twice (also line %ld)",
					r->id, plan->retention[j].line);
		r->kinds_given = kinds != NULL;
		r->kinds = kinds ? parse_kinds(kinds, bad, sizeof(bad)) : SOM_KIND_ALL;
		if (!r->kinds)
			return fail(plan, n->line, "retention rule '%s': unknown kind '%s'", r->id,
				bad[0] ? bad : kinds);
		r->dispose = (v = som_xml__attr(n, "action")) && strcmp(v, "dispose") == 0;
		r->after = som_xml__attr(n, "after");
		r->from = parse_from(som_xml__attr(n, "from"));
		r->calendar_year = (v = som_xml__attr(n, "counting")) &&
			strcmp(v, "calendar-year") == 0;
		r->approvals = (v = som_xml__attr(n, "approvals")) ? parse_count(v) : 1;
		r->deliver_first = is_true(som_xml__attr(n, "deliver-first"));
		if (r->after && parse_period(r) != 0)
			return fail(plan, n->line, "retention rule '%s': bad period '%s'", r->id,
				r->after);
		if (r->dispose && (!r->after || r->from == SOM_FROM_NONE))
			return fail(plan, n->line,
				"retention rule '%s' disposes of items but lacks after= or from=", r->id);
		if (!r->dispose && (r->after || r->from != SOM_FROM_NONE))
			return fail(plan, n->line,
				"retention rule '%s' keeps items forever: after= and from= make no sense",
				r->id);
		for (size_t j = 0; j < i; j++) {
			const som_plan_retention *o = &plan->retention[j];
			unsigned int both = o->kinds & r->kinds;
			if (o->cls != r->cls || !both || o->kinds_given != r->kinds_given)
				continue;
			for (size_t k = 0; k < SOM_ARRAY_SIZE(kind_names); k++) {
				if (both & (1u << k))
					return fail(plan, n->line,
						"retention rules '%s' (line %ld) and '%s' both cover class '%s', kind '%s'",
						o->id, o->line, r->id, class_names[r->cls], kind_names[k]);
			}
		}
	}
	return 0;
}

/* The classification structure: codes unique, series the plan defines. */
static int load_processes(som_plan *plan, const som_xml_node *procs)
{
	if (!procs)
		return 0;
	if (!(plan->processes = som__calloc(procs->n_children, sizeof(*plan->processes))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < procs->n_children; i++) {
		const som_xml_node *n = &procs->children[i];
		som_plan_process *p = &plan->processes[i];
		plan->n_processes = i + 1;
		p->code = som_xml__attr(n, "code");
		p->name = child_text(n, "name");
		p->series = som_xml__attr(n, "series");
		p->retention = som_xml__attr(n, "retention");
		p->line = n->line;
		if (!som_plan_series_find(plan, p->series))
			return fail(plan, n->line, "process '%s' names series '%s', which <series> "
				"does not define", p->code, p->series);
		for (size_t j = 0; j < i; j++)
			if (strcmp(plan->processes[j].code, p->code) == 0)
				return fail(plan, n->line, "process '%s' is defined twice (also line %ld)",
					p->code, plan->processes[j].line);
	}
	return 0;
}

static int load_subject(som_plan *plan, const som_xml_node *n)
{
	som_plan_subject *t = &plan->subjects[plan->n_subjects++];
	const char *kinds = som_xml__attr(n, "kind"), *cls = som_xml__attr(n, "class");
	char bad[64] = "";
	int error;

	t->text = som_xml__attr(n, "text");
	t->cls = cls ? som_class_parse(cls) : SOM_CLASS_NONE;
	t->kinds = kinds ? parse_kinds(kinds, bad, sizeof(bad)) : SOM_KIND_ALL;
	t->words = som_xml__attr(n, "words");
	t->line = n->line;
	if ((error = need_class(plan, t->cls, n->line, "subject")) != 0)
		return error;
	if (!t->kinds)
		return fail(plan, n->line, "subject names kind '%s', which is not a kind", bad);
	return 0;
}

static int load_routes(som_plan *plan, const som_xml_node *reg)
{
	const char *v;
	int error;

	if (!(plan->routes = som__calloc(reg->n_children, sizeof(*plan->routes))) ||
	    !(plan->subjects = som__calloc(reg->n_children, sizeof(*plan->subjects))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < reg->n_children; i++) {
		const som_xml_node *n = &reg->children[i];
		som_plan_route *r = &plan->routes[plan->n_routes];

		if (strcmp(n->name, "subject") == 0) {
			if ((error = load_subject(plan, n)) != 0)
				return error;
			continue;
		}
		plan->n_routes++;
		r->cls = som_class_parse(som_xml__attr(n, "class"));
		r->series = som_xml__attr(n, "series");
		r->collective = (v = som_xml__attr(n, "mode")) && strcmp(v, "collective") == 0;
		r->auto_register = is_true(som_xml__attr(n, "auto"));
		r->process = som_xml__attr(n, "process");
		r->line = n->line;
		if ((error = need_class(plan, r->cls, n->line, "route")) != 0)
			return error;
		if (!som_plan_series_find(plan, r->series))
			return fail(plan, n->line,
				"route for class '%s' names series '%s', which <series> does not define",
				class_names[r->cls], r->series);
		if (r->process && !som_plan_process_find(plan, r->process))
			return fail(plan, n->line, "route for class '%s' names process '%s', which "
				"<processes> does not define", class_names[r->cls], r->process);
		for (size_t j = 0; j + 1 < plan->n_routes; j++)
			if (plan->routes[j].cls == r->cls)
				return fail(plan, n->line,
					"class '%s' has two routes (also line %ld)", class_names[r->cls],
					plan->routes[j].line);
	}
	return 0;
}

static int cron_fields(const char *cron)
{
	int n = 0, in = 0;

	for (const char *p = cron; *p; p++) {
		int space = *p == ' ' || *p == '\t';
		if (!space && !in)
			n++;
		in = !space;
	}
	return n;
}

static int load_jobs(som_plan *plan, const som_xml_node *schedule)
{
	if (!schedule)
		return 0;
	if (!(plan->jobs = som__calloc(schedule->n_children, sizeof(*plan->jobs))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < schedule->n_children; i++) {
		const som_xml_node *n = &schedule->children[i];
		som_plan_job *j = &plan->jobs[i];
		plan->n_jobs = i + 1;
		j->name = som_xml__attr(n, "name");
		j->every = som_xml__attr(n, "every");
		j->cron = som_xml__attr(n, "cron");
		j->out = som_xml__attr(n, "out");
		j->line = n->line;
		j->account = som_xml__attr(n, "account");
		if (!j->every == !j->cron)
			return fail(plan, n->line, "job '%s' needs exactly one of every= and cron=",
				j->name);
		if (j->cron && cron_fields(j->cron) != 5)
			return fail(plan, n->line, "job '%s': cron '%s' is not five fields", j->name,
				j->cron);
		if (j->account && strcmp(j->name, "fetch") != 0)
			return fail(plan, n->line, "job '%s': account= is for fetch jobs only", j->name);
	}
	return 0;
}

/* Read the file at `path` into `out`; `what` names it in messages ("plan"). */
static int read_file(som_buf *out, const char *path, const char *what)
{
	FILE *f = NULL;
	struct stat st;
	char chunk[16384];
	size_t n;
	int error = 0;

	if (!(f = fopen(path, "rb")) || fstat(fileno(f), &st) != 0) {
		error = som__error_os(SOM_EINVALID, "cannot read %s '%s'", what, path);
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		error = som__error(SOM_EINVALID, "cannot read %s '%s': it is a folder", what, path);
		goto done;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->size + n > SOM_XML_MAX_SIZE) {
			error = som__error(SOM_EINVALID, "%s '%s': larger than %d MiB", what, path,
				SOM_XML_MAX_SIZE / (1024 * 1024));
			goto done;
		}
		if ((error = som_buf_put(out, chunk, n)) != 0)
			goto done;
	}
	if (ferror(f))
		error = som__error_os(SOM_EINVALID, "cannot read %s '%s'", what, path);
	else if (!out->ptr)
		error = som_buf_puts(out, "");
done:
	if (f)
		fclose(f);
	return error;
}

/* Is the text white space only? */
static int blank(const char *t)
{
	for (; t && *t; t++)
		if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r')
			return 0;
	return 1;
}

static int load_lexicons(som_plan *plan, const som_xml_node *lexicons)
{
	som_buf path = SOM_BUF_INIT, text = SOM_BUF_INIT;
	char problem[512];
	long bad_line;
	int error = 0;

	if (!lexicons)
		return 0;
	if ((error = som_classify__lexicons_new(&plan->lexicons)) != 0)
		return error;
	if (!(plan->lexicon_texts = som__calloc(lexicons->n_children,
			sizeof(*plan->lexicon_texts))))
		return SOM_ENOMEM;
	plan->n_lexicon_texts = lexicons->n_children;
	for (size_t i = 0; i < lexicons->n_children && !error; i++) {
		const som_xml_node *n = &lexicons->children[i];
		const char *name = som_xml__attr(n, "name"), *src = som_xml__attr(n, "src");
		const char *entries = n->text;
		som_buf_clear(&path);
		som_buf_clear(&text);
		problem[0] = '\0';
		if (blank(entries)) {
			if (!src) {
				error = fail(plan, n->line, "lexicon '%s' holds no entries and names no file (src=)",
					name);
				break;
			}
			if (!plan->dir) {
				error = fail(plan, n->line,
					"lexicon '%s': a plan not read from a file cannot read '%s'", name, src);
				break;
			}
			if ((error = som_buf_printf(&path, "%s%s", src[0] == '/' ? "" : plan->dir,
					src)) != 0 ||
			    (error = read_file(&text, path.ptr, "lexicon")) != 0)
				break;
			if (som__utf8_invalid_at(text.ptr, text.size) >= 0) {
				error = som__error(SOM_EINVALID, "lexicon '%s': not UTF-8 text", path.ptr);
				break;
			}
			if (!(plan->lexicon_texts[i] = som__strndup(text.ptr, text.size))) {
				error = SOM_ENOMEM;
				break;
			}
			plan->lexicon_files++;
			entries = plan->lexicon_texts[i];
		}
		error = som_classify__lexicon_add(plan->lexicons, name, entries, strlen(entries),
			&bad_line, problem, sizeof(problem));
		if (error == SOM_EINVALID) {
			if (plan->lexicon_texts[i])
				error = som__error(SOM_EINVALID, "lexicon '%s': line %ld: %s", path.ptr,
					bad_line, problem);
			else
				error = fail(plan, n->line, "lexicon '%s', entry line %ld: %s", name,
					bad_line, problem);
		}
	}
	som_buf_dispose(&path);
	som_buf_dispose(&text);
	return error;
}

static int warn(som_plan *plan, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Note something worth a look that does not make the plan invalid. */
static int warn(som_plan *plan, long line, const char *fmt, ...)
{
	som_buf b = SOM_BUF_INIT;
	char msg[768], **grown;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!(grown = som__realloc(plan->warnings, (plan->n_warnings + 1) * sizeof(*grown))))
		return SOM_ENOMEM;
	plan->warnings = grown;
	if (som_buf_printf(&b, "line %ld: %s", line, msg) != 0)
		return SOM_ENOMEM;
	plan->warnings[plan->n_warnings++] = som_buf_detach(&b);
	som_buf_dispose(&b);
	return 0;
}

/* Does the text hold a digit (a registration number has one)? */
static int has_digit(const char *t)
{
	for (; t && *t; t++)
		if (*t >= '0' && *t <= '9')
			return 1;
	return 0;
}

/*
 * A plan that disposes of items must say under which decision (the
 * gallringsbeslut): <disposal-authority>, else the plan's own <reference>,
 * with a registration number in it, and not marked UNVERIFIED.
 */
static int check_disposal_authority(som_plan *plan, const som_xml_node *decision)
{
	const som_plan_retention *first = NULL;
	const char *auth = plan->decision.disposal_authority;

	for (size_t i = 0; i < plan->n_retention && !first; i++)
		if (plan->retention[i].dispose)
			first = &plan->retention[i];
	if (!first)
		return 0;
	if (!auth || blank(auth))
		auth = plan->decision.reference;
	if (auth && strstr(auth, "UNVERIFIED"))
		return warn(plan, decision ? decision->line : first->line,
			"the decision items are disposed of under is marked UNVERIFIED ('%s'): check it "
			"against the body's decision before any disposal", auth);
	if (!auth || blank(auth) || !has_digit(auth))
		return warn(plan, first->line,
			"retention rule '%s' disposes of items, but the plan names no decision to "
			"dispose under: give its registration number in <disposal-authority> (or "
			"<reference>)", first->id);
	return 0;
}

static int build(som_plan *plan)
{
	const som_xml_node *root = plan->tree, *decision;
	char problem[256] = "";
	int error;

	if (strcmp(root->name, "plan") != 0 || !root->ns || strcmp(root->ns, PLAN_NS) != 0)
		return fail(plan, root->line, "not a plan (root <plan> in namespace '%s')", PLAN_NS);
	decision = som_xml__child(root, "decision");
	plan->decision.version = som_xml__attr(root, "version");
	plan->decision.body = child_text(decision, "body");
	plan->decision.title = child_text(decision, "title");
	plan->decision.reference = child_text(decision, "reference");
	plan->decision.date = child_text(decision, "date");
	plan->decision.source = child_text(decision, "source");
	plan->decision.disposal_authority = child_text(decision, "disposal-authority");
	if ((error = load_classes(plan, som_xml__child(root, "classes"))) != 0 ||
	    (error = load_series(plan, som_xml__child(root, "series"))) != 0 ||
	    (error = load_lexicons(plan, som_xml__child(root, "lexicons"))) != 0 ||
	    (error = load_rules(plan, som_xml__child(root, "rules"))) != 0 ||
	    (error = load_retention(plan, som_xml__child(root, "retention"))) != 0 ||
	    (error = load_processes(plan, som_xml__child(root, "processes"))) != 0 ||
	    (error = load_routes(plan, som_xml__child(root, "registration"))) != 0 ||
	    (error = load_jobs(plan, som_xml__child(root, "schedule"))) != 0 ||
	    (error = check_disposal_authority(plan, decision)) != 0)
		return error;
	error = compile_regex(&plan->dnr_re, plan, som_classify__dnr_regex, problem,
		sizeof(problem));
	if (error == SOM_EINVALID)
		error = som__error(SOM_ERROR, "the recogniser of registration numbers: %s", problem);
	return error;
}

static int load_from(som_plan **out, const char *data, size_t len, const char *name,
	const char *dir)
{
	som_plan *plan = som__calloc(1, sizeof(*plan));
	som_buf label = SOM_BUF_INIT;
	int error;

	*out = NULL;
	if (!plan)
		return SOM_ENOMEM;
	plan->name = som__strdup(name ? name : "(buffer)");
	plan->xml = som__malloc(len + 1);
	if (!plan->name || !plan->xml) {
		error = SOM_ENOMEM;
		goto done;
	}
	plan->dir = dir;
	memcpy(plan->xml, data, len);
	plan->xml[len] = '\0';
	plan->xml_len = len;
	plan->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (!plan->utf8)
		plan->utf8 = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
	if ((error = som_sha256__hex(plan->sha256, data, len)) != 0 ||
	    (error = som_buf_printf(&label, "plan '%s'", plan->name)) != 0)
		goto done;
	if ((error = som_xml__parse(&plan->tree, data, len, label.ptr,
			(const char *)som_plan__xsd, som_plan__xsd_len)) != 0)
		goto done;
	error = build(plan);
done:
	som_buf_dispose(&label);
	if (plan)
		plan->dir = NULL;
	if (error) {
		som_plan_free(plan);
		return error;
	}
	*out = plan;
	return 0;
}

int som_plan_load_buffer(som_plan **out, const char *data, size_t len, const char *name)
{
	return load_from(out, data, len, name, NULL);
}

/* Append `t` with XML's special characters escaped. */
static int put_escaped(som_buf *out, const char *t)
{
	int error = 0;

	for (; *t && !error; t++) {
		if (*t == '&')
			error = som_buf_puts(out, "&amp;");
		else if (*t == '<')
			error = som_buf_puts(out, "&lt;");
		else if (*t == '>')
			error = som_buf_puts(out, "&gt;");
		else if (*t == '\n')
			error = som_buf_puts(out, "&#10;");  /* the plan's lines keep their numbers */
		else if (*t == '\r')
			error = som_buf_puts(out, "&#13;");
		else
			error = som_buf_putc(out, *t);
	}
	return error;
}

/* Skip from `p` (just past `open`) to the end of `close`; NULL when it never comes. */
static const char *skip_past(const char *p, const char *end, const char *close)
{
	const char *q = memmem(p, (size_t)(end - p), close, strlen(close));

	return q ? q + strlen(close) : NULL;
}

/*
 * The plan's XML with the text of each lexicon file written into its
 * <lexicon> element, in document order: the form the store keeps. Only
 * empty elements are filled (the others hold their entries already).
 */
static int inline_lexicons(som_buf *out, const som_plan *plan)
{
	const char *p = plan->xml, *end = plan->xml + plan->xml_len, *copied = p;
	size_t k = 0;
	int error = 0;

	while (p < end && !error) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *name, *tag_end, *q;
		size_t name_len;
		int empty_tag;
		if (!lt)
			break;
		if (end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
			p = skip_past(lt + 4, end, "-->");
		} else if (end - lt >= 9 && memcmp(lt, "<![CDATA[", 9) == 0) {
			p = skip_past(lt + 9, end, "]]>");
		} else if (end - lt >= 2 && (lt[1] == '?' || lt[1] == '!' || lt[1] == '/')) {
			p = skip_past(lt + 1, end, ">");
		} else {
			name = lt + 1;
			for (q = name; q < end && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' &&
			     *q != '/' && *q != '>'; q++)
				;
			name_len = (size_t)(q - name);
			/* The end of the tag, past quoted attribute values. */
			for (tag_end = q; tag_end < end && *tag_end != '>'; tag_end++) {
				if (*tag_end == '"' || *tag_end == '\'') {
					const char *c = memchr(tag_end + 1, *tag_end, (size_t)(end - tag_end - 1));
					if (!c)
						break;
					tag_end = c;
				}
			}
			if (tag_end >= end)
				break;
			p = tag_end + 1;
			{
				const char *colon = memchr(name, ':', name_len);
				const char *local = colon ? colon + 1 : name;
				size_t local_len = name_len - (size_t)(local - name);
				if (local_len != 7 || memcmp(local, "lexicon", 7) != 0)
					continue;
			}
			if (k >= plan->n_lexicon_texts)
				return som__error(SOM_EINVALID, "plan '%s': more <lexicon> elements than read",
					plan->name);
			empty_tag = tag_end[-1] == '/';
			if (!plan->lexicon_texts[k++])
				continue;
			if (empty_tag) {
				error = som_buf_put(out, copied, (size_t)(tag_end - 1 - copied));
				if (!error)
					error = som_buf_putc(out, '>');
				if (!error)
					error = put_escaped(out, plan->lexicon_texts[k - 1]);
				if (!error)
					error = som_buf_printf(out, "</%.*s>", (int)name_len, name);
				copied = p;
			} else {
				/* <lexicon ...>   </lexicon>: the blank content replaced. */
				const char *close = memchr(p, '<', (size_t)(end - p));
				if (!close)
					break;
				error = som_buf_put(out, copied, (size_t)(p - copied));
				if (!error)
					error = put_escaped(out, plan->lexicon_texts[k - 1]);
				copied = p = close;
			}
		}
		if (!p)
			break;
	}
	if (!error && k != plan->n_lexicon_texts)
		return som__error(SOM_EINVALID,
			"plan '%s': cannot write the lexicon files into the plan (%zu of %zu <lexicon> found)",
			plan->name, k, plan->n_lexicon_texts);
	if (!error)
		error = som_buf_put(out, copied, (size_t)(end - copied));
	return error;
}

int som_plan_load(som_plan **out, const char *path)
{
	som_buf data = SOM_BUF_INIT, dir = SOM_BUF_INIT, resolved = SOM_BUF_INIT;
	som_plan *plan = NULL;
	const char *slash = strrchr(path, '/');
	int error;

	*out = NULL;
	if ((error = read_file(&data, path, "plan")) != 0)
		goto done;
	if ((error = slash ? som_buf_put(&dir, path, (size_t)(slash - path + 1)) :
			som_buf_puts(&dir, "")) != 0)
		goto done;
	if ((error = load_from(&plan, data.ptr, data.size, path, dir.ptr)) != 0)
		goto done;
	if (plan->lexicon_files) {
		/* Read again from the plan with its lexicons in it: what the store keeps. */
		if ((error = inline_lexicons(&resolved, plan)) != 0)
			goto done;
		som_plan_free(plan);
		plan = NULL;
		if ((error = load_from(&plan, resolved.ptr, resolved.size, path, NULL)) != 0)
			goto done;
	}
	*out = plan;
	plan = NULL;
done:
	som_plan_free(plan);
	som_buf_dispose(&data);
	som_buf_dispose(&dir);
	som_buf_dispose(&resolved);
	return error;
}

const som_plan_decision *som_plan_get_decision(const som_plan *plan)
{
	return &plan->decision;
}

const char *som_plan_disposal_authority(const som_plan *plan)
{
	const char *a = plan->decision.disposal_authority;

	return a && !blank(a) ? a : plan->decision.reference;
}

size_t som_plan_warning_count(const som_plan *plan)
{
	return plan->n_warnings;
}

const char *som_plan_warning_at(const som_plan *plan, size_t i)
{
	return i < plan->n_warnings ? plan->warnings[i] : NULL;
}

const char *som_plan_version(const som_plan *plan)
{
	return plan->decision.version;
}

const char *som_plan_sha256(const som_plan *plan)
{
	return plan->sha256;
}

const char *som_plan_xml(const som_plan *plan, size_t *len_out)
{
	if (len_out)
		*len_out = plan->xml_len;
	return plan->xml;
}

const char *som_plan_name(const som_plan *plan)
{
	return plan->name;
}

int64_t som_plan_store_id(const som_plan *plan)
{
	return plan->store_id;
}

int som_plan_has_class(const som_plan *plan, int cls)
{
	return cls >= 0 && cls < SOM_CLASS_COUNT && plan->classes[cls] != NULL;
}

const char *som_plan_class_label(const som_plan *plan, int cls, const char *lang)
{
	const som_xml_node *c, *first = NULL;

	if (!som_plan_has_class(plan, cls))
		return som_class_name(cls);
	c = plan->classes[cls];
	for (size_t i = 0; i < c->n_children; i++) {
		const char *l;
		if (strcmp(c->children[i].name, "name") != 0)
			continue;
		if (!first)
			first = &c->children[i];
		l = som_xml__attr(&c->children[i], "lang");
		if (lang && l && (strcmp(l, lang) == 0 ||
		    (strncmp(l, lang, strlen(lang)) == 0 && l[strlen(lang)] == '-')))
			return c->children[i].text;
	}
	return first ? first->text : som_class_name(cls);
}

const char *som_plan_class_description(const som_plan *plan, int cls)
{
	return som_plan_has_class(plan, cls) ? child_text(plan->classes[cls], "description") : NULL;
}

size_t som_plan_rule_count(const som_plan *plan)
{
	return plan->n_rules;
}

const som_plan_rule *som_plan_rule_at(const som_plan *plan, size_t i)
{
	return i < plan->n_rules ? &plan->rules[i] : NULL;
}

int som_plan_otherwise(const som_plan *plan)
{
	return plan->otherwise;
}

size_t som_plan_series_count(const som_plan *plan)
{
	return plan->n_series;
}

const som_plan_series *som_plan_series_at(const som_plan *plan, size_t i)
{
	return i < plan->n_series ? &plan->series[i] : NULL;
}

const som_plan_series *som_plan_series_find(const som_plan *plan, const char *prefix)
{
	for (size_t i = 0; prefix && i < plan->n_series; i++)
		if (strcmp(plan->series[i].prefix, prefix) == 0)
			return &plan->series[i];
	return NULL;
}

size_t som_plan_retention_count(const som_plan *plan)
{
	return plan->n_retention;
}

const som_plan_retention *som_plan_retention_at(const som_plan *plan, size_t i)
{
	return i < plan->n_retention ? &plan->retention[i] : NULL;
}

const som_plan_retention *som_plan_retention_for(const som_plan *plan, int cls,
	const char *kind)
{
	const som_plan_retention *general = NULL;
	unsigned int bit = som_kind_bit(kind);

	for (size_t i = 0; i < plan->n_retention; i++) {
		const som_plan_retention *r = &plan->retention[i];
		if (r->cls != cls)
			continue;
		if (!r->kinds_given)
			general = general ? general : r;
		else if (bit && (r->kinds & bit))
			return r;
	}
	return general;
}

size_t som_plan_route_count(const som_plan *plan)
{
	return plan->n_routes;
}

const som_plan_route *som_plan_route_at(const som_plan *plan, size_t i)
{
	return i < plan->n_routes ? &plan->routes[i] : NULL;
}

size_t som_plan_process_count(const som_plan *plan)
{
	return plan->n_processes;
}

const som_plan_process *som_plan_process_at(const som_plan *plan, size_t i)
{
	return i < plan->n_processes ? &plan->processes[i] : NULL;
}

const som_plan_process *som_plan_process_find(const som_plan *plan, const char *code)
{
	for (size_t i = 0; code && i < plan->n_processes; i++)
		if (strcmp(plan->processes[i].code, code) == 0)
			return &plan->processes[i];
	return NULL;
}

size_t som_plan_subject_count(const som_plan *plan)
{
	return plan->n_subjects;
}

const som_plan_subject *som_plan_subject_at(const som_plan *plan, size_t i)
{
	return i < plan->n_subjects ? &plan->subjects[i] : NULL;
}

const som_plan_route *som_plan_route_for(const som_plan *plan, int cls)
{
	for (size_t i = 0; i < plan->n_routes; i++)
		if (plan->routes[i].cls == cls)
			return &plan->routes[i];
	return NULL;
}

size_t som_plan_job_count(const som_plan *plan)
{
	return plan->n_jobs;
}

const som_plan_job *som_plan_job_at(const som_plan *plan, size_t i)
{
	return i < plan->n_jobs ? &plan->jobs[i] : NULL;
}
