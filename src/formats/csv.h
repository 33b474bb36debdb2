/*
 * A streaming CSV reader for the platforms' exports (LinkedIn, YouTube):
 * RFC 4180 records one at a time in bounded memory, whatever the encoding
 * the platform wrote (UTF-8 with or without a BOM, UTF-16 with a BOM),
 * with each record's exact source bytes and first line kept as evidence,
 * and the repairs LinkedIn's non-RFC files need.
 */
#ifndef SOM_SRC_CSV_H
#define SOM_SRC_CSV_H

#include <stddef.h>
#include <stdint.h>
#include "somarkiv/buf.h"
#include "formats/json_split.h"

/* A record (its source bytes, or its text as UTF-8) larger than this is refused. */
#define SOM_CSV_MAX_RECORD (16 * 1024 * 1024)

typedef struct som_csv som_csv;

/*
 * Does a line start a new record? Called with the line's first bytes as
 * UTF-8 (at least 64 of them unless the line is shorter, without its line
 * break, NUL-terminated) and the options' payload.
 */
typedef int (*som_csv_starts_fn)(const char *line, size_t len, void *payload);

typedef struct som_csv_options {
	/* ',' or '\t' (or ';'); 0: the most frequent of them in the first line */
	char separator;
	/*
	 * Inside quotes, \" is a quote and does not close the field (LinkedIn's
	 * Comments.csv escapes quotes so; "" is still a quote too).
	 */
	int backslash_quotes;
	/*
	 * NULL: a record ends at the first line break outside quotes (RFC 4180).
	 * Else a record (after the first, the header) goes on, line breaks and
	 * all, until a line for which this returns non-zero: the repair for
	 * files that leave line breaks unquoted inside fields.
	 */
	som_csv_starts_fn starts_record;
	void *payload;
	/*
	 * 0: no limit. Else a record has at most this many fields, the last
	 * taking the rest of the record, separators included.
	 */
	size_t max_fields;
} som_csv_options;

/*
 * Read CSV text through `rd` (see json_split.h); `file` names it in
 * messages (borrowed: it must outlive the reader). The encoding is found
 * from a BOM (UTF-8, UTF-16 LE or BE) or from the first bytes (UTF-16
 * without a BOM), else UTF-8. Free with som_csv__free().
 */
int som_csv__open(som_csv **out, const char *file, som_read_fn rd, void *rctx,
	const som_csv_options *opts);
void som_csv__free(som_csv *csv);

/*
 * Change the options between records, e.g. once the header says which
 * repairs the file needs. A separator of 0 keeps the one in use.
 */
void som_csv__set_options(som_csv *csv, const som_csv_options *opts);

/*
 * Read the next record: 1 when there is one, 0 at the end, or an error:
 * the reader's, or SOM_EINVALID "cannot read 'FILE': line N: field larger
 * than 16 MiB" / "...: a quoted field is not closed at the end of the
 * file". Lines holding nothing are skipped. Field text is UTF-8: CRLF
 * inside fields becomes LF, invalid bytes and NULs become U+FFFD.
 */
int som_csv__next(som_csv *csv);

/* The fields of the current record: their count, and each (NUL-terminated; "" past the end). */
size_t som_csv__count(const som_csv *csv);
const char *som_csv__field(const som_csv *csv, size_t i);
size_t som_csv__field_len(const som_csv *csv, size_t i);

/* The current record's exact source bytes (in the source's encoding, line break included). */
const char *som_csv__raw(const som_csv *csv, size_t *len);
/* The line the current record starts on (1-based, the header is line 1). */
int64_t som_csv__line(const som_csv *csv);
/* "UTF-8", "UTF-16LE" or "UTF-16BE"; and the separator in use (0 before the first record). */
const char *som_csv__encoding(const som_csv *csv);
char som_csv__separator(const som_csv *csv);

/*
 * LinkedIn writes each line of a multi-line Shares.csv field wrapped in
 * literal quotes: once the CSV quoting is undone the field reads
 * `first"\n"middle"\n"last`. When every line of `s` follows that pattern
 * (the first ends in '"', the last starts with one, the others both), the
 * wrapping quotes are dropped; else `s` is copied as it is. Appends to
 * `out`; SOM_ENOMEM only.
 */
int som_csv__unwrap_lines(som_buf *out, const char *s, size_t len);

#endif
