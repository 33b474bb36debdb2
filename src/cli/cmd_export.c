/*
 * `somarkiv export`: deliver a selection of items to the e-archive as a
 * submission package (FGS Paketstruktur 2.0 / E-ARK SIP), signed when a
 * key and certificate are given.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const cli_option export_options[] = {
	{ "out", 'o', "DIR|FILE.tar|FILE.zip", 1, "where the package goes (a directory: OBJID.tar in it)" },
	{ "case", 0, "NUMBER", 0, "the items registered in this case (e.g. 'KS 2026/12')" },
	{ "series", 0, "PREFIX", 0, "the items registered in this registry series" },
	{ "account", 0, "ACCOUNT", 0, "the items of one account" },
	{ "from", 0, "DATE", 0, "items created on or after DATE" },
	{ "to", 0, "DATE", 0, "items created on or before DATE" },
	{ "class", 0, "CLASS", 0, "items of this class: temporary, important or case" },
	{ "since-last-export", 0, NULL, 0, "only items not yet delivered in their current version" },
	{ "sign", 0, "KEY", 0, "sign with this PEM private key (never stored)" },
	{ "cert", 0, "CERT", 0, "the PEM certificate of the signing key" },
	{ "creator", 0, "NAME", 0, "the records creator (arkivbildare) named in METS.xml" },
	{ "package-id", 0, "ID", 0, "the package identifier (OBJID); default a fresh uuid-..." },
	{ "created", 0, "TIME", 0, "the package's creation time; default now" },
	{ "schemas", 0, "DIR", 0, "the shipped schemas (default $SOMARKIV_SCHEMA_DIR or the installed ones)" },
	{ NULL, 0, NULL, 0, NULL }
};

/* Items written so far, on a terminal. */
static void on_progress(int64_t done, int64_t total, void *payload)
{
	cli_progress_show(payload, done, total);
}

static int run_export(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_export_options o = SOM_EXPORT_OPTIONS_INIT;
	cli_progress prog;
	som_export_result r;
	const char *cls = cli_value(args, "class"), *acc = cli_value(args, "account");
	int error = 0, rc = CLI_EXIT_OK;

	memset(&r, 0, sizeof(r));
	if (cls && strcmp(cls, "temporary") != 0 && strcmp(cls, "important") != 0 &&
	    strcmp(cls, "case") != 0)
		return cli_usage_error(ctx, args->cmd, "bad --class '%s': temporary, important or case", cls);
	if (!cli_value(args, "sign") != !cli_value(args, "cert"))
		return cli_usage_error(ctx, args->cmd, "--sign and --cert go together");
	o.out = cli_value(args, "out");
	o.case_number = cli_value(args, "case");
	o.series = cli_value(args, "series");
	o.from = cli_value(args, "from");
	o.to = cli_value(args, "to");
	o.class_name = cls;
	o.since_last_export = cli_flag(args, "since-last-export");
	o.sign_key = cli_value(args, "sign");
	o.sign_cert = cli_value(args, "cert");
	o.creator = cli_value(args, "creator");
	o.package_id = cli_value(args, "package-id");
	o.created = cli_value(args, "created");
	o.schema_dir = cli_value(args, "schemas");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if (acc && (rc = cli_account_id(&o.account_id, ctx, store, acc)) != 0)
		goto done;
	cli_progress_start(&prog, ctx, "export");
	o.progress = on_progress;
	o.progress_payload = &prog;
	error = som_export_run(&r, store, &o);
	cli_progress_clear(&prog);
	if (error) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if (!ctx->quiet) {
		printf("%s\n", r.path);
		cli_field(stdout, 10, "package", "%s", r.package_id);
		cli_field(stdout, 10, "items", "%" PRId64, r.n_items);
		cli_field(stdout, 10, "files", "%" PRId64, r.n_files);
		if (r.n_disposals)
			cli_field(stdout, 10, "disposals", "%" PRId64, r.n_disposals);
		cli_field(stdout, 10, "size", "%" PRId64, r.size);
		cli_field(stdout, 10, "sha256", "%s", r.sha256);
		if (r.signature_path)
			cli_field(stdout, 10, "signature", "%s", r.signature_path);
		cli_field(stdout, 10, "export", "%" PRId64, r.export_id);
	}
done:
	som_export_result_dispose(&r);
	som_store_free(store);
	return rc;
}

const cli_command cmd_export = {
	"export", "export items as a submission package for the e-archive (FGS / E-ARK SIP)",
	NULL, export_options, 0, 0, run_export, NULL
};
