/*
 * Fuzz target: the YouTube importer and the CSV reader under it, through
 * som_ingest into a real store. The input is cut at each line "=====" into
 * the files of a Takeout folder, in this order: comments, live chats,
 * videos, my-comments.html; a file whose part is absent is left out.
 */
#include <sys/stat.h>
#include "fuzz.h"

#define ROOT "Takeout/YouTube and YouTube Music"

static const char *const files[] = {
	ROOT "/comments/comments.csv",
	ROOT "/live chats/live chats.csv",
	ROOT "/video metadata/videos.csv",
	ROOT "/my-comments/my-comments.html",
};

static const char *const folders[] = {
	"Takeout",
	ROOT,
	ROOT "/comments",
	ROOT "/live chats",
	ROOT "/video metadata",
	ROOT "/my-comments",
	ROOT "/videos",
};

static const char separator[] = "\n=====\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	som_store *store = fuzz_setup();
	const char *dir = fuzz_write("youtube", "README.txt", (const uint8_t *)"fuzz\n", 5, 1);
	const uint8_t *p = data, *end = data + size;
	char path[512];
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, folders[i]);
		(void)mkdir(path, 0700);
	}
	/* a video file for the titles to find */
	snprintf(path, sizeof(path), "%s/%s/videos/Kommunfullmäktige.mp4", dir, ROOT);
	if (!(f = fopen(path, "wb")))
		abort();
	fclose(f);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const uint8_t *cut = p ? memmem(p, (size_t)(end - p), separator,
			sizeof(separator) - 1) : NULL;
		size_t len = p ? (size_t)((cut ? cut : end) - p) : 0;

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

	opts.format = "youtube";
	if (som_ingest(&cap, store, fuzz_account, dir, &opts) == 0)
		som_capture_free(cap);
	return 0;
}
