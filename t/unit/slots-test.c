/* Slot generation: working hours, the end of the day (B06), both clock
 * changes (B02), closed days, busy times, notice and time windows. */
#include <stdlib.h>

#include "tap.h"
#include "caldate.h"
#include "slots.h"
#include "tz.h"

#define LONDON	"Europe/London"

static struct slots_week	 week;

static void
hours(int wday, int from, int to)
{
	week.from[wday][week.n[wday]] = (short)from;
	week.to[wday][week.n[wday]++] = (short)to;
}

static void
query(struct slots_query *q, long from, long to, int duration, int step)
{
	memset(q, 0, sizeof(*q));
	q->zone = LONDON;
	q->week = &week;
	q->duration_min = duration;
	q->step_min = step;
	q->day_from = from;
	q->day_to = to;
	q->min_to = 1440;
}

static void
utc(time_t t, char *buf, size_t sz)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, sz, "%Y-%m-%dT%H:%MZ", &tm);
}

/* B06: last starts of a 09:00-17:00 day, step 15. */
static void
end_of_day(void)
{
	struct slots_query	 q;
	struct slot		 s[64];
	long			 d = caldate_days(2027, 1, 11);
	int			 n;

	memset(&week, 0, sizeof(week));
	hours(1, 9 * 60, 17 * 60);
	query(&q, d, d, 45, 15);
	n = slots_compute(&q, s, 64);
	is_int(n, 30, "B06: 30 starts for a 45-min appointment");
	is_int(s[n - 1].minute, 16 * 60 + 15, "B06: the last is 16:15");
	query(&q, d, d, 30, 15);
	n = slots_compute(&q, s, 64);
	is_int(n, 31, "B06: 31 starts for a 30-min appointment");
	is_int(s[n - 1].minute, 16 * 60 + 30, "B06: 16:30 ends at closing");
}

static void
dst_days(int y, int m, int d1, int d2, const char *first_a,
    const char *first_b, const char *last_b, const char *what)
{
	struct slots_query	 q;
	struct slot		 s[128];
	char			 buf[32], name[128];
	long			 d;
	int			 n, i, per[7] = { 0 };

	memset(&week, 0, sizeof(week));
	for (i = 1; i <= 5; i++)
		hours(i, 9 * 60, 17 * 60);
	query(&q, caldate_days(y, m, d1), caldate_days(y, m, d1) + 5, 30, 30);
	n = slots_compute(&q, s, 128);
	is_int(n, 64, what);
	for (i = 0; i < n; i++)
		per[s[i].day - q.day_from]++;
	for (d = 0; d < 6; d++) {
		int wd = caldate_wday(q.day_from + d);
		snprintf(name, sizeof(name), "%s: day %ld lists %d", what, d,
		    wd == 0 || wd == 6 ? 0 : 16);
		is_int(per[d], wd == 0 || wd == 6 ? 0 : 16, name);
	}
	utc(s[0].start, buf, sizeof(buf));
	snprintf(name, sizeof(name), "%s: first is %s", what, first_a);
	is_str(buf, first_a, name);
	for (i = 0; i < n && s[i].day < caldate_days(y, m, d2); i++)
		;
	if (i == n) {
		ok(0, "slots after the change");
		return;
	}
	utc(s[i].start, buf, sizeof(buf));
	snprintf(name, sizeof(name), "%s: after the change %s", what, first_b);
	is_str(buf, first_b, name);
	utc(s[n - 1].start, buf, sizeof(buf));
	snprintf(name, sizeof(name), "%s: last is %s", what, last_b);
	is_str(buf, last_b, name);
	is_int(s[n - 1].minute, 16 * 60 + 30, "the last local start is 16:30");
}

/* Night hours across the change itself: no start in the gap, none
 * across the change, and the repeated hour offered once. */
static void
change_night(void)
{
	struct slots_query	 q;
	struct slot		 s[16];
	long			 d;
	int			 n, i, inc = 1;

	memset(&week, 0, sizeof(week));
	hours(0, 0, 4 * 60);
	d = caldate_days(2027, 3, 28);
	query(&q, d, d, 30, 30);
	n = slots_compute(&q, s, 16);
	is_int(n, 5, "spring forward: 5 starts between 00:00 and 04:00");
	is_int(s[1].minute, 2 * 60, "nothing in the missing hour");
	d = caldate_days(2027, 10, 31);
	query(&q, d, d, 30, 30);
	n = slots_compute(&q, s, 16);
	is_int(n, 7, "fall back: 7 starts between 00:00 and 04:00");
	for (i = 1; i < n; i++)
		inc &= s[i].start >= s[i - 1].start + 1800;
	ok(inc, "no two starts overlap");
}

static void
busy_closed_notice(void)
{
	struct slots_query	 q;
	struct slots_busy	 b[2];
	struct slot		 s[64];
	long			 d = caldate_days(2026, 12, 7);	/* Monday */
	long			 closed[1];
	int			 n, i, hit = 0;

	memset(&week, 0, sizeof(week));
	hours(1, 9 * 60, 12 * 60);
	hours(2, 9 * 60, 12 * 60);
	b[0].start = tz_instant(LONDON, 2026, 12, 7, 10, 0);
	b[0].end = b[0].start + 45 * 60;
	b[1] = b[0];		/* a hold on the same time */
	query(&q, d, d, 30, 15);
	q.busy = b;
	q.nbusy = 2;
	n = slots_compute(&q, s, 64);
	for (i = 0; i < n; i++)
		hit |= s[i].minute > 9 * 60 + 30 && s[i].minute < 10 * 60 + 45;
	ok(!hit, "no start overlaps a busy time");
	is_int(n, 7, "7 starts around the busy time");
	is_int(s[2].minute, 9 * 60 + 30, "09:30 ends as it begins");
	is_int(s[3].minute, 10 * 60 + 45, "10:45 right after it");

	closed[0] = d;
	query(&q, d, d + 1, 30, 30);
	q.closed = closed;
	q.nclosed = 1;
	n = slots_compute(&q, s, 64);
	ok(n == 6 && s[0].day == d + 1, "a closed day has none, the next has");

	query(&q, d, d, 30, 30);
	q.earliest = tz_instant(LONDON, 2026, 12, 7, 10, 5);
	n = slots_compute(&q, s, 64);
	is_int(s[0].minute, 10 * 60 + 30, "notice: nothing before earliest");
	query(&q, d, d, 30, 30);
	q.min_from = 10 * 60;
	q.min_to = 11 * 60;
	n = slots_compute(&q, s, 64);
	is_int(n, 2, "a time window keeps its starts only");
}

static void
parse_intersect(void)
{
	struct slots_week	 a, b, c;
	json_object		*h;

	h = json_tokener_parse("{\"mon\": [[\"08:00\", \"20:00\"]], "
	    "\"fri\": [[\"08:30\", \"13:00\"], [\"14:00\", \"17:00\"]]}");
	ok(slots_week_parse(h, &a) == 0, "clinic hours parse");
	json_object_put(h);
	h = json_tokener_parse("{\"mon\": [[\"09:00\", \"17:00\"]], "
	    "\"fri\": [[\"10:00\", \"15:00\"]], \"sat\": [[\"09:00\", "
	    "\"13:00\"]]}");
	ok(slots_week_parse(h, &b) == 0, "practitioner hours parse");
	json_object_put(h);
	slots_week_intersect(&a, &b, &c);
	ok(c.n[1] == 1 && c.from[1][0] == 540 && c.to[1][0] == 1020,
	    "Monday: 09:00-17:00");
	ok(c.n[5] == 2 && c.from[5][0] == 600 && c.to[5][0] == 780 &&
	    c.from[5][1] == 840 && c.to[5][1] == 900,
	    "Friday: 10:00-13:00 and 14:00-15:00");
	is_int(c.n[6], 0, "Saturday: the clinic is closed");
	h = json_tokener_parse("{\"mon\": [[\"17:00\", \"09:00\"]]}");
	ok(slots_week_parse(h, &a) == -1, "an inverted interval is refused");
	json_object_put(h);
	h = json_tokener_parse("{\"mon\": [[\"9\", \"17:00\"]]}");
	ok(slots_week_parse(h, &a) == -1, "a malformed time is refused");
	json_object_put(h);
}

int
main(void)
{
	end_of_day();
	/* B02: clocks go back Sun 31 Oct 2027 */
	dst_days(2027, 10, 28, 31, "2027-10-28T08:00Z", "2027-11-01T09:00Z",
	    "2027-11-02T16:30Z", "B02 autumn");
	/* and forward Sun 28 Mar 2027 */
	dst_days(2027, 3, 25, 28, "2027-03-25T09:00Z", "2027-03-29T08:00Z",
	    "2027-03-30T15:30Z", "B02 spring");
	change_night();
	busy_closed_notice();
	parse_intersect();
	return done();
}
