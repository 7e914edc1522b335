/*
 * Moving and cancelling a booking in the chat, once the patient has
 * proved who they are: the booking reference (or the phone number on
 * file) with the date of birth.  A move secures the new time before it
 * frees the old one; a cancellation inside the clinic's notice period
 * quotes its cancellation policy.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking_int.h"
#include "caldate.h"
#include "dob.h"
#include "holds.h"
#include "log.h"
#include "notify.h"
#include "phone.h"
#include "sched.h"
#include "util.h"

/* How long "cancel it" means the booking just made or moved. */
#define BOOKING_RECENT_SECONDS	(60 * 60)

static void
booking_manage_form_field(json_object *fields, const char *name,
    const char *label, const char *type)
{
	json_object	*f = json_object_new_object();

	json_object_object_add(f, "name", json_object_new_string(name));
	json_object_object_add(f, "label", json_object_new_string(label));
	json_object_object_add(f, "type", json_object_new_string(type));
	json_object_array_add(fields, f);
}

int
booking_ask_identity(struct turn *t, const char *msgid)
{
	struct reply	*r;
	json_object	*form, *fields;

	if ((r = booking_say(t, msgid)) == NULL)
		return -1;
	form = json_object_new_object();
	fields = json_object_new_array();
	booking_manage_form_field(fields, "reference", booking_tr(t,
	    "Booking reference (or the mobile number you booked with)"),
	    "text");
	booking_manage_form_field(fields, "date_of_birth",
	    booking_tr(t, "Date of birth (dd/mm/yyyy)"), "date");
	json_object_object_add(form, "fields", fields);
	r->form = form;
	return 1;
}

int
booking_manage_start(struct turn *t, const char *mode)
{
	json_object	*st;
	struct when	 w;

	if ((st = booking_state_reset(t)) == NULL)
		return -1;
	holds_release(t->clinic->id, t->conversation);
	booking_set(st, "mode", mode);
	booking_set(st, "step", "identify");
	if (t->text != NULL && when_parse(t->text, t->now,
	    t->clinic->timezone, &w) == 1 && !w.mismatch)
		booking_when_save(st, &w);
	if (booking_ask_identity(t, "To find your booking, please give "
	    "your booking reference (or the mobile number you booked with) "
	    "and your date of birth.") == -1)
		return -1;
	if (notify_can_send_code(t->clinic))
		booking_say(t, "With your mobile number you may leave the "
		    "date of birth out: I can text you a code instead.");
	return 1;
}

/* Quotes the cancellation policy when a is inside the notice period. */
static void
booking_policy_note(struct turn *t, const struct booking_appt *a)
{
	const char	*policy;
	int		 hours = booking_notice_hours(t->clinic, &policy);

	if (a->start - t->now >= (time_t)hours * 3600 || policy == NULL)
		return;
	booking_say(t, "Your appointment is less than %d hours away. The "
	    "clinic's cancellation policy: %s", hours, policy);
}

/* The reference typed: upper case, spaces and dashes dropped. */
static int
booking_reference(const char *s, char *ref, size_t refsz)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (!isalnum((unsigned char)*s) || n + 1 >= refsz)
			return -1;
		ref[n++] = (char)toupper((unsigned char)*s);
	}
	ref[n] = '\0';
	return n == BOOKING_REF_LEN ? 0 : -1;
}

/* Looks the booking up from the form.  1 found, 0 not, -1 failure. */
static int
booking_identify(struct turn *t, struct booking_appt *a)
{
	const char	*who = util_json_str(t->form, "reference", NULL);
	const char	*dobs = util_json_str(t->form, "date_of_birth", NULL);
	char		 ref[16], e164[PHONE_E164_MAX];
	enum phone_kind	 kind;
	long		 today, dob;

	if (who == NULL || dobs == NULL || strlen(who) > 64 ||
	    caldate_local(t->clinic->timezone, t->now, &today, NULL) == -1)
		return 0;
	switch (dob_parse(dobs, today, &dob)) {
	case DOB_OK:
	case DOB_ASK:
		break;
	default:
		return 0;
	}
	if (booking_reference(who, ref, sizeof(ref)) == 0)
		return booking_store_find(t->clinic->id, ref, NULL, dob, t->now,
		    a);
	if (phone_parse(who, e164, sizeof(e164), &kind) == 0)
		return booking_store_find(t->clinic->id, NULL, e164, dob,
		    t->now, a);
	return 0;
}

static int
booking_not_found(struct turn *t, json_object *st)
{
	const char	*phone;
	long long	 tries = booking_get_int(st, "tries") + 1;

	booking_set_int(st, "tries", tries);
	if (tries < BOOKING_TRIES_MAX) {
		if (booking_ask_identity(t, "I could not find an upcoming "
		    "booking with those details. Please check them and try "
		    "again.") == -1)
			return -1;
		return booking_code_again(t, st) == -1 ? -1 : 1;
	}
	phone = util_json_str(json_object_object_get(t->clinic->doc,
	    "contact"), "phone", NULL);
	booking_say(t, "I still cannot find that booking. Please call the "
	    "clinic on %s and they will help you.", phone ? phone : "");
	booking_state_end(t);
	return 1;
}

static int
booking_ask_cancel(struct turn *t, json_object *st)
{
	struct reply	*r;

	booking_set(st, "step", "manage_confirm");
	if ((r = booking_say(t, "Do you want to cancel it?")) == NULL)
		return -1;
	turn_choice(r, booking_tr(t, "Yes, cancel it"), "book:m:cancel");
	turn_choice(r, booking_tr(t, "No, keep it"), "book:m:keep");
	return 1;
}

/* Tells the patient what was found and goes on with the move or the
 * cancellation. */
int
booking_manage_found(struct turn *t, json_object *st,
    const struct booking_appt *a)
{
	char		 when[160];
	const char	*mode = booking_get(st, "mode");

	booking_set(st, "ref", a->reference);
	booking_set(st, "code_phone", NULL);
	booking_when_words(t, a->start, when, sizeof(when));
	booking_say(t, "I found your booking %s: %s with %s, %s.", a->reference,
	    booking_service_name(t, a->service),
	    booking_practitioner_name(t, a->practitioner), when);
	booking_policy_note(t, a);
	if (mode != NULL && strcmp(mode, "move") == 0) {
		booking_set(st, "service", a->service);
		booking_set(st, "practitioner", a->practitioner);
		return booking_offer(t, st);
	}
	return booking_ask_cancel(t, st);
}

int
booking_manage_form(struct turn *t, json_object *st)
{
	struct booking_appt	 a;
	const char		*step = booking_get(st, "step");
	int			 rc;

	if (step != NULL && strcmp(step, "code") == 0)
		return booking_code_check(t, st, util_json_str(t->form,
		    "code", NULL));
	if ((rc = booking_identify(t, &a)) == -1)
		return -1;
	if (rc == 1)
		return booking_manage_found(t, st, &a);
	if (booking_code_offer(t, st) == 1)
		return 1;
	return booking_not_found(t, st);
}

/* Ends the flow with the booking as it was. */
static int
booking_keep(struct turn *t)
{
	holds_release(t->clinic->id, t->conversation);
	booking_say(t, "Fine, your appointment stays as it is.");
	booking_state_end(t);
	return 1;
}

/* The identified booking of the state, still booked.  1, 0 or -1. */
static int
booking_current(struct turn *t, json_object *st, struct booking_appt *a)
{
	const char	*ref = booking_get(st, "ref");
	int		 rc;

	if (ref == NULL)
		return 0;
	if ((rc = booking_store_lock(t->clinic->id, ref, 0, a)) != 1)
		return rc;
	return strcmp(a->status, "booked") == 0 ? 1 : 0;
}

static int
booking_do_cancel(struct turn *t, json_object *st)
{
	const struct sched_backend *be = sched_backend(t->clinic);
	struct booking_appt	 a;
	char			 when[160];
	int			 rc;

	if (be == NULL || (rc = booking_current(t, st, &a)) == -1)
		return -1;
	if (rc == 0) {
		booking_say(t, "That booking is no longer active.");
		booking_state_end(t);
		return 1;
	}
	if (booking_change_begin() == -1)
		return -1;
	if (be->cancel(t->clinic, &a, t->now) == -1 ||
	    booking_notify(t->clinic, &a, "cancelled") == -1)
		return booking_change_undo();
	booking_when_words(t, a.start, when, sizeof(when));
	booking_say(t, "Your appointment on %s is cancelled.", when);
	turn_event(t, "cancelled", NULL);
	log_info("clinic %s: appointment %llu cancelled", t->clinic->id, a.id);
	booking_manage_remember(t, NULL);
	booking_state_end(t);
	return 1;
}

static int
booking_do_move(struct turn *t, json_object *st)
{
	const struct sched_backend *be = sched_backend(t->clinic);
	struct booking_appt	 a;
	struct reply		*r;
	char			 when[160];
	time_t			 start;
	int			 rc;

	if (be == NULL || (rc = booking_current(t, st, &a)) == -1)
		return -1;
	if (rc == 0) {
		booking_say(t, "That booking is no longer active.");
		booking_state_end(t);
		return 1;
	}
	if ((rc = booking_recheck(t, st)) != 1)
		return rc == 0 ? 1 : -1;
	start = (time_t)booking_get_int(st, "slot_start");
	if (booking_change_begin() == -1)
		return -1;
	switch (be->move(t->clinic, &a, booking_get(st, "slot_prac"), start,
	    start + (a.end - a.start))) {
	case SCHED_OK:
		break;
	case SCHED_TAKEN:
		turn_event(t, "booking_failed", "taken");
		booking_say(t, "Sorry, that time was just taken. Here are the "
		    "times still free.");
		return booking_offer(t, st);
	default:
		return -1;
	}
	if (booking_notify(t->clinic, &a, "moved") == -1)
		return booking_change_undo();
	holds_release(t->clinic->id, t->conversation);
	booking_when_words(t, a.start, when, sizeof(when));
	if ((r = booking_say(t, "Done: your appointment is now %s. Your "
	    "booking reference is still %s.", when, a.reference)) == NULL)
		return -1;
	r->booking = booking_object(t, &a);
	turn_event(t, "moved", NULL);
	log_info("clinic %s: appointment %llu moved", t->clinic->id, a.id);
	booking_manage_remember(t, a.reference);
	booking_state_end(t);
	return 1;
}

int
booking_manage_confirm(struct turn *t, json_object *st)
{
	struct reply	*r;
	char		 when[160];

	booking_set(st, "step", "confirm");
	booking_when_words(t, (time_t)booking_get_int(st, "slot_start"), when,
	    sizeof(when));
	if ((r = booking_say(t, "Move your appointment to %s?", when)) == NULL)
		return -1;
	turn_choice(r, booking_tr(t, "Yes, move it"), "book:yes");
	turn_choice(r, booking_tr(t, "Another time"), "book:retime");
	return 1;
}

int
booking_manage_choice(struct turn *t, json_object *st, const char *v)
{
	if (strcmp(v, "code") == 0)
		return booking_code_send(t, st);
	if (strcmp(v, "dob") == 0) {
		booking_set(st, "step", "identify");
		return booking_ask_identity(t, "Please give your booking "
		    "reference (or the mobile number you booked with) and your "
		    "date of birth.");
	}
	if (booking_get(st, "ref") == NULL)
		return booking_ask_identity(t, "Please confirm who you are "
		    "first.");
	if (strcmp(v, "cancel") == 0)
		return booking_do_cancel(t, st);
	if (strcmp(v, "move") == 0)
		return booking_do_move(t, st);
	return booking_keep(t);
}

int
booking_manage_asking(json_object *st)
{
	const char	*step = booking_get(st, "step");
	const char	*mode = booking_get(st, "mode");

	if (step == NULL || mode == NULL || booking_get(st, "ref") == NULL)
		return 0;
	return strcmp(step, "manage_confirm") == 0 ||
	    (strcmp(step, "confirm") == 0 && strcmp(mode, "move") == 0);
}

int
booking_manage_text(struct turn *t, json_object *st, const char *f)
{
	int	 yes = booking_said_yes(f), no = booking_said_no(f);
	int	 cancelling = strcmp(booking_get(st, "step"),
	    "manage_confirm") == 0;

	if (no && !yes)
		return booking_keep(t);
	if (booking_says_cancel(f) && !no) {
		if (cancelling)
			return booking_manage_choice(t, st, "cancel");
		holds_release(t->clinic->id, t->conversation);
		return booking_ask_cancel(t, st);
	}
	if (yes && !no)
		return booking_manage_choice(t, st, cancelling ? "cancel" :
		    "move");

	/* Nothing has changed: say so rather than leave it to a guess. */
	booking_say(t, "Sorry, I did not catch that. Nothing has changed "
	    "yet: please answer yes or no.");
	if (cancelling)
		return booking_ask_cancel(t, st);
	return booking_manage_confirm(t, st);
}

void
booking_manage_remember(struct turn *t, const char *reference)
{
	json_object	*o;

	if (reference == NULL) {
		json_object_object_del(t->state, "booking_recent");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "ref", json_object_new_string(reference));
	json_object_object_add(o, "at", json_object_new_int64(t->now));
	json_object_object_add(t->state, "booking_recent", o);
}

int
booking_manage_recent(struct turn *t, const char *f)
{
	json_object		*o, *st;
	struct booking_appt	 a;
	const char		*ref;
	int			 rc;

	if (!json_object_object_get_ex(t->state, "booking_recent", &o) ||
	    (ref = util_json_str(o, "ref", NULL)) == NULL ||
	    t->now - booking_get_int(o, "at") > BOOKING_RECENT_SECONDS ||
	    !booking_says_cancel(f) || booking_said_no(f) ||
	    strchr(t->text, '?') != NULL)
		return 0;
	if ((st = booking_state_reset(t)) == NULL)
		return -1;
	holds_release(t->clinic->id, t->conversation);
	booking_set(st, "mode", "cancel");
	booking_set(st, "ref", ref);
	if ((rc = booking_current(t, st, &a)) != 1) {
		booking_state_end(t);
		booking_manage_remember(t, NULL);
		return rc;
	}
	return booking_manage_found(t, st, &a);
}
