/*
 * Fuzz target: the Instagram importer, through som_ingest into a real
 * store. The input is cut at each line "=====" into the files of an export
 * folder, in this order: posts, stories, reels, post comments, a message
 * thread, personal information; a file whose part is absent is left out.
 */
#include <sys/stat.h>
#include "fuzz.h"

static const char *const files[] = {
	"your_instagram_activity/content/posts_1.json",
	"your_instagram_activity/content/stories.json",
	"your_instagram_activity/content/reels.json",
	"your_instagram_activity/comments/post_comments_1.json",
	"your_instagram_activity/messages/inbox/anna_1/message_1.json",
	"personal_information/personal_information.json",
};

static const char *const folders[] = {
	"your_instagram_activity",
	"your_instagram_activity/content",
	"your_instagram_activity/comments",
	"your_instagram_activity/messages",
	"your_instagram_activity/messages/inbox",
	"your_instagram_activity/messages/inbox/anna_1",
	"personal_information",
};

static const char separator[] = "\n=====\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	som_store *store = fuzz_setup();
	const char *dir = fuzz_write("instagram", "README.txt", (const uint8_t *)"fuzz\n", 5, 1);
	const uint8_t *p = data, *end = data + size;
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, folders[i]);
		(void)mkdir(path, 0700);
	}
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

	opts.format = "instagram";
	if (som_ingest(&cap, store, fuzz_account, dir, &opts) == 0)
		som_capture_free(cap);
	return 0;
}
