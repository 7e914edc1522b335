/*
 * A patient's time preference ("tomorrow morning", "next Tuesday",
 * "after 5pm", "Monday 28 December", "vendredi", "jutro rano") read
 * against the clinic's "now" in its own zone.  Dates are local day
 * numbers (caldate.h); times are minutes after local midnight.
 */
#ifndef FD_WHEN_H
#define FD_WHEN_H

#include <time.h>

struct when {
	int	 found;		/* something was recognised */
	long	 day_from;	/* first local day, inclusive; 0: from today */
	long	 day_to;	/* last local day, inclusive; 0: no end */
	int	 exact_day;	/* one day was named ("Friday", "the 12th") */
	int	 min_from;	/* earliest start, minutes of the day */
	int	 min_to;	/* latest start (exclusive), minutes */
	int	 mismatch;	/* the weekday named is not the date's */
	int	 named_wday;	/* that weekday (0 Sunday), or -1 */
	long	 alt_named;	/* the nearest day with the named weekday */
	long	 alt_next;	/* the first Monday-Friday on or after it */
};

/*
 * Reads the preference in text, in any of the product's languages,
 * relative to the local date of now in zone.  Returns 1 when something
 * was recognised, 0 when nothing was (*w then means "any time"), -1 when
 * the zone is unusable.
 */
int	when_parse(const char *text, time_t now, const char *zone,
	    struct when *w);

/* The month (1-12) a folded word names in any language, or 0. */
int	when_month(const char *word);

/* Nonzero when a start at local day d, minute m fits the preference. */
int	when_fits(const struct when *w, long d, int m);

#endif
