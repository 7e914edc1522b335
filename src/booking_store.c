/*
 * The appointments table.  Patient fields pass through here only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking_store.h"
#include "caldate.h"
#include "db.h"
#include "log.h"
#include "util.h"

/* No 0/O, 1/I/L, 2/Z, 5/S, 8/B. */
static const char booking_alphabet[] = "ACDEFGHJKMNPQRTUVWXY34679";

int
booking_store_reference(char *ref)
{
	unsigned char	 r[BOOKING_REF_LEN];
	size_t		 i, n = sizeof(booking_alphabet) - 1;

	if (util_random(r, sizeof(r)) == -1)
		return error("no random bytes");
	for (i = 0; i < BOOKING_REF_LEN; i++)
		ref[i] = booking_alphabet[r[i] % n];
	ref[BOOKING_REF_LEN] = '\0';
	return 0;
}

static const char *
booking_opt(const char *s)
{
	return s == NULL || *s == '\0' ? NULL : s;
}

int
booking_store_insert(const char *clinic, struct booking_appt *a)
{
	char	 dob[16];

	if (a->patient.dob != 0)
		caldate_iso(a->patient.dob, dob, sizeof(dob));
	if (db_exec("INSERT INTO appointments (clinic_id, reference, "
	    "practitioner_id, service_id, start_utc, end_utc, status, "
	    "patient_name, patient_phone, patient_email, patient_dob, "
	    "language, conversation_id, price_amount, currency) VALUES "
	    "(%s, %s, %s, %s, %t, %t, 'booked', %s, %s, %s, %s, %s, "
	    "NULLIF(%llu, 0), NULLIF(%lld, -1), %s)", clinic, a->reference,
	    a->practitioner, a->service, a->start, a->end,
	    booking_opt(a->patient.name), booking_opt(a->patient.phone),
	    booking_opt(a->patient.email), a->patient.dob ? dob : NULL,
	    a->lang, a->conversation, a->price_amount,
	    booking_opt(a->currency)) == -1)
		return db_errno() == DB_ER_DUP_ENTRY ? 1 : -1;
	a->id = db_insert_id();
	return 0;
}

#define BOOKING_COLUMNS "id, reference, practitioner_id, service_id, " \
	"start_utc, end_utc, status, language, IFNULL(conversation_id, 0), " \
	"IFNULL(price_amount, -1), IFNULL(currency, ''), " \
	"IFNULL(patient_name, ''), IFNULL(patient_phone, ''), " \
	"IFNULL(patient_email, ''), patient_dob"

static void
booking_row(MYSQL_ROW row, struct booking_appt *a)
{
	memset(a, 0, sizeof(*a));
	a->id = strtoull(row[0], NULL, 10);
	snprintf(a->reference, sizeof(a->reference), "%s", row[1]);
	snprintf(a->practitioner, sizeof(a->practitioner), "%s", row[2]);
	snprintf(a->service, sizeof(a->service), "%s", row[3]);
	a->start = db_time(row[4]);
	a->end = db_time(row[5]);
	snprintf(a->status, sizeof(a->status), "%s", row[6]);
	snprintf(a->lang, sizeof(a->lang), "%s", row[7]);
	a->conversation = strtoull(row[8], NULL, 10);
	a->price_amount = strtoll(row[9], NULL, 10);
	snprintf(a->currency, sizeof(a->currency), "%s", row[10]);
	snprintf(a->patient.name, sizeof(a->patient.name), "%s", row[11]);
	snprintf(a->patient.phone, sizeof(a->patient.phone), "%s", row[12]);
	snprintf(a->patient.email, sizeof(a->patient.email), "%s", row[13]);
	if (row[14] == NULL || caldate_parse(row[14], &a->patient.dob) == -1)
		a->patient.dob = 0;
}

/* The first row of res into *a: 1, 0 or -1. */
static int
booking_first(MYSQL_RES *res, struct booking_appt *a)
{
	MYSQL_ROW	 row;
	int		 found = 0;

	if (res == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		booking_row(row, a);
		found = 1;
	}
	mysql_free_result(res);
	return found;
}

int
booking_store_find(const char *clinic, const char *reference,
    const char *phone, long dob, time_t now, struct booking_appt *a)
{
	char	 d[16];

	caldate_iso(dob, d, sizeof(d));
	if (reference != NULL)
		return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
		    "appointments WHERE clinic_id = %s AND reference = %s AND "
		    "patient_dob = %s AND status = 'booked' AND start_utc > %t",
		    clinic, reference, d, now), a);
	return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
	    "appointments WHERE clinic_id = %s AND patient_phone = %s AND "
	    "patient_dob = %s AND status = 'booked' AND start_utc > %t "
	    "ORDER BY start_utc LIMIT 1", clinic, phone, d, now), a);
}

int
booking_store_find_phone(const char *clinic, const char *phone, time_t now,
    struct booking_appt *a)
{
	return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
	    "appointments WHERE clinic_id = %s AND patient_phone = %s AND "
	    "status = 'booked' AND start_utc > %t ORDER BY start_utc LIMIT 1",
	    clinic, phone, now), a);
}

int
booking_store_get(const char *clinic, const char *reference,
    struct booking_appt *a)
{
	return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
	    "appointments WHERE clinic_id = %s AND reference = %s", clinic,
	    reference), a);
}

int
booking_store_lock(const char *clinic, const char *reference,
    unsigned long long id, struct booking_appt *a)
{
	if (reference != NULL)
		return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
		    "appointments WHERE clinic_id = %s AND reference = %s FOR "
		    "UPDATE", clinic, reference), a);
	return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
	    "appointments WHERE clinic_id = %s AND id = %llu FOR UPDATE",
	    clinic, id), a);
}

int
booking_store_cancel(const char *clinic, unsigned long long id, time_t now)
{
	return db_exec("UPDATE appointments SET status = 'cancelled', "
	    "cancelled_at = %t WHERE clinic_id = %s AND id = %llu", now,
	    clinic, id) == -1 ? -1 : 0;
}

int
booking_store_retime(const char *clinic, unsigned long long id,
    const char *practitioner, time_t start, time_t end)
{
	return db_exec("UPDATE appointments SET practitioner_id = %s, "
	    "start_utc = %t, end_utc = %t WHERE clinic_id = %s AND id = %llu",
	    practitioner, start, end, clinic, id) == -1 ? -1 : 0;
}
