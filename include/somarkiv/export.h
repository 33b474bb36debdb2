/*
 * Submission packages for the e-archive (FGS Paketstruktur 2.0, which
 * adopts E-ARK CSIP 2.1.0 and SIP 2.1.0): export a selection of items as
 * one deterministic tar or zip package, optionally signed with a detached
 * CMS signature beside it, and verify such a package.
 */
#ifndef SOMARKIV_EXPORT_H
#define SOMARKIV_EXPORT_H

#include <stdint.h>
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What to export and where; unset fields select nothing out. */
typedef struct som_export_options {
	unsigned int version;
	const char *case_number;  /* registry case, e.g. "KS 2026/12"; NULL: any */
	const char *series;       /* registry series prefix; NULL: any */
	int64_t account_id;       /* 0: any */
	const char *from;         /* items created on or after (YYYY-MM-DD or ISO); NULL: any */
	const char *to;           /* items created on or before that day; NULL: any */
	const char *class_name;   /* temporary, important or case; NULL: any */
	int since_last_export;    /* only items not yet delivered in their current version */
	const char *out;          /* a directory (package named OBJID.tar in it), FILE.tar or FILE.zip */
	const char *sign_key;     /* PEM private key; with sign_cert: writes OUT.p7s */
	const char *sign_cert;    /* PEM X.509 certificate of that key */
	const char *package_id;   /* the OBJID; NULL: a fresh "uuid-..." */
	const char *created;      /* the package's creation time; NULL: now */
	const char *schema_dir;   /* the shipped schemas/; NULL: $SOMARKIV_SCHEMA_DIR, else the installed ones */
	const char *creator;      /* the records creator (arkivbildare); NULL: "unknown" */
	/*
	 * A pre-closure snapshot of account_id: every item of the account
	 * whatever its class or state, the account's register entry
	 * (metadata/descriptive/account.xml) and a static HTML rendering of the
	 * account as it looked (representations/rendering/).
	 */
	int snapshot;
	const char *close_date;   /* snapshot: the closing it precedes, YYYY-MM-DD; NULL: today */
	const char *close_reason; /* snapshot: why the account is closed */
	/* Called after each item written (`done` of `total`); NULL: none. */
	void (*progress)(int64_t done, int64_t total, void *payload);
	void *progress_payload;
} som_export_options;

#define SOM_EXPORT_OPTIONS_VERSION 1
#define SOM_EXPORT_OPTIONS_INIT { SOM_EXPORT_OPTIONS_VERSION, NULL, NULL, 0, \
	NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, \
	NULL, NULL }

/* What an export made. Dispose with som_export_result_dispose(). */
typedef struct som_export_result {
	int64_t export_id;
	char *package_id;
	char *path;               /* the package file */
	char *signature_path;     /* NULL when unsigned */
	char sha256[65];          /* of the package file */
	int64_t size;
	int64_t n_items;
	int64_t n_files;          /* files listed in METS.xml */
	int64_t n_disposals;      /* disposal log rows carried (PREMIS deletion events) */
} som_export_result;

void som_export_result_dispose(som_export_result *result);

/*
 * Export the matching items (SOM_ENOTFOUND when none match) as a package,
 * record the export and the versions it delivered, and audit it. Needs a
 * writer. The private key is read, used and wiped; it is never stored.
 */
int som_export_run(som_export_result *out, som_store *store,
	const som_export_options *opts);

/*
 * The `ok` of a check: failed, passed, or passed with a warning (a SHOULD
 * not met, or a CSIP 2.x MUST the package's declared older profile lacks).
 * Only SOM_CHECK_FAIL counts as a failure.
 */
#define SOM_CHECK_FAIL 0
#define SOM_CHECK_OK 1
#define SOM_CHECK_WARN 2

/* One check of a package verification: its name, whether it passed (SOM_CHECK_*), what was found. */
typedef int (*som_package_check_cb)(const char *check, int ok,
	const char *detail, void *payload);

/*
 * Verify the package at `path` (tar or zip): structure, METS.xml, every
 * listed file present with the right size and SHA-256, nothing unlisted,
 * and the signature `path`.p7s when present (chained to `ca_cert` when
 * given). Each check is reported through `cb`; `failures_out` receives the
 * number that failed. Returns 0 when the checks could run at all (even if
 * some failed), an error otherwise.
 */
int som_package_verify(int64_t *failures_out, const char *path,
	const char *ca_cert, som_package_check_cb cb, void *payload);

/*
 * One requirement of E-ARK CSIP and SIP (CSIP1..., SIP1..., the folder
 * rules CSIPSTR1...) as som_package_verify holds a package to it.
 */
typedef struct som_package_requirement {
	const char *id;        /* "CSIP68", "SIP4", "CSIPSTR12", "REF_CSIP_1" */
	const char *level;     /* "MUST", "SHOULD" or "MAY" in the 2.1.0 profiles FGS adopts */
	const char *level_22;  /* the same in the 2.2.0 profiles (used when a package declares them) */
	const char *name;      /* a short name, as in verify's lines ("file MIMETYPE") */
	const char *check;     /* what verify checks, or "none: " and why no program can */
} som_package_requirement;

/*
 * Every requirement verify knows, in the profiles' order; *n_out receives
 * the count. The table is static: nothing to free. A fault of a MUST
 * FAILs the package, of a SHOULD or MAY it WARNs.
 */
const som_package_requirement *som_package_requirements(size_t *n_out);

/*
 * After a package at `path` passed som_package_verify: when it is one this
 * store exported (same SHA-256 over the file), record it verified (its
 * items count as delivered, which the plan's deliver-first rules wait for)
 * and audit it ("export.verified"); its export id in *export_id, 0 when
 * it was recorded verified before (the first time stands). SOM_ENOTFOUND
 * when this store did not make the package. Needs a writer.
 */
int som_export_record_verified(int64_t *export_id, som_store *store, const char *path);

#ifdef __cplusplus
}
#endif

#endif
