/*
 * The HTTP client over libcurl, the only file that includes it: the checks
 * every request passes (https, or http to this machine; certificates and
 * host names always verified; no byte for `timeout` seconds is a failure;
 * a size cap counted on the decoded body) and the mapping of libcurl's
 * outcomes to the library's errors, transient or not.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>
#include "fetch/http.h"
#include "util/common.h"

/* A request's whole time, for bodies kept in memory, is this many times the timeout. */
#define TOTAL_FACTOR 10
/* Media are written to files: slower than this many bytes a second for `timeout` fails. */
#define MEDIA_LOW_SPEED 512L
#define MAX_REDIRECTS 5L

struct som_http {
	CURL *curl;
	long timeout;
	char *ca_file;
	char errbuf[CURL_ERROR_SIZE];
};

typedef struct transfer {
	som_http_response *out;
	FILE *to;
	int64_t max;
	int too_large;
	int write_failed;
} transfer;

static int curl_ready;

int som_http__new(som_http **out, const som_http_options *opts)
{
	som_http *h;

	*out = NULL;
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return som__error(SOM_EENV, "cannot start libcurl");
		curl_ready = 1;
	}
	if (!(h = som__calloc(1, sizeof(*h))))
		return SOM_ENOMEM;
	h->timeout = opts && opts->timeout > 0 ? opts->timeout : 30;
	if (opts && opts->ca_file && !(h->ca_file = som__strdup(opts->ca_file))) {
		som__free(h);
		return SOM_ENOMEM;
	}
	if (!(h->curl = curl_easy_init())) {
		som__free(h->ca_file);
		som__free(h);
		return som__error(SOM_EENV, "cannot start libcurl");
	}
	*out = h;
	return 0;
}

void som_http__free(som_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	som__free(h->ca_file);
	som__free(h);
}

void som_http__response_dispose(som_http_response *r)
{
	if (!r)
		return;
	som_buf_dispose(&r->body);
	som_buf_dispose(&r->headers);
	memset(r, 0, sizeof(*r));
}

/* The URL as errors may show it: without its query and fragment, where secrets may ride. */
static int shown(som_buf *out, const char *url)
{
	som_buf_clear(out);
	return som_buf_put(out, url, strcspn(url, "?#"));
}

static int is_loopback(const char *host)
{
	return !strcmp(host, "127.0.0.1") || !strcmp(host, "[::1]") || !strcmp(host, "::1") ||
		!strcasecmp(host, "localhost");
}

int som_http__check_url(const char *url)
{
	CURLU *u = NULL;
	char *scheme = NULL, *host = NULL;
	som_buf name = SOM_BUF_INIT;
	int error = 0;

	if ((error = shown(&name, url ? url : "")) != 0)
		return error;
	if (!(u = curl_url())) {
		error = SOM_ENOMEM;
		goto done;
	}
	if (!url || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		error = som__error(SOM_EINVALID, "cannot fetch '%s': not a URL", name.ptr);
		goto done;
	}
	if (!strcasecmp(scheme, "https"))
		goto done;
	if (!strcasecmp(scheme, "http") && is_loopback(host))
		goto done;
	error = som__error(SOM_EINVALID, "cannot fetch '%s': only https is used (plain http "
		"only to this machine)", name.ptr);
done:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	som_buf_dispose(&name);
	return error;
}

static size_t on_body(char *data, size_t size, size_t n, void *payload)
{
	transfer *t = payload;
	size_t len = size * n;

	if (t->out->size + (int64_t)len > t->max) {
		t->too_large = 1;
		return 0;
	}
	if (t->to) {
		if (fwrite(data, 1, len, t->to) != len) {
			t->write_failed = 1;
			return 0;
		}
	} else if (som_buf_put(&t->out->body, data, len) != 0) {
		t->write_failed = 1;
		return 0;
	}
	t->out->size += (int64_t)len;
	return len;
}

/* Header lines of the last response only: a new status line starts them afresh. */
static size_t on_header(char *data, size_t size, size_t n, void *payload)
{
	transfer *t = payload;
	size_t len = size * n, end = len;

	if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		som_buf_clear(&t->out->headers);
		return len;
	}
	while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r'))
		end--;
	if (end == 0 || !memchr(data, ':', end))
		return len;
	if (som_buf_put(&t->out->headers, data, end) != 0 ||
	    som_buf_putc(&t->out->headers, '\n') != 0)
		return 0;
	return len;
}

int som_http__header(som_buf *out, const som_http_response *r, const char *name)
{
	const char *p = r->headers.ptr, *found = NULL;
	size_t nlen = strlen(name), flen = 0;

	som_buf_clear(out);
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > nlen && p[nlen] == ':' && !strncasecmp(p, name, nlen)) {
			found = p + nlen + 1;
			flen = len - nlen - 1;
		}
		p = eol ? eol + 1 : p + len;
	}
	if (!found)
		return SOM_ENOTFOUND;
	while (flen > 0 && isspace((unsigned char)*found)) {
		found++;
		flen--;
	}
	while (flen > 0 && isspace((unsigned char)found[flen - 1]))
		flen--;
	return som_buf_put(out, found, flen);
}

static int is_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_BAD_CONTENT_ENCODING:
		return 1;
	default:
		return 0;
	}
}

static int is_tls(CURLcode rc)
{
	return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR ||
		rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM ||
		rc == CURLE_SSL_ISSUER_ERROR;
}

/* The message of a failed transfer; errbuf never holds the query (libcurl names hosts). */
static int transfer_error(som_http *h, const transfer *t, CURLcode rc, const char *name,
	int64_t max)
{
	const char *why = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);

	if (t->too_large || rc == CURLE_FILESIZE_EXCEEDED)
		return som__error(SOM_EINVALID, "cannot fetch '%s': the response is larger than "
			"%lld bytes", name, (long long)max);
	if (t->write_failed)
		return t->to ? som__error_os(SOM_EENV, "cannot fetch '%s': cannot write the file",
			name) : SOM_ENOMEM;
	t->out->transient = is_transient(rc);
	t->out->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return som__error(SOM_ERROR, "cannot fetch '%s': timed out (no answer within %ld s)",
			name, h->timeout);
	if (rc == CURLE_PARTIAL_FILE)
		return som__error(SOM_ERROR, "cannot fetch '%s': the response was cut short (%s)",
			name, why);
	if (is_tls(rc))
		return som__error(SOM_ERROR, "cannot fetch '%s': TLS: %s", name, why);
	return som__error(SOM_ERROR, "cannot fetch '%s': %s", name, why);
}

int som_http__request(som_http_response *out, som_http *h, const char *url,
	const char *const *headers, const char *form, int64_t max_body, FILE *to)
{
	struct curl_slist *list = NULL, *more;
	som_buf name = SOM_BUF_INIT;
	transfer t;
	CURL *c = h->curl;
	CURLcode rc;
	int loopback_http = 0, error;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	t.out = out;
	t.to = to;
	t.max = max_body;
	if ((error = shown(&name, url)) != 0 || (error = som_http__check_url(url)) != 0)
		goto done;
	loopback_http = !strncasecmp(url, "http:", 5);
	for (size_t i = 0; headers && headers[i]; i++) {
		if (!(more = curl_slist_append(list, headers[i]))) {
			error = SOM_ENOMEM;
			goto done;
		}
		list = more;
	}
	if (!(more = curl_slist_append(list, "Expect:"))) {
		error = SOM_ENOMEM;
		goto done;
	}
	list = more;
	curl_easy_reset(c);
	h->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, loopback_http ? "http" : "https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, loopback_http ? "http" : "https");
	/* never off: the peer's certificate chain and its name */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "somarkiv/" SOM_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->timeout);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, h->timeout);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, to ? MEDIA_LOW_SPEED : 1L);
	if (!to)
		curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout * TOTAL_FACTOR);
	/* API answers are read where they are; media may sit behind a redirect (without our headers) */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, to ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, MAX_REDIRECTS);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
	if (form) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(form));
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	if (rc != CURLE_OK)
		error = transfer_error(h, &t, rc, name.ptr, max_body);
	else if (!out->body.ptr && !to)
		error = som_buf_puts(&out->body, "");
done:
	/* the request's headers may carry a secret: libcurl keeps no copy past here */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
	for (more = list; more; more = more->next)
		explicit_bzero(more->data, strlen(more->data));
	curl_slist_free_all(list);
	som_buf_dispose(&name);
	return error;
}

int som_http__escape(som_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int error = 0;

	for (; *s && !error; s++) {
		unsigned char ch = (unsigned char)*s;
		if (isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~')
			error = som_buf_putc(out, (char)ch);
		else
			error = som_buf_printf(out, "%%%c%c", hex[ch >> 4], hex[ch & 15]);
	}
	return error ? error : som_buf_puts(out, "");
}
