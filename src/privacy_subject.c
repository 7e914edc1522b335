/*
 * The patient's rights of access and erasure: finding every record held
 * on one patient (by phone, booking reference or conversation), showing
 * them opened, and erasing them.  Appointment rows go through
 * booking_store.c; the other tables are read here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "booking_store.h"
#include "caldate.h"
#include "clock.h"
#include "conv.h"
#include "db.h"
#include "log.h"
#include "privacy.h"
#include "secret.h"
#include "util.h"

#define PRIVACY_ADDR_MAX	(1 + 2 * BOOKING_PATIENT_MAX)
#define PRIVACY_PAGE		200	/* messages read at a time */

/* One patient's records, found. */
struct privacy_set {
	const struct privacy_who *w;
	char			 phone[40];	/* the selector's, or "" */
	struct booking_appt	*appts;
	int			 nappts;
	unsigned long long	 convs[PRIVACY_CONV_MAX];
	int			 nconvs;
	const char		*addrs[PRIVACY_ADDR_MAX]; /* phones, e-mails */
	int			 naddrs;
	char			 subject[96];	/* for the audit log */
};

static void
privacy_add_conv(struct privacy_set *s, unsigned long long id)
{
	int	 i;

	for (i = 0; i < s->nconvs; i++)
		if (s->convs[i] == id)
			return;
	if (id != 0 && s->nconvs < PRIVACY_CONV_MAX)
		s->convs[s->nconvs++] = id;
}

static void
privacy_add_addr(struct privacy_set *s, const char *a)
{
	int	 i;

	if (*a == '\0')
		return;
	for (i = 0; i < s->naddrs; i++)
		if (strcmp(s->addrs[i], a) == 0)
			return;
	if (s->naddrs < PRIVACY_ADDR_MAX)
		s->addrs[s->naddrs++] = a;
}

/* Adds the conversations of rows of stmt (one column of ids). */
static int
privacy_convs_of(struct privacy_set *s, MYSQL_RES *res)
{
	MYSQL_ROW	 row;

	if (res == NULL)
		return -1;
	while ((row = mysql_fetch_row(res)) != NULL)
		privacy_add_conv(s, strtoull(row[0], NULL, 10));
	mysql_free_result(res);
	return 0;
}

/* Checks the selector and names it for the audit log.  0 or -1. */
static int
privacy_selector(struct privacy_set *s)
{
	const struct privacy_who *w = s->w;
	char		 hash[SECRET_INDEX_HEX];
	size_t		 n;

	if (w->clinic == NULL || !clinic_id_valid(w->clinic))
		return error("privacy: bad clinic id");
	if (w->phone != NULL) {
		privacy_phone_key(w->phone, s->phone, sizeof(s->phone));
		n = strspn(s->phone + (s->phone[0] == '+'), "0123456789");
		if (n < 7 || n > 15)
			return error("privacy: not a phone number");
		if (secret_index("audit_log.subject", s->phone, hash) == -1)
			return -1;
		snprintf(s->subject, sizeof(s->subject), "phone:%.32s", hash);
	} else if (w->reference != NULL) {
		n = strlen(w->reference);
		if (n == 0 || n > 64 || strspn(w->reference, "ABCDEFGHIJKLMNOP"
		    "QRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != n)
			return error("privacy: bad booking reference");
		snprintf(s->subject, sizeof(s->subject), "reference:%s",
		    w->reference);
	} else if (w->conversation != 0)
		snprintf(s->subject, sizeof(s->subject), "conversation:%llu",
		    w->conversation);
	else
		return error("privacy: no phone, reference or conversation");
	return 0;
}

static void
privacy_set_release(struct privacy_set *s)
{
	free(s->appts);
	memset(s, 0, sizeof(*s));
}

/*
 * Finds the patient's appointments, conversations (of the selector, the
 * appointments and call-backs from the phone) and addresses.  0, 1 when
 * the clinic or conversation is not there, or -1.
 */
static int
privacy_set_load(struct privacy_set *s, const struct privacy_who *w)
{
	char	*v, hash[SECRET_INDEX_HEX];
	int	 i;

	memset(s, 0, sizeof(*s));
	s->w = w;
	if (privacy_selector(s) == -1)
		return -1;
	if ((v = db_value("SELECT id FROM clinics WHERE id = %s",
	    w->clinic)) == NULL)
		return db_errno() ? -1 : 1;
	free(v);
	if (w->phone == NULL && w->reference == NULL) {
		if ((v = db_value("SELECT id FROM conversations WHERE id = "
		    "%llu AND clinic_id = %s", w->conversation,
		    w->clinic)) == NULL)
			return db_errno() ? -1 : 1;
		free(v);
		privacy_add_conv(s, w->conversation);
	}
	if ((s->nappts = booking_store_patient(w->clinic, w->phone ?
	    s->phone : NULL, w->reference, w->conversation, &s->appts)) == -1)
		return -1;
	privacy_add_addr(s, s->phone);
	for (i = 0; i < s->nappts; i++) {
		privacy_add_conv(s, s->appts[i].conversation);
		privacy_add_addr(s, s->appts[i].patient.phone);
		privacy_add_addr(s, s->appts[i].patient.email);
	}
	if (*s->phone == '\0')
		return 0;
	if (secret_index("callbacks.phone", s->phone, hash) == -1)
		return -1;
	return privacy_convs_of(s, db_query("SELECT DISTINCT conversation_id "
	    "FROM callbacks WHERE clinic_id = %s AND phone_hash = %s",
	    w->clinic, hash));
}

static json_object *
privacy_str(const char *s)
{
	return s != NULL && *s != '\0' ? json_object_new_string(s) : NULL;
}

static json_object *
privacy_time(const char *dbtime)
{
	char	 when[32];

	if (dbtime == NULL)
		return NULL;
	clock_format_utc(db_time(dbtime), when, sizeof(when));
	return json_object_new_string(when);
}

static json_object *
privacy_appt_json(const struct booking_appt *a)
{
	json_object	*o = json_object_new_object(), *p;
	char		 when[32], dob[16] = "";

	json_object_object_add(o, "reference", privacy_str(a->reference));
	json_object_object_add(o, "status", privacy_str(a->status));
	json_object_object_add(o, "practitioner", privacy_str(a->practitioner));
	json_object_object_add(o, "service", privacy_str(a->service));
	clock_format_utc(a->start, when, sizeof(when));
	json_object_object_add(o, "start", json_object_new_string(when));
	clock_format_utc(a->end, when, sizeof(when));
	json_object_object_add(o, "end", json_object_new_string(when));
	json_object_object_add(o, "language", privacy_str(a->lang));
	json_object_object_add(o, "conversation", a->conversation == 0 ? NULL :
	    json_object_new_int64((int64_t)a->conversation));
	p = json_object_new_object();
	json_object_object_add(p, "name", privacy_str(a->patient.name));
	json_object_object_add(p, "phone", privacy_str(a->patient.phone));
	json_object_object_add(p, "email", privacy_str(a->patient.email));
	if (a->patient.dob != 0)
		caldate_iso(a->patient.dob, dob, sizeof(dob));
	json_object_object_add(p, "date_of_birth", privacy_str(dob));
	json_object_object_add(o, "patient", p);
	return o;
}

/* Every message of conversation id, opened: a new array or NULL. */
static json_object *
privacy_messages(unsigned long long id)
{
	json_object		*all = json_object_new_array(), *page;
	unsigned long long	 after = 0, last;
	size_t			 i, n;

	do {
		if ((page = conv_messages_after(id, after, PRIVACY_PAGE,
		    &last)) == NULL) {
			json_object_put(all);
			return NULL;
		}
		n = json_object_array_length(page);
		for (i = 0; i < n; i++)
			json_object_array_add(all, json_object_get(
			    json_object_array_get_idx(page, i)));
		json_object_put(page);
		after = last;
	} while (n == PRIVACY_PAGE);
	return all;
}

/*
 * Adds to o, for each row of res, an object of the columns named in
 * keys: a sealed column (its name in sealed[], "table.column") opened,
 * one ending in "_at" as a time.  Frees res.  0 or -1.
 */
static int
privacy_rows(json_object *arr, MYSQL_RES *res, const char *const *keys,
    const char *const *sealed, int ncols)
{
	MYSQL_ROW	 row;
	json_object	*o;
	char		*plain;
	int		 i, rc = 0;

	if (res == NULL)
		return -1;
	while (rc == 0 && (row = mysql_fetch_row(res)) != NULL) {
		o = json_object_new_object();
		for (i = 0; i < ncols; i++) {
			if (sealed[i] != NULL && row[i] != NULL) {
				if ((plain = secret_open_dup(sealed[i], row[i],
				    strlen(row[i]))) == NULL)
					rc = -1;
				json_object_object_add(o, keys[i],
				    privacy_str(plain));
				free(plain);
			} else if (strstr(keys[i], "_at") != NULL)
				json_object_object_add(o, keys[i],
				    privacy_time(row[i]));
			else
				json_object_object_add(o, keys[i],
				    privacy_str(row[i]));
		}
		json_object_array_add(arr, o);
	}
	mysql_free_result(res);
	return rc;
}

static const char *const privacy_conv_keys[] = { "id", "created_at",
    "updated_at", "language", "status", "page", "state" };
static const char *const privacy_conv_sealed[] = { NULL, NULL, NULL, NULL,
    NULL, NULL, "conversations.state" };
static const char *const privacy_gap_keys[] = { "question", "created_at" };
static const char *const privacy_gap_sealed[] = {
    "knowledge_gaps.question", NULL };
static const char *const privacy_cb_keys[] = { "id", "conversation",
    "phone", "created_at", "done_at" };
static const char *const privacy_cb_sealed[] = { NULL, NULL,
    "callbacks.phone", NULL, NULL };

/* One conversation with its messages, knowledge-gap questions and
 * call-backs: a new object or NULL. */
static json_object *
privacy_conv_json(unsigned long long id)
{
	json_object	*arr = json_object_new_array(), *o, *sub;

	if (privacy_rows(arr, db_query("SELECT id, created_at, updated_at, "
	    "language, status, page, state FROM conversations WHERE id = %llu",
	    id), privacy_conv_keys, privacy_conv_sealed, 7) == -1 ||
	    json_object_array_length(arr) != 1) {
		json_object_put(arr);
		return NULL;
	}
	o = json_object_get(json_object_array_get_idx(arr, 0));
	json_object_put(arr);
	if ((sub = privacy_messages(id)) == NULL) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "messages", sub);
	sub = json_object_new_array();
	json_object_object_add(o, "knowledge_gaps", sub);
	if (privacy_rows(sub, db_query("SELECT question, created_at FROM "
	    "knowledge_gaps WHERE conversation_id = %llu ORDER BY id", id),
	    privacy_gap_keys, privacy_gap_sealed, 2) == -1) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static const char *const privacy_na_keys[] = { "reference", "status",
    "service", "practitioner", "start_at", "patient_name", "phone", "email",
    "updated_at" };
static const char *const privacy_na_sealed[] = { NULL, NULL, NULL, NULL,
    NULL, "notify_appointments.patient_name", "notify_appointments.phone",
    "notify_appointments.email", NULL };
static const char *const privacy_ob_keys[] = { "id", "kind", "channel",
    "recipient", "subject", "body", "status", "created_at", "sent_at" };
static const char *const privacy_ob_sealed[] = { NULL, NULL, NULL,
    "notify_outbox.recipient", "notify_outbox.subject",
    "notify_outbox.body", NULL, NULL, NULL };
static const char *const privacy_in_keys[] = { "provider", "from", "text",
    "received_at" };
static const char *const privacy_in_sealed[] = { NULL,
    "notify_inbound.from_phone", "notify_inbound.text", NULL };

#define PRIVACY_OUTBOX_COLUMNS "id, kind, channel, recipient, subject, " \
	"body, status, created_at, sent_at"

/* The notifications about the patient's appointments or sent to (or
 * received from) their addresses. */
static int
privacy_notify_json(const struct privacy_set *s, json_object *n)
{
	json_object	*na = json_object_new_array();
	json_object	*ob = json_object_new_array();
	json_object	*in = json_object_new_array();
	const char	*c = s->w->clinic;
	char		 h[SECRET_INDEX_HEX];
	int		 i, rc = 0;

	json_object_object_add(n, "appointments", na);
	json_object_object_add(n, "outbox", ob);
	json_object_object_add(n, "inbound", in);
	for (i = 0; rc == 0 && i < s->nappts; i++)
		rc = privacy_rows(na, db_query("SELECT reference, status, "
		    "service, practitioner, start_at, patient_name, phone, "
		    "email, updated_at FROM notify_appointments WHERE "
		    "clinic_id = %s AND reference = %s", c,
		    s->appts[i].reference), privacy_na_keys,
		    privacy_na_sealed, 9);
	for (i = 0; rc == 0 && i < s->naddrs; i++) {
		if (secret_index("notify_outbox.recipient", s->addrs[i],
		    h) == -1)
			return -1;
		rc = privacy_rows(ob, db_query("SELECT " PRIVACY_OUTBOX_COLUMNS
		    " FROM notify_outbox WHERE clinic_id = %s AND "
		    "recipient_hash = %s ORDER BY id", c, h), privacy_ob_keys,
		    privacy_ob_sealed, 9);
		if (rc == 0 && secret_index("notify_inbound.from_phone",
		    s->addrs[i], h) == -1)
			return -1;
		if (rc == 0)
			rc = privacy_rows(in, db_query("SELECT provider, "
			    "from_phone, text, received_at FROM notify_inbound "
			    "WHERE from_hash = %s AND (clinic_id = %s OR "
			    "clinic_id IS NULL) ORDER BY id", h, c),
			    privacy_in_keys, privacy_in_sealed, 4);
	}
	return rc;
}

/* The export of a loaded set: a new object or NULL. */
static json_object *
privacy_set_json(const struct privacy_set *s, time_t now)
{
	json_object	*o = json_object_new_object(), *arr, *cv;
	char		 when[32];
	int		 i;

	clock_format_utc(now, when, sizeof(when));
	json_object_object_add(o, "clinic", json_object_new_string(
	    s->w->clinic));
	json_object_object_add(o, "subject", json_object_new_string(
	    s->subject));
	json_object_object_add(o, "exported_at", json_object_new_string(when));
	arr = json_object_new_array();
	json_object_object_add(o, "appointments", arr);
	for (i = 0; i < s->nappts; i++)
		json_object_array_add(arr, privacy_appt_json(&s->appts[i]));
	arr = json_object_new_array();
	json_object_object_add(o, "conversations", arr);
	for (i = 0; i < s->nconvs; i++) {
		if ((cv = privacy_conv_json(s->convs[i])) == NULL)
			goto fail;
		json_object_array_add(arr, cv);
	}
	arr = json_object_new_array();
	json_object_object_add(o, "callbacks", arr);
	for (i = 0; i < s->nconvs; i++)
		if (privacy_rows(arr, db_query("SELECT id, conversation_id, "
		    "phone, created_at, done_at FROM callbacks WHERE "
		    "conversation_id = %llu ORDER BY id", s->convs[i]),
		    privacy_cb_keys, privacy_cb_sealed, 5) == -1)
			goto fail;
	arr = json_object_new_object();
	json_object_object_add(o, "notifications", arr);
	if (privacy_notify_json(s, arr) == -1)
		goto fail;
	return o;
fail:
	json_object_put(o);
	return NULL;
}

json_object *
privacy_export(const struct privacy_who *w, time_t now)
{
	struct privacy_set	 s;
	json_object		*o = NULL;
	int			 rc;

	if ((rc = privacy_set_load(&s, w)) != 0) {
		if (rc == 1)
			error("privacy: no such clinic or conversation");
		privacy_set_release(&s);
		return NULL;
	}
	if (audit_add(NULL, w->clinic, "export", w->conversation, s.subject,
	    "cli", now) == 0)
		o = privacy_set_json(&s, now);
	if (o != NULL)
		log_info("export: clinic %s, %s: %d appointments, %d "
		    "conversations", w->clinic, s.subject, s.nappts, s.nconvs);
	privacy_set_release(&s);
	return o;
}

/* What erasing one set did. */
struct privacy_erasure {
	struct privacy_set	*s;
	time_t			 now;
	long			 appointments, conversations, messages;
	long			 callbacks, notifications;
};

/* Adds n, the rows a statement changed, to *count.  0, or -1 when the
 * statement failed. */
static int
privacy_count(long *count, long long n)
{
	if (n == -1)
		return -1;
	*count += (long)n;
	return 0;
}

static int
privacy_erase_appt(struct privacy_erasure *e, const struct booking_appt *a)
{
	const char	*c = e->s->w->clinic;

	if (booking_store_anonymise(c, a->id, e->now) == -1)
		return -1;
	e->appointments++;
	return privacy_count(&e->notifications, db_exec("DELETE FROM "
	    "notify_appointments WHERE clinic_id = %s AND reference = %s", c,
	    a->reference)) == -1 ||
	    privacy_count(&e->notifications, db_exec("DELETE FROM "
	    "notify_manage_tokens WHERE clinic_id = %s AND reference = %s", c,
	    a->reference)) == -1 ||
	    privacy_count(&e->notifications, db_exec("DELETE FROM "
	    "notify_outbox WHERE clinic_id = %s AND appointment_id = %llu", c,
	    a->id)) == -1 ? -1 : 0;
}

/* The keyed hash of addr (with prefix, when not NULL) for column ad. */
static int
privacy_hash(const char *ad, const char *prefix, const char *addr,
    char *out)
{
	char	 key[512];

	snprintf(key, sizeof(key), "%s%s%s", prefix ? prefix : "",
	    prefix ? ":" : "", addr);
	return secret_index(ad, key, out);
}

static int
privacy_erase_addr(struct privacy_erasure *e, const char *addr)
{
	const char	*c = e->s->w->clinic;
	char		 ob[SECRET_INDEX_HEX], in[SECRET_INDEX_HEX];
	char		 code[SECRET_INDEX_HEX], cb[SECRET_INDEX_HEX];

	if (privacy_hash("notify_outbox.recipient", NULL, addr, ob) == -1 ||
	    privacy_hash("notify_inbound.from_phone", NULL, addr, in) == -1 ||
	    privacy_hash("notify_codes.phone", c, addr, code) == -1 ||
	    privacy_hash("callbacks.phone", NULL, addr, cb) == -1)
		return -1;
	return privacy_count(&e->notifications, db_exec("DELETE FROM "
	    "notify_outbox WHERE clinic_id = %s AND recipient_hash = %s", c,
	    ob)) == -1 ||
	    privacy_count(&e->notifications, db_exec("DELETE FROM "
	    "notify_inbound WHERE from_hash = %s AND (clinic_id = %s OR "
	    "clinic_id IS NULL)", in, c)) == -1 ||
	    privacy_count(&e->notifications, db_exec("DELETE FROM "
	    "notify_codes WHERE clinic_id = %s AND phone_hash = %s", c,
	    code)) == -1 ||
	    privacy_count(&e->callbacks, db_exec("DELETE FROM callbacks "
	    "WHERE clinic_id = %s AND phone_hash = %s", c, cb)) == -1 ?
	    -1 : 0;
}

/* The tables cleared of a conversation's rows, besides messages and
 * call-backs (counted apart). */
static const char *const privacy_conv_tables[] = {
	"knowledge_gaps", "idempotency_keys", "holds", "slot_offers",
};

static int
privacy_erase_conv(struct privacy_erasure *e, unsigned long long id)
{
	char	 stmt[128];
	long	 other = 0;
	size_t	 i;

	for (i = 0; i < sizeof(privacy_conv_tables) /
	    sizeof(privacy_conv_tables[0]); i++) {
		snprintf(stmt, sizeof(stmt), "DELETE FROM %s WHERE "
		    "conversation_id = %%llu", privacy_conv_tables[i]);
		if (privacy_count(&other, db_exec(stmt, id)) == -1)
			return -1;
	}
	return privacy_count(&e->messages, db_exec("DELETE FROM messages "
	    "WHERE conversation_id = %llu", id)) == -1 ||
	    privacy_count(&e->callbacks, db_exec("DELETE FROM callbacks WHERE "
	    "conversation_id = %llu", id)) == -1 ||
	    privacy_count(&e->conversations, db_exec("UPDATE conversations "
	    "SET state = '{}', page = NULL WHERE id = %llu", id)) == -1 ?
	    -1 : 0;
}

static int
privacy_erase_txn(void *arg)
{
	struct privacy_erasure	*e = arg;
	struct privacy_set	*s = e->s;
	int			 i;

	e->appointments = e->conversations = e->messages = 0;
	e->callbacks = e->notifications = 0;
	for (i = 0; i < s->nappts; i++)
		if (privacy_erase_appt(e, &s->appts[i]) == -1)
			return -1;
	for (i = 0; i < s->naddrs; i++)
		if (privacy_erase_addr(e, s->addrs[i]) == -1)
			return -1;
	for (i = 0; i < s->nconvs; i++)
		if (privacy_erase_conv(e, s->convs[i]) == -1)
			return -1;
	return audit_add(NULL, s->w->clinic, "erase", s->w->conversation,
	    s->subject, "cli", e->now);
}

static json_object *
privacy_erasure_json(const struct privacy_erasure *e)
{
	json_object	*o = json_object_new_object();

	json_object_object_add(o, "clinic", json_object_new_string(
	    e->s->w->clinic));
	json_object_object_add(o, "subject", json_object_new_string(
	    e->s->subject));
	json_object_object_add(o, "appointments_anonymised",
	    json_object_new_int64(e->appointments));
	json_object_object_add(o, "conversations_cleared",
	    json_object_new_int64(e->conversations));
	json_object_object_add(o, "messages_deleted",
	    json_object_new_int64(e->messages));
	json_object_object_add(o, "callbacks_deleted",
	    json_object_new_int64(e->callbacks));
	json_object_object_add(o, "notifications_deleted",
	    json_object_new_int64(e->notifications));
	return o;
}

json_object *
privacy_erase(const struct privacy_who *w, time_t now)
{
	struct privacy_set	 s;
	struct privacy_erasure	 e;
	json_object		*o = NULL;
	int			 rc;

	if ((rc = privacy_set_load(&s, w)) != 0) {
		if (rc == 1)
			error("privacy: no such clinic or conversation");
		privacy_set_release(&s);
		return NULL;
	}
	memset(&e, 0, sizeof(e));
	e.s = &s;
	e.now = now;
	if (db_txn(privacy_erase_txn, &e) == 0) {
		o = privacy_erasure_json(&e);
		log_info("erase: clinic %s, %s: %ld appointments anonymised, "
		    "%ld messages deleted", w->clinic, s.subject,
		    e.appointments, e.messages);
	}
	privacy_set_release(&s);
	return o;
}
