/*
 * Swedish stemming, the one door to Snowball's libstemmer: a word's
 * inflections (hotet, hoten, hotade) are cut to one stem (hot) so that a
 * lexicon entry matches every form of its word. Snowball's Swedish
 * algorithm is rule-based and needs no dictionary: the same stem for the
 * same word on every machine.
 */
#include <string.h>
#include <libstemmer.h>
#include "classify/classify.h"

struct som_stemmer {
	struct sb_stemmer *sb;
};

int som_classify__stemmer_new(som_stemmer **out)
{
	som_stemmer *s = som__calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return SOM_ENOMEM;
	if (!(s->sb = sb_stemmer_new("swedish", "UTF_8"))) {
		som__free(s);
		return som__error(SOM_ENOMEM, "cannot start the Swedish stemmer");
	}
	*out = s;
	return 0;
}

void som_classify__stemmer_free(som_stemmer *s)
{
	if (!s)
		return;
	sb_stemmer_delete(s->sb);
	som__free(s);
}

char *som_classify__stem(som_stemmer *s, const char *word, size_t len)
{
	const sb_symbol *st;

	if (len > 128)  /* no Swedish word; stemming it would only cost time */
		return som__strndup(word, len);
	st = sb_stemmer_stem(s->sb, (const sb_symbol *)word, (int)len);
	if (!st)
		return NULL;
	return som__strndup((const char *)st, (size_t)sb_stemmer_length(s->sb));
}
