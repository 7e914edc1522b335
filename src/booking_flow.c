/*
 * A new booking, step by step: service, practitioner (or anyone), a
 * time preference, slots offered as tokens bound to the conversation,
 * a hold on the one picked, the patient's details through a form, a
 * read-back, and the booking itself on an explicit yes.  Each step asks
 * only for what is still missing.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking_int.h"
#include "caldate.h"
#include "db.h"
#include "dob.h"
#include "holds.h"
#include "holidays.h"
#include "log.h"
#include "phone.h"
#include "sched.h"
#include "util.h"
#include "words.h"

#define BOOKING_TOKEN_BYTES	12

/* Phrases that name a kind of service loosely, and a word to find in
 * the service's id or name. */
static const struct {
	const char	*phrase;
	const char	*key;
} booking_aliases[] = {
	{ "first consultation", "initial" }, { "first appointment", "initial" },
	{ "first visit", "initial" }, { "first session", "initial" },
	{ "new patient", "initial" }, { "initial", "initial" },
	{ "assessment", "assessment" }, { "bilan", "initial" },
	{ "premiere consultation", "initial" }, { "premier rendez", "initial" },
	{ "pierwsza", "initial" }, { "primera", "initial" },
	{ "erste", "initial" }, { "erstbehandlung", "initial" },
	{ "prima visita", "initial" }, { "prima", "initial" },
	{ "follow up", "follow" }, { "followup", "follow" },
	{ "suivi", "follow" }, { "kontrolna", "follow" },
	{ "seguimiento", "follow" }, { "folgetermin", "follow" },
	{ "controllo", "follow" }, { "check up", "check" },
	{ "checkup", "check" }, { "controle", "check" },
	{ "kontrola", "check" }, { "revision", "check" },
	{ "emergency", "emergency" }, { "urgent", "emergency" },
	{ "urgence", "emergency" }, { "pilna", "emergency" },
	{ "pilny", "emergency" }, { "urgencia", "emergency" },
	{ "notfall", "emergency" }, { "urgenza", "emergency" },
	{ "urgenta", "emergency" }, { "massage", "massage" },
	{ "masaz", "massage" }, { "masaje", "massage" },
	{ "massaggio", "massage" }, { "masaj", "massage" },
	{ "video", "video" }, { "online", "video" },
	{ "hygienist", "hygien" }, { "scale and polish", "hygien" },
	{ "cleaning", "hygien" }, { "whitening", "whitening" },
	{ "blanchiment", "whitening" },
};

#define BOOKING_NALIASES (sizeof(booking_aliases) / sizeof(booking_aliases[0]))

static const char *const booking_anyone[] = { "anyone", "anybody",
	"any", "whoever", "no preference", "don t mind", "n importe",
	"peu importe", "ktokolwiek", "obojetnie", "cualquiera", "egal",
	"chiunque", "oricine", "koi bhi", NULL };

static const char *const booking_yes[] = { "yes", "yeah", "yep", "ok",
	"okay", "confirm", "book it", "go ahead", "please do", "oui", "tak",
	"si", "ja", "da", "haan", "ji", NULL };

static const char *const booking_no[] = { "no", "nope", "do not",
	"don t", "keep", "non", "garder", "nie", "zostaw", "zachowac",
	"mantener", "nein", "behalten", "tenere", "nu", "pastreaza",
	"pastrati", "nahi", "nahin", "rehne do", NULL };

static const char *const booking_generic[] = { "appointment", "session",
	"physiotherapy", "dental", "consultation", "private", "treatment",
	NULL };

/* Does folded text name service o loosely or by its own words? */
static int
booking_service_score(json_object *o, const char *f)
{
	char		 name[512], key[640];
	const char	*id = util_json_str(o, "id", NULL), *p, *e;
	int		 score = 0;
	size_t		 i;

	words_fold(util_json_str(o, "name", NULL), name, sizeof(name));
	snprintf(key, sizeof(key), " %s%s", id ? id : "", name);
	for (i = 0; i < BOOKING_NALIASES; i++)
		if (words_has(f, booking_aliases[i].phrase) &&
		    strstr(key, booking_aliases[i].key) != NULL)
			score += 2;
	for (p = name + 1; *p != '\0'; p = e + 1) {
		char	 w[64];

		e = strchr(p, ' ');
		if (e == NULL || (size_t)(e - p) >= sizeof(w))
			break;
		memcpy(w, p, (size_t)(e - p));
		w[e - p] = '\0';
		if (strlen(w) >= 5 && words_has(f, w)) {
			const char *const *g;
			int	 generic = 0;

			for (g = booking_generic; *g != NULL; g++)
				generic |= strcmp(*g, w) == 0;
			score += !generic;
		}
	}
	return score;
}

/* The service folded text names, among those prac gives (NULL: any). */
static const char *
booking_match_service(struct turn *t, const char *f, const char *prac)
{
	json_object	*arr, *o, *best = NULL;
	size_t		 i;
	int		 s, top = 0, ties = 0;

	if (!json_object_object_get_ex(t->clinic->doc, "services", &arr))
		return NULL;
	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		if (prac != NULL && strcmp(prac, "any") != 0 &&
		    !slots_gives(o, prac))
			continue;
		if ((s = booking_service_score(o, f)) > top) {
			top = s;
			best = o;
			ties = 0;
		} else if (s == top && s > 0)
			ties++;
	}
	return top > 0 && ties == 0 ? util_json_str(best, "id", NULL) : NULL;
}

int
booking_names_service(struct turn *t, const char *f)
{
	return booking_match_service(t, f, NULL) != NULL;
}

/* The practitioner folded text names, "any", or NULL. */
static const char *
booking_match_practitioner(struct turn *t, const char *f)
{
	json_object	*arr, *o;
	char		 name[512], *w;
	size_t		 i;

	if (json_object_object_get_ex(t->clinic->doc, "practitioners", &arr))
		for (i = 0; i < json_object_array_length(arr); i++) {
			o = json_object_array_get_idx(arr, i);
			words_fold(util_json_str(o, "name", NULL), name,
			    sizeof(name));
			for (w = strtok(name, " "); w != NULL;
			    w = strtok(NULL, " "))
				if (strlen(w) >= 4 && words_has(f, w))
					return util_json_str(o, "id", NULL);
		}
	if (words_any(f, booking_anyone) != -1)
		return "any";
	return NULL;
}

/* Stores what the text says about service, practitioner and time.
 * Returns nonzero when it said anything. */
static int
booking_extract(struct turn *t, json_object *st, const char *f,
    struct when *w)
{
	const char	*prac, *svc;
	int		 found = 0;

	memset(w, 0, sizeof(*w));
	if ((prac = booking_match_practitioner(t, f)) != NULL) {
		booking_set(st, "practitioner", prac);
		found = 1;
	}
	prac = booking_get(st, "practitioner");
	svc = booking_get(st, "service");
	if (svc != NULL && prac != NULL && strcmp(prac, "any") != 0 &&
	    !slots_gives(slots_service(t->clinic, svc), prac))
		booking_set(st, "service", NULL);
	if ((svc = booking_match_service(t, f, prac)) != NULL) {
		booking_set(st, "service", svc);
		found = 1;
	}
	if (t->text != NULL &&
	    when_parse(t->text, t->now, t->clinic->timezone, w) == 1) {
		booking_when_save(st, w);
		booking_set(st, "after", NULL);
		if (!w->mismatch)
			booking_closed_check(t, st, w);
		found = 1;
	}
	return found;
}

/* Asks which service, among those the chosen practitioner gives. */
static int
booking_ask_service(struct turn *t, json_object *st)
{
	json_object	*arr, *o;
	struct reply	*r;
	const char	*prac = booking_get(st, "practitioner"), *id;
	char		 label[512], value[96], price[32];
	size_t		 i;

	booking_set(st, "step", "service");
	if ((r = booking_say(t, "Which appointment would you like?")) == NULL)
		return -1;
	json_object_object_get_ex(t->clinic->doc, "services", &arr);
	for (i = 0; arr != NULL && i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		id = util_json_str(o, "id", NULL);
		if (prac != NULL && strcmp(prac, "any") != 0 &&
		    !slots_gives(o, prac))
			continue;
		booking_price(t, id, price, sizeof(price));
		snprintf(label, sizeof(label), "%s (%d min%s%s)",
		    util_json_str(o, "name", NULL), json_object_get_int(
		    json_object_object_get(o, "duration_min")),
		    *price ? ", " : "", price);
		snprintf(value, sizeof(value), "book:svc:%s", id);
		turn_choice(r, label, value);
	}
	return 1;
}

/* Asks which practitioner, or anyone. */
static int
booking_ask_practitioner(struct turn *t, json_object *st, json_object *svc)
{
	json_object	*arr;
	struct reply	*r;
	const char	*id;
	char		 value[96];
	size_t		 i;

	booking_set(st, "step", "practitioner");
	if ((r = booking_say(t, "Who would you like to see?")) == NULL)
		return -1;
	json_object_object_get_ex(svc, "practitioners", &arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		id = json_object_get_string(json_object_array_get_idx(arr, i));
		snprintf(value, sizeof(value), "book:prac:%s", id);
		turn_choice(r, booking_practitioner_name(t, id), value);
	}
	turn_choice(r, booking_tr(t, "Anyone, the first free time"),
	    "book:prac:any");
	return 1;
}

/* Reads a named day back once ("Tuesday 8 December 2026"), before
 * questions that come ahead of the slots. */
static void
booking_day_note(struct turn *t, json_object *st)
{
	struct when	 w;
	char		 date[96];

	booking_when_load(st, &w);
	if (!w.exact_day || booking_get_int(st, "day_said") == w.day_from)
		return;
	booking_set_int(st, "day_said", w.day_from);
	caldate_long(t->lang, w.day_from, date, sizeof(date));
	booking_say(t, "I will look for times on %s.", date);
}

/* Asks what is missing, or offers slots. */
static int
booking_advance(struct turn *t, json_object *st)
{
	json_object	*svc, *arr;
	const char	*id;

	if ((id = booking_get(st, "service")) == NULL) {
		if (json_object_object_get_ex(t->clinic->doc, "services",
		    &arr) && json_object_array_length(arr) == 1)
			id = util_json_str(json_object_array_get_idx(arr, 0),
			    "id", NULL);
		if (id == NULL) {
			booking_day_note(t, st);
			return booking_ask_service(t, st);
		}
		booking_set(st, "service", id);
	}
	svc = slots_service(t->clinic, id);
	if (booking_get(st, "practitioner") == NULL) {
		if (json_object_object_get_ex(svc, "practitioners", &arr) &&
		    json_object_array_length(arr) == 1)
			booking_set(st, "practitioner", json_object_get_string(
			    json_object_array_get_idx(arr, 0)));
		else {
			booking_day_note(t, st);
			return booking_ask_practitioner(t, st, svc);
		}
	}
	return booking_offer(t, st);
}

/* Flags "Friday the 12th" when the 12th is a Saturday. */
static int
booking_mismatch(struct turn *t, json_object *st, const struct when *w)
{
	struct reply	*r;
	char		 date[96], label[96], value[48];
	long		 alt[2];
	int		 i;

	caldate_date(t->lang, w->day_from, date, sizeof(date));
	booking_set(st, "step", "slot");
	if ((r = booking_say(t, "%s is a %s, not a %s. Which day did you "
	    "mean?", date, caldate_wday_name(t->lang,
	    caldate_wday(w->day_from)), caldate_wday_name(t->lang,
	    w->named_wday))) == NULL)
		return -1;
	alt[0] = w->alt_named;
	alt[1] = w->alt_next;
	for (i = 0; i < 2; i++) {
		if (i == 1 && alt[1] == alt[0])
			break;
		caldate_short(t->lang, alt[i], -1, label, sizeof(label));
		snprintf(value, sizeof(value), "book:day:%ld", alt[i]);
		turn_choice(r, label, value);
	}
	return 1;
}

int
booking_flow_start(struct turn *t, const char *folded)
{
	json_object	*st;
	struct when	 w;

	if ((st = booking_state_reset(t)) == NULL)
		return -1;
	booking_set(st, "mode", "book");
	turn_event(t, "booking_intent", NULL);
	booking_extract(t, st, folded, &w);
	if (w.found && w.mismatch)
		return booking_mismatch(t, st, &w);
	return booking_advance(t, st);
}

static void
booking_form_field(json_object *fields, const char *name, const char *label,
    const char *type)
{
	json_object	*f = json_object_new_object();

	json_object_object_add(f, "name", json_object_new_string(name));
	json_object_object_add(f, "label", json_object_new_string(label));
	json_object_object_add(f, "type", json_object_new_string(type));
	json_object_array_add(fields, f);
}

/* The fields the clinic collects (booking.collect). */
static json_object *
booking_collect(struct turn *t)
{
	json_object	*b, *c;

	if (json_object_object_get_ex(t->clinic->doc, "booking", &b) &&
	    json_object_object_get_ex(b, "collect", &c) &&
	    json_object_is_type(c, json_type_array))
		return c;
	return NULL;
}

static int
booking_collects(struct turn *t, const char *field)
{
	json_object	*c = booking_collect(t);
	size_t		 i;

	if (c == NULL)
		return strcmp(field, "name") == 0 ||
		    strcmp(field, "phone") == 0;
	for (i = 0; i < json_object_array_length(c); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(c,
		    i)), field) == 0)
			return 1;
	return 0;
}

int
booking_said_yes(const char *folded)
{
	return words_any(folded, booking_yes) != -1;
}

int
booking_said_no(const char *folded)
{
	return words_any(folded, booking_no) != -1;
}

int
booking_needs_mobile(struct turn *t)
{
	json_object	*b, *c;
	const char	*s;
	size_t		 i;

	if (!json_object_object_get_ex(t->clinic->doc, "booking", &b) ||
	    !json_object_object_get_ex(b, "confirmation_channels", &c) ||
	    !json_object_is_type(c, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(c); i++) {
		s = json_object_get_string(json_object_array_get_idx(c, i));
		if (strcmp(s, "sms") == 0 || strcmp(s, "whatsapp") == 0)
			return 1;
	}
	return 0;
}

/* Asks for the details through a form. */
static int
booking_ask_details(struct turn *t, json_object *st, const char *msgid)
{
	struct reply	*r;
	json_object	*form, *fields;

	booking_set(st, "step", "details");
	if ((r = booking_say(t, msgid)) == NULL)
		return -1;
	form = json_object_new_object();
	fields = json_object_new_array();
	if (booking_collects(t, "name"))
		booking_form_field(fields, "name", booking_tr(t, "Full name"),
		    "text");
	if (booking_collects(t, "phone"))
		booking_form_field(fields, "phone", booking_needs_mobile(t) ?
		    booking_tr(t, "Mobile number") :
		    booking_tr(t, "Phone number"), "tel");
	if (booking_collects(t, "date_of_birth"))
		booking_form_field(fields, "date_of_birth",
		    booking_tr(t, "Date of birth (dd/mm/yyyy)"), "date");
	if (booking_collects(t, "email"))
		booking_form_field(fields, "email", booking_tr(t, "Email"),
		    "email");
	json_object_object_add(form, "fields", fields);
	r->form = form;
	return 1;
}

/* Reads the booking back and asks for an explicit yes. */
static int
booking_ask_confirm(struct turn *t, json_object *st)
{
	struct reply	*r;
	json_object	*d = NULL;
	struct buf	 b;
	char		 when[160], price[32], dob[96];
	const char	*svc = booking_get(st, "service");
	long		 day;

	booking_set(st, "step", "confirm");
	booking_when_words(t, (time_t)booking_get_int(st, "slot_start"), when,
	    sizeof(when));
	booking_price(t, svc, price, sizeof(price));
	buf_init(&b, 4096);
	buf_printf(&b, booking_tr(t, "Please check: %s with %s, %s (%d "
	    "minutes%s%s)."), booking_service_name(t, svc),
	    booking_practitioner_name(t, booking_get(st, "slot_prac")), when,
	    json_object_get_int(json_object_object_get(slots_service(
	    t->clinic, svc), "duration_min")), *price ? ", " : "", price);
	json_object_object_get_ex(st, "details", &d);
	if (booking_get(d, "name") != NULL)
		buf_printf(&b, "\n%s: %s", booking_tr(t, "Name"),
		    booking_get(d, "name"));
	if (booking_get(d, "phone") != NULL)
		buf_printf(&b, "\n%s: %s", booking_tr(t, "Phone"),
		    booking_get(d, "phone"));
	if (booking_get(d, "dob") != NULL &&
	    caldate_parse(booking_get(d, "dob"), &day) == 0) {
		caldate_date(t->lang, day, dob, sizeof(dob));
		buf_printf(&b, "\n%s: %s", booking_tr(t, "Date of birth"), dob);
	}
	if (booking_get(d, "email") != NULL)
		buf_printf(&b, "\n%s: %s", booking_tr(t, "Email"),
		    booking_get(d, "email"));
	buf_printf(&b, "\n%s", booking_tr(t, "Shall I book it?"));
	r = b.data ? turn_reply(t, b.data) : NULL;
	buf_release(&b);
	if (r == NULL)
		return -1;
	turn_choice(r, booking_tr(t, "Yes, book it"), "book:yes");
	turn_choice(r, booking_tr(t, "Change"), "book:change");
	return 1;
}

/* After a slot is held: the details, or straight to the read-back. */
static int
booking_after_hold(struct turn *t, json_object *st)
{
	const char	*mode = booking_get(st, "mode");

	if (mode != NULL && strcmp(mode, "move") == 0)
		return booking_manage_confirm(t, st);
	if (json_object_object_get_ex(st, "details", NULL))
		return booking_ask_confirm(t, st);
	if (!booking_collects(t, "name") && !booking_collects(t, "phone") &&
	    !booking_collects(t, "date_of_birth") &&
	    !booking_collects(t, "email"))
		return booking_ask_confirm(t, st);
	return booking_ask_details(t, st, "I am holding this time for you "
	    "for 10 minutes. Please fill in your details.");
}

/* An offered slot: the row of token if it was offered in this
 * conversation.  1, 0 (not ours or unknown) or -1. */
static int
booking_offer_get(struct turn *t, const char *token, char *prac,
    size_t pracsz, char *svc, size_t svcsz, time_t *start, time_t *expires)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 found = 0;

	if (strlen(token) != BOOKING_TOKEN_BYTES * 2 ||
	    strspn(token, "0123456789abcdef") != BOOKING_TOKEN_BYTES * 2)
		return 0;
	if ((res = db_query("SELECT practitioner_id, service_id, start_utc, "
	    "expires_at FROM slot_offers WHERE token = %s AND clinic_id = %s "
	    "AND conversation_id = %llu", token, t->clinic->id,
	    t->conversation)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		snprintf(prac, pracsz, "%s", row[0]);
		snprintf(svc, svcsz, "%s", row[1]);
		*start = db_time(row[2]);
		*expires = db_time(row[3]);
		found = 1;
	}
	mysql_free_result(res);
	return found;
}

/* "That time was just taken": say so and offer others. */
static int
booking_taken(struct turn *t, json_object *st)
{
	booking_say(t, "Sorry, that time was just taken. Here are the "
	    "times still free.");
	return booking_offer(t, st);
}

int
booking_flow_slot(struct turn *t, json_object *st, const char *token)
{
	struct slots_req	 req;
	char			 prac[65], svc[65];
	time_t			 start, expires;
	long long		 hold;
	int			 rc;

	rc = booking_offer_get(t, token, prac, sizeof(prac), svc, sizeof(svc),
	    &start, &expires);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		booking_say(t, "I can't use that choice: it was not offered "
		    "in this conversation. Please pick one of the times I "
		    "offered you.");
		return 1;
	}
	if (st == NULL) {
		if ((st = booking_state(t)) == NULL)
			return -1;
		booking_set(st, "mode", "book");
	}
	booking_set(st, "service", svc);
	if (booking_get(st, "practitioner") == NULL)
		booking_set(st, "practitioner", prac);
	if (expires <= t->now) {
		booking_say(t, "Those times are out of date. Here are the "
		    "times free now.");
		return booking_offer(t, st);
	}

	memset(&req, 0, sizeof(req));
	req.clinic = t->clinic;
	req.practitioner = prac;
	req.service = svc;
	req.now = t->now;
	req.conversation = t->conversation;
	if (slots_check(&req, start) != SLOTS_FREE)
		return booking_taken(t, st);
	hold = holds_place(t->clinic->id, t->conversation, prac, svc, start,
	    start + (time_t)json_object_get_int(json_object_object_get(
	    slots_service(t->clinic, svc), "duration_min")) * 60, t->now);
	if (hold == -1)
		return -1;
	if (hold == 0)
		return booking_taken(t, st);
	booking_set_int(st, "hold", hold);
	booking_set(st, "slot_prac", prac);
	booking_set_int(st, "slot_start", start);
	turn_event(t, "slot_chosen", NULL);
	return booking_after_hold(t, st);
}

/* Trims s into out; 0, or -1 when empty or too long. */
static int
booking_field(json_object *form, const char *name, char *out, size_t outsz)
{
	const char	*s = util_json_str(form, name, NULL), *e;

	if (s == NULL)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e == s || (size_t)(e - s) >= outsz ||
	    !utf8_valid(s, (size_t)(e - s)))
		return -1;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return 0;
}

static const char *
booking_check_phone(struct turn *t, json_object *form, char *e164,
    size_t e164sz)
{
	char		 raw[64];
	enum phone_kind	 kind;

	if (booking_field(form, "phone", raw, sizeof(raw)) == -1 ||
	    phone_parse(raw, e164, e164sz, &kind) == -1)
		return N_("That phone number does not look right. Please "
		    "give a UK mobile number, for example 07700 900123.");
	if (!booking_needs_mobile(t) || phone_takes_sms(kind))
		return NULL;
	if (kind == PHONE_PERSONAL)
		return N_("Numbers starting 070 are personal numbers, not "
		    "mobiles, and cannot receive our text messages. Please "
		    "give a mobile number.");
	return N_("That looks like a landline. We send your confirmation by "
	    "text message, so please give a mobile number.");
}

static const char *
booking_check_email(json_object *form, char *email, size_t sz)
{
	const char	*at;

	if (booking_field(form, "email", email, sz) == -1 ||
	    strchr(email, ' ') != NULL || (at = strchr(email, '@')) == NULL ||
	    at == email || strchr(at, '.') == NULL)
		return N_("That email address does not look right.");
	return NULL;
}

/* Checks the date of birth: NULL when fine (*day set), or the problem;
 * *ask set when a month-first date needs asking back. */
static const char *
booking_check_dob(struct turn *t, json_object *form, long *day, int *ask)
{
	char	 raw[80];
	long	 today;

	*ask = 0;
	if (booking_field(form, "date_of_birth", raw, sizeof(raw)) == -1 ||
	    caldate_local(t->clinic->timezone, t->now, &today, NULL) == -1)
		return N_("Please give your date of birth as day/month/year, "
		    "for example 05/04/1988.");
	switch (dob_parse(raw, today, day)) {
	case DOB_OK:
		return NULL;
	case DOB_ASK:
		*ask = 1;
		return NULL;
	case DOB_FUTURE:
		return N_("A date of birth cannot be in the future. Please "
		    "check it.");
	default:
		return N_("Please give your date of birth as day/month/year, "
		    "for example 05/04/1988.");
	}
}

/* Asks "Did you mean 13 April 1988?" for a month-first date. */
static int
booking_ask_dob(struct turn *t, json_object *st, long day)
{
	struct reply	*r;
	char		 words[96], iso[16], value[32];

	caldate_date(t->lang, day, words, sizeof(words));
	caldate_iso(day, iso, sizeof(iso));
	booking_set(st, "step", "dob");
	if ((r = booking_say(t, "We write dates day first. Is your date of "
	    "birth %s?", words)) == NULL)
		return -1;
	snprintf(value, sizeof(value), "book:dob:%s", iso);
	turn_choice(r, booking_tr(t, "Yes"), value);
	turn_choice(r, booking_tr(t, "No, let me correct it"), "book:details");
	return 1;
}

int
booking_flow_form(struct turn *t, json_object *st)
{
	struct booking_patient	 p;
	const char		*err[4];
	json_object		*d;
	struct buf		 b;
	char			 iso[16];
	int			 n = 0, ask = 0, i;

	memset(&p, 0, sizeof(p));
	if (booking_collects(t, "name") &&
	    booking_field(t->form, "name", p.name, sizeof(p.name)) == -1)
		err[n++] = N_("Please give your full name.");
	if (booking_collects(t, "phone") && (err[n] = booking_check_phone(t,
	    t->form, p.phone, sizeof(p.phone))) != NULL)
		n++;
	if (booking_collects(t, "date_of_birth") && (err[n] =
	    booking_check_dob(t, t->form, &p.dob, &ask)) != NULL)
		n++;
	if (booking_collects(t, "email") && (err[n] = booking_check_email(
	    t->form, p.email, sizeof(p.email))) != NULL)
		n++;
	if (n > 0) {
		buf_init(&b, 4096);
		for (i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i ? " " : "",
			    booking_tr(t, err[i]));
		turn_reply(t, b.data);
		buf_release(&b);
		return booking_ask_details(t, st, "Please correct your "
		    "details.");
	}

	d = json_object_new_object();
	if (*p.name)
		json_object_object_add(d, "name",
		    json_object_new_string(p.name));
	if (*p.phone)
		json_object_object_add(d, "phone",
		    json_object_new_string(p.phone));
	if (*p.email)
		json_object_object_add(d, "email",
		    json_object_new_string(p.email));
	json_object_object_add(st, "details", d);
	if (ask)
		return booking_ask_dob(t, st, p.dob);
	if (p.dob != 0) {
		caldate_iso(p.dob, iso, sizeof(iso));
		json_object_object_add(d, "dob", json_object_new_string(iso));
	}
	turn_event(t, "details_given", NULL);
	return booking_ask_confirm(t, st);
}

/* Fills a from the state's slot and details. */
static void
booking_appt_fill(struct turn *t, json_object *st, struct booking_appt *a)
{
	json_object	*d = NULL, *price = NULL, *v;
	const char	*svc = booking_get(st, "service");

	memset(a, 0, sizeof(*a));
	snprintf(a->practitioner, sizeof(a->practitioner), "%s",
	    booking_get(st, "slot_prac"));
	snprintf(a->service, sizeof(a->service), "%s", svc);
	a->start = (time_t)booking_get_int(st, "slot_start");
	a->end = a->start + (time_t)json_object_get_int(json_object_object_get(
	    slots_service(t->clinic, svc), "duration_min")) * 60;
	snprintf(a->lang, sizeof(a->lang), "%s", t->lang);
	a->conversation = t->conversation;
	a->price_amount = -1;
	if (json_object_object_get_ex(slots_service(t->clinic, svc), "price",
	    &price) && json_object_object_get_ex(price, "amount", &v)) {
		a->price_amount = json_object_get_int64(v);
		snprintf(a->currency, sizeof(a->currency), "%s",
		    util_json_str(price, "currency", NULL) ?
		    util_json_str(price, "currency", NULL) : "");
	}
	json_object_object_get_ex(st, "details", &d);
	snprintf(a->patient.name, sizeof(a->patient.name), "%s",
	    booking_get(d, "name") ? booking_get(d, "name") : "");
	snprintf(a->patient.phone, sizeof(a->patient.phone), "%s",
	    booking_get(d, "phone") ? booking_get(d, "phone") : "");
	snprintf(a->patient.email, sizeof(a->patient.email), "%s",
	    booking_get(d, "email") ? booking_get(d, "email") : "");
	if (booking_get(d, "dob") == NULL ||
	    caldate_parse(booking_get(d, "dob"), &a->patient.dob) == -1)
		a->patient.dob = 0;
}

/*
 * Checks the hold and the slot again before booking or moving: 1 when
 * the time may be taken, 0 when the patient was told otherwise (and
 * offered other times).
 */
int
booking_recheck(struct turn *t, json_object *st)
{
	struct slots_req	 req;

	if (!holds_live(t->clinic->id, t->conversation,
	    booking_get_int(st, "hold"), t->now)) {
		turn_event(t, "booking_failed", "hold_expired");
		holds_release(t->clinic->id, t->conversation);
		booking_say(t, "I could only hold that time for 10 minutes, "
		    "and the hold has expired. Here are the times free now.");
		return booking_offer(t, st) == -1 ? -1 : 0;
	}
	memset(&req, 0, sizeof(req));
	req.clinic = t->clinic;
	req.practitioner = booking_get(st, "slot_prac");
	req.service = booking_get(st, "service");
	req.now = t->now;
	req.conversation = t->conversation;
	if (slots_check(&req, (time_t)booking_get_int(st, "slot_start")) !=
	    SLOTS_FREE) {
		turn_event(t, "booking_failed", "taken");
		return booking_taken(t, st) == -1 ? -1 : 0;
	}
	return 1;
}

static int
booking_book(struct turn *t, json_object *st)
{
	const struct sched_backend *be = sched_backend(t->clinic);
	struct booking_appt	 a;
	struct reply		*r;
	char			 when[160];
	int			 rc;

	if (booking_get(st, "slot_prac") == NULL || be == NULL)
		return -1;
	if ((rc = booking_recheck(t, st)) != 1)
		return rc == 0 ? 1 : -1;
	booking_appt_fill(t, st, &a);
	if (booking_change_begin() == -1)
		return -1;
	switch (be->book(t->clinic, &a)) {
	case SCHED_OK:
		break;
	case SCHED_TAKEN:
		turn_event(t, "booking_failed", "taken");
		return booking_taken(t, st);
	default:
		turn_event(t, "booking_failed", "error");
		return -1;
	}
	if (booking_notify(t->clinic, &a, "booked") == -1)
		return booking_change_undo();
	holds_release(t->clinic->id, t->conversation);
	booking_when_words(t, a.start, when, sizeof(when));
	if ((r = booking_say(t, "You're booked: %s with %s, %s. Your booking "
	    "reference is %s.", booking_service_name(t, a.service),
	    booking_practitioner_name(t, a.practitioner), when,
	    a.reference)) == NULL)
		return -1;
	r->booking = booking_object(t, &a);
	turn_event(t, "booked", NULL);
	log_info("clinic %s: appointment %llu booked", t->clinic->id, a.id);
	booking_manage_remember(t, a.reference);
	booking_state_end(t);
	return 1;
}

static int
booking_choose_service(struct turn *t, json_object *st, const char *id)
{
	const char	*prac = booking_get(st, "practitioner");
	json_object	*svc = slots_service(t->clinic, id);

	if (svc == NULL || (prac != NULL && strcmp(prac, "any") != 0 &&
	    !slots_gives(svc, prac)))
		return booking_ask_service(t, st);
	booking_set(st, "service", id);
	return booking_advance(t, st);
}

static int
booking_choose_practitioner(struct turn *t, json_object *st, const char *id)
{
	const char	*svc = booking_get(st, "service");

	if (strcmp(id, "any") != 0 && (slots_practitioner(t->clinic, id) ==
	    NULL || (svc != NULL && !slots_gives(slots_service(t->clinic,
	    svc), id))))
		return booking_advance(t, st);
	booking_set(st, "practitioner", id);
	return booking_advance(t, st);
}

static int
booking_choose_day(struct turn *t, json_object *st, const char *v)
{
	struct when	 w;

	booking_when_load(st, &w);
	w.day_from = w.day_to = strtol(v, NULL, 10);
	w.exact_day = 1;
	booking_when_save(st, &w);
	return booking_advance(t, st);
}

static int
booking_choose_dob(struct turn *t, json_object *st, const char *iso)
{
	json_object	*d;
	long		 day;

	if (caldate_parse(iso, &day) == -1 ||
	    !json_object_object_get_ex(st, "details", &d))
		return booking_ask_details(t, st, "Please fill in your "
		    "details.");
	json_object_object_add(d, "dob", json_object_new_string(iso));
	turn_event(t, "details_given", NULL);
	return booking_ask_confirm(t, st);
}

static int
booking_ask_change(struct turn *t)
{
	struct reply	*r;

	if ((r = booking_say(t, "What would you like to change?")) == NULL)
		return -1;
	turn_choice(r, booking_tr(t, "Another time"), "book:retime");
	turn_choice(r, booking_tr(t, "My details"), "book:details");
	return 1;
}

int
booking_flow_choice(struct turn *t, json_object *st, const char *v)
{
	const char	*step = booking_get(st, "step");

	if (strncmp(v, "svc:", 4) == 0)
		return booking_choose_service(t, st, v + 4);
	if (strncmp(v, "prac:", 5) == 0)
		return booking_choose_practitioner(t, st, v + 5);
	if (strncmp(v, "day:", 4) == 0)
		return booking_choose_day(t, st, v + 4);
	if (strncmp(v, "dob:", 4) == 0)
		return booking_choose_dob(t, st, v + 4);
	if (strcmp(v, "yes") == 0 && step != NULL &&
	    strcmp(step, "confirm") == 0) {
		const char *mode = booking_get(st, "mode");

		if (mode != NULL && strcmp(mode, "move") == 0)
			return booking_manage_choice(t, st, "move");
		return booking_book(t, st);
	}
	if (strcmp(v, "change") == 0)
		return booking_ask_change(t);
	if (strcmp(v, "retime") == 0 || strcmp(v, "later") == 0) {
		holds_release(t->clinic->id, t->conversation);
		booking_set_int(st, "after", strcmp(v, "later") == 0 ?
		    booking_get_int(st, "last") : 0);
		return booking_offer(t, st);
	}
	if (strcmp(v, "details") == 0)
		return booking_ask_details(t, st, "Please fill in your "
		    "details.");
	booking_say(t, "That choice is no longer available.");
	return 1;
}

int
booking_flow_text(struct turn *t, json_object *st, const char *f)
{
	const char	*step = booking_get(st, "step");
	struct when	 w;

	if (step != NULL && strcmp(step, "confirm") == 0 &&
	    words_any(f, booking_yes) != -1 && strchr(t->text, '?') == NULL)
		return booking_flow_choice(t, st, "yes");
	if (step != NULL && strcmp(step, "code") == 0)
		return booking_code_text(t, st);
	if (step != NULL && (strcmp(step, "details") == 0 ||
	    strcmp(step, "identify") == 0 || strcmp(step, "confirm") == 0 ||
	    strcmp(step, "dob") == 0))
		return 0;
	if (!booking_extract(t, st, f, &w))
		return 0;
	holds_release(t->clinic->id, t->conversation);
	if (w.found && w.mismatch)
		return booking_mismatch(t, st, &w);
	return booking_advance(t, st);
}

/* Issues a token for slot s of practitioner prac; value into buf. */
int
booking_token(struct turn *t, const char *prac, const char *svc,
    time_t start, char *value, size_t valuesz)
{
	unsigned char	 raw[BOOKING_TOKEN_BYTES];
	char		 hex[BOOKING_TOKEN_BYTES * 2 + 1];

	if (util_random(raw, sizeof(raw)) == -1)
		return error("no random bytes");
	util_hex(hex, raw, sizeof(raw));
	if (db_exec("INSERT INTO slot_offers (token, clinic_id, "
	    "conversation_id, practitioner_id, service_id, start_utc, "
	    "expires_at) VALUES (%s, %s, %llu, %s, %s, %t, %t)", hex,
	    t->clinic->id, t->conversation, prac, svc, start,
	    t->now + BOOKING_OFFER_MINUTES * 60) == -1)
		return -1;
	snprintf(value, valuesz, "slot:%s", hex);
	return 0;
}
