/*
 * What every admin API handler shares: the session cookie, the CSRF and
 * Origin checks on changes, the security headers, and access to a
 * clinic or a conversation.  The handlers are the h_admin_*.c files.
 */
#ifndef FD_ADMIN_H
#define FD_ADMIN_H

#include "req.h"
#include "staff.h"

#define ADMIN_COOKIE		"fd_admin"
#define ADMIN_CSRF_HEADER	"HTTP_X_CSRF_TOKEN"
#define ADMIN_LOGIN_WINDOW	900	/* seconds the login limits count */

/* Adds the headers of every admin answer (CSP, no caching, no framing). */
void	admin_headers(struct req *r);

/* Nonzero when r has no Origin or the Origin is the dashboard's own. */
int	admin_origin_ok(const struct req *r);

/* The session token of the request's cookie into buf, or NULL. */
const char *admin_cookie(const struct req *r, char *buf, size_t bufsz);

/* Adds the Set-Cookie header for token (NULL: clear the cookie). */
void	admin_set_cookie(struct req *r, const char *token, long max_age);

/*
 * Authenticates r from its session cookie into *s.  When change is
 * nonzero, also requires a same-site Origin and the session's CSRF token
 * in X-CSRF-Token.  Returns 0, or the status after answering 401 / 403 /
 * 503.
 */
int	admin_auth(struct req *r, struct staff *s, int change);

/* Answers 403 unless s is an admin.  0 or the status. */
int	admin_require_admin(struct req *r, const struct staff *s);

/*
 * The clinic a request is about: `given` (a query parameter or body
 * member; may be NULL) or, when absent, the account's only clinic.
 * Returns the borrowed id, or NULL after answering 400 or 403.
 */
const char *admin_clinic(struct req *r, const struct staff *s,
	    const char *given);

/* The clinic query parameter's value (into buf) or NULL. */
const char *admin_query_clinic(const struct req *r, char *buf, size_t bufsz);

/*
 * The conversation of path parameter 0 that s may see: its id, with its
 * clinic into clinic (65 bytes) and status into status (16 bytes).
 * Returns the id, or 0 after answering 404 (also for another clinic's
 * conversation) or 503.
 */
unsigned long long admin_conv(struct req *r, const struct staff *s,
	    char *clinic, char *status);

/* Parses a decimal id; 0 when s is not one. */
unsigned long long admin_parse_id(const char *s);

/* Answers 503. */
int	admin_db_down(struct req *r);

#endif
