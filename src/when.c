/*
 * Time preferences in the product's languages.  The text is folded
 * (words.h) and split into words; each word is read with its neighbours
 * ("la mañana" is the morning, "mañana" alone tomorrow).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caldate.h"
#include "when.h"
#include "words.h"

#define WHEN_TEXT_MAX	2048
#define WHEN_WORDS_MAX	96

struct when_word {
	const char	*word;
	int		 value;
};

static const struct when_word when_wdays[] = {
	{ "sunday", 0 }, { "monday", 1 }, { "tuesday", 2 },
	{ "wednesday", 3 }, { "thursday", 4 }, { "friday", 5 },
	{ "saturday", 6 }, { "sun", 0 }, { "mon", 1 }, { "tue", 2 },
	{ "tues", 2 }, { "wed", 3 }, { "thu", 4 }, { "thur", 4 },
	{ "thurs", 4 }, { "fri", 5 }, { "sat", 6 },
	{ "dimanche", 0 }, { "lundi", 1 }, { "mardi", 2 }, { "mercredi", 3 },
	{ "jeudi", 4 }, { "vendredi", 5 }, { "samedi", 6 },
	{ "niedziela", 0 }, { "niedziele", 0 }, { "poniedzialek", 1 },
	{ "wtorek", 2 }, { "sroda", 3 }, { "srode", 3 }, { "czwartek", 4 },
	{ "piatek", 5 }, { "sobota", 6 }, { "sobote", 6 },
	{ "domingo", 0 }, { "lunes", 1 }, { "martes", 2 }, { "miercoles", 3 },
	{ "jueves", 4 }, { "viernes", 5 }, { "sabado", 6 },
	{ "sonntag", 0 }, { "montag", 1 }, { "dienstag", 2 },
	{ "mittwoch", 3 }, { "donnerstag", 4 }, { "freitag", 5 },
	{ "samstag", 6 }, { "sonnabend", 6 },
	{ "domenica", 0 }, { "lunedi", 1 }, { "martedi", 2 },
	{ "mercoledi", 3 }, { "giovedi", 4 }, { "venerdi", 5 }, { "sabato", 6 },
	{ "duminica", 0 }, { "luni", 1 }, { "lunea", 1 }, { "marti", 2 },
	{ "martea", 2 }, { "miercuri", 3 }, { "miercurea", 3 }, { "joi", 4 },
	{ "joia", 4 }, { "vineri", 5 }, { "vinerea", 5 }, { "sambata", 6 },
	{ "itwar", 0 }, { "itwaar", 0 }, { "pir", 1 }, { "peer", 1 },
	{ "mangal", 2 }, { "budh", 3 }, { "jumerat", 4 }, { "jumeraat", 4 },
	{ "juma", 5 }, { "jumma", 5 }, { "jummah", 5 }, { "sanichar", 6 },
	{ NULL, 0 }
};

static const struct when_word when_months[] = {
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 },
	{ "may", 5 }, { "june", 6 }, { "july", 7 }, { "august", 8 },
	{ "september", 9 }, { "october", 10 }, { "november", 11 },
	{ "december", 12 }, { "jan", 1 }, { "feb", 2 }, { "mar", 3 },
	{ "apr", 4 }, { "jun", 6 }, { "jul", 7 }, { "aug", 8 }, { "sep", 9 },
	{ "sept", 9 }, { "oct", 10 }, { "nov", 11 }, { "dec", 12 },
	{ "janvier", 1 }, { "fevrier", 2 }, { "mars", 3 }, { "avril", 4 },
	{ "mai", 5 }, { "juin", 6 }, { "juillet", 7 }, { "aout", 8 },
	{ "septembre", 9 }, { "octobre", 10 }, { "novembre", 11 },
	{ "decembre", 12 },
	{ "stycznia", 1 }, { "lutego", 2 }, { "marca", 3 }, { "kwietnia", 4 },
	{ "maja", 5 }, { "czerwca", 6 }, { "lipca", 7 }, { "sierpnia", 8 },
	{ "wrzesnia", 9 }, { "pazdziernika", 10 }, { "listopada", 11 },
	{ "grudnia", 12 }, { "styczen", 1 }, { "luty", 2 }, { "marzec", 3 },
	{ "kwiecien", 4 }, { "maj", 5 }, { "czerwiec", 6 }, { "lipiec", 7 },
	{ "sierpien", 8 }, { "wrzesien", 9 }, { "pazdziernik", 10 },
	{ "listopad", 11 }, { "grudzien", 12 },
	{ "enero", 1 }, { "febrero", 2 }, { "marzo", 3 }, { "abril", 4 },
	{ "mayo", 5 }, { "junio", 6 }, { "julio", 7 }, { "agosto", 8 },
	{ "septiembre", 9 }, { "setiembre", 9 }, { "octubre", 10 },
	{ "noviembre", 11 }, { "diciembre", 12 },
	{ "januar", 1 }, { "februar", 2 }, { "marz", 3 }, { "maerz", 3 },
	{ "juni", 6 }, { "juli", 7 }, { "oktober", 10 }, { "dezember", 12 },
	{ "gennaio", 1 }, { "febbraio", 2 }, { "aprile", 4 }, { "maggio", 5 },
	{ "giugno", 6 }, { "luglio", 7 }, { "settembre", 9 },
	{ "ottobre", 10 }, { "dicembre", 12 },
	{ "ianuarie", 1 }, { "februarie", 2 }, { "martie", 3 },
	{ "aprilie", 4 }, { "iunie", 6 }, { "iulie", 7 }, { "septembrie", 9 },
	{ "octombrie", 10 }, { "noiembrie", 11 }, { "decembrie", 12 },
	{ NULL, 0 }
};

/* Parts of the day: 1 morning, 2 afternoon, 3 evening. */
static const struct when_word when_parts[] = {
	{ "morning", 1 }, { "matin", 1 }, { "matinee", 1 }, { "rano", 1 },
	{ "rankiem", 1 }, { "vormittag", 1 }, { "vormittags", 1 },
	{ "morgens", 1 }, { "fruh", 1 }, { "frueh", 1 }, { "mattina", 1 },
	{ "mattino", 1 }, { "dimineata", 1 }, { "subah", 1 }, { "subha", 1 },
	{ "afternoon", 2 }, { "popoludniu", 2 }, { "popoludnie", 2 },
	{ "tarde", 2 }, { "nachmittag", 2 }, { "nachmittags", 2 },
	{ "pomeriggio", 2 }, { "amiaza", 2 }, { "dopahar", 2 },
	{ "dopehar", 2 }, { "evening", 3 }, { "soir", 3 }, { "soiree", 3 },
	{ "wieczor", 3 }, { "wieczorem", 3 }, { "noche", 3 }, { "abend", 3 },
	{ "abends", 3 }, { "sera", 3 }, { "seara", 3 }, { "shaam", 3 },
	{ "sham", 3 }, { "tonight", 3 },
	{ NULL, 0 }
};

static const char *const when_abbrevs[] = { "sun", "mon", "tue", "tues",
	"wed", "thu", "thur", "thurs", "fri", "sat", NULL };
static const char *const when_today[] = { "today", "aujourd", "dzis",
	"dzisiaj", "hoy", "heute", "oggi", "azi", "astazi", "aaj", NULL };
static const char *const when_this[] = { "this", "ce", "cet", "cette",
	"questa", "questo", NULL };
static const char *const when_tomorrow[] = { "tomorrow", "tmrw",
	"demain", "jutro", "domani", "maine", "kal", NULL };
static const char *const when_next[] = { "next", "prochain", "prochaine",
	"proximo", "proxima", "nachsten", "nachste", "nachster",
	"naechsten", "naechste", "kommenden", "kommende", "prossimo",
	"prossima", "przyszly", "przyszla", "przyszlym", "przyszlej",
	"viitoare", "viitor", "agle", "agla", "aglay", "agli", NULL };
static const char *const when_week[] = { "week", "semaine", "tydzien",
	"tygodniu", "semana", "woche", "settimana", "saptamana", "hafte",
	"haftay", NULL };
static const char *const when_after[] = { "after", "apres", "po",
	"despues", "nach", "dopo", "dupa", "from", "baad", NULL };
static const char *const when_before[] = { "before", "avant", "przed",
	"antes", "vor", "prima", "inainte", "pehle", "by", NULL };

struct when_ctx {
	char	*w[WHEN_WORDS_MAX];
	int	 n;
	long	 today;
	long	 date;		/* a date named, or 0 */
	int	 wday;		/* a weekday named, or -1 */
	int	 wday_next;	/* "next" with it */
};

static int
when_lookup(const struct when_word *t, const char *word)
{
	for (; t->word != NULL; t++)
		if (strcmp(t->word, word) == 0)
			return t->value;
	return -1;
}

static int
when_in(const char *const *list, const char *word)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, word) == 0)
			return 1;
	return 0;
}

int
when_month(const char *word)
{
	int	 m = when_lookup(when_months, word);

	return m == -1 ? 0 : m;
}

/* The word at i, or "" outside the text. */
static const char *
when_at(const struct when_ctx *c, int i)
{
	return i >= 0 && i < c->n ? c->w[i] : "";
}

/* A day of the month: "12", "12th", "1st", "1er"; 0 when not one. */
static int
when_mday(const char *s, int need_suffix)
{
	char	*end;
	long	 v;

	if (!isdigit((unsigned char)*s))
		return 0;
	v = strtol(s, &end, 10);
	if (v < 1 || v > 31)
		return 0;
	if (*end == '\0')
		return need_suffix ? 0 : (int)v;
	if (strcmp(end, "st") == 0 || strcmp(end, "nd") == 0 ||
	    strcmp(end, "rd") == 0 || strcmp(end, "th") == 0 ||
	    strcmp(end, "er") == 0 || strcmp(end, "eme") == 0 ||
	    strcmp(end, "e") == 0 || strcmp(end, "ro") == 0)
		return (int)v;
	return 0;
}

/* The day of mday/mon (year y, or the next such date when y is 0). */
static long
when_date(const struct when_ctx *c, int y, int mon, int mday)
{
	int	 ty, tm, td;
	long	 d;

	caldate_civil(c->today, &ty, &tm, &td);
	if (y == 0) {
		y = ty;
		if (mon < tm || (mon == tm && mday < td))
			y++;
	}
	if (mday > caldate_mdays(y, mon))
		return 0;
	d = caldate_days(y, mon, mday);
	return d;
}

/* "12th" alone: this month's, or next month's when past. */
static long
when_mday_only(const struct when_ctx *c, int mday)
{
	int	 y, m, d;

	caldate_civil(c->today, &y, &m, &d);
	if (mday < d && ++m > 12) {
		m = 1;
		y++;
	}
	if (mday > caldate_mdays(y, m))
		return 0;
	return caldate_days(y, m, mday);
}

/* "28/12", "28/12/2026", "28.12." */
static long
when_numeric_date(const struct when_ctx *c, const char *s)
{
	int	 d, m, y = 0, n = 0;

	if (sscanf(s, "%2d%*[/.]%2d%n", &d, &m, &n) != 2)
		return 0;
	if (s[n] != '\0' && sscanf(s + n, "%*[/.]%4d", &y) != 1)
		return 0;
	if (y > 0 && y < 100)
		y += 2000;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return when_date(c, y, m, d);
}

/* A year after a date ("28 December 2026"), or 0. */
static int
when_year(const char *s)
{
	int	 y;

	if (strlen(s) != 4 || strspn(s, "0123456789") != 4)
		return 0;
	y = atoi(s);
	return y >= 2000 && y <= 2100 ? y : 0;
}

/* Finds a named date: with a month word, numeric, or "the 12th". */
static void
when_find_date(struct when_ctx *c)
{
	int	 i, m, d;

	for (i = 0; i < c->n && c->date == 0; i++) {
		if ((m = when_month(c->w[i])) != 0) {
			d = when_mday(when_at(c, i - 1), 0);
			if (d == 0 && strcmp(when_at(c, i - 1), "of") == 0)
				d = when_mday(when_at(c, i - 2), 0);
			if (d != 0) {
				c->date = when_date(c, when_year(when_at(c,
				    i + 1)), m, d);
				continue;
			}
			if ((d = when_mday(when_at(c, i + 1), 0)) != 0)
				c->date = when_date(c, when_year(when_at(c,
				    i + 2)), m, d);
		} else if (strpbrk(c->w[i], "/.") != NULL)
			c->date = when_numeric_date(c, c->w[i]);
	}
	for (i = 0; i < c->n && c->date == 0; i++) {
		const char *prev = when_at(c, i - 1);

		if ((d = when_mday(c->w[i], 1)) != 0 ||
		    ((strcmp(prev, "the") == 0 || strcmp(prev, "le") == 0 ||
		    strcmp(prev, "el") == 0 || strcmp(prev, "il") == 0) &&
		    (d = when_mday(c->w[i], 0)) != 0))
			if (!(i + 1 < c->n && (strcmp(c->w[i + 1], "pm") == 0 ||
			    strcmp(c->w[i + 1], "am") == 0)))
				c->date = when_mday_only(c, d);
	}
}

static int
when_is_morning(const struct when_ctx *c, int i)
{
	const char	*prev = when_at(c, i - 1);

	if (strcmp(c->w[i], "manana") == 0)
		return strcmp(prev, "la") == 0;
	if (strcmp(c->w[i], "morgen") == 0)
		return strcmp(prev, "am") == 0;
	return 0;
}

/* Finds the weekday named, and "next" around it. */
static void
when_find_wday(struct when_ctx *c)
{
	int	 i, wd;

	for (i = 0; i < c->n; i++) {
		if ((wd = when_lookup(when_wdays, c->w[i])) == -1)
			continue;
		/* "mon", "sat": abbreviations only before a date ("Mon 28
		 * Dec"), since "mon" is French and "sat" English too */
		if (when_in(when_abbrevs, c->w[i]) &&
		    when_mday(when_at(c, i + 1), 0) == 0)
			continue;
		c->wday = wd;
		c->wday_next = when_in(when_next, when_at(c, i - 1)) ||
		    when_in(when_next, when_at(c, i + 1)) ||
		    (strcmp(when_at(c, i + 1), "que") == 0 &&
		    strcmp(when_at(c, i + 2), "viene") == 0);
		return;
	}
}

/* A clock time in words i.. ("5pm", "5 pm", "17:00", "17h30", "9");
 * minutes, or -1. */
static int
when_clock(const struct when_ctx *c, int i)
{
	const char	*s = when_at(c, i), *next = when_at(c, i + 1);
	char		*end;
	long		 h, m = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	h = strtol(s, &end, 10);
	if ((*end == ':' || *end == 'h' || *end == '.') &&
	    isdigit((unsigned char)end[1]))
		m = strtol(end + 1, &end, 10);
	else if (*end == 'h')
		end++;
	if (strcmp(end, "pm") == 0 || strcmp(next, "pm") == 0) {
		if (h < 12)
			h += 12;
	} else if (strcmp(end, "am") == 0 || strcmp(next, "am") == 0) {
		if (h == 12)
			h = 0;
	} else if (*end != '\0')
		return -1;
	if (h > 23 || m > 59)
		return -1;
	return (int)(h * 60 + m);
}

/* "after 5pm", "avant 10h", "at 10am". */
static void
when_find_times(struct when_ctx *c, struct when *w)
{
	int	 i, t;

	for (i = 0; i < c->n; i++) {
		if ((t = when_clock(c, i)) == -1)
			continue;
		if (when_in(when_after, when_at(c, i - 1)) ||
		    when_in(when_after, when_at(c, i - 2)) ||
		    strcmp(when_at(c, i + 2), "baad") == 0) {
			w->min_from = t;
			w->found = 1;
		} else if (when_in(when_before, when_at(c, i - 1)) ||
		    when_in(when_before, when_at(c, i - 2))) {
			w->min_to = t;
			w->found = 1;
		} else if (strstr(c->w[i], "m") != NULL ||
		    strchr(c->w[i], ':') != NULL ||
		    strchr(c->w[i], 'h') != NULL ||
		    strcmp(when_at(c, i + 1), "pm") == 0 ||
		    strcmp(when_at(c, i + 1), "am") == 0) {
			w->min_from = t;
			w->min_to = t + 60;
			w->found = 1;
		}
	}
}

static void
when_find_part(struct when_ctx *c, struct when *w)
{
	static const int from[] = { 0, 0, 12 * 60, 17 * 60 };
	static const int to[] = { 24 * 60, 12 * 60, 17 * 60, 24 * 60 };
	int		 i, p;

	for (i = 0; i < c->n; i++) {
		p = when_lookup(when_parts, c->w[i]);
		if (p == -1 && when_is_morning(c, i))
			p = 1;
		if (p == -1 && strcmp(c->w[i], "midi") == 0 &&
		    strcmp(when_at(c, i - 1), "apres") == 0)
			p = 2;
		if (p == -1 && strcmp(c->w[i], "poludniu") == 0 &&
		    strcmp(when_at(c, i - 1), "po") == 0)
			p = 2;
		if (p == -1)
			continue;
		w->min_from = from[p];
		w->min_to = to[p];
		w->found = 1;
		return;
	}
}

/* Today, tomorrow, the day after, this or next week. */
static int
when_find_relative(struct when_ctx *c, struct when *w)
{
	int	 i;

	for (i = 0; i < c->n; i++) {
		if (when_in(when_week, c->w[i]) || (strcmp(c->w[i],
		    "hafta") == 0 && i > 0)) {
			int next = when_in(when_next, when_at(c, i - 1)) ||
			    when_in(when_next, when_at(c, i + 1)) ||
			    (strcmp(when_at(c, i + 1), "que") == 0);
			long mon = c->today - (caldate_wday(c->today) + 6) % 7;

			w->day_from = next ? mon + 7 : c->today;
			w->day_to = mon + (next ? 13 : 6);
			return 1;
		}
		if ((strcmp(c->w[i], "tomorrow") == 0 &&
		    strcmp(when_at(c, i - 1), "after") == 0) ||
		    strcmp(c->w[i], "pojutrze") == 0 ||
		    strcmp(c->w[i], "ubermorgen") == 0 ||
		    strcmp(c->w[i], "dopodomani") == 0 ||
		    strcmp(c->w[i], "poimaine") == 0 ||
		    strcmp(c->w[i], "parson") == 0 ||
		    (strcmp(c->w[i], "demain") == 0 &&
		    strcmp(when_at(c, i - 1), "apres") == 0) ||
		    (strcmp(c->w[i], "manana") == 0 &&
		    strcmp(when_at(c, i - 1), "pasado") == 0)) {
			w->day_from = w->day_to = c->today + 2;
			return 1;
		}
		if (when_in(when_today, c->w[i]) ||
		    strcmp(c->w[i], "tonight") == 0 ||
		    (when_in(when_this, c->w[i]) &&
		    when_lookup(when_parts, when_at(c, i + 1)) != -1)) {
			w->day_from = w->day_to = c->today;
			return 1;
		}
		if (when_in(when_tomorrow, c->w[i]) ||
		    ((strcmp(c->w[i], "manana") == 0 ||
		    strcmp(c->w[i], "morgen") == 0) &&
		    !when_is_morning(c, i))) {
			w->day_from = w->day_to = c->today + 1;
			return 1;
		}
	}
	return 0;
}

/* Splits folded text into words in place. */
static void
when_split(struct when_ctx *c, char *f)
{
	char	*p;

	c->n = 0;
	for (p = strtok(f, " "); p != NULL && c->n < WHEN_WORDS_MAX;
	    p = strtok(NULL, " "))
		c->w[c->n++] = p;
}

/* The day and weekday found, checked against each other. */
static void
when_settle_day(struct when_ctx *c, struct when *w)
{
	long	 d, back, fwd;

	if (c->date != 0) {
		w->day_from = w->day_to = c->date;
		w->exact_day = 1;
		if (c->wday != -1 && caldate_wday(c->date) != c->wday) {
			w->mismatch = 1;
			w->named_wday = c->wday;
			back = (caldate_wday(c->date) - c->wday + 7) % 7;
			fwd = (c->wday - caldate_wday(c->date) + 7) % 7;
			w->alt_named = back <= fwd && c->date - back >=
			    c->today ? c->date - back : c->date + fwd;
			for (d = c->date; caldate_wday(d) == 0 ||
			    caldate_wday(d) == 6; d++)
				;
			w->alt_next = d;
		}
	} else if (c->wday != -1) {
		d = c->today + (c->wday - caldate_wday(c->today) + 7) % 7;
		if (c->wday_next && d == c->today)
			d += 7;
		w->day_from = w->day_to = d;
		w->exact_day = 1;
	}
}

int
when_parse(const char *text, time_t now, const char *zone, struct when *w)
{
	struct when_ctx	 c;
	char		 f[WHEN_TEXT_MAX];

	memset(w, 0, sizeof(*w));
	w->min_to = 24 * 60;
	w->named_wday = -1;
	memset(&c, 0, sizeof(c));
	c.wday = -1;
	if (caldate_local(zone, now, &c.today, NULL) == -1)
		return -1;
	words_fold(text, f, sizeof(f));
	when_split(&c, f);

	when_find_date(&c);
	when_find_wday(&c);
	if (c.date != 0 || c.wday != -1) {
		when_settle_day(&c, w);
		w->found = 1;
	} else if (when_find_relative(&c, w))
		w->found = 1;
	when_find_part(&c, w);
	when_find_times(&c, w);
	if (w->exact_day && w->day_from < c.today)
		w->day_from = w->day_to = c.today;
	return w->found;
}

int
when_fits(const struct when *w, long d, int m)
{
	if (w->day_from != 0 && d < w->day_from)
		return 0;
	if (w->day_to != 0 && d > w->day_to)
		return 0;
	return m >= w->min_from && m < w->min_to;
}
