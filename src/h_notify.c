/*
 * The manage page's API: an appointment as the patient was last told it
 * (GET api/v1/appointments/{ref}) and its cancellation (POST
 * .../cancel), both with the token of the link in the confirmation.
 * Cancelling itself is the booking module's, through notify_cancel_hook.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "clock.h"
#include "db.h"
#include "handlers.h"
#include "i18n.h"
#include "log.h"
#include "notify.h"
#include "notify_int.h"
#include "tz.h"

#define T(lang, s)	i18n_tr("notify", (lang), (s))

/* What the token of a manage link unlocks. */
struct h_appt {
	struct clinic		*c;
	char			 ref[65], status[17], lang[8];
	char			 service[256], pract[256], price[65];
	unsigned long long	 id;
	time_t			 start;
	int			 duration;
};

static int
h_notify_unavailable(struct req *r)
{
	return req_error(r, 503, "unavailable",
	    "the service is unavailable, please try again shortly");
}

/* The clinic and reference a live token belongs to.  0, 1 none, -1. */
static int
h_appt_token(struct req *r, char *clinic, size_t clinicsz)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	const char	*tok = NULL;
	char		 hash[65];
	int		 rc = 1;

	if (r->auth != NULL && strncmp(r->auth, "Bearer ", 7) == 0)
		tok = r->auth + 7;
	if (tok == NULL || strlen(tok) != 48 ||
	    strspn(tok, "0123456789abcdef") != 48)
		return 1;
	util_sha256_hex(hash, tok, strlen(tok));
	if ((res = db_query("SELECT clinic_id FROM notify_manage_tokens WHERE "
	    "token_hash = %s AND reference = %s AND expires_at > %t", hash,
	    r->params[0], clock_now())) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		snprintf(clinic, clinicsz, "%s", row[0]);
		rc = 0;
	}
	mysql_free_result(res);
	return rc;
}

static int
h_appt_row(struct h_appt *a, const char *clinic, const char *ref)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 rc = 1;

	if ((res = db_query("SELECT reference, status, language, service, "
	    "practitioner, price, appointment_id, start_at, duration_min FROM "
	    "notify_appointments WHERE clinic_id = %s AND reference = %s",
	    clinic, ref)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		snprintf(a->ref, sizeof(a->ref), "%s", row[0]);
		snprintf(a->status, sizeof(a->status), "%s", row[1]);
		snprintf(a->lang, sizeof(a->lang), "%s", row[2]);
		snprintf(a->service, sizeof(a->service), "%s",
		    row[3] ? row[3] : "");
		snprintf(a->pract, sizeof(a->pract), "%s",
		    row[4] ? row[4] : "");
		snprintf(a->price, sizeof(a->price), "%s",
		    row[5] ? row[5] : "");
		a->id = row[6] ? strtoull(row[6], NULL, 10) : 0;
		a->start = db_time(row[7]);
		a->duration = atoi(row[8]);
		rc = 0;
	}
	mysql_free_result(res);
	return rc;
}

/* Loads what the request's token unlocks; answers and returns the
 * status when it unlocks nothing. */
static int
h_appt_load(struct req *r, struct h_appt *a)
{
	char	 clinic[65];
	int	 rc;

	memset(a, 0, sizeof(*a));
	if ((rc = h_appt_token(r, clinic, sizeof(clinic))) == -1)
		return h_notify_unavailable(r);
	if (rc == 0 && (rc = h_appt_row(a, clinic, r->params[0])) == -1)
		return h_notify_unavailable(r);
	if (rc == 0 && (a->c = clinic_load(clinic)) == NULL)
		return h_notify_unavailable(r);
	if (rc != 0)
		return req_error(r, 404, "not_found",
		    "this link is not valid any more");
	return 0;
}

static void
h_add(json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key, value != NULL && *value != '\0' ?
	    json_object_new_string(value) : NULL);
}

/* "2027-04-06T10:00:00+01:00" in the clinic's zone. */
static void
h_iso_local(const struct clinic *c, time_t t, char *buf, size_t bufsz)
{
	struct tm	 tm;
	long		 off;

	if (tz_local(c->timezone, t, &tm) == -1) {
		clock_format_utc(t, buf, bufsz);
		return;
	}
	off = tm.tm_gmtoff / 60;
	snprintf(buf, bufsz, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60,
	    labs(off) % 60);
}

/* The page's words in the patient's language. */
static json_object *
h_appt_labels(const char *l)
{
	json_object	*o = json_object_new_object();

	h_add(o, "title", T(l, "Your appointment"));
	h_add(o, "when", T(l, "When"));
	h_add(o, "service", T(l, "Service"));
	h_add(o, "practitioner", T(l, "With"));
	h_add(o, "price", T(l, "Price"));
	h_add(o, "reference", T(l, "Reference"));
	h_add(o, "cancel", T(l, "Cancel this appointment"));
	h_add(o, "confirm", T(l, "Do you really want to cancel it?"));
	h_add(o, "cancelled", T(l, "This appointment is cancelled."));
	h_add(o, "move", T(l, "To move it, please call the clinic or use "
	    "the chat on its website."));
	h_add(o, "failed", T(l, "That did not work. Please call the clinic."));
	return o;
}

static json_object *
h_appt_json(const struct h_appt *a)
{
	json_object	*o = json_object_new_object(), *cl;
	char		 iso[40], when[128];
	time_t		 now = clock_now();

	h_iso_local(a->c, a->start, iso, sizeof(iso));
	notify_when(a->c, a->start, now, a->lang, when, sizeof(when));
	h_add(o, "reference", a->ref);
	h_add(o, "status", a->status);
	h_add(o, "service", a->service);
	h_add(o, "practitioner", a->pract);
	h_add(o, "start", iso);
	h_add(o, "when", when);
	json_object_object_add(o, "duration_min",
	    json_object_new_int(a->duration));
	h_add(o, "price", a->price);
	h_add(o, "language", a->lang);
	json_object_object_add(o, "can_cancel", json_object_new_boolean(
	    strcmp(a->status, "booked") == 0 && a->start > now &&
	    notify_cancel_hook != NULL));
	cl = json_object_new_object();
	h_add(cl, "name", a->c->name);
	h_add(cl, "phone", notify_clinic_str(a->c, "contact", "phone"));
	h_add(cl, "address", notify_clinic_str(a->c, "contact", "address"));
	h_add(cl, "cancellation_policy",
	    notify_clinic_str(a->c, "policies", "cancellation"));
	json_object_object_add(o, "clinic", cl);
	json_object_object_add(o, "labels", h_appt_labels(a->lang));
	return o;
}

int
h_appt_get(struct req *r)
{
	struct h_appt	 a;
	int		 rc;

	if ((rc = h_appt_load(r, &a)) != 0)
		return rc;
	req_header(r, "Cache-Control", "no-store");
	rc = req_answer(r, 200, h_appt_json(&a));
	clinic_free(a.c);
	return rc;
}

int
h_appt_cancel(struct req *r)
{
	struct h_appt	 a;
	time_t		 now = clock_now();
	int		 rc;

	if ((rc = h_appt_load(r, &a)) != 0)
		return rc;
	if (strcmp(a.status, "booked") != 0 || a.start <= now)
		rc = req_error(r, 409, "conflict",
		    "this appointment cannot be cancelled any more");
	else if (notify_cancel_hook == NULL)
		rc = req_error(r, 503, "unavailable", "online cancellation is "
		    "not available; please call the clinic");
	else if ((rc = notify_cancel_hook(a.c, a.ref, a.id, now)) == -1)
		rc = h_notify_unavailable(r);
	else if (rc == 1)
		rc = req_error(r, 409, "conflict", "this appointment cannot be "
		    "cancelled online; please call the clinic");
	else {
		log_info("clinic %s: appointment cancelled from its link",
		    a.c->id);
		notify_flush();
		snprintf(a.status, sizeof(a.status), "cancelled");
		rc = req_answer(r, 200, h_appt_json(&a));
	}
	clinic_free(a.c);
	return rc;
}
