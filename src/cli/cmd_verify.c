/*
 * `somarkiv verify`: check the audit log's hash chain and every object
 * against its digest, or (given a PACKAGE) an export package. A fault found
 * is a negative answer (exit 1); a failure to check at all is an error
 * (exit 3 or 4).
 */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static const cli_option verify_options[] = {
	{ "audit", 0, NULL, 0, "check the audit log's hash chain" },
	{ "objects", 0, NULL, 0, "check every object against its digest" },
	{ "package", 0, "PATH", 0, "check an export package instead (also as the argument)" },
	{ "ca", 0, "CERT", 0, "with a package: its signature must chain to this CA certificate" },
	{ "no-signature-check", 0, NULL, 0, "with a package and no --ca: pass without checking who signed it" },
	{ "json", 0, NULL, 0, "with a package: one JSON object per check" },
	{ "requirements", 0, NULL, 0, "list every CSIP/SIP requirement and how a package is checked against it" },
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

/* One check of a package: "OK   name: detail" / "WARN ..." / "FAIL ...", or JSON. */
typedef struct package_out {
	int json;
	int quiet;
} package_out;

/* Names in a package made elsewhere may be anything: valid JSON whatever they hold. */
static void json_str(const char *s)
{
	som_buf b = SOM_BUF_INIT;

	if (som_buf_put_json(&b, s) == 0)
		fputs(b.ptr, stdout);
	som_buf_dispose(&b);
}

static int package_check(const char *check, int ok, const char *detail, void *payload)
{
	const package_out *po = payload;
	som_buf line = SOM_BUF_INIT;

	if (po->json) {
		printf("{\"check\":");
		json_str(check);
		printf(",\"ok\":%s,%s\"detail\":", ok ? "true" : "false",
			ok == SOM_CHECK_WARN ? "\"warning\":true," : "");
		json_str(detail);
		printf("}\n");
	} else if (ok != SOM_CHECK_OK || !po->quiet) {
		printf("%-4s ", ok == SOM_CHECK_WARN ? "WARN" : ok ? "OK" : "FAIL");
		if (som_buf_printf(&line, "%s: %s", check, detail) == 0)
			cli_print_line(stdout, line.ptr, "");
	}
	som_buf_dispose(&line);
	return 0;
}

/*
 * A package this store exported, now verified: its items count as
 * delivered (deliver-first retention rules wait for it). Without a store,
 * or for a package made elsewhere, there is nothing to record.
 */
static void record_verified(cli_ctx *ctx, const char *path, int json)
{
	som_store *store = NULL;
	som_buf db = SOM_BUF_INIT;
	int64_t id = 0;
	int error;

	if (ctx->store_dir)
		error = som_buf_puts(&db, ctx->store_dir);
	else
		error = som_store_default_dir(&db);
	if (!error)
		error = som_buf_puts(&db, "/store.db");
	if (error || access(db.ptr, F_OK) != 0) {
		som_buf_dispose(&db);
		return;    /* no store here */
	}
	som_buf_dispose(&db);
	error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE);
	if (!error)
		error = som_export_record_verified(&id, store, path);
	som_store_free(store);
	if (error == SOM_ENOTFOUND)
		return;
	if (error)
		cli_say_error(ctx, "the verification is not recorded in the store: %s", som_error_last());
	else if (id && !ctx->quiet && !json)
		printf("export %" PRId64 " recorded as verified: its items count as delivered\n", id);
}

/* The last line: the answer, and whether the signature was checked (without --ca it is not). */
static void summary(const package_out *po, const char *path, int ok, const char *detail)
{
	if (po->json) {
		printf("{\"check\":\"summary\",\"ok\":%s,\"detail\":", ok ? "true" : "false");
		json_str(detail);
		printf("}\n");
	} else
		printf("package '%s': %s\n", path, detail);
}

static int verify_package(cli_ctx *ctx, const char *path, const char *ca, int json, int no_sig)
{
	package_out po = { json, ctx->quiet };
	int64_t failures = 0;
	int error = som_package_verify(&failures, path, ca, package_check, &po);
	char detail[256];

	if (error)
		return cli_fail(ctx, error);
	if (failures) {
		snprintf(detail, sizeof(detail), "%" PRId64 " check%s failed%s", failures,
			failures == 1 ? "" : "s", ca ? "" : "; signature not checked");
		summary(&po, path, 0, detail);
		cli_say_error(ctx, "package '%s': %s", path, detail);
		return CLI_EXIT_NO;
	}
	if (!ca && !no_sig) {
		/* An unsigned or re-signed package must not pass as trusted. */
		summary(&po, path, 0, "contents intact; signature not checked: give --ca CERT"
			" (or --no-signature-check)");
		cli_say_error(ctx, "package '%s': signature not checked (no --ca)", path);
		return CLI_EXIT_NO;
	}
	summary(&po, path, 1, ca ? "all checks passed, signature chained to the CA" :
		"all checks passed; signature not checked (--no-signature-check)");
	record_verified(ctx, path, json);
	return CLI_EXIT_OK;
}

/* verify --requirements: the table, one requirement a line. */
static int list_requirements(int json)
{
	size_t n, i;
	const som_package_requirement *r = som_package_requirements(&n);

	for (i = 0; i < n; i++) {
		if (json) {
			printf("{\"id\":");
			json_str(r[i].id);
			printf(",\"level\":");
			json_str(r[i].level);
			printf(",\"level_2_2\":");
			json_str(r[i].level_22);
			printf(",\"name\":");
			json_str(r[i].name);
			printf(",\"check\":");
			json_str(r[i].check);
			printf("}\n");
		} else
			printf("%-10s %-6s %s: %s\n", r[i].id, r[i].level, r[i].name, r[i].check);
	}
	return CLI_EXIT_OK;
}

static int run_verify(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int audit = cli_flag(args, "audit"), objects = cli_flag(args, "objects");
	int error, rc = CLI_EXIT_OK, r;
	const char *package = cli_value(args, "package");

	if (args->n_pos > 0) {
		if (package)
			return cli_usage_error(ctx, args->cmd, "give the package once: as the argument or with --package");
		package = args->pos[0];
	}
	if (cli_flag(args, "requirements")) {
		if (package || audit || objects || cli_value(args, "ca"))
			return cli_usage_error(ctx, args->cmd, "--requirements takes no package");
		return list_requirements(cli_flag(args, "json"));
	}
	if (package && cli_value(args, "ca") && cli_flag(args, "no-signature-check"))
		return cli_usage_error(ctx, args->cmd, "--ca and --no-signature-check exclude each other");
	if (package)
		return verify_package(ctx, package, cli_value(args, "ca"), cli_flag(args, "json"),
			cli_flag(args, "no-signature-check"));
	if (cli_value(args, "ca") || cli_flag(args, "json") || cli_flag(args, "no-signature-check"))
		return cli_usage_error(ctx, args->cmd, "--ca, --no-signature-check and --json go with a package");
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
	"verify", "check the audit log and the objects (both unless one is named), or a package",
	"[PACKAGE]", verify_options, 0, 1, run_verify, NULL
};
