/*
 * Shared by the booking files only: the flow's state, replies in the
 * patient's language, and offers of slots.
 */
#ifndef FD_BOOKING_INT_H
#define FD_BOOKING_INT_H

#include <json-c/json.h>

#include "booking_store.h"
#include "slots.h"
#include "turn.h"
#include "when.h"

/* Marks a text for the catalogs where it is translated later. */
#define N_(s)		(s)

#define BOOKING_OFFERS_MAX	6	/* slots offered at once */
#define BOOKING_OFFER_MINUTES	60	/* how long an offered token lasts */
#define BOOKING_TRIES_MAX	3	/* failed identity checks */
#define BOOKING_CANDIDATES_MAX	2048	/* starts considered for an offer */

/* The flow's state object (borrowed from t->state), created if need
 * be; NULL on failure. */
json_object	*booking_state(struct turn *t);

/* A new, empty booking state in place of any other: borrowed, or NULL. */
json_object	*booking_state_reset(struct turn *t);

/* Ends the flow (removes the state). */
void		 booking_state_end(struct turn *t);

const char	*booking_get(json_object *st, const char *key);
void		 booking_set(json_object *st, const char *key, const char *v);
long long	 booking_get_int(json_object *st, const char *key);
void		 booking_set_int(json_object *st, const char *key, long long v);

/* The preference stored in the state, and storing one. */
void		 booking_when_load(json_object *st, struct when *w);
void		 booking_when_save(json_object *st, const struct when *w);

/* A reply: msgid translated into the turn's language, then formatted
 * with the arguments.  NULL when the turn is full. */
struct reply	*booking_say(struct turn *t, const char *msgid, ...);

/* msgid in the turn's language (borrowed until the next call). */
const char	*booking_tr(struct turn *t, const char *msgid);

/* Names from the clinic file (borrowed; "" when unknown). */
const char	*booking_service_name(const struct turn *t, const char *id);
const char	*booking_practitioner_name(const struct turn *t,
		    const char *id);

/* "£85" of the service (money_format) into buf; "" when no price. */
void		 booking_price(const struct turn *t, const char *service,
		    char *buf, size_t bufsz);

/* Local "Friday 4 December 2026 at 16:30" of t into buf. */
void		 booking_when_words(struct turn *t, time_t start, char *buf,
		    size_t bufsz);

/* Nonzero when folded text names one of the clinic's services. */
int		 booking_names_service(struct turn *t, const char *folded);

/* The flow of a new booking (booking_flow.c). */
int		 booking_flow_start(struct turn *t, const char *folded);
int		 booking_flow_text(struct turn *t, json_object *st,
		    const char *folded);
/* Nonzero when folded text (words_fold) holds an explicit yes. */
int		 booking_said_yes(const char *folded);

/* Nonzero when folded text holds a no ("no", "keep it", "nie"). */
int		 booking_said_no(const char *folded);

/* Nonzero when folded text holds a word of cancelling (booking.c). */
int		 booking_says_cancel(const char *folded);

/* Nonzero when the clinic confirms by SMS or WhatsApp, so a booking needs
 * a mobile number. */
int		 booking_needs_mobile(struct turn *t);

int		 booking_flow_choice(struct turn *t, json_object *st,
		    const char *value);
int		 booking_flow_form(struct turn *t, json_object *st);
int		 booking_flow_slot(struct turn *t, json_object *st,
		    const char *token);

/* Offers slots for the state's service, practitioner and preference,
 * with the notes a closed or mismatched day needs.  1, or -1. */
int		 booking_offer(struct turn *t, json_object *st);

/* Checks the hold and the slot again before booking or moving: 1 when
 * the time may be taken, 0 when the patient was told otherwise (and
 * offered other times), -1 on failure. */
int		 booking_recheck(struct turn *t, json_object *st);

/* Issues a slot token bound to the conversation; "slot:..." into
 * value.  0 or -1. */
int		 booking_token(struct turn *t, const char *prac,
		    const char *svc, time_t start, char *value,
		    size_t valuesz);

/* When w names one day the clinic is closed on, says so and moves w
 * (saved in st) to the days after it; 1 when it did. */
int		 booking_closed_check(struct turn *t, json_object *st,
		    struct when *w);

/* Moving and cancelling (booking_manage.c). */
int		 booking_manage_start(struct turn *t, const char *mode);
int		 booking_manage_form(struct turn *t, json_object *st);
int		 booking_manage_choice(struct turn *t, json_object *st,
		    const char *value);
int		 booking_manage_confirm(struct turn *t, json_object *st);

/* Nonzero when st waits for a yes or no of the manage flow (cancel it?
 * move it?). */
int		 booking_manage_asking(json_object *st);

/* A typed answer at such a step: a yes or no acts as the choice would,
 * a wish to cancel asks to confirm it, anything else asks again.  1 or
 * -1. */
int		 booking_manage_text(struct turn *t, json_object *st,
		    const char *folded);

/* Remembers the booking just made or moved in this conversation, so
 * that "cancel it" needs no second identity check; reference NULL
 * forgets it. */
void		 booking_manage_remember(struct turn *t, const char *reference);

/* Starts cancelling the booking remembered, when there is one and
 * folded text asks to cancel: 1, 0 (none) or -1. */
int		 booking_manage_recent(struct turn *t, const char *folded);

/*
 * Queues the patient's message of kind ("booked", "moved", "cancelled")
 * about appointment a through notify_queue_appt(), in the caller's
 * transaction, with the clinic's names for its service and practitioner
 * and its price.  0 or -1.
 */
int		 booking_notify(const struct clinic *c,
		    const struct booking_appt *a, const char *kind);

/*
 * A change of an appointment and the patient's message about it stand
 * or fall together: booking_change_begin() marks a savepoint in the
 * turn's transaction (0 or -1); booking_change_undo() rolls back to it
 * after a failure and returns -1.
 */
int		 booking_change_begin(void);
int		 booking_change_undo(void);

/* The notice in hours the clinic asks for before a cancellation
 * (booking.cancellation_notice_hours, else the "N hours" of its policy,
 * else 24); *policy gets the policy's text (borrowed) or NULL. */
int		 booking_notice_hours(const struct clinic *c,
		    const char **policy);

/* Asks for the reference (or mobile) and date of birth with msgid. */
int		 booking_ask_identity(struct turn *t, const char *msgid);

/* Tells what was found for appointment a and goes on to the move or the
 * cancellation. */
int		 booking_manage_found(struct turn *t, json_object *st,
		    const struct booking_appt *a);

/*
 * A one-time code instead of the date of birth (booking_code.c).
 * booking_code_offer(): when the identity form named a mobile number,
 * offers to text a code to it (1), else 0.  booking_code_send(): sends
 * it when that number has an upcoming booking, saying the same either
 * way.  booking_code_check(): checks the code typed or sent through the
 * form.  1 (replied) or -1.
 */
int		 booking_code_offer(struct turn *t, json_object *st);
int		 booking_code_send(struct turn *t, json_object *st);
int		 booking_code_check(struct turn *t, json_object *st,
		    const char *code);

/* After a failed identity check: offers the code when a mobile was
 * given (1, or -1), else 0. */
int		 booking_code_again(struct turn *t, json_object *st);

/* A code typed as text at the code step: 0 when the text is no code
 * (left to the other engines), else as booking_code_check(). */
int		 booking_code_text(struct turn *t, json_object *st);

/* The booking object of a reply for appointment a. */
json_object	*booking_object(struct turn *t, const struct booking_appt *a);

#endif
