/*
 * The registry's insides shared by its files and the search: checking a
 * series' format and prefix before the store keeps them (number.c), and
 * what the public may see of an item under secrecy (secrecy.c, and the
 * SQL that asks the store's view secrecy_now).
 */
#ifndef SOM_SRC_REGISTRY_H
#define SOM_SRC_REGISTRY_H

#include "util/common.h"
#include "somarkiv/plan.h"
#include "somarkiv/registry.h"

/*
 * Is `format` a number format: placeholders {prefix}, {year}, {case},
 * {case:N} (N 1..9), {doc}, with exactly one {case} and no digits in its
 * literal text? SOM_EINVALID naming the problem otherwise.
 */
int som_registry__check_format(const char *format);

/* A prefix is 1..16 ASCII letters, digits or '-', starting with a letter. */
int som_registry__check_prefix(const char *prefix);

/* Does `format` hold {doc}? */
int som_registry__has_doc(const char *format);

/*
 * SQL: is the item whose id is the SQL expression `col` under secrecy now,
 * and under which OSL provision (NULL for a secrecy flag alone)? Both read
 * the view secrecy_now (src/store/store.c), the one answer every public
 * view of the registry and the search takes.
 */
#define SOM_REGISTRY__SECRET_SQL(col) \
	"EXISTS(SELECT 1 FROM secrecy_now sn WHERE sn.item_id = " col ")"
#define SOM_REGISTRY__SECRECY_SQL(col) \
	"(SELECT min(sn.provision) FROM secrecy_now sn WHERE sn.item_id = " col ")"

/*
 * What the public may see of a registration's counterparty or subject
 * (OSL 5:2), from the two forms the row keeps and whether its item is
 * under secrecy now: under secrecy the public form when the registration
 * has a protected one, else `mask`; otherwise the full form. Borrowed.
 */
const char *som_registry__public_form(const char *public_form,
	const char *protected_form, int secret, const char *mask);

/*
 * Append `text` with every Swedish personal identity or coordination
 * number (personnummer, samordningsnummer: the right shape, a real date, a
 * valid check digit) replaced by SOM_REGISTRY_IDENTITY_MASK: what any
 * public field shows. NULL appends nothing.
 */
#define SOM_REGISTRY_IDENTITY_MASK "[personnummer]"
int som_registry__mask_identity(som_buf *out, const char *text);

/* The public form of `text`: masked into `buf` when it holds a number, else `text`. */
const char *som_registry__public_text(som_buf *buf, const char *text, int *error);

/*
 * Append the default subject (ärendemening) of an item: the first of the
 * plan's subject templates that fits its class, kind and words (plan may
 * be NULL), else "{Kind} via {platform}". Never the text itself.
 */
int som_registry__default_subject(som_buf *out, const som_plan *plan, int cls,
	const char *kind, const char *platform, const char *text);

#endif
