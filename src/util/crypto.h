/*
 * SHA-256 through OpenSSL, the only door to libcrypto for hashing; also the
 * other digests a METS CHECKSUMTYPE may name, for verifying others' packages.
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

/*
 * A streaming digest named by a METS CHECKSUMTYPE: "MD5", "SHA-1",
 * "SHA-256" or "SHA-512". som_digest__new returns SOM_EINVALID for any
 * other name; out_hex must hold 129 bytes (SHA-512 in hex with its NUL).
 */
typedef struct som_digest som_digest;
int som_digest__new(som_digest **out, const char *checksumtype);
int som_digest__update(som_digest *ctx, const void *data, size_t len);
/* Finish into lower-case hex and free the context. */
int som_digest__final(char out_hex[129], som_digest *ctx);
void som_digest__free(som_digest *ctx);

#endif
