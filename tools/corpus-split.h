/*
 * The fixed split of the training corpus (tests/data/corpus/train/): an
 * item whose id hashes to 0 modulo 5 belongs to the development fifth,
 * which the model is not trained on and the rules are not tuned to, so
 * that tools/eval-classify can give an honest figure beside the in-sample
 * ones. Shared by tools/train-classify.c and tools/eval-classify.c.
 */
#ifndef SOM_TOOLS_CORPUS_SPLIT_H
#define SOM_TOOLS_CORPUS_SPLIT_H

#include <stdint.h>
#include <string.h>

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
