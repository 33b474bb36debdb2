/*
 * What the X archive and twarc importers share: tweet ids that come as
 * strings or numbers, their order (snowflakes: a larger id is later), and
 * the expansion of t.co links.
 */
#ifndef SOM_SRC_INGEST_TWEET_H
#define SOM_SRC_INGEST_TWEET_H

#include "formats/json.h"

/* Is `a` an earlier id than `b`? Numeric ids by value, others by text. */
int som_tweet__id_less(const char *a, const char *b);

/* An id given as a string or a number (written into `tmp`); NULL when neither. */
const char *som_tweet__id_of(som_json *v, char tmp[24]);

/*
 * Replace in `text` each shortened link of `list` (objects whose `key` is the
 * t.co link and `expanded` its target) by its target; `scratch` is working
 * space. At most 64 links are looked at: X allows a handful, more is hostile.
 */
int som_tweet__expand_links(som_buf *text, som_buf *scratch, const som_json *list,
	const char *key, const char *expanded);

#endif
