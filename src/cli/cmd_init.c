/*
 * `somarkiv init [DIR]`: create a store (DIR, else --store, else
 * $SOMARKIV_HOME, else ./somarkiv-data).
 */
#include "cli.h"

static int run_init(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_buf dir = SOM_BUF_INIT;
	const char *path = args->n_pos > 0 ? args->pos[0] : ctx->store_dir;
	int error = 0, rc = CLI_EXIT_OK;

	if (!path) {
		if ((error = som_store_default_dir(&dir)) != 0)
			goto done;
		path = dir.ptr;
	}
	if ((error = som_store_init(&store, path, ctx->actor)) != 0)
		goto done;
	if (!ctx->quiet)
		printf("initialised store in '%s'\n", path);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_store_free(store);
	som_buf_dispose(&dir);
	return rc;
}

const cli_command cmd_init = {
	"init", "create a store", "[DIR]", NULL, 0, 1, run_init, NULL
};
