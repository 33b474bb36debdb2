/*
 * The manual page somarkiv(1), written in roff by the program itself from
 * the command and option tables that drive parsing and --help, so that the
 * page cannot drift from the program (`somarkiv help --man`; the Makefile
 * builds BUILD/somarkiv.1 this way and `make install` installs it).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

#ifndef SOM_SCHEMA_DIR_DEFAULT
#define SOM_SCHEMA_DIR_DEFAULT "/usr/local/share/somarkiv/schemas"
#endif

/* Is `c` a character of a placeholder such as DIR, YYYY-MM-DD or FILE_2? */
#define IS_PLACEHOLDER(c) (((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') || \
	(c) == '_' || (c) == '-')

/*
 * Decode the UTF-8 sequence at `s` (NUL-terminated, so a cut sequence stops
 * at the NUL) into `cp`; returns its length, or 0 when it is not UTF-8.
 */
static size_t utf8_decode(unsigned long *cp, const unsigned char *s)
{
	size_t n, i;
	unsigned long v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		v = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		v = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		v = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/* Write `text` to `f` unless `f` is NULL; returns its length either way. */
static size_t emit(FILE *f, const char *text)
{
	if (f)
		fputs(text, f);
	return strlen(text);
}

/*
 * Write `len` bytes of `s` as roff text: a backslash as \e, a hyphen as \-
 * (an option's dash, to copy and paste), a double quote as \(dq, a leading
 * dot or apostrophe (a control line otherwise) after \&, every other
 * character outside ASCII as \[uXXXX] (whatever the formatter's input
 * encoding), control characters as spaces. Returns the bytes written
 * (only counted when `f` is NULL).
 */
static size_t put_n(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	unsigned long cp;
	size_t n, out = 0;
	char esc[16];

	if (p < end && (*p == '.' || *p == '\''))
		out += emit(f, "\\&");
	for (; p < end; p += n) {
		n = 1;
		if (*p == '\\')
			out += emit(f, "\\e");
		else if (*p == '-')
			out += emit(f, "\\-");
		else if (*p == '"')
			out += emit(f, "\\(dq");
		else if (*p < 0x20 || *p == 0x7F)
			out += emit(f, " ");
		else if (*p < 0x80) {
			esc[0] = (char)*p;
			esc[1] = '\0';
			out += emit(f, esc);
		} else if ((n = utf8_decode(&cp, p)) != 0 && n <= (size_t)(end - p)) {
			snprintf(esc, sizeof(esc), "\\[u%04lX]", cp);
			out += emit(f, esc);
		} else {
			n = 1;
			out += emit(f, "?");
		}
	}
	return out;
}

static void put(FILE *f, const char *s)
{
	if (s)
		put_n(f, s, strlen(s));
}

/* Does the word of `len` bytes at `s` end a sentence (roff widens the space after it)? */
static int ends_sentence(const char *s, size_t len)
{
	while (len > 0 && strchr(")]\"'", s[len - 1]))
		len--;
	return len > 0 && strchr(".?!", s[len - 1]) != NULL;
}

/*
 * Write `s` as put() does, as lines of filled text under 80 bytes (mandoc's
 * style), never broken after the end of a sentence.
 */
static void put_text(FILE *f, const char *s)
{
	size_t col = 0, len;
	int sentence = 0;

	while (s && *s == ' ')
		s++;
	while (s && *s) {
		len = strcspn(s, " ");
		if (col > 0) {
			if (col + 1 + put_n(NULL, s, len) > 78 && !sentence) {
				fputc('\n', f);
				col = 0;
			} else {
				fputc(' ', f);
				col++;
			}
		}
		col += put_n(f, s, len);
		sentence = ends_sentence(s, len);
		s += len;
		while (*s == ' ')
			s++;
	}
	fputc('\n', f);
}

/* Write `s` with its placeholders (DIR, YYYY-MM-DD, the FILE of FILE.tar) in italics. */
static void put_usage(FILE *f, const char *s)
{
	size_t i = 0, start;

	while (s && s[i]) {
		start = i;
		if (s[i] >= 'A' && s[i] <= 'Z') {
			while (s[i] && IS_PLACEHOLDER(s[i]))
				i++;
			fputs("\\fI", f);
			put_n(f, s + start, i - start);
			fputs("\\fR", f);
		} else {
			while (s[i] && !(s[i] >= 'A' && s[i] <= 'Z'))
				i++;
			put_n(f, s + start, i - start);
		}
	}
}

/*
 * An option with its value: in both forms, "-o, --out DIR" (`both`), else
 * in its shortest; never broken before the value.
 */
static void put_option(FILE *f, const cli_option *opt, int both)
{
	if (opt->short_name && both)
		fprintf(f, "\\fB\\-%c\\fR, ", opt->short_name);
	if (opt->short_name && !both) {
		fprintf(f, "\\fB\\-%c\\fR", opt->short_name);
	} else {
		fputs("\\fB\\-\\-", f);
		put(f, opt->name);
		fputs("\\fR", f);
	}
	if (opt->value_name) {
		fputs("\\ ", f);
		put_usage(f, opt->value_name);
	}
}

/* The options of a table as a list of tagged paragraphs. */
static void put_options(FILE *f, const cli_option *opts)
{
	size_t i;

	for (i = 0; opts && opts[i].name; i++) {
		fputs(".TP\n", f);
		put_option(f, &opts[i], 1);
		fputc('\n', f);
		put_text(f, opts[i].help);
		if (opts[i].required)
			fputs("(required)\n", f);
	}
}

/*
 * A command that runs: its synopsis in full, then its summary and options
 * indented. `para`: begin a paragraph (not right after a heading).
 */
static void put_runnable(FILE *f, const cli_command *cmd, const char *full,
	int para)
{
	size_t i;

	if (para)
		fputs(".PP\n", f);
	fputs("\\fBsomarkiv ", f);
	put(f, full);
	fputs("\\fR", f);
	for (i = 0; cmd->options && cmd->options[i].name; i++) {
		fputs(cmd->options[i].required ? "\n" : "\n[", f);
		put_option(f, &cmd->options[i], 0);
		if (!cmd->options[i].required)
			fputc(']', f);
	}
	if (cmd->args_usage) {
		fputc('\n', f);
		put_usage(f, cmd->args_usage);
	}
	fputs("\n.RS\n", f);
	put_text(f, cmd->summary);
	put_options(f, cmd->options);
	fputs(".RE\n", f);
}

/*
 * The commands under `cmd` (full name `full`): those that run, each with its
 * synopsis, then the groups of the deeper levels.
 */
static void put_commands(FILE *f, const cli_command *cmd, const char *full)
{
	char sub[96];
	size_t i;

	if (cmd->run)
		put_runnable(f, cmd, full, strchr(full, ' ') != NULL);
	for (i = 0; cmd->subcommands && cmd->subcommands[i]; i++) {
		snprintf(sub, sizeof(sub), "%s %s", full, cmd->subcommands[i]->name);
		put_commands(f, cmd->subcommands[i], sub);
	}
}

/* A top-level command as a subsection: a group's summary first, then its commands. */
static void put_command(FILE *f, const cli_command *cmd)
{
	fputs(".SS ", f);
	put(f, cmd->name);
	fputc('\n', f);
	if (!cmd->run)
		put_text(f, cmd->summary);
	put_commands(f, cmd, cmd->name);
}

/* The page's date: $SOURCE_DATE_EPOCH (reproducible builds), else today, in UTC. */
static void put_date(FILE *f)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char day[16] = "";
	int64_t secs;
	time_t t;
	struct tm tm;

	t = time(NULL);
	if (epoch && cli_parse_int(&secs, epoch) == 0)
		t = (time_t)secs;
	if (gmtime_r(&t, &tm))
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	fputs(day, f);    /* a date's hyphens are hyphens */
}

/* The exit codes (cli.h; STYLE.md, "The command line"). */
static const struct {
	int code;
	const char *meaning;
} exit_codes[] = {
	{ CLI_EXIT_OK, "success" },
	{ CLI_EXIT_NO, "a negative answer: verify found a fault, a snapshot's dry run "
	  "found something unsettled" },
	{ CLI_EXIT_USAGE, "a usage error: an unknown command or option, a missing "
	  "argument (the usage line goes to standard error)" },
	{ CLI_EXIT_RUNTIME, "a runtime error: an unreadable or damaged source, a bad "
	  "plan, a failed write, a scheduled job that failed (run-due)" },
	{ CLI_EXIT_ENV, "the environment: no store there, the store locked by another "
	  "writer, a store of a newer schema, permission denied" },
};

/* What the program and the library read from the environment. */
static const struct {
	const char *name;
	const char *meaning;
} environment[] = {
	{ "SOMARKIV_HOME", "the store directory when --store is not given; "
	  "without either, ./somarkiv-data" },
	{ "SOMARKIV_NOW", "fixes the clock at an ISO 8601 time such as "
	  "2026-05-04T10:00:00Z: the times the store records and the date every command "
	  "takes as today; for tests and reproducible runs (a value that is not a time "
	  "is ignored). Disposal never goes ahead of the real clock: retention run "
	  "(without --dry-run) and retention execute take the earlier of this time and "
	  "the real one, so nothing is destroyed before its real due date" },
	{ "SOMARKIV_SCHEMA_DIR", "the directory of the shipped schemas, which export, "
	  "snapshot and verify use; without it, share/somarkiv/schemas beside the "
	  "program's directory, else the schemas of a build tree, else " SOM_SCHEMA_DIR_DEFAULT },
	{ "TZ", "the time zone in which the cron lines of the plan's schedule are read "
	  "(run-due, jobs), as cron(8) reads them: set TZ=Europe/Stockholm when the machine "
	  "runs in UTC. Durations (every=\"PT1H\") and every time the store records are UTC" },
	{ "USER", "the actor's name when the password database does not know the user "
	  "(the actor is the login name unless --actor says otherwise)" },
};

int cli_man(FILE *f)
{
	const char *datadir = SOM_SCHEMA_DIR_DEFAULT;
	size_t i, datadir_len = strlen(datadir);

	fputs(".\\\" Generated by `somarkiv help --man` from the program's command and\n"
	      ".\\\" option tables (src/cli/man.c); edit those, not this page.\n", f);
	fputs(".TH SOMARKIV 1 \"", f);
	put_date(f);
	fputs("\" \"somarkiv ", f);
	put(f, SOM_VERSION);
	fputs("\" \"User Commands\"\n", f);
	/* A reference of option names: flush left, no word hyphenated. */
	fputs(".ad l\n.nh\n", f);

	fputs(".SH NAME\n"
	      "somarkiv \\- keep the records of a public body's social\\-media accounts\n", f);

	fputs(".SH SYNOPSIS\n\\fBsomarkiv\\fR", f);
	for (i = 0; cli_global_options[i].name; i++) {
		fputs("\n[", f);
		put_option(f, &cli_global_options[i], 0);
		fputc(']', f);
	}
	fputc('\n', f);
	put_usage(f, "COMMAND [ARGS]");
	fputs("\n.br\n\\fBsomarkiv help\\fR ", f);
	put_usage(f, "[COMMAND [SUBCOMMAND]]");
	fputc('\n', f);

	/* After the README's opening. */
	fputs(".SH DESCRIPTION\n"
	      "\\fBsomarkiv\\fR keeps the records of a Swedish public body's official\n"
	      "social\\-media accounts.\n"
	      "Everything posted on, or sent to, such an account is a public record\n"
	      "(allm\\[u00E4]n handling, TF 2:1), and the body must either register it\n"
	      "(diarief\\[u00F6]ring) or dispose of it when it is no longer needed\n"
	      "(gallring), and deliver what it keeps to its e\\-archive.\n"
	      ".PP\n"
	      "\\fBsomarkiv\\fR reads the exports the platforms deliver into a local store,\n"
	      "keeps every item with its versions, its raw source and its media, records\n"
	      "every change in a hash\\-chained audit log, classifies each item by the\n"
	      "body's retention plan, keeps the registry (cases and registrations) with a\n"
	      "registrar's search, and delivers to the e\\-archive as signed FGS / E\\-ARK\n"
	      "packages.\n"
	      ".PP\n"
	      "Data goes to standard output, diagnostics to standard error as\n"
	      "\\(lqsomarkiv: \\fICOMMAND\\fR: \\fImessage\\fR\\(rq.\n"
	      "The commands that list things print aligned tables, or JSON with\n"
	      "\\fB\\-\\-json\\fR.\n"
	      "Every command has \\fB\\-\\-help\\fR.\n", f);

	fputs(".SH COMMANDS\n.SS help\n\\fBsomarkiv help\\fR ", f);
	put_usage(f, "[COMMAND [SUBCOMMAND]]");
	fputs("\n.RS\n"
	      "show the help of the program or of a command, as \\fB\\-\\-help\\fR does;\n"
	      "\\fBsomarkiv help \\-\\-man\\fR prints this page in roff\n"
	      ".RE\n", f);
	for (i = 0; cli_commands[i]; i++)
		put_command(f, cli_commands[i]);

	fputs(".SH \"GLOBAL OPTIONS\"\n"
	      "Accepted before the command and among the options of every command.\n", f);
	put_options(f, cli_global_options);

	fputs(".SH ENVIRONMENT\n", f);
	for (i = 0; i < sizeof(environment) / sizeof(environment[0]); i++) {
		fputs(".TP\n.B ", f);
		put(f, environment[i].name);
		fputc('\n', f);
		put_text(f, environment[i].meaning);
	}

	fputs(".SH \"EXIT STATUS\"\n", f);
	for (i = 0; i < sizeof(exit_codes) / sizeof(exit_codes[0]); i++) {
		fprintf(f, ".TP\n.B %d\n", exit_codes[i].code);
		put_text(f, exit_codes[i].meaning);
	}

	fputs(".SH FILES\n"
	      "A store is a directory (\\fB\\-\\-store\\fR, \\fB$SOMARKIV_HOME\\fR or\n"
	      "\\fI./somarkiv\\-data\\fR):\n"
	      ".TP\n.I store.db\n"
	      "SQLite in WAL mode: accounts, captures, items and their versions, the\n"
	      "registry, plans, holds, disposals, the audit log, and a blob table of the\n", f);
	fprintf(f, "objects smaller than %d KiB (an item's raw JSON, small images)\n",
		(int)(SOM_OBJECT_INLINE_MAX / 1024));
	fputs(".TP\n.I objects/\n"
	      "the larger objects (media) as files named by their SHA\\-256, in\n"
	      "subdirectories named by its first two hex digits; \\fIobjects/tmp/\\fR\n"
	      "holds writes in progress, which \\fBsomarkiv gc\\fR removes when interrupted\n"
	      ".TP\n.I store.lock\n"
	      "held by the one writer; a second writer fails at once (exit status 4);\n"
	      "readers never wait\n", f);
	fputs(".TP\n.I ", f);
	put(f, datadir);
	fputs("\nthe shipped JSON and XML schemas of what \\fBsomarkiv\\fR reads and writes\n", f);
	if (datadir_len > 8 && strcmp(datadir + datadir_len - 8, "/schemas") == 0) {
		fputs(".TP\n.I ", f);
		put_n(f, datadir, datadir_len - 8);
		fputs("/retention\n"
		      "the shipped retention plans and a template, for\n"
		      "\\fBsomarkiv plan check\\fR and \\fBsomarkiv plan use\\fR\n", f);
	}

	fputs(".SH \"SEE ALSO\"\n"
	      ".BR sqlite3 (1),\n.BR bsdtar (1),\n.BR xmllint (1),\n"
	      ".BR crontab (5),\n.BR systemd.timer (5),\n.BR cron (8)\n"
	      ".PP\n"
	      "The README of the source, for the whole workflow: accounts, ingest,\n"
	      "plans, classification, the registry, export, disposal and holds, the\n"
	      "schedule, closing an account.\n", f);

	if (fflush(f) != 0 || ferror(f)) {
		fputs("somarkiv: help: cannot write the manual page\n", stderr);
		return CLI_EXIT_RUNTIME;
	}
	return CLI_EXIT_OK;
}
