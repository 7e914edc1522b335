/*
 * The answer engine's turn: splits the patient's message into clauses,
 * finds what each asks, answers from the facts (answer_hours.c,
 * answer_facts.c), remembers what was discussed, and replies honestly
 * with the clinic's phone number when it does not know.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "answer_int.h"
#include "db.h"
#include "i18n.h"
#include "limits.h"
#include "log.h"

#define HANDOFF_CHOICE	"answer:handoff"
/* The booking flow's start, naming the service to look for. */
#define BOOK_CHOICE	"book:start:emergency appointment"
#define ANS_FOLD_MAX	(REQ_TEXT_MAX * 4 + 1)	/* bytes of folded text */

/* Analytics topics, in the order of their bits. */
static const char *const ans_topics[] = {
	"hours", "price", "insurance", "service", "practitioner", "parking",
	"nhs", "referral", "booking", "other", NULL
};

enum { AT_HOURS, AT_PRICE, AT_INSURANCE, AT_SERVICE, AT_PRACTITIONER,
	AT_PARKING, AT_NHS, AT_REFERRAL, AT_BOOKING, AT_OTHER };

struct aturn {
	struct actx	 c;
	unsigned	 topics;	/* bits of ans_topics asked */
	int		 human;		/* asked for a person */
	int		 greeting, thanks, quiet;
};

static json_object	*ans_faq_db(const char *);
static answer_faq_source ans_faq_source = ans_faq_db;

void
answer_set_faq_source(answer_faq_source fn)
{
	ans_faq_source = fn != NULL ? fn : ans_faq_db;
}

/* Staff FAQs from table clinic_faqs. */
static json_object *
ans_faq_db(const char *clinic_id)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*out, *f;

	res = db_query("SELECT lang, q, a FROM clinic_faqs WHERE clinic_id "
	    "= %s ORDER BY id", clinic_id);
	if (res == NULL)
		return NULL;
	out = json_object_new_array();
	while (out != NULL && (row = mysql_fetch_row(res)) != NULL) {
		if (row[0] == NULL || row[1] == NULL || row[2] == NULL ||
		    (f = json_object_new_object()) == NULL)
			continue;
		json_object_object_add(f, "lang",
		    json_object_new_string(row[0]));
		json_object_object_add(f, "q", json_object_new_string(row[1]));
		json_object_object_add(f, "a", json_object_new_string(row[2]));
		json_object_array_add(out, f);
	}
	mysql_free_result(res);
	return out;
}

/*
 * Staff FAQs of this process, each with the clinic revision it was read
 * at: every writer of clinic_faqs bumps clinics.revision in the same
 * transaction, and patients see the new revision within
 * clinic_recheck_ms (clinic_load_recent).  A clinic of revision 0 (not
 * loaded from the database) is not cached.
 */
#define ANS_FAQ_CACHE_MAX	16

static struct ans_faq_cached {
	char		 clinic[65];
	unsigned long	 revision;
	json_object	*faqs;
} ans_faq_cache[ANS_FAQ_CACHE_MAX];

/* The staff FAQs of clinic cl: a new reference, or NULL. */
static json_object *
ans_faq_staff(const struct clinic *cl)
{
	struct ans_faq_cached	*slot = NULL;
	json_object		*faqs;
	size_t			 i;

	if (ans_faq_source != ans_faq_db || cl->revision == 0)
		return ans_faq_source(cl->id);
	for (i = 0; i < ANS_FAQ_CACHE_MAX && slot == NULL; i++)
		if (strcmp(ans_faq_cache[i].clinic, cl->id) == 0)
			slot = &ans_faq_cache[i];
	if (slot != NULL && slot->faqs != NULL &&
	    slot->revision == cl->revision)
		return json_object_get(slot->faqs);
	if ((faqs = ans_faq_db(cl->id)) == NULL)
		return NULL;
	if (slot == NULL)
		slot = &ans_faq_cache[(size_t)rand() % ANS_FAQ_CACHE_MAX];
	json_object_put(slot->faqs);
	snprintf(slot->clinic, sizeof(slot->clinic), "%s", cl->id);
	slot->revision = cl->revision;
	slot->faqs = json_object_get(faqs);
	return faqs;
}

/* Helpers for the other answer files */

const char *
ax_tr(struct actx *c, const char *msgid)
{
	return i18n_tr("answers", c->lang, msgid);
}

/* Upper-cases the first letter of s when it is a Latin one. */
static void
ans_capital(char *s)
{
	unsigned char	*u = (unsigned char *)s;
	unsigned	 cp;

	if (u[0] >= 'a' && u[0] <= 'z') {
		u[0] -= 'a' - 'A';
		return;
	}
	if ((u[0] & 0xe0) != 0xc0 || (u[1] & 0xc0) != 0x80)
		return;
	cp = ((u[0] & 0x1fu) << 6) | (u[1] & 0x3fu);
	if (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7)
		cp -= 0x20;
	else if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14a &&
	    cp <= 0x177) || (cp >= 0x218 && cp <= 0x21b)) && (cp & 1))
		cp -= 1;
	else if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 &&
	    cp <= 0x17e)) && !(cp & 1))
		cp -= 1;
	else
		return;
	u[0] = (unsigned char)(0xc0 | (cp >> 6));
	u[1] = (unsigned char)(0x80 | (cp & 0x3f));
}

int
ax_add(struct actx *c, const char *text)
{
	int	 i;

	if (text == NULL || text[0] == '\0')
		return -1;
	for (i = 0; i < c->nitems; i++)
		if (strcmp(c->items[i], text) == 0)
			return 0;
	if (c->nitems == AITEM_MAX)
		return -1;
	if ((c->items[c->nitems] = strdup(text)) == NULL)
		return -1;
	ans_capital(c->items[c->nitems]);
	c->nitems++;
	return 0;
}

int
ax_addf(struct actx *c, const char *msgid, ...)
{
	char	 buf[AITEM_LEN];
	va_list	 ap;

	va_start(ap, msgid);
	vsnprintf(buf, sizeof(buf), ax_tr(c, msgid), ap);
	va_end(ap);
	return ax_add(c, buf);
}

/* Setting up and tearing down */

static json_object *
ans_faqs(struct actx *c)
{
	json_object	*all, *file, *staff;
	size_t		 i;

	if ((all = json_object_new_array()) == NULL)
		return NULL;
	if (json_object_object_get_ex(c->doc, "faqs", &file) &&
	    json_object_is_type(file, json_type_array))
		for (i = 0; i < json_object_array_length(file); i++)
			json_object_array_add(all, json_object_get(
			    json_object_array_get_idx(file, i)));
	staff = ans_faq_staff(c->t->clinic);
	if (staff != NULL && json_object_is_type(staff, json_type_array))
		for (i = 0; i < json_object_array_length(staff); i++)
			json_object_array_add(all, json_object_get(
			    json_object_array_get_idx(staff, i)));
	json_object_put(staff);
	return all;
}

static int
ans_init(struct aturn *a, struct turn *t)
{
	json_object	*mem;

	memset(a, 0, sizeof(*a));
	a->c.t = t;
	a->c.doc = t->clinic->doc;
	a->c.lang = t->lang[0] != '\0' ? t->lang : "en";
	if (t->state != NULL) {
		if (!json_object_object_get_ex(t->state, "answers", &mem) ||
		    !json_object_is_type(mem, json_type_object)) {
			mem = json_object_new_object();
			json_object_object_add(t->state, "answers", mem);
		}
		a->c.mem = mem;
	}
	a->c.faqs = ans_faqs(&a->c);
	return 0;
}

static void
ans_release(struct aturn *a)
{
	int	 i;

	for (i = 0; i < a->c.nitems; i++)
		free(a->c.items[i]);
	json_object_put(a->c.faqs);
}

static const char *
ans_phone(struct actx *c)
{
	json_object	*ct;

	if (!json_object_object_get_ex(c->doc, "contact", &ct))
		return NULL;
	return util_json_str(ct, "phone", NULL);
}

/* One clause */

static void
ans_topics_of(const struct atext *x, int *q)
{
	const struct atrig	*tr;

	memset(q, 0, sizeof(int) * AQ__MAX);
	for (tr = aw_trig; tr->word != NULL; tr++)
		if (am_has(x, tr->word) >= 0 || (strlen(tr->word) >= 7 &&
		    am_find(x, tr->word) >= 0))
			q[tr->topic] = 1;
}

/* The practitioner the clause is about, named or "he"/"she" earlier. */
static json_object *
ans_practitioner(struct actx *c, const struct atext *x)
{
	static const char *const pronouns[] = {
		"he", "she", "him", "her", "they", "them", "elle", "ona",
		"ella", "lei", "ea", NULL
	};
	json_object	*p, *a, *e;
	const char	*id;
	size_t		 i;
	int		 k;

	if ((p = af_named_practitioner(c, x)) != NULL)
		return p;
	for (k = 0; pronouns[k] != NULL; k++)
		if (am_has(x, pronouns[k]) >= 0)
			break;
	if (pronouns[k] == NULL || c->mem == NULL ||
	    (id = util_json_str(c->mem, "practitioner", NULL)) == NULL ||
	    !json_object_object_get_ex(c->doc, "practitioners", &a))
		return NULL;
	for (i = 0; i < json_object_array_length(a); i++) {
		e = json_object_array_get_idx(a, i);
		if (util_json_str(e, "id", NULL) != NULL &&
		    strcmp(util_json_str(e, "id", NULL), id) == 0)
			return e;
	}
	return NULL;
}

/* Nonzero when the clause asks anything beyond hello and thanks. */
static int
ans_asks(const int *q)
{
	int	 i;

	for (i = 0; i < AQ__MAX; i++)
		if (q[i] && i != AQ_GREETING && i != AQ_THANKS)
			return 1;
	return 0;
}

/* Policies, contact and the FAQ-backed topics of the clause. */
static void
ans_simple(struct aturn *a, const int *q)
{
	struct actx	*c = &a->c;

	if (q[AQ_NHS] && af_policy(c, "nhs"))
		a->topics |= 1u << AT_NHS;
	if (q[AQ_REFERRAL] && af_policy(c, "referral"))
		a->topics |= 1u << AT_REFERRAL;
	if (q[AQ_CANCEL])
		af_policy(c, "cancellation");
	if (q[AQ_PAYMENT])
		af_policy(c, "payment");
	if (q[AQ_BRING])
		af_policy(c, "what_to_bring");
	if (q[AQ_ADDRESS] || (q[AQ_WHERE] && !q[AQ_PARKING] &&
	    !q[AQ_TRANSPORT]))
		af_contact(c, AQ_ADDRESS);
	if (q[AQ_PHONE])
		af_contact(c, AQ_PHONE);
	if (q[AQ_EMAIL])
		af_contact(c, AQ_EMAIL);
	if (q[AQ_WEBSITE])
		af_contact(c, AQ_WEBSITE);
	if (q[AQ_PARKING])
		af_faq_topic(c, "parking");
	if (q[AQ_ACCESS])
		af_faq_topic(c, "accessible");
	if (q[AQ_TRANSPORT])
		af_faq_topic(c, "transport");
}

/* Records the analytics topics the clause asks about. */
static void
ans_note_topics(struct aturn *a, const int *q)
{
	if (q[AQ_HOURS])
		a->topics |= 1u << AT_HOURS;
	if (q[AQ_PRICE] || q[AQ_DURATION])
		a->topics |= 1u << AT_PRICE;
	if (q[AQ_INSURANCE])
		a->topics |= 1u << AT_INSURANCE;
	if (q[AQ_PARKING])
		a->topics |= 1u << AT_PARKING;
	if (q[AQ_NHS])
		a->topics |= 1u << AT_NHS;
	if (q[AQ_REFERRAL])
		a->topics |= 1u << AT_REFERRAL;
	if (q[AQ_BOOKING])
		a->topics |= 1u << AT_BOOKING;
	if (q[AQ_LANGUAGE])
		a->topics |= 1u << AT_PRACTITIONER;
}

static int
ans_has_content(const struct atext *x)
{
	int	 i;

	for (i = 0; i < x->n; i++)
		if (am_content(x->w[i]))
			return 1;
	return 0;
}

/* A clause with no question word: a service, a specialist, a FAQ. */
static void
ans_open_question(struct aturn *a, const struct atext *x, json_object *p)
{
	struct actx	*c = &a->c;
	int		 who = am_has(x, "who") >= 0;

	af_faq_best(c, x);
	if (!who && af_services(c, x) > 0)
		a->topics |= 1u << AT_SERVICE;
	if (af_specialists(c, x, who) > 0)
		a->topics |= 1u << AT_PRACTITIONER;
	else if (p != NULL && af_practitioner(c, p))
		a->topics |= 1u << AT_PRACTITIONER;
}

static void
ans_clause(struct aturn *a, const char *folded)
{
	struct actx	*c = &a->c;
	struct atext	 x;
	json_object	*p;
	int		 q[AQ__MAX], day, before, prev_hours;
	const char	*last;

	am_words(folded, c->lang, &x);
	ans_topics_of(&x, q);
	if (af_names_insurer(c, &x))
		q[AQ_INSURANCE] = 1;
	p = ans_practitioner(c, &x);
	day = ah_names_day(&x, folded);
	last = c->mem ? util_json_str(c->mem, "topic", NULL) : NULL;
	prev_hours = last != NULL && strcmp(last, "hours") == 0;
	if (day && ((!ans_asks(q) && (p != NULL || prev_hours)) ||
	    am_has(&x, "work") >= 0))
		q[AQ_HOURS] = 1;
	if (p != NULL && (am_has(&x, "work") >= 0 || (am_has(&x, "when") >=
	    0 && !ans_asks(q))))
		q[AQ_HOURS] = 1;
	if (!ans_asks(q) && af_names_language(&x) != NULL)
		q[AQ_LANGUAGE] = 1;
	if (p != NULL && c->mem != NULL)
		json_object_object_add(c->mem, "practitioner",
		    json_object_new_string(util_json_str(p, "id", NULL)));
	ans_note_topics(a, q);
	before = c->nitems;

	if (af_dental_pain(c, &x) > 0) {
		a->topics |= 1u << AT_SERVICE;
		return;
	}

	if (q[AQ_HOURS] || (q[AQ_BOOKING] && day))
		ah_answer(c, &x, folded, q[AQ_HOURS] ? p : NULL);
	if (q[AQ_PRICE] || q[AQ_DURATION])
		af_price(c, &x, q[AQ_DURATION]);
	if (q[AQ_INSURANCE])
		af_insurance(c, &x);
	ans_simple(a, q);
	if (q[AQ_LANGUAGE])
		af_speakers(c, &x);
	if (q[AQ_HUMAN] && !q[AQ_LANGUAGE])
		a->human = 1;
	if (c->nitems == before && !q[AQ_HUMAN])
		ans_open_question(a, &x, p);
	a->greeting |= q[AQ_GREETING];
	a->thanks |= q[AQ_THANKS];
	if (c->nitems == before && !ans_asks(q) && !ans_has_content(&x))
		a->quiet = 1;
	if (c->mem != NULL && q[AQ_HOURS])
		json_object_object_add(c->mem, "topic",
		    json_object_new_string("hours"));
	else if (c->mem != NULL && c->nitems > before)
		json_object_object_add(c->mem, "topic",
		    json_object_new_string("other"));
}

/* Replies */

static int
ans_reply(struct turn *t, const char *text)
{
	return turn_reply(t, text) != NULL ? 0 : -1;
}

static int
ans_unanswered(struct aturn *a, const char *topic)
{
	struct actx	*c = &a->c;
	struct reply	*r;
	const char	*phone = ans_phone(c);
	char		 buf[AITEM_LEN];

	if (phone != NULL)
		snprintf(buf, sizeof(buf), ax_tr(c, "I'm sorry, I don't know "
		    "the answer to that, and I don't want to guess. Please "
		    "call the clinic on %s, or I can pass your question on "
		    "to the team."), phone);
	else
		snprintf(buf, sizeof(buf), "%s", ax_tr(c, "I'm sorry, I don't "
		    "know the answer to that, and I don't want to guess. I "
		    "can pass your question on to the team."));
	if ((r = turn_reply(c->t, buf)) == NULL)
		return -1;
	turn_choice(r, ax_tr(c, "Pass my question to the clinic"),
	    HANDOFF_CHOICE);
	turn_event(c->t, "unanswered", topic);
	return 0;
}

static int
ans_handoff(struct aturn *a)
{
	struct actx	*c = &a->c;
	const char	*phone = ans_phone(c);
	char		 buf[AITEM_LEN];

	turn_event(c->t, "handoff", NULL);
	if (c->mem != NULL)
		json_object_object_add(c->mem, "handoff",
		    json_object_new_boolean(1));
	if (phone != NULL)
		snprintf(buf, sizeof(buf), ax_tr(c, "Thank you. I have passed "
		    "your question to the clinic's team; they will reply "
		    "here as soon as they can. If it is urgent, please call "
		    "%s."), phone);
	else
		snprintf(buf, sizeof(buf), "%s", ax_tr(c, "Thank you. I have "
		    "passed your question to the clinic's team; they will "
		    "reply here as soon as they can."));
	return ans_reply(c->t, buf);
}

static int
ans_human(struct aturn *a)
{
	struct actx	*c = &a->c;
	struct reply	*r;
	const char	*phone = ans_phone(c);
	char		 buf[AITEM_LEN];

	snprintf(buf, sizeof(buf), ax_tr(c, "I'm an automated assistant, "
	    "not a person. If you would like to talk to someone at %s, "
	    "call %s, or I can pass your message to the team."),
	    c->t->clinic->name ? c->t->clinic->name : "",
	    phone ? phone : "");
	if ((r = turn_reply(c->t, buf)) == NULL)
		return -1;
	return turn_choice(r, ax_tr(c, "Pass my question to the clinic"),
	    HANDOFF_CHOICE);
}

/* A message without a question: hello, thanks or "ok". */
static int
ans_courtesy(struct aturn *a)
{
	struct actx	*c = &a->c;
	char		 buf[AITEM_LEN];

	if (a->thanks)
		return ans_reply(c->t, ax_tr(c, "You're welcome! Is there "
		    "anything else I can help with?"));
	if (a->greeting) {
		snprintf(buf, sizeof(buf), ax_tr(c, "Hello! I can answer "
		    "questions about %s: opening hours, prices, insurance, "
		    "our team and more. How can I help?"),
		    c->t->clinic->name ? c->t->clinic->name : "");
		return ans_reply(c->t, buf);
	}
	return ans_reply(c->t, ax_tr(c, "Is there anything else I can help "
	    "with?"));
}

static void
ans_events(struct aturn *a)
{
	int	 i;

	for (i = 0; ans_topics[i] != NULL; i++)
		if (a->topics & (1u << i))
			turn_event(a->c.t, "question", ans_topics[i]);
}

static const char *
ans_first_topic(struct aturn *a)
{
	int	 i;

	for (i = 0; ans_topics[i] != NULL; i++)
		if (a->topics & (1u << i))
			return ans_topics[i];
	return "other";
}

/* The choices that go with the answers: passing on a question the
 * facts do not answer, booking after dental pain. */
static int
ans_items_choices(struct aturn *a, struct reply *r)
{
	struct actx	*c = &a->c;

	if (c->offer_booking && turn_choice(r, ax_tr(c, "Book an emergency "
	    "appointment"), BOOK_CHOICE) == -1)
		return -1;
	if (!c->gap)
		return 0;
	if (turn_choice(r, ax_tr(c, "Pass my question to the clinic"),
	    HANDOFF_CHOICE) == -1)
		return -1;
	return turn_event(c->t, "unanswered", ans_first_topic(a));
}

/* The answers as one reply, a line each. */
static int
ans_items_reply(struct aturn *a)
{
	struct buf	 b;
	struct reply	*r;
	int		 i, rc = -1;

	buf_init(&b, AITEM_LEN * AITEM_MAX);
	for (i = 0; i < a->c.nitems; i++) {
		if (i > 0)
			buf_addstr(&b, "\n");
		buf_addstr(&b, a->c.items[i]);
	}
	if (b.data != NULL && (r = turn_reply(a->c.t, b.data)) != NULL)
		rc = ans_items_choices(a, r);
	buf_release(&b);
	return rc;
}

static int
ans_text(struct aturn *a)
{
	char	 folded[ANS_FOLD_MAX], clauses[ACLAUSE_MAX][ACLAUSE_LEN];
	int	 i, n;

	am_fold(a->c.t->text, a->c.t->text_len, folded, sizeof(folded));
	n = am_split(folded, clauses, ACLAUSE_MAX);
	for (i = 0; i < n; i++)
		ans_clause(a, clauses[i]);
	if (a->topics == 0 && (a->c.nitems > 0 || a->human))
		a->topics = 1u << AT_OTHER;
	ans_events(a);
	if (a->c.nitems == 0 && a->human)
		return ans_human(a) == 0 ? 1 : -1;
	if (a->c.nitems == 0 && (a->greeting || a->thanks || a->quiet) &&
	    a->topics == 0)
		return ans_courtesy(a) == 0 ? 1 : -1;
	if (a->c.nitems == 0) {
		if (a->topics == 0)
			turn_event(a->c.t, "question", "other");
		return ans_unanswered(a, ans_first_topic(a)) == 0 ? 0 : -1;
	}
	if (ans_items_reply(a) == -1)
		return -1;
	if (a->human && ans_human(a) == -1)
		return -1;
	return a->c.gap ? 0 : 1;
}

int
answer_turn(struct turn *t)
{
	struct aturn	 a;
	int		 rc;

	ans_init(&a, t);
	if (t->choice != NULL && strcmp(t->choice, HANDOFF_CHOICE) == 0)
		rc = ans_handoff(&a) == 0 ? 1 : -1;
	else if (t->text == NULL || t->text_len == 0)
		rc = ans_unanswered(&a, "other") == 0 ? 0 : -1;
	else
		rc = ans_text(&a);
	ans_release(&a);
	if (rc == -1)
		log_error("clinic %s: could not add a reply", t->clinic->id);
	return rc;
}
