/*
 * What the importers of APIs' answers saved in a folder share
 * (mastodon_api.c, youtube_api.c): recognising the folder by its files'
 * first bytes, reading one answer whole with its tree, and the id a small
 * answer names (whose account or channel the folder is).
 */
#ifndef SOM_SRC_INGEST_ANSWERS_H
#define SOM_SRC_INGEST_ANSWERS_H

#include "formats/json.h"
#include "formats/json_span.h"
#include "ingest/importer.h"

/* The last part of an entry's name (borrowed). */
const char *som_answers__base(const char *name);

/*
 * Does an entry `candidate` says yes to hold, in its first 16 KiB, every
 * string of `needles` (NULL-terminated)? 1 or 0; SOM_ENOMEM.
 */
int som_answers__probe(som_source *src, int (*candidate)(const char *name),
	const char *const *needles);

/*
 * Read the entry `name` whole (`text`, whose bytes the caller frees with
 * som__free()) and parse it (`root`, som_json__free()). An entry that is
 * not JSON is a problem of the capture ("not read: ...") when `sink` is
 * given, and leaves `*root` NULL; only reading errors are returned.
 */
int som_answers__read(som_json_span *text, som_json **root, som_source *src, som_sink *sink,
	const char *name);

/*
 * The id the entry ending in `file` names, as items[0].id or else id (the
 * answers of channels.list and of /accounts/ID), copied into `*out`
 * (som__free()); NULL when there is no such entry or id.
 */
int som_answers__id(char **out, som_source *src, const char *file);

#endif
