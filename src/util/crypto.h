/*
 * SHA-256 through OpenSSL, the only door to libcrypto for hashing; also the
 * other digests a METS CHECKSUMTYPE may name, for verifying others' packages.
 */
#ifndef SOM_SRC_CRYPTO_H
#define SOM_SRC_CRYPTO_H

#include <stddef.h>
#include "somarkiv/buf.h"

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

/* `len` bytes from the system's CSPRNG (through OpenSSL). */
int som__random_bytes(void *out, size_t len);
/* `n_bytes` random bytes (at most 64) as lower-case hex into `out` (2n+1 bytes). */
int som__random_hex(char *out, size_t n_bytes);
/* Are two NUL-terminated secrets (tokens, hashes) equal? Constant time in their bytes. */
int som__equal_secret(const char *a, const char *b);
/* Overwrite memory that held a secret, in a way the compiler keeps. */
void som__wipe(void *p, size_t len);

/*
 * The password KDF: append a self-describing scrypt hash of `password`
 * (random salt) to `out`; som__password_verify() sets *ok_out to 1 when
 * `password` matches `stored` (SOM_ECORRUPT when `stored` is no such hash).
 */
int som__password_hash(som_buf *out, const char *password);
int som__password_verify(int *ok_out, const char *stored, const char *password);

#endif
