/*
 * Fuzz target: the LinkedIn importer and the CSV reader under it, through
 * som_ingest into a real store. The input is cut at the first line
 * "=====" into Shares.csv and Comments.csv of an export folder; without
 * the line, it is Shares.csv alone.
 */
#include <sys/stat.h>
#include "fuzz.h"

static const char *const files[] = { "Shares.csv", "Comments.csv" };

static const char separator[] = "\n=====\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	som_store *store = fuzz_setup();
	const char *dir = fuzz_write("linkedin", "Reactions.csv", (const uint8_t *)"Date,Type,Link\n",
		15, 1);
	const uint8_t *p = data, *end = data + size;
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const uint8_t *cut = p ? memmem(p, (size_t)(end - p), separator,
			sizeof(separator) - 1) : NULL;
		size_t len = p ? (size_t)((cut ? cut : end) - p) : 0;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (p == NULL) {
			(void)unlink(path);
			continue;
		}
		if (!(f = fopen(path, "wb")))
			abort();
		if (len && fwrite(p, 1, len, f) != len)
			abort();
		fclose(f);
		p = cut ? cut + sizeof(separator) - 1 : NULL;
	}

	opts.format = "linkedin";
	if (som_ingest(&cap, store, fuzz_account, dir, &opts) == 0)
		som_capture_free(cap);
	return 0;
}
