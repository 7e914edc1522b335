/*
 * Computing the dashboard figures with a few aggregate queries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics.h"
#include "db.h"
#include "log.h"

#define ANALYTICS_RESPONSES_MAX	10000

/* The steps of the booking funnel, in order, as events name them. */
static const char *const analytics_funnel[] = {
	"booking_intent", "slots_shown", "slot_chosen", "details_given",
	"booked"
};
#define ANALYTICS_NSTEPS (sizeof(analytics_funnel) / \
	sizeof(analytics_funnel[0]))

/* Conversations of the cohort, as an SQL condition on c. */
#define ANALYTICS_COHORT "c.clinic_id = %s AND c.created_at >= %t AND " \
	"c.created_at < %t"

static json_object *
analytics_share(long long part, long long whole)
{
	return whole > 0 ? json_object_new_double((double)part /
	    (double)whole) : NULL;
}

static void
analytics_int(json_object *o, const char *key, long long v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

/* Conversations, those with a patient message, those after hours. */
static int
analytics_conversations(json_object *a, const char *clinic, time_t from,
    time_t to, long long *n)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;

	if ((res = db_query("SELECT COUNT(*), COALESCE(SUM(c.after_hours), 0), "
	    "COALESCE(SUM(EXISTS (SELECT 1 FROM messages m WHERE "
	    "m.conversation_id = c.id AND m.sender = 'patient')), 0) FROM "
	    "conversations c WHERE " ANALYTICS_COHORT, clinic, from, to)) ==
	    NULL)
		return -1;
	row = mysql_fetch_row(res);
	n[0] = strtoll(row[0], NULL, 10);
	n[1] = strtoll(row[1], NULL, 10);
	n[2] = strtoll(row[2], NULL, 10);
	mysql_free_result(res);
	analytics_int(a, "conversations", n[0]);
	analytics_int(a, "engaged", n[2]);
	return 0;
}

/* Per event type: {conversations, count, after_hours_conversations}. */
static json_object *
analytics_events(const char *clinic, time_t from, time_t to)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*o, *t;

	if ((res = db_query("SELECT e.type, COUNT(DISTINCT e.conversation_id), "
	    "COUNT(*), COUNT(DISTINCT CASE WHEN e.after_hours = 1 THEN "
	    "e.conversation_id END) FROM events e JOIN conversations c ON c.id "
	    "= e.conversation_id WHERE " ANALYTICS_COHORT " GROUP BY e.type",
	    clinic, from, to)) == NULL)
		return NULL;
	o = json_object_new_object();
	while ((row = mysql_fetch_row(res)) != NULL) {
		t = json_object_new_object();
		analytics_int(t, "conversations", strtoll(row[1], NULL, 10));
		analytics_int(t, "count", strtoll(row[2], NULL, 10));
		analytics_int(t, "after_hours", strtoll(row[3], NULL, 10));
		json_object_object_add(o, row[0], t);
	}
	mysql_free_result(res);
	return o;
}

/* A figure of event type from analytics_events(); 0 when none. */
static long long
analytics_ev(json_object *ev, const char *type, const char *what)
{
	json_object	*t;

	if (!json_object_object_get_ex(ev, type, &t))
		return 0;
	return json_object_get_int64(json_object_object_get(t, what));
}

static void
analytics_add_funnel(json_object *a, json_object *ev)
{
	json_object	*arr = json_object_new_array(), *s;
	long long	 n, prev = 0;
	size_t		 i;

	for (i = 0; i < ANALYTICS_NSTEPS; i++) {
		n = analytics_ev(ev, analytics_funnel[i], "conversations");
		s = json_object_new_object();
		json_object_object_add(s, "step",
		    json_object_new_string(analytics_funnel[i]));
		analytics_int(s, "conversations", n);
		json_object_object_add(s, "drop_off", i == 0 ? NULL :
		    analytics_share(prev - n, prev));
		json_object_array_add(arr, s);
		prev = n;
	}
	json_object_object_add(a, "funnel", arr);
}

static int
analytics_topics(json_object *a, const char *clinic, time_t from, time_t to,
    long long questions)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*arr, *t;
	long long	 n;

	if ((res = db_query("SELECT COALESCE(e.topic, 'other'), COUNT(*) FROM "
	    "events e JOIN conversations c ON c.id = e.conversation_id WHERE "
	    ANALYTICS_COHORT " AND e.type = 'question' GROUP BY "
	    "COALESCE(e.topic, 'other') ORDER BY COUNT(*) DESC, 1", clinic,
	    from, to)) == NULL)
		return -1;
	arr = json_object_new_array();
	while ((row = mysql_fetch_row(res)) != NULL) {
		n = strtoll(row[1], NULL, 10);
		t = json_object_new_object();
		json_object_object_add(t, "topic",
		    json_object_new_string(row[0]));
		analytics_int(t, "count", n);
		json_object_object_add(t, "share",
		    analytics_share(n, questions));
		json_object_array_add(arr, t);
	}
	mysql_free_result(res);
	json_object_object_add(a, "topics", arr);
	return 0;
}

static int
analytics_cmp_ll(const void *a, const void *b)
{
	long long	 x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static json_object *
analytics_response_json(long long *secs, long long answered,
    long long handoffs)
{
	json_object	*o = json_object_new_object();
	long long	 sum = 0, i;

	for (i = 0; i < answered; i++)
		sum += secs[i];
	qsort(secs, (size_t)answered, sizeof(secs[0]), analytics_cmp_ll);
	analytics_int(o, "answered", answered);
	analytics_int(o, "unanswered", handoffs - answered);
	json_object_object_add(o, "median_seconds", answered == 0 ? NULL :
	    json_object_new_double(answered % 2 ? (double)secs[answered / 2] :
	    (secs[answered / 2 - 1] + secs[answered / 2]) / 2.0));
	json_object_object_add(o, "mean_seconds", answered == 0 ? NULL :
	    json_object_new_double((double)sum / (double)answered));
	return o;
}

/* Hand-offs (first request per conversation) and the time to the first
 * staff message after it. */
static int
analytics_handoffs(json_object *a, const char *clinic, time_t from,
    time_t to)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	long long	*secs, answered = 0, handoffs = 0;

	if ((res = db_query("SELECT h.t, MIN(m.created_at) FROM (SELECT "
	    "e.conversation_id AS cid, MIN(e.created_at) AS t FROM events e "
	    "JOIN conversations c ON c.id = e.conversation_id WHERE "
	    ANALYTICS_COHORT " AND e.type IN ('handoff', 'handoff_requested') "
	    "GROUP BY e.conversation_id) h LEFT JOIN messages m ON "
	    "m.conversation_id = h.cid AND m.sender = 'staff' AND m.created_at "
	    ">= h.t GROUP BY h.cid, h.t", clinic, from, to)) == NULL)
		return -1;
	if ((secs = calloc(ANALYTICS_RESPONSES_MAX, sizeof(*secs))) == NULL) {
		mysql_free_result(res);
		return error("out of memory");
	}
	while ((row = mysql_fetch_row(res)) != NULL) {
		handoffs++;
		if (row[1] != NULL && answered < ANALYTICS_RESPONSES_MAX)
			secs[answered++] = (long long)(db_time(row[1]) -
			    db_time(row[0]));
	}
	mysql_free_result(res);
	analytics_int(a, "handoffs", handoffs);
	json_object_object_add(a, "staff_response",
	    analytics_response_json(secs, answered, handoffs));
	free(secs);
	return 0;
}

static void
analytics_add_events(json_object *a, json_object *ev, const long long *n)
{
	json_object	*ah = json_object_new_object();
	long long	 booked = analytics_ev(ev, "booked", "conversations");
	long long	 booked_ah = analytics_ev(ev, "booked", "after_hours");
	long long	 q = analytics_ev(ev, "question", "count");
	long long	 u = analytics_ev(ev, "unanswered", "count");

	analytics_int(a, "bookings", booked);
	json_object_object_add(a, "conversion", analytics_share(booked, n[2]));
	analytics_add_funnel(a, ev);
	analytics_int(ah, "conversations", n[1]);
	json_object_object_add(ah, "conversations_share",
	    analytics_share(n[1], n[0]));
	analytics_int(ah, "bookings", booked_ah);
	json_object_object_add(ah, "bookings_share",
	    analytics_share(booked_ah, booked));
	json_object_object_add(a, "after_hours", ah);
	analytics_int(a, "questions", q);
	analytics_int(a, "unanswered", u);
	json_object_object_add(a, "unanswered_rate", analytics_share(u, q + u));
	analytics_int(a, "emergencies", analytics_ev(ev, "emergency", "count"));
}

json_object *
analytics_compute(const char *clinic, time_t from, time_t to)
{
	json_object	*a = json_object_new_object(), *ev = NULL;
	long long	 n[3];

	if (analytics_conversations(a, clinic, from, to, n) == -1 ||
	    (ev = analytics_events(clinic, from, to)) == NULL)
		goto fail;
	analytics_add_events(a, ev, n);
	if (analytics_topics(a, clinic, from, to,
	    analytics_ev(ev, "question", "count")) == -1 ||
	    analytics_handoffs(a, clinic, from, to) == -1)
		goto fail;
	json_object_put(ev);
	return a;
fail:
	json_object_put(ev);
	json_object_put(a);
	return NULL;
}

/* Appends one CSV field: quoted when needed, and with a leading quote
 * mark when a spreadsheet would read it as a formula. */
static void
analytics_csv_field(struct buf *out, const char *s)
{
	const char	*p;

	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL &&
	    !(s[0] == '-' && s[1] >= '0' && s[1] <= '9'))
		buf_addstr(out, "'");
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_addstr(out, s);
		return;
	}
	buf_addstr(out, "\"");
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_addstr(out, "\"\"");
		else
			buf_add(out, p, 1);
	}
	buf_addstr(out, "\"");
}

static void
analytics_csv_line(struct buf *out, const char *metric, json_object *v)
{
	char	 num[64];

	analytics_csv_field(out, metric);
	buf_addstr(out, ",");
	if (v == NULL)
		num[0] = '\0';
	else if (json_object_is_type(v, json_type_double))
		snprintf(num, sizeof(num), "%.4f", json_object_get_double(v));
	else
		snprintf(num, sizeof(num), "%s", json_object_get_string(v));
	analytics_csv_field(out, num);
	buf_addstr(out, "\r\n");
}

/* Lines for each member of o, named prefix + key. */
static void
analytics_csv_object(struct buf *out, const char *prefix, json_object *o)
{
	char	 name[128];

	json_object_object_foreach(o, k, v) {
		snprintf(name, sizeof(name), "%s%s", prefix, k);
		analytics_csv_line(out, name, v);
	}
}

/* Lines for an array of objects named by key, e.g. funnel steps. */
static void
analytics_csv_array(struct buf *out, const char *prefix, json_object *arr,
    const char *key)
{
	json_object	*e;
	char		 name[128];
	size_t		 i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		snprintf(name, sizeof(name), "%s%s.", prefix,
		    json_object_get_string(json_object_object_get(e, key)));
		json_object_object_foreach(e, k, v)
			if (strcmp(k, key) != 0) {
				char full[160];

				snprintf(full, sizeof(full), "%s%s", name, k);
				analytics_csv_line(out, full, v);
			}
	}
}

int
analytics_csv(json_object *a, struct buf *out)
{
	buf_addstr(out, "metric,value\r\n");
	json_object_object_foreach(a, k, v) {
		if (strcmp(k, "funnel") == 0)
			analytics_csv_array(out, "funnel.", v, "step");
		else if (strcmp(k, "topics") == 0)
			analytics_csv_array(out, "topic.", v, "topic");
		else if (json_object_is_type(v, json_type_object)) {
			char prefix[64];

			snprintf(prefix, sizeof(prefix), "%s.", k);
			analytics_csv_object(out, prefix, v);
		} else
			analytics_csv_line(out, k, v);
	}
	return out->len < out->cap ? 0 : -1;
}
