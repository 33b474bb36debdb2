/*
 * The canonical format: NDJSON, one item a line, as documented in the
 * README and described by schemas/canonical-item.schema.json. Our own
 * export for other tools, and the way in for anything we have no importer
 * for. Read as a stream, one line at a time.
 */
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "formats/json.h"
#include "formats/json_scan.h"
#include "ingest/importer.h"

#define MAX_ATTACHMENTS 256

static int is_ndjson_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 7 && !strcmp(name + n - 7, ".ndjson")) ||
		(n > 6 && !strcmp(name + n - 6, ".jsonl"));
}

struct first_line {
	som_buf buf;
};

static int first_line_cb(const char *name, int64_t size, som_source_reader *r, void *payload)
{
	struct first_line *fl = payload;
	char chunk[4096];
	ssize_t n;

	(void)name;
	(void)size;
	while (fl->buf.size < 65536 && (n = som_source__read(r, chunk, sizeof(chunk))) > 0) {
		char *nl = memchr(chunk, '\n', (size_t)n);
		if (som_buf_put(&fl->buf, chunk, nl ? (size_t)(nl - chunk) : (size_t)n))
			return SOM_ENOMEM;
		if (nl)
			break;
	}
	return 0;
}

static int probe(som_source *src)
{
	struct first_line fl = { SOM_BUF_INIT };
	som_json *v = NULL;
	int score = 0;
	size_t n = som_source__count(src);

	for (size_t i = 0; i < n; i++) {
		const char *name = som_source__entry(src, i);
		if (n > 1 && !is_ndjson_name(name))
			continue;
		som_buf_clear(&fl.buf);
		if (som_source__with_entry(src, name, first_line_cb, &fl) != 0) {
			if (som_error_code() == SOM_ENOMEM)
				score = SOM_ENOMEM;
			break;
		}
		if (fl.buf.ptr && som_json__parse(&v, fl.buf.ptr, fl.buf.size, name, 0) == 0 &&
		    som_json__get(v, "id") && som_json__get(v, "kind") && som_json__get(v, "created"))
			score = 80;
		else if (is_ndjson_name(name))
			score = 60; /* ours by name: its errors are worth reporting as ours */
		som_json__free(v);
		v = NULL;
		break;
	}
	som_buf_dispose(&fl.buf);
	if (score != SOM_ENOMEM)
		som_error_clear();
	return score;
}

static char *id_string(som_json *v, som_buf *tmp)
{
	if (som_json__is_string(v))
		return (char *)som_json__string(v);
	if (som_json__is_number(v)) {
		som_buf_clear(tmp);
		if (som_buf_printf(tmp, "%lld", (long long)som_json__integer(v)))
			return NULL;
		return tmp->ptr;
	}
	return NULL;
}

/*
 * The common line through the fast reader (no tree); *read_out is 0 when
 * it declines the line, for read_line's full parse to judge.
 */
static int scan_line(int *read_out, som_sink *sink, const char *file, const char *where,
	const char *line, size_t len, som_buf *arena)
{
	som_json_scan_attachment found[MAX_ATTACHMENTS];
	som_attachment_in attachments[MAX_ATTACHMENTS];
	som_json_scan_item f;
	som_item_in in;
	int rc;

	f.attachments = found;
	f.max_attachments = MAX_ATTACHMENTS;
	*read_out = 0;
	if ((rc = som_json__scan_item(&f, arena, line, len)) != 0 || !f.read)
		return rc;
	*read_out = 1;
	memset(&in, 0, sizeof(in));
	in.platform_id = f.id;
	in.kind = f.kind;
	in.parent_id = f.parent_id;
	in.author_name = f.author_name;
	in.author_id = f.author_id;
	in.by_account = f.by_account;
	in.created = f.created;
	in.edited = f.edited;
	in.text = f.text;
	in.url = f.url;
	for (size_t i = 0; i < f.n_attachments; i++) {
		attachments[i].path = found[i].path;
		attachments[i].mime = found[i].mime;
		attachments[i].description = found[i].description;
	}
	in.attachments = attachments;
	in.n_attachments = f.n_attachments;
	in.raw = line;
	in.raw_len = len;
	return som_sink__item(sink, &in, file, where);
}

static int read_line(som_sink *sink, const char *file, int64_t lineno, const char *line,
	size_t len, som_buf *arena)
{
	som_json *v = NULL, *author, *atts, *raw;
	som_attachment_in attachments[MAX_ATTACHMENTS];
	som_item_in in;
	som_buf rawbuf = SOM_BUF_INIT, idtmp = SOM_BUF_INIT;
	char where[32];
	int error, scanned;

	snprintf(where, sizeof(where), "line %lld", (long long)lineno);
	/* A UTF-8 byte order mark before the first line is the file's, not the item's. */
	if (lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		len -= 3;
	}
	if ((error = scan_line(&scanned, sink, file, where, line, len, arena)) != 0 || scanned)
		return error;
	memset(&in, 0, sizeof(in));
	if ((error = som_json__parse(&v, line, len, file, lineno - 1)) != 0)
		goto done;
	if (!som_json__is_object(v)) {
		error = som__error(SOM_EINVALID, "cannot read '%s': line %lld: not a JSON object",
			file, (long long)lineno);
		goto done;
	}
	in.platform_id = id_string(som_json__get(v, "id"), &idtmp);
	in.kind = som_json__get_string(v, "kind");
	in.parent_id = som_json__get_string(v, "parent_id");
	author = som_json__get(v, "author");
	in.author_name = som_json__get_string(author, "name");
	in.author_id = som_json__get_string(author, "id");
	in.by_account = som_json__is_true(som_json__get(v, "by_account"));
	in.created = som_json__get_string(v, "created");
	in.edited = som_json__get_string(v, "edited");
	in.text = som_json__get_string(v, "text");
	in.url = som_json__get_string(v, "url");
	if (som_json__get(v, "text") && !som_json__is_null(som_json__get(v, "text")) && !in.text) {
		error = som__error(SOM_EINVALID, "cannot read '%s': line %lld: \"text\" is not a string",
			file, (long long)lineno);
		goto done;
	}
	atts = som_json__get(v, "attachments");
	for (size_t i = 0; i < som_json__array_size(atts) && in.n_attachments < MAX_ATTACHMENTS; i++) {
		som_json *a = som_json__array_get(atts, i);
		som_attachment_in *o = &attachments[in.n_attachments];
		if (!som_json__get_string(a, "path"))
			continue;
		o->path = som_json__get_string(a, "path");
		o->mime = som_json__get_string(a, "mime");
		o->description = som_json__get_string(a, "description");
		in.n_attachments++;
	}
	in.attachments = attachments;
	raw = som_json__get(v, "raw");
	if (raw && !som_json__is_null(raw)) {
		if ((error = som_json__dump(&rawbuf, raw)) != 0)
			goto done;
		in.raw = rawbuf.ptr;
		in.raw_len = rawbuf.size;
	} else {
		in.raw = line;
		in.raw_len = len;
	}
	error = som_sink__item(sink, &in, file, where);
done:
	som_json__free(v);
	som_buf_dispose(&rawbuf);
	som_buf_dispose(&idtmp);
	return error;
}

struct reader {
	som_sink *sink;
	som_buf line;
	som_buf arena;  /* the fast reader's strings, reused line after line */
};

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int read_entry(const char *name, int64_t size, som_source_reader *r, void *payload)
{
	struct reader *rd = payload;
	char chunk[65536];
	int64_t lineno = 0;
	ssize_t n;
	int error = 0;

	(void)size;
	som_buf_clear(&rd->line);
	while ((n = som_source__read(r, chunk, sizeof(chunk))) > 0) {
		const char *p = chunk, *end = chunk + n;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t take = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (rd->line.size + take > SOM_JSON_MAX_ITEM)
				return som__error(SOM_EINVALID,
					"cannot read '%s': line %lld: item larger than %d MiB", name,
					(long long)lineno + 1, SOM_JSON_MAX_ITEM / (1024 * 1024));
			if ((error = som_buf_put(&rd->line, p, take)) != 0)
				return error;
			p += take;
			if (!nl)
				break;
			p++;
			lineno++;
			if (!is_blank(rd->line.ptr, rd->line.size) &&
			    (error = read_line(rd->sink, name, lineno, rd->line.ptr, rd->line.size,
					&rd->arena)) != 0)
				return error;
			som_buf_clear(&rd->line);
		}
	}
	if (n < 0)
		return (int)n;
	if (rd->line.size && !is_blank(rd->line.ptr, rd->line.size))
		error = read_line(rd->sink, name, lineno + 1, rd->line.ptr, rd->line.size,
			&rd->arena);
	return error;
}

static int read_source(som_source *src, som_sink *sink)
{
	struct reader rd = { sink, SOM_BUF_INIT, SOM_BUF_INIT };
	size_t n = som_source__count(src);
	unsigned char *want = som__calloc(n + 1, 1);
	int error, any = 0;

	if (!want)
		return SOM_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		want[i] = n == 1 || is_ndjson_name(som_source__entry(src, i));
		any |= want[i];
	}
	for (size_t i = 0; i < n && n > 1; i++)
		if (!want[i] && !strchr(som_source__entry(src, i), '/'))
			som_sink__problem(sink, som_source__entry(src, i), NULL,
				"not read: not an NDJSON file");
	if (!any)
		error = som__error(SOM_EINVALID,
			"cannot read '%s': it holds no NDJSON file (*.ndjson, *.jsonl)",
			som_source__name(src));
	else
		error = som_source__foreach(src, want, read_entry, &rd);
	som__free(want);
	som_buf_dispose(&rd.line);
	som_buf_dispose(&rd.arena);
	return error;
}

const som_importer som_importer_ndjson = {
	"ndjson",
	"any",
	0,
	probe,
	read_source,
};
