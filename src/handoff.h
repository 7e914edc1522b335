/*
 * Hand-off to a person: a patient who asks for a human (in any language
 * the product speaks) or picks "staff:request" is put in the staff's
 * queue and told honestly when someone will answer; they may leave a
 * number to be called back.  The staff's side is h_admin_conv.c.
 */
#ifndef FD_HANDOFF_H
#define FD_HANDOFF_H

#include <stddef.h>

#include "turn.h"

/* The choice value that asks for a person; any module may offer it. */
#define HANDOFF_CHOICE		"staff:request"
/* The form field of a call-back number. */
#define HANDOFF_PHONE_FIELD	"handoff_phone"

enum handoff_kind {
	HANDOFF_NONE,		/* not about people */
	HANDOFF_ASK,		/* asks to speak to a person */
	HANDOFF_IDENTITY	/* asks whether it is talking to a person */
};

/* What text (UTF-8, len bytes) asks, in en, fr, pl, es, de, it, ro, ur. */
enum handoff_kind handoff_classify(const char *text, size_t len);

/*
 * Runs in the turn pipeline after the safety screen, inside the turn's
 * transaction.  Handles a request for a person (text or HANDOFF_CHOICE)
 * and a submitted call-back form: marks the conversation waiting for
 * staff, records the "handoff" event and replies.  "Are you a real
 * person?" is left to the answers module.  Returns 1 when it replied,
 * 0 when the turn is not its business (or the database failed before it
 * could reply: it is logged, and the other engines answer).
 */
int	handoff_turn(struct turn *t);

/*
 * Puts t's conversation in the staff's queue and records the event,
 * without replying (for other engines, e.g. an LLM tool).  0 or -1.
 */
int	handoff_request(struct turn *t);

#endif
