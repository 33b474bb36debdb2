/*
 * Accounts: the body's register of its official accounts on social media
 * (Hallsberg riktlinje 4.3), with their owning unit, owner, purpose and
 * the dates they were opened and closed.
 */
#ifndef SOMARKIV_ACCOUNT_H
#define SOMARKIV_ACCOUNT_H

#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * An account. As input to som_account_add() the strings are borrowed from
 * the caller; as output of som_account_lookup() the whole struct belongs to
 * the caller and is freed with som_account_free(). NULL means unset.
 */
typedef struct som_account {
	int64_t id;
	char *platform;      /* mastodon, facebook, instagram, x, linkedin, youtube, other */
	char *handle;        /* e.g. @exempelby@social.example */
	char *display_name;
	char *unit;          /* the owning unit, e.g. Kommunikationsavdelningen */
	char *owner;         /* the person responsible */
	char *purpose;
	char *opened;        /* YYYY-MM-DD */
	char *closed;        /* YYYY-MM-DD, NULL while open */
	char *close_reason;
	char *created;       /* when registered in the store, ISO 8601 */
	char *close_package; /* the snapshot package it was closed with, NULL if none */
	/* Capture through the platform's API (`somarkiv fetch`); NULL: the defaults. */
	char *api_url;       /* the API's root, e.g. https://graph.facebook.com/v21.0 */
	char *api_id;        /* the account's id there (Page, channel, user) */
	char *credentials;   /* the path of the file holding its token or key, outside the store */
} som_account;

/* The platforms an account may be on; NULL-terminated, borrowed. */
const char *const *som_account_platforms(void);

/*
 * Register an account; platform and handle are required, the pair must be
 * new (SOM_EEXISTS). `opened` defaults to today. Audited.
 */
int som_account_add(int64_t *out_id, som_store *store, const som_account *in);

/*
 * Find an account by its numeric id or its handle (SOM_ENOTFOUND). Free
 * with som_account_free().
 */
int som_account_lookup(som_account **out, som_store *store, const char *ref);

void som_account_free(som_account *account);

/* Return non-zero from the callback to stop; that value is returned. */
typedef int (*som_account_cb)(const som_account *account, void *payload);

/* Every account, by id. */
int som_account_foreach(som_store *store, som_account_cb cb, void *payload);

/*
 * Change the descriptive fields: every non-NULL string of `in` except
 * platform and handle replaces the stored one (an empty api_url, api_id
 * or credentials clears it). Audited with old and new.
 */
int som_account_update(som_store *store, int64_t id, const som_account *in);

/*
 * Close (date defaults to today; `package_id`: the snapshot package that
 * preserved it, may be NULL) or reopen an account. Audited. A closed
 * account takes no captures until it is reopened.
 */
int som_account_close(som_store *store, int64_t id, const char *date,
	const char *reason, const char *package_id);
int som_account_reopen(som_store *store, int64_t id, const char *reason);

/* Append the account as one JSON object to `out`. */
int som_account_to_json(som_buf *out, const som_account *account);

#ifdef __cplusplus
}
#endif

#endif
