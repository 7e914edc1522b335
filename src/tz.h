/*
 * Wall-clock time in a clinic's zone, from the system tz database.
 * Workers are single-threaded; these switch the process zone (TZ) and
 * cache the last one.
 */
#ifndef FD_TZ_H
#define FD_TZ_H

#include <time.h>

/* Nonzero when zone names a zone of the system tz database. */
int	tz_valid(const char *zone);

/* The local time in zone of instant t into *tm.  0 or -1. */
int	tz_local(const char *zone, time_t t, struct tm *tm);

/*
 * The instant of a local wall-clock time in zone.  A time in the gap of
 * a spring-forward change gives -1 (it does not exist); a time repeated
 * at a fall-back change gives its first instance.
 */
time_t	tz_instant(const char *zone, int year, int mon, int mday, int hour,
	    int min);

#endif
