/*
 * The conversation endpoints of the widget API: start a conversation,
 * send a message, poll for new ones, and their CORS preflights.  The
 * turn itself is conv.c's; this file checks what comes in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "clinic.h"
#include "conf.h"
#include "conv.h"
#include "cors.h"
#include "db.h"
#include "handlers.h"
#include "limits.h"
#include "lang.h"
#include "log.h"
#include "rate.h"
#include "util.h"

#define CONV_CHOICE_MAX		256	/* bytes of a choice value */
#define CONV_FORM_FIELDS_MAX	12
#define CONV_FORM_VALUE_MAX	500	/* characters of a form value */
#define CONV_PAGE_MAX		2048
#define CONV_IDEM_MAX		128
#define CONV_POLL_LIMIT		100	/* messages in one poll answer */

static int
h_db_down(struct req *r)
{
	return req_error(r, 503, "unavailable",
	    "the service is unavailable, please try again shortly");
}

static int
h_unauthorized(struct req *r)
{
	return req_error(r, 401, "unauthorized",
	    "a valid conversation token is needed");
}

/* Counts a hit for the client's address; answers 429 when over. */
static int
h_rate_address(struct req *r, time_t now)
{
	char	 bucket[128];
	int	 wait;

	snprintf(bucket, sizeof(bucket), "a:%s", r->remote_addr);
	wait = rate_hit(bucket, (int)conf_long("rate_address_per_min"), 60,
	    now);
	if (wait == 0)
		return 0;
	snprintf(bucket, sizeof(bucket), "%d", wait);
	req_header(r, "Retry-After", bucket);
	log_info("rate limit for an address reached");
	return req_error(r, 429, "rate_limited",
	    "too many requests, please wait a moment");
}

/* Conversations started from one address in an hour: 0, or 429. */
static int
h_rate_new(struct req *r, time_t now)
{
	char	 bucket[128];
	int	 wait;

	snprintf(bucket, sizeof(bucket), "n:%s", r->remote_addr);
	wait = rate_hit(bucket, (int)conf_long(
	    "rate_new_conversations_per_hour"), 3600, now);
	if (wait == 0)
		return 0;
	snprintf(bucket, sizeof(bucket), "%d", wait);
	req_header(r, "Retry-After", bucket);
	log_info("new conversation limit for an address reached");
	return req_error(r, 429, "rate_limited",
	    "too many new conversations, please try again later");
}

static int
lang_ok(const char *s)
{
	return s != NULL && strlen(s) == 2 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz") == 2;
}

/* A member that must be a string if present: 1 ok, 0 absent, -1 bad. */
static int
h_opt_str(json_object *o, const char *key, const char **out)
{
	json_object	*v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*out = util_json_str(o, key, NULL);
	return *out != NULL ? 1 : -1;
}

int
h_conv_create(struct req *r)
{
	struct clinic	*c;
	const char	*id, *lang, *page;
	json_object	*answer;
	time_t		 now = clock_now();
	int		 rc;

	if (h_opt_str(r->json, "clinic", &id) != 1)
		return req_error(r, 400, "bad_request", "clinic is required");
	if (h_opt_str(r->json, "language", &lang) == -1 ||
	    (lang != NULL && !lang_ok(lang)))
		return req_error(r, 400, "bad_request",
		    "language must be an ISO 639-1 code");
	if (h_opt_str(r->json, "page", &page) == -1 ||
	    (page != NULL && strlen(page) > CONV_PAGE_MAX))
		return req_error(r, 400, "bad_request", "page must be a URL");
	if ((c = clinic_load(id)) == NULL)
		return db_errno() ? h_db_down(r) :
		    req_error(r, 404, "not_found", "no such clinic");
	if ((rc = cors_check(r, c)) != 0 ||
	    (rc = h_rate_address(r, now)) != 0 ||
	    (rc = h_rate_new(r, now)) != 0)
		goto out;
	/* A hint the product does not speak falls back to the clinic's. */
	if ((answer = conv_create(c, lang_supported(lang), page, now)) == NULL)
		rc = h_db_down(r);
	else
		rc = req_answer(r, 201, answer);
out:
	clinic_free(c);
	return rc;
}

/* The conversation id of the path, or 0 when it is not a number. */
static unsigned long long
h_conv_id(const struct req *r)
{
	const char	*s = r->params[0];

	if (s == NULL || *s == '\0' || strlen(s) > 19 ||
	    strspn(s, "0123456789") != strlen(s))
		return 0;
	return strtoull(s, NULL, 10);
}

/* The conversation id and bearer token of the request: 0, or 401
 * answered. */
static int
h_token(struct req *r, unsigned long long *id, const char **token)
{
	*id = h_conv_id(r);
	*token = NULL;
	if (r->auth != NULL && strncmp(r->auth, "Bearer ", 7) == 0)
		*token = r->auth + 7;
	if (*id == 0 || *token == NULL)
		return h_unauthorized(r);
	return 0;
}

/* Checks the bearer token: 0 and *cv filled, or the status answered. */
static int
h_auth(struct req *r, struct conv *cv)
{
	unsigned long long	 id;
	const char		*token;
	int			 rc;

	if ((rc = h_token(r, &id, &token)) != 0)
		return rc;
	if ((rc = conv_auth(id, token, cv)) == -1)
		return h_db_down(r);
	if (rc == 1)
		return h_unauthorized(r);
	return 0;
}

static int
h_check_text(struct req *r, struct conv_input *in)
{
	size_t	 i, n;

	in->text = util_json_str(r->json, "text", &in->text_len);
	if (strlen(in->text) != in->text_len)
		return req_error(r, 400, "bad_request",
		    "text must not contain a NUL character");
	n = utf8_count(in->text, in->text_len);
	if (n > REQ_TEXT_MAX)
		return req_error(r, 400, "bad_request",
		    "text is longer than 2,000 characters");
	for (i = 0; i < in->text_len; i++)
		if (!strchr(" \t\r\n", in->text[i]))
			return 0;
	return req_error(r, 400, "bad_request", "text is empty");
}

static int
h_check_form(struct req *r, struct conv_input *in)
{
	size_t	 n = 0, len;

	json_object_object_foreach(in->form, key, val) {
		(void)key;
		if (!json_object_is_type(val, json_type_string))
			return req_error(r, 400, "bad_request",
			    "form values must be strings");
		len = (size_t)json_object_get_string_len(val);
		if (strlen(json_object_get_string(val)) != len ||
		    utf8_count(json_object_get_string(val), len) >
		    CONV_FORM_VALUE_MAX)
			return req_error(r, 400, "bad_request",
			    "a form value is too long or holds a NUL");
		n++;
	}
	if (n == 0 || n > CONV_FORM_FIELDS_MAX)
		return req_error(r, 400, "bad_request",
		    "form must hold between 1 and 12 fields");
	return 0;
}

/* Reads exactly one of text, choice or form. */
static int
h_read_input(struct req *r, struct conv_input *in)
{
	json_object	*t, *c, *f;
	int		 n;

	memset(in, 0, sizeof(*in));
	n = json_object_object_get_ex(r->json, "text", &t) +
	    json_object_object_get_ex(r->json, "choice", &c) +
	    json_object_object_get_ex(r->json, "form", &f);
	if (n != 1)
		return req_error(r, 400, "bad_request",
		    "send exactly one of text, choice or form");
	if (json_object_object_get_ex(r->json, "text", &t)) {
		if (!json_object_is_type(t, json_type_string))
			return req_error(r, 400, "bad_request",
			    "text must be a string");
		return h_check_text(r, in);
	}
	if (json_object_object_get_ex(r->json, "choice", &c)) {
		in->choice = util_json_str(r->json, "choice", NULL);
		if (in->choice == NULL || *in->choice == '\0' ||
		    strlen(in->choice) > CONV_CHOICE_MAX)
			return req_error(r, 400, "bad_request",
			    "choice must be a value the chat offered");
		return 0;
	}
	if (!json_object_is_type(f, json_type_object))
		return req_error(r, 400, "bad_request",
		    "form must be an object");
	in->form = f;
	return h_check_form(r, in);
}

/* Nonzero when the request's Idempotency-Key is one we keep. */
static int
h_idem_ok(const char *k)
{
	return strlen(k) <= CONV_IDEM_MAX &&
	    strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_.:") == strlen(k);
}

static int
h_idem(struct req *r, struct conv_input *in, char *hash)
{
	const char	*k = r->idem_key;

	/* An empty header is no key at all. */
	if (k == NULL || *k == '\0')
		return 0;
	if (!h_idem_ok(k))
		return req_error(r, 400, "bad_request",
		    "Idempotency-Key must be 1 to 128 letters, digits or -_.:");
	util_sha256_hex(hash, r->body.data, r->body.len);
	in->idem_key = k;
	in->request_hash = hash;
	return 0;
}

/* The per-conversation message limit: 0, or 429 answered. */
static int
h_rate_conv(struct req *r, const struct conv *cv, time_t now)
{
	char	 bucket[64];
	int	 wait;

	snprintf(bucket, sizeof(bucket), "c:%llu", cv->id);
	wait = rate_hit(bucket, (int)conf_long("rate_conversation_per_min"),
	    60, now);
	if (wait == 0)
		return 0;
	snprintf(bucket, sizeof(bucket), "%d", wait);
	req_header(r, "Retry-After", bucket);
	log_info("conversation %llu: message rate limit reached", cv->id);
	return req_error(r, 429, "rate_limited",
	    "too many messages, please wait a moment");
}

struct h_admit {
	struct req	*r;
	time_t		 now;
	char		 hash[65];
	size_t		 headers;	/* length of r->headers before */
	int		 rc;		/* the answer given when refused */
};

/*
 * The checks of a message, in the order of their answers, once the
 * conversation's token is known right: the origin, the body, the key,
 * the limits.  0, or the status answered.
 */
static int
h_admit(void *arg, const struct conv *cv, struct clinic **c,
    struct conv_input *in)
{
	struct h_admit	*a = arg;
	struct req	*r = a->r;
	int		 rc;

	/* A transaction retried runs the checks again: their headers
	 * (CORS) are set once. */
	r->headers.len = a->headers;
	if (r->headers.data != NULL)
		r->headers.data[a->headers] = '\0';
	clinic_free(*c);
	if ((*c = clinic_load_recent(cv->clinic_id)) == NULL)
		rc = h_db_down(r);
	else if ((rc = cors_check(r, *c)) == 0 &&
	    (rc = h_read_input(r, in)) == 0 &&
	    (rc = h_idem(r, in, a->hash)) == 0 &&
	    (rc = h_rate_address(r, a->now)) == 0)
		rc = h_rate_conv(r, cv, a->now);
	return a->rc = rc;
}

/*
 * A patient's message.  The token is checked on the conversation's row
 * as the turn locks it, and the other checks run then (h_admit): a
 * turn is one round trip fewer than a check before it.
 */
int
h_conv_post(struct req *r)
{
	struct h_admit		 a;
	struct conv_admit	 admit = { h_admit, &a };
	struct conv_input	 in;
	struct clinic		*c;
	unsigned long long	 id;
	json_object		*answer;
	const char		*token;
	int			 rc;

	if ((rc = h_token(r, &id, &token)) != 0)
		return rc;
	memset(&a, 0, sizeof(a));
	a.r = r;
	a.now = clock_now();
	a.headers = r->headers.len;
	memset(&in, 0, sizeof(in));
	/* The key goes in with the turn; a bad one is refused by h_admit
	 * in its turn among the checks. */
	if (r->idem_key != NULL && *r->idem_key != '\0' &&
	    h_idem_ok(r->idem_key)) {
		util_sha256_hex(a.hash, r->body.data, r->body.len);
		in.idem_key = r->idem_key;
		in.request_hash = a.hash;
	}
	rc = conv_turn(id, token, &in, a.now, &admit, &c, &answer);
	if (rc == -1)
		rc = h_db_down(r);
	else if (rc == 401)
		rc = h_unauthorized(r);
	else if (rc == CONV_REFUSED)
		rc = a.rc;
	else if (rc == 409)
		rc = req_error(r, 409, "conflict", "this Idempotency-Key was "
		    "used for another request");
	else
		rc = req_answer(r, rc, answer);
	clinic_free(c);
	return rc;
}

/* The after parameter of a poll: 0 (and *after), or 400 answered (after
 * the token check, so that a stranger learns nothing). */
static int
h_poll_after(struct req *r, unsigned long long *after)
{
	struct conv	 cv;
	const char	*s;
	char		 buf[32];
	int		 rc;

	*after = 0;
	if ((s = req_query(r, "after", buf, sizeof(buf))) == NULL)
		return 0;
	if (*s != '\0' && strlen(s) <= 19 &&
	    strspn(s, "0123456789") == strlen(s)) {
		*after = strtoull(s, NULL, 10);
		return 0;
	}
	if ((rc = h_auth(r, &cv)) != 0)
		return rc;
	return req_error(r, 400, "bad_request", "after must be a message id");
}

/* A poll costs one statement; its rate is limited per address by the
 * web server (see conf/nginx.conf.example), not in the database. */
int
h_conv_poll(struct req *r)
{
	struct conv		 cv;
	struct clinic		*c;
	unsigned long long	 id, after, last;
	json_object		*msgs, *o;
	const char		*token;
	int			 rc;

	if ((rc = h_token(r, &id, &token)) != 0 ||
	    (rc = h_poll_after(r, &after)) != 0)
		return rc;
	rc = conv_poll(id, token, after, CONV_POLL_LIMIT, &cv, &msgs, &last);
	if (rc == -1)
		return h_db_down(r);
	if (rc == 1)
		return h_unauthorized(r);
	if ((c = clinic_load_recent(cv.clinic_id)) == NULL) {
		json_object_put(msgs);
		return h_db_down(r);
	}
	if (r->origin != NULL && cors_allowed(c, r->origin))
		cors_check(r, c);
	clinic_free(c);
	o = json_object_new_object();
	json_object_object_add(o, "messages", msgs);
	json_object_object_add(o, "last_id", json_object_new_int64(
	    (int64_t)last));
	json_object_object_add(o, "poll_ms", json_object_new_int(
	    (int)conf_long("poll_ms")));
	req_header(r, "Cache-Control", "no-store");
	return req_answer(r, 200, o);
}

int
h_conv_options(struct req *r)
{
	struct conv	 cv;
	struct clinic	*c = NULL;
	unsigned long long id;
	char		*clinic;
	int		 rc;

	(void)cv;
	if (r->nparams == 0)
		return cors_preflight(r, NULL);
	if ((id = h_conv_id(r)) == 0)
		return req_error(r, 404, "not_found", "no such conversation");
	clinic = db_value("SELECT clinic_id FROM conversations WHERE id = %llu",
	    id);
	if (clinic != NULL)
		c = clinic_load(clinic);
	free(clinic);
	if (c == NULL)
		return req_error(r, 404, "not_found", "no such conversation");
	rc = cors_preflight(r, c);
	clinic_free(c);
	return rc;
}
