/*
 * Retention plans (informationshanteringsplan / dokumenthanteringsplan):
 * an XML file the archivist owns (schema: schemas/plan.xsd, compiled into
 * the library) saying who decided it, the classes, the classification
 * rules and flags, the retention rules, the registry series and where
 * registrations go, and the schedule of jobs. The store keeps every plan
 * it ever used, versioned; one of them is current.
 */
#ifndef SOMARKIV_PLAN_H
#define SOMARKIV_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The classes, in rising order of what they keep (DESIGN.md). */
enum {
	SOM_CLASS_NONE = -1,
	SOM_CLASS_TEMPORARY = 0,   /* tillfällig eller ringa betydelse: gallras */
	SOM_CLASS_IMPORTANT = 1,   /* av vikt: registreras */
	SOM_CLASS_CASE = 2         /* knutet till ett ärende: registreras i ärendet */
};
#define SOM_CLASS_COUNT 3

/* The flags a person must act on, as bits. */
enum {
	SOM_FLAG_CRIME = 1u << 0,          /* lag (1998:112) om elektroniska anslagstavlor */
	SOM_FLAG_SECRECY = 1u << 1,        /* offentlighets- och sekretesslag (2009:400) */
	SOM_FLAG_PERSONAL_DATA = 1u << 2   /* personnummer, samordningsnummer, ... */
};
#define SOM_FLAG_ALL 7u

/* Item kinds as bits (retention rules cover sets of them). */
enum {
	SOM_KIND_POST = 1u << 0,
	SOM_KIND_COMMENT = 1u << 1,
	SOM_KIND_REPLY = 1u << 2,
	SOM_KIND_SHARE = 1u << 3,
	SOM_KIND_MESSAGE = 1u << 4
};
#define SOM_KIND_ALL 31u

/* "temporary", "important", "case"; NULL for anything else. */
const char *som_class_name(int cls);
/* The class of a name, SOM_CLASS_NONE when it names none. */
int som_class_parse(const char *name);
/* The name of one flag bit ("crime", ...), NULL for anything else. */
const char *som_flag_name(unsigned int flag);
/* Append the flags' names joined by `sep` (nothing for none) to `out`. */
int som_flags_format(som_buf *out, unsigned int flags, const char *sep);
/*
 * Parse a list of flag names separated by commas or spaces ("" and
 * "none" are no flags). SOM_EINVALID naming an unknown one.
 */
int som_flags_parse(unsigned int *out, const char *list);
/* The bit of an item kind, 0 when unknown. */
unsigned int som_kind_bit(const char *kind);

typedef struct som_plan som_plan;

/*
 * Read and check a plan: well-formed XML without a document type
 * declaration, valid against the plan schema, and sound beyond it (rule
 * ids unique, regular expressions that compile, routes that name a series
 * of the plan, ...). SOM_EINVALID with "plan 'PATH': line N: message" on
 * the first problem; SOM_EENV when the file cannot be read. Free with
 * som_plan_free().
 */
int som_plan_load(som_plan **out, const char *path);

/*
 * The same over `len` bytes; `name` stands for the file in messages. A
 * lexicon must stand in its element here (a file named by src= is read
 * only by som_plan_load(), relative to the plan's folder, and written into
 * the plan's XML, so that som_plan_xml() and the digest hold it).
 */
int som_plan_load_buffer(som_plan **out, const char *data, size_t len,
	const char *name);

void som_plan_free(som_plan *plan);

/* Who decided the plan (all borrowed from the plan). */
typedef struct som_plan_decision {
	const char *version;     /* the plan's own version, e.g. "2026.1" */
	const char *body;        /* the public body */
	const char *title;
	const char *reference;   /* its registration number, e.g. "RS 2019-04626" */
	const char *date;        /* YYYY-MM-DD */
	const char *source;      /* where it is published; NULL when not said */
	const char *disposal_authority;  /* the gallringsbeslut, when not the plan's own; NULL */
} som_plan_decision;

const som_plan_decision *som_plan_get_decision(const som_plan *plan);
/*
 * The decision items are disposed of under, for the disposal log: the
 * plan's <disposal-authority>, else its <reference>. Borrowed.
 */
const char *som_plan_disposal_authority(const som_plan *plan);

/*
 * What a plan check found worth saying that does not make the plan
 * invalid ("line 12: retention rule 'x' disposes of items, but ..."),
 * borrowed from the plan.
 */
size_t som_plan_warning_count(const som_plan *plan);
const char *som_plan_warning_at(const som_plan *plan, size_t i);
const char *som_plan_version(const som_plan *plan);
/* SHA-256 (hex) of the plan's bytes. */
const char *som_plan_sha256(const som_plan *plan);
/* The plan's bytes as read (borrowed); `len_out` may be NULL. */
const char *som_plan_xml(const som_plan *plan, size_t *len_out);
/* The name the plan was read under: its path, or "store:VERSION". */
const char *som_plan_name(const som_plan *plan);

/* Does the plan define class `cls`? */
int som_plan_has_class(const som_plan *plan, int cls);
/*
 * The name of a class in `lang` ("sv", "en"), else its first name, else
 * the class's code word. Borrowed.
 */
const char *som_plan_class_label(const som_plan *plan, int cls, const char *lang);
/* Its description, NULL when none. */
const char *som_plan_class_description(const som_plan *plan, int cls);

/* A classification rule. */
typedef struct som_plan_rule {
	const char *id;
	const char *description;
	int cls;               /* SOM_CLASS_NONE when it proposes no class */
	unsigned int flag;     /* a SOM_FLAG_* bit, 0 when none */
	int review;            /* a match needs a person's look */
	long line;
} som_plan_rule;

size_t som_plan_rule_count(const som_plan *plan);
const som_plan_rule *som_plan_rule_at(const som_plan *plan, size_t i);
/* The class of an item no class rule matches (it is also marked for review). */
int som_plan_otherwise(const som_plan *plan);

/* A registry series (diarieserie). */
typedef struct som_plan_series {
	const char *prefix;    /* "KS" */
	const char *name;      /* "Kommunstyrelsen" */
	const char *format;    /* "{prefix} {year}/{case}" */
	long line;
} som_plan_series;

size_t som_plan_series_count(const som_plan *plan);
const som_plan_series *som_plan_series_at(const som_plan *plan, size_t i);
/* The series of a prefix, NULL when the plan has none. */
const som_plan_series *som_plan_series_find(const som_plan *plan, const char *prefix);

/* The events a retention period counts from. */
enum {
	SOM_FROM_NONE = 0,
	SOM_FROM_LAST_ACTIVITY,  /* the thread's last activity: "gallras vid inaktualitet" */
	SOM_FROM_CREATED,
	SOM_FROM_REGISTRATION,
	SOM_FROM_CASE_CLOSED
};

/* A retention rule. */
typedef struct som_plan_retention {
	const char *id;
	int cls;
	unsigned int kinds;    /* SOM_KIND_* bits it covers (SOM_KIND_ALL when it names none) */
	int kinds_given;       /* it names its kinds */
	int dispose;           /* 0: keep (bevaras); 1: dispose of when due (gallras) */
	const char *after;     /* the period as written ("P90D"), NULL when none */
	int years, months, days;  /* the period (weeks counted as 7 days) */
	int from;              /* SOM_FROM_* */
	int calendar_year;     /* counting="calendar-year": whole years from the end of the event's year */
	int approvals;         /* people who must approve a disposal batch */
	int deliver_first;     /* a verified export must hold the item first */
	long line;
} som_plan_retention;

size_t som_plan_retention_count(const som_plan *plan);
const som_plan_retention *som_plan_retention_at(const som_plan *plan, size_t i);
/*
 * The rule for items of class `cls` and kind `kind`: one naming the kind
 * before one naming none. NULL when no rule covers them (they are kept).
 */
const som_plan_retention *som_plan_retention_for(const som_plan *plan, int cls,
	const char *kind);

/* Where registrations of a class go. */
typedef struct som_plan_route {
	int cls;
	const char *series;    /* a prefix of the plan's series */
	int collective;        /* 1: the year's collective case; 0: a document number of its own */
	int auto_register;     /* registration may follow classification unasked */
	const char *process;   /* the process code its registrations get, NULL when none */
	long line;
} som_plan_route;

size_t som_plan_route_count(const som_plan *plan);
const som_plan_route *som_plan_route_at(const som_plan *plan, size_t i);
/* The route of a class, NULL when none. */
const som_plan_route *som_plan_route_for(const som_plan *plan, int cls);

/* A process of the body's classification structure (klassificeringsstruktur). */
typedef struct som_plan_process {
	const char *code;      /* "1.3.2" */
	const char *name;      /* "Hantera synpunkter och klagomål" */
	const char *series;    /* the registry series its cases go to */
	const char *retention; /* "keep" (bevaras) or an ISO 8601 period, "P10Y" */
	long line;
} som_plan_process;

size_t som_plan_process_count(const som_plan *plan);
const som_plan_process *som_plan_process_at(const som_plan *plan, size_t i);
/* The process of a code, NULL when the plan has none. */
const som_plan_process *som_plan_process_find(const som_plan *plan, const char *code);

/*
 * A template of a registration's default subject (ärendemening): `text`
 * with {platform}, {kind} and {Kind}; it applies to items of class `cls`
 * (SOM_CLASS_NONE: any) and of `kinds`, holding one of `words` (NULL: any).
 */
typedef struct som_plan_subject {
	const char *text;
	int cls;
	unsigned int kinds;    /* SOM_KIND_* bits (SOM_KIND_ALL when it names none) */
	const char *words;     /* space-separated; "plog*" a prefix */
	long line;
} som_plan_subject;

size_t som_plan_subject_count(const som_plan *plan);
const som_plan_subject *som_plan_subject_at(const som_plan *plan, size_t i);

/* A scheduled job. */
typedef struct som_plan_job {
	const char *name;      /* classify, export, retention, verify-exports, verify-audit, fetch */
	const char *every;     /* ISO 8601 duration, NULL when none */
	const char *cron;      /* five cron fields, NULL when none */
	const char *out;       /* for export: folder and file-name pattern, NULL when none */
	long line;
	const char *account;   /* for fetch: the account (handle or number), NULL: every one */
} som_plan_job;

size_t som_plan_job_count(const som_plan *plan);
const som_plan_job *som_plan_job_at(const som_plan *plan, size_t i);

/*
 * Make `plan` the store's current plan: its bytes and SHA-256 are kept
 * under its version and the change is audited ("plan.use"). A version the
 * store already holds with other bytes is refused (SOM_EEXISTS: a changed
 * plan needs a new version); the same bytes again only make it current.
 * `changed_out` (may be NULL) is 0 when it was current already.
 */
int som_plan_use(int *changed_out, som_store *store, const som_plan *plan);

/* The current plan of the store (SOM_ENOTFOUND when none is in use). */
int som_plan_current(som_plan **out, som_store *store);

/* A plan the store keeps, by version (SOM_ENOTFOUND). */
int som_plan_get(som_plan **out, som_store *store, const char *version);

/* The store's id of a plan read from the store; 0 for one read from a file. */
int64_t som_plan_store_id(const som_plan *plan);

/* One plan the store keeps, borrowed for a callback. */
typedef struct som_plan_info {
	int64_t id;
	const char *version;
	const char *sha256;
	const char *body;
	const char *reference;
	const char *used_at;   /* when it was first used, ISO 8601 UTC */
	const char *actor;
	int current;
} som_plan_info;

typedef int (*som_plan_cb)(const som_plan_info *info, void *payload);

/* Append the information as one JSON object. */
int som_plan_info_to_json(som_buf *out, const som_plan_info *info);

/* Every plan the store keeps, oldest first. */
int som_plan_list(som_store *store, som_plan_cb cb, void *payload);

#ifdef __cplusplus
}
#endif

#endif
