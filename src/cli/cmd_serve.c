/*
 * `somarkiv serve`: the web interface for registrars (in Swedish), served
 * by the program itself over the same library as the command line (see
 * src/web/). Listens on loopback unless told otherwise; HTTPS with a
 * certificate and key, or plain HTTP behind a reverse proxy.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "web/web.h"

static const cli_option serve_options[] = {
	{ "listen", 0, "ADDR:PORT", 0, "where to listen (default 127.0.0.1:8080; port 0: any free one)" },
	{ "cert", 0, "FILE", 0, "PEM certificate (chain) for HTTPS" },
	{ "key", 0, "FILE", 0, "PEM private key of the certificate" },
	{ "idle", 0, "MINUTES", 0, "end a session unused this long (default 30)" },
	{ "threads", 0, "N", 0, "threads serving requests (default 8)" },
	{ NULL, 0, NULL, 0, NULL }
};

static int run_serve(cli_ctx *ctx, const cli_args *args)
{
	web_config cfg;
	som_buf dir = SOM_BUF_INIT;
	int64_t idle = 30, threads = 8;
	int error;

	memset(&cfg, 0, sizeof(cfg));
	if (cli_value(args, "idle") && (cli_parse_int(&idle, cli_value(args, "idle")) != 0 ||
			idle < 1 || idle > 24 * 60))
		return cli_usage_error(ctx, args->cmd, "--idle takes minutes, 1 to 1440");
	if (cli_value(args, "threads") && (cli_parse_int(&threads, cli_value(args, "threads")) != 0 ||
			threads < 1 || threads > 256))
		return cli_usage_error(ctx, args->cmd, "--threads takes 1 to 256");
	if (!cli_value(args, "cert") != !cli_value(args, "key"))
		return cli_usage_error(ctx, args->cmd, "--cert and --key go together");
	if (ctx->store_dir) {
		cfg.store_dir = ctx->store_dir;
	} else {
		if ((error = som_store_default_dir(&dir)) != 0)
			return cli_fail(ctx, error);
		cfg.store_dir = dir.ptr;
	}
	cfg.listen = cli_value(args, "listen") ? cli_value(args, "listen") : "127.0.0.1:8080";
	cfg.cert_file = cli_value(args, "cert");
	cfg.key_file = cli_value(args, "key");
	cfg.idle_seconds = idle * 60;
	cfg.threads = (unsigned int)threads;
	cfg.quiet = ctx->quiet;
	error = web_serve(&cfg);
	if (error)
		cli_say_error(ctx, "%s", web_error_message());
	som_buf_dispose(&dir);
	return cli_exit_code(error);
}

const cli_command cmd_serve = {
	"serve", "serve the web interface (in Swedish) for registrars and archivists",
	NULL, serve_options, 0, 0, run_serve, NULL
};
