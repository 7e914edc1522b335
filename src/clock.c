/*
 * The clock override and UTC instant text.  Local times in a clinic's
 * zone are the business of the modules that show or book them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

int
clock_parse_utc(const char *s, time_t *t)
{
	struct tm	 tm;
	int		 n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
		return -1;
	if (strcmp(s + n, "Z") != 0 && strcmp(s + n, "+00:00") != 0)
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = timegm(&tm);
	return 0;
}

time_t
clock_now(void)
{
	static char	 last[64];	/* the override last parsed */
	static time_t	 last_t;
	const char	*s = getenv("FRONTDESK_NOW");
	time_t		 t;

	if (s == NULL || *s == '\0')
		return time(NULL);
	if (strcmp(s, last) == 0)
		return last_t;
	if (clock_parse_utc(s, &t) == -1)
		return time(NULL);
	if (strlen(s) < sizeof(last)) {
		memcpy(last, s, strlen(s) + 1);
		last_t = t;
	}
	return t;
}

void
clock_format_utc(time_t t, char *buf, size_t bufsz)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
