/*
 * The insides of a loaded retention plan, shared by src/plan/plan.c (which
 * builds it from the XML tree), src/classify/ (which applies its rules)
 * and src/plan/store_plan.c (which keeps it): compiled conditions and
 * series recognisers.
 */
#ifndef SOM_SRC_PLAN_H
#define SOM_SRC_PLAN_H

#include <locale.h>
#include <regex.h>
#include <stddef.h>
#include "util/common.h"
#include "formats/xml.h"
#include "somarkiv/plan.h"
#include "somarkiv/classify.h"
#include "classify/classify.h"

/* The plan schema, compiled in by tools/embed (build/<variant>/gen/plan_xsd.c). */
extern const unsigned char som_plan__xsd[];
extern const size_t som_plan__xsd_len;

/* The kinds of condition (schemas/plan.xsd, group "condition"). */
enum som_cond_type {
	SOM_COND_ALL,        /* <when>: every child holds */
	SOM_COND_ANY,        /* <any>: at least one child holds */
	SOM_COND_NONE,       /* <unless>: no child holds */
	SOM_COND_WORDS,
	SOM_COND_PHRASE,
	SOM_COND_REGEX,
	SOM_COND_KIND,
	SOM_COND_AUTHOR,
	SOM_COND_POSITION,
	SOM_COND_CASE_REF,
	SOM_COND_PNR,
	SOM_COND_PHONE,
	SOM_COND_ADDRESS,
	SOM_COND_MAX_LENGTH,
	SOM_COND_CONCEPT,    /* an entry of a lexicon */
	SOM_COND_NEAR,       /* every child within `value` words of each other */
	SOM_COND_MODEL       /* the model's probability of `label` at least `min` */
};

typedef struct som_cond {
	enum som_cond_type type;
	long line;
	const char *source;          /* the element's text (borrowed from the tree) */
	struct som_cond *children;   /* ALL, ANY, NONE */
	size_t n_children;
	som_word_seq *seqs;          /* WORDS (any of them), PHRASE (one) */
	size_t n_seqs;
	regex_t *re;                 /* REGEX */
	char **lits;                 /* REGEX: a match holds one of these (none: no hint) */
	size_t n_lits;
	unsigned int kinds;          /* KIND */
	long value;                  /* AUTHOR: 1 account; POSITION: 1 answer; MAX_LENGTH;
	                                NEAR: within; PNR: 1 checked */
	int lexicon;                 /* CONCEPT: index in the plan's lexicons */
	int label;                   /* MODEL: SOM_MODEL_* */
	double min;                  /* MODEL */
} som_cond;

/* A registry series and its recogniser over folded text. */
typedef struct som_series_re {
	regex_t *re;
	int has_prefix;
	int has_doc;
} som_series_re;

struct som_plan {
	char *name;                  /* the path, or "store:VERSION" */
	char *xml;
	size_t xml_len;
	char sha256[65];
	int64_t store_id;
	som_xml_node *tree;          /* the strings below are borrowed from it */
	som_plan_decision decision;
	const som_xml_node *classes[SOM_CLASS_COUNT];
	som_plan_rule *rules;
	som_cond *conds;             /* conds[i] is the <when> of rules[i] */
	size_t n_rules;
	int otherwise;
	som_plan_series *series;
	som_series_re *series_re;
	size_t n_series;
	regex_t *dnr_re;             /* "dnr 2025/412": a registration number of any series */
	som_plan_retention *retention;
	size_t n_retention;
	som_plan_route *routes;
	size_t n_routes;
	som_plan_subject *subjects;
	size_t n_subjects;
	som_plan_process *processes;
	size_t n_processes;
	som_plan_job *jobs;
	size_t n_jobs;
	locale_t utf8;               /* regular expressions see UTF-8; (locale_t)0 when unavailable */
	som_lexicons *lexicons;      /* NULL when the plan has none */
	int uses_model;              /* some rule asks the model */
	const char *dir;             /* the plan file's folder, for lexicon files; NULL for a buffer */
	int lexicon_files;           /* lexicons read from files (the XML does not hold them) */
	char **lexicon_texts;        /* per <lexicon>, the file's text (NULL when inline) */
	size_t n_lexicon_texts;
	char **warnings;             /* "line N: ..." */
	size_t n_warnings;
};

#endif
