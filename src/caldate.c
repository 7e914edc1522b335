/*
 * Day-number arithmetic (Howard Hinnant's civil-date algorithms) and the
 * date words of each language.  Languages without a table use English.
 */
#include <stdio.h>
#include <string.h>

#include "caldate.h"
#include "tz.h"

struct caldate_lang {
	const char	*code;
	const char	*wday[7];
	const char	*wday_short[7];
	const char	*month[12];
	const char	*month_short[12];
	const char	*fmt_short;	/* %w %d %m %t, see caldate_fill() */
	const char	*fmt_long;	/* %W %d %M %Y */
};

static const struct caldate_lang caldate_langs[] = {
	{ "en",
	  { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	    "Saturday" },
	  { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" },
	  { "January", "February", "March", "April", "May", "June", "July",
	    "August", "September", "October", "November", "December" },
	  { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	    "Oct", "Nov", "Dec" },
	  "%w %d %m, %t", "%W %d %M %Y" },
	{ "fr",
	  { "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
	    "samedi" },
	  { "dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam." },
	  { "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	    "août", "septembre", "octobre", "novembre", "décembre" },
	  { "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
	    "sept.", "oct.", "nov.", "déc." },
	  "%w %d %m, %t", "%W %d %M %Y" },
	{ "pl",
	  { "niedziela", "poniedziałek", "wtorek", "środa", "czwartek",
	    "piątek", "sobota" },
	  { "niedz.", "pon.", "wt.", "śr.", "czw.", "pt.", "sob." },
	  { "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
	    "lipca", "sierpnia", "września", "października", "listopada",
	    "grudnia" },
	  { "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz",
	    "paź", "lis", "gru" },
	  "%w %d %m, %t", "%W %d %M %Y" },
	{ "es",
	  { "domingo", "lunes", "martes", "miércoles", "jueves", "viernes",
	    "sábado" },
	  { "dom", "lun", "mar", "mié", "jue", "vie", "sáb" },
	  { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	    "agosto", "septiembre", "octubre", "noviembre", "diciembre" },
	  { "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept",
	    "oct", "nov", "dic" },
	  "%w %d %m, %t", "%W %d de %M de %Y" },
	{ "de",
	  { "Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag",
	    "Freitag", "Samstag" },
	  { "So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa." },
	  { "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	    "August", "September", "Oktober", "November", "Dezember" },
	  { "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.",
	    "Sept.", "Okt.", "Nov.", "Dez." },
	  "%w %d. %m, %t", "%W, %d. %M %Y" },
	{ "it",
	  { "domenica", "lunedì", "martedì", "mercoledì", "giovedì",
	    "venerdì", "sabato" },
	  { "dom", "lun", "mar", "mer", "gio", "ven", "sab" },
	  { "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
	    "luglio", "agosto", "settembre", "ottobre", "novembre",
	    "dicembre" },
	  { "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set",
	    "ott", "nov", "dic" },
	  "%w %d %m, %t", "%W %d %M %Y" },
	{ "ro",
	  { "duminică", "luni", "marți", "miercuri", "joi", "vineri",
	    "sâmbătă" },
	  { "dum.", "lun.", "mar.", "mie.", "joi", "vin.", "sâm." },
	  { "ianuarie", "februarie", "martie", "aprilie", "mai", "iunie",
	    "iulie", "august", "septembrie", "octombrie", "noiembrie",
	    "decembrie" },
	  { "ian.", "feb.", "mar.", "apr.", "mai", "iun.", "iul.", "aug.",
	    "sept.", "oct.", "nov.", "dec." },
	  "%w %d %m, %t", "%W %d %M %Y" },
	{ "ur",
	  { "اتوار", "پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ" },
	  { "اتوار", "پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ" },
	  { "جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی",
	    "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر" },
	  { "جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی",
	    "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر" },
	  "%w %d %m، %t", "%W %d %M %Y" },
};

#define CALDATE_NLANGS (sizeof(caldate_langs) / sizeof(caldate_langs[0]))

long
caldate_days(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
caldate_civil(long z, int *year, int *mon, int *mday)
{
	long	 era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*mon = (int)m;
	*mday = (int)d;
}

int
caldate_wday(long d)
{
	return (int)(d >= -4 ? (d + 4) % 7 : (d + 5) % 7 + 6);
}

int
caldate_mdays(int year, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (mon == 2 && (year % 4 == 0 && (year % 100 != 0 ||
	    year % 400 == 0)))
		return 29;
	return days[mon - 1];
}

int
caldate_parse(const char *s, long *d)
{
	int	 y, m, dd, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &dd,
	    &n) != 3 || n != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || dd < 1 ||
	    dd > caldate_mdays(y, m))
		return -1;
	*d = caldate_days(y, m, dd);
	return 0;
}

void
caldate_iso(long d, char *buf, size_t bufsz)
{
	int	 y, m, dd;

	caldate_civil(d, &y, &m, &dd);
	snprintf(buf, bufsz, "%04d-%02d-%02d", y, m, dd);
}

int
caldate_local(const char *zone, time_t t, long *day, int *minute)
{
	struct tm	 tm;

	if (tz_local(zone, t, &tm) == -1)
		return -1;
	*day = caldate_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (minute != NULL)
		*minute = tm.tm_hour * 60 + tm.tm_min;
	return 0;
}

static const struct caldate_lang *
caldate_lang(const char *lang)
{
	size_t	 i;

	for (i = 0; lang != NULL && i < CALDATE_NLANGS; i++)
		if (strcmp(caldate_langs[i].code, lang) == 0)
			return &caldate_langs[i];
	return &caldate_langs[0];
}

/* Expands a format of the language into buf. */
static void
caldate_fill(const struct caldate_lang *l, const char *fmt, long d,
    int minute, char *buf, size_t bufsz)
{
	int	 y, m, dd, wd = caldate_wday(d);
	size_t	 n = 0;
	char	 part[64];
	const char *p, *s;

	caldate_civil(d, &y, &m, &dd);
	buf[0] = '\0';
	for (p = fmt; *p != '\0' && n + 1 < bufsz; p++) {
		s = part;
		part[0] = *p;
		part[1] = '\0';
		if (*p == '%' && p[1] != '\0') {
			switch (*++p) {
			case 'w': s = l->wday_short[wd]; break;
			case 'W': s = l->wday[wd]; break;
			case 'm': s = l->month_short[m - 1]; break;
			case 'M': s = l->month[m - 1]; break;
			case 'd': snprintf(part, sizeof(part), "%d", dd); break;
			case 'Y': snprintf(part, sizeof(part), "%d", y); break;
			case 't':
				snprintf(part, sizeof(part), "%02d:%02d",
				    minute / 60, minute % 60);
				break;
			}
		}
		n += strlen(s);
		if (n + 1 >= bufsz)
			break;
		strcat(buf, s);
	}
}

void
caldate_short(const char *lang, long d, int minute, char *buf, size_t bufsz)
{
	const struct caldate_lang *l = caldate_lang(lang);
	char	 fmt[32];
	char	*cut;

	snprintf(fmt, sizeof(fmt), "%s", l->fmt_short);
	if (minute < 0 && (cut = strstr(fmt, "%t")) != NULL) {
		*cut = '\0';
		while (cut > fmt && (cut[-1] == ' ' || cut[-1] == ',' ||
		    (unsigned char)cut[-1] >= 0x80))
			*--cut = '\0';
	}
	caldate_fill(l, fmt, d, minute, buf, bufsz);
}

void
caldate_long(const char *lang, long d, char *buf, size_t bufsz)
{
	const struct caldate_lang *l = caldate_lang(lang);

	caldate_fill(l, l->fmt_long, d, 0, buf, bufsz);
}

void
caldate_date(const char *lang, long d, char *buf, size_t bufsz)
{
	const struct caldate_lang *l = caldate_lang(lang);
	const char	*p = strstr(l->fmt_long, "%d");
	char		 fmt[32];

	snprintf(fmt, sizeof(fmt), "%s", p ? p : l->fmt_long);
	caldate_fill(l, fmt, d, 0, buf, bufsz);
}

const char *
caldate_wday_name(const char *lang, int wday)
{
	return caldate_lang(lang)->wday[wday % 7];
}
