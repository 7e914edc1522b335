/*
 * Booking in the chat: a wish to book, move or cancel, in any of the
 * product's languages, carried through to an appointment with the
 * clinic's scheduler backend.  The flow's state lives in the
 * conversation state under the key "booking".
 */
#ifndef FD_BOOKING_H
#define FD_BOOKING_H

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

#endif
