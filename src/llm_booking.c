/*
 * The model's booking tools on top of the booking flow: find_slots
 * offers times through booking_offer(), pick_slot holds one through
 * booking_flow_slot(), and book, move and cancel read the details back
 * with the flow's own replies and act only on the patient's yes, which
 * the server reads from the patient's next message (llm_booking_begin),
 * never from the model.  Argument syntax is checked in llm_tools.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking_int.h"
#include "caldate.h"
#include "db.h"
#include "dob.h"
#include "handoff.h"
#include "holds.h"
#include "llm_booking.h"
#include "llm_tools.h"
#include "log.h"
#include "phone.h"
#include "util.h"
#include "words.h"

#define LB_TOKEN_LEN	24	/* hex characters of a slot token */
#define LB_TRIES_MAX	3	/* failed identity checks per conversation */
#define LB_REPLIES_MIN	4	/* free replies a tool needs in the turn */
#define LB_TEXT_MAX	4096	/* folded bytes of a message */


/* A slot offered in this conversation (a row of slot_offers). */
struct lb_offer {
	char	 hex[LB_TOKEN_LEN + 1];
	char	 prac[65];
	char	 svc[65];
	time_t	 start;
};

static int
lb_fail(char *err, size_t errsz, const char *msg)
{
	snprintf(err, errsz, "%s", msg);
	return -1;
}

/* Whether the booking tools can run in t. */
static int
lb_ready(struct turn *t, char *err, size_t errsz)
{
	if (t->conversation == 0 || t->state == NULL)
		return lb_fail(err, errsz, "booking works only in a chat "
		    "conversation; give the clinic's phone number");
	if (t->nreplies > TURN_REPLIES_MAX - LB_REPLIES_MIN)
		return lb_fail(err, errsz, "too much was said this turn; "
		    "answer the patient now");
	return 0;
}

/* The booking flow's state if it is an object, or NULL. */
static json_object *
lb_state(struct turn *t)
{
	json_object	*st;

	if (json_object_object_get_ex(t->state, "booking", &st) &&
	    json_object_is_type(st, json_type_object))
		return st;
	return NULL;
}

/* Empties the flow's state and starts mode afresh. */
static json_object *
lb_restart(struct turn *t, const char *mode)
{
	json_object	*st;

	if ((st = booking_state_reset(t)) == NULL)
		return NULL;
	booking_set(st, "mode", mode);
	return st;
}

static int
lb_is(json_object *st, const char *key, const char *want)
{
	const char	*v = st != NULL ? booking_get(st, key) : NULL;

	return v != NULL && want != NULL && strcmp(v, want) == 0;
}

/* --- what the patient was shown --- */

/* The texts of the replies from n0 on: a new array. */
static json_object *
lb_said(struct turn *t, int n0)
{
	json_object	*a = json_object_new_array();
	int		 i;

	for (i = n0; i < t->nreplies; i++)
		json_object_array_add(a,
		    json_object_new_string(t->replies[i].text));
	return a;
}

/* The booking object of a reply from n0 on (borrowed), or NULL. */
static json_object *
lb_booking_shown(struct turn *t, int n0)
{
	int	 i;

	for (i = n0; i < t->nreplies; i++)
		if (t->replies[i].booking != NULL)
			return t->replies[i].booking;
	return NULL;
}

/* A result {"key": value, "said": [...]}: a new object. */
static json_object *
lb_result(struct turn *t, int n0, const char *key, int value)
{
	json_object	*r = json_object_new_object();

	json_object_object_add(r, key, json_object_new_boolean(value));
	json_object_object_add(r, "said", lb_said(t, n0));
	return r;
}

static void
lb_note(json_object *r, const char *note)
{
	json_object_object_add(r, "note", json_object_new_string(note));
}

/* --- slots --- */

/* Reads the token ("slot:" and 24 hex characters) into o->hex. */
static int
lb_token(const char *s, struct lb_offer *o)
{
	if (strncmp(s, "slot:", 5) == 0)
		s += 5;
	if (strlen(s) != LB_TOKEN_LEN ||
	    strspn(s, "0123456789abcdef") != LB_TOKEN_LEN)
		return -1;
	memcpy(o->hex, s, LB_TOKEN_LEN + 1);
	return 0;
}

/* The offer of token s in t's conversation: 1, 0 (none) or -1. */
static int
lb_offer_get(struct turn *t, const char *s, struct lb_offer *o)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 found = 0;

	memset(o, 0, sizeof(*o));
	if (s == NULL || lb_token(s, o) == -1)
		return 0;
	if ((res = db_query("SELECT practitioner_id, service_id, start_utc "
	    "FROM slot_offers WHERE token = %s AND clinic_id = %s AND "
	    "conversation_id = %llu", o->hex, t->clinic->id,
	    t->conversation)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		snprintf(o->prac, sizeof(o->prac), "%s", row[0]);
		snprintf(o->svc, sizeof(o->svc), "%s", row[1]);
		o->start = db_time(row[2]);
		found = 1;
	}
	mysql_free_result(res);
	return found;
}

/* Adds "date", "weekday" and "time" of instant when (local). */
static void
lb_add_when(struct turn *t, json_object *o, time_t when)
{
	char	 s[16];
	long	 d;
	int	 m;

	if (caldate_local(t->clinic->timezone, when, &d, &m) == -1)
		return;
	caldate_iso(d, s, sizeof(s));
	json_object_object_add(o, "date", json_object_new_string(s));
	json_object_object_add(o, "weekday", json_object_new_string(
	    llm_weekday_name(caldate_wday(d))));
	snprintf(s, sizeof(s), "%02d:%02d", m / 60, m % 60);
	json_object_object_add(o, "time", json_object_new_string(s));
}

/* A slot as the model sees it: a new object. */
static json_object *
lb_slot_json(struct turn *t, const struct lb_offer *o)
{
	json_object	*j = json_object_new_object();
	char		 tok[LB_TOKEN_LEN + 8];

	snprintf(tok, sizeof(tok), "slot:%s", o->hex);
	json_object_object_add(j, "slot", json_object_new_string(tok));
	lb_add_when(t, j, o->start);
	json_object_object_add(j, "practitioner", json_object_new_string(
	    booking_practitioner_name(t, o->prac)));
	json_object_object_add(j, "service", json_object_new_string(o->svc));
	return j;
}

/* The slots of the choices of replies from n0 on: a new array. */
static json_object *
lb_offered(struct turn *t, int n0)
{
	json_object	*a = json_object_new_array(), *ch;
	struct lb_offer	 o;
	const char	*v;
	size_t		 k;
	int		 i;

	for (i = n0; i < t->nreplies; i++)
		for (k = 0; t->replies[i].choices != NULL &&
		    k < json_object_array_length(t->replies[i].choices); k++) {
			ch = json_object_array_get_idx(t->replies[i].choices,
			    k);
			v = util_json_str(ch, "value", NULL);
			if (v != NULL && strncmp(v, "slot:", 5) == 0 &&
			    lb_offer_get(t, v, &o) == 1)
				json_object_array_add(a, lb_slot_json(t, &o));
		}
	return a;
}

/* The preference of the arguments, in the flow's terms. */
static void
lb_when(json_object *args, struct when *w)
{
	const char	*part = util_json_str(args, "part_of_day", NULL);

	memset(w, 0, sizeof(*w));
	w->named_wday = -1;
	w->found = 1;
	caldate_parse(util_json_str(args, "date_from", NULL), &w->day_from);
	caldate_parse(util_json_str(args, "date_to", NULL), &w->day_to);
	w->exact_day = w->day_from == w->day_to;
	w->min_to = 24 * 60;
	if (part != NULL && strcmp(part, "morning") == 0)
		w->min_to = 12 * 60;
	else if (part != NULL && strcmp(part, "afternoon") == 0) {
		w->min_from = 12 * 60;
		w->min_to = 17 * 60;
	} else if (part != NULL && strcmp(part, "evening") == 0)
		w->min_from = 17 * 60;
}

static int
lb_find_slots(struct turn *t, json_object *args, json_object **res,
    char *err, size_t errsz)
{
	json_object	*st = lb_state(t);
	const char	*prac = util_json_str(args, "practitioner", NULL);
	struct when	 w;
	int		 n0 = t->nreplies;

	if (lb_ready(t, err, errsz) == -1)
		return -1;
	if (holds_release(t->clinic->id, t->conversation) == -1)
		return lb_fail(err, errsz, "the free times cannot be read now");

	/* a move in progress keeps its booking; anything else restarts */
	if (!lb_is(st, "mode", "move") || booking_get(st, "ref") == NULL) {
		if ((st = lb_restart(t, "book")) == NULL)
			return -1;
		turn_event(t, "booking_intent", NULL);
	}
	booking_set(st, "service", util_json_str(args, "service", NULL));
	booking_set(st, "practitioner", prac != NULL ? prac : "any");
	booking_set(st, "after", NULL);
	lb_when(args, &w);
	booking_when_save(st, &w);
	if (booking_offer(t, st) == -1)
		return lb_fail(err, errsz, "the free times cannot be read now");
	*res = json_object_new_object();
	json_object_object_add(*res, "slots", lb_offered(t, n0));
	json_object_object_add(*res, "said", lb_said(t, n0));
	lb_note(*res, "The patient sees these times as buttons. Mention them "
	    "briefly with their weekday; call pick_slot with the slot the "
	    "patient chooses.");
	return 0;
}

/* --- holding a slot --- */

/* Whether the state holds offer o. */
static int
lb_holds(json_object *st, const struct lb_offer *o)
{
	return st != NULL && lb_is(st, "slot_prac", o->prac) &&
	    lb_is(st, "service", o->svc) &&
	    booking_get_int(st, "slot_start") == (long long)o->start &&
	    booking_get_int(st, "hold") > 0;
}

/* Looks up args' slot: 0, or -1 with err. */
static int
lb_slot_arg(struct turn *t, json_object *args, struct lb_offer *o,
    char *err, size_t errsz)
{
	int	 rc;

	rc = lb_offer_get(t, util_json_str(args, "slot", NULL), o);
	if (rc == -1)
		return lb_fail(err, errsz, "the slot cannot be read now");
	if (rc == 0)
		return lb_fail(err, errsz, "that slot was not offered in this "
		    "conversation; call find_slots and use a slot it gives");
	return 0;
}

static int
lb_pick_slot(struct turn *t, json_object *args, json_object **res,
    char *err, size_t errsz)
{
	json_object	*st = lb_state(t);
	struct lb_offer	 o;
	int		 n0 = t->nreplies, held;

	if (lb_ready(t, err, errsz) == -1 ||
	    lb_slot_arg(t, args, &o, err, errsz) == -1)
		return -1;
	if (lb_is(st, "mode", "move") && booking_get(st, "ref") != NULL &&
	    !lb_is(st, "service", o.svc))
		return lb_fail(err, errsz, "that slot is for another service "
		    "than the booking being moved");
	if (!lb_is(st, "mode", "move") && !lb_is(st, "mode", "book") &&
	    (st = lb_restart(t, "book")) == NULL)
		return -1;
	booking_set(st, "llm_yes", NULL);
	if (booking_flow_slot(t, st, o.hex) == -1)
		return lb_fail(err, errsz, "the slot cannot be held now");
	held = lb_holds(lb_state(t), &o);
	*res = lb_result(t, n0, "held", held);
	if (held) {
		json_object_object_add(*res, "slot", lb_slot_json(t, &o));
		lb_note(*res, "Held for 10 minutes, not booked. The patient "
		    "may fill in the form shown, or give you their full name, "
		    "mobile number and date of birth for book.");
	} else
		lb_note(*res, "Not held: tell the patient what was said.");
	return 0;
}

/* --- the patient's details --- */

/* The checked details of args: name, phone (E.164) and date of birth
 * (ISO) in a new object, or NULL with err. */
static json_object *
lb_details(struct turn *t, json_object *args, char *err, size_t errsz)
{
	const char	*dob = util_json_str(args, "date_of_birth", NULL);
	char		 e164[PHONE_E164_MAX];
	enum phone_kind	 kind;
	json_object	*d;
	long		 today, day;

	if (phone_parse(util_json_str(args, "phone", NULL), e164,
	    sizeof(e164), &kind) == -1) {
		lb_fail(err, errsz, "phone is not a telephone number");
		return NULL;
	}
	if (booking_needs_mobile(t) && !phone_takes_sms(kind)) {
		lb_fail(err, errsz, "phone must be a mobile number: the "
		    "confirmation goes by text message");
		return NULL;
	}
	if (caldate_local(t->clinic->timezone, t->now, &today, NULL) == -1 ||
	    dob_parse(dob, today, &day) != DOB_OK) {
		lb_fail(err, errsz, "date_of_birth is not a date of birth in "
		    "the past");
		return NULL;
	}
	d = json_object_new_object();
	json_object_object_add(d, "name", json_object_new_string(
	    util_json_str(args, "name", NULL)));
	json_object_object_add(d, "phone", json_object_new_string(e164));
	json_object_object_add(d, "date_of_birth",
	    json_object_new_string(dob));
	return d;
}

/* Whether the state's details are d's. */
static int
lb_same_details(json_object *st, json_object *d)
{
	json_object	*sd = NULL;

	if (!json_object_object_get_ex(st, "details", &sd))
		return 0;
	return lb_is(sd, "name", util_json_str(d, "name", NULL)) &&
	    lb_is(sd, "phone", util_json_str(d, "phone", NULL)) &&
	    lb_is(sd, "dob", util_json_str(d, "date_of_birth", NULL));
}

/* Hands d to the flow as its form would: the flow checks the details
 * again and reads everything back with Yes and Change. */
static int
lb_read_back(struct turn *t, json_object *st, json_object *d)
{
	json_object	*saved = t->form;
	int		 rc;

	t->form = d;
	rc = booking_flow_form(t, st);
	t->form = saved;
	return rc;
}

/* Holds o and reads back d, or reads d back for the slot held. */
static int
lb_book_ask(struct turn *t, json_object *st, const struct lb_offer *o,
    json_object *d)
{
	json_object	*sd;

	if (lb_is(st, "mode", "book") && lb_holds(st, o) &&
	    holds_live(t->clinic->id, t->conversation,
	    booking_get_int(st, "hold"), t->now))
		return lb_read_back(t, st, d);
	if ((st = lb_restart(t, "book")) == NULL)
		return -1;
	sd = json_object_new_object();
	json_object_object_add(sd, "name", json_object_get(
	    json_object_object_get(d, "name")));
	json_object_object_add(sd, "phone", json_object_get(
	    json_object_object_get(d, "phone")));
	json_object_object_add(sd, "dob", json_object_get(
	    json_object_object_get(d, "date_of_birth")));
	json_object_object_add(st, "details", sd);
	return booking_flow_slot(t, st, o->hex);
}

/* Whether the patient said yes to the read-back of st at step. */
static int
lb_confirmed(json_object *st, const char *mode, const char *step)
{
	return lb_is(st, "mode", mode) && lb_is(st, "step", step) &&
	    booking_get_int(st, "llm_yes") == 1;
}

static int
lb_book_do(struct turn *t, json_object *st, json_object **res, int n0)
{
	json_object	*b;

	if (booking_flow_choice(t, st, "yes") == -1)
		return -1;
	b = lb_booking_shown(t, n0);
	*res = lb_result(t, n0, "booked", b != NULL);
	if (b != NULL)
		json_object_object_add(*res, "booking", json_object_get(b));
	else
		lb_note(*res, "Not booked: tell the patient what was said.");
	return 0;
}

static int
lb_book(struct turn *t, json_object *args, json_object **res, char *err,
    size_t errsz)
{
	json_object	*st = lb_state(t), *d;
	struct lb_offer	 o;
	int		 n0 = t->nreplies, rc;

	if (lb_ready(t, err, errsz) == -1 ||
	    lb_slot_arg(t, args, &o, err, errsz) == -1 ||
	    (d = lb_details(t, args, err, errsz)) == NULL)
		return -1;
	if (lb_confirmed(st, "book", "confirm") && lb_holds(st, &o) &&
	    lb_same_details(st, d)) {
		json_object_put(d);
		if ((rc = lb_book_do(t, st, res, n0)) == -1)
			lb_fail(err, errsz, "the booking failed; give the "
			    "clinic's phone number");
		return rc;
	}
	if (st != NULL)
		booking_set(st, "llm_yes", NULL);
	rc = lb_book_ask(t, st, &o, d);
	json_object_put(d);
	if (rc == -1)
		return lb_fail(err, errsz, "the details cannot be taken now");
	st = lb_state(t);
	rc = lb_is(st, "step", "confirm") && lb_holds(st, &o);
	*res = lb_result(t, n0, "booked", 0);
	json_object_object_add(*res, "needs_patient_yes",
	    json_object_new_boolean(rc));
	lb_note(*res, rc ? "Not booked yet. The patient sees the details "
	    "read back with Yes and Change; ask them to check and say yes. "
	    "After their yes, call book again with the same arguments." :
	    "Not booked: tell the patient what was said.");
	return 0;
}

/* --- the patient's own booking --- */

/* The reference typed: upper case, spaces and dashes dropped. */
static int
lb_reference(const char *s, char *ref, size_t refsz)
{
	size_t	 n = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (n + 1 >= refsz || strchr("0123456789ABCDEFGHIJKLMNOPQRS"
		    "TUVWXYZabcdefghijklmnopqrstuvwxyz", *s) == NULL)
			return -1;
		ref[n++] = *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s;
	}
	ref[n] = '\0';
	return n == BOOKING_REF_LEN ? 0 : -1;
}

/* The failed identity checks of the conversation, counted in state. */
static long long
lb_tries(struct turn *t, int add)
{
	json_object	*o;
	long long	 n;

	if (!json_object_object_get_ex(t->state, "llm_booking", &o) ||
	    !json_object_is_type(o, json_type_object)) {
		o = json_object_new_object();
		json_object_object_add(t->state, "llm_booking", o);
	}
	n = booking_get_int(o, "id_tries") + add;
	if (add)
		booking_set_int(o, "id_tries", n);
	return n;
}

/* The patient's upcoming booking by reference (or phone on file) and
 * date of birth: 1 found, or -1 with err.  Nothing about a booking is
 * told before both match. */
static int
lb_identify(struct turn *t, json_object *args, struct booking_appt *a,
    char *err, size_t errsz)
{
	const char	*refs = util_json_str(args, "booking", NULL);
	const char	*phone = util_json_str(args, "phone", NULL);
	char		 ref[16], e164[PHONE_E164_MAX];
	enum phone_kind	 kind;
	long		 dob;
	int		 rc;

	if (lb_tries(t, 0) >= LB_TRIES_MAX)
		return lb_fail(err, errsz, "too many failed tries; give the "
		    "clinic's phone number");
	if (caldate_parse(util_json_str(args, "date_of_birth", NULL),
	    &dob) == -1)
		return lb_fail(err, errsz, "date_of_birth is missing");
	if (refs != NULL && lb_reference(refs, ref, sizeof(ref)) == 0)
		rc = booking_store_find(t->clinic->id, ref, NULL, dob, t->now,
		    a);
	else if (phone != NULL && phone_parse(phone, e164, sizeof(e164),
	    &kind) == 0)
		rc = booking_store_find(t->clinic->id, NULL, e164, dob, t->now,
		    a);
	else
		return lb_fail(err, errsz, "give booking (the 6-character "
		    "reference) or phone (the number booked with), and "
		    "date_of_birth");
	if (rc == -1)
		return lb_fail(err, errsz, "bookings cannot be read now");
	if (rc == 0) {
		lb_tries(t, 1);
		return lb_fail(err, errsz, "no upcoming booking matches that "
		    "reference or phone number with that date of birth");
	}
	return 1;
}

/* The patient's booking for the model: a new object. */
static json_object *
lb_appt_json(struct turn *t, const struct booking_appt *a)
{
	json_object	*j = json_object_new_object();

	json_object_object_add(j, "reference",
	    json_object_new_string(a->reference));
	json_object_object_add(j, "service", json_object_new_string(
	    a->service));
	json_object_object_add(j, "practitioner", json_object_new_string(
	    booking_practitioner_name(t, a->practitioner)));
	lb_add_when(t, j, a->start);
	return j;
}

static int
lb_move_do(struct turn *t, json_object *st, json_object **res, int n0)
{
	json_object	*b;

	if (booking_flow_choice(t, st, "yes") == -1)
		return -1;
	b = lb_booking_shown(t, n0);
	*res = lb_result(t, n0, "moved", b != NULL);
	if (b != NULL)
		json_object_object_add(*res, "booking", json_object_get(b));
	else
		lb_note(*res, "Not moved: tell the patient what was said.");
	return 0;
}

/* Holds the new slot and reads the move back. */
static int
lb_move_ask(struct turn *t, const struct booking_appt *a,
    const struct lb_offer *o)
{
	json_object	*st;
	char		 when[160];

	if ((st = lb_restart(t, "move")) == NULL)
		return -1;
	booking_set(st, "ref", a->reference);
	booking_set(st, "service", a->service);
	booking_set(st, "practitioner", o->prac);
	booking_when_words(t, a->start, when, sizeof(when));
	booking_say(t, "I found your booking %s: %s with %s, %s.",
	    a->reference, booking_service_name(t, a->service),
	    booking_practitioner_name(t, a->practitioner), when);
	return booking_flow_slot(t, st, o->hex);
}

static int
lb_move(struct turn *t, json_object *args, json_object **res, char *err,
    size_t errsz)
{
	json_object	*st = lb_state(t);
	struct booking_appt a;
	struct lb_offer	 o;
	int		 n0 = t->nreplies, rc;

	if (lb_ready(t, err, errsz) == -1 ||
	    lb_identify(t, args, &a, err, errsz) == -1 ||
	    lb_slot_arg(t, args, &o, err, errsz) == -1)
		return -1;
	if (strcmp(o.svc, a.service) != 0) {
		snprintf(err, errsz, "that slot is for another service; the "
		    "booking is for %s: call find_slots with that service",
		    a.service);
		return -1;
	}
	if (lb_confirmed(st, "move", "confirm") && lb_holds(st, &o) &&
	    lb_is(st, "ref", a.reference)) {
		if ((rc = lb_move_do(t, st, res, n0)) == -1)
			lb_fail(err, errsz, "the move failed; the booking is "
			    "unchanged");
		return rc;
	}
	if (lb_move_ask(t, &a, &o) == -1)
		return lb_fail(err, errsz, "the new time cannot be held now");
	st = lb_state(t);
	rc = lb_is(st, "step", "confirm") && lb_holds(st, &o);
	*res = lb_result(t, n0, "moved", 0);
	json_object_object_add(*res, "booking", lb_appt_json(t, &a));
	json_object_object_add(*res, "needs_patient_yes",
	    json_object_new_boolean(rc));
	lb_note(*res, rc ? "Not moved yet: the new time is held and the "
	    "patient is asked to confirm. After their yes, call move again "
	    "with the same arguments; the old time is freed only once the "
	    "new one is booked." : "Not moved: tell the patient what was "
	    "said.");
	return 0;
}

/* The clinic's cancellation policy, or NULL. */
static const char *
lb_policy(struct turn *t)
{
	return util_json_str(json_object_object_get(t->clinic->doc,
	    "policies"), "cancellation", NULL);
}

/* Finds the booking the flow's way: the read-back, the notice policy
 * when it applies, and Yes/No. */
static int
lb_cancel_ask(struct turn *t, const struct booking_appt *a)
{
	json_object	*st, *form, *saved = t->form;
	char		 dob[16];
	int		 rc;

	if ((st = lb_restart(t, "cancel")) == NULL)
		return -1;
	booking_set(st, "step", "identify");
	caldate_iso(a->patient.dob, dob, sizeof(dob));
	form = json_object_new_object();
	json_object_object_add(form, "reference",
	    json_object_new_string(a->reference));
	json_object_object_add(form, "date_of_birth",
	    json_object_new_string(dob));
	t->form = form;
	rc = booking_manage_form(t, st);
	t->form = saved;
	json_object_put(form);
	return rc;
}

static int
lb_cancel_do(struct turn *t, json_object *st, const struct booking_appt *a,
    json_object **res, int n0)
{
	struct booking_appt	 now;
	int			 done;

	if (booking_manage_choice(t, st, "cancel") == -1)
		return -1;
	done = booking_store_get(t->clinic->id, a->reference, &now) == 1 &&
	    strcmp(now.status, "cancelled") == 0;
	*res = lb_result(t, n0, "cancelled", done);
	json_object_object_add(*res, "booking", lb_appt_json(t, a));
	return 0;
}

static int
lb_cancel(struct turn *t, json_object *args, json_object **res, char *err,
    size_t errsz)
{
	json_object	*st = lb_state(t);
	struct booking_appt a;
	const char	*policy;
	int		 n0 = t->nreplies, rc;

	if (lb_ready(t, err, errsz) == -1 ||
	    lb_identify(t, args, &a, err, errsz) == -1)
		return -1;
	if (lb_confirmed(st, "cancel", "manage_confirm") &&
	    lb_is(st, "ref", a.reference)) {
		if ((rc = lb_cancel_do(t, st, &a, res, n0)) == -1)
			lb_fail(err, errsz, "the cancellation failed; give the "
			    "clinic's phone number");
		return rc;
	}
	if (lb_cancel_ask(t, &a) == -1)
		return lb_fail(err, errsz, "the booking cannot be read now");
	rc = lb_is(lb_state(t), "step", "manage_confirm");
	*res = lb_result(t, n0, "cancelled", 0);
	json_object_object_add(*res, "booking", lb_appt_json(t, &a));
	if ((policy = lb_policy(t)) != NULL)
		json_object_object_add(*res, "cancellation_policy",
		    json_object_new_string(policy));
	json_object_object_add(*res, "needs_patient_yes",
	    json_object_new_boolean(rc));
	lb_note(*res, "Not cancelled yet: the patient is asked to confirm. "
	    "Quote the cancellation policy; after their yes, call cancel "
	    "again with the same arguments.");
	return 0;
}

/* --- hand-off and the patient's yes --- */

static int
lb_handoff(struct turn *t, json_object *args, json_object **res, char *err,
    size_t errsz)
{
	const char	*phone;

	(void)args;
	if (t->conversation != 0 && t->state != NULL &&
	    handoff_request(t) == -1)
		return lb_fail(err, errsz, "the request cannot be recorded "
		    "now; give the clinic's phone number");
	turn_event(t, "handoff_requested", "llm");
	phone = util_json_str(json_object_object_get(t->clinic->doc,
	    "contact"), "phone", NULL);
	*res = json_object_new_object();
	json_object_object_add(*res, "recorded",
	    json_object_new_boolean(t->conversation != 0));
	lb_note(*res, "The conversation is in the staff's queue; a person "
	    "answers here when one is free. Promise no time; give the "
	    "clinic's phone number for anything urgent.");
	if (phone != NULL)
		json_object_object_add(*res, "phone",
		    json_object_new_string(phone));
	return 0;
}

/* Before the model: records whether this message says yes to a
 * read-back still waiting for an answer. */
static void
lb_begin(struct turn *t)
{
	json_object	*st = lb_state(t);
	char		 f[LB_TEXT_MAX];
	int		 yes;

	if (st == NULL)
		return;
	booking_set(st, "llm_yes", NULL);
	if (!lb_is(st, "step", "confirm") &&
	    !lb_is(st, "step", "manage_confirm"))
		return;
	if (t->text == NULL || memchr(t->text, '?', t->text_len) != NULL)
		return;
	words_fold(t->text, f, sizeof(f));
	yes = booking_said_yes(f);
	if (yes)
		booking_set_int(st, "llm_yes", 1);
}

void
llm_booking_wire(void)
{
	static const struct llm_hooks h = {
		lb_find_slots, lb_pick_slot, lb_book, lb_move, lb_cancel,
		lb_handoff, lb_begin
	};

	llm_tools_wire(&h);
}
