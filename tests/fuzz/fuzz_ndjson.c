/*
 * Fuzz target: the canonical NDJSON importer, through som_ingest into a
 * real store. Any input must end in success or a clean error.
 */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	som_store *store = fuzz_setup();
	const char *file = fuzz_write("ndjson", "in.ndjson", data, size, 0);

	opts.format = "ndjson";
	if (som_ingest(&cap, store, fuzz_account, file, &opts) == 0)
		som_capture_free(cap);
	return 0;
}
