/*
 * Fuzz target: the Mastodon REST API importer, reading the input as a page of statuses
 * (statuses-0001.json of a folder of answers), through som_ingest into a real store.
 */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	som_store *store = fuzz_setup();
	const char *dir = fuzz_write("mastodon_api", "statuses-0001.json", data, size, 1);

	opts.format = "mastodon-api";
	if (som_ingest(&cap, store, fuzz_account, dir, &opts) == 0)
		som_capture_free(cap);
	return 0;
}
