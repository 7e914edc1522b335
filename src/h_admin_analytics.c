/*
 * GET api/v1/admin/analytics and analytics.csv: a clinic's figures over
 * a period of local dates (from and to included), as JSON or as CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "analytics.h"
#include "clinic.h"
#include "clock.h"
#include "handlers.h"
#include "tz.h"

#define ANALYTICS_DAYS_DEFAULT	30
#define ANALYTICS_DAYS_MAX	800

/* Parses "YYYY-MM-DD" into *tm (a UTC calendar date).  0 or -1. */
static int
h_date(const char *s, struct tm *tm)
{
	char	*end;

	memset(tm, 0, sizeof(*tm));
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    (end = strptime(s, "%Y-%m-%d", tm)) == NULL || *end != '\0')
		return -1;
	return 0;
}

/* Midnight of the local date tm (plus days) in zone. */
static time_t
h_midnight(const char *zone, const struct tm *date, int days)
{
	struct tm	 tm = *date;
	time_t		 t;

	tm.tm_mday += days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return tz_instant(zone, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    0, 0);
}

struct h_period {
	char	 from[11], to[11];
	time_t	 start, end;
};

/* Reads from= and to=, defaulting to the last 30 local days. */
static int
h_period(struct req *r, const struct clinic *c, struct h_period *p)
{
	struct tm	 f, t;
	char		 b1[16], b2[16];
	const char	*fs = req_query(r, "from", b1, sizeof(b1));
	const char	*ts = req_query(r, "to", b2, sizeof(b2));

	if (ts == NULL) {
		tz_local(c->timezone, clock_now(), &t);
		t.tm_hour = t.tm_min = t.tm_sec = 0;
	} else if (h_date(ts, &t) == -1)
		return req_error(r, 400, "bad_request", "to must be a date");
	if (fs == NULL) {
		f = t;
		f.tm_mday -= ANALYTICS_DAYS_DEFAULT - 1;
	} else if (h_date(fs, &f) == -1)
		return req_error(r, 400, "bad_request", "from must be a date");
	p->start = h_midnight(c->timezone, &f, 0);
	p->end = h_midnight(c->timezone, &t, 1);
	if (p->start == -1 || p->end == -1 || p->end <= p->start ||
	    p->end - p->start > ANALYTICS_DAYS_MAX * 86400L)
		return req_error(r, 400, "bad_request",
		    "from must come before to, at most 800 days apart");
	tz_local(c->timezone, p->start, &f);
	tz_local(c->timezone, p->end - 1, &t);
	strftime(p->from, sizeof(p->from), "%Y-%m-%d", &f);
	strftime(p->to, sizeof(p->to), "%Y-%m-%d", &t);
	return 0;
}

/* The figures for the request, or NULL after answering the error. */
static json_object *
h_analytics(struct req *r)
{
	struct staff	 s;
	struct clinic	*c;
	struct h_period	 p;
	json_object	*a = NULL;
	const char	*id;
	char		 buf[80];

	if (admin_auth(r, &s, 0) != 0 || admin_require_admin(r, &s) != 0 ||
	    (id = admin_clinic(r, &s, admin_query_clinic(r, buf,
	    sizeof(buf)))) == NULL)
		return NULL;
	if ((c = clinic_load(id)) == NULL) {
		admin_db_down(r);
		return NULL;
	}
	if (h_period(r, c, &p) == 0 &&
	    (a = analytics_compute(id, p.start, p.end)) == NULL)
		admin_db_down(r);
	clinic_free(c);
	if (a == NULL)
		return NULL;
	json_object_object_add(a, "clinic", json_object_new_string(id));
	json_object_object_add(a, "from", json_object_new_string(p.from));
	json_object_object_add(a, "to", json_object_new_string(p.to));
	return a;
}

int
h_admin_analytics(struct req *r)
{
	json_object	*a;

	if ((a = h_analytics(r)) == NULL)
		return r->status;
	return req_answer(r, 200, a);
}

int
h_admin_analytics_csv(struct req *r)
{
	json_object	*a;
	struct buf	 out;
	char		 disp[128];
	int		 rc;

	if ((a = h_analytics(r)) == NULL)
		return r->status;
	buf_init(&out, 1024 * 1024);
	if (analytics_csv(a, &out) == -1) {
		rc = admin_db_down(r);
		goto out;
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"analytics-%s-"
	    "%s-%s.csv\"", json_object_get_string(json_object_object_get(a,
	    "clinic")), json_object_get_string(json_object_object_get(a,
	    "from")), json_object_get_string(json_object_object_get(a, "to")));
	req_header(r, "Content-Disposition", disp);
	rc = req_answer_raw(r, 200, "text/csv; charset=utf-8", out.data,
	    out.len);
out:
	buf_release(&out);
	json_object_put(a);
	return rc;
}
