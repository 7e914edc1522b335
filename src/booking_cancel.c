/*
 * Cancelling an appointment outside a chat turn: from the manage link
 * of a confirmation (the patient, held to the clinic's notice period)
 * and from the dashboard (staff, who may cancel late).  Both go through
 * the clinic's scheduler backend and tell the patient.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "booking.h"
#include "booking_int.h"
#include "db.h"
#include "log.h"
#include "sched.h"
#include "util.h"

#define BOOKING_NOTICE_DEFAULT	24	/* hours, when the policy says none */

int
booking_notice_hours(const struct clinic *c, const char **policy)
{
	json_object	*b, *v, *p;
	const char	*s;
	int		 h;

	*policy = NULL;
	if (json_object_object_get_ex(c->doc, "policies", &p))
		*policy = util_json_str(p, "cancellation", NULL);
	if (json_object_object_get_ex(c->doc, "booking", &b) &&
	    json_object_object_get_ex(b, "cancellation_notice_hours", &v) &&
	    json_object_is_type(v, json_type_int))
		return json_object_get_int(v);
	for (s = *policy; s != NULL && *s != '\0'; s++)
		if (isdigit((unsigned char)*s) && (s == *policy ||
		    !isdigit((unsigned char)s[-1])) &&
		    (h = atoi(s)) > 0 && strncmp(s + strspn(s, "0123456789"),
		    " hour", 5) == 0)
			return h;
	return BOOKING_NOTICE_DEFAULT;
}

/* Nonzero when the one cancelling may cancel a at now. */
static int
booking_may_cancel(const struct clinic *c, const struct booking_appt *a,
    time_t now, int staff)
{
	const char	*policy;

	if (strcmp(a->status, "booked") != 0)
		return 0;
	if (staff)
		return 1;
	return a->start - now >= (time_t)booking_notice_hours(c, &policy) *
	    3600;
}

int
booking_cancel_appt(const struct clinic *c, const char *reference,
    unsigned long long id, time_t now, int staff)
{
	const struct sched_backend *be = sched_backend(c);
	struct booking_appt	 a;
	int			 rc;

	if (be == NULL)
		return -1;
	if ((rc = booking_store_lock(c->id, reference, id, &a)) != 1)
		return rc == 0 ? 1 : -1;
	if ((id != 0 && a.id != id) || !booking_may_cancel(c, &a, now, staff))
		return 1;

	if (be->cancel(c, &a, now) == -1)
		return -1;
	/* No message about an appointment already past. */
	if (a.start > now && booking_notify(c, &a, "cancelled") == -1)
		return -1;
	log_info("clinic %s: appointment %llu cancelled (%s)", c->id, a.id,
	    staff ? "staff" : "link");
	return 0;
}

struct booking_cancel_arg {
	const struct clinic	*c;
	const char		*reference;
	unsigned long long	 id;
	time_t			 now;
	int			 rc;
};

static int
booking_cancel_txn(void *arg)
{
	struct booking_cancel_arg *x = arg;

	x->rc = booking_cancel_appt(x->c, x->reference, x->id, x->now, 0);
	return x->rc == -1 ? -1 : 0;
}

int
booking_cancel_ref(const struct clinic *c, const char *reference,
    unsigned long long appointment_id, time_t now)
{
	struct booking_cancel_arg x;

	if (reference == NULL || *reference == '\0')
		return 1;
	x.c = c;
	x.reference = reference;
	x.id = appointment_id;
	x.now = now;
	x.rc = -1;
	if (db_txn(booking_cancel_txn, &x) == -1)
		return -1;
	return x.rc;
}
