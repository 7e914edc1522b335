/*
 * Rate limits in the database, so that every web server counts together:
 * fixed one-minute (or one-hour) windows per bucket.
 */
#ifndef FD_RATE_H
#define FD_RATE_H

#include <time.h>

/*
 * Counts one hit on bucket in the window of `window` seconds containing
 * now.  Returns 0 while within limit, or the seconds until the window
 * ends (for Retry-After) once past it.  A database failure lets the hit
 * through (and is logged): availability before strictness.
 */
int	rate_hit(const char *bucket, int limit, int window, time_t now);

#endif
