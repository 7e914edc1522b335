/*
 * Opening hours of a clinic at an instant.  Slots for booking are
 * slots.c's business; this only answers "open or closed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "caldate.h"
#include "holidays.h"
#include "hours.h"
#include "tz.h"
#include "util.h"

static const char *const hours_days[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

static char	 hours_reason[256];

static int
hours_bank_holiday(const char *division, const char *date)
{
	long	 day;

	if (caldate_parse(date, &day) == -1)
		return 0;
	return holidays_lookup(division, day, hours_reason,
	    sizeof(hours_reason)) == 1;
}

int
hours_closed_day(const struct clinic *c, const char *date,
    const char **reason)
{
	json_object	*arr, *o;
	const char	*from, *to, *division;
	size_t		 i;

	if (reason != NULL)
		*reason = NULL;
	if (json_object_object_get_ex(c->doc, "closures", &arr) && arr) {
		for (i = 0; i < json_object_array_length(arr); i++) {
			o = json_object_array_get_idx(arr, i);
			from = util_json_str(o, "from", NULL);
			to = util_json_str(o, "to", NULL);
			if (from && to && strcmp(date, from) >= 0 &&
			    strcmp(date, to) <= 0) {
				if (reason != NULL)
					*reason = util_json_str(o, "reason",
					    NULL);
				return 1;
			}
		}
	}
	if ((division = util_json_str(c->doc, "bank_holidays", NULL)) == NULL)
		return 0;
	if (!hours_bank_holiday(division, date))
		return 0;
	if (reason != NULL)
		*reason = hours_reason;
	return 1;
}

/* Minutes since midnight of "HH:MM". */
static int
hours_minutes(json_object *s)
{
	const char	*p = json_object_get_string(s);

	return atoi(p) * 60 + atoi(p + 3);
}

int
hours_open_at(const struct clinic *c, time_t t)
{
	struct tm	 tm;
	json_object	*hours, *day, *pair;
	char		 date[16];
	size_t		 i;
	int		 now;

	if (tz_local(c->timezone, t, &tm) == -1)
		return 0;
	if (!json_object_object_get_ex(c->doc, "opening_hours", &hours) ||
	    !json_object_object_get_ex(hours, hours_days[tm.tm_wday], &day) ||
	    day == NULL)
		return 0;
	now = tm.tm_hour * 60 + tm.tm_min;
	for (i = 0; i < json_object_array_length(day); i++) {
		pair = json_object_array_get_idx(day, i);
		if (now >= hours_minutes(json_object_array_get_idx(pair, 0)) &&
		    now < hours_minutes(json_object_array_get_idx(pair, 1)))
			break;
	}
	if (i == json_object_array_length(day))
		return 0;
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	return !hours_closed_day(c, date, NULL);
}

time_t
hours_next_open(const struct clinic *c, time_t t)
{
	time_t	 end = t + 60 * 86400;

	/* Opening times fall on the quarter hour in practice; step by 15. */
	t -= t % 900;
	for (; t < end; t += 900)
		if (hours_open_at(c, t))
			return t;
	return 0;
}
