/*
 * What the patient is told when an appointment is booked, moved or
 * cancelled: the appointment in the clinic's own names, handed to
 * notify_queue_appt() in the caller's transaction.  Which channels carry
 * it, and sending it after commit, are notify's business.
 */
#include <stdio.h>
#include <string.h>

#include "booking_int.h"
#include "db.h"
#include "log.h"
#include "notify.h"
#include "util.h"

/* The price a was booked at, else the service's price now; "" none. */
static void
booking_appt_price(const struct clinic *c, const struct booking_appt *a,
    char *buf, size_t bufsz)
{
	json_object	*price, *amount;

	buf[0] = '\0';
	if (a->price_amount >= 0) {
		money_format(a->price_amount, a->currency, buf, bufsz);
		return;
	}
	if (json_object_object_get_ex(slots_service(c, a->service), "price",
	    &price) && json_object_object_get_ex(price, "amount", &amount))
		money_format(json_object_get_int64(amount),
		    util_json_str(price, "currency", NULL), buf, bufsz);
}

static const char *
booking_name_of(json_object *o)
{
	const char	*n = util_json_str(o, "name", NULL);

	return n != NULL ? n : "";
}

int
booking_notify(const struct clinic *c, const struct booking_appt *a,
    const char *kind)
{
	struct notify_appt	 n;
	char			 price[32];

	booking_appt_price(c, a, price, sizeof(price));
	memset(&n, 0, sizeof(n));
	n.clinic_id = c->id;
	n.kind = kind;
	n.reference = a->reference;
	n.service = booking_name_of(slots_service(c, a->service));
	n.practitioner = booking_name_of(slots_practitioner(c,
	    a->practitioner));
	n.start = a->start;
	n.duration_min = (int)((a->end - a->start) / 60);
	n.price = price;
	n.patient_name = a->patient.name;
	n.phone_e164 = a->patient.phone;
	n.email = a->patient.email;
	n.lang = a->lang;
	n.appointment_id = a->id;
	return notify_queue_appt(c, &n);
}

int
booking_change_begin(void)
{
	return db_exec("SAVEPOINT booking_change") == -1 ? -1 : 0;
}

int
booking_change_undo(void)
{
	if (db_exec("ROLLBACK TO SAVEPOINT booking_change") == -1)
		log_error("a failed booking change could not be undone");
	return -1;
}
