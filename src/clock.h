/*
 * The product's clock.  $FRONTDESK_NOW (an ISO 8601 UTC instant such as
 * 2026-12-03T14:05:00Z) fixes it for tests and demos; every part of the
 * product asks this clock, never time(2) directly.
 */
#ifndef FD_CLOCK_H
#define FD_CLOCK_H

#include <time.h>

/* The current instant: $FRONTDESK_NOW if set and valid, else the system's. */
time_t	clock_now(void);

/*
 * Parses "YYYY-MM-DDTHH:MM:SSZ" (or "+00:00").  Returns 0 and sets *t, or
 * -1 when the text is not such an instant.
 */
int	clock_parse_utc(const char *s, time_t *t);

/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void	clock_format_utc(time_t t, char *buf, size_t bufsz);

#endif
