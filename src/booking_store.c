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
#include "secret.h"
#include "util.h"

/* No 0/O, 1/I/L, 2/Z, 5/S, 8/B. */
#define BOOKING_FIND_MAX	50	/* a phone's future appointments read */

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

/* The sealed patient fields of an insert, each NULL when empty. */
struct booking_sealed {
	char	*name, *phone, *email, *dob;
	char	 phone_hash[SECRET_INDEX_HEX];
};

static void
booking_sealed_release(struct booking_sealed *z)
{
	free(z->name);
	free(z->phone);
	free(z->email);
	free(z->dob);
}

static int
booking_seal(const struct booking_patient *p, struct booking_sealed *z)
{
	char	 dob[16] = "";

	memset(z, 0, sizeof(*z));
	if (p->dob != 0)
		caldate_iso(p->dob, dob, sizeof(dob));
	if (secret_seal_str("appointments.patient_name", p->name,
	    &z->name) == -1 ||
	    secret_seal_str("appointments.patient_phone", p->phone,
	    &z->phone) == -1 ||
	    secret_seal_str("appointments.patient_email", p->email,
	    &z->email) == -1 ||
	    secret_seal_str("appointments.patient_dob", dob, &z->dob) == -1 ||
	    (*p->phone != '\0' && secret_index("appointments.patient_phone",
	    p->phone, z->phone_hash) == -1)) {
		booking_sealed_release(z);
		return -1;
	}
	return 0;
}

int
booking_store_insert(const char *clinic, struct booking_appt *a)
{
	struct booking_sealed	 z;
	long long		 rc;

	if (booking_seal(&a->patient, &z) == -1)
		return -1;
	rc = db_exec("INSERT INTO appointments (clinic_id, reference, "
	    "practitioner_id, service_id, start_utc, end_utc, status, "
	    "patient_name, patient_phone, patient_email, patient_dob, "
	    "patient_phone_hash, language, conversation_id, price_amount, "
	    "currency) VALUES (%s, %s, %s, %s, %t, %t, 'booked', %s, %s, %s, "
	    "%s, NULLIF(%s, ''), %s, NULLIF(%llu, 0), NULLIF(%lld, -1), "
	    "NULLIF(%s, ''))", clinic, a->reference, a->practitioner,
	    a->service, a->start, a->end, z.name, z.phone, z.email, z.dob,
	    z.phone_hash, a->lang, a->conversation, a->price_amount,
	    a->currency);
	booking_sealed_release(&z);
	if (rc == -1)
		return db_errno() == DB_ER_DUP_ENTRY ? 1 : -1;
	a->id = db_insert_id();
	return 0;
}

#define BOOKING_COLUMNS "id, reference, practitioner_id, service_id, " \
	"start_utc, end_utc, status, language, IFNULL(conversation_id, 0), " \
	"IFNULL(price_amount, -1), IFNULL(currency, ''), patient_name, " \
	"patient_phone, patient_email, patient_dob"

/* Opens the patient fields of row (from column 11).  0 or -1. */
static int
booking_open(MYSQL_ROW row, struct booking_patient *p)
{
	char	 dob[300];

	if (secret_open_str("appointments.patient_name", row[11], p->name,
	    sizeof(p->name)) == -1 ||
	    secret_open_str("appointments.patient_phone", row[12], p->phone,
	    sizeof(p->phone)) == -1 ||
	    secret_open_str("appointments.patient_email", row[13], p->email,
	    sizeof(p->email)) == -1 ||
	    secret_open_str("appointments.patient_dob", row[14], dob,
	    sizeof(dob)) == -1)
		return -1;
	if (*dob == '\0' || caldate_parse(dob, &p->dob) == -1)
		p->dob = 0;
	return 0;
}

/* Fills *a from a row of BOOKING_COLUMNS.  0 or -1. */
static int
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
	return booking_open(row, &a->patient);
}

/*
 * The first row of res into *a whose date of birth is dob (any, when dob
 * is 0): 1, 0 or -1.  Frees res.
 */
static int
booking_first(MYSQL_RES *res, long dob, struct booking_appt *a)
{
	MYSQL_ROW	 row;
	int		 found = 0;

	if (res == NULL)
		return -1;
	while (found == 0 && (row = mysql_fetch_row(res)) != NULL) {
		if (booking_row(row, a) == -1)
			found = -1;
		else if (dob == 0 || a->patient.dob == dob)
			found = 1;
	}
	mysql_free_result(res);
	if (found != 1)
		memset(a, 0, sizeof(*a));
	return found;
}

/* The dates of birth are sealed: rows are chosen by reference or by the
 * phone's keyed hash, and the date is compared once opened. */
int
booking_store_find(const char *clinic, const char *reference,
    const char *phone, long dob, time_t now, struct booking_appt *a)
{
	char	 hash[SECRET_INDEX_HEX];

	if (dob == 0)
		return 0;
	if (reference != NULL)
		return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
		    "appointments WHERE clinic_id = %s AND reference = %s AND "
		    "status = 'booked' AND start_utc > %t", clinic, reference,
		    now), dob, a);
	if (phone == NULL || *phone == '\0' ||
	    secret_index("appointments.patient_phone", phone, hash) == -1)
		return phone == NULL || *phone == '\0' ? 0 : -1;
	return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
	    "appointments WHERE clinic_id = %s AND patient_phone_hash = %s AND "
	    "status = 'booked' AND start_utc > %t ORDER BY start_utc LIMIT "
	    "%d", clinic, hash, now, BOOKING_FIND_MAX), dob, a);
}

int
booking_store_find_phone(const char *clinic, const char *phone, time_t now,
    struct booking_appt *a)
{
	char	 hash[SECRET_INDEX_HEX];

	if (secret_index("appointments.patient_phone", phone, hash) == -1)
		return -1;
	return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
	    "appointments WHERE clinic_id = %s AND patient_phone_hash = %s AND "
	    "status = 'booked' AND start_utc > %t ORDER BY start_utc LIMIT 1",
	    clinic, hash, now), 0, a);
}

int
booking_store_get(const char *clinic, const char *reference,
    struct booking_appt *a)
{
	return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
	    "appointments WHERE clinic_id = %s AND reference = %s", clinic,
	    reference), 0, a);
}

int
booking_store_lock(const char *clinic, const char *reference,
    unsigned long long id, struct booking_appt *a)
{
	if (reference != NULL)
		return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
		    "appointments WHERE clinic_id = %s AND reference = %s FOR "
		    "UPDATE", clinic, reference), 0, a);
	return booking_first(db_query("SELECT " BOOKING_COLUMNS " FROM "
	    "appointments WHERE clinic_id = %s AND id = %llu FOR UPDATE",
	    clinic, id), 0, a);
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

int
booking_store_anonymise(const char *clinic, unsigned long long id,
    time_t now)
{
	return db_exec("UPDATE appointments SET patient_name = NULL, "
	    "patient_phone = NULL, patient_email = NULL, patient_dob = NULL, "
	    "patient_phone_hash = NULL, anonymised_at = %t WHERE clinic_id = "
	    "%s AND id = %llu", now, clinic, id) == -1 ? -1 : 0;
}

long
booking_store_anonymise_before(const char *clinic, time_t before,
    time_t now)
{
	return (long)db_exec("UPDATE appointments SET patient_name = NULL, "
	    "patient_phone = NULL, patient_email = NULL, patient_dob = NULL, "
	    "patient_phone_hash = NULL, anonymised_at = %t WHERE clinic_id = "
	    "%s AND end_utc < %t AND anonymised_at IS NULL", now, clinic,
	    before);
}

static MYSQL_RES *
booking_patient_query(const char *clinic, const char *phone,
    const char *reference, unsigned long long conversation)
{
	char	 hash[SECRET_INDEX_HEX];

	if (phone != NULL) {
		if (secret_index("appointments.patient_phone", phone,
		    hash) == -1)
			return NULL;
		return db_query("SELECT " BOOKING_COLUMNS " FROM appointments "
		    "WHERE clinic_id = %s AND patient_phone_hash = %s ORDER BY "
		    "start_utc LIMIT %d", clinic, hash, BOOKING_PATIENT_MAX);
	}
	if (reference != NULL)
		return db_query("SELECT " BOOKING_COLUMNS " FROM appointments "
		    "WHERE clinic_id = %s AND reference = %s", clinic,
		    reference);
	return db_query("SELECT " BOOKING_COLUMNS " FROM appointments WHERE "
	    "clinic_id = %s AND conversation_id = %llu ORDER BY start_utc "
	    "LIMIT %d", clinic, conversation, BOOKING_PATIENT_MAX);
}

int
booking_store_patient(const char *clinic, const char *phone,
    const char *reference, unsigned long long conversation,
    struct booking_appt **out)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 n = 0;

	*out = NULL;
	if ((res = booking_patient_query(clinic, phone, reference,
	    conversation)) == NULL)
		return -1;
	if (mysql_num_rows(res) > 0 && (*out = calloc(mysql_num_rows(res),
	    sizeof(**out))) == NULL)
		n = -1;
	while (n >= 0 && (row = mysql_fetch_row(res)) != NULL)
		n = booking_row(row, &(*out)[n]) == -1 ? -1 : n + 1;
	mysql_free_result(res);
	if (n == -1) {
		free(*out);
		*out = NULL;
	}
	return n;
}
