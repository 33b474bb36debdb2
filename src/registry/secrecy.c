/*
 * Secrecy in the registry's public views (OSL 5 kap. 2 § second paragraph):
 * which form of a registration's counterparty and subject the public may
 * see. Whether an item is under secrecy is the store's view secrecy_now.
 */
#include <string.h>
#include "plan/plan.h"
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

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int som_registry__mask_identity(som_buf *out, const char *text)
{
	const char *p = text, *start;
	int error = 0;

	if (!text)
		return 0;
	while (*p && !error) {
		size_t n = 0, seps = 0;

		if (!is_digit(*p) || (p > text && is_digit(p[-1]))) {
			error = som_buf_putc(out, *p++);
			continue;
		}
		/* A run of digits with at most one '-' or '+' inside: 10 to 13 characters. */
		start = p;
		while (is_digit(start[n]) || ((start[n] == '-' || start[n] == '+') && !seps &&
		       n && is_digit(start[n + 1]) && ++seps))
			n++;
		if (n >= 10 && n <= 13 && som_classify__is_pnr(start, n)) {
			error = som_buf_puts(out, SOM_REGISTRY_IDENTITY_MASK);
		} else {
			error = som_buf_put(out, start, n);
		}
		p = start + n;
	}
	if (!error && !out->ptr)
		error = som_buf_puts(out, "");
	return error;
}

const char *som_registry__public_text(som_buf *buf, const char *text, int *error)
{
	int e;

	if (!text)
		return NULL;
	som_buf_clear(buf);
	if ((e = som_registry__mask_identity(buf, text)) != 0) {
		*error = e;
		return text;
	}
	return buf->ptr;
}
