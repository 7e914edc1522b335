/*
 * safety_turn() against a migrated database with riverside-physio
 * imported (run by t/51-safety-turn.t, which sets FRONTDESK_CONF): the
 * emergency reply by country and language, the staff alert, the booking
 * dropped, the refusal of advice with its choices, and no reply at all
 * for other messages or for a choice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "safety.h"
#include "turn.h"

static int	 tap_n, tap_failed;
static struct clinic *clinic;
static unsigned long long conv = 1000;

static void
ok(int cond, const char *name)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
}

static int
has(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static long
alerts(const char *where)
{
	char	*v;
	long	 n;

	v = db_value("SELECT COUNT(*) FROM staff_alerts WHERE "
	    "conversation_id = %llu AND kind = 'emergency' AND category = %s",
	    conv, where);
	n = v ? atol(v) : -1;
	free(v);
	return n;
}

/* Runs one text turn in lang; returns safety_turn's result. */
static int
run(struct turn *t, const char *text, const char *lang)
{
	turn_init(t);
	t->clinic = clinic;
	t->conversation = ++conv;
	t->state = json_tokener_parse("{\"booking\": {\"step\": \"slot\"},"
	    " \"lang\": \"en\"}");
	t->text = text;
	t->text_len = text ? strlen(text) : 0;
	snprintf(t->lang, sizeof(t->lang), "%s", lang);
	t->now = 1796306700;	/* 2026-12-03T14:05:00Z */
	return safety_turn(t);
}

static void
done(struct turn *t)
{
	json_object_put(t->state);
	turn_release(t);
}

static const char *
event(struct turn *t, const char *key)
{
	json_object	*e, *v;

	if (json_object_array_length(t->events) != 1)
		return NULL;
	e = json_object_array_get_idx(t->events, 0);
	if (!json_object_object_get_ex(e, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static void
emergency(const char *text, const char *lang, const char *category,
    const char *want, const char *country)
{
	struct turn	 t;
	char		 name[256];
	const char	*saved = clinic->country;
	int		 rc;

	clinic->country = country;
	rc = run(&t, text, lang);
	snprintf(name, sizeof(name), "%s %s: %s", country, lang, category);
	ok(rc == 1 && t.nreplies == 1 && t.replies[0].emergency == 1,
	    name);
	ok(t.nreplies == 1 && has(t.replies[0].text, want) &&
	    strcmp(t.replies[0].lang, lang) == 0, "  the fixed text, numbers "
	    "and language");
	ok(t.nreplies == 1 && !has(t.replies[0].text, "tel:") &&
	    json_object_array_length(t.replies[0].links) > 0 &&
	    has(json_object_to_json_string(t.replies[0].links),
	    "\"href\": \"tel:"), "  phone links as a list, not in the text");
	ok(t.nreplies == 1 && t.replies[0].choices == NULL &&
	    t.replies[0].booking == NULL, "  no choices, no booking offer");
	ok(!json_object_object_get_ex(t.state, "booking", NULL) &&
	    json_object_object_get_ex(t.state, "lang", NULL),
	    "  the booking in progress is dropped, the rest kept");
	ok(has(event(&t, "type"), "emergency") &&
	    has(event(&t, "topic"), category), "  the emergency event");
	ok(alerts(category) == 1, "  one staff alert for the conversation");
	done(&t);
	clinic->country = saved;
}

static void
advice(const char *text, const char *lang)
{
	json_object	*c0, *c1;
	struct turn	 t;
	const char	*r;
	int		 rc;

	rc = run(&t, text, lang);
	ok(rc == 1 && t.nreplies == 1 && !t.replies[0].emergency,
	    "advice refused: one reply, not an emergency");
	r = t.nreplies ? t.replies[0].text : NULL;
	ok(has(r, "assess") && has(r, "appointment") && has(r, "book") &&
	    !has(r, "use ice") && !has(r, "apply ice") &&
	    !has(r, "use heat") && !has(r, "apply heat"),
	    "  no advice given");
	ok(t.nreplies && json_object_array_length(t.replies[0].choices) == 2,
	    "  two choices");
	if (t.nreplies && t.replies[0].choices) {
		c0 = json_object_array_get_idx(t.replies[0].choices, 0);
		c1 = json_object_array_get_idx(t.replies[0].choices, 1);
		ok(has(json_object_to_json_string(c0), "book:start") &&
		    has(json_object_to_json_string(c1), "staff:request"),
		    "  book:start and staff:request");
	} else
		ok(0, "  book:start and staff:request");
	ok(has(event(&t, "type"), "advice_refused") &&
	    event(&t, "topic") == NULL, "  the advice_refused event");
	ok(json_object_object_get_ex(t.state, "booking", NULL),
	    "  a booking in progress is kept");
	ok(alerts("%") == 0, "  no staff alert");
	done(&t);
}

static void
nothing(const char *text, const char *why)
{
	struct turn	 t;
	int		 rc;

	rc = run(&t, text, "en");
	ok(rc == 0 && t.nreplies == 0 &&
	    json_object_array_length(t.events) == 0 &&
	    json_object_object_get_ex(t.state, "booking", NULL), why);
	done(&t);
}

static void
rolled_back(void)
{
	struct turn	 t;

	db_begin();
	run(&t, "I think I'm having a heart attack", "en");
	db_rollback();
	ok(alerts("chest_pain") == 0, "the alert is part of the caller's "
	    "transaction (rolled back with it)");
	done(&t);
}

static void
bad_data(void)
{
	struct turn	 t;
	char		*dir;

	dir = strdup(conf_str("data_dir"));
	conf_set("data_dir", "/nonexistent");
	ok(run(&t, "hello", "en") == -1, "without its lists the screen "
	    "fails the turn rather than let it through");
	done(&t);
	conf_set("data_dir", dir);
	ok(run(&t, "hello", "en") == 0, "and loads them once they are "
	    "there");
	done(&t);
	free(dir);
}

int
main(void)
{
	struct turn	 t;

	if (conf_load() == -1 || db_open() == -1 ||
	    (clinic = clinic_load("riverside-physio")) == NULL) {
		printf("1..0 # SKIP no database or clinic\n");
		return 1;
	}
	bad_data();
	emergency("my face has dropped on one side and my words are coming "
	    "out wrong", "en", "stroke", "Call 999", "GB");
	emergency("Honestly some days this pain makes me want to end it all",
	    "en", "suicide", "116 123", "GB");
	emergency("i want to kill myself", "en", "suicide",
	    "NHS 111, option 2", "GB");
	emergency("back's been agony for days, now I can't feel it when I "
	    "wipe and I've had a couple of bladder accidents", "en",
	    "cauda_equina", "Go to A&E now", "GB");
	emergency("jaw swollen from a bad tooth and it's spreading under my "
	    "tongue, hard to swallow", "en", "dental_swelling",
	    "999 or go to A&E", "GB");
	emergency("J'ai une douleur très forte dans la poitrine et du mal à "
	    "respirer", "fr", "chest_pain", "999", "GB");
	emergency("ich habe starke Brustschmerzen", "de", "chest_pain",
	    "112", "DE");
	emergency("ich will nicht mehr leben", "de", "suicide",
	    "0800 111 0 111", "DE");
	emergency("je pense à me suicider", "fr", "suicide", "3114", "FR");
	emergency("no puedo respirar", "es", "breathing", "112",
	    "ES");
	emergency("ya no quiero vivir", "es", "suicide", "024", "ES");
	emergency("non riesco a respirare", "it", "breathing", "118",
	    "IT");
	emergency("i want to kill myself", "en", "suicide", "988",
	    "US");
	emergency("crushing chest pain", "en", "chest_pain", "911",
	    "US");
	emergency("my calf is swollen hot and red after my flight", "en",
	    "dvt", "NHS 111", "GB");
	emergency("I knocked my tooth out", "en", "tooth_knocked_out",
	    "within the hour", "GB");
	emergency("میں خودکشی کرنا چاہتا ہوں", "ur", "suicide",
	    "116 123", "GB");
	clinic->country = "GB";
	run(&t, "i want to kill myself", "en");
	ok(t.nreplies == 1 && strcmp(json_object_to_json_string_ext(
	    t.replies[0].links, JSON_C_TO_STRING_PLAIN),
	    "[{\"label\":\"999\",\"href\":\"tel:999\"},"
	    "{\"label\":\"Samaritans 116 123\",\"href\":\"tel:116123\"},"
	    "{\"label\":\"NHS 111\",\"href\":\"tel:111\"}]") == 0,
	    "GB mental: the links of links.tsv in order");
	done(&t);
	emergency("I want to end my life", "en", "suicide",
	    "Samaritans 116 123", "IE");
	emergency("crushing chest pain", "en", "chest_pain", "112",
	    "NZ");

	/* A language without texts gets English, and says so. */
	run(&t, "crushing chest pain", "xx");
	ok(t.nreplies == 1 && strcmp(t.replies[0].lang, "en") == 0 &&
	    has(t.replies[0].text, "999"), "an unknown language gets English");
	done(&t);

	advice("should i use ice or heat on my hamstring", "en");
	advice("I think I tore my ACL, is that what it is if my knee gave "
	    "way?", "en");
	run(&t, "est-ce grave si mon genou craque ?", "fr");
	ok(t.nreplies == 1 && strcmp(t.replies[0].lang, "fr") == 0 &&
	    has(t.replies[0].text, "rendez-vous"), "the refusal in French");
	done(&t);

	nothing("No chest pain or breathing problems, just a twisted knee "
	    "from football.", "B30 (a): a negated sign is not screened");
	nothing("I had a stroke 3 years ago, can I book physio to help with "
	    "my balance?", "a past stroke is not screened");
	nothing("I've lost a filling and it really hurts, can I get an "
	    "emergency appointment tomorrow?", "an emergency appointment is "
	    "a booking");
	nothing(NULL, "a choice or form turn is not screened");
	rolled_back();

	printf("1..%d\n", tap_n);
	clinic_free(clinic);
	db_close();
	return tap_failed != 0;
}
