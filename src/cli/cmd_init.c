/*
 * `somarkiv init [DIR]`: create a store (DIR, else --store, else
 * $SOMARKIV_HOME, else ./somarkiv-data).
 */
#include "cli.h"

static const cli_option init_options[] = {
	{ "group-read", 0, NULL, 0, "the owner's group may read the store (files 0640, "
		"folders 0750); else its files are the owner's alone (0600, 0700)" },
	{ NULL, 0, NULL, 0, NULL }
};

static int run_init(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_store_init_options opts = SOM_STORE_INIT_OPTIONS_INIT;
	som_buf dir = SOM_BUF_INIT;
	const char *path = args->n_pos > 0 ? args->pos[0] : ctx->store_dir;
	int error = 0, rc = CLI_EXIT_OK;

	if (!path) {
		if ((error = som_store_default_dir(&dir)) != 0)
			goto done;
		path = dir.ptr;
	}
	opts.group_read = cli_flag(args, "group-read");
	if ((error = som_store_init_with(&store, path, ctx->actor, &opts)) != 0)
		goto done;
	cli_say_notes(ctx, store);
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
	"init", "create a store", "[DIR]", init_options, 0, 1, run_init, NULL
};
