/*
 * Conversations in the admin API: the list with its filters, one
 * conversation with its messages, and the staff's take-over, reply and
 * hand-back.  Each view and change is written to the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "clock.h"
#include "conv.h"
#include "db.h"
#include "handlers.h"
#include "i18n.h"
#include "limits.h"
#include "log.h"
#include "secret.h"
#include "util.h"

#define ADMIN_LIVE_SECONDS	1800	/* a conversation is live this long */
#define ADMIN_RECENT_SECONDS	(7 * 86400)
#define ADMIN_LIST_MAX		200
#define ADMIN_MESSAGES_MAX	500

static json_object *
h_bool(const char *s)
{
	return json_object_new_boolean(s != NULL && s[0] == '1');
}

static json_object *
h_time(const char *s)
{
	char	 when[32];

	if (s == NULL)
		return NULL;
	clock_format_utc(db_time(s), when, sizeof(when));
	return json_object_new_string(when);
}

/* Columns: id, clinic, status, waiting, emergency, booked, after_hours,
 * language, created, updated, messages, open callbacks. */
#define H_CONV_COLUMNS "c.id, c.clinic_id, c.status, c.waiting_staff, " \
	"c.emergency, c.booked, c.after_hours, c.language, c.created_at, " \
	"c.updated_at, (SELECT COUNT(*) FROM messages m WHERE " \
	"m.conversation_id = c.id), (SELECT COUNT(*) FROM callbacks k " \
	"WHERE k.conversation_id = c.id AND k.done_at IS NULL)"

static json_object *
h_conv_row(MYSQL_ROW row, time_t now)
{
	json_object	*o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(
	    strtoll(row[0], NULL, 10)));
	json_object_object_add(o, "clinic", json_object_new_string(row[1]));
	json_object_object_add(o, "status", json_object_new_string(row[2]));
	json_object_object_add(o, "waiting_staff", h_bool(row[3]));
	json_object_object_add(o, "emergency", h_bool(row[4]));
	json_object_object_add(o, "booked", h_bool(row[5]));
	json_object_object_add(o, "after_hours", h_bool(row[6]));
	json_object_object_add(o, "language", json_object_new_string(row[7]));
	json_object_object_add(o, "created_at", h_time(row[8]));
	json_object_object_add(o, "updated_at", h_time(row[9]));
	json_object_object_add(o, "live", json_object_new_boolean(
	    strcmp(row[2], "closed") != 0 &&
	    db_time(row[9]) >= now - ADMIN_LIVE_SECONDS));
	json_object_object_add(o, "messages", json_object_new_int(
	    atoi(row[10])));
	json_object_object_add(o, "callbacks", json_object_new_int(
	    atoi(row[11])));
	return o;
}

struct h_conv_filter {
	int		 waiting, emergency, booked;
	const char	*language;
	time_t		 since;
};

/* Reads filter=waiting|emergency|booked, language= and scope=. */
static int
h_conv_filter(struct req *r, struct h_conv_filter *f, char *lang,
    size_t langsz, time_t now)
{
	char		 buf[32];
	const char	*v;

	memset(f, 0, sizeof(*f));
	if ((v = req_query(r, "filter", buf, sizeof(buf))) != NULL) {
		f->waiting = strcmp(v, "waiting") == 0;
		f->emergency = strcmp(v, "emergency") == 0;
		f->booked = strcmp(v, "booked") == 0;
		if (!f->waiting && !f->emergency && !f->booked && *v != '\0')
			return req_error(r, 400, "bad_request", "filter must "
			    "be waiting, emergency or booked");
	}
	if ((f->language = req_query(r, "language", lang, langsz)) != NULL &&
	    *f->language == '\0')
		f->language = NULL;
	if (f->language != NULL && (strlen(f->language) != 2 ||
	    strspn(f->language, "abcdefghijklmnopqrstuvwxyz") != 2))
		return req_error(r, 400, "bad_request",
		    "language must be an ISO 639-1 code");
	v = req_query(r, "scope", buf, sizeof(buf));
	if (v != NULL && strcmp(v, "live") != 0 && strcmp(v, "recent") != 0)
		return req_error(r, 400, "bad_request",
		    "scope must be live or recent");
	f->since = now - (v != NULL && strcmp(v, "live") == 0 ?
	    ADMIN_LIVE_SECONDS : ADMIN_RECENT_SECONDS);
	return 0;
}

int
h_admin_conversations(struct req *r)
{
	struct staff		 s;
	struct h_conv_filter	 f;
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	json_object		*arr, *o;
	const char		*clinic;
	char			 buf[80], lang[8];
	time_t			 now = clock_now();
	int			 rc;

	if ((rc = admin_auth(r, &s, 0)) != 0)
		return rc;
	if ((clinic = admin_clinic(r, &s, admin_query_clinic(r, buf,
	    sizeof(buf)))) == NULL)
		return r->status;
	if ((rc = h_conv_filter(r, &f, lang, sizeof(lang), now)) != 0)
		return rc;
	if ((res = db_query("SELECT " H_CONV_COLUMNS " FROM conversations c "
	    "WHERE c.clinic_id = %s AND c.updated_at >= %t AND (%d = 0 OR "
	    "c.waiting_staff = 1) AND (%d = 0 OR c.emergency = 1) AND (%d = 0 "
	    "OR c.booked = 1) AND (%s IS NULL OR c.language = %s) ORDER BY "
	    "c.waiting_staff DESC, c.emergency DESC, c.updated_at DESC, c.id "
	    "DESC LIMIT %d", clinic, f.since, f.waiting, f.emergency, f.booked,
	    f.language, f.language, ADMIN_LIST_MAX)) == NULL)
		return admin_db_down(r);
	arr = json_object_new_array();
	while ((row = mysql_fetch_row(res)) != NULL)
		json_object_array_add(arr, h_conv_row(row, now));
	mysql_free_result(res);
	o = json_object_new_object();
	json_object_object_add(o, "clinic", json_object_new_string(clinic));
	json_object_object_add(o, "conversations", arr);
	return req_answer(r, 200, o);
}

static json_object *
h_conv_callbacks(unsigned long long id)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*arr, *o;
	char		 phone[64];

	if ((res = db_query("SELECT id, phone, created_at, done_at FROM "
	    "callbacks WHERE conversation_id = %llu ORDER BY id", id)) == NULL)
		return NULL;
	arr = json_object_new_array();
	while ((row = mysql_fetch_row(res)) != NULL) {
		if (secret_open_str("callbacks.phone", row[1], phone,
		    sizeof(phone)) == -1) {
			json_object_put(arr);
			arr = NULL;
			break;
		}
		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(
		    strtoll(row[0], NULL, 10)));
		json_object_object_add(o, "phone", json_object_new_string(
		    phone));
		json_object_object_add(o, "created_at", h_time(row[2]));
		json_object_object_add(o, "done_at", h_time(row[3]));
		json_object_array_add(arr, o);
	}
	mysql_free_result(res);
	return arr;
}

static json_object *
h_conv_meta(unsigned long long id, time_t now)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*o = NULL;

	if ((res = db_query("SELECT " H_CONV_COLUMNS " FROM conversations c "
	    "WHERE c.id = %llu", id)) == NULL)
		return NULL;
	if ((row = mysql_fetch_row(res)) != NULL)
		o = h_conv_row(row, now);
	mysql_free_result(res);
	return o;
}

int
h_admin_conversation(struct req *r)
{
	struct staff		 s;
	unsigned long long	 id, after = 0, last;
	json_object		*o, *meta, *msgs, *cbs;
	const char		*v;
	char			 clinic[65], status[16], buf[32];
	time_t			 now = clock_now();
	int			 rc;

	if ((rc = admin_auth(r, &s, 0)) != 0)
		return rc;
	if ((id = admin_conv(r, &s, clinic, status)) == 0)
		return r->status;
	if ((v = req_query(r, "after", buf, sizeof(buf))) != NULL &&
	    (after = admin_parse_id(v)) == 0 && strcmp(v, "0") != 0)
		return req_error(r, 400, "bad_request",
		    "after must be a message id");
	/* Opening the conversation is the view; its polls continue it. */
	if (after == 0 && audit_add(&s, clinic, "view_conversation", id, NULL,
	    r->remote_addr, now) == -1)
		return admin_db_down(r);
	if ((meta = h_conv_meta(id, now)) == NULL)
		return admin_db_down(r);
	msgs = conv_messages_after(id, after, ADMIN_MESSAGES_MAX, &last);
	cbs = h_conv_callbacks(id);
	if (msgs == NULL || cbs == NULL) {
		json_object_put(meta);
		json_object_put(msgs);
		json_object_put(cbs);
		return admin_db_down(r);
	}
	o = json_object_new_object();
	json_object_object_add(o, "conversation", meta);
	json_object_object_add(o, "messages", msgs);
	json_object_object_add(o, "last_id", json_object_new_int64(
	    (int64_t)last));
	json_object_object_add(o, "callbacks", cbs);
	return req_answer(r, 200, o);
}

/* A change to one conversation, made in one transaction. */
struct h_conv_change {
	const struct staff	*s;
	const struct req	*r;
	unsigned long long	 id;
	const char		*clinic;
	const char		*action;	/* takeover, reply, handback */
	const char		*text;		/* the staff's reply */
	size_t			 len;
	time_t			 now;
	unsigned long long	 msg;
	int			 closed;
};

/* Posts a notice from the system in the conversation's language. */
static int
h_conv_notice(struct h_conv_change *c, const char *lang, const char *english)
{
	const char	*text = i18n_tr("staff", lang, english);

	return conv_store_message(c->id, c->clinic, "system", text,
	    strlen(text), lang, NULL, 0, c->now) == 0 ? -1 : 0;
}

static int
h_conv_set_status(struct h_conv_change *c, const char *status)
{
	return db_exec("UPDATE conversations SET status = %s, waiting_staff = "
	    "0, updated_at = %t WHERE id = %llu", status, c->now, c->id) == -1 ?
	    -1 : 0;
}

static int
h_conv_change_txn(void *arg)
{
	struct h_conv_change	*c = arg;
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	char			 status[16] = "", lang[8] = "en";

	if ((res = db_query("SELECT status, language FROM conversations WHERE "
	    "id = %llu FOR UPDATE", c->id)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		snprintf(status, sizeof(status), "%s", row[0]);
		snprintf(lang, sizeof(lang), "%s", row[1]);
	}
	mysql_free_result(res);
	if ((c->closed = strcmp(status, "closed") == 0))
		return -1;
	if (strcmp(c->action, "handback") == 0) {
		if (strcmp(status, "staff") == 0 && (h_conv_set_status(c,
		    "bot") == -1 || h_conv_notice(c, lang, "You are chatting "
		    "with the automated assistant again.") == -1))
			return -1;
	} else if (strcmp(status, "bot") == 0 && (h_conv_set_status(c,
	    "staff") == -1 || h_conv_notice(c, lang, "A member of the team "
	    "has joined the chat.") == -1))
		return -1;
	if (c->text != NULL && ((c->msg = conv_store_message(c->id, c->clinic,
	    "staff", c->text, c->len, lang, NULL, 0, c->now)) == 0 ||
	    h_conv_set_status(c, "staff") == -1))
		return -1;
	return audit_add(c->s, c->clinic, c->action, c->id, NULL,
	    c->r->remote_addr, c->now);
}

/* Checks a staff reply's text: 0, or 400 answered. */
static int
h_conv_reply_text(struct req *r, struct h_conv_change *c)
{
	json_object	*t;

	if (!json_object_object_get_ex(r->json, "text", &t) ||
	    !json_object_is_type(t, json_type_string))
		return req_error(r, 400, "bad_request", "text is required");
	c->text = util_json_str(r->json, "text", &c->len);
	if (strlen(c->text) != c->len || c->len == 0 ||
	    utf8_count(c->text, c->len) > REQ_TEXT_MAX ||
	    strspn(c->text, " \t\r\n") == c->len)
		return req_error(r, 400, "bad_request", "text must be 1 to "
		    "2,000 characters, without NUL");
	return 0;
}

static int
h_conv_change(struct req *r, const char *action)
{
	struct staff		 s;
	struct h_conv_change	 c;
	json_object		*o, *msgs;
	unsigned long long	 last;
	char			 clinic[65], status[16];
	int			 rc;

	if ((rc = admin_auth(r, &s, 1)) != 0)
		return rc;
	memset(&c, 0, sizeof(c));
	if ((c.id = admin_conv(r, &s, clinic, status)) == 0)
		return r->status;
	c.s = &s;
	c.r = r;
	c.clinic = clinic;
	c.action = action;
	c.now = clock_now();
	if (strcmp(action, "reply") == 0 &&
	    (rc = h_conv_reply_text(r, &c)) != 0)
		return rc;
	if (db_txn(h_conv_change_txn, &c) == -1)
		return c.closed ? req_error(r, 409, "conflict",
		    "the conversation is closed") : admin_db_down(r);
	log_info("conversation %llu: %s by staff %llu", c.id, action, s.id);
	msgs = c.msg != 0 ? conv_messages_after(c.id, c.msg - 1, 1, &last) :
	    json_object_new_array();
	o = json_object_new_object();
	json_object_object_add(o, "conversation", h_conv_meta(c.id, c.now));
	json_object_object_add(o, "messages", msgs);
	return req_answer(r, 200, o);
}

int
h_admin_takeover(struct req *r)
{
	return h_conv_change(r, "takeover");
}

int
h_admin_reply(struct req *r)
{
	return h_conv_change(r, "reply");
}

int
h_admin_handback(struct req *r)
{
	return h_conv_change(r, "handback");
}

static int
h_callback_done_txn(void *arg)
{
	struct h_conv_change	*c = arg;

	if (db_exec("UPDATE callbacks SET done_at = %t, done_by = %llu WHERE "
	    "id = %llu AND done_at IS NULL", c->now, c->s->id, c->msg) == -1)
		return -1;
	return audit_add(c->s, c->clinic, "callback_done", c->id, NULL,
	    c->r->remote_addr, c->now);
}

int
h_admin_callback_done(struct req *r)
{
	struct staff		 s;
	struct h_conv_change	 c;
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	char			 clinic[65] = "";
	int			 rc;

	if ((rc = admin_auth(r, &s, 1)) != 0)
		return rc;
	memset(&c, 0, sizeof(c));
	c.msg = admin_parse_id(r->params[0]);
	if ((res = db_query("SELECT clinic_id, conversation_id FROM callbacks "
	    "WHERE id = %llu", c.msg)) == NULL)
		return admin_db_down(r);
	if ((row = mysql_fetch_row(res)) != NULL && staff_may(&s, row[0])) {
		snprintf(clinic, sizeof(clinic), "%s", row[0]);
		c.id = strtoull(row[1], NULL, 10);
	}
	mysql_free_result(res);
	if (clinic[0] == '\0')
		return req_error(r, 404, "not_found", "no such call-back");
	c.s = &s;
	c.r = r;
	c.clinic = clinic;
	c.now = clock_now();
	if (db_txn(h_callback_done_txn, &c) == -1)
		return admin_db_down(r);
	return req_answer(r, 200, json_object_new_object());
}
