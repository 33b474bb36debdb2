/*
 * What tools/train-classify.c and tools/eval-classify.c share about the
 * labelled corpora: reading one a line at a time, and the fixed split of
 * the training corpus (tests/data/corpus/train/): an item whose id hashes
 * to 0 modulo 5 belongs to the development fifth, which the model is not
 * trained on and the rules are not tuned to, so that tools/eval-classify
 * can give an honest figure beside the in-sample ones.
 */
#ifndef SOM_TOOLS_CORPUS_H
#define SOM_TOOLS_CORPUS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Called with each non-empty line (line ends cut); non-zero stops and is returned. */
typedef int (*corpus_line_fn)(void *payload, const char *line, size_t len, const char *path,
	long lineno);

/* Call `fn` with every line of `path`; -1 (and a message naming `prog`) when unreadable. */
static inline int corpus_each_line(const char *path, const char *prog, corpus_line_fn fn,
	void *payload)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int error = 0;

	if (!f) {
		fprintf(stderr, "%s: cannot read '%s'\n", prog, path);
		return -1;
	}
	while (!error && (n = getline(&line, &cap, f)) > 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n)
			error = fn(payload, line, (size_t)n, path, lineno);
	}
	free(line);
	fclose(f);
	return error;
}

static inline int corpus_is_dev(const char *id)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; id && i < strlen(id); i++) {
		h ^= (unsigned char)id[i];
		h *= 16777619u;
	}
	return h % 5 == 0;
}

#endif
