/*
 * Detached CMS signatures over packages (src/util/sign.c: OpenSSL's CMS, beside
 * src/util/crypto.c the only door to it). The signature is DER, written beside
 * the package, and `openssl cms -verify -binary -inform DER` accepts it.
 */
#ifndef SOM_SRC_SIGN_H
#define SOM_SRC_SIGN_H

/*
 * Sign the file at `content_path` with the PEM key and certificate and
 * write the DER signature to `sig_path`, created mode 0640 (SOM_EEXISTS
 * when anything, a symbolic link included, is there). The key is only held
 * in memory while signing and freed (cleansed) after.
 */
int som_sign__file(const char *sig_path, const char *content_path,
	const char *key_path, const char *cert_path);

/*
 * Verify the detached signature `sig_path` over `content_path`; with
 * `ca_path` the signer's certificate must chain to it (any purpose).
 * SOM_ESIGNATURE with the reason when it does not verify. `signer` receives
 * the signer's subject (up to `signer_len` bytes) when not NULL.
 */
int som_sign__verify(const char *sig_path, const char *content_path,
	const char *ca_path, char *signer, size_t signer_len);

#endif
