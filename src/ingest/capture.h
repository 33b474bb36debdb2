/*
 * The capture writer: the sink that importers hand items to, storing each
 * in the store within the capture's transaction (src/ingest/store_capture.c), and
 * its steps as the ingest core (src/ingest/ingest.c) drives them.
 */
#ifndef SOM_SRC_CAPTURE_H
#define SOM_SRC_CAPTURE_H

#include "somarkiv/ingest.h"
#include "ingest/importer.h"
#include "ingest/source.h"

/* Begin the capture's transaction and record it (counts follow at finish). */
int som_capture__begin(som_sink **out, som_store *store, int64_t account_id,
	som_source *src, const som_importer *importer, const som_ingest_options *opts);
/* Store the attachments the items named, in one pass over the source. */
int som_capture__attachments(som_sink *sink);
/* Mark removed items, write the counts and report, audit, commit. */
int som_capture__finish(som_capture **out, som_sink *sink);
/* Roll back everything of the capture and free the sink. */
void som_capture__abort(som_sink *sink);

#endif
