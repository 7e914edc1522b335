/*
 * Offering slots: the free starts of the chosen practitioner (or of
 * each who gives the service), up to BOOKING_OFFERS_MAX spread over the
 * patient's preference, each as a token bound to the conversation.  A
 * closed day named by the patient is said so, and the next open day's
 * times are offered instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking_int.h"
#include "caldate.h"
#include "holidays.h"
#include "log.h"
#include "util.h"

static int	booking_closed_note(struct turn *, json_object *, long);

struct booking_cand {
	struct slot	 s;
	const char	*prac;		/* borrowed from the clinic file */
};

struct booking_cands {
	struct booking_cand	*c;
	size_t			 n;
};

/* Adds the free starts of one practitioner under preference w. */
static int
booking_gather_one(struct turn *t, const char *prac, const char *svc,
    const struct when *w, struct booking_cands *cs)
{
	struct slots_req	 req;
	struct slot		*s;
	struct booking_cand	*grown;
	int			 n, i;

	if ((s = calloc(BOOKING_CANDIDATES_MAX, sizeof(*s))) == NULL)
		return error("out of memory");
	memset(&req, 0, sizeof(req));
	req.clinic = t->clinic;
	req.practitioner = prac;
	req.service = svc;
	req.now = t->now;
	req.conversation = t->conversation;
	req.pref = w;
	if ((n = slots_list(&req, s, BOOKING_CANDIDATES_MAX)) > 0) {
		grown = realloc(cs->c, (cs->n + (size_t)n) * sizeof(*grown));
		if (grown == NULL) {
			free(s);
			return error("out of memory");
		}
		cs->c = grown;
		for (i = 0; i < n; i++) {
			cs->c[cs->n].s = s[i];
			cs->c[cs->n++].prac = prac;
		}
	}
	free(s);
	return n < 0 ? -1 : 0;
}

static int
booking_cand_cmp(const void *a, const void *b)
{
	const struct booking_cand *x = a, *y = b;

	if (x->s.start != y->s.start)
		return x->s.start < y->s.start ? -1 : 1;
	return strcmp(x->prac, y->prac);
}

/* The starts of every practitioner concerned, in time order. */
static int
booking_gather(struct turn *t, json_object *st, const struct when *w,
    struct booking_cands *cs)
{
	const char	*prac = booking_get(st, "practitioner");
	const char	*svc = booking_get(st, "service");
	json_object	*arr;
	size_t		 i;

	cs->n = 0;
	if (prac != NULL && strcmp(prac, "any") != 0) {
		if (booking_gather_one(t, prac, svc, w, cs) == -1)
			return -1;
	} else if (json_object_object_get_ex(slots_service(t->clinic, svc),
	    "practitioners", &arr)) {
		for (i = 0; i < json_object_array_length(arr); i++)
			if (booking_gather_one(t, json_object_get_string(
			    json_object_array_get_idx(arr, i)), svc, w,
			    cs) == -1)
				return -1;
	}
	qsort(cs->c, cs->n, sizeof(*cs->c), booking_cand_cmp);
	return 0;
}

/* Drops the starts up to the state's "after" (paging to later times). */
static void
booking_after(json_object *st, struct booking_cands *cs)
{
	time_t	 after = (time_t)booking_get_int(st, "after");
	size_t	 i, k = 0;

	if (after == 0)
		return;
	for (i = 0; i < cs->n; i++)
		if (cs->c[i].s.start > after)
			cs->c[k++] = cs->c[i];
	cs->n = k;
}

/* Picks up to BOOKING_OFFERS_MAX starts spread over the first days. */
static size_t
booking_spread(const struct booking_cands *cs, int first_day_only,
    struct booking_cand *out)
{
	size_t	 day_at[BOOKING_OFFERS_MAX + 1], ndays = 0, i, k, n = 0;
	size_t	 quota, len, idx;

	for (i = 0; i < cs->n && ndays < BOOKING_OFFERS_MAX; i++)
		if (i == 0 || cs->c[i].s.day != cs->c[i - 1].s.day)
			day_at[ndays++] = i;
	if (ndays == 0)
		return 0;
	if (first_day_only)
		ndays = 1;
	for (i = day_at[ndays - 1]; i < cs->n &&
	    cs->c[i].s.day == cs->c[day_at[ndays - 1]].s.day; i++)
		;
	day_at[ndays] = i;
	quota = (BOOKING_OFFERS_MAX + ndays - 1) / ndays;
	for (;;) {
		n = 0;
		for (k = 0; k < ndays && n < BOOKING_OFFERS_MAX; k++) {
			len = day_at[k + 1] - day_at[k];
			for (i = 0; i < quota && i < len &&
			    n < BOOKING_OFFERS_MAX; i++) {
				idx = len <= quota ? i : i * len / quota;
				out[n++] = cs->c[day_at[k] + idx];
			}
		}
		if (n == BOOKING_OFFERS_MAX || quota >= day_at[ndays])
			break;
		quota++;
	}
	qsort(out, n, sizeof(*out), booking_cand_cmp);
	return n;
}

int
booking_closed_check(struct turn *t, json_object *st, struct when *w)
{
	long	 day = w->day_from;

	if (!w->exact_day || booking_closed_note(t, st, day) == 0)
		return 0;
	w->day_from = day + 1;
	w->day_to = 0;
	w->exact_day = 0;
	booking_when_save(st, w);
	booking_set_int(st, "next_open", 1);
	return 1;
}

/* "on Sundays", by weekday (0 Sunday), to translate whole. */
static const char *const booking_on_wdays[7] = { "on Sundays",
	"on Mondays", "on Tuesdays", "on Wednesdays", "on Thursdays",
	"on Fridays", "on Saturdays" };

/* Has the week of hours (the clinic's, or a practitioner's within
 * them when prac is not NULL) any time on weekday wday?  An unreadable
 * week counts as open: the slots listing reports it. */
static int
booking_open_wday(struct turn *t, json_object *prac, int wday)
{
	struct slots_week	 clinic, own, both;
	json_object		*h;

	if (!json_object_object_get_ex(t->clinic->doc, "opening_hours", &h) ||
	    slots_week_parse(h, &clinic) == -1)
		return 1;
	if (prac == NULL || !json_object_object_get_ex(prac, "hours", &h) ||
	    h == NULL)
		return clinic.n[wday] > 0;
	if (slots_week_parse(h, &own) == -1)
		return 1;
	slots_week_intersect(&clinic, &own, &both);
	return both.n[wday] > 0;
}

/* Says the clinic, or the chosen practitioner, never works on the day's
 * weekday, if so; 1 when it was said. */
static int
booking_wday_note(struct turn *t, json_object *st, long day)
{
	const char	*prac = booking_get(st, "practitioner");
	int		 wday = caldate_wday(day);
	const char	*on = booking_tr(t, booking_on_wdays[wday]);

	if (!booking_open_wday(t, NULL, wday)) {
		booking_say(t, "We are closed %s. I will look for the nearest "
		    "day with free times.", on);
		return 1;
	}
	if (prac == NULL || strcmp(prac, "any") == 0 ||
	    booking_open_wday(t, slots_practitioner(t->clinic, prac), wday))
		return 0;
	booking_say(t, "%s does not work %s. I will look for the nearest "
	    "day with free times.", booking_practitioner_name(t, prac), on);
	return 1;
}

/* Says the day is closed, if it is; 1 when it was. */
static int
booking_closed_note(struct turn *t, json_object *st, long day)
{
	const char	*division;
	char		*title = NULL, date[96];
	long		 d;

	if (slots_closed_days(t->clinic, day, day, &d, 1) != 1)
		return booking_wday_note(t, st, day);
	caldate_long(t->lang, day, date, sizeof(date));
	division = util_json_str(t->clinic->doc, "bank_holidays", NULL);
	if (division != NULL)
		title = holidays_title(division, day);
	if (title != NULL)
		booking_say(t, "We are closed on %s for the bank holiday (%s). "
		    "I will look for times on the next day we are open.", date,
		    title);
	else
		booking_say(t, "The clinic is closed on %s. I will look for "
		    "times on the next day we are open.", date);
	free(title);
	return 1;
}

/* Lists with the preference, relaxing it when nothing is free then. */
static int
booking_find(struct turn *t, json_object *st, struct when *w,
    struct booking_cands *cs, int *first_day_only)
{
	char	 date[96];
	int	 exact = w->exact_day;

	*first_day_only = (int)booking_get_int(st, "next_open");
	booking_set(st, "next_open", NULL);
	if (!*first_day_only)
		booking_closed_check(t, st, w);
	*first_day_only |= (int)booking_get_int(st, "next_open");
	booking_set(st, "next_open", NULL);
	if (booking_gather(t, st, w, cs) == -1)
		return -1;
	if (cs->n > 0 || (!w->found && w->day_from == 0))
		return 0;
	if (exact && !*first_day_only) {
		caldate_long(t->lang, w->day_from, date, sizeof(date));
		booking_say(t, "I have no free times on %s. Here are the "
		    "nearest ones.", date);
		*first_day_only = 1;
	} else if (!*first_day_only)
		booking_say(t, "I have no free times then. Here are the "
		    "nearest ones.");
	w->day_to = 0;
	if (booking_gather(t, st, w, cs) == -1 || cs->n > 0)
		return cs->n > 0 ? 0 : -1;
	w->min_from = 0;
	w->min_to = 24 * 60;
	return booking_gather(t, st, w, cs);
}

static int
booking_offer_reply(struct turn *t, json_object *st,
    const struct booking_cand *pick, size_t n)
{
	const char	*prac = booking_get(st, "practitioner");
	const char	*svc = booking_get(st, "service");
	int		 many = prac == NULL || strcmp(prac, "any") == 0;
	struct reply	*r;
	char		 label[256], when[96], value[64];
	size_t		 i;

	if (many)
		r = booking_say(t, "Here are the free times for %s. Which "
		    "suits you?", booking_service_name(t, svc));
	else
		r = booking_say(t, "Here are the free times for %s with %s. "
		    "Which suits you?", booking_service_name(t, svc),
		    booking_practitioner_name(t, prac));
	if (r == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		caldate_short(t->lang, pick[i].s.day, pick[i].s.minute, when,
		    sizeof(when));
		if (many)
			snprintf(label, sizeof(label), "%s – %s", when,
			    booking_practitioner_name(t, pick[i].prac));
		else
			snprintf(label, sizeof(label), "%s", when);
		if (booking_token(t, pick[i].prac, svc, pick[i].s.start, value,
		    sizeof(value)) == -1)
			return -1;
		turn_choice(r, label, value);
	}
	booking_set_int(st, "last", pick[n - 1].s.start);
	turn_choice(r, booking_tr(t, "Later times"), "book:later");
	return 1;
}

int
booking_offer(struct turn *t, json_object *st)
{
	struct booking_cands	 cs = { NULL, 0 };
	struct booking_cand	 pick[BOOKING_OFFERS_MAX];
	struct when		 w;
	size_t			 n;
	int			 first_day_only, rc = -1;

	booking_set(st, "step", "slot");
	booking_when_load(st, &w);
	if (booking_find(t, st, &w, &cs, &first_day_only) == -1)
		goto out;
	booking_after(st, &cs);
	if ((n = booking_spread(&cs, first_day_only, pick)) == 0) {
		booking_say(t, "I'm sorry, I have no free times to offer for "
		    "this appointment. Please call the clinic on %s.",
		    util_json_str(json_object_object_get(t->clinic->doc,
		    "contact"), "phone", NULL) ? util_json_str(
		    json_object_object_get(t->clinic->doc, "contact"), "phone",
		    NULL) : "");
		booking_state_end(t);
		rc = 1;
		goto out;
	}
	if ((rc = booking_offer_reply(t, st, pick, n)) == 1)
		turn_event(t, "slots_shown", NULL);
out:
	free(cs.c);
	return rc;
}
