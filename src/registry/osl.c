/*
 * OSL provisions (offentlighets- och sekretesslag 2009:400) as registrars
 * type them, checked against the table the project ships
 * (retention/osl-2009-400.tsv, compiled into the library): "26 kap. 1 § OSL",
 * "OSL 26:1" and "26:1 OSL" are one provision, kept as "OSL 26:1".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "registry/registry.h"

/* The table, embedded by tools/embed from retention/osl-2009-400.tsv. */
extern const unsigned char som_registry__osl_tsv[];
extern const size_t som_registry__osl_tsv_len;

#define OSL_FILE "retention/osl-2009-400.tsv"

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Does `p` start with the word `w` (any letter case, not followed by a letter)? */
static const char *word(const char *p, const char *w)
{
	size_t n = strlen(w);

	if (strncasecmp(p, w, n) != 0 || isalpha((unsigned char)p[n]))
		return NULL;
	return p + n;
}

static const char *number(const char *p, int *out)
{
	int v = 0, n = 0;

	while (isdigit((unsigned char)*p) && n < 4) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (!n || isdigit((unsigned char)*p))
		return NULL;
	*out = v;
	return p;
}

/* A section: digits and an optional letter ("1", "1 a", "1a"), canonical "1 a". */
static const char *section(const char *p, char out[8])
{
	const char *q;
	int n = 0;

	if (!(p = number(p, &n)) || n < 1 || n > 999)
		return NULL;
	q = skip_spaces(p);
	if (*q >= 'a' && *q <= 'z' && !isalpha((unsigned char)q[1])) {
		snprintf(out, 8, "%d %c", n % 1000, *q);
		return q + 1;
	}
	snprintf(out, 8, "%d", n % 1000);
	return p;
}

/* Parse what a registrar typed into chapter, section and stycke (0: none). */
static int parse(int *chapter, char sec[8], int *stycke, const char *text)
{
	const char *p = skip_spaces(text), *q;
	int osl = 0;

	*stycke = 0;
	if ((q = word(p, "OSL")) != NULL) {
		osl = 1;
		p = skip_spaces(q);
	}
	if (!(p = number(p, chapter)))
		return -1;
	p = skip_spaces(p);
	if (*p == ':') {
		if (!(p = section(skip_spaces(p + 1), sec)))
			return -1;
	} else if ((q = word(p, "kap")) != NULL) {
		p = skip_spaces(*q == '.' ? q + 1 : q);
		if (!(p = section(p, sec)))
			return -1;
		p = skip_spaces(p);
		if (strncmp(p, "§", strlen("§")) != 0)
			return -1;
		p += strlen("§");
	} else {
		return -1;
	}
	p = skip_spaces(p);
	/* "st. 2" or "2 st." names a paragraph (stycke) of the section. */
	if ((q = word(p, "st")) != NULL) {
		q = skip_spaces(*q == '.' ? q + 1 : q);
		if (!(p = number(q, stycke)))
			return -1;
	} else if (isdigit((unsigned char)*p) && (q = number(p, stycke)) != NULL &&
		   (q = word(skip_spaces(q), "st")) != NULL) {
		p = *q == '.' ? q + 1 : q;
	}
	p = skip_spaces(p);
	if ((q = word(p, "OSL")) != NULL) {
		osl++;
		p = skip_spaces(q);
	}
	return osl == 1 && !*p ? 0 : -1;
}

/*
 * The table's line for `key` ("26" or "26:1"): its name copied to `name`.
 * 1 when found.
 */
static int table_find(char *name, size_t size, const char *key)
{
	const char *p = (const char *)som_registry__osl_tsv;
	const char *end = p + som_registry__osl_tsv_len;
	size_t klen = strlen(key);

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *tab, *tab2;

		if (!eol)
			eol = end;
		if (*p != '#' && (size_t)(eol - p) > klen && strncmp(p, key, klen) == 0 &&
		    p[klen] == '\t') {
			tab = p + klen;
			tab2 = memchr(tab + 1, '\t', (size_t)(eol - tab - 1));
			if (!tab2)
				tab2 = eol;
			snprintf(name, size, "%.*s", (int)(tab2 - tab - 1), tab + 1);
			return 1;
		}
		p = eol + 1;
	}
	return 0;
}

int som_osl_lookup(som_osl_provision *out, const char *text)
{
	char key[16], sec[8];
	int chapter = 0, stycke = 0;

	memset(out, 0, sizeof(*out));
	if (!text || strlen(text) > 64 || parse(&chapter, sec, &stycke, text) != 0)
		return som__error(SOM_EINVALID, "secrecy '%s': name a provision of offentlighets- "
			"och sekretesslagen, e.g. 'OSL 26:1', '26:1 OSL' or '26 kap. 1 § OSL'",
			text ? text : "");
	snprintf(key, sizeof(key), "%d", chapter);
	if (!table_find(out->chapter_name, sizeof(out->chapter_name), key))
		return som__error(SOM_EINVALID, "secrecy '%s': OSL has no chapter %d of secrecy "
			"provisions (%s)", text, chapter, OSL_FILE);
	snprintf(key, sizeof(key), "%d:%s", chapter, sec);
	if (!table_find(out->name, sizeof(out->name), key))
		return som__error(SOM_EINVALID, "secrecy '%s': no provision OSL %s in the table "
			"of OSL provisions (%s)", text, key, OSL_FILE);
	out->chapter = chapter;
	snprintf(out->section, sizeof(out->section), "%s", sec);
	if (stycke)
		snprintf(out->provision, sizeof(out->provision), "OSL %s st. %d", key, stycke);
	else
		snprintf(out->provision, sizeof(out->provision), "OSL %s", key);
	return 0;
}
