/*
 * Bookings made through the chat, in the admin API: the list, and a
 * staff cancellation.  The appointments table is the booking module's
 * (sql/020-booking.sql); this file reads it and tolerates its absence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "booking.h"
#include "booking_store.h"
#include "clinic.h"
#include "clock.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "notify.h"
#include "secret.h"

#define BOOKINGS_MAX		300
#define DB_ER_NO_SUCH_TABLE	1146

static json_object *
h_booking_row(MYSQL_ROW row)
{
	json_object	*o = json_object_new_object();
	char		 when[32], name[BOOKING_NAME_MAX + 1];
	int		 i;
	static const char *const keys[] = { "reference", "practitioner",
	    "service", "status", "patient_name", "language" };

	/* The name is sealed at rest (booking_store.c). */
	if (row[5] != NULL && secret_open_str("appointments.patient_name",
	    row[5], name, sizeof(name)) == 0)
		row[5] = name;
	else
		row[5] = NULL;
	json_object_object_add(o, "id", json_object_new_int64(
	    strtoll(row[0], NULL, 10)));
	for (i = 0; i < 6; i++)
		json_object_object_add(o, keys[i], row[i + 1] == NULL ? NULL :
		    json_object_new_string(row[i + 1]));
	clock_format_utc(db_time(row[7]), when, sizeof(when));
	json_object_object_add(o, "start", json_object_new_string(when));
	clock_format_utc(db_time(row[8]), when, sizeof(when));
	json_object_object_add(o, "created_at", json_object_new_string(when));
	json_object_object_add(o, "conversation", row[9] == NULL ? NULL :
	    json_object_new_int64(strtoll(row[9], NULL, 10)));
	return o;
}

/* The clinic's chat bookings: a new array, NULL on failure; *missing
 * is set when the booking module's table is not there. */
static json_object *
h_bookings_list(const char *clinic, int *missing)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*arr;

	*missing = 0;
	if ((res = db_query("SELECT a.id, a.reference, COALESCE(p.name, "
	    "a.practitioner_id), COALESCE(s.name, a.service_id), a.status, "
	    "a.patient_name, a.language, a.start_utc, a.created_at, "
	    "a.conversation_id FROM appointments a LEFT JOIN practitioners p "
	    "ON p.clinic_id = a.clinic_id AND p.id = a.practitioner_id LEFT "
	    "JOIN services s ON s.clinic_id = a.clinic_id AND s.id = "
	    "a.service_id WHERE a.clinic_id = %s AND a.conversation_id IS NOT "
	    "NULL ORDER BY a.start_utc DESC LIMIT %d", clinic,
	    BOOKINGS_MAX)) == NULL) {
		*missing = db_errno() == DB_ER_NO_SUCH_TABLE;
		return *missing ? json_object_new_array() : NULL;
	}
	arr = json_object_new_array();
	while ((row = mysql_fetch_row(res)) != NULL)
		json_object_array_add(arr, h_booking_row(row));
	mysql_free_result(res);
	return arr;
}

int
h_admin_bookings(struct req *r)
{
	struct staff	 s;
	json_object	*o, *arr;
	const char	*clinic;
	char		 buf[80];
	int		 rc, missing;

	if ((rc = admin_auth(r, &s, 0)) != 0)
		return rc;
	if ((clinic = admin_clinic(r, &s, admin_query_clinic(r, buf,
	    sizeof(buf)))) == NULL)
		return r->status;
	if (audit_add(&s, clinic, "view_bookings", 0, NULL, r->remote_addr,
	    clock_now()) == -1 ||
	    (arr = h_bookings_list(clinic, &missing)) == NULL)
		return admin_db_down(r);
	o = json_object_new_object();
	json_object_object_add(o, "clinic", json_object_new_string(clinic));
	json_object_object_add(o, "available", json_object_new_boolean(
	    !missing));
	json_object_object_add(o, "bookings", arr);
	return req_answer(r, 200, o);
}

/*
 * Cancels appointment id of clinic through the booking module, which
 * frees its time in the clinic's calendar and tells the patient.  Staff
 * may cancel inside the notice period.  Returns 1, 0 when it was not
 * booked, -1 on failure.
 */
static int
dashboard_cancel_booking(const struct clinic *c, unsigned long long id,
    time_t now)
{
	switch (booking_cancel_appt(c, NULL, id, now, 1)) {
	case 0:
		return 1;
	case 1:
		return 0;
	default:
		return -1;
	}
}

struct h_cancel {
	const struct staff	*s;
	const struct req	*r;
	const char		*clinic;
	const struct clinic	*c;
	unsigned long long	 id, conversation;
	time_t			 now;
	int			 done;
};

static int
h_cancel_txn(void *arg)
{
	struct h_cancel	*c = arg;
	char		 subject[48];

	if ((c->done = dashboard_cancel_booking(c->c, c->id, c->now)) != 1)
		return -1;
	snprintf(subject, sizeof(subject), "appointment:%llu", c->id);
	return audit_add(c->s, c->clinic, "cancel_booking", c->conversation,
	    subject, c->r->remote_addr, c->now);
}

int
h_admin_booking_cancel(struct req *r)
{
	struct staff	 s;
	struct h_cancel	 c;
	struct clinic	*cl;
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		 clinic[65] = "";
	int		 rc;

	if ((rc = admin_auth(r, &s, 1)) != 0)
		return rc;
	memset(&c, 0, sizeof(c));
	c.id = admin_parse_id(r->params[0]);
	if ((res = db_query("SELECT clinic_id, conversation_id FROM "
	    "appointments WHERE id = %llu", c.id)) == NULL)
		return db_errno() == DB_ER_NO_SUCH_TABLE ? req_error(r, 404,
		    "not_found", "no such booking") : admin_db_down(r);
	if ((row = mysql_fetch_row(res)) != NULL && staff_may(&s, row[0])) {
		snprintf(clinic, sizeof(clinic), "%s", row[0]);
		c.conversation = row[1] ? strtoull(row[1], NULL, 10) : 0;
	}
	mysql_free_result(res);
	if (clinic[0] == '\0')
		return req_error(r, 404, "not_found", "no such booking");
	if ((cl = clinic_load(clinic)) == NULL)
		return admin_db_down(r);
	c.s = &s;
	c.r = r;
	c.clinic = clinic;
	c.c = cl;
	c.now = clock_now();
	rc = db_txn(h_cancel_txn, &c);
	clinic_free(cl);
	if (rc == -1)
		return c.done == 0 ? req_error(r, 409, "conflict",
		    "the booking is not active") : admin_db_down(r);
	/* The patient's cancellation message leaves now. */
	notify_flush();
	log_info("clinic %s: appointment %llu cancelled by staff %llu",
	    clinic, c.id, s.id);
	return req_answer(r, 200, json_object_new_object());
}
