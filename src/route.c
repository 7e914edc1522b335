/*
 * The route table and dispatch.  What each handler does is in its
 * h_*.c file.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "log.h"
#include "route.h"

static const struct route routes[] = {
	{ "GET", "api/v1/health", h_health, 0 },
	{ "HEAD", "api/v1/health", h_health, 0 },
	{ "GET", "api/v1/clinics/{}/widget", h_widget, 0 },
	{ "OPTIONS", "api/v1/clinics/{}/widget", h_widget_options, 0 },
	{ "POST", "api/v1/conversations", h_conv_create, ROUTE_JSON },
	{ "OPTIONS", "api/v1/conversations", h_conv_options, 0 },
	{ "POST", "api/v1/conversations/{}/messages", h_conv_post, ROUTE_JSON },
	{ "GET", "api/v1/conversations/{}/messages", h_conv_poll, 0 },
	{ "OPTIONS", "api/v1/conversations/{}/messages", h_conv_options, 0 },
	{ "GET", "api/v1/appointments/{}", h_appt_get, 0 },
	{ "POST", "api/v1/appointments/{}/cancel", h_appt_cancel, 0 },
	{ "GET", "api/v1/webhooks/whatsapp", h_webhook_whatsapp_verify, 0 },
	{ "POST", "api/v1/webhooks/whatsapp", h_webhook_whatsapp, 0 },
	{ "POST", "api/v1/webhooks/twilio", h_webhook_twilio, 0 },
	{ "POST", "api/v1/admin/login", h_admin_login, ROUTE_JSON },
	{ "POST", "api/v1/admin/logout", h_admin_logout, 0 },
	{ "GET", "api/v1/admin/me", h_admin_me, 0 },
	{ "GET", "api/v1/admin/users", h_admin_users, 0 },
	{ "GET", "api/v1/admin/conversations", h_admin_conversations, 0 },
	{ "GET", "api/v1/admin/conversations/{}", h_admin_conversation, 0 },
	{ "POST", "api/v1/admin/conversations/{}/takeover", h_admin_takeover,
	    0 },
	{ "POST", "api/v1/admin/conversations/{}/reply", h_admin_reply,
	    ROUTE_JSON },
	{ "POST", "api/v1/admin/conversations/{}/handback", h_admin_handback,
	    0 },
	{ "POST", "api/v1/admin/callbacks/{}/done", h_admin_callback_done, 0 },
	{ "GET", "api/v1/admin/bookings", h_admin_bookings, 0 },
	{ "POST", "api/v1/admin/bookings/{}/cancel", h_admin_booking_cancel,
	    0 },
	{ "GET", "api/v1/admin/gaps", h_admin_gaps, 0 },
	{ "POST", "api/v1/admin/gaps/answer", h_admin_gap_answer, ROUTE_JSON },
	{ "GET", "api/v1/admin/analytics", h_admin_analytics, 0 },
	{ "GET", "api/v1/admin/analytics.csv", h_admin_analytics_csv, 0 },
	{ "GET", "api/v1/admin/audit", h_admin_audit, 0 },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/* Frees the segments captured by a failed match. */
static void
route_clear(struct req *r)
{
	while (r->nparams > 0)
		free(r->params[--r->nparams]);
}

/* Matches path against pattern, capturing "{}" segments.  1 or 0. */
static int
route_match(struct req *r, const char *pattern)
{
	const char	*p = pattern, *s = r->path;

	route_clear(r);
	while (*p != '\0') {
		if (p[0] == '{' && p[1] == '}') {
			size_t n = strcspn(s, "/");

			if (n == 0 || r->nparams == REQ_PARAMS_MAX ||
			    (r->params[r->nparams] = strndup(s, n)) == NULL)
				return 0;
			r->nparams++;
			s += n;
			p += 2;
		} else if (*p++ != *s++)
			return 0;
	}
	return *s == '\0';
}

int
route_dispatch(struct req *r)
{
	const struct route	*rt = NULL;
	size_t			 i;
	int			 path_known = 0, rc;

	for (i = 0; i < NROUTES && rt == NULL; i++) {
		if (!route_match(r, routes[i].path))
			continue;
		path_known = 1;
		if (strcmp(routes[i].method, r->method) == 0)
			rt = &routes[i];
	}
	if (rt == NULL) {
		route_clear(r);
		if (path_known)
			return req_error(r, 405, "method_not_allowed",
			    "this method is not allowed here");
		return req_error(r, 404, "not_found", "no such resource");
	}
	route_match(r, rt->path);
	if ((rc = req_read_body(r)) != 0)
		return rc;
	if ((rt->flags & ROUTE_JSON) && (rc = req_parse_json(r)) != 0)
		return rc;
	return rt->fn(r);
}
