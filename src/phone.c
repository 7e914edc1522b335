/*
 * UK numbering: the national significant number (NSN) follows +44 with
 * the trunk 0 dropped.  Mobiles are 7 and nine digits, 70 personal
 * numbers and 76 pagers excepted (but 7624 is the Isle of Man's mobile
 * range); geographic numbers start 1 or 2.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "phone.h"

#define PHONE_DIGITS_MAX	20

/* Keeps the digits of text and notes a leading "+"; "(0)" is dropped.
 * 0 or -1 when anything but digits and separators is there. */
static int
phone_digits(const char *text, char *d, size_t dsz, int *plus)
{
	const char	*p;
	size_t		 n = 0;

	*plus = 0;
	for (p = text; *p != '\0'; p++) {
		if (strncmp(p, "(0)", 3) == 0) {
			p += 2;
			continue;
		}
		if (*p == '+' && n == 0 && !*plus)
			*plus = 1;
		else if (isdigit((unsigned char)*p)) {
			if (n + 1 >= dsz)
				return -1;
			d[n++] = *p;
		} else if (strchr(" \t-.()/", *p) == NULL)
			return -1;
	}
	d[n] = '\0';
	return n == 0 ? -1 : 0;
}

/* The kind of a UK NSN, or -1 when it is not a valid one. */
static int
phone_nsn_kind(const char *nsn)
{
	size_t	 n = strlen(nsn);

	if (nsn[0] == '7') {
		if (n != 10)
			return -1;
		if (nsn[1] == '0')
			return PHONE_PERSONAL;
		if (nsn[1] == '6')
			return strncmp(nsn, "7624", 4) == 0 ? PHONE_MOBILE :
			    PHONE_PAGER;
		return PHONE_MOBILE;
	}
	if (nsn[0] == '1' || nsn[0] == '2')
		return n == 10 || (n == 9 && nsn[0] == '1') ?
		    PHONE_GEOGRAPHIC : -1;
	if (nsn[0] == '3' || nsn[0] == '8')
		return n == 10 || (n == 9 && nsn[0] == '8') ? PHONE_NONGEO : -1;
	return -1;
}

/* Points *nsn at the national significant number of a UK number, or
 * returns 1 for a foreign one (*nsn: its digits after the "+"), -1 for
 * no number. */
static int
phone_split(const char *d, int plus, const char **nsn)
{
	size_t	 n = strlen(d);

	if (plus || strncmp(d, "00", 2) == 0) {
		d += plus ? 0 : 2;
		if (strncmp(d, "44", 2) != 0) {
			*nsn = d;
			n = strlen(d);
			return n >= 8 && n <= 15 && d[0] != '0' ? 1 : -1;
		}
		d += 2;
		if (*d == '0')
			d++;
	} else if (d[0] == '0')
		d++;
	else if (strncmp(d, "44", 2) == 0 && n == 12)
		d += 2;
	else if (n != 10)
		return -1;
	*nsn = d;
	return 0;
}

int
phone_parse(const char *text, char *e164, size_t e164sz,
    enum phone_kind *kind)
{
	char		 d[PHONE_DIGITS_MAX];
	const char	*nsn;
	int		 plus, k;

	if (phone_digits(text, d, sizeof(d), &plus) == -1)
		return -1;
	switch (phone_split(d, plus, &nsn)) {
	case 1:
		*kind = PHONE_FOREIGN;
		snprintf(e164, e164sz, "+%s", nsn);
		return 0;
	case 0:
		break;
	default:
		return -1;
	}
	if ((k = phone_nsn_kind(nsn)) == -1)
		return -1;
	*kind = (enum phone_kind)k;
	snprintf(e164, e164sz, "+44%s", nsn);
	return 0;
}

int
phone_takes_sms(enum phone_kind kind)
{
	return kind == PHONE_MOBILE || kind == PHONE_FOREIGN;
}
