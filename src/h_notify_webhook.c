/*
 * Webhooks of the messaging providers: WhatsApp Cloud API (GET
 * verification, POST events signed with X-Hub-Signature-256) and Twilio
 * (POST form signed with X-Twilio-Signature over the CONFIGURED public
 * URL, B20).  A bad signature gets 403 and nothing is stored.  Delivery
 * statuses go to the outbox row; a patient's message is stored once per
 * provider id (a redelivery changes nothing) for staff to read.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "db.h"
#include "handlers.h"
#include "limits.h"
#include "log.h"
#include "notify_int.h"
#include "secret.h"

#define WEBHOOK_PARAMS_MAX	64
#define WEBHOOK_TEXT_MAX	4096	/* bytes of an inbound text kept */
#define WEBHOOK_EVENTS_MAX	100	/* statuses or messages of one array */

static int
h_forbidden(struct req *r)
{
	log_warn("webhook with a bad or missing signature refused");
	return req_error(r, 403, "forbidden", "bad signature");
}

/* Records a delivery status against the outbox row; never goes back
 * (a late "delivered" does not undo "read"). */
static int
h_delivery(const char *provider_id, const char *status)
{
	static const char *const map[][2] = {
		{ "sent", "sent" }, { "delivered", "delivered" },
		{ "read", "read" }, { "failed", "failed" },
		{ "undelivered", "failed" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(status, map[i][0]) == 0)
			break;
	if (provider_id == NULL || i == sizeof(map) / sizeof(map[0]))
		return 0;
	return db_exec("UPDATE notify_outbox SET delivery = %s WHERE "
	    "provider_id = %s AND COALESCE(FIELD(delivery, 'sent', 'delivered',"
	    " 'read', 'failed'), 0) < FIELD(%s, 'sent', 'delivered', 'read', "
	    "'failed')", map[i][1], provider_id, map[i][1]) == -1 ? -1 : 0;
}

/* Stores a patient's message once per provider message id, sealed; the
 * clinic is the one that last wrote to the number. */
static int
h_inbound(const char *provider, const char *msgid, const char *phone,
    const char *text)
{
	char	 clean[WEBHOOK_TEXT_MAX + 1], hash[SECRET_INDEX_HEX];
	char	 from[SECRET_INDEX_HEX];
	char	*clinic = NULL, *sphone = NULL, *stext = NULL;
	int	 rc = -1;

	if (msgid == NULL || !notify_phone_mobile(phone) ||
	    strlen(msgid) > 190)
		return 0;
	snprintf(clean, sizeof(clean), "%s", text != NULL ? text : "");
	notify_clean(clean, sizeof(clean), clean);
	if (secret_index("notify_outbox.recipient", phone, hash) == -1 ||
	    secret_index("notify_inbound.from_phone", phone, from) == -1 ||
	    secret_seal_str("notify_inbound.from_phone", phone, &sphone) == -1
	    || secret_seal_str("notify_inbound.text", clean, &stext) == -1)
		goto out;
	clinic = db_value("SELECT clinic_id FROM notify_outbox WHERE "
	    "recipient_hash = %s ORDER BY id DESC LIMIT 1", hash);
	if (db_exec("INSERT INTO notify_inbound (clinic_id, provider, "
	    "provider_msg_id, from_phone, from_hash, text, received_at) VALUES "
	    "(%s, %s, %s, %s, %s, IFNULL(%s, ''), %t) ON DUPLICATE KEY UPDATE "
	    "id = id", clinic, provider, msgid, sphone, from, stext,
	    clock_now()) == -1)
		goto out;
	log_info("inbound %s message stored", provider);
	rc = 0;
out:
	free(clinic);
	free(sphone);
	free(stext);
	return rc;
}

int
h_webhook_whatsapp_verify(struct req *r)
{
	char	 mode[32], token[256], challenge[160], want[256];

	if (req_query(r, "hub.mode", mode, sizeof(mode)) == NULL ||
	    req_query(r, "hub.verify_token", token, sizeof(token)) == NULL ||
	    req_query(r, "hub.challenge", challenge, sizeof(challenge)) ==
	    NULL || strcmp(mode, "subscribe") != 0 ||
	    notify_secret("whatsapp_verify_token_file", want,
	    sizeof(want)) == -1 || util_ct_cmp(token, want) != 0)
		return h_forbidden(r);
	if (strspn(challenge, "0123456789abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.") != strlen(challenge))
		return req_error(r, 400, "bad_request", "bad challenge");
	return req_answer_raw(r, 200, "text/plain", challenge,
	    strlen(challenge));
}

/* X-Hub-Signature-256: "sha256=" + HMAC-SHA256(app secret, raw body). */
static int
h_whatsapp_signed(struct req *r)
{
	const char	*sig = req_env(r, "HTTP_X_HUB_SIGNATURE_256");
	char		 secret[256], mac[65];

	if (sig == NULL || strncmp(sig, "sha256=", 7) != 0 ||
	    notify_secret("whatsapp_app_secret_file", secret,
	    sizeof(secret)) == -1)
		return 0;
	notify_hmac_hex256(secret, strlen(secret), r->body.data ?
	    r->body.data : "", r->body.len, mac);
	return util_ct_cmp(mac, sig + 7) == 0;
}

static int
h_whatsapp_value(json_object *value)
{
	json_object	*arr, *m, *text;
	char		 phone[40];
	const char	*from, *body;
	size_t		 i;

	if (json_object_object_get_ex(value, "statuses", &arr))
		for (i = 0; i < json_object_array_length(arr) &&
		    i < WEBHOOK_EVENTS_MAX; i++) {
			m = json_object_array_get_idx(arr, i);
			if (h_delivery(util_json_str(m, "id", NULL),
			    util_json_str(m, "status", NULL) ?
			    util_json_str(m, "status", NULL) : "") == -1)
				return -1;
		}
	if (!json_object_object_get_ex(value, "messages", &arr))
		return 0;
	for (i = 0; i < json_object_array_length(arr) &&
	    i < WEBHOOK_EVENTS_MAX; i++) {
		m = json_object_array_get_idx(arr, i);
		from = util_json_str(m, "from", NULL);
		body = NULL;
		if (json_object_object_get_ex(m, "text", &text))
			body = util_json_str(text, "body", NULL);
		snprintf(phone, sizeof(phone), "+%s", from ? from : "");
		if (h_inbound("whatsapp", util_json_str(m, "id", NULL), phone,
		    body != NULL ? body : "[not text]") == -1)
			return -1;
	}
	return 0;
}

/* entry[].changes[].value, each in turn. */
static int
h_whatsapp_events(json_object *o)
{
	json_object	*entries, *changes, *value;
	size_t		 i, j;

	if (!json_object_object_get_ex(o, "entry", &entries) ||
	    !json_object_is_type(entries, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(entries) &&
	    i < WEBHOOK_EVENTS_MAX; i++) {
		if (!json_object_object_get_ex(json_object_array_get_idx(
		    entries, i), "changes", &changes) ||
		    !json_object_is_type(changes, json_type_array))
			continue;
		for (j = 0; j < json_object_array_length(changes) &&
		    j < WEBHOOK_EVENTS_MAX; j++)
			if (json_object_object_get_ex(json_object_array_get_idx(
			    changes, j), "value", &value) &&
			    h_whatsapp_value(value) == -1)
				return -1;
	}
	return 0;
}

int
h_webhook_whatsapp(struct req *r)
{
	json_object	*o;
	int		 rc;

	if (!h_whatsapp_signed(r))
		return h_forbidden(r);
	o = util_json_parse(r->body.data ? r->body.data : "", r->body.len);
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return req_error(r, 400, "bad_request", "not a JSON object");
	}
	rc = h_whatsapp_events(o);
	json_object_put(o);
	if (rc == -1)
		return req_error(r, 503, "unavailable", "try again later");
	return req_answer(r, 200, json_object_new_object());
}

/* A form-encoded body split into decoded name/value pairs. */
struct h_form {
	char	*name[WEBHOOK_PARAMS_MAX];
	char	*value[WEBHOOK_PARAMS_MAX];
	int	 n;
};

static char *
h_form_decode(const char *s, size_t len)
{
	char	*out = malloc(len + 1), hex[3] = "";
	size_t	 i, o = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] == '%' && i + 2 < len &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			hex[0] = s[i + 1];
			hex[1] = s[i + 2];
			out[o++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

static void
h_form_free(struct h_form *f)
{
	while (f->n > 0) {
		f->n--;
		free(f->name[f->n]);
		free(f->value[f->n]);
	}
}

static int
h_form_parse(const char *s, size_t len, struct h_form *f)
{
	const char	*end = s + len, *amp, *eq;

	memset(f, 0, sizeof(*f));
	while (s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		if (amp == NULL)
			amp = end;
		eq = memchr(s, '=', (size_t)(amp - s));
		if (eq == NULL)
			eq = amp;
		if (amp > s) {
			if (f->n == WEBHOOK_PARAMS_MAX)
				return -1;
			f->name[f->n] = h_form_decode(s, (size_t)(eq - s));
			f->value[f->n] = h_form_decode(eq < amp ? eq + 1 : eq,
			    (size_t)(amp - (eq < amp ? eq + 1 : eq)));
			f->n++;
		}
		s = amp + 1;
	}
	return 0;
}

static const char *
h_form_get(const struct h_form *f, const char *name)
{
	int	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}

/* Twilio's string to sign: the configured URL, then each parameter's
 * name and value, sorted by name (then value). */
static int
h_twilio_signed(struct req *r, const struct h_form *f)
{
	const char	*sig = req_env(r, "HTTP_X_TWILIO_SIGNATURE");
	char		 url[1024], token[256], mac[64];
	struct buf	 s;
	int		 i, j, ok, order[WEBHOOK_PARAMS_MAX];

	if (sig == NULL || notify_secret("twilio_auth_token_file", token,
	    sizeof(token)) == -1)
		return 0;
	for (i = 0; i < f->n; i++) {
		for (j = i; j > 0; j--) {
			int p = order[j - 1], c;

			c = strcmp(f->name[p], f->name[i]);
			if (c < 0 || (c == 0 &&
			    strcmp(f->value[p], f->value[i]) <= 0))
				break;
			order[j] = p;
		}
		order[j] = i;
	}
	buf_init(&s, REQ_BODY_MAX * 2 + 2048);
	buf_addstr(&s, notify_twilio_webhook_url(url, sizeof(url)));
	if (*r->query != '\0')
		buf_printf(&s, "?%s", r->query);
	for (i = 0; i < f->n; i++) {
		buf_addstr(&s, f->name[order[i]]);
		buf_addstr(&s, f->value[order[i]]);
	}
	ok = s.data != NULL && notify_hmac_b64sha1(token, s.data, s.len, mac,
	    sizeof(mac)) == 0 && util_ct_cmp(mac, sig) == 0;
	buf_release(&s);
	return ok;
}

static int
h_twilio_event(const struct h_form *f)
{
	const char	*sid = h_form_get(f, "MessageSid");
	const char	*status = h_form_get(f, "MessageStatus");
	const char	*from = h_form_get(f, "From");
	const char	*body = h_form_get(f, "Body");

	if (sid == NULL)
		sid = h_form_get(f, "SmsSid");
	if (status != NULL && body == NULL)
		return h_delivery(sid, status);
	if (from != NULL && strncmp(from, "whatsapp:", 9) == 0)
		from += 9;
	if (body != NULL && from != NULL)
		return h_inbound("twilio", sid, from, body);
	return 0;
}

int
h_webhook_twilio(struct req *r)
{
	static const char twiml[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<Response></Response>";
	struct h_form	 f;
	int		 rc;

	if (h_form_parse(r->body.data ? r->body.data : "", r->body.len,
	    &f) == -1) {
		h_form_free(&f);
		return req_error(r, 400, "bad_request", "too many parameters");
	}
	if (!h_twilio_signed(r, &f))
		rc = h_forbidden(r);
	else if (h_twilio_event(&f) == -1)
		rc = req_error(r, 503, "unavailable", "try again later");
	else
		rc = req_answer_raw(r, 200, "text/xml", twiml,
		    sizeof(twiml) - 1);
	h_form_free(&f);
	return rc;
}
