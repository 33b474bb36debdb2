/*
 * Tweet ids, shared by the X archive and twarc importers: ids that come as
 * strings or numbers, and their order (snowflakes: a larger id is later).
 */
#ifndef SOM_SRC_INGEST_TWEET_ID_H
#define SOM_SRC_INGEST_TWEET_ID_H

#include "../json.h"

/* Is `a` an earlier id than `b`? Numeric ids by value, others by text. */
int som_tweet__id_less(const char *a, const char *b);

/* An id given as a string or a number (written into `tmp`); NULL when neither. */
const char *som_tweet__id_of(som_json *v, char tmp[24]);

#endif
