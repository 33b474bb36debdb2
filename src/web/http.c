/*
 * The door to GNU libmicrohttpd, the only file that includes it: listening
 * (plain or HTTPS), a pool of threads running the application's handler,
 * requests read whole (query, cookies, a bounded body) into a web_request,
 * the handler's web_response sent back, and a clean stop on SIGINT or
 * SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <microhttpd.h>
#include "web/web.h"

/* What one request collects between libmicrohttpd's calls. */
typedef struct conn_state {
	som_buf body;
	int too_big;
	web_kv *kv;            /* query arguments, then cookies */
	size_t n_kv, a_kv;
	int error;
} conn_state;

typedef struct server {
	const web_http_config *cfg;
} server;

void web_response_header(web_response *res, const char *name, const char *value)
{
	web_header *grown;

	if (res->error)
		return;
	grown = realloc(res->headers, (res->n_headers + 1) * sizeof(*grown));
	if (!grown) {
		res->error = SOM_ENOMEM;
		return;
	}
	res->headers = grown;
	grown[res->n_headers].name = strdup(name);
	grown[res->n_headers].value = strdup(value);
	if (!grown[res->n_headers].name || !grown[res->n_headers].value) {
		free(grown[res->n_headers].name);
		free(grown[res->n_headers].value);
		res->error = SOM_ENOMEM;
		return;
	}
	res->n_headers++;
}

static void response_dispose(web_response *res)
{
	for (size_t i = 0; i < res->n_headers; i++) {
		free(res->headers[i].name);
		free(res->headers[i].value);
	}
	free(res->headers);
	som_buf_dispose(&res->body);
}

static void state_free(conn_state *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->n_kv; i++) {
		free(st->kv[i].name);
		free(st->kv[i].value);
	}
	free(st->kv);
	som_buf_dispose(&st->body);
	free(st);
}

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
	const char *value)
{
	conn_state *st = cls;
	web_kv *grown;

	(void)kind;
	if (st->n_kv == st->a_kv) {
		size_t a = st->a_kv ? 2 * st->a_kv : 16;
		if (!(grown = realloc(st->kv, a * sizeof(*grown)))) {
			st->error = 1;
			return MHD_NO;
		}
		st->kv = grown;
		st->a_kv = a;
	}
	st->kv[st->n_kv].name = strdup(key ? key : "");
	st->kv[st->n_kv].value = strdup(value ? value : "");
	if (!st->kv[st->n_kv].name || !st->kv[st->n_kv].value) {
		free(st->kv[st->n_kv].name);
		free(st->kv[st->n_kv].value);
		st->error = 1;
		return MHD_NO;
	}
	st->n_kv++;
	return MHD_YES;
}

static void client_address(char *out, size_t size, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info ? info->client_addr : NULL;

	snprintf(out, size, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			out, (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			out, (socklen_t)size);
}

static enum MHD_Result send_plain(struct MHD_Connection *c, unsigned int status,
	const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
		MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
	const char *method, const char *version, const char *upload_data,
	size_t *upload_data_size, void **con_cls)
{
	server *srv = cls;
	conn_state *st = *con_cls;
	web_request req;
	web_response res;
	struct MHD_Response *r;
	char client[INET6_ADDRSTRLEN + 1];
	size_t n_query;
	enum MHD_Result ok;

	(void)version;
	if (!st) {
		if (!(st = calloc(1, sizeof(*st))))
			return MHD_NO;
		*con_cls = st;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!st->too_big && st->body.size + *upload_data_size > srv->cfg->max_body)
			st->too_big = 1;
		if (!st->too_big && som_buf_put(&st->body, upload_data, *upload_data_size) != 0)
			st->error = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (st->too_big)
		return send_plain(c, MHD_HTTP_CONTENT_TOO_LARGE, "413 för stor begäran\n");
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, st);
	n_query = st->n_kv;
	MHD_get_connection_values(c, MHD_COOKIE_KIND, collect, st);
	if (st->error)
		return send_plain(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "500 minnet tog slut\n");
	client_address(client, sizeof(client), c);

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.query = st->kv;
	req.n_query = n_query;
	req.cookies = st->kv + n_query;
	req.n_cookies = st->n_kv - n_query;
	req.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_CONTENT_TYPE);
	req.body = st->body.ptr ? st->body.ptr : "";
	req.body_len = st->body.size;
	req.client = client;
	req.tls = srv->cfg->cert_file != NULL;

	memset(&res, 0, sizeof(res));
	res.status = 200;
	srv->cfg->handler(&res, &req, srv->cfg->app);
	if (res.error) {
		response_dispose(&res);
		return send_plain(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "500 minnet tog slut\n");
	}
	if (res.static_body)
		r = MHD_create_response_from_buffer(res.static_len, (void *)res.static_body,
			MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(res.body.size, res.body.ptr ? res.body.ptr : "",
			MHD_RESPMEM_MUST_COPY);
	if (!r) {
		response_dispose(&res);
		return MHD_NO;
	}
	if (res.content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res.content_type);
	for (size_t i = 0; i < res.n_headers; i++)
		MHD_add_response_header(r, res.headers[i].name, res.headers[i].value);
	ok = MHD_queue_response(c, (unsigned int)res.status, r);
	MHD_destroy_response(r);
	response_dispose(&res);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
	enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	state_free(*con_cls);
	*con_cls = NULL;
}

/* Parse "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(struct sockaddr_storage *out, int *v6, char host[128],
	const char *listen)
{
	const char *colon, *h = listen;
	size_t hl;
	long port;
	char *end;

	memset(out, 0, sizeof(*out));
	*v6 = 0;
	if (*listen == '[') {
		colon = strstr(listen, "]:");
		if (!colon)
			goto bad;
		h = listen + 1;
		hl = (size_t)(colon - h);
		colon++;
		*v6 = 1;
	} else {
		colon = strrchr(listen, ':');
		if (!colon)
			goto bad;
		hl = (size_t)(colon - listen);
	}
	if (hl >= 128)
		goto bad;
	memcpy(host, h, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port < 0 || port > 65535)
		goto bad;
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)(void *)out;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto bad;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)(void *)out;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, *host ? host : "0.0.0.0", &a->sin_addr) != 1)
			goto bad;
	}
	return 0;
bad:
	return web_set_error(SOM_EINVALID, "cannot listen on '%s': not ADDRESS:PORT "
		"(e.g. 127.0.0.1:8080 or [::1]:8080)", listen);
}

static int read_pem(som_buf *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;
	int error = 0;

	if (!f)
		return web_set_error(SOM_EENV, "cannot read '%s': %s", path, strerror(errno));
	while (!error && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		error = som_buf_put(out, chunk, n);
	if (!error && ferror(f))
		error = web_set_error(SOM_EENV, "cannot read '%s': %s", path, strerror(errno));
	fclose(f);
	memset(chunk, 0, sizeof(chunk));
	if (!error && (!out->ptr || !strstr(out->ptr, "-----BEGIN ")))
		error = web_set_error(SOM_EINVALID, "cannot read '%s': not a PEM file", path);
	return error;
}

int web_http_has_tls(void)
{
	return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES;
}

int web_http_serve(const web_http_config *cfg)
{
	struct sockaddr_storage addr;
	struct MHD_Daemon *d = NULL;
	const union MHD_DaemonInfo *info;
	som_buf cert = SOM_BUF_INIT, key = SOM_BUF_INIT, url = SOM_BUF_INIT;
	sigset_t stop, old;
	server srv = { cfg };
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	char host[128];
	int v6 = 0, sig = 0, error;

	if ((error = parse_listen(&addr, &v6, host, cfg->listen)) != 0)
		return error;
	if (v6)
		flags |= MHD_USE_IPv6;
	if (cfg->cert_file) {
		if (!web_http_has_tls())
			return web_set_error(SOM_EENV, "this build of libmicrohttpd has no HTTPS; "
				"serve plain HTTP behind a reverse proxy");
		if ((error = read_pem(&cert, cfg->cert_file)) != 0 ||
		    (error = read_pem(&key, cfg->key_file)) != 0)
			goto done;
		flags |= MHD_USE_TLS;
	}
	/* The pool's threads inherit the blocked signals: only sigwait() takes them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	if (cfg->cert_file)
		d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv,
			MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)60,
			MHD_OPTION_HTTPS_MEM_CERT, cert.ptr,
			MHD_OPTION_HTTPS_MEM_KEY, key.ptr,
			MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv,
			MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)60,
			MHD_OPTION_END);
	if (!d) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		error = web_set_error(SOM_EENV, "cannot listen on '%s'%s", cfg->listen,
			cfg->cert_file ? " (or the certificate and key do not fit)" : "");
		goto done;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if ((error = som_buf_printf(&url, "%s://%s%s%s:%u/", cfg->cert_file ? "https" : "http",
			v6 ? "[" : "", *host ? host : "0.0.0.0", v6 ? "]" : "",
			info ? (unsigned int)info->port : 0u)) != 0)
		goto stop;
	if (cfg->ready)
		cfg->ready(url.ptr, cfg->app);
	while (sigwait(&stop, &sig) != 0 || (sig != SIGINT && sig != SIGTERM))
		;
stop:
	MHD_stop_daemon(d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
done:
	if (key.ptr)
		memset(key.ptr, 0, key.size);
	som_buf_dispose(&cert);
	som_buf_dispose(&key);
	som_buf_dispose(&url);
	return error;
}
