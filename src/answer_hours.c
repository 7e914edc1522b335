/*
 * Opening hours for the answer engine: the week, a named day, a date,
 * "now" and the next opening, with the clinic's closures and UK bank
 * holidays (holidays.h, or a source a test sets).  Local time comes from
 * tz.h; dates are counted as days from 1970-01-01.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "answer_int.h"
#include "holidays.h"
#include "log.h"
#include "tz.h"

#define AH_AHEAD_DAYS	60	/* closures mentioned this far ahead */
#define AH_SEARCH_DAYS	45	/* days searched for the next opening */

static const char *const ah_keys[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

struct ahday {
	int	 y, m, d;	/* the civil date */
	long	 n;		/* days since 1970-01-01 */
	int	 wday;		/* 0 Sunday */
};

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long
ah_days(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
ah_civil(long n, struct ahday *day)
{
	long	 era, doe, yoe, doy, mp;

	n += 719468;
	era = (n >= 0 ? n : n - 146096) / 146097;
	doe = n - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	day->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	day->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	day->y = (int)(yoe + era * 400 + (day->m <= 2));
	day->n = n - 719468;
	day->wday = (int)(((day->n % 7) + 11) % 7);
}

static int
ah_valid(int y, int m, int d)
{
	struct ahday	 day;

	if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	ah_civil(ah_days(y, m, d), &day);
	return day.d == d && day.m == m;
}

/* Today in the clinic's zone. */
static int
ah_today(struct actx *c, struct ahday *day)
{
	struct tm	 tm;

	if (tz_local(c->t->clinic->timezone, c->t->now, &tm) == -1)
		return -1;
	ah_civil(ah_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
	    day);
	return tm.tm_hour * 60 + tm.tm_min;
}

/* Bank holidays */

static answer_holiday_source ah_holiday_source = holidays_lookup;

void
answer_set_holiday_source(answer_holiday_source fn)
{
	ah_holiday_source = fn != NULL ? fn : holidays_lookup;
}

int
answer_bank_holiday(const char *division, int y, int m, int d,
    char *title, size_t titlesz)
{
	if (division == NULL)
		return -1;
	return ah_holiday_source(division, ah_days(y, m, d), title, titlesz);
}

/* Why the clinic is closed on day: 0 not closed, 1 a closure of the
 * clinic, 2 a bank holiday, -1 bank holidays of that year unknown. */
static int
ah_closed(struct actx *c, const struct ahday *day, char *why, size_t sz)
{
	json_object	*cl, *e;
	const char	*from, *to, *reason, *div;
	char		 date[16];
	size_t		 i, n;

	snprintf(date, sizeof(date), "%04d-%02d-%02d", day->y, day->m,
	    day->d);
	if (json_object_object_get_ex(c->doc, "closures", &cl) &&
	    json_object_is_type(cl, json_type_array)) {
		n = json_object_array_length(cl);
		for (i = 0; i < n; i++) {
			e = json_object_array_get_idx(cl, i);
			from = util_json_str(e, "from", NULL);
			to = util_json_str(e, "to", NULL);
			reason = util_json_str(e, "reason", NULL);
			if (from == NULL || to == NULL ||
			    strcmp(date, from) < 0 || strcmp(date, to) > 0)
				continue;
			snprintf(why, sz, "%s", reason ? reason : "");
			return 1;
		}
	}
	if ((div = util_json_str(c->doc, "bank_holidays", NULL)) == NULL)
		return 0;
	switch (answer_bank_holiday(div, day->y, day->m, day->d, why, sz)) {
	case 1:
		return 2;
	case 0:
		return 0;
	default:
		return -1;
	}
}

/* Formatting */

static void
ah_date_text(struct actx *c, const struct ahday *day, char *buf,
    size_t sz)
{
	char	 wd[64];

	snprintf(wd, sizeof(wd), "%s", ax_tr(c, aw_day_names[day->wday]));
	snprintf(buf, sz, ax_tr(c, "%s %d %s %d"), wd, day->d,
	    ax_tr(c, aw_month_names[day->m - 1]), day->y);
}

/* The ranges of a day ("08:30–13:00 and 14:00–17:00"); 0 when none. */
static int
ah_ranges(struct actx *c, json_object *hours, int wday, char *buf,
    size_t sz)
{
	json_object	*list, *r;
	const char	*a, *b;
	size_t		 i, n, o = 0;
	int		 k = 0;

	buf[0] = '\0';
	if (hours == NULL ||
	    !json_object_object_get_ex(hours, ah_keys[wday], &list) ||
	    !json_object_is_type(list, json_type_array))
		return 0;
	n = json_object_array_length(list);
	for (i = 0; i < n && o < sz; i++) {
		r = json_object_array_get_idx(list, i);
		a = json_object_get_string(json_object_array_get_idx(r, 0));
		b = json_object_get_string(json_object_array_get_idx(r, 1));
		if (a == NULL || b == NULL)
			continue;
		o += snprintf(buf + o, sz - o, "%s%s\xe2\x80\x93%s",
		    k ? ax_tr(c, " and ") : "", a, b);
		k++;
	}
	return k;
}

static json_object *
ah_hours_of(json_object *obj)
{
	json_object	*h;

	if (!json_object_object_get_ex(obj, "opening_hours", &h) &&
	    !json_object_object_get_ex(obj, "hours", &h))
		return NULL;
	return h;
}

/* The answer for one date. */
static int
ah_on_date(struct actx *c, const struct ahday *day)
{
	char	 date[128], why[256], ranges[256];
	int	 closed;

	ah_date_text(c, day, date, sizeof(date));
	closed = ah_closed(c, day, why, sizeof(why));
	if (closed == 1)
		return ax_addf(c, why[0] ? "On %s we are closed (%s)." :
		    "On %s we are closed.", date, why) == 0;
	if (closed == 2)
		return ax_addf(c, "On %s we are closed for the bank holiday "
		    "(%s).", date, why) == 0;
	if (!ah_ranges(c, ah_hours_of(c->doc), day->wday, ranges,
	    sizeof(ranges)))
		ax_addf(c, "On %s we are closed.", date);
	else
		ax_addf(c, "On %s we are open %s.", date, ranges);
	if (closed == -1)
		ax_add(c, ax_tr(c, "We are closed on bank holidays."));
	return 1;
}

/* The first opening at or after minute min of day, searching ahead. */
static int
ah_next_open(struct actx *c, const struct ahday *from, int min,
    struct ahday *day, char *at, size_t atsz, char *until, size_t usz)
{
	json_object	*list, *r;
	const char	*a, *b;
	char		 why[256];
	size_t		 i, n;
	int		 k, hh, mm, start, end;

	for (k = 0; k < AH_SEARCH_DAYS; k++, min = -1) {
		ah_civil(from->n + k, day);
		if (ah_closed(c, day, why, sizeof(why)) > 0 ||
		    !json_object_object_get_ex(ah_hours_of(c->doc),
		    ah_keys[day->wday], &list))
			continue;
		n = json_object_array_length(list);
		for (i = 0; i < n; i++) {
			r = json_object_array_get_idx(list, i);
			a = json_object_get_string(
			    json_object_array_get_idx(r, 0));
			b = json_object_get_string(
			    json_object_array_get_idx(r, 1));
			if (a == NULL || b == NULL ||
			    sscanf(a, "%d:%d", &hh, &mm) != 2)
				continue;
			start = hh * 60 + mm;
			if (sscanf(b, "%d:%d", &hh, &mm) != 2)
				continue;
			end = hh * 60 + mm;
			if (min >= end)
				continue;
			snprintf(at, atsz, "%s", a);
			snprintf(until, usz, "%s", b);
			return min >= start ? 1 : 0;
		}
	}
	return -1;
}

static int
ah_now(struct actx *c, int next_only)
{
	struct ahday	 today, day;
	char		 at[16], until[16], date[128];
	int		 min, r;

	if ((min = ah_today(c, &today)) == -1)
		return 0;
	r = ah_next_open(c, &today, min, &day, at, sizeof(at), until,
	    sizeof(until));
	if (r == 1 && !next_only)
		return ax_addf(c, "Yes, we are open now, until %s.",
		    until) == 0;
	if (r == 1)
		return ax_addf(c, "We are open now, until %s.", until) == 0;
	if (!next_only)
		ax_add(c, ax_tr(c, "We are closed right now."));
	if (r == -1)
		return 0;
	ah_date_text(c, &day, date, sizeof(date));
	ax_addf(c, "We next open on %s at %s.", date, at);
	return 1;
}

/* A weekday, and its next date when that one is an exception. */
static int
ah_on_weekday(struct actx *c, int wday, json_object *p)
{
	struct ahday	 today, day;
	char		 ranges[256], why[256];
	const char	*name;

	name = ax_tr(c, aw_day_names[wday]);
	if (p != NULL) {
		if (ah_ranges(c, ah_hours_of(p), wday, ranges,
		    sizeof(ranges)))
			return ax_addf(c, "%s works on %s, %s.",
			    util_json_str(p, "name", NULL), name,
			    ranges) == 0;
		return ax_addf(c, "%s does not work on %s.",
		    util_json_str(p, "name", NULL), name) == 0;
	}
	if (ah_ranges(c, ah_hours_of(c->doc), wday, ranges, sizeof(ranges)))
		ax_addf(c, "On %s we are open %s.", name, ranges);
	else
		ax_addf(c, "On %s we are closed.", name);
	if (ah_today(c, &today) == -1)
		return 1;
	ah_civil(today.n + (wday - today.wday + 7) % 7, &day);
	if (ah_closed(c, &day, why, sizeof(why)) > 0)
		ah_on_date(c, &day);
	return 1;
}

/* The whole week, days with the same hours grouped. */
static void
ah_week(struct actx *c, json_object *hours, struct buf *b)
{
	static const int order[7] = { 1, 2, 3, 4, 5, 6, 0 };
	char	 cur[256], nxt[256], from[64];
	int	 i, j;

	for (i = 0; i < 7; i = j) {
		if (!ah_ranges(c, hours, order[i], cur, sizeof(cur)))
			snprintf(cur, sizeof(cur), "%s", ax_tr(c, "closed"));
		for (j = i + 1; j < 7; j++) {
			if (!ah_ranges(c, hours, order[j], nxt, sizeof(nxt)))
				snprintf(nxt, sizeof(nxt), "%s",
				    ax_tr(c, "closed"));
			if (strcmp(cur, nxt) != 0)
				break;
		}
		snprintf(from, sizeof(from), "%s",
		    ax_tr(c, aw_day_names[order[i]]));
		if (j - 1 == i + 1)
			buf_printf(b, ax_tr(c, "%s and %s: %s"), from,
			    ax_tr(c, aw_day_names[order[j - 1]]), cur);
		else if (j - 1 > i)
			buf_printf(b, ax_tr(c, "%s to %s: %s"), from,
			    ax_tr(c, aw_day_names[order[j - 1]]), cur);
		else
			buf_printf(b, ax_tr(c, "%s: %s"), from, cur);
		buf_addstr(b, "\n");
	}
}

/* Closures of the clinic starting within AH_AHEAD_DAYS. */
static void
ah_closures(struct actx *c)
{
	json_object	*cl, *e;
	struct ahday	 today, a, z;
	char		 last[16], fa[128], fz[128];
	const char	*from, *to, *reason;
	size_t		 i, n;

	if (ah_today(c, &today) == -1 ||
	    !json_object_object_get_ex(c->doc, "closures", &cl) ||
	    !json_object_is_type(cl, json_type_array))
		return;
	ah_civil(today.n + AH_AHEAD_DAYS, &z);
	snprintf(last, sizeof(last), "%04d-%02d-%02d", z.y, z.m, z.d);
	n = json_object_array_length(cl);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(cl, i);
		from = util_json_str(e, "from", NULL);
		to = util_json_str(e, "to", NULL);
		reason = util_json_str(e, "reason", NULL);
		if (from == NULL || to == NULL || sscanf(from, "%d-%d-%d",
		    &a.y, &a.m, &a.d) != 3 || sscanf(to, "%d-%d-%d", &z.y,
		    &z.m, &z.d) != 3 || strcmp(from, last) > 0 ||
		    ah_days(z.y, z.m, z.d) < today.n)
			continue;
		ah_civil(ah_days(a.y, a.m, a.d), &a);
		ah_civil(ah_days(z.y, z.m, z.d), &z);
		ah_date_text(c, &a, fa, sizeof(fa));
		ah_date_text(c, &z, fz, sizeof(fz));
		ax_addf(c, "We are closed from %s to %s (%s).", fa, fz,
		    reason ? reason : "");
	}
}

static int
ah_summary(struct actx *c, json_object *p)
{
	struct buf	 b;

	buf_init(&b, AITEM_LEN);
	if (p != NULL)
		buf_printf(&b, ax_tr(c, "%s works:"), util_json_str(p, "name",
		    NULL));
	else
		buf_addstr(&b, ax_tr(c, "Our opening hours:"));
	buf_addstr(&b, "\n");
	ah_week(c, ah_hours_of(p != NULL ? p : c->doc), &b);
	if (b.data != NULL) {
		b.data[b.len - 1] = '\0';
		ax_add(c, b.data);
	}
	buf_release(&b);
	if (p == NULL) {
		ah_closures(c);
		if (util_json_str(c->doc, "bank_holidays", NULL) != NULL)
			ax_add(c, ax_tr(c, "We are closed on bank holidays."));
	}
	return 1;
}

/* Dates in the text */

static int
ah_month_at(const struct atext *x, int i)
{
	int	 m;

	if (i < 0 || i >= x->n)
		return 0;
	for (m = 0; m < 12; m++)
		if (strcmp(x->w[i], aw_months[m]) == 0)
			return m + 1;
	return 0;
}

static int
ah_num_at(const struct atext *x, int i, int lo, int hi)
{
	char	*end;
	long	 v;

	if (i < 0 || i >= x->n || !isdigit((unsigned char)x->w[i][0]))
		return 0;
	v = strtol(x->w[i], &end, 10);
	return *end == '\0' && v >= lo && v <= hi ? (int)v : 0;
}

/* "28 December", "December 28th", "28 de diciembre 2027". */
static int
ah_word_date(const struct atext *x, int *y, int *m, int *d)
{
	int	 i, mm, dd, skip;

	for (i = 0; i < x->n; i++) {
		if ((mm = ah_month_at(x, i)) == 0)
			continue;
		skip = i >= 2 && (strcmp(x->w[i - 1], "of") == 0 ||
		    strcmp(x->w[i - 1], "de") == 0);
		if ((dd = ah_num_at(x, i - 1 - skip, 1, 31)) == 0 &&
		    (dd = ah_num_at(x, i + 1, 1, 31)) == 0)
			continue;
		*m = mm;
		*d = dd;
		skip = i + 1 < x->n && strcmp(x->w[i + 1], "de") == 0;
		*y = ah_num_at(x, i + 1 + skip, 2000, 2200);
		if (*y == 0)
			*y = ah_num_at(x, i + 2, 2000, 2200);
		return 1;
	}
	return 0;
}

/* "2026-12-28", "28/12", "28/12/2026", "28.12.26". */
static int
ah_numeric_date(const char *s, int *y, int *m, int *d)
{
	const char	*p;
	int		 a, b, cc, n;

	for (p = s; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) ||
		    (p > s && isdigit((unsigned char)p[-1])))
			continue;
		if (sscanf(p, "%4d-%2d-%2d%n", &a, &b, &cc, &n) == 3 &&
		    a > 1900) {
			*y = a, *m = b, *d = cc;
			return 1;
		}
		cc = 0;
		if ((sscanf(p, "%2d/%2d/%4d", &a, &b, &cc) >= 2 ||
		    sscanf(p, "%2d.%2d.%4d", &a, &b, &cc) >= 2) &&
		    a >= 1 && a <= 31 && b >= 1 && b <= 12) {
			*d = a, *m = b;
			*y = cc == 0 ? 0 : cc < 100 ? 2000 + cc : cc;
			return 1;
		}
	}
	return 0;
}

/* The date the clause names, the year guessed forward; 0 when none. */
static int
ah_date(struct actx *c, const struct atext *x, const char *folded,
    struct ahday *day)
{
	struct ahday	 today;
	int		 y = 0, m, d;

	if (!ah_word_date(x, &y, &m, &d) &&
	    !ah_numeric_date(folded, &y, &m, &d))
		return 0;
	if (ah_today(c, &today) == -1)
		return 0;
	if (y == 0) {
		y = today.y;
		if (ah_valid(y, m, d) && ah_days(y, m, d) < today.n - 1)
			y++;
	}
	if (!ah_valid(y, m, d))
		return 0;
	ah_civil(ah_days(y, m, d), day);
	return 1;
}

static int
ah_weekday(const struct atext *x)
{
	int	 i;

	for (i = 0; i < 7; i++)
		if (am_has(x, aw_days[i]) >= 0)
			return i;
	return -1;
}

/* Named bank holidays: words of the patient's folded text and the
 * words of the holiday table's title they stand for. */
static const char *const ah_named[][2] = {
	{ "good friday", "good friday" }, { "easter monday", "easter monday" },
	{ "christmas day", "christmas day" }, { "boxing day", "boxing day" },
	{ "new year", "new year" }, { "early may", "early may" },
	{ "may day", "early may" }, { "spring bank", "spring bank" },
	{ "summer bank", "summer bank" }, { "august bank", "summer bank" },
	{ "st andrew", "andrew" }, { "saint andrew", "andrew" },
	{ "st patrick", "patrick" }, { "saint patrick", "patrick" },
	{ NULL, NULL }
};

/* The title words of the holiday folded names, or NULL. */
static const char *
ah_holiday_named(const char *folded)
{
	int	 i;

	for (i = 0; ah_named[i][0] != NULL; i++)
		if (strstr(folded, ah_named[i][0]) != NULL)
			return ah_named[i][1];
	return NULL;
}

/* The next day from today whose bank holiday title has the words
 * want; 0 when none is known within a year and a bit. */
static int
ah_next_holiday(struct actx *c, const char *want, struct ahday *day)
{
	struct ahday	 today;
	const char	*div;
	char		 title[256], ft[512];
	int		 k;

	if ((div = util_json_str(c->doc, "bank_holidays", NULL)) == NULL ||
	    ah_today(c, &today) == -1)
		return 0;
	for (k = 0; k < 400; k++) {
		ah_civil(today.n + k, day);
		if (answer_bank_holiday(div, day->y, day->m, day->d, title,
		    sizeof(title)) != 1)
			continue;
		am_fold(title, strlen(title), ft, sizeof(ft));
		if (strstr(ft, want) != NULL)
			return 1;
	}
	return 0;
}

int
ah_names_day(const struct atext *x, const char *folded)
{
	int	 y, m, d;

	return ah_weekday(x) >= 0 || ah_holiday_named(folded) != NULL ||
	    am_has(x, "today") >= 0 || am_has(x, "tomorrow") >= 0 ||
	    am_has(x, "now") >= 0 || am_has(x, "weekend") >= 0 ||
	    ah_word_date(x, &y, &m, &d) ||
	    ah_numeric_date(folded, &y, &m, &d);
}

/* Bank holidays: the rule and the next one. */
static int
ah_bank_holidays(struct actx *c)
{
	struct ahday	 today, day;
	const char	*div;
	char		 title[256], date[128];
	int		 k;

	if ((div = util_json_str(c->doc, "bank_holidays", NULL)) == NULL)
		return 0;
	ax_add(c, ax_tr(c, "We are closed on bank holidays."));
	if (ah_today(c, &today) == -1)
		return 1;
	for (k = 0; k < 370; k++) {
		ah_civil(today.n + k, &day);
		if (answer_bank_holiday(div, day.y, day.m, day.d, title,
		    sizeof(title)) != 1)
			continue;
		ah_date_text(c, &day, date, sizeof(date));
		ax_addf(c, "The next bank holiday is %s (%s).", date, title);
		break;
	}
	return 1;
}

int
ah_answer(struct actx *c, const struct atext *x, const char *folded,
    json_object *p)
{
	struct ahday	 day;
	const char	*holiday;
	int		 wday;

	if ((holiday = ah_holiday_named(folded)) != NULL &&
	    ah_next_holiday(c, holiday, &day))
		return ah_on_date(c, &day);
	if (ah_date(c, x, folded, &day))
		return ah_on_date(c, &day);
	if (am_has(x, "today") >= 0 || am_has(x, "tomorrow") >= 0) {
		if (ah_today(c, &day) == -1)
			return 0;
		if (am_has(x, "tomorrow") >= 0)
			ah_civil(day.n + 1, &day);
		if (p != NULL)
			return ah_on_weekday(c, day.wday, p);
		return ah_on_date(c, &day);
	}
	if (ah_weekday(x) >= 0) {
		for (wday = 0; wday < 7; wday++)
			if (am_has(x, aw_days[wday]) >= 0)
				ah_on_weekday(c, wday, p);
		return 1;
	}
	if (am_has(x, "weekend") >= 0) {
		ah_on_weekday(c, 6, p);
		return ah_on_weekday(c, 0, p);
	}
	if (p == NULL && am_has(x, "now") >= 0)
		return ah_now(c, 0);
	if (p == NULL && am_has(x, "next") >= 0)
		return ah_now(c, 1);
	if (p == NULL && am_has(x, "bankholiday") >= 0)
		return ah_bank_holidays(c);
	return ah_summary(c, p);
}
