/*
 * The LLM's booking tools, answered by the booking module's own flow:
 * the same slot tokens, holds, read-backs, checks and scheduler calls
 * as the buttons and forms of the built-in engine.
 */
#ifndef FD_LLM_BOOKING_H
#define FD_LLM_BOOKING_H

/*
 * Wires the hooks of llm_tools.h to the booking module; call once at
 * start, before any turn.  The tools then work inside a conversation's
 * turn (its transaction); without a conversation (t->conversation 0)
 * they refuse.  Each tool that shows the patient something (offered
 * times, a read-back with Yes/Change, a confirmation with the booking
 * object) adds the booking module's own reply to the turn, before the
 * model's text.  book, move and cancel change nothing until the patient
 * has said yes, in a later message, to the server's read-back of exactly
 * those details.
 */
void	llm_booking_wire(void);

#endif
