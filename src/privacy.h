/*
 * Patient data protection beyond sealing (secret.h): retention per
 * clinic (`frontdesk purge`), and the patient's rights of access and
 * erasure (`frontdesk export`, `frontdesk erase`), each written to the
 * audit log.
 */
#ifndef FD_PRIVACY_H
#define FD_PRIVACY_H

#include <stddef.h>
#include <time.h>
#include <json-c/json.h>

#include "clinic.h"

#define PRIVACY_RETENTION_DEFAULT	12	/* months */
#define PRIVACY_RETENTION_MAX		1200
#define PRIVACY_SPENT_SECONDS		86400	/* retry keys, rate windows */
#define PRIVACY_BATCH			1000	/* rows deleted at a time */
#define PRIVACY_CONV_MAX		200	/* conversations of a patient */

/* The clinic's retention: privacy.retention_months of its file, or
 * PRIVACY_RETENTION_DEFAULT. */
int		 privacy_retention_months(const struct clinic *c);

/* The instant `months` calendar months before now (UTC). */
time_t		 privacy_cutoff(time_t now, int months);

/*
 * Deletes, for every clinic, the messages, knowledge-gap questions,
 * call-backs, inbound messages and notification rows older than its
 * retention, clears old conversations' state, and anonymises the
 * appointments that ended before it (the rows stay for the clinic's
 * records); deletes retry keys and rate counters older than a day.
 * Analytics events are kept: they hold no patient data.  Returns the
 * number of rows changed, or -1.
 */
long		 privacy_purge(time_t now);

/*
 * The key a phone number is stored and found by: E.164 when typed is a
 * telephone number, else its '+' and digits.  out gets at least 32
 * bytes.
 */
void		 privacy_phone_key(const char *typed, char *out, size_t outsz);

/* One patient of clinic, by the first of phone, reference and
 * conversation given (NULL / 0 when not). */
struct privacy_who {
	const char		*clinic;
	const char		*phone;
	const char		*reference;
	unsigned long long	 conversation;
};

/*
 * Every record clinic holds on the patient, opened: appointments,
 * conversations with their messages and state, call-backs and
 * notifications.  Writes an "export" row to the audit log (actor: the
 * command line).  Returns a new object, or NULL (logged) when the
 * selector is bad, the clinic unknown, or the database failed.
 */
json_object	*privacy_export(const struct privacy_who *w, time_t now);

/*
 * Erases what privacy_export would show, in one transaction with its
 * "erase" audit row: appointments are anonymised (kept for the clinic's
 * records), messages, call-backs and notifications deleted, state
 * cleared.  Returns a new object counting what was done, or NULL.
 */
json_object	*privacy_erase(const struct privacy_who *w, time_t now);

#endif
