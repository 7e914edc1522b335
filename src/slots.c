/*
 * Slot generation.  slots_compute() is pure: working intervals of each
 * local day become UTC through the tz database (per interval, and per
 * candidate only on a day where the offset changes inside it), then a
 * single sweep over the merged busy intervals drops taken starts.
 * slots_list() gathers the inputs from the clinic file, the scheduler
 * backend, the holds and the bank holidays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caldate.h"
#include "db.h"
#include "holds.h"
#include "holidays.h"
#include "log.h"
#include "sched.h"
#include "slots.h"
#include "tz.h"
#include "util.h"

#define SLOTS_CLOSED_MAX	512	/* closed days in one listing */
#define SLOTS_DAYS_MAX		400	/* days in one listing */

static const char *const slots_wday_keys[7] = { "sun", "mon", "tue", "wed",
	"thu", "fri", "sat" };

/* "HH:MM" (or "24:00") to minutes, or -1. */
static int
slots_hhmm(const char *s)
{
	int	 h, m, n = 0;

	if (s == NULL || sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 ||
	    s[5] != '\0' || h < 0 || m < 0 || m > 59 || h * 60 + m > 1440)
		return -1;
	return h * 60 + m;
}

int
slots_week_parse(json_object *hours, struct slots_week *w)
{
	json_object	*day, *iv;
	int		 d, a, b;
	size_t		 i;

	memset(w, 0, sizeof(*w));
	if (!json_object_is_type(hours, json_type_object))
		return -1;
	for (d = 0; d < 7; d++) {
		if (!json_object_object_get_ex(hours, slots_wday_keys[d], &day))
			continue;
		if (!json_object_is_type(day, json_type_array))
			return -1;
		for (i = 0; i < json_object_array_length(day); i++) {
			iv = json_object_array_get_idx(day, i);
			if (!json_object_is_type(iv, json_type_array) ||
			    json_object_array_length(iv) != 2 ||
			    w->n[d] == SLOTS_IV_MAX)
				return -1;
			a = slots_hhmm(json_object_get_string(
			    json_object_array_get_idx(iv, 0)));
			b = slots_hhmm(json_object_get_string(
			    json_object_array_get_idx(iv, 1)));
			if (a == -1 || b <= a || (w->n[d] > 0 &&
			    a < w->to[d][w->n[d] - 1]))
				return -1;
			w->from[d][w->n[d]] = (short)a;
			w->to[d][w->n[d]++] = (short)b;
		}
	}
	return 0;
}

void
slots_week_intersect(const struct slots_week *a, const struct slots_week *b,
    struct slots_week *out)
{
	int	 d, i, j, lo, hi;

	memset(out, 0, sizeof(*out));
	for (d = 0; d < 7; d++)
		for (i = 0; i < a->n[d]; i++)
			for (j = 0; j < b->n[d]; j++) {
				lo = a->from[d][i] > b->from[d][j] ?
				    a->from[d][i] : b->from[d][j];
				hi = a->to[d][i] < b->to[d][j] ?
				    a->to[d][i] : b->to[d][j];
				if (lo >= hi || out->n[d] == SLOTS_IV_MAX)
					continue;
				out->from[d][out->n[d]] = (short)lo;
				out->to[d][out->n[d]++] = (short)hi;
			}
}

/* The instant of local minute m of day d (m may be 1440: next day). */
static time_t
slots_instant(const char *zone, long d, int m)
{
	int	 y, mon, md;

	caldate_civil(d + m / 1440, &y, &mon, &md);
	m %= 1440;
	return tz_instant(zone, y, mon, md, m / 60, m % 60);
}

static int
slots_busy_cmp(const void *a, const void *b)
{
	const struct slots_busy	*x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sorted, merged copy of the busy intervals; *n updated.  NULL on
 * failure (or when there are none: *n is then 0). */
static struct slots_busy *
slots_merge(const struct slots_busy *busy, size_t *n)
{
	struct slots_busy	*m;
	size_t			 i, k = 0;

	if (*n == 0 || (m = malloc(*n * sizeof(*m))) == NULL)
		return NULL;
	memcpy(m, busy, *n * sizeof(*m));
	qsort(m, *n, sizeof(*m), slots_busy_cmp);
	for (i = 1; i < *n; i++) {
		if (m[i].start <= m[k].end) {
			if (m[i].end > m[k].end)
				m[k].end = m[i].end;
		} else
			m[++k] = m[i];
	}
	*n = k + 1;
	return m;
}

struct slots_sweep {
	const struct slots_query *q;
	const struct slots_busy	*busy;	/* merged */
	size_t			 nbusy;
	size_t			 j;	/* first busy ending after the start */
	struct slot		*out;
	size_t			 n, max;
};

/* Offers one start if it is free; starts come in time order. */
static void
slots_offer(struct slots_sweep *s, long d, int m, time_t start)
{
	time_t	 end = start + (time_t)s->q->duration_min * 60;

	if (start < s->q->earliest || s->n == s->max)
		return;
	while (s->j < s->nbusy && s->busy[s->j].end <= start)
		s->j++;
	if (s->j < s->nbusy && s->busy[s->j].start < end)
		return;
	s->out[s->n].start = start;
	s->out[s->n].day = d;
	s->out[s->n++].minute = m;
}

/* The starts of one working interval [a, b) of day d. */
static void
slots_interval(struct slots_sweep *s, long d, int a, int b)
{
	const struct slots_query *q = s->q;
	time_t	 ta, tb, t;
	int	 m, linear;

	ta = slots_instant(q->zone, d, a);
	tb = slots_instant(q->zone, d, b);
	linear = ta != -1 && tb != -1 && tb - ta == (time_t)(b - a) * 60;
	for (m = a; m + q->duration_min <= b; m += q->step_min) {
		if (m < q->min_from || m >= q->min_to)
			continue;
		if (linear)
			t = ta + (time_t)(m - a) * 60;
		else if ((t = slots_instant(q->zone, d, m)) == -1 ||
		    slots_instant(q->zone, d, m + q->duration_min) - t !=
		    (time_t)q->duration_min * 60)
			continue;	/* in or across a clock change */
		slots_offer(s, d, m, t);
	}
}

int
slots_compute(const struct slots_query *q, struct slot *out, size_t max)
{
	struct slots_sweep	 s;
	struct slots_busy	*merged;
	size_t			 c = 0;
	long			 d;
	int			 i, wd;

	if (q->step_min <= 0 || q->duration_min <= 0)
		return -1;
	memset(&s, 0, sizeof(s));
	s.q = q;
	s.nbusy = q->nbusy;
	merged = slots_merge(q->busy, &s.nbusy);
	if (merged == NULL && s.nbusy > 0)
		return -1;
	s.busy = merged;
	s.out = out;
	s.max = max;
	for (d = q->day_from; d <= q->day_to && s.n < max; d++) {
		while (c < q->nclosed && q->closed[c] < d)
			c++;
		if (c < q->nclosed && q->closed[c] == d)
			continue;
		wd = caldate_wday(d);
		for (i = 0; i < q->week->n[wd]; i++)
			slots_interval(&s, d, q->week->from[wd][i],
			    q->week->to[wd][i]);
	}
	free(merged);
	return (int)s.n;
}

static int
slots_int(json_object *o, const char *key, int dflt, int lo, int hi)
{
	json_object	*v;
	int		 n;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return dflt;
	n = json_object_get_int(v);
	return n < lo || n > hi ? dflt : n;
}

void
slots_rules(const struct clinic *c, struct slots_rules *r)
{
	json_object	*b = NULL;

	json_object_object_get_ex(c->doc, "booking", &b);
	r->min_notice_hours = slots_int(b, "min_notice_hours", 2, 0, 24 * 60);
	r->max_days_ahead = slots_int(b, "max_days_ahead", 60, 1, 366);
	r->step_min = slots_int(b, "slot_step_min", 15, 5, 240);
}

static json_object *
slots_find(const struct clinic *c, const char *list, const char *id)
{
	json_object	*arr, *o;
	const char	*oid;
	size_t		 i;

	if (id == NULL || !json_object_object_get_ex(c->doc, list, &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return NULL;
	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		if ((oid = util_json_str(o, "id", NULL)) != NULL &&
		    strcmp(oid, id) == 0)
			return o;
	}
	return NULL;
}

json_object *
slots_service(const struct clinic *c, const char *id)
{
	return slots_find(c, "services", id);
}

json_object *
slots_practitioner(const struct clinic *c, const char *id)
{
	return slots_find(c, "practitioners", id);
}

int
slots_gives(json_object *service, const char *practitioner)
{
	json_object	*arr;
	size_t		 i;

	if (!json_object_object_get_ex(service, "practitioners", &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(arr); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(arr,
		    i)), practitioner) == 0)
			return 1;
	return 0;
}

/* Adds the clinic's closures between from and to to days[*n..max). */
static void
slots_closures(const struct clinic *c, long from, long to, long *days,
    size_t *n, size_t max)
{
	json_object	*arr, *o;
	long		 a, b, d;
	size_t		 i;

	if (!json_object_object_get_ex(c->doc, "closures", &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		if (util_json_str(o, "from", NULL) == NULL ||
		    caldate_parse(util_json_str(o, "from", NULL), &a) == -1)
			continue;
		if (util_json_str(o, "to", NULL) == NULL ||
		    caldate_parse(util_json_str(o, "to", NULL), &b) == -1)
			b = a;
		for (d = a > from ? a : from; d <= b && d <= to && *n < max;
		    d++)
			days[(*n)++] = d;
	}
}

static int
slots_day_cmp(const void *a, const void *b)
{
	long	 x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

int
slots_closed_days(const struct clinic *c, long from, long to, long *days,
    size_t max)
{
	const char	*division;
	int		 h = 0;
	size_t		 n;

	division = util_json_str(c->doc, "bank_holidays", NULL);
	if (division != NULL &&
	    (h = holidays_days(division, from, to, days, max)) == -1)
		return -1;
	n = (size_t)h;
	slots_closures(c, from, to, days, &n, max);
	qsort(days, n, sizeof(*days), slots_day_cmp);
	return (int)n;
}

/* The practitioner's working week: clinic hours within theirs. */
static int
slots_working_week(const struct clinic *c, json_object *prac,
    struct slots_week *w)
{
	struct slots_week	 clinic, own;
	json_object		*h;

	if (!json_object_object_get_ex(c->doc, "opening_hours", &h) ||
	    slots_week_parse(h, &clinic) == -1)
		return error("clinic %s: unusable opening_hours", c->id);
	if (!json_object_object_get_ex(prac, "hours", &h) || h == NULL) {
		*w = clinic;
		return 0;
	}
	if (slots_week_parse(h, &own) == -1)
		return error("clinic %s: unusable practitioner hours", c->id);
	slots_week_intersect(&clinic, &own, w);
	return 0;
}

/* Inputs gathered for one listing. */
struct slots_inputs {
	struct slots_week	 week;
	struct slots_query	 q;
	long			 closed[SLOTS_CLOSED_MAX];
	struct slots_busy	*busy;
};

static int
slots_gather(const struct slots_req *r, struct slots_inputs *in)
{
	const struct sched_backend *be;
	struct slots_rules	 rules;
	json_object		*svc, *prac;
	long			 today;
	int			 n;
	time_t			 from, to;

	svc = slots_service(r->clinic, r->service);
	prac = slots_practitioner(r->clinic, r->practitioner);
	if (svc == NULL || prac == NULL || !slots_gives(svc, r->practitioner))
		return error("clinic %s: no such service or practitioner",
		    r->clinic->id);
	if ((be = sched_backend(r->clinic)) == NULL ||
	    slots_working_week(r->clinic, prac, &in->week) == -1 ||
	    caldate_local(r->clinic->timezone, r->now, &today, NULL) == -1)
		return -1;
	slots_rules(r->clinic, &rules);
	memset(&in->q, 0, sizeof(in->q));
	in->q.zone = r->clinic->timezone;
	in->q.week = &in->week;
	in->q.duration_min = slots_int(svc, "duration_min", 30, 1, 24 * 60);
	in->q.step_min = rules.step_min;
	in->q.earliest = r->now + (time_t)rules.min_notice_hours * 3600;
	in->q.day_from = today;
	in->q.day_to = today + rules.max_days_ahead;
	in->q.min_to = 1440;
	if (r->pref != NULL) {
		if (r->pref->day_from > in->q.day_from)
			in->q.day_from = r->pref->day_from;
		if (r->pref->day_to != 0 && r->pref->day_to < in->q.day_to)
			in->q.day_to = r->pref->day_to;
		in->q.min_from = r->pref->min_from;
		in->q.min_to = r->pref->min_to;
	}
	if (in->q.day_to < in->q.day_from)
		return 0;
	if (in->q.day_to - in->q.day_from > SLOTS_DAYS_MAX)
		in->q.day_to = in->q.day_from + SLOTS_DAYS_MAX;
	if ((n = slots_closed_days(r->clinic, in->q.day_from, in->q.day_to,
	    in->closed, SLOTS_CLOSED_MAX)) == -1)
		return -1;
	in->q.closed = in->closed;
	in->q.nclosed = (size_t)n;

	from = slots_instant(in->q.zone, in->q.day_from, 0) - 86400;
	to = slots_instant(in->q.zone, in->q.day_to, 1440) + 86400;
	if (be->busy(r->clinic, r->practitioner, from, to, &in->busy,
	    &in->q.nbusy) == -1 ||
	    holds_busy(r->clinic->id, r->practitioner, from, to,
	    r->conversation, r->now, &in->busy, &in->q.nbusy) == -1)
		return -1;
	in->q.busy = in->busy;
	return 1;
}

int
slots_list(const struct slots_req *r, struct slot *out, size_t max)
{
	struct slots_inputs	*in;
	int			 rc;

	if ((in = calloc(1, sizeof(*in))) == NULL)
		return error("out of memory");
	if ((rc = slots_gather(r, in)) == 1)
		rc = slots_compute(&in->q, out, max);
	free(in->busy);
	free(in);
	return rc;
}

/* Is start a grid start of its day's working hours, ignoring busy
 * times? */
static enum slots_verdict
slots_on_grid(const struct slots_inputs *in, long d, int m)
{
	const struct slots_query *q = &in->q;
	int	 wd = caldate_wday(d), i;
	size_t	 c;

	for (c = 0; c < q->nclosed; c++)
		if (q->closed[c] == d)
			return SLOTS_CLOSED;
	for (i = 0; i < in->week.n[wd]; i++)
		if (m >= in->week.from[wd][i] &&
		    m + q->duration_min <= in->week.to[wd][i] &&
		    (m - in->week.from[wd][i]) % q->step_min == 0)
			return SLOTS_FREE;
	return SLOTS_OUTSIDE;
}

enum slots_verdict
slots_check(const struct slots_req *r, time_t start)
{
	struct slots_req	 one = *r;
	struct slots_inputs	*in;
	struct slot		 s[1];
	struct when		 w;
	enum slots_verdict	 v;
	long			 d;
	int			 m, rc;

	if (caldate_local(r->clinic->timezone, start, &d, &m) == -1)
		return SLOTS_ERROR;
	memset(&w, 0, sizeof(w));
	w.day_from = w.day_to = d;
	w.min_from = m;
	w.min_to = m + 1;
	one.pref = &w;
	if ((in = calloc(1, sizeof(*in))) == NULL)
		return SLOTS_ERROR;
	if ((rc = slots_gather(&one, in)) == -1)
		v = SLOTS_ERROR;
	else if (rc == 0 || start < in->q.earliest)
		v = SLOTS_OUTSIDE;
	else if ((v = slots_on_grid(in, d, m)) == SLOTS_FREE) {
		rc = slots_compute(&in->q, s, 1);
		v = rc == -1 ? SLOTS_ERROR : rc == 1 && s[0].start == start ?
		    SLOTS_FREE : SLOTS_BUSY;
	}
	free(in->busy);
	free(in);
	return v;
}
