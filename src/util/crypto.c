/*
 * SHA-256 through OpenSSL's EVP interface: the library's only door to
 * libcrypto for hashing; also random tokens, constant-time comparison and
 * the password KDF (scrypt) for the users of the web interface.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "util/common.h"
#include "util/crypto.h"

/*
 * SHA-256 fetched once: OpenSSL 3 looks an implicitly named digest up again
 * at every use, which costs as much as hashing a small item.
 */
static const EVP_MD *sha256_md(void)
{
	static EVP_MD *md;

	if (!md)
		md = EVP_MD_fetch(NULL, "SHA256", NULL);
	return md ? md : EVP_sha256();
}

struct som_sha256 {
	EVP_MD_CTX *md;
};

som_sha256 *som_sha256__new(void)
{
	som_sha256 *ctx = som__calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->md = EVP_MD_CTX_new();
	if (!ctx->md || EVP_DigestInit_ex(ctx->md, sha256_md(), NULL) != 1) {
		som_sha256__free(ctx);
		som__error(SOM_ERROR, "cannot start a SHA-256 digest");
		return NULL;
	}
	return ctx;
}

int som_sha256__update(som_sha256 *ctx, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(ctx->md, data, len) != 1)
		return som__error(SOM_ERROR, "SHA-256 digest failed");
	return 0;
}

static void to_hex(char out[65], const unsigned char *md, unsigned int n)
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned int i = 0; i < n && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

int som_sha256__final(char out_hex[65], som_sha256 *ctx)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int ok = EVP_DigestFinal_ex(ctx->md, md, &n);

	som_sha256__free(ctx);
	if (ok != 1 || n != 32)
		return som__error(SOM_ERROR, "SHA-256 digest failed");
	to_hex(out_hex, md, n);
	return 0;
}

void som_sha256__free(som_sha256 *ctx)
{
	if (!ctx)
		return;
	EVP_MD_CTX_free(ctx->md);
	som__free(ctx);
}

int som_sha256__hex(char out_hex[65], const void *data, size_t len)
{
	unsigned char md[32];
	unsigned int n = 0;

	if (EVP_Digest(data, len, md, &n, sha256_md(), NULL) != 1 || n != 32)
		return som__error(SOM_ERROR, "SHA-256 digest failed");
	to_hex(out_hex, md, n);
	return 0;
}

struct som_digest {
	EVP_MD_CTX *md;
};

int som_digest__new(som_digest **out, const char *checksumtype)
{
	static const struct {
		const char *mets, *openssl;
	} names[] = { { "MD5", "MD5" }, { "SHA-1", "SHA1" }, { "SHA-256", "SHA256" },
		{ "SHA-512", "SHA512" } };
	const EVP_MD *type = NULL;
	som_digest *ctx;
	size_t i;

	*out = NULL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (checksumtype && strcmp(checksumtype, names[i].mets) == 0)
			type = EVP_get_digestbyname(names[i].openssl);
	if (!type)
		return som__error(SOM_EINVALID, "checksum type '%s' is not supported",
			checksumtype ? checksumtype : "");
	if (!(ctx = som__calloc(1, sizeof(*ctx))))
		return SOM_ENOMEM;
	ctx->md = EVP_MD_CTX_new();
	if (!ctx->md || EVP_DigestInit_ex(ctx->md, type, NULL) != 1) {
		som_digest__free(ctx);
		return som__error(SOM_ERROR, "cannot start a '%s' digest", checksumtype);
	}
	*out = ctx;
	return 0;
}

int som_digest__update(som_digest *ctx, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(ctx->md, data, len) != 1)
		return som__error(SOM_ERROR, "digest failed");
	return 0;
}

int som_digest__final(char out_hex[129], som_digest *ctx)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	int ok = EVP_DigestFinal_ex(ctx->md, md, &n);

	som_digest__free(ctx);
	if (ok != 1 || n > 64)
		return som__error(SOM_ERROR, "digest failed");
	for (i = 0; i < n; i++) {
		out_hex[2 * i] = hex[md[i] >> 4];
		out_hex[2 * i + 1] = hex[md[i] & 15];
	}
	out_hex[2 * n] = '\0';
	return 0;
}

void som_digest__free(som_digest *ctx)
{
	if (!ctx)
		return;
	EVP_MD_CTX_free(ctx->md);
	som__free(ctx);
}

/* ---- random bytes, comparison, the password KDF ---- */

int som__random_bytes(void *out, size_t len)
{
	if (len > 0x7fffffff || RAND_bytes(out, (int)len) != 1)
		return som__error(SOM_ERROR, "cannot draw random bytes");
	return 0;
}

int som__random_hex(char *out, size_t n_bytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[64];
	int error;

	if (n_bytes > sizeof(raw))
		return som__error(SOM_EINVALID, "random token too long");
	if ((error = som__random_bytes(raw, n_bytes)) != 0)
		return error;
	for (size_t i = 0; i < n_bytes; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * n_bytes] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

int som__equal_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	/* The length of a hash or token is no secret; its bytes are. */
	return la == lb && CRYPTO_memcmp(a, b, la) == 0;
}

void som__wipe(void *p, size_t len)
{
	if (p)
		OPENSSL_cleanse(p, len);
}

/*
 * scrypt (RFC 7914) at N = 2^15, r = 8, p = 1: 32 MiB and about 0.1 s a
 * hash on a current core, OWASP's recommended floor. Stored as
 * "scrypt$LOGN$R$P$SALT$HASH" (hex), so the cost can rise for new
 * passwords while old hashes still verify.
 */
#define SCRYPT_LOGN 15
#define SCRYPT_R 8
#define SCRYPT_P 1
#define SCRYPT_SALT 16
#define SCRYPT_LEN 32

static int scrypt_raw(unsigned char out[SCRYPT_LEN], const char *password,
	const unsigned char *salt, size_t salt_len, int logn, int r, int p)
{
	uint64_t n = (uint64_t)1 << logn;
	/* OpenSSL refuses more than its 32 MiB default: allow what N and r need. */
	uint64_t maxmem = 128 * (uint64_t)r * (n + (uint64_t)p + 2) + (1u << 20);

	if (EVP_PBE_scrypt(password, strlen(password), salt, salt_len, n, (uint64_t)r,
			(uint64_t)p, maxmem, out, SCRYPT_LEN) != 1)
		return som__error(SOM_ERROR, "cannot hash the password (scrypt)");
	return 0;
}

static void put_hex(char *out, const unsigned char *in, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int get_hex(unsigned char *out, size_t n, const char *in, size_t len)
{
	if (len != 2 * n)
		return -1;
	for (size_t i = 0; i < 2 * n; i++) {
		char c = in[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return -1;
		out[i / 2] = (unsigned char)(i % 2 ? (out[i / 2] | v) : v << 4);
	}
	return 0;
}

int som__password_hash(som_buf *out, const char *password)
{
	unsigned char salt[SCRYPT_SALT], hash[SCRYPT_LEN];
	char salt_hex[2 * SCRYPT_SALT + 1], hash_hex[2 * SCRYPT_LEN + 1];
	int error;

	if ((error = som__random_bytes(salt, sizeof(salt))) != 0 ||
	    (error = scrypt_raw(hash, password, salt, sizeof(salt), SCRYPT_LOGN,
			SCRYPT_R, SCRYPT_P)) != 0)
		goto done;
	put_hex(salt_hex, salt, sizeof(salt));
	put_hex(hash_hex, hash, sizeof(hash));
	error = som_buf_printf(out, "scrypt$%d$%d$%d$%s$%s", SCRYPT_LOGN, SCRYPT_R,
		SCRYPT_P, salt_hex, hash_hex);
done:
	OPENSSL_cleanse(hash, sizeof(hash));
	OPENSSL_cleanse(hash_hex, sizeof(hash_hex));
	return error;
}

int som__password_verify(int *ok_out, const char *stored, const char *password)
{
	unsigned char salt[64], want[SCRYPT_LEN], got[SCRYPT_LEN];
	int logn = 0, r = 0, p = 0, consumed = 0, error;
	const char *s, *h;

	*ok_out = 0;
	if (sscanf(stored, "scrypt$%d$%d$%d$%n", &logn, &r, &p, &consumed) != 3 ||
	    !consumed || logn < 10 || logn > 22 || r < 1 || r > 32 || p < 1 || p > 16)
		return som__error(SOM_ECORRUPT, "a stored password hash is not one this program writes");
	s = stored + consumed;
	h = strchr(s, '$');
	if (!h || (size_t)(h - s) % 2 || (size_t)(h - s) / 2 > sizeof(salt) ||
	    get_hex(salt, (size_t)(h - s) / 2, s, (size_t)(h - s)) != 0 ||
	    get_hex(want, sizeof(want), h + 1, strlen(h + 1)) != 0)
		return som__error(SOM_ECORRUPT, "a stored password hash is not one this program writes");
	if ((error = scrypt_raw(got, password, salt, (size_t)(h - s) / 2, logn, r, p)) != 0)
		return error;
	*ok_out = CRYPTO_memcmp(got, want, sizeof(got)) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return 0;
}
