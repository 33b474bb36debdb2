/*
 * Classification: the rules of a plan applied to an item's text, kind,
 * author and place in its thread, giving a class, flags, whether a person
 * must look, and an explanation (plan version, every matching rule, what
 * it matched). The classifier itself is pure; the store keeps every
 * classification ever made, and a person's decision is never replaced by
 * an automatic run.
 */
#ifndef SOMARKIV_CLASSIFY_H
#define SOMARKIV_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "plan.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the classifier looks at. */
typedef struct som_classify_input {
	unsigned int version;
	const char *text;      /* NULL counts as "" */
	const char *kind;      /* post, comment, reply, share, message; NULL: unknown */
	int by_account;        /* written by the account itself (upprättad) */
	int is_answer;         /* answers another item (not the top of its thread) */
} som_classify_input;

#define SOM_CLASSIFY_INPUT_VERSION 1
#define SOM_CLASSIFY_INPUT_INIT { SOM_CLASSIFY_INPUT_VERSION, NULL, NULL, 0, 0 }

/*
 * Fill `out` for an item as the store sees it: it answers another item
 * when it has a parent, or when its kind is comment or reply. The store
 * and tools/eval-classify both go through here.
 */
void som_classify_input_for(som_classify_input *out, const char *text,
	const char *kind, int by_account, const char *parent_platform_id);

/* What one condition of a matching rule saw. */
typedef struct som_evidence {
	char *on;         /* "words", "phrase", "regex", "concept", "near", "model-score",
	                     "case-reference", "kind", ... */
	char *pattern;    /* the plan's words, phrase or expression, "LEXICON: ENTRY";
	                     NULL for others */
	char *text;       /* what matched, case-folded; personal numbers half masked */
	char *how;        /* concepts: "word", "stem", "compound", "misspelling", "phrase"; else NULL */
} som_evidence;

/* A rule that matched. */
typedef struct som_rule_match {
	char *id;
	int cls;               /* SOM_CLASS_NONE when it proposes none */
	unsigned int flag;
	int review;
	som_evidence *evidence;
	size_t n_evidence;
} som_rule_match;

typedef struct som_classify_result {
	int cls;               /* the highest class any matching rule proposes, else <otherwise> */
	unsigned int flags;    /* of all matching rules */
	int review;            /* a person must look: uncertain, or no class rule matched */
	int otherwise;         /* no class rule matched */
	char *plan_version;
	som_rule_match *rules; /* in the plan's order */
	size_t n_rules;
} som_classify_result;

/*
 * Classify one text under `plan`. The result belongs to the caller:
 * som_classify_result_free(). Errors: SOM_ENOMEM only.
 */
int som_classify_text(som_classify_result **out, const som_plan *plan,
	const som_classify_input *in);

void som_classify_result_free(som_classify_result *result);

/*
 * Append the explanation as one JSON object: {"plan", "class", "flags",
 * "review", "otherwise", "rules": [{"id", "class", "flag", "review",
 * "matched": [{"on", "pattern", "text", "how"}]}]} ("pattern", "text" and
 * "how" only when there are).
 */
int som_classify_result_to_json(som_buf *out, const som_classify_result *result);

/*
 * Read an explanation written by som_classify_result_to_json() back into
 * a result (SOM_EINVALID when the text is not one). Free the result with
 * som_classify_result_free().
 */
int som_classify_result_from_json(som_classify_result **out, const char *json);

/*
 * Append the words of `text` as the classifier reads them: folded, each
 * emoji a word, elongations squeezed, stemmed (Snowball, Swedish). With
 * `json` a JSON array of {"text", "norm", "stem"}; else one line of
 * "text" words, each followed by "=norm" when squeezing changed it and
 * "[stem]" when stemming did ("döööda=döda[död]"). SOM_ENOMEM.
 */
int som_classify_words(som_buf *out, const char *text, int json);

/* The built-in model's opinion of an item (the probabilities of its labels). */
typedef struct som_classify_scores {
	double keep;        /* important or case */
	double crime;
	double secrecy;
	long trained_on;    /* items the model was trained on when the library was built */
} som_classify_scores;

/*
 * Score one item with the model compiled into the library. SOM_ENOTFOUND
 * when the library was built without a training corpus; SOM_ENOMEM.
 */
int som_classify_model_scores(som_classify_scores *out, const som_classify_input *in);

/* A classification the store keeps. */
typedef struct som_classification {
	int64_t id;
	int64_t item_id;
	int64_t plan_id;       /* 0 for a person's decision */
	char *plan_version;    /* NULL for a person's decision */
	int64_t item_version;  /* the item's version (seq) it was made on */
	int cls;
	unsigned int flags;
	int review;
	int resolved;          /* a person has acted on the flags */
	int by_person;
	char *actor;
	char *reason;          /* a person's reason; NULL for an automatic one */
	char *time;            /* ISO 8601 UTC */
	char *explanation;     /* JSON: see som_classify_result_to_json(), or a person's */
	int superseded;        /* a later classification replaced it */
} som_classification;

void som_classification_free(som_classification *c);

/* Append the classification as one JSON object, its explanation included. */
int som_classification_to_json(som_buf *out, const som_classification *c);

/* The current classification of an item (SOM_ENOTFOUND when it has none). */
int som_classification_get(som_classification **out, som_store *store,
	int64_t item_id);

/* Called with each classification, borrowed. Non-zero stops (and is returned). */
typedef int (*som_classification_cb)(const som_classification *c, void *payload);

/* Every classification of an item, oldest first. */
int som_classification_history(som_store *store, int64_t item_id,
	som_classification_cb cb, void *payload);

/* What a run of som_classify_store() did. */
typedef struct som_classify_stats {
	int64_t classified;           /* new classifications written */
	int64_t by_class[SOM_CLASS_COUNT];
	int64_t flagged;              /* of those, with a flag */
	int64_t review;               /* of those, marked for review */
	int64_t unchanged;            /* re-run with the same outcome: nothing written */
	int64_t by_person;            /* left alone: a person decided them */
	char plan_version[64];
} som_classify_stats;

/* Append the counts as one JSON object. */
int som_classify_stats_to_json(som_buf *out, const som_classify_stats *stats);

/*
 * Classify under the current plan (SOM_ENOTFOUND when none is in use), in
 * one transaction, audited ("classify", with the counts): items without a
 * classification and items whose text changed since theirs; with `all`,
 * every item again, the old classification kept as history (superseded)
 * when the outcome differs. A person's decision is never replaced.
 */
int som_classify_store(som_classify_stats *out, som_store *store, int all);

/* A person's decision about an item. */
typedef struct som_decision {
	unsigned int version;
	int cls;               /* required */
	int set_flags;         /* 1: `flags` replace the item's flags; 0: they stay */
	unsigned int flags;
	int resolve_flags;     /* the person has acted on the flags (save, report, remove) */
	const char *reason;    /* required: why */
} som_decision;

#define SOM_DECISION_VERSION 1
#define SOM_DECISION_INIT { SOM_DECISION_VERSION, SOM_CLASS_NONE, 0, 0, 0, NULL }

/*
 * Record a person's decision (the store's actor) about item `item_id`:
 * the previous classification is superseded, the decision is audited
 * ("classification.set"), and no automatic run will change it.
 * SOM_EINVALID without a reason or a class; SOM_ENOTFOUND for no item.
 */
int som_classification_set(som_store *store, int64_t item_id,
	const som_decision *decision);

/* An item that needs a person, borrowed for a callback. */
typedef struct som_review_entry {
	int64_t item_id;
	const char *created;
	const char *platform;
	const char *kind;
	const char *text;          /* current version */
	const char *why;           /* "unclassified", "flagged" or "review" */
	int cls;                   /* SOM_CLASS_NONE when unclassified */
	unsigned int flags;        /* unresolved flags */
	int by_person;
	const char *plan_version;  /* NULL when unclassified or a person's */
} som_review_entry;

typedef int (*som_review_cb)(const som_review_entry *entry, void *payload);

/* Append the entry as one JSON object. */
int som_review_entry_to_json(som_buf *out, const som_review_entry *entry);

/*
 * What needs a person, oldest first: items with unresolved flags, items
 * marked for review, and unclassified items. `limit` 0: all.
 */
int som_review_foreach(som_store *store, int64_t limit, som_review_cb cb,
	void *payload);

#ifdef __cplusplus
}
#endif

#endif
