/*
 * Shared set-up of the fuzz targets: one store in a temporary folder for
 * the whole run, and a helper that writes the fuzz input where an importer
 * will read it. Each target defines LLVMFuzzerTestOneInput; libFuzzer (with
 * clang, `make fuzz`) or tests/fuzz/replay.c (under gcc, in `make check`)
 * calls it.
 */
#ifndef SOM_TESTS_FUZZ_H
#define SOM_TESTS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "somarkiv.h"

/* Not every target uses the set-up below. */
#define FUZZ_MAYBE_UNUSED __attribute__((unused))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static som_store *fuzz_store FUZZ_MAYBE_UNUSED;
static int64_t fuzz_account FUZZ_MAYBE_UNUSED;
static char fuzz_dir[64] FUZZ_MAYBE_UNUSED;

FUZZ_MAYBE_UNUSED static void fuzz_cleanup(void)
{
	char cmd[128];

	som_store_free(fuzz_store);
	/* The folder is ours, made by mkdtemp; remove it without a shell. */
	snprintf(cmd, sizeof(cmd), "%s", fuzz_dir);
	if (fork() == 0) {
		execlp("rm", "rm", "-rf", cmd, (char *)NULL);
		_exit(127);
	}
}

/* The store and account every input is ingested into. */
FUZZ_MAYBE_UNUSED static som_store *fuzz_setup(void)
{
	som_account acc;
	char path[128];

	if (fuzz_store)
		return fuzz_store;
	snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/somarkiv-fuzz-XXXXXX");
	if (!mkdtemp(fuzz_dir))
		abort();
	snprintf(path, sizeof(path), "%s/store", fuzz_dir);
	memset(&acc, 0, sizeof(acc));
	acc.platform = "mastodon";
	acc.handle = "@fuzz";
	if (som_store_init(&fuzz_store, path, "fuzz") != 0 ||
	    som_account_add(&fuzz_account, fuzz_store, &acc) != 0)
		abort();
	atexit(fuzz_cleanup);
	return fuzz_store;
}

/* Write the input to DIR/name (creating DIR) and return DIR or the file. */
FUZZ_MAYBE_UNUSED static const char *fuzz_write(const char *sub, const char *name, const uint8_t *data,
	size_t size, int return_dir)
{
	static char dir[192], file[256];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%s", fuzz_dir, sub);
	snprintf(file, sizeof(file), "%s/%s", dir, name);
	(void)mkdir(dir, 0700);
	if (!(f = fopen(file, "wb")))
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return return_dir ? dir : file;
}

#endif
