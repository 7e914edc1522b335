/*
 * Date of birth parsing.  Numeric dates are read day first, the UK
 * order; a second number above 12 can only be a month-first date and is
 * asked back rather than guessed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caldate.h"
#include "dob.h"
#include "when.h"
#include "words.h"

#define DOB_AGE_MAX	125

/* The full year of y (two or four digits) so that the date is not
 * after today; 0 when y is not a year. */
static int
dob_year(int y, int ylen, int mon, int mday, long today)
{
	int	 ty, tm, td;

	caldate_civil(today, &ty, &tm, &td);
	if (ylen == 4)
		return y;
	if (ylen != 2)
		return 0;
	y += 2000;
	if (y > ty || (mon >= 1 && mon <= 12 && mday >= 1 &&
	    mday <= caldate_mdays(y, mon) && caldate_days(y, mon, mday) >
	    today))
		y -= 100;
	return y;
}

static enum dob_result
dob_make(int y, int mon, int mday, long today, long *day)
{
	int	 ty, tm, td;

	caldate_civil(today, &ty, &tm, &td);
	if (mon < 1 || mon > 12 || mday < 1 || y < ty - DOB_AGE_MAX ||
	    mday > caldate_mdays(y, mon))
		return DOB_INVALID;
	*day = caldate_days(y, mon, mday);
	return *day > today ? DOB_FUTURE : DOB_OK;
}

/* "05/04/1988", "5.4.88", "1979-02-28", "4/13/1988". */
static enum dob_result
dob_numeric(const char *s, long today, long *day)
{
	int	 a, b, c, n = 0, alen, clen, y;
	char	 sep1, sep2;
	enum dob_result r;

	while (isspace((unsigned char)*s))
		s++;
	if (sscanf(s, "%d%c%d%c%d%n", &a, &sep1, &b, &sep2, &c, &n) != 5 ||
	    sep1 != sep2 || strchr("/.-", sep1) == NULL)
		return DOB_INVALID;
	while (isspace((unsigned char)s[n]))
		n++;
	if (s[n] != '\0' || a < 0 || b < 0 || c < 0)
		return DOB_INVALID;
	alen = (int)strspn(s, "0123456789");
	clen = (int)strspn(strrchr(s, sep1) + 1, "0123456789");
	if (alen == 4)
		return dob_make(a, b, c, today, day);
	if (b > 12 && a <= 12) {
		y = dob_year(c, clen, a, b, today);
		r = dob_make(y, a, b, today, day);
		return r == DOB_OK ? DOB_ASK : r;
	}
	y = dob_year(c, clen, b, a, today);
	return y == 0 ? DOB_INVALID : dob_make(y, b, a, today, day);
}

/* "5th April 88", "April 5 1988", "5 avril 1988". */
static enum dob_result
dob_words(const char *text, long today, long *day)
{
	char	 f[256], *w[8], *p;
	int	 n = 0, i, mon = 0, mday = 0, y = 0, ylen = 0, v;
	char	*end;

	words_fold(text, f, sizeof(f));
	for (p = strtok(f, " "); p != NULL; p = strtok(NULL, " ")) {
		if (n == 8)
			return DOB_INVALID;
		w[n++] = p;
	}
	for (i = 0; i < n; i++) {
		if (when_month(w[i]) != 0 && mon == 0) {
			mon = when_month(w[i]);
			continue;
		}
		if (strcmp(w[i], "of") == 0 || strcmp(w[i], "de") == 0 ||
		    strcmp(w[i], "the") == 0)
			continue;
		if (!isdigit((unsigned char)*w[i]))
			return DOB_INVALID;
		v = (int)strtol(w[i], &end, 10);
		if (*end != '\0' && strlen(end) <= 3 && mday == 0 &&
		    strspn(end, "stndrhe") == strlen(end))
			mday = v;
		else if (*end != '\0')
			return DOB_INVALID;
		else if (mday == 0 && end - w[i] <= 2)
			mday = v;
		else if (y == 0) {
			y = v;
			ylen = (int)(end - w[i]);
		} else
			return DOB_INVALID;
	}
	if (mon == 0 || mday == 0 || y == 0)
		return DOB_INVALID;
	return dob_make(dob_year(y, ylen, mon, mday, today), mon, mday, today,
	    day);
}

enum dob_result
dob_parse(const char *text, long today, long *day)
{
	enum dob_result	 r;

	if (strlen(text) > 64)
		return DOB_INVALID;
	if ((r = dob_numeric(text, today, day)) != DOB_INVALID)
		return r;
	return dob_words(text, today, day);
}
