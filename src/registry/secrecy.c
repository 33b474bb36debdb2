/*
 * Secrecy in the registry's public views (OSL 5 kap. 2 § second paragraph):
 * which form of a registration's counterparty and subject the public may
 * see. Whether an item is under secrecy is the store's view secrecy_now.
 */
#include "registry/registry.h"

const char *som_registry__public_form(const char *public_form,
	const char *protected_form, int secret, const char *mask)
{
	if (!secret)
		return protected_form ? protected_form : public_form;
	/* The row's own public form was written for secrecy; a full one never is. */
	if (protected_form)
		return public_form;
	return public_form ? mask : NULL;
}
