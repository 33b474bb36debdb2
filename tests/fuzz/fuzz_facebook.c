/*
 * Fuzz target: the two Facebook importers, through som_ingest into a real
 * store. Each input is read four ways: as the posts file, the comments file
 * and a Messenger conversation of a "Download your information" export,
 * and as a response page of the Graph API.
 */
#include <sys/stat.h>
#include "fuzz.h"

/* Write the input as SUB/FOLDER/NAME (`rel` is FOLDER/NAME) and ingest SUB. */
static void fuzz_one(const char *sub, const char *folder, const char *rel,
	const char *format, const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	char path[256];
	const char *dir;

	/* the export's folders, made once: fuzz_write makes only the first */
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir, sub);
	(void)mkdir(path, 0700);
	if (folder) {
		char *p;
		snprintf(path, sizeof(path), "%s/%s/%s", fuzz_dir, sub, folder);
		for (p = path + strlen(fuzz_dir) + strlen(sub) + 2; (p = strchr(p, '/')) != NULL; p++) {
			*p = '\0';
			(void)mkdir(path, 0700);
			*p = '/';
		}
		(void)mkdir(path, 0700);
	}
	dir = fuzz_write(sub, rel, data, size, 1);
	opts.format = format;
	if (som_ingest(&cap, fuzz_store, fuzz_account, dir, &opts) == 0)
		som_capture_free(cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	fuzz_one("fb-posts", "posts", "posts/your_posts_1.json", "facebook", data, size);
	fuzz_one("fb-comments", "your_facebook_activity/comments_and_reactions",
		"your_facebook_activity/comments_and_reactions/comments.json", "facebook", data, size);
	fuzz_one("fb-messages", "messages/inbox/anna_1", "messages/inbox/anna_1/message_1.json",
		"facebook", data, size);
	fuzz_one("fb-graph", NULL, "feed-page-1.json", "facebook-graph", data, size);
	return 0;
}
