/*
 * Dashboard figures of one clinic over a period, computed from the
 * conversations, messages and analytics events of the conversations that
 * started in it (../shared/DOMAIN.md section 6).  Serving them is
 * h_admin_analytics.c's business.
 */
#ifndef FD_ANALYTICS_H
#define FD_ANALYTICS_H

#include <time.h>
#include <json-c/json.h>

#include "util.h"

/*
 * The figures of clinic for conversations started in [from, to): a new
 * object {conversations, engaged, bookings, conversion, funnel[],
 * after_hours{}, topics[], questions, unanswered, unanswered_rate,
 * handoffs, staff_response{}, emergencies}, or NULL on failure.  Shares
 * are fractions from 0 to 1, or null when their base is zero.
 */
json_object	*analytics_compute(const char *clinic, time_t from, time_t to);

/* Writes the figures a as CSV lines "metric,value" to out.  0 or -1. */
int		 analytics_csv(json_object *a, struct buf *out);

#endif
