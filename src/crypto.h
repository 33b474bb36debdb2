/*
 * SHA-256 through OpenSSL, the only door to libcrypto for hashing.
 */
#ifndef SOM_SRC_CRYPTO_H
#define SOM_SRC_CRYPTO_H

#include <stddef.h>

typedef struct som_sha256 som_sha256;

/* Streaming digest; NULL on allocation failure (error set). */
som_sha256 *som_sha256__new(void);
int som_sha256__update(som_sha256 *ctx, const void *data, size_t len);
/* Finish into lower-case hex (65 bytes with NUL) and free the context. */
int som_sha256__final(char out_hex[65], som_sha256 *ctx);
void som_sha256__free(som_sha256 *ctx);

/* One-shot digest of a buffer into hex. */
int som_sha256__hex(char out_hex[65], const void *data, size_t len);

#endif
