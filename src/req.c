/*
 * Reading a request from FastCGI or CGI and writing its answer.  Which
 * handler runs is route.c's business.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "log.h"
#include "req.h"
#include "util.h"


const char *
req_env(const struct req *r, const char *name)
{
	if (r->fcgx != NULL)
		return FCGX_GetParam(name, r->fcgx->envp);
	return getenv(name);
}

static const char *
req_env_or(const struct req *r, const char *name, const char *dflt)
{
	const char	*v = req_env(r, name);

	return v != NULL ? v : dflt;
}

int
req_init(struct req *r, FCGX_Request *fcgx, unsigned long id)
{
	const char	*p, *https;

	memset(r, 0, sizeof(*r));
	r->id = id;
	r->fcgx = fcgx;
	r->method = req_env_or(r, "REQUEST_METHOD", "GET");
	p = req_env_or(r, "PATH_INFO", "");
	while (*p == '/')
		p++;
	if ((r->path = strdup(p)) == NULL)
		return -1;
	r->query = req_env_or(r, "QUERY_STRING", "");
	r->origin = req_env(r, "HTTP_ORIGIN");
	r->auth = req_env(r, "HTTP_AUTHORIZATION");
	r->idem_key = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	r->remote_addr = req_env_or(r, "REMOTE_ADDR", "");
	https = req_env(r, "HTTPS");
	r->https = https != NULL && (strcasecmp(https, "on") == 0 ||
	    strcmp(https, "1") == 0);
	buf_init(&r->body, REQ_BODY_MAX);
	buf_init(&r->raw, 16 * 1024 * 1024);
	buf_init(&r->headers, 8192);
	r->status = 200;
	return 0;
}

static int
req_read(struct req *r, char *dst, int n)
{
	if (r->fcgx != NULL)
		return FCGX_GetStr(dst, n, r->fcgx->in);
	return (int)fread(dst, 1, (size_t)n, stdin);
}

int
req_read_body(struct req *r)
{
	const char	*cl = req_env(r, "CONTENT_LENGTH");
	char		 chunk[8192], *end;
	long		 want;
	int		 got;

	if (cl == NULL || *cl == '\0')
		return 0;
	want = strtol(cl, &end, 10);
	if (*end != '\0' || want < 0)
		return req_error(r, 400, "bad_request",
		    "invalid Content-Length");
	if (want > REQ_BODY_MAX)
		return req_error(r, 413, "too_large",
		    "the request body is too large");
	while ((long)r->body.len < want) {
		long left = want - (long)r->body.len;

		got = req_read(r, chunk, left < (long)sizeof(chunk) ?
		    (int)left : (int)sizeof(chunk));
		if (got <= 0)
			break;
		if (buf_add(&r->body, chunk, (size_t)got) == -1)
			return req_error(r, 413, "too_large",
			    "the request body is too large");
	}
	if ((long)r->body.len != want) {
		log_info("body cut short: %zu of %ld bytes", r->body.len, want);
		return req_error(r, 400, "bad_request",
		    "the request body was cut short");
	}
	r->body_whole = 1;
	return 0;
}

int
req_input_ended(struct req *r)
{
	if (r->fcgx == NULL)
		return 0;
	if (r->fcgx->in->isClosed)
		return 1;
	/* Only a body read whole (or none, for a GET) is followed by
	 * nothing but its end: the record that says so comes with the
	 * body's last bytes. */
	if (!r->body_whole && strcmp(r->method, "GET") != 0 &&
	    strcmp(r->method, "HEAD") != 0)
		return 0;
	return FCGX_GetChar(r->fcgx->in) == EOF;
}

int
req_parse_json(struct req *r)
{
	if (r->body.len == 0)
		return req_error(r, 400, "bad_request",
		    "a JSON body is needed");
	if (!utf8_valid(r->body.data, r->body.len))
		return req_error(r, 400, "bad_request",
		    "the body is not valid UTF-8");
	r->json = util_json_parse(r->body.data, r->body.len);
	if (r->json == NULL)
		return req_error(r, 400, "bad_request",
		    "the body is not valid JSON");
	if (!json_object_is_type(r->json, json_type_object))
		return req_error(r, 400, "bad_request",
		    "the body must be a JSON object");
	return 0;
}

static int
req_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes a %-encoded value of n bytes into buf.  0 or -1. */
static int
req_unescape(const char *s, size_t n, char *buf, size_t bufsz)
{
	size_t	 i, o = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '+')
			c = ' ';
		else if (c == '%' && i + 2 < n &&
		    req_hexval(s[i + 1]) >= 0 && req_hexval(s[i + 2]) >= 0) {
			c = req_hexval(s[i + 1]) * 16 + req_hexval(s[i + 2]);
			i += 2;
		}
		if (o + 1 >= bufsz || c == 0)
			return -1;
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return utf8_valid(buf, o) ? 0 : -1;
}

const char *
req_query(const struct req *r, const char *name, char *buf, size_t bufsz)
{
	const char	*p = r->query;
	size_t		 nlen = strlen(name);

	while (p != NULL && *p != '\0') {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);

		if (len > nlen && strncmp(p, name, nlen) == 0 &&
		    p[nlen] == '=')
			return req_unescape(p + nlen + 1, len - nlen - 1,
			    buf, bufsz) == 0 ? buf : NULL;
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

int
req_answer(struct req *r, int status, json_object *obj)
{
	json_object_put(r->answer);
	r->answer = obj;
	r->status = status;
	r->raw.len = 0;
	r->raw_type = NULL;
	return status;
}

int
req_error(struct req *r, int status, const char *code, const char *message)
{
	json_object	*err = json_object_new_object();
	json_object	*top = json_object_new_object();

	json_object_object_add(err, "code", json_object_new_string(code));
	json_object_object_add(err, "message",
	    json_object_new_string(message));
	json_object_object_add(top, "error", err);
	return req_answer(r, status, top);
}

int
req_answer_raw(struct req *r, int status, const char *type,
    const char *body, size_t len)
{
	json_object_put(r->answer);
	r->answer = NULL;
	r->raw.len = 0;
	if (buf_add(&r->raw, body, len) == -1)
		return req_error(r, 500, "internal", "answer too large");
	r->raw_type = type;
	r->status = status;
	return status;
}

void
req_header(struct req *r, const char *name, const char *value)
{
	const char	*p;

	buf_addstr(&r->headers, name);
	buf_addstr(&r->headers, ": ");
	for (p = value; *p != '\0'; p++)
		if (*p != '\r' && *p != '\n')
			buf_add(&r->headers, p, 1);
	buf_addstr(&r->headers, "\r\n");
}

const char *
req_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

static void
req_write(struct req *r, const char *s, size_t n)
{
	if (r->fcgx != NULL)
		FCGX_PutStr(s, (int)n, r->fcgx->out);
	else
		fwrite(s, 1, n, stdout);
}

/* Nonzero when the handler added a header of that name. */
static int
req_has_header(const struct req *r, const char *name)
{
	const char	*p = r->headers.data;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			return 1;
		if ((p = strstr(p, "\r\n")) != NULL)
			p += 2;
	}
	return 0;
}

/*
 * Every answer: no sniffing, no referrer, no framing, nothing loaded or
 * run from it, not cached unless the handler says otherwise, and HTTPS
 * only from now on once the client came over TLS.
 */
static void
req_security_headers(const struct req *r, struct buf *h)
{
	buf_addstr(h, "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: no-referrer\r\n");
	if (!req_has_header(r, "Content-Security-Policy"))
		buf_addstr(h, "Content-Security-Policy: " REQ_CSP "\r\n");
	if (!req_has_header(r, "X-Frame-Options"))
		buf_addstr(h, "X-Frame-Options: DENY\r\n");
	if (!req_has_header(r, "Cache-Control"))
		buf_addstr(h, "Cache-Control: no-store\r\n");
	if (r->https)
		buf_printf(h, "Strict-Transport-Security: max-age=%d\r\n",
		    REQ_HSTS_SECONDS);
}

void
req_finish(struct req *r)
{
	struct buf	 h;
	const char	*body = "", *type = "application/json; charset=utf-8";
	size_t		 len = 0;

	if (r->answer != NULL) {
		body = json_object_to_json_string_length(r->answer,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
		    &len);
	} else if (r->raw_type != NULL) {
		body = r->raw.data ? r->raw.data : "";
		len = r->raw.len;
		type = r->raw_type;
	}
	buf_init(&h, 64 * 1024);
	buf_printf(&h, "Status: %d %s\r\n", r->status, req_reason(r->status));
	if (r->status != 204)
		buf_printf(&h, "Content-Type: %s\r\n", type);
	buf_printf(&h, "Content-Length: %zu\r\n", len);
	req_security_headers(r, &h);
	if (r->headers.len > 0)
		buf_add(&h, r->headers.data, r->headers.len);
	buf_addstr(&h, "\r\n");
	req_write(r, h.data, h.len);
	if (len > 0 && strcmp(r->method, "HEAD") != 0)
		req_write(r, body, len);
	if (r->fcgx == NULL)
		fflush(stdout);
	buf_release(&h);
}

void
req_release(struct req *r)
{
	int	 i;

	free(r->path);
	for (i = 0; i < r->nparams; i++)
		free(r->params[i]);
	json_object_put(r->json);
	json_object_put(r->answer);
	buf_release(&r->body);
	buf_release(&r->raw);
	buf_release(&r->headers);
	memset(r, 0, sizeof(*r));
}
