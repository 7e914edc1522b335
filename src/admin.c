/*
 * Authentication and access checks of the admin API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "util.h"

void
admin_headers(struct req *r)
{
	req_header(r, "Content-Security-Policy",
	    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
	req_header(r, "Cache-Control", "no-store");
	req_header(r, "X-Frame-Options", "DENY");
}

/* Writes "scheme://host[:port]" of url into buf; 0 or -1. */
static int
admin_url_origin(const char *url, char *buf, size_t bufsz)
{
	const char	*p = strstr(url, "://");
	size_t		 n;

	if (p == NULL)
		return -1;
	n = (size_t)(p - url) + 3 + strcspn(p + 3, "/");
	if (n >= bufsz)
		return -1;
	memcpy(buf, url, n);
	buf[n] = '\0';
	return 0;
}

int
admin_origin_ok(const struct req *r)
{
	const char	*host = req_env(r, "HTTP_HOST");
	const char	*port = req_env(r, "SERVER_PORT");
	const char	*scheme = r->https ? "https" : "http";
	char		 own[512];

	if (r->origin == NULL)
		return 1;
	/* The web server may pass the host without its port. */
	if (host != NULL) {
		snprintf(own, sizeof(own), "%s://%s", scheme, host);
		if (strcmp(own, r->origin) == 0)
			return 1;
		snprintf(own, sizeof(own), "%s://%s:%s", scheme, host,
		    port != NULL ? port : "");
		if (strchr(host, ':') == NULL && port != NULL &&
		    strcmp(own, r->origin) == 0)
			return 1;
	}
	return admin_url_origin(conf_str("public_url"), own, sizeof(own)) == 0
	    && strcmp(own, r->origin) == 0;
}

const char *
admin_cookie(const struct req *r, char *buf, size_t bufsz)
{
	const char	*c = req_env(r, "HTTP_COOKIE"), *v;
	size_t		 n, klen = strlen(ADMIN_COOKIE);

	while (c != NULL && *c != '\0') {
		c += strspn(c, " ;");
		n = strcspn(c, ";");
		if (n > klen && strncmp(c, ADMIN_COOKIE, klen) == 0 &&
		    c[klen] == '=') {
			v = c + klen + 1;
			n -= klen + 1;
			if (n >= bufsz)
				return NULL;
			memcpy(buf, v, n);
			buf[n] = '\0';
			return buf;
		}
		c += n;
	}
	return NULL;
}

void
admin_set_cookie(struct req *r, const char *token, long max_age)
{
	const char	*script = req_env(r, "SCRIPT_NAME");
	char		 v[512];

	if (script == NULL || strlen(script) > 200 || strpbrk(script, ";,"))
		script = "";
	snprintf(v, sizeof(v), "%s=%s; Path=%s/; Max-Age=%ld; HttpOnly; "
	    "SameSite=Strict%s", ADMIN_COOKIE, token != NULL ? token : "",
	    script, token != NULL ? max_age : 0, r->https ? "; Secure" : "");
	req_header(r, "Set-Cookie", v);
}

/* The CSRF header equals the session's token, in constant time. */
static int
admin_csrf_ok(const struct req *r, const struct staff *s)
{
	const char	*h = req_env(r, ADMIN_CSRF_HEADER);

	return h != NULL && strlen(h) == strlen(s->csrf) &&
	    util_ct_cmp(h, s->csrf) == 0;
}

int
admin_auth(struct req *r, struct staff *s, int change)
{
	char	 buf[STAFF_TOKEN_LEN + 2];
	int	 rc;

	admin_headers(r);
	if (change && !admin_origin_ok(r)) {
		log_info("admin change refused: foreign origin");
		return req_error(r, 403, "forbidden",
		    "requests from another site are refused");
	}
	rc = staff_session_load(admin_cookie(r, buf, sizeof(buf)),
	    clock_now(), s);
	if (rc == -1)
		return admin_db_down(r);
	if (rc == 0)
		return req_error(r, 401, "unauthorized", "please sign in");
	if (change && !admin_csrf_ok(r, s)) {
		log_info("admin change refused: no valid CSRF token");
		return req_error(r, 403, "csrf",
		    "the request lacks a valid X-CSRF-Token");
	}
	return 0;
}

int
admin_require_admin(struct req *r, const struct staff *s)
{
	if (staff_is_admin(s))
		return 0;
	return req_error(r, 403, "forbidden", "this needs an administrator");
}

const char *
admin_query_clinic(const struct req *r, char *buf, size_t bufsz)
{
	return req_query(r, "clinic", buf, bufsz);
}

const char *
admin_clinic(struct req *r, const struct staff *s, const char *given)
{
	int	 i;

	if (given == NULL || *given == '\0') {
		if (s->nclinics == 1)
			return s->clinics[0];
		req_error(r, 400, "bad_request", "name the clinic");
		return NULL;
	}
	for (i = 0; i < s->nclinics; i++)
		if (strcmp(s->clinics[i], given) == 0)
			return s->clinics[i];
	req_error(r, 403, "forbidden", "this account may not see that clinic");
	return NULL;
}

unsigned long long
admin_parse_id(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 19 ||
	    strspn(s, "0123456789") != strlen(s))
		return 0;
	return strtoull(s, NULL, 10);
}

unsigned long long
admin_conv(struct req *r, const struct staff *s, char *clinic, char *status)
{
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	unsigned long long	 id = admin_parse_id(r->params[0]);
	int			 ok = 0;

	if (id == 0) {
		req_error(r, 404, "not_found", "no such conversation");
		return 0;
	}
	if ((res = db_query("SELECT clinic_id, status FROM conversations "
	    "WHERE id = %llu", id)) == NULL) {
		admin_db_down(r);
		return 0;
	}
	if ((row = mysql_fetch_row(res)) != NULL && staff_may(s, row[0])) {
		snprintf(clinic, 65, "%s", row[0]);
		snprintf(status, 16, "%s", row[1]);
		ok = 1;
	}
	mysql_free_result(res);
	if (!ok) {
		req_error(r, 404, "not_found", "no such conversation");
		return 0;
	}
	return id;
}

int
admin_db_down(struct req *r)
{
	return req_error(r, 503, "unavailable",
	    "the service is unavailable, please try again shortly");
}
