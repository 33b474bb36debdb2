/*
 * bench-baseline: the raw SQLite speed that ingest is measured against. Loads
 * an NDJSON file into a fresh database of one table (the raw line) and one
 * FTS5 index (its "text"), in one transaction, and prints the rate.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=NORMAL;"
	"CREATE TABLE item(id INTEGER PRIMARY KEY, platform_id TEXT, raw BLOB);"
	"CREATE VIRTUAL TABLE item_fts USING fts5(text,"
	" tokenize=\"unicode61 remove_diacritics 0\");";

/* A growable byte buffer for one decoded string. */
typedef struct str {
	char *data;
	size_t len, cap;
} str;

static int str_put(str *s, const char *p, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		char *data;

		while (s->len + n + 1 > cap)
			cap *= 2;
		data = realloc(s->data, cap);
		if (!data)
			return -1;
		s->data = data;
		s->cap = cap;
	}
	memcpy(s->data + s->len, p, n);
	s->len += n;
	s->data[s->len] = '\0';
	return 0;
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

static int hex4(const char *p, const char *end, unsigned *out)
{
	unsigned v = 0;
	int i;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int put_utf8(str *s, unsigned cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return str_put(s, b, n);
}

/*
 * Read the JSON string at *pp (just past its opening quote), decoding it into
 * `out` when not NULL; leaves *pp past the closing quote.
 */
static int scan_string(const char **pp, const char *end, str *out)
{
	const char *p = *pp, *run = p;

	for (;;) {
		if (p >= end)
			return -1;
		if (*p == '"')
			break;
		if (*p != '\\') {
			p++;
			continue;
		}
		if (out && str_put(out, run, (size_t)(p - run)))
			return -1;
		if (++p >= end)
			return -1;
		if (*p == 'u') {
			unsigned cp, lo;

			if (hex4(p + 1, end, &cp))
				return -1;
			p += 5;
			if (cp >= 0xD800 && cp < 0xDC00) {
				if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
				    hex4(p + 2, end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
					return -1;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			}
			if (out && put_utf8(out, cp))
				return -1;
		} else {
			const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
			const char *hit = strchr(from, *p);

			if (!*p || !hit)
				return -1;
			if (out && str_put(out, to + (hit - from), 1))
				return -1;
			p++;
		}
		run = p;
	}
	if (out && str_put(out, run, (size_t)(p - run)))
		return -1;
	*pp = p + 1;
	return 0;
}

/* Skip one JSON value (not checking literals and numbers closely). */
static int skip_value(const char **pp, const char *end)
{
	const char *p = *pp;
	int depth = 0;

	do {
		p = skip_ws(p, end);
		if (p >= end)
			return -1;
		if (*p == '"') {
			p++;
			if (scan_string(&p, end, NULL))
				return -1;
		} else if (*p == '{' || *p == '[') {
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			if (--depth < 0)
				return -1;
			p++;
		} else if (*p == ',' || *p == ':') {
			if (!depth)
				return -1;
			p++;
		} else {
			const char *from = p;

			while (p < end && *p && !strchr(",:{}[]\" \t\r\n", *p))
				p++;
			if (p == from)
				return -1;
		}
	} while (depth);
	*pp = p;
	return 0;
}

/* Find the top-level string members "id" and "text" of one JSON object. */
static int scan_item(const char *p, const char *end, str *id, str *text)
{
	id->len = text->len = 0;
	p = skip_ws(p, end);
	if (p >= end || *p++ != '{')
		return -1;
	p = skip_ws(p, end);
	if (p < end && *p == '}')
		return 0;
	for (;;) {
		const char *key;
		size_t key_len;
		str *want = NULL;

		if (p >= end || *p++ != '"')
			return -1;
		key = p;
		if (scan_string(&p, end, NULL))
			return -1;
		key_len = (size_t)(p - 1 - key);
		p = skip_ws(p, end);
		if (p >= end || *p++ != ':')
			return -1;
		p = skip_ws(p, end);
		if (key_len == 2 && !memcmp(key, "id", 2))
			want = id;
		else if (key_len == 4 && !memcmp(key, "text", 4))
			want = text;
		if (want && p < end && *p == '"') {
			p++;
			if (scan_string(&p, end, want))
				return -1;
		} else if (skip_value(&p, end)) {
			return -1;
		}
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		return p < end && *p == '}' ? 0 : -1;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int db_fail(sqlite3 *db, const char *path, const char *what)
{
	fprintf(stderr, "bench-baseline: '%s': %s: %s\n", path, what, sqlite3_errmsg(db));
	return 1;
}

int main(int argc, char **argv)
{
	const char *in_path, *db_path;
	FILE *in = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *ins_item = NULL, *ins_fts = NULL;
	str id = { NULL, 0, 0 }, text = { NULL, 0, 0 };
	char *line = NULL;
	size_t line_cap = 0;
	ssize_t n;
	long long rows = 0, line_no = 0;
	double start, secs;
	struct stat st;
	int error = 1;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: bench-baseline FILE.ndjson DBPATH\n"
		       "Load each line and its \"text\" into a new SQLite database with FTS5; print the rate.\n");
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: bench-baseline FILE.ndjson DBPATH\n");
		return 2;
	}
	in_path = argv[1];
	db_path = argv[2];
	if (stat(db_path, &st) == 0) {
		fprintf(stderr, "bench-baseline: '%s' exists; give the path of a new database\n", db_path);
		return 1;
	}
	in = fopen(in_path, "rb");
	if (!in) {
		fprintf(stderr, "bench-baseline: cannot open '%s': %s\n", in_path, strerror(errno));
		return 1;
	}

	if (sqlite3_open(db_path, &db) != SQLITE_OK) {
		db_fail(db, db_path, "cannot open");
		goto done;
	}
	if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, db_path, "cannot create the schema");
		goto done;
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO item(platform_id, raw) VALUES(?, ?)",
			-1, &ins_item, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO item_fts(rowid, text) VALUES(?, ?)",
			-1, &ins_fts, NULL) != SQLITE_OK) {
		db_fail(db, db_path, "cannot prepare");
		goto done;
	}

	start = now();
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, db_path, "cannot begin");
		goto done;
	}
	while ((n = getline(&line, &line_cap, in)) > 0) {
		line_no++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		if (scan_item(line, line + n, &id, &text)) {
			fprintf(stderr, "bench-baseline: cannot read '%s': line %lld: not a JSON object\n",
				in_path, line_no);
			goto done;
		}
		sqlite3_bind_text(ins_item, 1, id.len ? id.data : "", (int)id.len, SQLITE_STATIC);
		sqlite3_bind_blob(ins_item, 2, line, (int)n, SQLITE_STATIC);
		if (sqlite3_step(ins_item) != SQLITE_DONE) {
			db_fail(db, db_path, "cannot insert");
			goto done;
		}
		sqlite3_reset(ins_item);
		sqlite3_bind_int64(ins_fts, 1, sqlite3_last_insert_rowid(db));
		sqlite3_bind_text(ins_fts, 2, text.len ? text.data : "", (int)text.len, SQLITE_STATIC);
		if (sqlite3_step(ins_fts) != SQLITE_DONE) {
			db_fail(db, db_path, "cannot index");
			goto done;
		}
		sqlite3_reset(ins_fts);
		rows++;
	}
	if (ferror(in)) {
		fprintf(stderr, "bench-baseline: cannot read '%s': %s\n", in_path, strerror(errno));
		goto done;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, db_path, "cannot commit");
		goto done;
	}
	secs = now() - start;
	printf("baseline: %lld rows in %.3f s = %.0f rows/s\n", rows, secs,
		secs > 0 ? (double)rows / secs : 0.0);
	error = 0;

done:
	sqlite3_finalize(ins_item);
	sqlite3_finalize(ins_fts);
	sqlite3_close(db);
	if (in)
		fclose(in);
	free(line);
	free(id.data);
	free(text.data);
	return error;
}
