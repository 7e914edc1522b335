/*
 * Proving who one is with a one-time code, as another way than the date
 * of birth to move or cancel a booking in the chat: the patient gives
 * the mobile number on file, the code goes to that number only, and
 * whoever types it back holds that phone.  Codes, their expiry and
 * their limits are notify_code.c's; whether a number has a booking is
 * never told (the same answer either way).
 */
#include <ctype.h>
#include <string.h>

#include "booking_int.h"
#include "log.h"
#include "notify.h"
#include "phone.h"
#include "util.h"

#define BOOKING_CODE_DIGITS	6

static int
booking_code_choices(struct turn *t, const char *msgid)
{
	struct reply	*r;

	if ((r = booking_say(t, msgid)) == NULL)
		return -1;
	turn_choice(r, booking_tr(t, "Send me a code"), "book:m:code");
	turn_choice(r, booking_tr(t, "Use my date of birth"), "book:m:dob");
	return 1;
}

int
booking_code_offer(struct turn *t, json_object *st)
{
	const char	*who = util_json_str(t->form, "reference", NULL);
	const char	*dob = util_json_str(t->form, "date_of_birth", NULL);
	char		 e164[PHONE_E164_MAX];
	enum phone_kind	 kind;

	booking_set(st, "code_phone", NULL);
	if (!notify_can_send_code(t->clinic) || who == NULL ||
	    strlen(who) > 64 ||
	    phone_parse(who, e164, sizeof(e164), &kind) == -1 ||
	    !phone_takes_sms(kind))
		return 0;
	booking_set(st, "code_phone", e164);
	/* A wrong date of birth counts as a failed try (the caller's). */
	if (dob != NULL && strspn(dob, " ") != strlen(dob))
		return 0;
	return booking_code_choices(t, "I can text a one-time code to that "
	    "number to check it is you.");
}

/* Offers the code again after a failed try, when a mobile was given. */
int
booking_code_again(struct turn *t, json_object *st)
{
	if (booking_get(st, "code_phone") == NULL)
		return 0;
	return booking_code_choices(t, "Or I can text a one-time code to the "
	    "mobile number you gave.");
}

static int
booking_ask_code(struct turn *t, json_object *st, const char *msgid)
{
	struct reply	*r;
	json_object	*form, *fields, *f;

	booking_set(st, "step", "code");
	if ((r = booking_say(t, msgid)) == NULL)
		return -1;
	form = json_object_new_object();
	fields = json_object_new_array();
	f = json_object_new_object();
	json_object_object_add(f, "name", json_object_new_string("code"));
	json_object_object_add(f, "label", json_object_new_string(
	    booking_tr(t, "Code")));
	json_object_object_add(f, "type", json_object_new_string("text"));
	json_object_array_add(fields, f);
	json_object_object_add(form, "fields", fields);
	r->form = form;
	return 1;
}

int
booking_code_send(struct turn *t, json_object *st)
{
	const char		*phone = booking_get(st, "code_phone");
	struct booking_appt	 a;
	int			 rc;

	if (phone == NULL)
		return booking_ask_identity(t, "Please give the mobile number "
		    "you booked with.");
	if ((rc = booking_store_find_phone(t->clinic->id, phone, t->now,
	    &a)) == -1)
		return -1;
	/* No code for a number without a booking, and no telling. */
	if (rc == 1 && (rc = notify_send_code(t->clinic, phone,
	    t->lang)) != 0) {
		if (rc == -1)
			return -1;
		booking_set(st, "code_phone", NULL);
		booking_set(st, "step", "identify");
		return booking_ask_identity(t, "I cannot send a code to that "
		    "number just now. Please give your date of birth "
		    "instead.");
	}
	turn_event(t, "code_sent", NULL);
	return booking_ask_code(t, st, "If that number has a booking with "
	    "us, a 6-digit code is on its way to it by text message. Please "
	    "type the code here.");
}

/* The digits of a typed code ("123 456"); 0, or -1 when not a code. */
static int
booking_code_digits(const char *s, char *out, size_t outsz)
{
	size_t	 n = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (!isdigit((unsigned char)*s) || n + 1 >= outsz)
			return -1;
		out[n++] = *s;
	}
	out[n] = '\0';
	return n == BOOKING_CODE_DIGITS ? 0 : -1;
}

int
booking_code_check(struct turn *t, json_object *st, const char *typed)
{
	const char		*phone = booking_get(st, "code_phone");
	struct booking_appt	 a;
	char			 code[16];
	int			 rc;

	if (phone == NULL)
		return booking_ask_identity(t, "Please give your booking "
		    "reference (or the mobile number you booked with) and your "
		    "date of birth.");
	if (booking_code_digits(typed, code, sizeof(code)) == -1)
		return booking_ask_code(t, st, "The code has 6 digits. Please "
		    "type it again.");
	if ((rc = notify_check_code(t->clinic, phone, code)) == -1)
		return -1;
	if (rc == 1)
		return booking_ask_code(t, st, "That code is not right. Please "
		    "check it and type it again.");
	if (rc == 2)
		return booking_code_choices(t, "That code is no longer valid "
		    "(it lasts 10 minutes and allows 5 tries).");
	turn_event(t, "identity_code", NULL);
	if ((rc = booking_store_find_phone(t->clinic->id, phone, t->now,
	    &a)) == -1)
		return -1;
	if (rc == 0) {
		booking_say(t, "That booking is no longer active.");
		booking_state_end(t);
		return 1;
	}
	return booking_manage_found(t, st, &a);
}

int
booking_code_text(struct turn *t, json_object *st)
{
	char	 code[16];

	if (booking_code_digits(t->text, code, sizeof(code)) == -1)
		return 0;
	return booking_code_check(t, st, t->text);
}
