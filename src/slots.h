/*
 * Free appointment start times: the clinic's opening hours intersected
 * with the practitioner's, less bank holidays, closures, appointments
 * and other conversations' live holds, within the clinic's booking rules.
 * Worked out in the clinic's zone on wall-clock times, returned as UTC
 * instants, so both clock-change days come out right.  An appointment
 * must end inside its working block.
 */
#ifndef FD_SLOTS_H
#define FD_SLOTS_H

#include <stddef.h>
#include <time.h>
#include <json-c/json.h>

#include "clinic.h"
#include "when.h"

#define SLOTS_IV_MAX	4	/* working intervals in one day */

/* Weekly hours: for each weekday (0 Sunday), intervals in minutes after
 * local midnight, ascending, not overlapping. */
struct slots_week {
	short	 from[7][SLOTS_IV_MAX];
	short	 to[7][SLOTS_IV_MAX];
	int	 n[7];
};

/* A busy interval [start, end). */
struct slots_busy {
	time_t	 start;
	time_t	 end;
};

/* One free start. */
struct slot {
	time_t	 start;		/* UTC */
	long	 day;		/* local day number (caldate.h) */
	int	 minute;	/* local minute of the day */
};

/* Everything slots_compute() needs; nothing here touches the database. */
struct slots_query {
	const char		*zone;
	const struct slots_week	*week;		/* working hours */
	const long		*closed;	/* closed days, in order */
	size_t			 nclosed;
	const struct slots_busy	*busy;		/* in any order */
	size_t			 nbusy;
	int			 duration_min;
	int			 step_min;
	time_t			 earliest;	/* no start before this */
	long			 day_from;	/* local days, inclusive */
	long			 day_to;
	int			 min_from;	/* starts from this minute */
	int			 min_to;	/* and before this one */
};

/* The clinic's booking rules (clinic file "booking"), with defaults. */
struct slots_rules {
	int	 min_notice_hours;	/* default 2 */
	int	 max_days_ahead;	/* default 60 */
	int	 step_min;		/* default 15 */
};

/*
 * Reads an hours object ({"mon": [["08:00", "20:00"]], ...}); a missing
 * day is closed.  0, or -1 when the object is malformed.
 */
int	slots_week_parse(json_object *hours, struct slots_week *w);

/* The times inside both a and b into out. */
void	slots_week_intersect(const struct slots_week *a,
	    const struct slots_week *b, struct slots_week *out);

/*
 * The free starts of q in time order into out (at most max).  Returns
 * how many, or -1 (out of memory or an unusable zone).
 */
int	slots_compute(const struct slots_query *q, struct slot *out,
	    size_t max);

/* Reads the clinic's booking rules. */
void	slots_rules(const struct clinic *c, struct slots_rules *r);

/* Service and practitioner objects of the clinic file (borrowed), or
 * NULL. */
json_object	*slots_service(const struct clinic *c, const char *id);
json_object	*slots_practitioner(const struct clinic *c, const char *id);

/* Nonzero when the practitioner gives the service. */
int	slots_gives(json_object *service, const char *practitioner);

/* A request for the free starts of one practitioner and service. */
struct slots_req {
	const struct clinic	*clinic;
	const char		*practitioner;
	const char		*service;
	time_t			 now;
	unsigned long long	 conversation;	/* its holds do not count */
	const struct when	*pref;		/* or NULL: any time */
};

/*
 * The free starts for r (from its backend's busy times, holds, the
 * clinic's hours, closures and bank holidays) into out (at most max).
 * Returns how many, or -1 (database or backend failure, unknown
 * practitioner or service).
 */
int	slots_list(const struct slots_req *r, struct slot *out, size_t max);

enum slots_verdict {
	SLOTS_FREE,		/* a start slots_list would offer */
	SLOTS_OUTSIDE,		/* outside working hours or the rules */
	SLOTS_CLOSED,		/* a bank holiday or closure */
	SLOTS_BUSY,		/* taken or held meanwhile */
	SLOTS_ERROR
};

/* Checks one start for r again, server-side, before a hold or a
 * booking. */
enum slots_verdict slots_check(const struct slots_req *r, time_t start);

/*
 * The closed local days of the clinic between from and to (bank
 * holidays of its division and its closures), ascending, into days (at
 * most max).  Returns how many, or -1.
 */
int	slots_closed_days(const struct clinic *c, long from, long to,
	    long *days, size_t max);

#endif
