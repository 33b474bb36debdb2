/*
 * Fuzz target: the Mastodon importer, reading the input as the outbox.json
 * of an export folder, through som_ingest into a real store.
 */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	som_store *store = fuzz_setup();
	const char *dir = fuzz_write("mastodon", "outbox.json", data, size, 1);

	opts.format = "mastodon";
	if (som_ingest(&cap, store, fuzz_account, dir, &opts) == 0)
		som_capture_free(cap);
	return 0;
}
