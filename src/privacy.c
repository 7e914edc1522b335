/*
 * Retention: what each clinic keeps, and the purge that deletes or
 * anonymises the rest.  The patient's rights (export, erase) are in
 * privacy_subject.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking_store.h"
#include "db.h"
#include "log.h"
#include "phone.h"
#include "privacy.h"
#include "util.h"

/*
 * What the purge deletes or clears, by clinic and age: each statement
 * takes the clinic, the cut-off and the batch size, and is run until it
 * changes fewer rows than a batch.
 */
static const char *const privacy_clinic_stmts[] = {
	"DELETE FROM messages WHERE clinic_id = %s AND created_at < %t "
	    "LIMIT %d",
	"DELETE FROM knowledge_gaps WHERE clinic_id = %s AND created_at < %t "
	    "LIMIT %d",
	"DELETE FROM callbacks WHERE clinic_id = %s AND created_at < %t "
	    "LIMIT %d",
	"DELETE FROM notify_inbound WHERE clinic_id = %s AND received_at < %t "
	    "LIMIT %d",
	"DELETE FROM notify_outbox WHERE clinic_id = %s AND created_at < %t "
	    "LIMIT %d",
	"DELETE FROM notify_appointments WHERE clinic_id = %s AND start_at < "
	    "%t LIMIT %d",
	"DELETE FROM notify_manage_tokens WHERE clinic_id = %s AND created_at "
	    "< %t LIMIT %d",
	"DELETE FROM notify_codes WHERE clinic_id = %s AND window_start < %t "
	    "LIMIT %d",
	"UPDATE conversations SET state = '{}', page = NULL WHERE clinic_id = "
	    "%s AND updated_at < %t AND (state <> '{}' OR page IS NOT NULL) "
	    "LIMIT %d",
};

/* The same for rows of no clinic, or that serve a day at most: each
 * takes the cut-off and the batch size. */
static const char *const privacy_spent_stmts[] = {
	"DELETE FROM idempotency_keys WHERE created_at < %t LIMIT %d",
	"DELETE FROM rate_counters WHERE window_start < %t LIMIT %d",
};

int
privacy_retention_months(const struct clinic *c)
{
	json_object	*p, *v;
	int64_t		 n;

	if (!json_object_object_get_ex(c->doc, "privacy", &p) ||
	    !json_object_object_get_ex(p, "retention_months", &v) ||
	    !json_object_is_type(v, json_type_int))
		return PRIVACY_RETENTION_DEFAULT;
	n = json_object_get_int64(v);
	if (n < 1 || n > PRIVACY_RETENTION_MAX)
		return PRIVACY_RETENTION_DEFAULT;
	return (int)n;
}

time_t
privacy_cutoff(time_t now, int months)
{
	struct tm	 tm;

	gmtime_r(&now, &tm);
	tm.tm_mon -= months;
	/* 31 March less one month is 3 March, past the end of February:
	 * the cut-off may move a few days later, never earlier. */
	return timegm(&tm);
}

void
privacy_phone_key(const char *typed, char *out, size_t outsz)
{
	enum phone_kind	 kind;
	size_t		 n = 0;

	if (phone_parse(typed, out, outsz, &kind) == 0)
		return;
	for (; *typed != '\0' && n + 1 < outsz; typed++)
		if ((*typed == '+' && n == 0) ||
		    (*typed >= '0' && *typed <= '9'))
			out[n++] = *typed;
	out[n] = '\0';
}

/* Runs stmt in batches until done.  Rows changed, or -1. */
static long
privacy_batches(const char *stmt, const char *clinic, time_t cutoff)
{
	long long	 n;
	long		 total = 0;

	do {
		if (clinic != NULL)
			n = db_exec(stmt, clinic, cutoff, PRIVACY_BATCH);
		else
			n = db_exec(stmt, cutoff, PRIVACY_BATCH);
		if (n == -1)
			return -1;
		total += (long)n;
	} while (n == PRIVACY_BATCH);
	return total;
}

static long
privacy_purge_clinic(const char *id, time_t now)
{
	struct clinic	*c;
	time_t		 cutoff;
	long		 n, total = 0;
	size_t		 i;

	if ((c = clinic_load(id)) == NULL)
		return -1;
	cutoff = privacy_cutoff(now, privacy_retention_months(c));
	clinic_free(c);
	for (i = 0; i < sizeof(privacy_clinic_stmts) /
	    sizeof(privacy_clinic_stmts[0]); i++) {
		if ((n = privacy_batches(privacy_clinic_stmts[i], id,
		    cutoff)) == -1)
			return -1;
		total += n;
	}
	if ((n = booking_store_anonymise_before(id, cutoff, now)) == -1)
		return -1;
	log_info("purge: clinic %s: %ld rows deleted or cleared, %ld "
	    "appointments anonymised", id, total, n);
	return total + n;
}

/* Inbound messages from numbers no clinic wrote to: the default
 * retention; then what serves a day at most. */
static long
privacy_purge_spent(time_t now)
{
	long	 n, total;
	size_t	 i;

	if ((total = privacy_batches("DELETE FROM notify_inbound WHERE "
	    "clinic_id IS NULL AND received_at < %t LIMIT %d", NULL,
	    privacy_cutoff(now, PRIVACY_RETENTION_DEFAULT))) == -1)
		return -1;
	for (i = 0; i < sizeof(privacy_spent_stmts) /
	    sizeof(privacy_spent_stmts[0]); i++) {
		if ((n = privacy_batches(privacy_spent_stmts[i], NULL,
		    now - PRIVACY_SPENT_SECONDS)) == -1)
			return -1;
		total += n;
	}
	return total;
}

long
privacy_purge(time_t now)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	long		 n, total = 0;
	int		 rc = 0;

	if ((res = db_query("SELECT id FROM clinics ORDER BY id")) == NULL)
		return -1;
	while ((row = mysql_fetch_row(res)) != NULL) {
		if ((n = privacy_purge_clinic(row[0], now)) == -1)
			rc = -1;
		else
			total += n;
	}
	mysql_free_result(res);
	if ((n = privacy_purge_spent(now)) == -1)
		rc = -1;
	else
		total += n;
	return rc == -1 ? -1 : total;
}
