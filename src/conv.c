/*
 * Conversation storage and the patient's turn pipeline: screen, then
 * engines, then one transaction for everything the turn produced.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conv.h"
#include "db.h"
#include "engine.h"
#include "hours.h"
#include "i18n.h"
#include "limits.h"
#include "llm_turn.h"
#include "log.h"
#include "notify.h"
#include "secret.h"
#include "turn.h"
#include "util.h"

#define CONV_MESSAGE_COLUMNS \
	"id, sender, text, language, extra, emergency, created_at"
#define CONV_AUTH_COLUMNS \
	"c.token_hash, c.clinic_id, c.language, c.status"
#define CONV_AUTH_NCOLUMNS	4
#define CONV_AUTH_FROM		"conversations c"

/* A message's fields, as stored or as read back. */
struct conv_msg {
	unsigned long long	 id;
	const char		*sender;
	const char		*text;
	size_t			 len;
	const char		*lang;
	json_object		*extra;		/* borrowed, may be NULL */
	int			 emergency;
	time_t			 created;
};

static json_object	*conv_msg_json(const struct conv_msg *);

/* Adds a member under a constant key to a new object: json-c neither
 * looks for it first nor copies the key. */
#define CONV_ADD(o, k, v) \
	json_object_object_add_ex((o), (k), (v), \
	    JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_KEY_IS_CONSTANT)

/* Queues the INSERT of message f of a conversation; its id goes to
 * *id once sent.  When out is not NULL, adds the message's public form
 * to that array, built as a read of it would (the extra column parsed
 * back), with the id to be set by conv_set_ids.  0 or -1. */
static int
conv_store(unsigned long long conversation, const char *clinic_id,
    struct conv_msg *f, unsigned long long *id, json_object *out)
{
	const char	*ex = NULL;
	struct buf	 sealed;
	struct conv_msg	 back;
	long long	 rc;

	if (f->extra != NULL && json_object_object_length(f->extra) > 0)
		ex = json_object_to_json_string_ext(f->extra,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	buf_init(&sealed, REQ_BODY_MAX * 4);
	if (secret_seal("messages.text", f->text, f->len, &sealed) == -1) {
		buf_release(&sealed);
		return -1;
	}
	rc = db_defer_id(id, "INSERT INTO messages (conversation_id, "
	    "clinic_id, sender, text, language, extra, emergency, created_at) "
	    "VALUES (%llu, %s, %s, %S, %s, %s, %d, %t)", conversation,
	    clinic_id, f->sender, sealed.data, sealed.len, f->lang, ex,
	    f->emergency ? 1 : 0, f->created);
	buf_release(&sealed);
	if (rc == -1)
		return -1;
	if (out == NULL)
		return 0;
	back = *f;
	back.emergency = f->emergency != 0;
	back.extra = ex != NULL ? util_json_parse(ex, strlen(ex)) : NULL;
	json_object_array_add(out, conv_msg_json(&back));
	json_object_put(back.extra);
	return 0;
}

/* Sets the ids of the messages in out, once their INSERTs were sent. */
static int
conv_set_ids(json_object *out, const unsigned long long *ids)
{
	size_t	 i;

	for (i = 0; i < json_object_array_length(out); i++) {
		if (ids[i] == 0)
			return error("a message was stored without an id");
		json_object_object_add(json_object_array_get_idx(out, i), "id",
		    json_object_new_int64((int64_t)ids[i]));
	}
	return 0;
}

unsigned long long
conv_store_message(unsigned long long conversation, const char *clinic_id,
    const char *sender, const char *text, size_t len, const char *lang,
    json_object *extra, int emergency, time_t now)
{
	struct conv_msg	 f;

	memset(&f, 0, sizeof(f));
	f.sender = sender;
	f.text = text;
	f.len = len;
	f.lang = lang;
	f.extra = extra;
	f.emergency = emergency;
	f.created = now;
	if (conv_store(conversation, clinic_id, &f, &f.id, NULL) == -1 ||
	    db_flush() == -1)
		return 0;
	return f.id;
}

/* The public form of a message: a new object. */
static json_object *
conv_msg_json(const struct conv_msg *f)
{
	json_object	*m, *v;
	char		 when[32];
	static const char *const keys[] = { "choices", "form", "booking",
	    "links" };
	size_t		 i;

	m = json_object_new_object();
	clock_format_utc(f->created, when, sizeof(when));
	CONV_ADD(m, "id", json_object_new_int64((int64_t)f->id));
	CONV_ADD(m, "from", json_object_new_string(f->sender));
	CONV_ADD(m, "text", json_object_new_string_len(f->text, (int)f->len));
	CONV_ADD(m, "created_at", json_object_new_string(when));
	CONV_ADD(m, "language", json_object_new_string(f->lang));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = NULL;
		if (f->extra != NULL && json_object_object_get_ex(f->extra,
		    keys[i], &v))
			json_object_get(v);
		CONV_ADD(m, keys[i], v);
	}
	CONV_ADD(m, "emergency", json_object_new_boolean(f->emergency));
	return m;
}

/* The public form of a message row (columns CONV_MESSAGE_COLUMNS). */
static json_object *
conv_message_json(MYSQL_ROW row, unsigned long *lens)
{
	struct conv_msg	 f;
	struct buf	 text;
	json_object	*m;

	buf_init(&text, REQ_BODY_MAX * 4);
	if (secret_open("messages.text", row[2], lens[2], &text) == -1) {
		buf_release(&text);
		return NULL;
	}
	memset(&f, 0, sizeof(f));
	f.id = strtoull(row[0], NULL, 10);
	f.sender = row[1];
	f.text = text.data != NULL ? text.data : "";
	f.len = text.len;
	f.lang = row[3];
	if (row[4] != NULL)
		f.extra = util_json_parse(row[4], lens[4]);
	f.emergency = row[5][0] == '1';
	f.created = db_time(row[6]);
	m = conv_msg_json(&f);
	json_object_put(f.extra);
	buf_release(&text);
	return m;
}

/* Adds the message rows of res from row on to a new array: NULL when
 * one cannot be read.  A row whose first column is NULL ends it. */
static json_object *
conv_message_rows(MYSQL_RES *res, MYSQL_ROW row, int skip,
    unsigned long long *last)
{
	json_object	*arr, *m;

	arr = json_object_new_array();
	for (; row != NULL && row[skip] != NULL;
	    row = mysql_fetch_row(res)) {
		if ((m = conv_message_json(row + skip,
		    mysql_fetch_lengths(res) + skip)) == NULL) {
			json_object_put(arr);
			return NULL;
		}
		json_object_array_add(arr, m);
		*last = strtoull(row[skip], NULL, 10);
	}
	return arr;
}

json_object *
conv_messages_after(unsigned long long id, unsigned long long after,
    int limit, unsigned long long *last)
{
	MYSQL_RES	*res;
	json_object	*arr;

	*last = after;
	if ((res = db_query("SELECT " CONV_MESSAGE_COLUMNS " FROM messages "
	    "WHERE conversation_id = %llu AND id > %llu ORDER BY id LIMIT %d",
	    id, after, limit)) == NULL)
		return NULL;
	arr = conv_message_rows(res, mysql_fetch_row(res), 0, last);
	mysql_free_result(res);
	return arr;
}

/* Nonzero when a clinic's greeting already says it is automated. */
static int
conv_says_automated(const char *g)
{
	static const char *const words[] = {
		"automated", "virtual assistant", "chatbot", "not a person",
		NULL
	};
	char	 low[512];
	size_t	 i;

	for (i = 0; g[i] != '\0' && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)g[i]);
	low[i] = '\0';
	for (i = 0; words[i] != NULL; i++)
		if (strstr(low, words[i]) != NULL)
			return 1;
	return 0;
}

/* The clinic's greeting, or a translated one for another language. */
static const char *
conv_greeting(const struct clinic *c, const char *lang, char *buf,
    size_t bufsz)
{
	json_object	*w;
	const char	*g = NULL;

	if (json_object_object_get_ex(c->doc, "widget", &w))
		g = util_json_str(w, "greeting", NULL);
	if (g != NULL && strcmp(lang, c->default_language) == 0) {
		if (conv_says_automated(g))
			return g;
		snprintf(buf, bufsz, "%s %s", g, i18n_tr("conv", lang,
		    "I'm an automated assistant; ask for a person at any "
		    "time."));
		return buf;
	}
	snprintf(buf, bufsz, i18n_tr("conv", lang, "Hello, I'm the automated "
	    "assistant of %s. How can I help you today?"), c->name);
	return buf;
}

struct conv_new {
	const struct clinic	*c;
	const char		*lang, *page;
	char			 hash[65];
	time_t			 now;
	unsigned long long	 id;
};

static int
conv_create_txn(void *arg)
{
	struct conv_new	*n = arg;
	char		 buf[512];
	const char	*g;
	int		 after = !hours_open_at(n->c, n->now);

	if (db_exec("INSERT INTO conversations (clinic_id, token_hash, "
	    "language, page, state, after_hours, created_at, updated_at) "
	    "VALUES (%s, %s, %s, %s, '{}', %d, %t, %t)", n->c->id, n->hash,
	    n->lang, n->page, after, n->now, n->now) == -1)
		return -1;
	n->id = db_insert_id();
	g = conv_greeting(n->c, n->lang, buf, sizeof(buf));
	if (conv_store_message(n->id, n->c->id, "assistant", g, strlen(g),
	    n->lang, NULL, 0, n->now) == 0)
		return -1;
	if (db_exec("INSERT INTO events (clinic_id, conversation_id, type, "
	    "language, after_hours, created_at) VALUES (%s, %llu, "
	    "'conversation_started', %s, %d, %t)", n->c->id, n->id, n->lang,
	    after, n->now) == -1)
		return -1;
	return 0;
}

json_object *
conv_create(const struct clinic *c, const char *lang, const char *page,
    time_t now)
{
	struct conv_new		 n;
	unsigned char		 raw[CONV_TOKEN_BYTES];
	char			 token[CONV_TOKEN_LEN + 1];
	unsigned long long	 last;
	json_object		*o, *msgs;

	memset(&n, 0, sizeof(n));
	n.c = c;
	n.lang = lang != NULL ? lang : c->default_language;
	n.page = page;
	n.now = now;
	if (util_random(raw, sizeof(raw)) == -1) {
		log_error("no randomness for a token");
		return NULL;
	}
	util_hex(token, raw, sizeof(raw));
	util_sha256_hex(n.hash, token, strlen(token));
	if (db_txn(conv_create_txn, &n) == -1)
		return NULL;
	if ((msgs = conv_messages_after(n.id, 0, 10, &last)) == NULL)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "conversation", json_object_new_int64(
	    (int64_t)n.id));
	json_object_object_add(o, "token", json_object_new_string(token));
	json_object_object_add(o, "messages", msgs);
	json_object_object_add(o, "last_id", json_object_new_int64(
	    (int64_t)last));
	log_info("conversation %llu started for clinic %s", n.id, c->id);
	return o;
}

/* Fills *cv from a row starting with CONV_AUTH_COLUMNS when its token
 * hash is that of token (compared in constant time): 0, else 1. */
static int
conv_auth_row(MYSQL_ROW row, unsigned long long id, const char *token,
    struct conv *cv)
{
	char	 hash[65];

	util_sha256_hex(hash, token, strlen(token));
	if (row == NULL || util_ct_cmp(hash, row[0]) != 0)
		return 1;
	memset(cv, 0, sizeof(*cv));
	cv->id = id;
	snprintf(cv->clinic_id, sizeof(cv->clinic_id), "%s", row[1]);
	snprintf(cv->language, sizeof(cv->language), "%s", row[2]);
	snprintf(cv->status, sizeof(cv->status), "%s", row[3]);
	return 0;
}

int
conv_auth(unsigned long long id, const char *token, struct conv *cv)
{
	MYSQL_RES	*res;
	int		 rc;

	if (token == NULL || strlen(token) != CONV_TOKEN_LEN)
		return 1;
	if ((res = db_query("SELECT " CONV_AUTH_COLUMNS " FROM " CONV_AUTH_FROM
	    " WHERE c.id = %llu", id)) == NULL)
		return -1;
	rc = conv_auth_row(mysql_fetch_row(res), id, token, cv);
	mysql_free_result(res);
	return rc;
}

int
conv_poll(unsigned long long id, const char *token, unsigned long long after,
    int limit, struct conv *cv, json_object **msgs, unsigned long long *last)
{
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	unsigned long long	 newest = 0;
	int			 rc;

	*msgs = NULL;
	*last = after;
	if (token == NULL || strlen(token) != CONV_TOKEN_LEN)
		return 1;
	/* Most polls find nothing new: the conversation's row with its
	 * newest message id (read from the index) answers them, and the
	 * messages are read only when there are some.  The subquery names
	 * the conversation itself, not c.id: the server then reads the id
	 * once, as it plans the query, instead of running a subquery. */
	if ((res = db_query("SELECT " CONV_AUTH_COLUMNS ", (SELECT MAX(m.id) "
	    "FROM messages m WHERE m.conversation_id = %llu) FROM "
	    CONV_AUTH_FROM " WHERE c.id = %llu", id, id)) == NULL)
		return -1;
	row = mysql_fetch_row(res);
	if ((rc = conv_auth_row(row, id, token, cv)) == 0 &&
	    row[CONV_AUTH_NCOLUMNS] != NULL)
		newest = strtoull(row[CONV_AUTH_NCOLUMNS], NULL, 10);
	mysql_free_result(res);
	if (rc != 0)
		return rc;
	if (newest <= after) {
		*msgs = json_object_new_array();
		return 0;
	}
	return (*msgs = conv_messages_after(id, after, limit, last)) == NULL ?
	    -1 : 0;
}

/* The label of a choice the assistant offered lately, or NULL. */
static char *
conv_choice_label(unsigned long long id, const char *value)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*extra, *choices, *ch;
	char		*label = NULL;
	size_t		 i;

	if ((res = db_query("SELECT extra FROM messages WHERE conversation_id ="
	    " %llu AND sender = 'assistant' AND extra IS NOT NULL ORDER BY id "
	    "DESC LIMIT 5", id)) == NULL)
		return NULL;
	while (label == NULL && (row = mysql_fetch_row(res)) != NULL) {
		extra = util_json_parse(row[0], strlen(row[0]));
		if (extra != NULL &&
		    json_object_object_get_ex(extra, "choices", &choices))
			for (i = 0; label == NULL &&
			    i < json_object_array_length(choices); i++) {
				ch = json_object_array_get_idx(choices, i);
				if (strcmp(util_json_str(ch, "value", NULL) ?
				    util_json_str(ch, "value", NULL) : "",
				    value) == 0)
					label = strdup(util_json_str(ch,
					    "label", NULL));
			}
		json_object_put(extra);
	}
	mysql_free_result(res);
	return label;
}

/* The patient's message as stored: the text, the chosen label, or the
 * form's values. */
static int
conv_patient_text(const struct conv *cv, const struct conv_input *in,
    struct buf *b)
{
	char	*label;

	if (in->text != NULL)
		return buf_add(b, in->text, in->text_len);
	if (in->choice != NULL) {
		label = conv_choice_label(cv->id, in->choice);
		buf_addstr(b, label != NULL ? label : "(choice)");
		free(label);
		return 0;
	}
	json_object_object_foreach(in->form, key, val) {
		(void)key;
		if (b->len > 0)
			buf_addstr(b, " · ");
		buf_addstr(b, json_object_get_string(val));
	}
	return 0;
}

struct conv_post {
	struct clinic		*c;		/* set by admit */
	struct conv		 cv;
	const char		*token;
	struct conv_input	*in;		/* completed by admit */
	const struct conv_admit	*admit;
	time_t			 now;
	int			 replay;
	int			 refused;	/* 401, or admit's answer */
	json_object		*answer;
	json_object		*msgs;		/* stored by this turn */
	unsigned long long	 ids[TURN_REPLIES_MAX + 1];	/* theirs */
	char			*state_read;	/* the state as locked */
};

/*
 * Locks the conversation for the turn and checks the token on the row
 * read: fills p->cv and returns its state, or NULL with p->refused set
 * (401) or on a failure.  The clinic's row is not locked: turns of one
 * clinic do not wait for each other.
 */
static json_object *
conv_lock(struct conv_post *p)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*state = NULL;
	char		*plain = NULL;
	int		 rc;

	if ((res = db_query("SELECT " CONV_AUTH_COLUMNS ", c.state FROM "
	    CONV_AUTH_FROM " WHERE c.id = %llu FOR UPDATE", p->cv.id)) == NULL)
		return NULL;
	row = mysql_fetch_row(res);
	if ((rc = conv_auth_row(row, p->cv.id, p->token, &p->cv)) == 0 &&
	    (plain = secret_open_dup("conversations.state",
	    row[CONV_AUTH_NCOLUMNS], mysql_fetch_lengths(res)
	    [CONV_AUTH_NCOLUMNS])) != NULL)
		state = util_json_parse(plain, strlen(plain));
	mysql_free_result(res);
	if (rc == 1)
		p->refused = 401;
	if (rc != 0 || plain == NULL) {
		free(plain);
		return NULL;
	}
	free(p->state_read);
	p->state_read = plain;
	if (state == NULL || !json_object_is_type(state, json_type_object)) {
		json_object_put(state);
		state = json_object_new_object();
	}
	return state;
}

static int
conv_store_replies(struct conv_post *p, const struct turn *t,
    int *emergency, int *booked)
{
	const struct reply	*r;
	json_object		*extra;
	struct conv_msg		 f;
	int			 i, rc;

	for (i = 0; i < t->nreplies; i++) {
		r = &t->replies[i];
		extra = json_object_new_object();
		if (r->choices)
			json_object_object_add(extra, "choices",
			    json_object_get(r->choices));
		if (r->form)
			json_object_object_add(extra, "form",
			    json_object_get(r->form));
		if (r->booking)
			json_object_object_add(extra, "booking",
			    json_object_get(r->booking));
		if (r->links)
			json_object_object_add(extra, "links",
			    json_object_get(r->links));
		memset(&f, 0, sizeof(f));
		f.sender = "assistant";
		f.text = r->text;
		f.len = strlen(r->text);
		f.lang = r->lang;
		f.extra = extra;
		f.emergency = r->emergency;
		f.created = p->now;
		rc = conv_store(p->cv.id, p->c->id, &f, &p->ids[i + 1],
		    p->msgs);
		json_object_put(extra);
		if (rc == -1)
			return -1;
		*emergency |= r->emergency;
		*booked |= r->booking != NULL;
	}
	return 0;
}

static int
conv_store_events(const struct conv_post *p, const struct turn *t)
{
	json_object	*e;
	size_t		 i;

	for (i = 0; i < json_object_array_length(t->events); i++) {
		e = json_object_array_get_idx(t->events, i);
		if (db_defer("INSERT INTO events (clinic_id, conversation_id, "
		    "type, topic, language, after_hours, created_at) VALUES "
		    "(%s, %llu, %s, %s, %s, %d, %t)", p->c->id, p->cv.id,
		    util_json_str(e, "type", NULL),
		    util_json_str(e, "topic", NULL), t->lang, t->after_hours,
		    p->now) == -1)
			return -1;
	}
	return 0;
}

/*
 * A question the engine could not answer becomes a knowledge gap, linked
 * to the patient's message: the conversation's last from the patient,
 * as the turn holds the conversation's lock.
 */
static int
conv_store_gaps(const struct conv_post *p, const struct turn *t,
    const struct buf *question)
{
	json_object	*e;
	const char	*type;
	struct buf	 sealed;
	size_t		 i;
	int		 rc;

	if (p->in->text == NULL)
		return 0;
	for (i = 0; i < json_object_array_length(t->events); i++) {
		e = json_object_array_get_idx(t->events, i);
		type = util_json_str(e, "type", NULL);
		if (type == NULL || strcmp(type, "unanswered") != 0)
			continue;
		buf_init(&sealed, REQ_BODY_MAX * 4);
		rc = secret_seal("knowledge_gaps.question", question->data,
		    question->len, &sealed);
		if (rc == 0 && db_defer("INSERT INTO knowledge_gaps "
		    "(clinic_id, conversation_id, message_id, question, "
		    "language, topic, created_at) VALUES (%s, %llu, (SELECT "
		    "MAX(id) FROM messages WHERE conversation_id = %llu AND "
		    "sender = 'patient'), %S, %s, %s, %t)", p->c->id, p->cv.id,
		    p->cv.id, sealed.data, sealed.len, t->lang,
		    util_json_str(e, "topic", NULL), p->now) == -1)
			rc = -1;
		buf_release(&sealed);
		if (rc == -1)
			return -1;
	}
	return 0;
}

/*
 * The state holds form values and the LLM's history: sealed whole, and
 * written only when the turn changed it (many questions do not).
 */
static int
conv_save_state(const struct conv_post *p, const struct turn *t,
    int emergency, int booked)
{
	const char	*plain;
	char		*sealed;
	long long	 rc;

	plain = json_object_to_json_string_ext(t->state,
	    JSON_C_TO_STRING_PLAIN);
	if (p->state_read != NULL && strcmp(plain, p->state_read) == 0)
		return db_defer("UPDATE conversations SET language = %s, "
		    "emergency = emergency OR %d, booked = booked OR %d, "
		    "updated_at = %t WHERE id = %llu", t->lang, emergency,
		    booked, p->now, p->cv.id) == -1 ? -1 : 0;
	if (secret_seal_str("conversations.state", plain, &sealed) == -1)
		return -1;
	rc = db_defer("UPDATE conversations SET state = IFNULL(%s, '{}'), "
	    "language = %s, emergency = emergency OR %d, booked = booked OR "
	    "%d, updated_at = %t WHERE id = %llu", sealed, t->lang, emergency,
	    booked, p->now, p->cv.id);
	free(sealed);
	return rc == -1 ? -1 : 0;
}

/*
 * What a retried request is answered with: the messages this turn
 * stored, from the patient's (the conversation's last from the patient)
 * to the conversation's last, as the turn holds its lock.
 */
static int
conv_save_replay(const struct conv_post *p)
{
	return db_defer("UPDATE idempotency_keys SET status = 200, first_id = "
	    "(SELECT MAX(id) FROM messages WHERE conversation_id = %llu AND "
	    "sender = 'patient'), last_id = (SELECT MAX(id) FROM messages "
	    "WHERE conversation_id = %llu) WHERE conversation_id = %llu AND "
	    "idem_key = %s", p->cv.id, p->cv.id, p->cv.id,
	    p->in->idem_key) == -1 ? -1 : 0;
}

/* Stores the replies, the events, the state and what a retry is
 * answered with: all sent with the COMMIT. */
static int
conv_finish_turn(struct conv_post *p, struct turn *t,
    const struct buf *question)
{
	int	 emergency = 0, booked = 0;

	if (conv_store_replies(p, t, &emergency, &booked) == -1 ||
	    conv_store_events(p, t) == -1 ||
	    conv_store_gaps(p, t, question) == -1 ||
	    conv_save_state(p, t, emergency, booked) == -1)
		return -1;
	if (p->in->idem_key != NULL && conv_save_replay(p) == -1)
		return -1;
	return 0;
}

static int
conv_post_txn(void *arg)
{
	struct conv_post	*p = arg;
	struct turn		 t;
	struct buf		 text;
	struct conv_msg		 f;
	int			 rc = -1;

	json_object_put(p->answer);
	p->answer = NULL;
	json_object_put(p->msgs);
	p->msgs = json_object_new_array();
	memset(p->ids, 0, sizeof(p->ids));
	p->refused = 0;
	buf_init(&text, REQ_BODY_MAX);
	if (turn_init(&t) == -1)
		return -1;
	/* A retried request's key is already there: the INSERT fails with a
	 * duplicate key, reported by the locking read it is sent with. */
	if (p->in->idem_key != NULL && db_defer("INSERT INTO idempotency_keys "
	    "(conversation_id, idem_key, request_hash, created_at) VALUES "
	    "(%llu, %s, %s, %t)", p->cv.id, p->in->idem_key,
	    p->in->request_hash, p->now) == -1)
		goto out;
	if ((t.state = conv_lock(p)) == NULL) {
		p->replay = p->in->idem_key != NULL &&
		    db_errno() == DB_ER_DUP_ENTRY;
		goto out;
	}
	if ((p->refused = p->admit->fn(p->admit->arg, &p->cv, &p->c,
	    p->in)) != 0)
		goto out;
	conv_patient_text(&p->cv, p->in, &text);
	snprintf(t.lang, sizeof(t.lang), "%s", p->cv.language);
	memset(&f, 0, sizeof(f));
	f.sender = "patient";
	f.text = text.data ? text.data : "";
	f.len = text.len;
	f.lang = p->cv.language;
	f.created = p->now;
	if (conv_store(p->cv.id, p->c->id, &f, &p->ids[0], p->msgs) == -1)
		goto out;
	t.clinic = p->c;
	t.conversation = p->cv.id;
	t.text = p->in->text;
	t.text_len = p->in->text_len;
	t.choice = p->in->choice;
	t.form = p->in->form;
	t.now = p->now;
	t.after_hours = !hours_open_at(p->c, p->now);
	if (engine_run(&t, strcmp(p->cv.status, "bot") != 0) == -1 ||
	    conv_finish_turn(p, &t, &text) == -1)
		goto out;
	rc = 0;
out:
	json_object_put(t.state);
	turn_release(&t);
	buf_release(&text);
	return rc;
}

/* The answer of a retried request: its first try's messages, or the
 * answer kept whole by versions before first_id. */
static int
conv_replay(const struct conv *cv, const struct conv_input *in,
    json_object **answer)
{
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	json_object		*msgs;
	char			*plain;
	unsigned long long	 first = 0, last = 0, got;
	int			 status = -1, rows = 0;

	if ((res = db_query("SELECT request_hash, status, answer, first_id, "
	    "last_id FROM idempotency_keys WHERE conversation_id = %llu AND "
	    "idem_key = %s", cv->id, in->idem_key)) == NULL)
		return -1;
	row = mysql_fetch_row(res);
	if (row != NULL && strcmp(row[0], in->request_hash) != 0) {
		status = 409;
		*answer = NULL;
	} else if (row != NULL && row[2] != NULL) {
		if ((plain = secret_open_dup("idempotency_keys.answer",
		    row[2], strlen(row[2]))) != NULL) {
			status = atoi(row[1]);
			*answer = util_json_parse(plain, strlen(plain));
			free(plain);
		}
	} else if (row != NULL && row[3] != NULL && row[4] != NULL) {
		rows = 1;
		status = atoi(row[1]);
		first = strtoull(row[3], NULL, 10);
		last = strtoull(row[4], NULL, 10);
	}
	mysql_free_result(res);
	if (!rows)
		return status;
	if ((res = db_query("SELECT " CONV_MESSAGE_COLUMNS " FROM messages "
	    "WHERE conversation_id = %llu AND id BETWEEN %llu AND %llu "
	    "ORDER BY id", cv->id, first, last)) == NULL)
		return -1;
	msgs = conv_message_rows(res, mysql_fetch_row(res), 0, &got);
	mysql_free_result(res);
	if (msgs == NULL)
		return -1;
	*answer = json_object_new_object();
	json_object_object_add(*answer, "messages", msgs);
	json_object_object_add(*answer, "last_id",
	    json_object_new_int64((int64_t)last));
	return 200;
}

int
conv_turn(unsigned long long id, const char *token, struct conv_input *in,
    time_t now, const struct conv_admit *admit, struct clinic **c,
    json_object **answer)
{
	struct conv_post	 p;
	size_t			 n;
	int			 rc;

	*answer = NULL;
	*c = NULL;
	if (token == NULL || strlen(token) != CONV_TOKEN_LEN)
		return 401;
	memset(&p, 0, sizeof(p));
	p.cv.id = id;
	p.token = token;
	p.in = in;
	p.admit = admit;
	p.now = now;
	llm_turn_memo_begin();
	rc = db_txn(conv_post_txn, &p);
	llm_turn_memo_end();
	*c = p.c;
	/* The answer is what the turn stored, as a read would give it,
	 * with the ids the COMMIT brought back. */
	if (rc == 0 && (rc = conv_set_ids(p.msgs, p.ids)) == 0) {
		n = json_object_array_length(p.msgs);
		p.answer = json_object_new_object();
		json_object_object_add(p.answer, "messages",
		    json_object_get(p.msgs));
		json_object_object_add(p.answer, "last_id",
		    json_object_new_int64((int64_t)p.ids[n - 1]));
	}
	json_object_put(p.msgs);
	free(p.state_read);
	if (rc == 0) {
		*answer = p.answer;
		/* Confirmations and alerts the turn queued go out now; what
		 * fails here is retried by frontdesk dispatch. */
		notify_flush();
		return 200;
	}
	json_object_put(p.answer);
	if (p.refused != 0)
		return p.refused == 401 ? 401 : CONV_REFUSED;
	if (!p.replay)
		return -1;
	/* A retry: the same checks as a first try, then its first answer. */
	if ((rc = conv_auth(id, token, &p.cv)) != 0)
		return rc == 1 ? 401 : -1;
	if (admit->fn(admit->arg, &p.cv, c, in) != 0)
		return CONV_REFUSED;
	log_info("conversation %llu: retried request answered again", id);
	return conv_replay(&p.cv, in, answer);
}
