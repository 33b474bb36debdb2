/*
 * SHA-256 through OpenSSL's EVP interface: the library's only door to
 * libcrypto for hashing.
 */
#include <string.h>
#include <openssl/evp.h>
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
