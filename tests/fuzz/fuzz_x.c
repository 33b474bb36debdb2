/*
 * Fuzz target: the X importers through som_ingest into a real store. The
 * first byte chooses what the rest is: an archive's tweets.js, its
 * direct-messages.js, its account.js (beside a fixed tweets.js), or a
 * twarc2 capture (one JSON document a line).
 */
#include <sys/stat.h>
#include "fuzz.h"

static const char tweets_js[] =
	"window.YTD.tweets.part0 = [ { \"tweet\" : { \"id_str\" : \"1\", "
	"\"created_at\" : \"Mon Apr 01 08:00:00 +0000 2024\", \"full_text\" : \"Hej &amp; v\\u00e4lkommen\" } } ]";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_capture *cap = NULL;
	som_store *store = fuzz_setup();
	const char *dir;

	if (size == 0)
		return 0;
	switch (data[0] % 4) {
	case 0:
		dir = fuzz_write("x-tweets", "tweets.js", data + 1, size - 1, 1);
		opts.format = "x";
		break;
	case 1:
		dir = fuzz_write("x-dms", "direct-messages.js", data + 1, size - 1, 1);
		opts.format = "x";
		break;
	case 2:
		fuzz_write("x-account", "tweets.js", (const uint8_t *)tweets_js,
			sizeof(tweets_js) - 1, 1);
		dir = fuzz_write("x-account", "account.js", data + 1, size - 1, 1);
		opts.format = "x";
		break;
	default:
		dir = fuzz_write("twarc", "capture.jsonl", data + 1, size - 1, 1);
		opts.format = "twarc";
		break;
	}
	if (som_ingest(&cap, store, fuzz_account, dir, &opts) == 0)
		som_capture_free(cap);
	return 0;
}
