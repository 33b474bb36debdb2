/*
 * The HTTP client, libcurl behind one door (src/fetch/http.c is the only
 * file that includes it): one request at a time, TLS verification always
 * on, plain http only to the loopback host, every request timed out and
 * every response capped in size.
 */
#ifndef SOM_SRC_FETCH_HTTP_H
#define SOM_SRC_FETCH_HTTP_H

#include <stdint.h>
#include <stdio.h>
#include "somarkiv/buf.h"

typedef struct som_http som_http;

typedef struct som_http_options {
	const char *ca_file;     /* certificates trusted beside the system's, NULL: none */
	long timeout;            /* seconds: a request with no byte for this long fails */
} som_http_options;

/* A response. Dispose with som_http__response_dispose(). */
typedef struct som_http_response {
	long status;             /* the HTTP status; 0 when no response came */
	som_buf body;            /* the body, unless it went to a file */
	int64_t size;            /* bytes of the body received */
	som_buf headers;         /* the final response's header lines, "name: value\n" each */
	int transient;           /* the request failed in a way worth trying again */
	int timed_out;           /* ... because no answer came in time */
} som_http_response;

/* A client. `opts` may be NULL. Free with som_http__free(). */
int som_http__new(som_http **out, const som_http_options *opts);
void som_http__free(som_http *http);

/*
 * Is `url` one the client will ask: https, or http to 127.0.0.1, ::1 or
 * localhost? SOM_EINVALID naming it otherwise.
 */
int som_http__check_url(const char *url);

/*
 * One GET (or, with `form`, a POST of that urlencoded body) of `url` with
 * the extra `headers` ("Name: value", NULL-terminated, may be NULL). The
 * body goes to `to` when it is not NULL (then redirects are followed, for
 * media), else into out->body. Bodies beyond `max_body` bytes are refused.
 * Returns 0 when an HTTP response came, whatever its status; otherwise an
 * error naming the URL without its query (SOM_EINVALID for a refused URL
 * or size, SOM_ERROR for the network, with out->transient set when trying
 * again may help: a timeout, a cut connection, a truncated body).
 */
int som_http__request(som_http_response *out, som_http *http, const char *url,
	const char *const *headers, const char *form, int64_t max_body, FILE *to);

/*
 * The value of the last header `name` (any case) of the response, copied
 * into `out` with surrounding space trimmed; 0, or SOM_ENOTFOUND (no error
 * set) when absent.
 */
int som_http__header(som_buf *out, const som_http_response *response, const char *name);

void som_http__response_dispose(som_http_response *response);

/*
 * Append `s` to `out` percent-encoded for a query or path segment
 * (everything but unreserved characters).
 */
int som_http__escape(som_buf *out, const char *s);

#endif
