/*
 * Sending the outbox: each row is claimed by one sender at a time (an
 * atomic UPDATE with a lease), handed to its channel's backend, then
 * marked sent, retried later with exponential backoff, or failed after
 * notify_max_attempts.  A sender that dies leaves the row pending; its
 * lease runs out and the next `frontdesk dispatch` sends it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "notify.h"
#include "notify_int.h"
#include "secret.h"

/* This process's name on the rows it claims. */
static const char *
notify_me(void)
{
	static char	 me[96];
	unsigned char	 raw[6];
	char		 host[48] = "", hex[13];

	if (me[0] != '\0')
		return me;
	gethostname(host, sizeof(host) - 1);
	util_random(raw, sizeof(raw));
	util_hex(hex, raw, sizeof(raw));
	snprintf(me, sizeof(me), "%.40s:%ld:%s", host, (long)getpid(), hex);
	return me;
}

static const struct notify_backend *
notify_backend_for(const char *channel)
{
	if (strcmp(channel, "email") == 0)
		return &notify_smtp;
	if (strcmp(channel, "sms") == 0)
		return &notify_twilio_sms;
	if (strcmp(channel, "whatsapp") != 0)
		return NULL;
	if (strcmp(conf_str("notify_whatsapp_provider"), "twilio") == 0)
		return &notify_twilio_whatsapp;
	if (strcmp(conf_str("notify_whatsapp_provider"), "cloud") == 0)
		return &notify_whatsapp_cloud;
	return NULL;
}

static void
notify_msg_release(struct notify_msg *m)
{
	free(m->subject);
	free(m->body);
	json_object_put(m->params);
	memset(m, 0, sizeof(*m));
}

/* Opens the sealed recipient, subject, body and params of row. */
static int
notify_open_row(struct notify_msg *m, MYSQL_ROW row)
{
	char	*params = NULL;

	if (secret_open_str("notify_outbox.recipient", row[3], m->recipient,
	    sizeof(m->recipient)) == -1 ||
	    (row[5] != NULL && (m->subject = secret_open_dup(
	    "notify_outbox.subject", row[5], strlen(row[5]))) == NULL) ||
	    (m->body = secret_open_dup("notify_outbox.body", row[6],
	    strlen(row[6]))) == NULL ||
	    (row[7] != NULL && (params = secret_open_dup(
	    "notify_outbox.params", row[7], strlen(row[7]))) == NULL))
		return -1;
	if (params != NULL)
		m->params = util_json_parse(params, strlen(params));
	free(params);
	return 0;
}

/* Loads a row this process has claimed.  0 or -1. */
static int
notify_load(unsigned long long id, struct notify_msg *m)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 rc = -1;

	memset(m, 0, sizeof(*m));
	if ((res = db_query("SELECT clinic_id, kind, channel, recipient, "
	    "language, subject, body, params, attempts FROM notify_outbox "
	    "WHERE id = %llu", id)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		m->id = id;
		snprintf(m->clinic_id, sizeof(m->clinic_id), "%s", row[0]);
		snprintf(m->kind, sizeof(m->kind), "%s", row[1]);
		snprintf(m->channel, sizeof(m->channel), "%s", row[2]);
		snprintf(m->lang, sizeof(m->lang), "%s", row[4]);
		m->attempts = atoi(row[8]);
		rc = notify_open_row(m, row);
	}
	mysql_free_result(res);
	if (rc == -1)
		notify_msg_release(m);
	return rc;
}

/* Claims row id for this process.  1 claimed, 0 not ours, -1 failure. */
static int
notify_claim(unsigned long long id, time_t now)
{
	long long	 n;

	n = db_exec("UPDATE notify_outbox SET claimed_by = %s, claimed_until = "
	    "%t WHERE id = %llu AND status = 'pending' AND next_attempt_at <= "
	    "%t AND (claimed_by IS NULL OR claimed_until < %t)", notify_me(),
	    now + NOTIFY_CLAIM_SECONDS, id, now, now);
	return n == -1 ? -1 : n == 1;
}

/* The wait before attempt number attempts + 1. */
static long
notify_backoff(int attempts)
{
	long	 base = conf_long("notify_retry_seconds"), wait = base;
	int	 i;

	for (i = 1; i < attempts && wait < 3600; i++)
		wait *= 2;
	return wait < 3600 ? wait : 3600;
}

/* Records the outcome; a final row keeps no text. */
static int
notify_finish(const struct notify_msg *m, enum notify_result res,
    const char *pid, time_t now)
{
	int		 tries = m->attempts + 1;
	const char	*status = "pending";

	if (res == NOTIFY_SENT)
		status = "sent";
	else if (res == NOTIFY_FAILED ||
	    tries >= conf_long("notify_max_attempts"))
		status = "failed";
	log_info("outbox %llu %s by %s: %s (attempt %d)", m->id, m->kind,
	    m->channel, status, tries);
	if (strcmp(status, "pending") == 0)
		return db_exec("UPDATE notify_outbox SET attempts = %d, "
		    "next_attempt_at = %t, claimed_by = NULL, claimed_until = "
		    "NULL, last_error = 'provider unavailable' WHERE id = %llu "
		    "AND claimed_by = %s", tries, now + notify_backoff(tries),
		    m->id, notify_me()) == -1 ? -1 : 0;
	return db_exec("UPDATE notify_outbox SET status = %s, attempts = %d, "
	    "provider_id = NULLIF(%s, ''), sent_at = IF(%s = 'sent', %t, NULL),"
	    " claimed_by = NULL, claimed_until = NULL, body = '', params = "
	    "NULL, last_error = %s WHERE id = %llu AND claimed_by = %s",
	    status, tries, pid, status, now, res == NOTIFY_SENT ? NULL :
	    "refused", m->id, notify_me()) == -1 ? -1 : 0;
}

/* Claims and sends one row.  1 sent, 0 not sent (now), -1 failure. */
static int
notify_send_id(unsigned long long id, time_t now)
{
	struct notify_msg		 m;
	const struct notify_backend	*be;
	enum notify_result		 res = NOTIFY_FAILED;
	char				 pid[191] = "";
	int				 rc;

	if ((rc = notify_claim(id, now)) != 1)
		return rc;
	if (notify_load(id, &m) == -1)
		return -1;
	if ((be = notify_backend_for(m.channel)) != NULL)
		res = be->send(&m, pid, sizeof(pid));
	else
		log_warn("outbox %llu: channel %s is not configured", id,
		    m.channel);
	rc = notify_finish(&m, res, pid, clock_now());
	notify_msg_release(&m);
	if (rc == -1)
		return -1;
	return res == NOTIFY_SENT;
}

void
notify_flush(void)
{
	unsigned long long	 ids[NOTIFY_FLUSH_MAX];
	int			 i, n;
	time_t			 now = clock_now();

	n = notify_take_pending(ids, NOTIFY_FLUSH_MAX);
	for (i = 0; i < n; i++)
		notify_send_id(ids[i], now);
}

int
notify_dispatch(time_t now)
{
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	unsigned long long	 ids[NOTIFY_BATCH];
	int			 i, n = 0, sent = 0, rc;

	if ((res = db_query("SELECT id FROM notify_outbox WHERE status = "
	    "'pending' AND next_attempt_at <= %t AND (claimed_by IS NULL OR "
	    "claimed_until < %t) ORDER BY id LIMIT %d", now, now,
	    NOTIFY_BATCH)) == NULL)
		return -1;
	while (n < NOTIFY_BATCH && (row = mysql_fetch_row(res)) != NULL)
		ids[n++] = strtoull(row[0], NULL, 10);
	mysql_free_result(res);
	for (i = 0; i < n; i++) {
		if ((rc = notify_send_id(ids[i], now)) == -1)
			return -1;
		sent += rc;
	}
	if (n > 0)
		log_info("dispatch: %d of %d due messages sent", sent, n);
	return sent;
}
