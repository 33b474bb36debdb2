/*
 * The shared machinery of the somarkiv program: option parsing driven by
 * each command's option table (which also prints --help), diagnostics and
 * exit codes, aligned tables measured in code points, and text made safe
 * for a terminal.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

/* Accepted before the command and among the options of every command (cli.h). */
const cli_option cli_global_options[] = {
	{ "store", 0, "DIR", 0,
	  "the store directory (default: $SOMARKIV_HOME, else ./somarkiv-data)" },
	{ "actor", 0, "NAME", 0,
	  "who acts, as the audit log records it (default: the login name)" },
	{ "quiet", 'q', NULL, 0, "no progress and no confirmations" },
	{ "help", 'h', NULL, 0, "show the help and exit" },
	{ "version", 0, NULL, 0, "show the version and exit" },
	{ NULL, 0, NULL, 0, NULL }
};

static size_t count_options(const cli_option *opts)
{
	size_t n = 0;

	while (opts && opts[n].name)
		n++;
	return n;
}

/*
 * Find the option `word` names in `opts`: "--name", "--name=value" or
 * "-x". Returns its index or -1; `inline_value` gets the text after '='.
 */
static int find_option(const cli_option *opts, const char *word,
	const char **inline_value)
{
	size_t i, len;
	const char *eq;

	*inline_value = NULL;
	if (!opts)
		return -1;
	if (word[0] == '-' && word[1] == '-') {
		word += 2;
		eq = strchr(word, '=');
		len = eq ? (size_t)(eq - word) : strlen(word);
		for (i = 0; opts[i].name; i++) {
			if (strlen(opts[i].name) == len &&
			    memcmp(opts[i].name, word, len) == 0) {
				if (eq)
					*inline_value = eq + 1;
				return (int)i;
			}
		}
		return -1;
	}
	if (word[0] == '-' && word[1] && !word[2]) {
		for (i = 0; opts[i].name; i++)
			if (opts[i].short_name && opts[i].short_name == word[1])
				return (int)i;
	}
	return -1;
}

static void print_version(void)
{
	printf("somarkiv %s\n", SOM_VERSION);
}

/* Apply a global option. Returns -1 to go on, or an exit code (help, version). */
static int apply_global(cli_ctx *ctx, const cli_command *cmd, const char *full,
	int index, const char *value)
{
	const char *name = cli_global_options[index].name;

	if (strcmp(name, "store") == 0)
		ctx->store_dir = value;
	else if (strcmp(name, "actor") == 0)
		ctx->actor = value;
	else if (strcmp(name, "quiet") == 0)
		ctx->quiet = 1;
	else if (strcmp(name, "help") == 0) {
		cli_help(stdout, cmd, full);
		return CLI_EXIT_OK;
	} else if (strcmp(name, "version") == 0) {
		print_version();
		return CLI_EXIT_OK;
	}
	return -1;
}

int cli_parse_globals(cli_ctx *ctx, const cli_command *help_cmd,
	const char *prefix, int argc, char **argv)
{
	int i = 0, index, rc;
	const char *value;

	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		index = find_option(cli_global_options, argv[i], &value);
		if (index < 0) {
			fprintf(stderr, "somarkiv: unknown option '%s'\n", argv[i]);
			cli_usage_line(stderr, help_cmd, prefix);
			return -1 - CLI_EXIT_USAGE;
		}
		if (cli_global_options[index].value_name && !value) {
			if (i + 1 >= argc) {
				fprintf(stderr, "somarkiv: option '--%s' needs a value\n",
					cli_global_options[index].name);
				cli_usage_line(stderr, help_cmd, prefix);
				return -1 - CLI_EXIT_USAGE;
			}
			value = argv[++i];
		}
		rc = apply_global(ctx, help_cmd, prefix, index, value);
		if (rc >= 0)
			return -1 - rc;
		i++;
	}
	return i;
}

int cli_parse(cli_args *out, cli_ctx *ctx, const cli_command *cmd,
	int argc, char **argv)
{
	char problem[256] = "";
	int i, index, global, only_pos = 0, help = 0, version = 0;
	size_t n_opts = count_options(cmd->options), k;
	const char *value, *word;
	const cli_option *opt;

	memset(out, 0, sizeof(*out));
	out->cmd = cmd;
	if (n_opts > CLI_MAX_OPTIONS) {
		cli_say_error(ctx, "too many options in the command table");
		return CLI_EXIT_RUNTIME;
	}
	out->pos = calloc((size_t)argc + 1, sizeof(char *));
	if (!out->pos) {
		cli_say_error(ctx, "out of memory");
		return CLI_EXIT_RUNTIME;
	}

	for (i = 0; i < argc; i++) {
		word = argv[i];
		if (only_pos || word[0] != '-' || word[1] == '\0') {
			out->pos[out->n_pos++] = argv[i];
			continue;
		}
		if (strcmp(word, "--") == 0) {
			only_pos = 1;
			continue;
		}
		global = 0;
		index = find_option(cmd->options, word, &value);
		if (index < 0) {
			index = find_option(cli_global_options, word, &value);
			global = 1;
		}
		if (index < 0) {
			if (!problem[0])
				snprintf(problem, sizeof(problem), "unknown option '%s'", word);
			continue;
		}
		opt = global ? &cli_global_options[index] : &cmd->options[index];
		if (opt->value_name) {
			if (!value) {
				if (i + 1 >= argc) {
					if (!problem[0])
						snprintf(problem, sizeof(problem),
							"option '--%s' needs a value", opt->name);
					continue;
				}
				value = argv[++i];
			}
		} else if (value) {
			if (!problem[0])
				snprintf(problem, sizeof(problem),
					"option '--%s' takes no value", opt->name);
			continue;
		} else {
			value = "";
		}
		if (!global) {
			/* A second value would silently replace the first. */
			if (out->values[index] && opt->value_name) {
				if (!problem[0])
					snprintf(problem, sizeof(problem),
						"option '--%s' given twice", opt->name);
				continue;
			}
			out->values[index] = value;
		} else if (strcmp(opt->name, "help") == 0) {
			help = 1;
		} else if (strcmp(opt->name, "version") == 0) {
			version = 1;
		} else {
			apply_global(ctx, cmd, ctx->name, index, value);
		}
	}

	if (help || version) {
		if (help)
			cli_help(stdout, cmd, ctx->name);
		else
			print_version();
		cli_args_dispose(out);
		return CLI_EXIT_OK;
	}
	if (!problem[0]) {
		for (k = 0; k < n_opts; k++) {
			if (cmd->options[k].required && !out->values[k]) {
				snprintf(problem, sizeof(problem),
					"option '--%s' is required", cmd->options[k].name);
				break;
			}
		}
	}
	if (!problem[0] && out->n_pos < cmd->min_args)
		snprintf(problem, sizeof(problem), "missing %s",
			cmd->args_usage ? cmd->args_usage : "argument");
	if (!problem[0] && cmd->max_args >= 0 && out->n_pos > cmd->max_args)
		snprintf(problem, sizeof(problem), "unexpected argument '%s'",
			out->pos[cmd->max_args]);
	if (problem[0]) {
		cli_args_dispose(out);
		return cli_usage_error(ctx, cmd, "%s", problem);
	}
	return -1;
}

void cli_args_dispose(cli_args *args)
{
	free(args->pos);
	args->pos = NULL;
	args->n_pos = 0;
}

static int option_index(const cli_args *args, const char *name)
{
	size_t i;

	for (i = 0; args->cmd->options && args->cmd->options[i].name; i++)
		if (strcmp(args->cmd->options[i].name, name) == 0)
			return (int)i;
	/* Asking for an option the table lacks is a bug in the command. */
	fprintf(stderr, "somarkiv: internal error: no option '--%s'\n", name);
	abort();
}

const char *cli_value(const cli_args *args, const char *name)
{
	return args->values[option_index(args, name)];
}

int cli_flag(const cli_args *args, const char *name)
{
	return args->values[option_index(args, name)] != NULL;
}

void cli_usage_line(FILE *f, const cli_command *cmd, const char *full)
{
	size_t i;
	int optional = 0;

	if (!cmd) {
		fputs("usage: somarkiv [--store DIR] [--actor NAME] [-q] [--help] "
			"[--version] COMMAND [ARGS]\n", f);
		return;
	}
	fprintf(f, "usage: somarkiv %s", full);
	if (cmd->subcommands)
		fputs(" COMMAND [ARGS]", f);
	for (i = 0; cmd->options && cmd->options[i].name; i++) {
		if (cmd->options[i].required)
			fprintf(f, " --%s %s", cmd->options[i].name,
				cmd->options[i].value_name ? cmd->options[i].value_name : "");
		else
			optional = 1;
	}
	if (optional)
		fputs(" [options]", f);
	if (cmd->args_usage)
		fprintf(f, " %s", cmd->args_usage);
	fputc('\n', f);
}

static void option_left(char *out, size_t size, const cli_option *opt)
{
	char shortpart[8] = "    ";

	if (opt->short_name)
		snprintf(shortpart, sizeof(shortpart), "-%c, ", opt->short_name);
	snprintf(out, size, "%s--%s%s%s", shortpart, opt->name,
		opt->value_name ? " " : "", opt->value_name ? opt->value_name : "");
}

static size_t options_width(const cli_option *opts, size_t width)
{
	char left[128];
	size_t i;

	for (i = 0; opts && opts[i].name; i++) {
		option_left(left, sizeof(left), &opts[i]);
		if (strlen(left) > width)
			width = strlen(left);
	}
	return width;
}

static void print_options(FILE *f, const char *title, const cli_option *opts,
	size_t width)
{
	char left[128];
	size_t i;

	if (!opts || !opts[0].name)
		return;
	fprintf(f, "\n%s:\n", title);
	for (i = 0; opts[i].name; i++) {
		option_left(left, sizeof(left), &opts[i]);
		fprintf(f, "  %-*s  %s%s\n", (int)width, left, opts[i].help,
			opts[i].required ? " (required)" : "");
	}
}

/* The commands and their subcommands, with summaries, aligned. */
static void print_command_list(FILE *f, const cli_command *const *cmds,
	const char *prefix)
{
	char full[96];
	size_t i, j, width = 0;

	for (i = 0; cmds[i]; i++) {
		if (cmds[i]->subcommands) {
			for (j = 0; cmds[i]->subcommands[j]; j++) {
				snprintf(full, sizeof(full), "%s%s%s %s", prefix,
					*prefix ? " " : "", cmds[i]->name,
					cmds[i]->subcommands[j]->name);
				if (strlen(full) > width)
					width = strlen(full);
			}
		} else {
			snprintf(full, sizeof(full), "%s%s%s", prefix, *prefix ? " " : "",
				cmds[i]->name);
			if (strlen(full) > width)
				width = strlen(full);
		}
	}
	for (i = 0; cmds[i]; i++) {
		if (cmds[i]->subcommands) {
			for (j = 0; cmds[i]->subcommands[j]; j++) {
				snprintf(full, sizeof(full), "%s%s%s %s", prefix,
					*prefix ? " " : "", cmds[i]->name,
					cmds[i]->subcommands[j]->name);
				fprintf(f, "  %-*s  %s\n", (int)width, full,
					cmds[i]->subcommands[j]->summary);
			}
		} else {
			snprintf(full, sizeof(full), "%s%s%s", prefix, *prefix ? " " : "",
				cmds[i]->name);
			fprintf(f, "  %-*s  %s\n", (int)width, full, cmds[i]->summary);
		}
	}
}

void cli_help(FILE *f, const cli_command *cmd, const char *full)
{
	size_t width;

	cli_usage_line(f, cmd, full);
	if (!cmd) {
		fputs("\nKeep the social-media records of a public body: ingest exports,\n"
			"browse what was captured, verify the store.\n\ncommands:\n", f);
		print_command_list(f, cli_commands, "");
		print_options(f, "global options", cli_global_options,
			options_width(cli_global_options, 0));
		fputs("\nSee 'somarkiv help COMMAND' for the options of a command.\n", f);
		return;
	}
	fprintf(f, "\n%s\n", cmd->summary);
	if (cmd->subcommands) {
		fputs("\ncommands:\n", f);
		print_command_list(f, cmd->subcommands, "");
	}
	width = options_width(cli_global_options, options_width(cmd->options, 0));
	print_options(f, "options", cmd->options, width);
	print_options(f, "global options", cli_global_options, width);
}

/*
 * "somarkiv: NAME: message" on stderr, the message on one line and escaped:
 * messages quote names from sources and the command line.
 */
static void say(const cli_ctx *ctx, const char *fmt, va_list ap)
{
	som_buf msg = SOM_BUF_INIT;

	fprintf(stderr, "somarkiv: %s: ", ctx->name);
	if (som_buf_vprintf(&msg, fmt, ap) == 0)
		cli_print_line(stderr, msg.ptr, "");
	else
		fputs("out of memory\n", stderr);
	som_buf_dispose(&msg);
}

int cli_usage_error(const cli_ctx *ctx, const cli_command *cmd,
	const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(ctx, fmt, ap);
	va_end(ap);
	cli_usage_line(stderr, cmd, ctx->name);
	return CLI_EXIT_USAGE;
}

void cli_say_error(const cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(ctx, fmt, ap);
	va_end(ap);
}

int cli_exit_code(int error)
{
	switch (error) {
	case 0:
		return CLI_EXIT_OK;
	case SOM_ELOCKED:
	case SOM_EENV:
	case SOM_ESCHEMA:
		return CLI_EXIT_ENV;
	default:
		return CLI_EXIT_RUNTIME;
	}
}

int cli_fail(const cli_ctx *ctx, int error)
{
	const char *msg = som_error_last();

	if (!msg || !*msg)
		msg = "unknown error";
	cli_say_error(ctx, "%s", msg);
	return cli_exit_code(error);
}

static double monotonic(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, const cli_ctx *ctx, const char *label)
{
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->on = !ctx->quiet && isatty(STDERR_FILENO);
	p->start = monotonic();
}

void cli_progress_show(cli_progress *p, int64_t done, int64_t total)
{
	double t;

	if (!p->on)
		return;
	t = monotonic() - p->start;
	if (!p->counting) {
		p->counting = 1;
		p->t0 = t;
		p->d0 = done;
	}
	if (p->shown && t - p->last < 0.2 && done != total)
		return;
	p->last = t;
	p->shown = 1;
	fprintf(stderr, "\r\033[K%s: %" PRId64, p->label, done);
	if (total > 0)
		fprintf(stderr, " of %" PRId64, total);
	fprintf(stderr, " %s", p->unit ? p->unit : "items");
	if (t - p->t0 > 0.5 && done > p->d0) {
		double rate = (double)(done - p->d0) / (t - p->t0);
		fprintf(stderr, " (%.0f %s/s", rate, p->unit ? p->unit : "items");
		if (total > done)
			fprintf(stderr, ", %.0f s left", (double)(total - done) / rate);
		fputc(')', stderr);
	}
	fflush(stderr);
}

void cli_progress_clear(cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

void cli_say_notes(const cli_ctx *ctx, const som_store *store)
{
	const char *p = store ? som_store_notes(store) : NULL;
	size_t n;

	while (p && *p) {
		n = strcspn(p, "\n");
		cli_say_error(ctx, "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

int cli_open_store(som_store **out, const cli_ctx *ctx, int mode)
{
	som_buf dir = SOM_BUF_INIT;
	int error;

	if (ctx->store_dir) {
		error = som_store_open(out, ctx->store_dir, mode, ctx->actor);
	} else {
		error = som_store_default_dir(&dir);
		if (!error)
			error = som_store_open(out, dir.ptr, mode, ctx->actor);
	}
	if (!error)
		cli_say_notes(ctx, *out);
	som_buf_dispose(&dir);
	return error;
}

int cli_parse_int(int64_t *out, const char *s)
{
	char *end = NULL;
	long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int cli_account_id(int64_t *out, const cli_ctx *ctx, som_store *store,
	const char *ref)
{
	som_account *account = NULL;
	int error = som_account_lookup(&account, store, ref);

	if (error)
		return cli_fail(ctx, error);
	*out = account->id;
	som_account_free(account);
	return 0;
}

/* Is the byte a UTF-8 continuation byte? */
#define IS_CONT(c) (((unsigned char)(c) & 0xC0) == 0x80)

size_t cli_width(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		if (!IS_CONT(*s))
			n++;
	return n;
}

/*
 * Length of the unsafe sequence at `s`: C0 controls and DEL (1 byte), C1
 * controls U+0080..U+009F (2 bytes, which terminals may obey), else 0.
 */
static size_t control_at(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	if (c < 0x20 || c == 0x7f)
		return 1;
	if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F)
		return 2;
	return 0;
}

int cli_excerpt(som_buf *out, const char *text, size_t max)
{
	const char *p, *end, *cut = NULL;
	size_t cps = 0, n;
	int error = 0;

	if (!text)
		text = "";
	while (*text == '\n' || *text == '\r' || *text == ' ' || *text == '\t')
		text++;
	end = strchr(text, '\n');
	if (!end)
		end = text + strlen(text);
	while (end > text && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* Where the text must be cut, if it is longer than `max` code points. */
	for (p = text; p < end; p++) {
		if (IS_CONT(*p))
			continue;
		if (cps == (max > 0 ? max - 1 : 0) && !cut)
			cut = p;
		cps++;
	}
	if (cps <= max)
		cut = NULL;
	else
		end = cut;
	for (p = text; p < end && !error; p += n) {
		n = control_at(p);
		if (n) {
			error = som_buf_putc(out, ' ');
			continue;
		}
		n = 1;
		error = som_buf_putc(out, *p);
	}
	if (!error && cut)
		error = som_buf_puts(out, "\xe2\x80\xa6");
	if (!error && !out->ptr)
		error = som_buf_puts(out, "");
	return error;
}

void cli_print_text(FILE *f, const char *text, const char *indent)
{
	const char *p;
	size_t n, ctl;
	int at_line_start = 1;

	if (!text)
		return;
	for (p = text; *p; p += n) {
		n = 1;
		if (at_line_start) {
			/* No indent on an empty line: no trailing blanks. */
			if (*p != '\n' && !(*p == '\r' && p[1] == '\n'))
				fputs(indent, f);
			at_line_start = 0;
		}
		if (*p == '\n') {
			fputc('\n', f);
			at_line_start = 1;
		} else if (*p == '\t') {
			fputc('\t', f);
		} else if (*p == '\r') {
			/* Windows line ends: the '\n' that follows ends the line. */
		} else if ((ctl = control_at(p)) != 0) {
			fputc(' ', f);
			n = ctl;
		} else {
			fputc(*p, f);
		}
	}
	if (!at_line_start)
		fputc('\n', f);
}

void cli_print_line(FILE *f, const char *text, const char *indent)
{
	som_buf b = SOM_BUF_INIT;

	if (som_buf_put_display(&b, text) == 0 && b.ptr) {
		fputs(indent, f);
		fputs(b.ptr, f);
	}
	fputc('\n', f);
	som_buf_dispose(&b);
}

void cli_field(FILE *f, int width, const char *label, const char *fmt, ...)
{
	som_buf value = SOM_BUF_INIT;
	va_list ap;
	int n;

	n = fprintf(f, "%s:", label);
	for (; n < width; n++)
		fputc(' ', f);
	fputc(' ', f);
	va_start(ap, fmt);
	n = som_buf_vprintf(&value, fmt, ap);
	va_end(ap);
	cli_print_line(f, n == 0 ? value.ptr : "?", "");
	som_buf_dispose(&value);
}

void cli_table_init(cli_table *t, size_t n_cols, const char *const *headers,
	const char *align)
{
	memset(t, 0, sizeof(*t));
	t->n_cols = n_cols;
	t->headers = headers;
	t->align = align;
}

/* A cell's text, escaped as som_buf_put_display() does; NULL as "-". */
static char *cell_dup(const char *s)
{
	som_buf b = SOM_BUF_INIT;
	int error = som_buf_put_display(&b, s ? s : "-");

	if (!error && !b.ptr)
		error = som_buf_puts(&b, "");
	if (error) {
		som_buf_dispose(&b);
		return NULL;
	}
	return som_buf_detach(&b);
}

int cli_table_add(cli_table *t, ...)
{
	va_list ap;
	char **cells;
	size_t i, base;

	if (t->error)
		return t->error;
	if (t->n_rows == t->a_rows) {
		size_t a = t->a_rows ? t->a_rows * 2 : 16;
		cells = realloc(t->cells, a * t->n_cols * sizeof(char *));
		if (!cells)
			return t->error = SOM_ENOMEM;
		t->cells = cells;
		t->a_rows = a;
	}
	base = t->n_rows * t->n_cols;
	va_start(ap, t);
	for (i = 0; i < t->n_cols; i++) {
		t->cells[base + i] = cell_dup(va_arg(ap, const char *));
		if (!t->cells[base + i])
			t->error = SOM_ENOMEM;
	}
	va_end(ap);
	t->n_rows++;
	return t->error;
}

static void print_cell(FILE *f, const char *s, size_t width, char align,
	int last)
{
	size_t w = cli_width(s), i;

	if (align == 'r')
		for (i = w; i < width; i++)
			fputc(' ', f);
	fputs(s, f);
	if (align != 'r' && !last)
		for (i = w; i < width; i++)
			fputc(' ', f);
	fputs(last ? "\n" : "  ", f);
}

int cli_table_print(const cli_table *t, FILE *f)
{
	size_t *widths, r, c, w;

	if (t->error)
		return t->error;
	widths = calloc(t->n_cols, sizeof(size_t));
	if (!widths)
		return SOM_ENOMEM;
	for (c = 0; c < t->n_cols; c++)
		widths[c] = cli_width(t->headers[c]);
	for (r = 0; r < t->n_rows; r++) {
		for (c = 0; c < t->n_cols; c++) {
			w = cli_width(t->cells[r * t->n_cols + c]);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	for (c = 0; c < t->n_cols; c++)
		print_cell(f, t->headers[c], widths[c], t->align ? t->align[c] : 'l',
			c + 1 == t->n_cols);
	for (r = 0; r < t->n_rows; r++)
		for (c = 0; c < t->n_cols; c++)
			print_cell(f, t->cells[r * t->n_cols + c], widths[c],
				t->align ? t->align[c] : 'l', c + 1 == t->n_cols);
	free(widths);
	return 0;
}

void cli_table_dispose(cli_table *t)
{
	size_t i;

	for (i = 0; t->cells && i < t->n_rows * t->n_cols; i++)
		som_free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

void cli_put_line(const som_buf *buf)
{
	if (buf->ptr)
		fwrite(buf->ptr, 1, buf->size, stdout);
	fputc('\n', stdout);
}

int cli_csv_field(som_buf *out, const char *s, int last)
{
	return som_buf_csv_field(out, s, last);
}
