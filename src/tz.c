/*
 * Local time through the C library and /usr/share/zoneinfo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"

#ifndef TZ_DIR
#define TZ_DIR "/usr/share/zoneinfo"
#endif

static char	 tz_current[128];

int
tz_valid(const char *zone)
{
	char	 path[256], magic[4];
	FILE	*fp;
	size_t	 n;
	int	 ok;

	n = strlen(zone);
	if (n == 0 || n > 100 || zone[0] == '/' || strstr(zone, "..") ||
	    strspn(zone, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789/_+-") != n)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", TZ_DIR, zone);
	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

static int
tz_set(const char *zone)
{
	if (strcmp(zone, tz_current) == 0)
		return 0;
	if (!tz_valid(zone))
		return -1;
	snprintf(tz_current, sizeof(tz_current), "%s", zone);
	setenv("TZ", zone, 1);
	tzset();
	return 0;
}

int
tz_local(const char *zone, time_t t, struct tm *tm)
{
	if (tz_set(zone) == -1)
		return -1;
	return localtime_r(&t, tm) == NULL ? -1 : 0;
}

time_t
tz_instant(const char *zone, int year, int mon, int mday, int hour, int min)
{
	struct tm	 tm, back;
	time_t		 t;

	if (tz_set(zone) == -1)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_isdst = 1;	/* first instance when a time repeats */
	t = mktime(&tm);
	if (t == -1 || localtime_r(&t, &back) == NULL)
		return -1;
	if (back.tm_hour != hour || back.tm_min != min ||
	    back.tm_mday != mday) {
		tm.tm_isdst = 0;
		tm.tm_year = year - 1900; tm.tm_mon = mon - 1;
		tm.tm_mday = mday; tm.tm_hour = hour; tm.tm_min = min;
		t = mktime(&tm);
		if (t == -1 || localtime_r(&t, &back) == NULL ||
		    back.tm_hour != hour || back.tm_min != min)
			return -1;
	}
	return t;
}
