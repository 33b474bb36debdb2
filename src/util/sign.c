/*
 * Detached CMS signatures over packages through OpenSSL: signing with an
 * X.509 key and certificate, and verifying, optionally chained to a CA.
 * The private key never leaves this file and is freed as soon as used.
 */
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "util/common.h"
#include "util/fs.h"
#include "util/sign.h"

static const char *ssl_reason(void)
{
	unsigned long e = ERR_get_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r ? r : "unknown reason";
}

int som_sign__file(const char *sig_path, const char *content_path,
	const char *key_path, const char *cert_path)
{
	BIO *kb = NULL, *cb = NULL, *in = NULL, *out = NULL;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	CMS_ContentInfo *cms = NULL;
	int error = 0, fd = -1;

	ERR_clear_error();
	if (!(cb = BIO_new_file(cert_path, "rb")) ||
	    !(cert = PEM_read_bio_X509(cb, NULL, NULL, NULL))) {
		error = som__error(SOM_EINVALID, "cannot read certificate '%s': %s", cert_path, ssl_reason());
		goto done;
	}
	if (!(kb = BIO_new_file(key_path, "rb")) ||
	    !(key = PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL))) {
		error = som__error(SOM_EINVALID, "cannot read private key '%s': %s", key_path, ssl_reason());
		goto done;
	}
	if (X509_check_private_key(cert, key) != 1) {
		error = som__error(SOM_EINVALID, "private key '%s' does not belong to certificate '%s'",
			key_path, cert_path);
		goto done;
	}
	if (!(in = BIO_new_file(content_path, "rb"))) {
		error = som__error(SOM_EENV, "cannot read '%s': %s", content_path, ssl_reason());
		goto done;
	}
	if (!(cms = CMS_sign(cert, key, NULL, in, CMS_DETACHED | CMS_BINARY))) {
		error = som__error(SOM_ERROR, "cannot sign '%s': %s", content_path, ssl_reason());
		goto done;
	}
	/* Never through a link planted at the name, never over a file there. */
	if ((error = som__create_file(&fd, sig_path, 0640)) != 0)
		goto done;
	if (!(out = BIO_new_fd(fd, BIO_CLOSE))) {
		close(fd);
		error = SOM_ENOMEM;
		goto done;
	}
	if (i2d_CMS_bio(out, cms) != 1 || BIO_flush(out) != 1 || fsync(fd) != 0) {
		error = som__error(SOM_EENV, "cannot write signature '%s': %s", sig_path, ssl_reason());
		goto done;
	}
done:
	CMS_ContentInfo_free(cms);
	EVP_PKEY_free(key);   /* OpenSSL cleanses private key material when freeing it */
	X509_free(cert);
	BIO_free(kb);
	BIO_free(cb);
	BIO_free(in);
	BIO_free(out);
	return error;
}

int som_sign__verify(const char *sig_path, const char *content_path,
	const char *ca_path, char *signer, size_t signer_len)
{
	BIO *sb = NULL, *in = NULL, *ca = NULL;
	CMS_ContentInfo *cms = NULL;
	X509_STORE *st = NULL;
	X509 *cacert = NULL;
	STACK_OF(X509) *signers = NULL;
	int error = 0;

	ERR_clear_error();
	if (signer && signer_len)
		signer[0] = '\0';
	if (!(sb = BIO_new_file(sig_path, "rb")) || !(cms = d2i_CMS_bio(sb, NULL))) {
		error = som__error(SOM_ESIGNATURE, "cannot read signature '%s': %s", sig_path, ssl_reason());
		goto done;
	}
	if (!(in = BIO_new_file(content_path, "rb"))) {
		error = som__error(SOM_EENV, "cannot read '%s': %s", content_path, ssl_reason());
		goto done;
	}
	if (!(st = X509_STORE_new())) {
		error = SOM_ENOMEM;
		goto done;
	}
	if (ca_path) {
		if (!(ca = BIO_new_file(ca_path, "rb"))) {
			error = som__error(SOM_EINVALID, "cannot read CA certificate '%s': %s", ca_path, ssl_reason());
			goto done;
		}
		while ((cacert = PEM_read_bio_X509(ca, NULL, NULL, NULL)) != NULL) {
			X509_STORE_add_cert(st, cacert);
			X509_free(cacert);
		}
		ERR_clear_error();
		X509_STORE_set_purpose(st, X509_PURPOSE_ANY);
		/* Any certificate of the file is a trust anchor, the signer's own one too. */
		X509_STORE_set_flags(st, X509_V_FLAG_PARTIAL_CHAIN);
	}
	if (CMS_verify(cms, NULL, st, in, NULL,
			CMS_BINARY | (ca_path ? 0 : CMS_NO_SIGNER_CERT_VERIFY)) != 1) {
		error = som__error(SOM_ESIGNATURE, "signature '%s' does not verify: %s", sig_path, ssl_reason());
		goto done;
	}
	if (signer && signer_len && (signers = CMS_get0_signers(cms)) != NULL &&
	    sk_X509_num(signers) > 0)
		X509_NAME_oneline(X509_get_subject_name(sk_X509_value(signers, 0)), signer, (int)signer_len);
done:
	sk_X509_free(signers);
	CMS_ContentInfo_free(cms);
	X509_STORE_free(st);
	BIO_free(sb);
	BIO_free(in);
	BIO_free(ca);
	return error;
}
