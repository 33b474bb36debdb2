/*
 * Fuzz target: the YouTube Data API importer, reading the input as a page of comment threads
 * (threads-0001.json of a folder of answers), through som_ingest into a real store.
 */
#include <sys/stat.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	som_store *store = fuzz_setup();
	const char *dir = fuzz_write("youtube_api", "threads-0001.json", data, size, 1);

	opts.format = "youtube-api";
	if (som_ingest(&cap, store, fuzz_account, dir, &opts) == 0)
		som_capture_free(cap);
	return 0;
}
