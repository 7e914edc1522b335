/*
 * Civil dates as day numbers, and dates written for patients in the
 * product's languages.  Weekday and month names come from here, never
 * from text a person or a model wrote.
 */
#ifndef FD_CALDATE_H
#define FD_CALDATE_H

#include <stddef.h>
#include <time.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (mon 1-12). */
long	caldate_days(int year, int mon, int mday);

/* The date of day number d into *year, *mon (1-12), *mday. */
void	caldate_civil(long d, int *year, int *mon, int *mday);

/* Weekday of day number d: 0 Sunday .. 6 Saturday. */
int	caldate_wday(long d);

/* Days in a month (mon 1-12). */
int	caldate_mdays(int year, int mon);

/* Parses "YYYY-MM-DD" into a day number.  0 or -1. */
int	caldate_parse(const char *s, long *d);

/* Writes day d as "YYYY-MM-DD" into buf (at least 11 bytes). */
void	caldate_iso(long d, char *buf, size_t bufsz);

/* The local day number and minute of the day of instant t in zone.
 * 0 or -1. */
int	caldate_local(const char *zone, time_t t, long *day, int *minute);

/*
 * A short label of a local date and time in lang ("Fri 4 Dec, 16:30",
 * "ven. 4 déc., 16:30"); minute < 0 leaves out the time.
 */
void	caldate_short(const char *lang, long d, int minute, char *buf,
	    size_t bufsz);

/* The date in words in lang ("Friday 4 December 2026",
 * "vendredi 4 décembre 2026"). */
void	caldate_long(const char *lang, long d, char *buf, size_t bufsz);

/* The date in words without its weekday ("4 December 2026"). */
void	caldate_date(const char *lang, long d, char *buf, size_t bufsz);

/* The weekday's full name in lang (wday 0 Sunday). */
const char *caldate_wday_name(const char *lang, int wday);

#endif
