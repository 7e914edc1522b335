/*
 * Booking in the chat: a wish to book, move or cancel, in any of the
 * product's languages, carried through to an appointment with the
 * clinic's scheduler backend.  The flow's state lives in the
 * conversation state under the key "booking".
 */
#ifndef FD_BOOKING_H
#define FD_BOOKING_H

#include <time.h>

#include "clinic.h"
#include "turn.h"

/*
 * Handles t when it is about booking: a wish to book (in every
 * supported language), or a booking, move or cancel flow in progress
 * (state in t->state key "booking"), answered by text, a choice it
 * issued, or a form.  Returns 1 when it replied, 0 to let the answer
 * engine reply (the flow's state is kept, so a fact question asked
 * mid-flow gets its answer and the flow goes on).  Runs inside the
 * caller's transaction; a slot taken meanwhile leaves the transaction
 * usable.
 */
int	booking_turn(struct turn *t);

/*
 * Cancels appointment reference (or, when reference is NULL, id) of c at
 * now in the caller's transaction: through the clinic's scheduler, then
 * the patient's "cancelled" message (sent by notify_flush() after
 * commit).  A patient (staff 0) cannot cancel inside the clinic's notice
 * period; staff can.  Returns 0 when cancelled, 1 when not allowed
 * (unknown, not booked, already started, too late; nothing written), or
 * -1 on failure.
 */
int	booking_cancel_appt(const struct clinic *c, const char *reference,
	    unsigned long long id, time_t now, int staff);

/*
 * The patient's cancellation from the manage link of a confirmation
 * (notify_cancel_hook): booking_cancel_appt() of reference in its own
 * transaction, refused when appointment_id (if not 0) is not that
 * booking's.  Returns 0 cancelled, 1 not allowed, -1 on failure.  The
 * caller calls notify_flush().
 */
int	booking_cancel_ref(const struct clinic *c, const char *reference,
	    unsigned long long appointment_id, time_t now);

#endif
