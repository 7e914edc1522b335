/*
 * The entry of the booking engine: telling a wish to book, move or
 * cancel from other messages, routing the turn to the flow in progress,
 * and the helpers the flow files share.  The steps themselves are in
 * booking_flow.c (a new booking) and booking_manage.c (move, cancel).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking.h"
#include "booking_int.h"
#include "caldate.h"
#include "i18n.h"
#include "log.h"
#include "tz.h"
#include "util.h"
#include "words.h"

#define BOOKING_TEXT_MAX	4096	/* folded bytes of a message */
#define BOOKING_SAY_MAX		2048	/* bytes of one reply */

/* Words of a wish to book, folded, in the product's languages. */
static const char *const booking_nouns[] = {
	"book", "booking", "appointment", "appt", "slot",
	"rendez vous", "rendezvous", "rdv", "reserver", "reservation",
	"wizyta", "wizyte", "wizyty", "termin", "umowic", "zarezerwowac",
	"zapisac", "cita", "reservar", "turno", "buchen", "vereinbaren",
	"terminvereinbarung", "appuntamento", "prenotare", "prenotazione",
	"programare", "programez", "rezerva", "rezervare", "mulaqat",
	NULL
};

static const char *const booking_wishes[] = {
	"i d like", "i would like", "i want", "i wanna", "can i", "could i",
	"may i", "i need", "please", "book me", "like to", "id like",
	"is there", "do you have", "any", "get an", "make an", "je voudrais",
	"je souhaite", "j aimerais", "puis je", "pourrais", "voudrais",
	"chcialbym", "chcialabym", "chce", "prosze", "czy moge", "quiero",
	"quisiera", "puedo", "me gustaria", "mochte", "moechte", "ich will",
	"kann ich", "ich hatte gern", "vorrei", "posso", "vreau",
	"as vrea", "pot", "chahta", "chahti", "chahiye", "karna", "karwana",
	NULL
};

/* Asking for a visit without a booking word ("I'd like a check-up on
 * Friday", "can I come on Monday"): these, with a service or a day. */
static const char *const booking_asks[] = {
	"i d like a", "i d like an", "i would like a", "i would like an",
	"i want a", "i want an", "can i have", "can i get", "can i come",
	"could i have", "could i get", "could i come", "i need a",
	"i need an", "je voudrais un", "je voudrais une", "puis je venir",
	"chcialbym", "chcialabym", "czy moge przyjsc", "quiero una",
	"quisiera una", "puedo ir", "ich mochte einen", "kann ich kommen",
	"vorrei un", "posso venire", "vreau o", "pot sa vin", NULL
};

/* Asking whether there is a free time: these alone... */
static const char *const booking_avail_strong[] = {
	"availability", "availabilities", "any appointments",
	"appointments available", "available appointments",
	"free appointment", "free appointments", "free slot", "free slots",
	"any slots", "disponibilite", "disponibilites", "un creneau",
	"des creneaux", "creneau libre", "creneaux libres", "wolny termin",
	"wolne terminy", "wolnego terminu", "wolnych terminow", "hueco",
	"huecos", "cita disponible", "citas disponibles", "freier termin",
	"freie termine", "freien termin", "termin frei", "disponibilita",
	"posto libero", "appuntamento libero", "appuntamenti liberi",
	"aveti loc", "aveti locuri", "program liber", "loc liber",
	"locuri libere", "waqt khali", "khali waqt", NULL
};

/* ...and these with a day or a time of day ("free on Friday?"). */
static const char *const booking_avail_weak[] = {
	"free", "available", "anything", "libre", "libres", "disponible",
	"disponibles", "wolne", "wolny", "wolnego", "frei", "freie",
	"libero", "liberi", "disponibile", "liber", "libera", "khali", NULL
};

/* Words of a question about the clinic rather than a free time. */
static const char *const booking_avail_not[] = {
	"open", "opening", "close", "closed", "parking", "park", "price",
	"cost", "how much", "pay", "wifi", "ouvert", "ferme", "otwarte",
	"abierto", "geoffnet", "aperto", "deschis", "khula", NULL
};

static const char *const booking_cancels[] = {
	"cancel", "annuler", "anuluj", "anulowac", "odwolac", "cancelar",
	"anular", "absagen", "stornieren", "annullare", "disdire", "anula",
	"anulez", "anulati", "mansookh", NULL
};

static const char *const booking_moves[] = {
	"reschedule", "move my", "change my appointment", "change my booking",
	"rearrange", "deplacer", "decaler", "modifier mon", "przelozyc",
	"przesunac", "cambiar mi cita", "reprogramar", "verschieben",
	"umbuchen", "spostare", "reprograma", "reprogramez", "muta",
	"badalna", NULL
};

json_object *
booking_state(struct turn *t)
{
	json_object	*st;

	if (json_object_object_get_ex(t->state, "booking", &st) &&
	    json_object_is_type(st, json_type_object))
		return st;
	if ((st = json_object_new_object()) == NULL)
		return NULL;
	if (json_object_object_add(t->state, "booking", st) != 0)
		return NULL;
	return st;
}

json_object *
booking_state_reset(struct turn *t)
{
	json_object_object_del(t->state, "booking");
	return booking_state(t);
}

void
booking_state_end(struct turn *t)
{
	json_object_object_del(t->state, "booking");
}

const char *
booking_get(json_object *st, const char *key)
{
	return util_json_str(st, key, NULL);
}

void
booking_set(json_object *st, const char *key, const char *v)
{
	if (v == NULL)
		json_object_object_del(st, key);
	else
		json_object_object_add(st, key, json_object_new_string(v));
}

long long
booking_get_int(json_object *st, const char *key)
{
	json_object	*v;

	if (!json_object_object_get_ex(st, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return 0;
	return json_object_get_int64(v);
}

void
booking_set_int(json_object *st, const char *key, long long v)
{
	json_object_object_add(st, key, json_object_new_int64(v));
}

void
booking_when_load(json_object *st, struct when *w)
{
	memset(w, 0, sizeof(*w));
	w->named_wday = -1;
	w->day_from = (long)booking_get_int(st, "day_from");
	w->day_to = (long)booking_get_int(st, "day_to");
	w->exact_day = (int)booking_get_int(st, "exact_day");
	w->min_from = (int)booking_get_int(st, "min_from");
	w->min_to = (int)booking_get_int(st, "min_to");
	if (w->min_to == 0)
		w->min_to = 24 * 60;
	w->found = w->day_from != 0 || w->min_from != 0 || w->min_to != 1440;
}

void
booking_when_save(json_object *st, const struct when *w)
{
	booking_set_int(st, "day_from", w->day_from);
	booking_set_int(st, "day_to", w->day_to);
	booking_set_int(st, "exact_day", w->exact_day);
	booking_set_int(st, "min_from", w->min_from);
	booking_set_int(st, "min_to", w->min_to);
}

const char *
booking_tr(struct turn *t, const char *msgid)
{
	return i18n_tr("booking", t->lang, msgid);
}

struct reply *
booking_say(struct turn *t, const char *msgid, ...)
{
	char		 buf[BOOKING_SAY_MAX];
	va_list		 ap;

	va_start(ap, msgid);
	vsnprintf(buf, sizeof(buf), booking_tr(t, msgid), ap);
	va_end(ap);
	return turn_reply(t, buf);
}

const char *
booking_service_name(const struct turn *t, const char *id)
{
	const char	*n = util_json_str(slots_service(t->clinic, id), "name",
	    NULL);

	return n ? n : "";
}

const char *
booking_practitioner_name(const struct turn *t, const char *id)
{
	const char	*n = util_json_str(slots_practitioner(t->clinic, id),
	    "name", NULL);

	return n ? n : "";
}

void
booking_price(const struct turn *t, const char *service, char *buf,
    size_t bufsz)
{
	json_object	*price, *amount;

	buf[0] = '\0';
	if (!json_object_object_get_ex(slots_service(t->clinic, service),
	    "price", &price) || !json_object_object_get_ex(price, "amount",
	    &amount))
		return;
	money_format(json_object_get_int64(amount),
	    util_json_str(price, "currency", NULL), buf, bufsz);
}

void
booking_when_words(struct turn *t, time_t start, char *buf, size_t bufsz)
{
	char	 date[96];
	long	 d;
	int	 m;

	if (caldate_local(t->clinic->timezone, start, &d, &m) == -1) {
		snprintf(buf, bufsz, "?");
		return;
	}
	caldate_long(t->lang, d, date, sizeof(date));
	snprintf(buf, bufsz, booking_tr(t, "%s at %02d:%02d"), date, m / 60,
	    m % 60);
}

json_object *
booking_object(struct turn *t, const struct booking_appt *a)
{
	json_object	*o;
	struct tm	 tm;
	char		 start[40], price[32];
	long		 off;

	if ((o = json_object_new_object()) == NULL ||
	    tz_local(t->clinic->timezone, a->start, &tm) == -1) {
		json_object_put(o);
		return NULL;
	}
	off = tm.tm_gmtoff / 60;
	snprintf(start, sizeof(start),
	    "%04d-%02d-%02dT%02d:%02d:00%c%02ld:%02ld", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	booking_price(t, a->service, price, sizeof(price));
	json_object_object_add(o, "reference",
	    json_object_new_string(a->reference));
	json_object_object_add(o, "service", json_object_new_string(
	    booking_service_name(t, a->service)));
	json_object_object_add(o, "practitioner", json_object_new_string(
	    booking_practitioner_name(t, a->practitioner)));
	json_object_object_add(o, "start", json_object_new_string(start));
	json_object_object_add(o, "duration_min",
	    json_object_new_int((int)((a->end - a->start) / 60)));
	json_object_object_add(o, "price", *price ?
	    json_object_new_string(price) : NULL);
	return o;
}

/* A wish to book: a booking word with a wish ("I'd like", "can I") or
 * at the start ("Book me in..."). */
static int
booking_is_wish(const char *f)
{
	if (words_any(f, booking_nouns) == -1)
		return 0;
	return words_any(f, booking_wishes) != -1 ||
	    strncmp(f, " book ", 6) == 0 ||
	    strncmp(f, " rendez vous ", 13) == 0;
}

static int
booking_is_ask(struct turn *t, const char *f)
{
	struct when	 w;

	if (words_any(f, booking_asks) == -1)
		return 0;
	return booking_names_service(t, f) ||
	    when_parse(t->text, t->now, t->clinic->timezone, &w) == 1;
}

/* A question after a free time: "any availability next week?",
 * "are you free on Friday?". */
static int
booking_is_avail(struct turn *t, const char *f)
{
	struct when	 w;

	if (words_any(f, booking_avail_not) != -1)
		return 0;
	if (words_any(f, booking_avail_strong) != -1)
		return 1;
	return words_any(f, booking_avail_weak) != -1 &&
	    when_parse(t->text, t->now, t->clinic->timezone, &w) == 1;
}

static const char *
booking_manage_wish(const char *f)
{
	if (words_any(f, booking_cancels) != -1 &&
	    (words_any(f, booking_nouns) != -1 || strstr(f, " my ") != NULL ||
	    strstr(f, " mon ") != NULL))
		return "cancel";
	if (words_any(f, booking_moves) != -1)
		return "move";
	return NULL;
}

int
booking_says_cancel(const char *f)
{
	return words_any(f, booking_cancels) != -1;
}

static int
booking_text(struct turn *t, json_object *st)
{
	char		 f[BOOKING_TEXT_MAX];
	const char	*mode;
	int		 rc;

	words_fold(t->text, f, sizeof(f));
	if (st != NULL && booking_manage_asking(st))
		return booking_manage_text(t, st, f);
	if ((st == NULL || booking_get(st, "step") == NULL) &&
	    (rc = booking_manage_recent(t, f)) != 0)
		return rc;
	if ((mode = booking_manage_wish(f)) != NULL)
		return booking_manage_start(t, mode);
	if (st != NULL && booking_get(st, "step") != NULL)
		return booking_flow_text(t, st, f);
	if (!booking_is_wish(f) && !booking_is_ask(t, f) &&
	    !booking_is_avail(t, f))
		return 0;
	return booking_flow_start(t, f);
}

static int
booking_dispatch(struct turn *t)
{
	json_object	*st = NULL;
	char		 f[256];

	if (!json_object_object_get_ex(t->state, "booking", &st) ||
	    !json_object_is_type(st, json_type_object))
		st = NULL;
	if (t->choice != NULL) {
		if (strncmp(t->choice, "slot:", 5) == 0)
			return booking_flow_slot(t, st, t->choice + 5);
		if (strncmp(t->choice, "book:", 5) != 0)
			return 0;
		/* "book:start[:words]": a booking offered by another module,
		 * the words (folded) naming what to book. */
		if (strcmp(t->choice, "book:start") == 0)
			return booking_flow_start(t, "");
		if (strncmp(t->choice, "book:start:", 11) == 0) {
			words_fold(t->choice + 11, f, sizeof(f));
			return booking_flow_start(t, f);
		}
		if (st == NULL) {
			booking_say(t, "That booking is no longer in "
			    "progress. Tell me when you would like to come "
			    "and I will find you a time.");
			return 1;
		}
		if (strncmp(t->choice, "book:m:", 7) == 0)
			return booking_manage_choice(t, st, t->choice + 7);
		return booking_flow_choice(t, st, t->choice + 5);
	}
	if (t->form != NULL && st != NULL) {
		const char *step = booking_get(st, "step");

		if (step != NULL && (strcmp(step, "identify") == 0 ||
		    strcmp(step, "code") == 0))
			return booking_manage_form(t, st);
		if (step != NULL && strcmp(step, "details") == 0)
			return booking_flow_form(t, st);
		return 0;
	}
	if (t->text != NULL && t->text_len > 0)
		return booking_text(t, st);
	return 0;
}

int
booking_turn(struct turn *t)
{
	const char	*phone;
	int		 rc;

	if ((rc = booking_dispatch(t)) != -1)
		return rc;
	log_error("clinic %s: the booking turn failed", t->clinic->id);
	phone = util_json_str(json_object_object_get(t->clinic->doc,
	    "contact"), "phone", NULL);
	booking_say(t, "Sorry, something went wrong with the booking. Please "
	    "try again, or call the clinic on %s.", phone ? phone : "");
	return 1;
}
