/*
 * Recognising a wish to speak to a person, queueing the conversation for
 * the staff, and the honest answer about when someone will reply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "fold.h"
#include "handoff.h"
#include "notify.h"
#include "hours.h"
#include "i18n.h"
#include "log.h"
#include "phone.h"
#include "privacy.h"
#include "secret.h"
#include "tz.h"
#include "util.h"
#include "words.h"

#define HANDOFF_SHORT_WORDS	3	/* a bare "human?" is a request */
#define HANDOFF_IDENTITY_TAIL	2	/* words completing an identity
					 * question, blanked with it */
#define HANDOFF_DIGITS_MIN	7
#define HANDOFF_DIGITS_MAX	15

/* Questions whether the chat is a person: checked first and blanked out,
 * so that "are you real? let me talk to someone" still asks. */
static const char *const handoff_identity[] = {
	/* en */
	"are you a real", "are you real", "are you human", "are you a human",
	"are you a person", "are you a bot", "are you a robot", "are you an ai",
	"are you a machine", "are you automated", "is this a real",
	"is this a bot", "is this a human", "is this automated",
	"am i talking to a", "am i speaking to a", "am i chatting with a",
	"am i chatting to a", "am i talking with a",
	/* fr */
	"etes vous un", "etes vous une", "es tu un", "es tu une",
	"etes vous humain", "es tu humain", "vous etes un robot",
	"tu es un robot", "c est un robot", "est ce un robot",
	"je parle a un robot", "je parle a une vraie", "je parle a un humain",
	/* pl */
	"czy jestes", "jestes botem", "jestes robotem", "jestes czlowiekiem",
	"czy to bot", "czy rozmawiam z", "czy pan jest", "czy pani jest",
	/* es */
	"eres un", "eres una", "eres humano", "eres real", "es usted un",
	"es usted una", "estoy hablando con", "es un bot", "es un robot",
	/* de */
	"bist du ein", "bist du eine", "bist du echt", "sind sie ein",
	"sind sie eine", "sind sie echt", "ist das ein bot",
	"ist das ein mensch", "rede ich mit", "spreche ich mit",
	/* it */
	"sei un", "sei una", "sei umano", "sei reale", "e un bot", "e un robot",
	"sto parlando con", "lei e un", "lei e una",
	/* ro */
	"esti un", "esti o", "esti robot", "esti om", "sunteti un",
	"sunteti o", "vorbesc cu un robot", "vorbesc cu un bot",
	"este un robot",
	/* ur */
	"کیا آپ انسان", "کیا آپ روبوٹ", "کیا آپ بوٹ", "کیا آپ اصلی",
	"کیا آپ حقیقی", "کیا یہ بوٹ", "کیا میں کسی انسان سے بات کر رہا",
	"کیا میں کسی انسان سے بات کر رہی",
	NULL
};

/* Asking for a person, in the folded form fold_text() gives. */
static const char *const handoff_ask[] = {
	/* en */
	"speak to a person", "speak to a human", "speak to a real",
	"speak to someone", "speak to somebody", "speak to a member",
	"speak with a member", "talk to a member", "talk with a member",
	"speak to staff", "speak to reception", "speak to the reception",
	"speak to the receptionist", "speak to a receptionist",
	"speak with someone", "speak with a person", "speak with a human",
	"speak with a real", "talk to a person", "talk to a human",
	"talk to a real", "talk to someone", "talk to somebody",
	"talk to staff", "talk to reception", "talk to the receptionist",
	"talk with someone", "talk with a person", "talk with a human",
	"chat with a person", "chat with a human", "chat with someone",
	"chat to a person", "chat to someone", "chat to a human",
	"get me a human", "get me a person", "get me someone", "connect me",
	"transfer me", "put me through", "want a human", "need a human",
	"want a person", "need a person", "want a real", "need a real",
	"human please", "person please", "agent please", "live agent",
	"live person", "real person", "real human", "actual person",
	"customer service", "call me back", "ring me back",
	/* fr */
	"parler a quelqu un", "parler avec quelqu un", "parler a une personne",
	"parler avec une personne", "parler a un humain",
	"parler avec un humain", "parler a un etre humain",
	"parler a une vraie personne", "parler a un conseiller",
	"parler a une conseillere", "parler a la reception",
	"parler a un membre", "parler au secretariat", "humain svp",
	"humain s il vous plait", "vraie personne", "rappelez moi",
	"me rappeler", "etre rappele", "etre rappelee",
	/* pl */
	"rozmawiac z czlowiekiem", "porozmawiac z czlowiekiem",
	"rozmawiac z kims", "porozmawiac z kims", "rozmawiac z osoba",
	"porozmawiac z osoba", "rozmawiac z konsultantem",
	"porozmawiac z konsultantem", "porozmawiac z prawdziwa",
	"rozmawiac z prawdziwa", "porozmawiac z recepcja", "polaczyc z",
	"polacz mnie", "czlowieka prosze", "prawdziwa osoba", "oddzwonic",
	"oddzwoncie",
	/* es */
	"hablar con alguien", "hablar con una persona", "hablar con un humano",
	"hablar con un ser humano", "hablar con recepcion",
	"hablar con un agente", "hablar con un operador",
	"hablar con el personal", "humano por favor", "persona real",
	"que me llamen", "llamenme", "me pueden llamar",
	/* de */
	"mit jemandem sprechen", "mit jemandem reden", "mit einem menschen",
	"mit einer person", "mit einem mitarbeiter",
	"mit einer mitarbeiterin", "mit der rezeption", "mit einem echten",
	"mit einer echten", "mensch bitte", "echte person", "echten menschen",
	"zuruckrufen", "ruckruf",
	/* it */
	"parlare con qualcuno", "parlare con una persona",
	"parlare con un operatore", "parlare con un umano",
	"parlare con un essere umano", "parlare con la reception",
	"parlare con la segreteria", "operatore per favore", "persona vera",
	"persona reale", "essere richiamato", "essere richiamata",
	"richiamatemi", "mi richiamate",
	/* ro */
	"vorbesc cu cineva", "vorbi cu cineva", "vorbesc cu o persoana",
	"vorbi cu o persoana", "vorbesc cu un om", "vorbi cu un om",
	"vorbesc cu un operator", "vorbi cu un operator",
	"vorbesc cu receptia", "vorbi cu receptia", "persoana reala",
	"sunati ma", "sa fiu sunat", "sa fiu sunata", "ma puteti suna",
	/* ur */
	"کسی انسان سے بات", "کسی شخص سے بات", "کسی سے بات", "عملے سے بات",
	"عملہ سے بات", "ریسپشن سے بات", "اصلی انسان", "حقیقی انسان",
	"واپس کال", "مجھے کال کریں",
	NULL
};

/* A whole short message that is only one of these asks, too. */
static const char *const handoff_bare[] = {
	"human", "a human", "person", "agent", "operator", "staff",
	"reception", "receptionist", "humain", "un humain", "czlowiek",
	"humano", "mensch", "umano", "operatore", "om", "انسان", NULL
};

/* Finds " phrase " in folded text f (which fold_text() starts and ends
 * with a space, and whose words' starts are in st); returns the match,
 * at its leading space, or NULL. */
static char *
handoff_find(char *f, const struct words_starts *st, const char *phrase)
{
	return (char *)words_find(f, st, phrase);
}

/* Blanks out each identity question in f with the words that complete
 * it ("are you a real" + "person"); nonzero when there was one. */
static int
handoff_blank_identity(char *f, const struct words_starts *st)
{
	char	*p, *e;
	size_t	 i;
	int	 found = 0, w;

	for (i = 0; handoff_identity[i] != NULL; i++)
		while ((p = handoff_find(f, st, handoff_identity[i])) != NULL) {
			e = p + 1 + strlen(handoff_identity[i]);
			for (w = 0; w < HANDOFF_IDENTITY_TAIL && *e == ' ' &&
			    e[1] != '\0'; w++)
				e = strchr(e + 1, ' ');
			memset(p + 1, '#', (size_t)(e - p - 1));
			found = 1;
		}
	return found;
}

static int
handoff_words(const char *f)
{
	int	 n = 0;

	for (; *f != '\0'; f++)
		if (f[0] == ' ' && f[1] != '\0')
			n++;
	return n;
}

enum handoff_kind
handoff_classify(const char *text, size_t len)
{
	struct buf		 f;
	struct words_starts	 st;
	enum handoff_kind	 k = HANDOFF_NONE;
	size_t			 i;
	int			 identity;

	buf_init(&f, 4 * len + 8);
	if (fold_text(text, len, &f) == -1) {
		buf_release(&f);
		return HANDOFF_NONE;
	}
	/* Blanking only takes words away: the starts stay a superset. */
	words_starts_of(f.data, &st);
	identity = handoff_blank_identity(f.data, &st);
	for (i = 0; k == HANDOFF_NONE && handoff_ask[i] != NULL; i++)
		if (handoff_find(f.data, &st, handoff_ask[i]) != NULL)
			k = HANDOFF_ASK;
	if (k == HANDOFF_NONE && identity)
		k = HANDOFF_IDENTITY;
	for (i = 0; k == HANDOFF_NONE && handoff_bare[i] != NULL &&
	    handoff_words(f.data) <= HANDOFF_SHORT_WORDS; i++)
		if (handoff_find(f.data, &st, handoff_bare[i]) != NULL)
			k = HANDOFF_ASK;
	buf_release(&f);
	return k;
}

int
handoff_request(struct turn *t)
{
	json_object	*st;
	char		 when[32];

	if (db_exec("UPDATE conversations SET waiting_staff = 1 WHERE id = "
	    "%llu", t->conversation) == -1)
		return -1;
	clock_format_utc(t->now, when, sizeof(when));
	st = json_object_new_object();
	json_object_object_add(st, "waiting", json_object_new_boolean(1));
	json_object_object_add(st, "requested_at",
	    json_object_new_string(when));
	json_object_object_add(t->state, "staff", st);
	/* Staff hear of it by e-mail too, when the clinic has one. */
	if (notify_queue_staff_alert(t->clinic, "handoff",
	    t->conversation) == -1)
		return -1;
	return turn_event(t, "handoff", NULL);
}

static const char *const handoff_days[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
static const char *const handoff_months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* "today at 08:00", "tomorrow at 08:00" or "Monday 7 December at 08:00"
 * for instant when, in the clinic's zone and the turn's language. */
static void
handoff_when(const struct turn *t, time_t when, char *buf, size_t bufsz)
{
	struct tm	 now, at;
	char		 hm[8], day[64];
	long		 days;

	tz_local(t->clinic->timezone, t->now, &now);
	tz_local(t->clinic->timezone, when, &at);
	snprintf(hm, sizeof(hm), "%02d:%02d", at.tm_hour, at.tm_min);
	days = (timegm(&at) - at.tm_hour * 3600 - at.tm_min * 60 - at.tm_sec -
	    (timegm(&now) - now.tm_hour * 3600 - now.tm_min * 60 -
	    now.tm_sec)) / 86400;
	if (days == 0)
		snprintf(buf, bufsz, i18n_tr("staff", t->lang, "today at %s"),
		    hm);
	else if (days == 1)
		snprintf(buf, bufsz, i18n_tr("staff", t->lang,
		    "tomorrow at %s"), hm);
	else {
		snprintf(day, sizeof(day), "%s", i18n_tr("staff", t->lang,
		    handoff_days[at.tm_wday]));
		snprintf(buf, bufsz, i18n_tr("staff", t->lang,
		    "%1$s %2$d %3$s at %4$s"), day, at.tm_mday,
		    i18n_tr("staff", t->lang, handoff_months[at.tm_mon]), hm);
	}
}

/* Adds the call-back form to reply r.  0 or -1. */
static int
handoff_form(const struct turn *t, struct reply *r)
{
	json_object	*fields, *f;

	if (r == NULL)
		return -1;
	f = json_object_new_object();
	json_object_object_add(f, "name",
	    json_object_new_string(HANDOFF_PHONE_FIELD));
	json_object_object_add(f, "label", json_object_new_string(
	    i18n_tr("staff", t->lang, "Phone number")));
	json_object_object_add(f, "type", json_object_new_string("tel"));
	fields = json_object_new_array();
	json_object_array_add(fields, f);
	r->form = json_object_new_object();
	json_object_object_add(r->form, "fields", fields);
	return 0;
}

static int
handoff_ask_reply(struct turn *t)
{
	char	 when[128], text[512];
	time_t	 next;

	if (handoff_request(t) == -1)
		return -1;
	if (hours_open_at(t->clinic, t->now))
		snprintf(text, sizeof(text), "%s", i18n_tr("staff", t->lang,
		    "I have asked a member of the team to join this chat. "
		    "Someone will reply here within a few minutes."));
	else if ((next = hours_next_open(t->clinic, t->now)) == 0)
		snprintf(text, sizeof(text), "%s", i18n_tr("staff", t->lang,
		    "The clinic is closed at the moment. A member of the team "
		    "will reply here as soon as they can."));
	else {
		handoff_when(t, next, when, sizeof(when));
		snprintf(text, sizeof(text), i18n_tr("staff", t->lang,
		    "The clinic is closed at the moment, so no one can reply "
		    "straight away. A member of the team will reply here when "
		    "the clinic opens, %s."), when);
	}
	if (turn_reply(t, text) == NULL)
		return -1;
	return handoff_form(t, turn_reply(t, i18n_tr("staff", t->lang,
	    "If you would rather be called back, leave your phone number "
	    "here.")));
}

/* Keeps '+' and digits of a phone number; 0, or -1 when it is not one. */
static int
handoff_phone(const char *s, char *out, size_t outsz)
{
	size_t	 n = 0, digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!(*s == '+' && n == 0) && !strchr(" ()-./", *s))
			return -1;
		if ((*s == '+' || (*s >= '0' && *s <= '9')) && n + 1 < outsz)
			out[n++] = *s;
	}
	out[n] = '\0';
	return digits >= HANDOFF_DIGITS_MIN && digits <= HANDOFF_DIGITS_MAX ?
	    0 : -1;
}

/* The phone is sealed, with a keyed hash to find it by. */
static int
handoff_store_callback(const struct turn *t, const char *phone)
{
	char		*sealed;
	char		 key[PHONE_E164_MAX + 32], hash[SECRET_INDEX_HEX];
	long long	 rc;

	privacy_phone_key(phone, key, sizeof(key));
	if (secret_index("callbacks.phone", key, hash) == -1 ||
	    secret_seal_str("callbacks.phone", phone, &sealed) == -1)
		return -1;
	rc = db_exec("INSERT INTO callbacks (clinic_id, conversation_id, "
	    "phone, phone_hash, created_at) VALUES (%s, %llu, %s, %s, %t)",
	    t->clinic->id, t->conversation, sealed, hash, t->now);
	free(sealed);
	return rc == -1 ? -1 : 0;
}

static int
handoff_callback(struct turn *t, const char *value)
{
	char	 phone[24];

	if (handoff_phone(value, phone, sizeof(phone)) == -1)
		return handoff_form(t, turn_reply(t, i18n_tr("staff", t->lang,
		    "That does not look like a phone number. Please check it "
		    "and try again.")));
	if (handoff_store_callback(t, phone) == -1 ||
	    handoff_request(t) == -1 ||
	    turn_event(t, "callback_requested", NULL) == -1)
		return -1;
	return turn_reply(t, hours_open_at(t->clinic, t->now) ?
	    i18n_tr("staff", t->lang, "Thank you. A member of the team will "
	    "call you back on that number shortly.") :
	    i18n_tr("staff", t->lang, "Thank you. A member of the team will "
	    "call you back on that number once the clinic opens.")) == NULL ?
	    -1 : 0;
}

int
handoff_turn(struct turn *t)
{
	const char	*phone;
	int		 before = t->nreplies, rc = 0;

	if (t->choice != NULL && strcmp(t->choice, HANDOFF_CHOICE) == 0)
		rc = handoff_ask_reply(t);
	else if (t->form != NULL &&
	    (phone = util_json_str(t->form, HANDOFF_PHONE_FIELD, NULL)) != NULL)
		rc = handoff_callback(t, phone);
	else if (t->text != NULL &&
	    handoff_classify(t->text, t->text_len) == HANDOFF_ASK)
		rc = handoff_ask_reply(t);
	else
		return 0;
	if (rc == -1)
		log_error("conversation %llu: hand-off not recorded",
		    t->conversation);
	return t->nreplies > before;
}
