/*
 * What the commands of the somarkiv program share: the command and option
 * tables that drive both parsing and --help, diagnostics and exit codes,
 * aligned tables, and opening the store. Uses the public API only.
 */
#ifndef SOM_CLI_H
#define SOM_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "somarkiv.h"

/* Exit codes (STYLE.md, "The command line"). */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_NO = 1,        /* a negative answer: verify found a fault */
	CLI_EXIT_USAGE = 2,
	CLI_EXIT_RUNTIME = 3,
	CLI_EXIT_ENV = 4        /* store missing, locked, newer schema, permissions */
};

/* One option of a command; tables end with an entry whose name is NULL. */
typedef struct cli_option {
	const char *name;        /* long name without "--" */
	char short_name;         /* 0 for none */
	const char *value_name;  /* NULL for a flag, else e.g. "DIR" */
	int required;
	const char *help;
} cli_option;

typedef struct cli_ctx cli_ctx;
typedef struct cli_args cli_args;
typedef struct cli_command cli_command;

/* Run a parsed command; returns the exit code. */
typedef int (*cli_run_fn)(cli_ctx *ctx, const cli_args *args);

struct cli_command {
	const char *name;
	const char *summary;          /* one lower-case line for lists and --help */
	const char *args_usage;       /* the positional part of the usage line */
	const cli_option *options;    /* may be NULL */
	int min_args;
	int max_args;                 /* -1: any number */
	cli_run_fn run;               /* NULL when the command has subcommands */
	const cli_command *const *subcommands;  /* NULL-terminated, or NULL */
};

/* The global state of one run: global options and the command's name. */
struct cli_ctx {
	const char *store_dir;   /* --store, NULL: som_store_default_dir() */
	const char *actor;       /* --actor, NULL: the login name */
	int quiet;
	char name[64];           /* "account add", for diagnostics */
};

#define CLI_MAX_OPTIONS 24

/* A parsed command line of one command. */
struct cli_args {
	const cli_command *cmd;
	const char *values[CLI_MAX_OPTIONS];  /* by option index; "" for a set flag */
	char **pos;
	int n_pos;
};

/* The top-level commands (main.c), NULL-terminated. */
extern const cli_command *const cli_commands[];

/* The global options (cli.c), accepted before the command and among the options of every command. */
extern const cli_option cli_global_options[];

/* The commands, one file each. */
extern const cli_command cmd_init;
extern const cli_command cmd_account;
extern const cli_command cmd_ingest;
extern const cli_command cmd_fetch;
extern const cli_command cmd_capture;
extern const cli_command cmd_items;
extern const cli_command cmd_show;
extern const cli_command cmd_log;
extern const cli_command cmd_verify;
extern const cli_command cmd_gc;
extern const cli_command cmd_plan;
extern const cli_command cmd_classify;
extern const cli_command cmd_explain;
extern const cli_command cmd_review;
extern const cli_command cmd_set_class;
extern const cli_command cmd_series;
extern const cli_command cmd_case;
extern const cli_command cmd_register;
extern const cli_command cmd_registry;
extern const cli_command cmd_search;
extern const cli_command cmd_export;
extern const cli_command cmd_snapshot;
extern const cli_command cmd_retention;
extern const cli_command cmd_hold;
extern const cli_command cmd_run_due;
extern const cli_command cmd_jobs;
extern const cli_command cmd_user;
extern const cli_command cmd_serve;

/*
 * Parse argv (the words after the command's name) for `cmd`, global
 * options included. Returns -1 when the command should run, otherwise the
 * exit code to leave with (0 after --help or --version, 2 after a usage
 * error, already reported). Free `out` with cli_args_dispose().
 */
int cli_parse(cli_args *out, cli_ctx *ctx, const cli_command *cmd,
	int argc, char **argv);
void cli_args_dispose(cli_args *args);

/*
 * Consume the global options at the front of argv; returns the number of
 * words consumed, or -1 - code when the program should exit with `code`
 * (--help, --version, a usage error). `help_cmd` is the command whose help
 * --help shows (NULL: the program's).
 */
int cli_parse_globals(cli_ctx *ctx, const cli_command *help_cmd,
	const char *prefix, int argc, char **argv);

/* The value of option `name` (NULL when not given); a set flag reads "". */
const char *cli_value(const cli_args *args, const char *name);
int cli_flag(const cli_args *args, const char *name);

/* Help for a command (its full name in `full`) or for the program, to `f`. */
void cli_help(FILE *f, const cli_command *cmd, const char *full);
void cli_usage_line(FILE *f, const cli_command *cmd, const char *full);

/*
 * Write the manual page somarkiv(1) in roff to `f`, from the same command
 * and option tables as parsing and --help (man.c; `somarkiv help --man`).
 * Returns the exit code: CLI_EXIT_RUNTIME when it cannot be written.
 */
int cli_man(FILE *f);

/*
 * Report a usage error: "somarkiv: NAME: message" and the usage line, both
 * to stderr. Returns CLI_EXIT_USAGE.
 */
int cli_usage_error(const cli_ctx *ctx, const cli_command *cmd,
	const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Report the library's last error as "somarkiv: NAME: message"; returns the exit code of `error`. */
int cli_fail(const cli_ctx *ctx, int error);

/* Print "somarkiv: NAME: message" to stderr. */
void cli_say_error(const cli_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The exit code for a library error code. */
int cli_exit_code(int error);

/*
 * Open the store of --store / $SOMARKIV_HOME / ./somarkiv-data, and say
 * what opening it noted (cli_say_notes).
 */
int cli_open_store(som_store **out, const cli_ctx *ctx, int mode);

/* Print the store's notes (a folder open to others, a read-only store) to stderr. */
void cli_say_notes(const cli_ctx *ctx, const som_store *store);

/*
 * Progress of long work on a terminal (stderr), redrawn a few times a
 * second: "LABEL: N items (R items/s)", with "of TOTAL" and the time left
 * when the total is known. Quiet with -q or when stderr is no terminal.
 */
typedef struct cli_progress {
	const char *label;
	const char *unit;   /* what is counted, NULL: "items" (set after cli_progress_start) */
	double start, last;
	double t0;          /* when the first count came: the rate is measured from there */
	int64_t d0;
	int on, shown, counting;
} cli_progress;
void cli_progress_start(cli_progress *p, const cli_ctx *ctx, const char *label);
void cli_progress_show(cli_progress *p, int64_t done, int64_t total);
/* Erase the line before the result is printed. */
void cli_progress_clear(cli_progress *p);

/* Parse a whole non-negative decimal integer; -1 when it is not one. */
int cli_parse_int(int64_t *out, const char *s);

/* Look an account reference up and give its id; reports errors. Returns 0 or an exit code. */
int cli_account_id(int64_t *out, const cli_ctx *ctx, som_store *store,
	const char *ref);

/*
 * The account's last capture as a table shows it (cmd_fetch.c): its time,
 * "(stale)" after it when older than the plan's fetch jobs allow, "never"
 * when there is none (appended to `out`). `age` receives the figures.
 * When stale and `warn`, a warning line naming the account goes to stderr.
 */
int cli_capture_age(som_buf *out, som_capture_age *age, const cli_ctx *ctx,
	som_store *store, const som_plan *plan, const som_account *a, int64_t now, int warn);

/* A capture's counts on one line: "capture N: ... (FORMAT, 'SOURCE')" (cmd_ingest.c). */
void cli_print_capture(const som_capture *capture);

/* The capture as a JSON line (in `json`'s space) or that line (not with -q); 0 or SOM_ENOMEM. */
int cli_show_capture(const cli_ctx *ctx, const som_capture *capture, int as_json, som_buf *json);

/* Seconds as people say them: "15 min", "1 h", "7 d" (cmd_fetch.c). */
void cli_interval(char out[32], int64_t seconds);

/* Width of a UTF-8 string in code points. */
size_t cli_width(const char *s);

/*
 * Append to `out` the first line of `text`, control characters made
 * spaces, cut to `max` code points with a final "…" when longer.
 */
int cli_excerpt(som_buf *out, const char *text, size_t max);

/*
 * Print text meant for people: control characters other than newline and
 * tab are shown as spaces (no terminal escapes from captured content); each
 * line is prefixed with `indent`.
 */
void cli_print_text(FILE *f, const char *text, const char *indent);

/*
 * Print text from a source meant to stay on one line (a name, a path, a
 * report line, a message) after `indent`, escaped as som_buf_put_display()
 * does, then a newline: no control character, broken byte or bidirectional
 * override reaches the terminal, and no newline forges a line.
 */
void cli_print_line(FILE *f, const char *text, const char *indent);

/* Print "label:" padded to `width` columns, then the value on one line (escaped), then a newline. */
void cli_field(FILE *f, int width, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A table printed with aligned columns. */
typedef struct cli_table {
	size_t n_cols;
	const char *const *headers;
	const char *align;   /* 'l' or 'r' per column; NULL: all left */
	char **cells;
	size_t n_rows;
	size_t a_rows;
	int error;
} cli_table;

void cli_table_init(cli_table *t, size_t n_cols, const char *const *headers,
	const char *align);
/* Add a row of n_cols strings (NULL shows as "-"); copied, escaped as som_buf_put_display() does. */
int cli_table_add(cli_table *t, ...);
/* Print the header and rows; nothing but the header when empty. */
int cli_table_print(const cli_table *t, FILE *f);
void cli_table_dispose(cli_table *t);

/* Print a buffer followed by a newline to stdout. */
void cli_put_line(const som_buf *buf);

/*
 * Append one CSV field and its separator (",", or CRLF after the `last`):
 * quoted when it holds a comma, quote or line break (RFC 4180), and a
 * leading apostrophe when a spreadsheet would read it as a formula (it
 * starts with =, +, -, @, tab or carriage return: OWASP, CSV injection).
 * Every CSV the program writes goes through it. NULL is an empty field.
 */
int cli_csv_field(som_buf *out, const char *s, int last);

#endif
