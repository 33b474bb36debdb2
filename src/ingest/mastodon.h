/*
 * What the Mastodon importers share (the export's, mastodon.c, and the
 * REST API's, mastodon_api.c) and the fetch of the API (src/fetch/), so
 * that the same status read either way is the same item with the same
 * text and the same attachments.
 */
#ifndef SOM_SRC_INGEST_MASTODON_H
#define SOM_SRC_INGEST_MASTODON_H

#include "formats/json.h"
#include "somarkiv/buf.h"

/*
 * A status's text into `out` (replaced): its content warning (`summary`),
 * an empty line, its HTML `content` as text, and the options of a poll
 * (the string `option_key` of each element of `options`), one a line.
 */
int som_mastodon__text(som_buf *out, const char *summary, const char *content,
	const som_json *options, const char *option_key);

/*
 * Where a medium of `url` lies in a source (into `out`, replaced): from
 * "media_attachments/" on, as the export lays it out, else
 * "media/<last segment>"; without query or fragment.
 */
int som_mastodon__media_entry(som_buf *out, const char *url);

#endif
