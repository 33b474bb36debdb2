/*
 * Text normalisation for the classifier: UTF-8 decoded leniently, folded
 * the Swedish way (lower case, å ä ö kept as letters of their own, fancy
 * letters made plain, white space and dashes made one kind), cut into
 * words at Unicode letter and digit boundaries (each emoji a word of its
 * own), and each word normalised: elongations squeezed ("hoooot") and
 * stemmed (src/classify/stem.c).
 */
#include <string.h>
#include "classify/classify.h"

/* ---- UTF-8 ------------------------------------------------------------ */

size_t som_classify__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF && len >= 2 && som_classify__is_cont(s[1])) {
		*cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && len >= 3 && som_classify__is_cont(s[1]) && som_classify__is_cont(s[2])) {
		v = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
			*cp = v;
			return 3;
		}
	}
	if (c >= 0xF0 && c <= 0xF4 && len >= 4 && som_classify__is_cont(s[1]) && som_classify__is_cont(s[2]) &&
	    som_classify__is_cont(s[3])) {
		v = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
			((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		if (v >= 0x10000 && v <= 0x10FFFF) {
			*cp = v;
			return 4;
		}
	}
	*cp = 0xFFFD;
	return 1;
}

/* ---- folding ---------------------------------------------------------- */

static uint32_t lower_cp(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	/* Latin-1: À..Þ, Å Ä Ö É among them (not ×). */
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	/* What regcomp's REG_ICASE takes for i, s, k and å: folded alike. */
	if (c == 0x130 || c == 0x131)
		return 'i';
	if (c == 0x17F)
		return 's';
	if (c == 0x212A)
		return 'k';
	if (c == 0x212B)
		return 0xE5;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	if (c == 0x178)
		return 0xFF;
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 32;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 37;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 63;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	/* Full-width forms, and the mathematical letters and digits of spam. */
	if (c >= 0xFF21 && c <= 0xFF3A)
		return c - 0xFF21 + 'a';
	if (c >= 0xFF41 && c <= 0xFF5A)
		return c - 0xFF41 + 'a';
	if (c >= 0xFF10 && c <= 0xFF19)
		return c - 0xFF10 + '0';
	if (c >= 0x1D400 && c <= 0x1D6A3)
		return 'a' + (c - 0x1D400) % 52 % 26;
	if (c >= 0x1D7CE && c <= 0x1D7FF)
		return '0' + (c - 0x1D7CE) % 10;
	return c;
}

static int is_space_cp(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 ||
		c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
		c == 0x202F || c == 0x205F || c == 0x3000 || c < 0x20 || c == 0x7F;
}

static int is_invisible_cp(uint32_t c)
{
	return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

static int is_dash_cp(uint32_t c)
{
	return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
		c == 0xFF0D;
}

/* A base letter and a combining mark that make one of å ä ö ü é; 0 when none. */
static uint32_t compose(uint32_t base, uint32_t mark)
{
	if (mark == 0x30A && base == 'a')
		return 0xE5;
	if (mark == 0x308)
		return base == 'a' ? 0xE4 : base == 'o' ? 0xF6 : base == 'u' ? 0xFC : 0;
	if (mark == 0x301 && base == 'e')
		return 0xE9;
	return 0;
}

int som_classify__fold(som_buf *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n, n2;
	uint32_t cp, next, composed;
	int pending_space = 0, error = 0;
	size_t start_size = out->size;

	while (i < len && !error) {
		n = som_classify__utf8_decode(s + i, len - i, &cp);
		i += n;
		if (is_invisible_cp(cp))
			continue;
		if (is_space_cp(cp)) {
			pending_space = out->size > start_size;
			continue;
		}
		cp = is_dash_cp(cp) ? '-' : lower_cp(cp);
		if (i < len) {
			n2 = som_classify__utf8_decode(s + i, len - i, &next);
			if ((composed = compose(cp, next)) != 0) {
				cp = composed;
				i += n2;
			}
		}
		if (pending_space)
			error = som_buf_putc(out, ' ');
		pending_space = 0;
		if (!error)
			error = som__utf8_put(out, cp);
	}
	if (!error && !out->ptr)
		error = som_buf_puts(out, "");
	return error;
}

int som_classify__is_word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	if (c < 0xC0)
		return c == 0xAA || c == 0xB5 || c == 0xBA;
	if (c == 0xD7 || c == 0xF7)
		return 0;
	if ((c >= 0x2B0 && c <= 0x2FF) || (c >= 0x2000 && c <= 0x2BFF) ||
	    (c >= 0x2E00 && c <= 0x2E7F) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xD800 && c <= 0xF8FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
	    (c >= 0xFE10 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFFFF) ||
	    (c >= 0x1F000 && c <= 0x1FAFF) || c >= 0xE0000)
		return 0;
	return 1;
}

/* ---- the text of one item --------------------------------------------- */

int som_classify__spans_add(spans *s, size_t start, size_t end)
{
	if (s->n == s->a) {
		size_t a = s->a ? s->a * 2 : 8;
		span *v = som__realloc(s->v, a * sizeof(*v));
		if (!v)
			return SOM_ENOMEM;
		s->v = v;
		s->a = a;
	}
	s->v[s->n].start = start;
	s->v[s->n].end = end;
	s->n++;
	return 0;
}

int som_classify__is_emoji_cp(uint32_t c)
{
	if (c >= 0x1F3FB && c <= 0x1F3FF)
		return 0;  /* skin tones qualify the emoji before them */
	return (c >= 0x2300 && c <= 0x23FF) || (c >= 0x2600 && c <= 0x27BF) ||
		(c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x1F000 && c <= 0x1FAFF);
}

int som_classify__tokenize(spans *out, const char *t, size_t len)
{
	const unsigned char *s = (const unsigned char *)t;
	size_t i = 0, n, start = 0;
	uint32_t cp;
	int in = 0, error = 0;

	while (i < len && !error) {
		n = som_classify__utf8_decode(s + i, len - i, &cp);
		if (som_classify__is_word_cp(cp)) {
			if (!in)
				start = i;
			in = 1;
		} else {
			if (in)
				error = som_classify__spans_add(out, start, i);
			in = 0;
			/* An emoji is a word of its own (🔪 is as telling as "kniv"). */
			if (!error && som_classify__is_emoji_cp(cp))
				error = som_classify__spans_add(out, i, i + n);
		}
		i += n;
	}
	if (!error && in)
		error = som_classify__spans_add(out, start, len);
	out->done = 1;
	return error;
}

/* ---- normalised words --------------------------------------------------- */

void som_classify__ntoks_dispose(som_ntoks *t)
{
	som__free(t->v);
	som_buf_dispose(&t->pool);
	memset(t, 0, sizeof(*t));
}

/*
 * Append `w` with every run of three or more of the same letter cut to
 * `keep` (1 or 2) letters: "hoooot" to "hot" or "hoot". Sets *changed.
 */
static int squeeze(som_buf *out, const char *w, size_t len, int keep, int *changed)
{
	const unsigned char *s = (const unsigned char *)w;
	size_t i = 0, n, j, m;
	uint32_t cp, next;
	int run, error = 0;

	*changed = 0;
	while (i < len && !error) {
		n = som_classify__utf8_decode(s + i, len - i, &cp);
		run = 1;
		j = i + n;
		while (j < len) {
			m = som_classify__utf8_decode(s + j, len - j, &next);
			if (next != cp)
				break;
			run++;
			j += m;
		}
		if (run >= 3 && !(cp >= '0' && cp <= '9')) {
			*changed = 1;
			run = keep;
		}
		for (int k = 0; k < run && !error; k++)
			error = som_buf_put(out, w + i, n);
		i = j;
	}
	return error;
}

/* Store `w` in the pool; its offset and length in *off, *len. */
static int pool_put(som_ntoks *t, const char *w, size_t len, size_t *off, size_t *out_len)
{
	*off = t->pool.size;
	*out_len = len;
	if (som_buf_put(&t->pool, w, len) != 0 || som_buf_putc(&t->pool, '\0') != 0)
		return SOM_ENOMEM;
	return 0;
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/*
 * Snowball's Swedish stemmer keeps the definite endings "-et" (hotet) and
 * "-n" after a vowel (ohyran, kulan) or "-el", "-er" (misshandeln); the
 * stem of the word without them,
 * when that differs, is kept beside (Snowball against hunspell-sv: see
 * src/classify/stem.c).
 */
static int alt_stem(som_ntoks *t, som_ntok *nt, som_stemmer *stemmer)
{
	const char *w = SOM_NTOK_FORM(t, nt, nt->n_forms - 1);
	size_t len = nt->form_len[nt->n_forms - 1], cut = 0;
	const char *base = SOM_NTOK_STEM(t, nt, nt->n_forms - 1);
	char *stem;
	int error;

	if (len >= 5 && w[len - 2] == 'e' && w[len - 1] == 't')
		cut = 2;
	else if (len >= 4 && w[len - 1] == 'n' && (is_vowel(w[len - 2]) ||
		 (unsigned char)w[len - 2] >= 0x80))
		cut = 1;
	else if (len >= 7 && w[len - 1] == 'n' && (w[len - 2] == 'l' || w[len - 2] == 'r') &&
		 w[len - 3] == 'e')
		cut = 1;  /* "misshandeln", "vintern" */
	if (!cut)
		return 0;
	if (!(stem = som_classify__stem(stemmer, w, len - cut)))
		return SOM_ENOMEM;
	error = 0;
	if (strcmp(stem, base) != 0)
		error = pool_put(t, stem, strlen(stem), &nt->alt, &nt->alt_len);
	som__free(stem);
	return error;
}

int som_classify__normalise(som_ntoks *out, const char *folded, const spans *toks,
	som_stemmer *stemmer)
{
	som_buf sq = SOM_BUF_INIT;
	char *stem = NULL;
	int error = 0, changed;

	memset(out, 0, sizeof(*out));
	if (toks->n && !(out->v = som__calloc(toks->n, sizeof(*out->v))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < toks->n && !error; i++) {
		som_ntok *nt = &out->v[i];
		const char *w = folded + toks->v[i].start;
		size_t len = toks->v[i].end - toks->v[i].start;
		uint32_t cp;
		nt->start = toks->v[i].start;
		nt->end = toks->v[i].end;
		som_classify__utf8_decode((const unsigned char *)w, len, &cp);
		nt->emoji = som_classify__is_emoji_cp(cp);
		out->n++;
		if ((error = pool_put(out, w, len, &nt->form[0], &nt->form_len[0])) != 0)
			break;
		nt->n_forms = 1;
		for (int keep = 1; keep <= 2 && !nt->emoji && !error; keep++) {
			som_buf_clear(&sq);
			if ((error = squeeze(&sq, w, len, keep, &changed)) != 0 || !changed)
				break;
			error = pool_put(out, sq.ptr, sq.size, &nt->form[nt->n_forms],
				&nt->form_len[nt->n_forms]);
			nt->n_forms++;
		}
		for (int f = 0; f < nt->n_forms && !error; f++) {
			const char *form = out->pool.ptr + nt->form[f];
			if (nt->emoji) {
				nt->stem[f] = nt->form[f];
				nt->stem_len[f] = nt->form_len[f];
				continue;
			}
			if (!(stem = som_classify__stem(stemmer, form, nt->form_len[f]))) {
				error = SOM_ENOMEM;
				break;
			}
			error = pool_put(out, stem, strlen(stem), &nt->stem[f], &nt->stem_len[f]);
			som__free(stem);
			stem = NULL;
		}
		if (!error && !nt->emoji)
			error = alt_stem(out, nt, stemmer);
	}
	som_buf_dispose(&sq);
	if (error)
		som_classify__ntoks_dispose(out);
	return error;
}
