/*
 * Is a clinic open: its opening hours in its own zone, less its
 * closures and the bank holidays it keeps.
 */
#ifndef FD_HOURS_H
#define FD_HOURS_H

#include <time.h>

#include "clinic.h"

/* Nonzero when the local date (YYYY-MM-DD) is a closure or a bank holiday
 * the clinic keeps.  When reason is given it gets the closure's reason or
 * the holiday's title (borrowed until the next call), or NULL. */
int	hours_closed_day(const struct clinic *, const char *date,
	    const char **reason);

/* Nonzero when the clinic is open at instant t. */
int	hours_open_at(const struct clinic *, time_t t);

/* The next instant at or after t at which the clinic opens, within 60
 * days, or 0 when there is none. */
time_t	hours_next_open(const struct clinic *, time_t t);

#endif
