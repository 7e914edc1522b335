/*
 * Reminders: one per confirmed appointment, reminder_hours_before its
 * start, from the appointments as notify_queue_appt() last recorded
 * them (so a moved appointment is reminded of its new time and a
 * cancelled one not at all).  Also forgets what is long past.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "db.h"
#include "log.h"
#include "notify.h"
#include "notify_int.h"
#include "secret.h"

#define NOTIFY_KEEP_DAYS	7	/* days an appointment is kept after */

struct notify_remind {
	const struct clinic	*c;
	time_t			 now;
	long			 hours;
	int			 queued;
};

/* The clinic's booking.reminder_hours_before; 0: no reminders. */
static long
notify_remind_hours(const struct clinic *c)
{
	json_object	*b, *h;

	if (!json_object_object_get_ex(c->doc, "booking", &b) ||
	    !json_object_object_get_ex(b, "reminder_hours_before", &h))
		return 24;
	return json_object_get_int(h) > 0 ? json_object_get_int(h) : 0;
}

/* Queues the reminder of one row (columns of notify_remind_txn). */
static int
notify_remind_row(struct notify_remind *r, MYSQL_ROW row)
{
	struct notify_appt	 a;
	char			 name[NOTIFY_FIELD_MAX + 1];
	char			 phone[NOTIFY_ADDR_MAX + 1];
	char			 email[NOTIFY_ADDR_MAX + 1];

	if (secret_open_str("notify_appointments.patient_name", row[7], name,
	    sizeof(name)) == -1 ||
	    secret_open_str("notify_appointments.phone", row[8], phone,
	    sizeof(phone)) == -1 ||
	    secret_open_str("notify_appointments.email", row[9], email,
	    sizeof(email)) == -1)
		return -1;
	memset(&a, 0, sizeof(a));
	a.clinic_id = r->c->id;
	a.kind = "reminder";
	a.reference = row[0];
	a.appointment_id = row[1] ? strtoull(row[1], NULL, 10) : 0;
	a.service = row[2];
	a.practitioner = row[3];
	a.start = db_time(row[4]);
	a.duration_min = atoi(row[5]);
	a.price = row[6];
	a.patient_name = name;
	a.phone_e164 = phone;
	a.email = email;
	a.lang = row[10];
	if (notify_queue_appt(r->c, &a) == -1)
		return -1;
	r->queued++;
	return db_exec("UPDATE notify_appointments SET reminded_start = "
	    "start_at WHERE clinic_id = %s AND reference = %s", r->c->id,
	    row[0]) == -1 ? -1 : 0;
}

/*
 * The appointments due a reminder: confirmed, starting within the
 * window, not reminded of this start yet, and confirmed before the
 * window opened (a patient who booked an hour ago needs no reminder).
 */
static int
notify_remind_txn(void *arg)
{
	struct notify_remind	*r = arg;
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	int			 rc = 0;

	r->queued = 0;
	if ((res = db_query("SELECT reference, appointment_id, service, "
	    "practitioner, start_at, duration_min, price, patient_name, phone, "
	    "email, language FROM notify_appointments WHERE clinic_id = %s AND "
	    "status = 'booked' AND start_at > %t AND start_at <= %t AND "
	    "(reminded_start IS NULL OR reminded_start <> start_at) AND "
	    "updated_at < start_at - INTERVAL %ld HOUR FOR UPDATE", r->c->id,
	    r->now, r->now + r->hours * 3600, r->hours)) == NULL)
		return -1;
	while (rc == 0 && (row = mysql_fetch_row(res)) != NULL)
		rc = notify_remind_row(r, row);
	mysql_free_result(res);
	return rc;
}

static int
notify_remind_clinic(const char *id, time_t now)
{
	struct notify_remind	 r;
	struct clinic		*c;
	int			 rc = 0;

	if ((c = clinic_load(id)) == NULL)
		return -1;
	memset(&r, 0, sizeof(r));
	r.c = c;
	r.now = now;
	if ((r.hours = notify_remind_hours(c)) > 0) {
		rc = db_txn(notify_remind_txn, &r);
		notify_flush();
	}
	clinic_free(c);
	return rc == -1 ? -1 : r.queued;
}

/* Forgets appointments long past, spent tokens and old codes. */
static int
notify_forget(time_t now)
{
	if (db_exec("DELETE FROM notify_appointments WHERE start_at < %t",
	    now - NOTIFY_KEEP_DAYS * 86400) == -1 ||
	    db_exec("DELETE FROM notify_manage_tokens WHERE expires_at < %t",
	    now) == -1 ||
	    db_exec("DELETE FROM notify_codes WHERE expires_at < %t",
	    now - 3600) == -1)
		return -1;
	return 0;
}

int
notify_remind(time_t now)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 n, total = 0, rc = 0;

	if ((res = db_query("SELECT id FROM clinics ORDER BY id")) == NULL)
		return -1;
	while ((row = mysql_fetch_row(res)) != NULL) {
		if ((n = notify_remind_clinic(row[0], now)) == -1)
			rc = -1;
		else
			total += n;
	}
	mysql_free_result(res);
	if (notify_forget(now) == -1)
		rc = -1;
	log_info("remind: %d reminders queued", total);
	return rc == -1 ? -1 : total;
}
