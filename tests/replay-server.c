/*
 * The replay server of the fetch tests: an HTTP/1.1 server on the loopback
 * interface (optionally TLS, through OpenSSL) that answers each request by
 * the first rule of a rules file that matches it, replaying the platforms'
 * answers recorded in files (tests/data/api/). One connection at a time,
 * each closed after its answer. The rules file is read again whenever it
 * changes, so a test moves to its next scene by writing a new one.
 *
 *   replay-server --rules FILE --port-file FILE [--port N] [--root DIR]
 *                 [--log FILE] [--tls-cert PEM --tls-key PEM]
 *
 * A rule is one line: METHOD TARGET STATUS BODY [option...], where TARGET
 * is the path and query as asked (compared with %XX decoded on both
 * sides, as a glob: '*' matches any run of characters) and BODY a file relative to the
 * --root folder (default: the rules file's) or absolute ('-': none). Options:
 *   times=N            the rule answers N requests, then is passed over
 *   need=NAME:TEXT     the request's header NAME must contain TEXT
 *   headers=FILE       header lines to add to the answer
 *   retry-after=N      add "Retry-After: N"
 *   delay=N            wait N seconds before answering
 *   truncate=N         promise the whole body, send N bytes of it, hang up
 * In bodies and header files "{BASE}" becomes the server's own URL root,
 * "{NOW+N}" the Unix time N seconds from now and "{NOWISO+N}" the same in
 * ISO 8601.
 * Requests no rule answers get a 404, and "UNMATCHED" in the log.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#define MAX_RULES 512
#define MAX_REQUEST (1024 * 1024)

typedef struct rule {
	char method[16];
	char *target;
	int status;
	char *body;
	char *headers;
	char *need_name, *need_text;
	int times;          /* -1: always */
	int retry_after;    /* -1: none */
	int delay;
	long truncate;      /* -1: send all */
} rule;

static rule rules[MAX_RULES];
static int n_rules;
static char rules_dir[4096];
static char *rules_path;
static struct timespec rules_mtime;
static off_t rules_size = -1;
static char base[128];
static FILE *log_file;

typedef struct conn {
	int fd;
	SSL *ssl;
} conn;

static int num(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

static void die(const char *what)
{
	fprintf(stderr, "replay-server: %s: %s\n", what, strerror(errno));
	exit(1);
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (!d)
		die("out of memory");
	memcpy(d, s, n);
	return d;
}

/* %XX decoded in place. */
static void decode(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char hex[3] = { s[1], s[2], 0 };
			*o++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static void free_rules(void)
{
	for (int i = 0; i < n_rules; i++) {
		free(rules[i].target);
		free(rules[i].body);
		free(rules[i].headers);
		free(rules[i].need_name);
		free(rules[i].need_text);
	}
	n_rules = 0;
}

static void load_rules(void)
{
	struct stat st;
	char line[8192];
	FILE *in;
	long lineno = 0;

	if (stat(rules_path, &st) != 0)
		die(rules_path);
	if (st.st_size == rules_size && st.st_mtim.tv_sec == rules_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == rules_mtime.tv_nsec)
		return;
	free_rules();
	if (!(in = fopen(rules_path, "r")))
		die(rules_path);
	while (fgets(line, sizeof(line), in)) {
		char *w[16], *save = NULL, *tok;
		int n = 0;
		rule *r;
		lineno++;
		for (tok = strtok_r(line, " \t\r\n", &save); tok && n < 16;
		     tok = strtok_r(NULL, " \t\r\n", &save))
			w[n++] = tok;
		if (n == 0 || w[0][0] == '#')
			continue;
		if (n < 4 || n_rules == MAX_RULES) {
			fprintf(stderr, "replay-server: %s:%ld: METHOD TARGET STATUS BODY [option...]\n",
				rules_path, lineno);
			exit(1);
		}
		r = &rules[n_rules++];
		memset(r, 0, sizeof(*r));
		snprintf(r->method, sizeof(r->method), "%s", w[0]);
		r->target = dup_str(w[1]);
		decode(r->target);
		r->status = num(w[2]);
		r->body = strcmp(w[3], "-") ? dup_str(w[3]) : NULL;
		r->times = -1;
		r->retry_after = -1;
		r->truncate = -1;
		for (int i = 4; i < n; i++) {
			char *eq = strchr(w[i], '='), *colon;
			if (!eq) {
				fprintf(stderr, "replay-server: %s:%ld: option '%s' has no '='\n",
					rules_path, lineno, w[i]);
				exit(1);
			}
			*eq++ = '\0';
			if (!strcmp(w[i], "times"))
				r->times = num(eq);
			else if (!strcmp(w[i], "retry-after"))
				r->retry_after = num(eq);
			else if (!strcmp(w[i], "delay"))
				r->delay = num(eq);
			else if (!strcmp(w[i], "truncate"))
				r->truncate = num(eq);
			else if (!strcmp(w[i], "headers"))
				r->headers = dup_str(eq);
			else if (!strcmp(w[i], "need") && (colon = strchr(eq, ':')) != NULL) {
				*colon = '\0';
				r->need_name = dup_str(eq);
				r->need_text = dup_str(colon + 1);
			} else {
				fprintf(stderr, "replay-server: %s:%ld: unknown option '%s'\n",
					rules_path, lineno, w[i]);
				exit(1);
			}
		}
	}
	fclose(in);
	rules_size = st.st_size;
	rules_mtime = st.st_mtim;
}

/* A file of the rules' folder, "{BASE}" replaced; NULL for none. */
static char *read_file(const char *name, size_t *len_out)
{
	char path[8192], *data, *out, *p;
	size_t len = 0, cap = 4096, olen = 0, blen = strlen(base);
	size_t got;
	FILE *in;

	*len_out = 0;
	if (!name)
		return NULL;
	if (name[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", rules_dir, name);
	if (!(in = fopen(path, "rb")))
		die(path);
	if (!(data = malloc(cap)))
		die("out of memory");
	while ((got = fread(data + len, 1, cap - len, in)) > 0) {
		len += got;
		if (len == cap && !(data = realloc(data, cap *= 2)))
			die("out of memory");
	}
	fclose(in);
	if (!(out = malloc(len * 4 + blen * 4 + 64)))
		die("out of memory");
	for (p = data; p < data + len;) {
		char *close;
		if ((size_t)(data + len - p) >= 6 && !memcmp(p, "{BASE}", 6)) {
			memcpy(out + olen, base, blen);
			olen += blen;
			p += 6;
		} else if ((size_t)(data + len - p) >= 5 && !memcmp(p, "{NOW", 4) &&
			   (close = memchr(p, '}', (size_t)(data + len - p))) != NULL &&
			   close - p < 24) {
			/* {NOW+N}: Unix seconds N from now; {NOWISO+N}: the same as ISO 8601 */
			int iso = !memcmp(p, "{NOWISO", 7);
			time_t t = time(NULL) + strtol(p + (iso ? 7 : 4), NULL, 10);
			struct tm tm;
			if (iso) {
				gmtime_r(&t, &tm);
				olen += strftime(out + olen, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
			} else {
				olen += (size_t)snprintf(out + olen, 32, "%lld", (long long)t);
			}
			p = close + 1;
		} else {
			out[olen++] = *p++;
		}
	}
	out[olen] = '\0';
	free(data);
	*len_out = olen;
	return out;
}

static ssize_t conn_read(conn *c, char *buf, size_t len)
{
	if (c->ssl) {
		int n = SSL_read(c->ssl, buf, (int)len);
		return n > 0 ? n : -1;
	}
	return read(c->fd, buf, len);
}

static int conn_write(conn *c, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = c->ssl ? SSL_write(c->ssl, buf, (int)len) : write(c->fd, buf, len);
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The value of header `name` in the request's head, or NULL. */
static const char *header_of(const char *head, const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	const char *p = strstr(head, "\r\n");

	while (p && p[2]) {
		p += 2;
		if (!strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1, *e = strstr(v, "\r\n");
			while (*v == ' ')
				v++;
			snprintf(out, cap, "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
			return out;
		}
		p = strstr(p, "\r\n");
	}
	return NULL;
}

static int matches(const rule *r, const char *method, const char *target, const char *head)
{
	size_t n = strlen(r->target);
	char value[4096];

	(void)n;
	if (strcmp(r->method, method) != 0 || r->times == 0)
		return 0;
	if (strcmp(target, r->target) != 0 && fnmatch(r->target, target, FNM_NOESCAPE) != 0)
		return 0;
	if (r->need_name && (!header_of(head, r->need_name, value, sizeof(value)) ||
			!strstr(value, r->need_text)))
		return 0;
	return 1;
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 410: return "Gone";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

static void serve(conn *c)
{
	char *req = malloc(MAX_REQUEST + 1), *end, method[16], target[8192], clen[32];
	size_t got = 0, body_len, hdr_len = 0, need;
	char *body = NULL, *hdrs = NULL, head[65536];
	rule *r = NULL;
	ssize_t n;
	int status = 404, len;

	if (!req)
		die("out of memory");
	while (got < MAX_REQUEST && (n = conn_read(c, req + got, MAX_REQUEST - got)) > 0) {
		got += (size_t)n;
		req[got] = '\0';
		if ((end = strstr(req, "\r\n\r\n")) != NULL) {
			need = (size_t)(end - req) + 4;
			*end = '\0';
			if (header_of(req, "Content-Length", clen, sizeof(clen)))
				need += (size_t)num(clen);
			*end = '\r';
			if (got >= need)
				break;
		}
	}
	if (got == 0 || !(end = strstr(req, "\r\n\r\n"))) {
		free(req);
		return;
	}
	*end = '\0';
	if (sscanf(req, "%15s %8191s", method, target) != 2) {
		free(req);
		return;
	}
	decode(target);
	load_rules();
	for (int i = 0; i < n_rules && !r; i++)
		if (matches(&rules[i], method, target, req))
			r = &rules[i];
	if (log_file) {
		fprintf(log_file, "%s %s%s\n", method, target, r ? "" : " UNMATCHED");
		fflush(log_file);
	}
	if (r) {
		if (r->times > 0)
			r->times--;
		status = r->status;
		body = read_file(r->body, &body_len);
		hdrs = read_file(r->headers, &hdr_len);
		if (r->delay > 0)
			sleep((unsigned)r->delay);
	} else {
		body = dup_str("{\"error\":\"no rule of the replay server answers this\"}");
		body_len = strlen(body);
	}
	if (!body) {
		body = dup_str("");
		body_len = 0;
	}
	len = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nContent-Type: application/json; "
		"charset=utf-8\r\nContent-Length: %zu\r\nConnection: close\r\n", status,
		reason(status), body_len);
	if (r && r->retry_after >= 0)
		len += snprintf(head + len, sizeof(head) - (size_t)len, "Retry-After: %d\r\n",
			r->retry_after);
	if (hdrs) {
		/* the file's lines, each ended by CRLF */
		char *line = hdrs, *nl;
		while (*line && (size_t)len < sizeof(head) - 3) {
			nl = strchr(line, '\n');
			len += snprintf(head + len, sizeof(head) - (size_t)len, "%.*s\r\n",
				(int)(nl ? nl - line - (nl > line && nl[-1] == '\r') : (long)strlen(line)),
				line);
			line = nl ? nl + 1 : line + strlen(line);
		}
	}
	len += snprintf(head + len, sizeof(head) - (size_t)len, "\r\n");
	if (conn_write(c, head, (size_t)len) == 0)
		conn_write(c, body, r && r->truncate >= 0 && (size_t)r->truncate < body_len ?
			(size_t)r->truncate : body_len);
	free(body);
	free(hdrs);
	free(req);
}

int main(int argc, char **argv)
{
	const char *port_file = NULL, *log_path = NULL, *cert = NULL, *key = NULL, *root = NULL;
	struct sockaddr_in addr;
	socklen_t alen = sizeof(addr);
	SSL_CTX *tls = NULL;
	char tmp[4200], *slash;
	FILE *pf;
	int s, one = 1, port = 0;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--rules"))
			rules_path = argv[i + 1];
		else if (!strcmp(argv[i], "--port-file"))
			port_file = argv[i + 1];
		else if (!strcmp(argv[i], "--port"))
			port = num(argv[i + 1]);
		else if (!strcmp(argv[i], "--root"))
			root = argv[i + 1];
		else if (!strcmp(argv[i], "--log"))
			log_path = argv[i + 1];
		else if (!strcmp(argv[i], "--tls-cert"))
			cert = argv[i + 1];
		else if (!strcmp(argv[i], "--tls-key"))
			key = argv[i + 1];
	}
	if (!rules_path || !port_file) {
		fprintf(stderr, "usage: replay-server --rules FILE --port-file FILE [--root DIR] "
			"[--log FILE] [--tls-cert PEM --tls-key PEM]\n");
		return 2;
	}
	snprintf(rules_dir, sizeof(rules_dir), "%s", root ? root : rules_path);
	if (!root && (slash = strrchr(rules_dir, '/')) != NULL)
		*slash = '\0';
	else if (!root)
		snprintf(rules_dir, sizeof(rules_dir), ".");
	signal(SIGPIPE, SIG_IGN);
	if (log_path && !(log_file = fopen(log_path, "a")))
		die(log_path);
	if (cert) {
		if (!(tls = SSL_CTX_new(TLS_server_method())) ||
		    SSL_CTX_use_certificate_chain_file(tls, cert) != 1 ||
		    SSL_CTX_use_PrivateKey_file(tls, key ? key : cert, SSL_FILETYPE_PEM) != 1) {
			ERR_print_errors_fp(stderr);
			return 1;
		}
	}
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);   /* loopback only */
	addr.sin_port = htons((unsigned short)port);
	if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(s, 16) != 0 ||
	    getsockname(s, (struct sockaddr *)&addr, &alen) != 0)
		die("bind");
	snprintf(base, sizeof(base), "%s://127.0.0.1:%d", tls ? "https" : "http",
		ntohs(addr.sin_port));
	load_rules();
	snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
	if (!(pf = fopen(tmp, "w")) || fprintf(pf, "%d\n", ntohs(addr.sin_port)) < 0 ||
	    fclose(pf) != 0 || rename(tmp, port_file) != 0)
		die(port_file);
	for (;;) {
		conn c = { -1, NULL };
		if ((c.fd = accept(s, NULL, NULL)) < 0) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		if (tls) {
			c.ssl = SSL_new(tls);
			SSL_set_fd(c.ssl, c.fd);
			if (SSL_accept(c.ssl) != 1) {
				/* a client that does not trust us hangs up here */
				if (log_file) {
					fprintf(log_file, "TLS handshake failed\n");
					fflush(log_file);
				}
				SSL_free(c.ssl);
				close(c.fd);
				continue;
			}
		}
		serve(&c);
		if (c.ssl) {
			SSL_shutdown(c.ssl);
			SSL_free(c.ssl);
		}
		close(c.fd);
	}
}
