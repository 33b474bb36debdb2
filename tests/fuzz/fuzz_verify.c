/*
 * Fuzz target: package verification (libarchive reading a tar or zip, the
 * METS, PREMIS and item XML inside, every checksum), the input written as
 * a package file.
 */
#include <sys/stat.h>
#include "fuzz.h"

static int quiet(const char *check, int ok, const char *detail, void *payload)
{
	(void)check;
	(void)ok;
	(void)detail;
	(void)payload;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t failures = 0;
	const char *path;

	fuzz_setup();
	/* The shipped schemas, from the top of the tree where the fuzzers run. */
	setenv("SOMARKIV_SCHEMA_DIR", "schemas", 0);
	path = fuzz_write("verify", size > 1 && data[0] == 'P' && data[1] == 'K' ?
		"pkg.zip" : "pkg.tar", data, size, 0);
	(void)som_package_verify(&failures, path, NULL, quiet, NULL);
	return 0;
}
