/*
 * Rate limits in the database, so that every web server counts together:
 * fixed windows per bucket.  Windows run on the real clock, not the
 * product's: a clock fixed by $FRONTDESK_NOW must not freeze them.
 */
#ifndef FD_RATE_H
#define FD_RATE_H

#include <time.h>

/*
 * Counts one hit on bucket in the current window of `window` seconds.
 * Returns 0 while within limit, or the seconds until the window ends
 * (for Retry-After) once past it.  A database failure lets the hit
 * through (and is logged): availability before strictness.  The last
 * argument is unused and kept for callers that pass the product clock.
 */
int	rate_hit(const char *bucket, int limit, int window, time_t unused);

/* As rate_hit, but only looks: nothing is counted. */
int	rate_peek(const char *bucket, int limit, int window);

#endif
