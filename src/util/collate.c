/*
 * Swedish collation (SAOL's order): each code point gets a primary weight
 * (a-z, then å, ä, ö; accented letters as their base letter; ü as y), and
 * ties are broken by a secondary weight (the accent) and then by the
 * bytes, so that different strings never compare equal.
 */
#include <string.h>
#include "somarkiv/sv.h"
#include "util/common.h"

/* Decode one code point at *p (advancing it); invalid bytes count as themselves. */
static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 :
		(c & 0xF8) == 0xF0 ? 3 : -1;

	if (n <= 0) {
		*p = s + 1;
		return c;
	}
	c &= 0x3F >> n;
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p = s + 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*p = s + n + 1;
	return c;
}

/* The base letter of a Latin-1 or Latin Extended-A letter, lower case; 0 when none. */
static uint32_t base_letter(uint32_t c)
{
	static const char latin1[] =
		/* U+00C0..U+00FF, lower-cased base letters; '*' keeps its own place. */
		"aaaaa**ceeeeiiii" "dnooooo*ouuuyyps" "aaaaa**ceeeeiiii" "dnooooo*ouuuyyty";
	static const char ext_a[] =
		/* U+0100..U+017F in pairs of capital and small; '*' keeps its own place. */
		"aaaaaaccccccccdddd" "eeeeeeeeeegggggggg" "hhhhiiiiiiiiiiiijj" "kkkllllllllllnnnnn"
		"nnnnoooo****rrrrrr" "ssssssssttttttuuuu" "uuuuyyuuwwyyyzzzzz" "zs";

	if (c >= 0xC0 && c <= 0xFF) {
		char b = latin1[c - 0xC0];
		return b == '*' ? 0 : (uint32_t)b;
	}
	if (c >= 0x100 && c <= 0x17F) {
		char b = ext_a[c - 0x100];
		return b == '*' ? 0 : (uint32_t)b;
	}
	return 0;
}

/* Primary weight: what the order is about. */
static uint32_t primary(uint32_t c)
{
	uint32_t b;

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return 1;
	if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			(c >= 'A' && c <= 'Z')))
		return 2 + c;                       /* punctuation, before digits */
	if (c >= '0' && c <= '9')
		return 200 + (c - '0');
	if (c >= 'A' && c <= 'Z')
		c += 32;
	if (c >= 'a' && c <= 'z')
		return 300 + (c - 'a') * 2;
	switch (c) {
	case 0xE5: case 0xC5: return 300 + 26 * 2;             /* å */
	case 0xE4: case 0xC4: case 0xE6: case 0xC6: return 300 + 27 * 2;  /* ä, æ */
	case 0xF6: case 0xD6: case 0xF8: case 0xD8: return 300 + 28 * 2;  /* ö, ø */
	case 0xFC: case 0xDC: return 300 + ('y' - 'a') * 2;    /* ü as y */
	case 0xDF: return 300 + ('s' - 'a') * 2;               /* ß */
	case 0xF0: case 0xD0: return 300 + ('d' - 'a') * 2;    /* ð */
	case 0xFE: case 0xDE: return 300 + ('t' - 'a') * 2 + 1; /* þ after t */
	case 0x150: case 0x151: case 0x152: case 0x153: return 300 + 28 * 2;  /* ő, œ as ö */
	default: break;
	}
	if ((b = base_letter(c)) != 0)
		return 300 + (b - 'a') * 2;
	return 1000 + c;
}

/* Secondary weight: the accent (the code point folded to lower case). */
static uint32_t secondary(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c >= 0x100 && c <= 0x17F)
		return c | 1;
	return c;
}

static int compare_level(const char *a, const char *b, uint32_t (*weight)(uint32_t))
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && *q) {
		uint32_t wa = weight(next_cp(&p)), wb = weight(next_cp(&q));
		if (wa != wb)
			return wa < wb ? -1 : 1;
	}
	return *p ? 1 : *q ? -1 : 0;
}

int som_sv_compare(const char *a, const char *b)
{
	int r;

	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	if ((r = compare_level(a, b, primary)) != 0 ||
	    (r = compare_level(a, b, secondary)) != 0)
		return r;
	/* Letter case last, lower before upper as SAOL lists them. */
	r = strcmp(a, b);
	return r < 0 ? 1 : r > 0 ? -1 : 0;
}
