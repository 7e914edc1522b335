/*
 * Short holds on a chosen slot, so that other conversations are not
 * offered it while a patient gives their details.  A hold only steers
 * the offers: the appointment_blocks key is what prevents a double
 * booking.
 */
#ifndef FD_HOLDS_H
#define FD_HOLDS_H

#include <stddef.h>
#include <time.h>

#include "slots.h"

#define HOLD_MINUTES	10	/* how long a chosen slot is held */

/*
 * Holds [start, end) of practitioner for conversation until now +
 * HOLD_MINUTES, releasing the conversation's other holds.  Returns the
 * hold's id (> 0), 0 when another conversation holds an overlapping
 * time, or -1 on a database failure.
 */
long long	holds_place(const char *clinic, unsigned long long conversation,
		    const char *practitioner, const char *service,
		    time_t start, time_t end, time_t now);

/* Nonzero when hold id of conversation is still live at now. */
int		holds_live(const char *clinic, unsigned long long conversation,
		    long long id, time_t now);

/* Releases every hold of conversation.  0 or -1. */
int		holds_release(const char *clinic,
		    unsigned long long conversation);

/*
 * Appends the live holds of other conversations on practitioner
 * overlapping [from, to) to *busy (grown with realloc; *n updated).
 * 0 or -1.
 */
int		holds_busy(const char *clinic, const char *practitioner,
		    time_t from, time_t to, unsigned long long conversation,
		    time_t now, struct slots_busy **busy, size_t *n);

#endif
