/*
 * Unit tests of the digests a METS CHECKSUMTYPE may name (src/util/crypto.c):
 * MD5, SHA-1, SHA-256 and SHA-512 against their published test vectors,
 * fed in pieces, and that an unknown type is refused with SOM_EINVALID.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "somarkiv.h"
#include "util/crypto.h"

static void test_crypto__digest_vectors(void **state)
{
	static const struct {
		const char *type, *hex;
	} v[] = {
		{ "MD5", "900150983cd24fb0d6963f7d28e17f72" },
		{ "SHA-1", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "SHA-512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
			     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	};
	char hex[129];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		som_digest *d = NULL;
		assert_int_equal(som_digest__new(&d, v[i].type), 0);
		assert_int_equal(som_digest__update(d, "a", 1), 0);
		assert_int_equal(som_digest__update(d, "", 0), 0);
		assert_int_equal(som_digest__update(d, "bc", 2), 0);
		assert_int_equal(som_digest__final(hex, d), 0);
		assert_string_equal(hex, v[i].hex);
	}
}

static void test_crypto__digest_unknown_type(void **state)
{
	som_digest *d = NULL;

	(void)state;
	assert_int_equal(som_digest__new(&d, "CRC32"), SOM_EINVALID);
	assert_null(d);
	assert_non_null(strstr(som_error_last(), "'CRC32'"));
	assert_int_equal(som_digest__new(&d, NULL), SOM_EINVALID);
	assert_null(d);
	som_digest__free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crypto__digest_vectors),
		cmocka_unit_test(test_crypto__digest_unknown_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
