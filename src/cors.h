/*
 * Cross-origin access: only the exact origins a clinic lists in
 * allowed_origins.  A request without an Origin header is not from a
 * browser page and is not subject to it.
 */
#ifndef FD_CORS_H
#define FD_CORS_H

#include "clinic.h"
#include "req.h"

/* Nonzero when origin is one of clinic c's allowed origins. */
int	cors_allowed(const struct clinic *c, const char *origin);

/* Nonzero when origin is allowed by any clinic (for a preflight that
 * does not name one).  Database errors count as not allowed. */
int	cors_allowed_any(const char *origin);

/*
 * Checks r's Origin against clinic c and adds the CORS headers when it
 * is allowed.  Returns 0 when the request may go on, or 403 after
 * answering the error when the origin is not allowed.
 */
int	cors_check(struct req *r, const struct clinic *c);

/* Answers a preflight for clinic c (NULL: any clinic): 204 with the
 * allowed methods and headers, or 403.  Returns the status. */
int	cors_preflight(struct req *r, const struct clinic *c);

#endif
