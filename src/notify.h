/*
 * Notifications to patients and staff: confirmations, reminders,
 * one-time codes and staff alerts.  Every notify_queue_* and code call
 * only writes rows in the CALLER's open transaction (the outbox); the
 * caller commits, then calls notify_flush() so the message leaves in
 * seconds.  `frontdesk dispatch` sends whatever is still pending, so a
 * crash between commit and send loses nothing.  Sending is in
 * notify_send.c, the channels in notify_{whatsapp,twilio,smtp}.c.
 */
#ifndef FD_NOTIFY_H
#define FD_NOTIFY_H

#include <time.h>

#include "clinic.h"

/* An appointment as the booking module describes it to notify.  All
 * strings are borrowed; NULL or "" means absent. */
struct notify_appt {
	const char	*clinic_id;
	const char	*kind;	/* booked, moved, cancelled, reminder */
	const char	*reference;	/* the patient-facing reference */
	const char	*service;	/* display name */
	const char	*practitioner;	/* display name */
	time_t		 start;		/* the instant (UTC) */
	int		 duration_min;
	const char	*price;		/* formatted, e.g. "£85.00" */
	const char	*patient_name;
	const char	*phone_e164;	/* "+447700900123" */
	const char	*email;
	const char	*lang;		/* ISO 639-1; NULL: clinic's */
	unsigned long long appointment_id;
};

/*
 * Queues the patient's messages about appointment a of clinic c in the
 * caller's transaction: the channels are the clinic's
 * booking.confirmation_channels that the patient's details allow (a
 * mobile: WhatsApp, else SMS; a valid e-mail: e-mail).  Also records the
 * appointment as confirmed (for `frontdesk remind` and the manage page)
 * and mints a manage-link token.  Queuing the same kind for the same
 * appointment and time twice queues it once.  Control characters in
 * names are removed; an invalid e-mail address is not used.  Returns 0
 * (also when no channel applies) or -1 on a database failure.
 */
int	notify_queue_appt(const struct clinic *c,
	    const struct notify_appt *a);

/*
 * Queues an e-mail to the clinic's contact.email telling staff that
 * conversation_id needs them (kind: "emergency", "handover", ...), in the
 * caller's transaction; once per (conversation, kind).  The e-mail holds
 * no patient detail, only a link to the dashboard.  Returns 0 (also when
 * the clinic has no contact e-mail) or -1.
 */
int	notify_queue_staff_alert(const struct clinic *c, const char *kind,
	    unsigned long long conversation_id);

/*
 * Tries to send, now, every message this process queued since the last
 * call.  Call it after the transaction that queued them has committed;
 * what fails stays pending for `frontdesk dispatch`.  Never fails.
 */
void	notify_flush(void);

/*
 * Sends (or retries) every pending message that is due, claiming each
 * row so that concurrent dispatchers send it once.  Returns the number
 * of messages sent, or -1 on a database failure.
 */
int	notify_dispatch(time_t now);

/*
 * Queues one reminder per confirmed appointment that starts within the
 * clinic's booking.reminder_hours_before of now (once per appointment
 * and start time), and forgets appointments long past.  Each clinic in
 * its own transaction.  Returns the number queued, or -1.
 */
int	notify_remind(time_t now);

/*
 * Nonzero when a one-time code can be sent for clinic c: its
 * confirmation channels include SMS or WhatsApp and a provider that
 * can carry the code is configured.
 */
int	notify_can_send_code(const struct clinic *c);

/*
 * A one-time code proving the patient holds phone_e164: a new 6-digit
 * code (only its hash is stored; valid 10 minutes, 5 tries) is queued
 * by SMS or WhatsApp in the caller's transaction, replacing any earlier
 * one.  Returns 0, 1 when too many codes were sent to that phone this
 * hour or the number cannot take texts, or -1.
 */
int	notify_send_code(const struct clinic *c, const char *phone_e164,
	    const char *lang);

/*
 * Checks a code sent by notify_send_code(), in the caller's transaction.
 * Returns 0 when it matches (the code is then used up), 1 when wrong,
 * 2 when there is no valid code (none, expired or 5 wrong tries), -1 on
 * a database failure.
 */
int	notify_check_code(const struct clinic *c, const char *phone_e164,
	    const char *code);

/*
 * Cancels an appointment for the manage page: set by whoever links the
 * booking module in (frontdesk-fcgi.c).  It runs the booking module's
 * cancellation in its own transaction (which queues the "cancelled"
 * message through notify_queue_appt) and returns 0 when cancelled, 1
 * when it cannot be cancelled online (too late, already cancelled), or
 * -1 on failure.  NULL: online cancellation is not available (503).
 */
typedef int	(*notify_cancel_fn)(const struct clinic *c,
		    const char *reference, unsigned long long appointment_id,
		    time_t now);
extern notify_cancel_fn	notify_cancel_hook;

#endif
