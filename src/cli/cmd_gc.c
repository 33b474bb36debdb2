/*
 * `somarkiv gc`: remove objects no row refers to (those of failed
 * captures) and leftovers of interrupted writes.
 */
#include <inttypes.h>
#include "cli.h"

static int run_gc(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_gc_stats stats = { 0, 0, 0, 0 };
	int error, rc = CLI_EXIT_OK;

	(void)args;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0)
		goto done;
	if ((error = som_store_gc(&stats, store)) != 0)
		goto done;
	if (!ctx->quiet)
		printf("removed %" PRId64 " unreferenced blobs, %" PRId64
			" unreferenced object files, %" PRId64 " temporary files (%"
			PRId64 " bytes freed)\n", stats.blobs_removed, stats.files_removed,
			stats.temp_removed, stats.bytes_freed);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_store_free(store);
	return rc;
}

const cli_command cmd_gc = {
	"gc", "remove unreferenced objects and leftovers of interrupted writes",
	NULL, NULL, 0, 0, run_gc, NULL
};
