/*
 * The registrar's search (Hallsberg riktlinje 9.1: findable in chronological
 * order or by sender): full text over every version of every item, with a
 * query syntax a registrar can type, filters on the item, its class and its
 * registration, and a public view that masks what a secrecy marking covers.
 */
#ifndef SOMARKIV_SEARCH_H
#define SOMARKIV_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The order of the hits. */
enum {
	SOM_SEARCH_ORDER_DATE = 0,      /* newest first (item created, or registered) */
	SOM_SEARCH_ORDER_SENDER = 1,    /* by sender, case folded, then newest first */
	SOM_SEARCH_ORDER_RELEVANCE = 2  /* best first (bm25); needs text */
};

/* What the public view shows instead of what secrecy covers. */
#define SOM_SEARCH_MASK "[sekretess]"

/*
 * What to search for. Every member is optional; with no text, the items
 * that pass the filters are listed by date.
 *
 * Query syntax of `text`: words (all must occur), "a phrase", -word or
 * -"a phrase" (must not occur), prefix* (words beginning so). Case does not
 * matter; å, ä and ö are letters of their own (ö does not find o). Nothing
 * typed is ever read as FTS5 syntax.
 */
typedef struct som_search_options {
	unsigned int version;
	const char *text;         /* NULL or "": no text, list by date */
	const char *series;       /* registered in this registry series (prefix, e.g. "KS") */
	const char *case_number;  /* registered in this case, e.g. "KS 2026/123" */
	const char *from;         /* YYYY-MM-DD or an ISO 8601 time, inclusive */
	const char *to;           /* likewise, inclusive (a date covers its whole day) */
	int64_t account_id;       /* 0: any */
	const char *platform;     /* NULL: any */
	const char *sender;       /* author name or id contains this, case folded */
	int cls;                  /* current class; SOM_CLASS_NONE (-1): any */
	unsigned int flags;       /* current classification has all these SOM_FLAG_* */
	int registered;           /* only registered items; dates are registration dates */
	int order;                /* SOM_SEARCH_ORDER_* */
	int all_versions;         /* a hit per matching version, not per item */
	int public_view;          /* mask sender and text under secrecy (OSL 5 kap.), and
	                             personal identity numbers everywhere */
	int64_t limit;            /* 0: no limit */
	const char *process;      /* registered under this process code or one below it */
	const char *mark_open;    /* put before each matched word of a snippet; NULL: "[" */
	const char *mark_close;   /* and after it; NULL: "]" */
} som_search_options;

#define SOM_SEARCH_OPTIONS_VERSION 2
#define SOM_SEARCH_OPTIONS_INIT { SOM_SEARCH_OPTIONS_VERSION, NULL, NULL, NULL, \
	NULL, NULL, 0, NULL, NULL, -1, 0, 0, SOM_SEARCH_ORDER_DATE, 0, 0, 0, NULL, NULL, NULL }

/* One hit, borrowed by the callback (valid during the call only). */
typedef struct som_search_hit {
	int64_t item_id;
	int64_t version;          /* the seq of the version shown (the one matched) */
	int current;              /* that version is the item's current one */
	const char *date;         /* the date ordered by: created, or registered */
	const char *created;      /* the item's creation time, ISO 8601 UTC */
	int64_t account_id;
	const char *account;      /* the account's handle */
	const char *platform;
	const char *kind;
	const char *sender;       /* author name, else author id; SOM_SEARCH_MASK when masked */
	const char *sender_id;    /* NULL when masked */
	const char *cls;          /* current class name, NULL when unclassified */
	const char *flags;        /* current flags, "crime,secrecy"; "" for none */
	const char *number;       /* registration number, NULL when not registered */
	const char *registered;   /* registration date, NULL when not registered */
	const char *case_number;  /* the case, NULL when none */
	const char *process;      /* the registration's process code, NULL when none */
	const char *subject;      /* the registration's subject (public form when masked) */
	const char *secrecy;      /* the OSL provision of the marking, NULL when none */
	const char *snippet;      /* the text around the matched words, [marked]; or the text's start */
	const char *text;         /* the whole text of the version shown; SOM_SEARCH_MASK when masked */
	int masked;               /* the public view masked sender and text */
	double score;             /* relevance, higher is better; 0 without text */
} som_search_hit;

/* Called for each hit in order; non-zero stops the search (and is returned). */
typedef int (*som_search_cb)(const som_search_hit *hit, void *payload);

/*
 * Search the store; each hit goes to `cb`, in order. SOM_EINVALID for a
 * text with nothing to search for (only exclusions or signs), a bad date,
 * an unknown series, relevance order without text, or registry filters on
 * a store without a registry; an unknown case is som_case_get()'s error.
 * In the public view, items under secrecy (a marking on the registration or
 * its case, or a secrecy flag) are listed with number and date but sender
 * and text masked, and are never found through their text or sender.
 */
int som_search(som_store *store, const som_search_options *opts,
	som_search_cb cb, void *payload);

/* Append the hit as one JSON object. */
int som_search_hit_to_json(som_buf *out, const som_search_hit *hit);

/*
 * Translate query syntax to an FTS5 MATCH expression (appended to `out`),
 * every word quoted. SOM_EINVALID when there is nothing to search for.
 */
int som_search_query_to_fts(som_buf *out, const char *text);

#ifdef __cplusplus
}
#endif

#endif
