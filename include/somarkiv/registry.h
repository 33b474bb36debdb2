/*
 * The registry (diarium): series with their number formats, cases
 * (ärenden) numbered per series and year, and registrations (diarieföring)
 * of items, each holding what OSL 5 kap. 2 § asks for and pointing at the
 * item's version as it was when registered. Registrations are never
 * removed; a wrong one is marked felregistrerad (corrected).
 */
#ifndef SOMARKIV_REGISTRY_H
#define SOMARKIV_REGISTRY_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A registry series (diarieserie), borrowed for a callback. */
typedef struct som_series {
	int64_t id;
	const char *prefix;    /* "KS" */
	const char *name;      /* "Kommunstyrelsen"; NULL when none */
	const char *format;    /* "{prefix} {year}/{case}" */
	const char *created;
} som_series;

typedef int (*som_series_cb)(const som_series *series, void *payload);

/*
 * Add a series. `format` holds {case} or {case:N} (N digits, zero-padded)
 * and may hold {prefix}, {year} and {doc}; a format without {doc} numbers
 * a case's documents "<case number>-<doc>". SOM_EEXISTS for a prefix the
 * store has; SOM_EINVALID for a bad prefix or format. Audited
 * ("series.add"). Series of the current plan are added by themselves
 * when first named.
 */
int som_series_add(som_store *store, const char *prefix, const char *name,
	const char *format);

/* Append the series as one JSON object. */
int som_series_to_json(som_buf *out, const som_series *series);

/* Every series of the store, by prefix. */
int som_series_list(som_store *store, som_series_cb cb, void *payload);

/*
 * Render a number through `format`: `doc` 0 for a case (or a document
 * number of its own), else a document within the case. Appends to `out`.
 */
int som_registry_number_render(som_buf *out, const char *format,
	const char *prefix, int year, int64_t seq, int64_t doc);

/* The parts of a typed number. */
typedef struct som_registry_number {
	int year;
	int64_t seq;           /* the case (or own document) sequence */
	int64_t doc;           /* the document within the case, 0 when none */
} som_registry_number;

/*
 * Parse `text` as a number of a series written `format` with `prefix`
 * (the prefix matches in any letter case; zero padding may be left out;
 * a format without {doc} takes a "-N" document suffix). SOM_EINVALID
 * when it is not one.
 */
int som_registry_number_parse(som_registry_number *out, const char *format,
	const char *prefix, const char *text);

/* An OSL provision (offentlighets- och sekretesslag 2009:400), looked up. */
typedef struct som_osl_provision {
	char provision[48];        /* canonical: "OSL 26:1", "OSL 15:1 a", "OSL 21:3 st. 2" */
	int chapter;
	char section[8];           /* "1", "1 a" */
	char chapter_name[256];    /* the chapter's heading */
	char name[256];            /* what the section protects */
} som_osl_provision;

/*
 * Look up a provision as a registrar types it ("26 kap. 1 § OSL", "OSL 26:1",
 * "26:1 OSL", with an optional "st. N") in the table the project ships
 * (retention/osl-2009-400.tsv). SOM_EINVALID for text that is no provision
 * or a provision the table lacks ("OSL 99:99").
 */
int som_osl_lookup(som_osl_provision *out, const char *text);

/* A case (ärende). Belongs to the caller: som_case_free(). */
typedef struct som_case {
	int64_t id;
	char *number;          /* "KS 2026/123" */
	char *series;          /* its prefix */
	int year;
	int64_t seq;
	char *title;
	char *officer;         /* handläggare; NULL when none */
	char *status;          /* "open" or "closed" */
	char *opened;          /* ISO 8601 UTC */
	char *closed;          /* when the closing was recorded, UTC; NULL while open */
	int collective;        /* the year's collective case of a series */
	char *secrecy;         /* OSL provision ("OSL 26:1"), NULL when none */
	char *secrecy_date;
	char *secrecy_by;
	int64_t n_documents;   /* valid registrations in it */
	char *classification_code; /* its process (klassificeringsstruktur), NULL when none */
	char *close_how;       /* how it ended: SOM_CASE_CLOSED_*, NULL while open */
	char *close_reason;
	char *closed_date;     /* the Swedish date it ended (YYYY-MM-DD) */
} som_case;

void som_case_free(som_case *c);

/* Append the case as one JSON object. */
int som_case_to_json(som_buf *out, const som_case *c);

typedef struct som_case_options {
	unsigned int version;
	const char *series;    /* required: a prefix */
	const char *title;     /* required */
	const char *officer;
	const char *secrecy;   /* an OSL provision, e.g. "OSL 26:1" */
	const char *process;   /* a process code of the current plan; NULL: none */
} som_case_options;

#define SOM_CASE_OPTIONS_VERSION 2
#define SOM_CASE_OPTIONS_INIT { SOM_CASE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL }

/*
 * Open a case with the next number of its series and the current year,
 * in one transaction with the number (a failed open takes no number).
 * Audited ("case.open"). SOM_ENOTFOUND for an unknown series.
 */
int som_case_open(som_case **out, som_store *store, const som_case_options *opts);

/* A case by its number as typed (SOM_ENOTFOUND, SOM_EINVALID). */
int som_case_get(som_case **out, som_store *store, const char *number);

typedef int (*som_case_cb)(const som_case *c, void *payload);

/* Cases, oldest first; `series` and `status` NULL for all. */
int som_case_foreach(som_store *store, const char *series, const char *status,
	som_case_cb cb, void *payload);

/* How a case ended (avslutat). */
#define SOM_CASE_CLOSED_DECISION "beslut"           /* decided */
#define SOM_CASE_CLOSED_WRITTEN_OFF "avskrivet"     /* written off, no decision */
#define SOM_CASE_CLOSED_TRANSFERRED "överlämnat"    /* handed over to another body */
#define SOM_CASE_CLOSED_JOINED "sammanlagt"         /* joined with another case */
#define SOM_CASE_CLOSED_ANSWERED "besvarat"         /* answered */

typedef struct som_case_close_options {
	unsigned int version;
	const char *how;       /* required: one of SOM_CASE_CLOSED_* */
	const char *date;      /* the Swedish date it ended, YYYY-MM-DD; NULL: today */
	const char *reason;
	int force;             /* close a case that holds no valid document */
} som_case_close_options;

#define SOM_CASE_CLOSE_OPTIONS_VERSION 1
#define SOM_CASE_CLOSE_OPTIONS_INIT { SOM_CASE_CLOSE_OPTIONS_VERSION, NULL, NULL, NULL, 0 }

/*
 * Close a case: how it ended, on which Swedish date (not after today) and
 * why. SOM_EINVALID for a closed case, an unknown way of ending, a bad date,
 * or a case without documents unless `force`. Audited ("case.close").
 */
int som_case_close(som_store *store, const char *number, const som_case_close_options *opts);

/* Reopen a closed case (audited "case.reopen"): its closing is kept in the audit log. */
int som_case_reopen(som_store *store, const char *number);

/* Directions of a registered document (OSL 5:2). */
#define SOM_DIRECTION_RECEIVED "received"     /* inkommen */
#define SOM_DIRECTION_DRAWN_UP "drawn-up"     /* upprättad */
#define SOM_DIRECTION_DISPATCHED "dispatched" /* expedierad */

/* A registration. Belongs to the caller: som_registration_free(). */
typedef struct som_registration {
	int64_t id;
	char *number;          /* "KS 2026/123-4", or "KS 2026/124" for one of its own */
	char *series;
	int year;
	char *case_number;     /* NULL for a document number of its own */
	int64_t doc_seq;       /* 0 for one of its own */
	int64_t item_id;
	int64_t item_version;  /* the version registered */
	char *direction;
	char *date;            /* YYYY-MM-DD received or drawn up */
	char *counterparty;    /* public form */
	char *counterparty_protected;  /* full form under secrecy; NULL otherwise */
	char *subject;         /* public form */
	char *subject_protected;
	char *secrecy;         /* OSL provision, NULL when none */
	char *secrecy_date;
	char *secrecy_by;
	char *registrar;
	char *officer;
	char *cls;             /* the item's class when registered */
	char *classification_code; /* its process (klassificeringsstruktur), NULL when none */
	char *registered_at;
	char *status;          /* "valid" or "corrected" (felregistrerad) */
	int64_t corrects;      /* the corrected registration it replaces, 0 when none */
	char *no_secrecy_reason;   /* flagged, registered without secrecy: the registrar's reason */
	char *written_off;     /* the Swedish date it was written off (avskriven), NULL when not */
	char *write_off_reason;
	char *case_close_how;  /* its case's closing, NULL while open or without a case */
	char *case_closed_date;
	int secret;            /* its item is under secrecy now (until a person lifts it) */
	char *secrecy_now;     /* the OSL provision the item is under now; NULL when none named */
	int public_view;       /* this is the public form: protected forms, class and code gone */
} som_registration;

void som_registration_free(som_registration *r);

/*
 * Append the registration as one JSON object. With `public_view` it is
 * the public form (OSL 5:2 second paragraph: number and date always stay):
 * while its item is under secrecy, counterparty and subject are their
 * public forms or masked, and class and classification code are null;
 * the protected forms are left out.
 */
int som_registration_to_json(som_buf *out, const som_registration *r,
	int public_view);

/* A registration by number (SOM_ENOTFOUND). */
int som_registration_get(som_registration **out, som_store *store,
	const char *number);

/* The valid registration of an item (SOM_ENOTFOUND when it has none). */
int som_registration_for_item(som_registration **out, som_store *store,
	int64_t item_id);

typedef int (*som_registration_cb)(const som_registration *r, void *payload);

/* How items are registered. */
typedef struct som_register_options {
	unsigned int version;
	const char *case_number;   /* into this open case */
	int new_case;              /* into a new case titled `title` */
	const char *title;
	const char *series;        /* of the new case, or of the route; NULL: the plan's route */
	const char *subject;       /* NULL: an ärendemening from the plan's templates */
	const char *public_subject;/* the public form under secrecy; NULL: masked */
	const char *officer;
	const char *secrecy;       /* an OSL provision; a secret case passes its own on */
	const char *counterparty;  /* NULL: the author, or the one answered or written to */
	const char *process;       /* a process code; NULL: the case's, else the route's */
	const char *no_secrecy;    /* registering a flagged item without secrecy: why */
} som_register_options;

#define SOM_REGISTER_OPTIONS_VERSION 2
#define SOM_REGISTER_OPTIONS_INIT { SOM_REGISTER_OPTIONS_VERSION, NULL, 0, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/*
 * Register items, all in one transaction (numbers included: a failure
 * takes none), each audited ("registration.add"). An item flagged
 * secrecy or personal-data needs `secrecy` or the reason in `no_secrecy`;
 * the subject defaults to the first of the plan's templates that fits
 * (never the item's text). Without a case, an item
 * goes where the current plan's route for its class says: mode document,
 * a number of its own from the series' case sequence ("KS 2026/58");
 * mode collective, a document in the year's collective case of the series
 * (opened when first needed). An item of class case needs a case.
 * SOM_EEXISTS for an item validly registered already; SOM_EINVALID for a
 * closed case. `cb` (may be NULL) sees each registration after commit.
 */
int som_register(som_store *store, const int64_t *item_ids, size_t n_items,
	const som_register_options *opts, som_registration_cb cb, void *payload);

/*
 * Register what classification proposed (class important, not yet
 * registered) where the current plan's route says auto="true". SOM_EINVALID
 * when the plan allows no automatic registration.
 */
int som_register_auto(int64_t *count_out, som_store *store,
	som_registration_cb cb, void *payload);

/*
 * Mark a registration felregistrerad (corrected): it stays, its number is
 * never reused, the item may be registered again. Audited
 * ("registration.correct") with the reason (required).
 */
int som_registration_correct(som_store *store, const char *number,
	const char *reason);

/*
 * Lift the secrecy of an item (a person's decision after a
 * sekretessprövning): every marking of its registrations, corrected ones
 * included, and a secrecy flag of its current classification stop keeping
 * it secret; a later registration under secrecy or a later classification
 * flagging it makes it secret again. Audited ("secrecy.lift") with the
 * reason (required). SOM_EINVALID when the item is not under secrecy.
 */
int som_secrecy_lift(som_store *store, int64_t item_id, const char *reason);

/*
 * Is the item under secrecy now? `provision_out` (may be NULL) gets the
 * OSL provision, or NULL for a secrecy flag alone; the caller frees it
 * with som_free().
 */
int som_secrecy_get(int *secret_out, char **provision_out, som_store *store,
	int64_t item_id);

/*
 * Put a registration that has a number of its own into an open case (it
 * keeps its number), audited ("registration.join"). SOM_EINVALID when it
 * is in a case already, corrected, or the case is closed.
 */
int som_registration_join(som_store *store, const char *number, const char *case_number);

/*
 * Write off (avskriva) a registration that has a number of its own: it
 * needs no further action; `date` (a Swedish date, NULL: today) and the
 * reason are kept. Audited ("registration.write-off").
 */
int som_registration_write_off(som_store *store, const char *number, const char *date,
	const char *reason);

/* What a registry extract (diarieutdrag) covers. */
typedef struct som_registry_filter {
	unsigned int version;
	const char *series;        /* a prefix; NULL: all */
	const char *case_number;   /* NULL: all */
	const char *from;          /* registered on or after this Swedish date, YYYY-MM-DD; NULL: open */
	const char *to;
	int public_view;           /* each registration in its public form (public_view set) */
	const char *process;       /* a process code; its sub-processes too ("1.3" takes "1.3.2") */
} som_registry_filter;

#define SOM_REGISTRY_FILTER_VERSION 2
#define SOM_REGISTRY_FILTER_INIT { SOM_REGISTRY_FILTER_VERSION, NULL, NULL, NULL, NULL, 0, \
	NULL }

/* Registrations in registration order. SOM_EINVALID for a filter of another version. */
int som_registry_foreach(som_store *store, const som_registry_filter *filter,
	som_registration_cb cb, void *payload);

#ifdef __cplusplus
}
#endif

#endif
