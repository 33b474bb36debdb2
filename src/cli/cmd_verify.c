/*
 * `somarkiv verify`: check the audit log's hash chain and every object
 * against its digest. A fault found is a negative answer (exit 1); a
 * failure to check at all is an error (exit 3 or 4).
 */
#include <inttypes.h>
#include "cli.h"

static const cli_option verify_options[] = {
	{ "audit", 0, NULL, 0, "check the audit log's hash chain" },
	{ "objects", 0, NULL, 0, "check every object against its digest" },
	{ NULL, 0, NULL, 0, NULL }
};

/* Returns 0 when intact, CLI_EXIT_NO on a fault, else the error's exit code. */
static int verify_audit(cli_ctx *ctx, som_store *store)
{
	int64_t count = 0, bad = 0;
	int error = som_audit_verify(&count, &bad, store);

	if (error == SOM_ECORRUPT && bad > 0) {
		/* The library's message names the entry: "audit log broken at entry N: ...". */
		cli_say_error(ctx, "%s", som_error_last());
		return CLI_EXIT_NO;
	}
	if (error)
		return cli_fail(ctx, error);
	if (!ctx->quiet)
		printf("audit log: %" PRId64 " entries, chain intact\n", count);
	return 0;
}

static int verify_objects(cli_ctx *ctx, som_store *store)
{
	int64_t checked = 0, bad = 0;
	int error = som_store_verify_objects(&checked, &bad, store);

	if (error == SOM_ECORRUPT && bad > 0) {
		cli_say_error(ctx, "objects: %s", som_error_last());
		return CLI_EXIT_NO;
	}
	if (error)
		return cli_fail(ctx, error);
	if (!ctx->quiet)
		printf("objects: %" PRId64 " checked, all intact\n", checked);
	return 0;
}

static int run_verify(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int audit = cli_flag(args, "audit"), objects = cli_flag(args, "objects");
	int error, rc = CLI_EXIT_OK, r;

	if (!audit && !objects)
		audit = objects = 1;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		return cli_fail(ctx, error);
	/* Both checks run; the worse outcome decides (0 < 1 fault < 3, 4 errors). */
	if (audit)
		rc = verify_audit(ctx, store);
	if (objects && (r = verify_objects(ctx, store)) > rc)
		rc = r;
	som_store_free(store);
	return rc;
}

const cli_command cmd_verify = {
	"verify", "check the audit log and the objects (both unless one is named)",
	NULL, verify_options, 0, 0, run_verify, NULL
};
