/*
 * The pieces the importers of APIs' answers share (answers.h): a probe by
 * the first bytes of the files a format names, one answer read whole and
 * parsed, and the id of the account or channel a fetch saved beside them.
 */
#include <string.h>
#include "ingest/answers.h"
#include "util/common.h"

/* What the probe reads of a file. */
#define PROBE_BYTES (16 * 1024)

typedef struct peek {
	char buf[PROBE_BYTES];
	size_t len;
} peek;

const char *som_answers__base(const char *name)
{
	const char *s = strrchr(name, '/');

	return s ? s + 1 : name;
}

static int peek_entry(const char *name, int64_t size, som_source_reader *reader, void *payload)
{
	peek *p = payload;
	ssize_t got;

	(void)name;
	(void)size;
	while (p->len < sizeof(p->buf) &&
	       (got = som_source__read(reader, p->buf + p->len, sizeof(p->buf) - p->len)) > 0)
		p->len += (size_t)got;
	return 0;
}

int som_answers__probe(som_source *src, int (*candidate)(const char *name),
	const char *const *needles)
{
	peek *p = som__calloc(1, sizeof(*p));
	int found = 0;

	if (!p)
		return SOM_ENOMEM;
	for (size_t i = 0; i < som_source__count(src) && !found; i++) {
		const char *name = som_source__entry(src, i);
		if (!candidate(name))
			continue;
		p->len = 0;
		if (som_source__with_entry(src, name, peek_entry, p) != 0)
			continue;
		found = 1;
		for (size_t k = 0; needles[k] && found; k++)
			found = memmem(p->buf, p->len, needles[k], strlen(needles[k])) != NULL;
	}
	som__free(p);
	som_error_clear();
	return found;
}

int som_answers__read(som_json_span *text, som_json **root, som_source *src, som_sink *sink,
	const char *name)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	text->p = NULL;
	text->n = 0;
	*root = NULL;
	if ((error = som_source__slurp(&data, &len, src, name, SOM_JSON_MAX_ITEM)) != 0)
		return error;
	text->p = data;
	text->n = len;
	if (som_json__parse(root, data, len, name, 0) != 0) {
		*root = NULL;
		error = sink ? som_sink__problem(sink, name, NULL, "not read: %s", som_error_last()) : 0;
		som_error_clear();
	}
	return error;
}

int som_answers__id(char **out, som_source *src, const char *file)
{
	int64_t i = som_source__find_suffix(src, file);
	som_json *root = NULL;
	som_json_span text;
	const char *id;
	int error;

	*out = NULL;
	if (i < 0)
		return 0;
	if ((error = som_answers__read(&text, &root, src, NULL, som_source__entry(src, (size_t)i))) != 0)
		goto done;
	id = som_json__get_string(som_json__array_get(som_json__get(root, "items"), 0), "id");
	if (!id)
		id = som_json__get_string(root, "id");
	if (id && !(*out = som__strdup(id)))
		error = SOM_ENOMEM;
done:
	som_json__free(root);
	som__free((char *)text.p);
	return error;
}
