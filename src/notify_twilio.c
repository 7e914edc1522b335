/*
 * The Twilio Messaging channels: SMS with a text body, WhatsApp with an
 * approved content template (ContentSid and ContentVariables), both
 * form-encoded with basic auth.  Status callbacks come back to
 * h_notify_webhook.c.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "conf.h"
#include "log.h"
#include "notify_int.h"

/* Appends name=value, form-encoded, with '&' between pairs. */
static void
notify_form_add(struct buf *b, const char *name, const char *value)
{
	const unsigned char	*p;

	if (b->len > 0)
		buf_addstr(b, "&");
	buf_addstr(b, name);
	buf_addstr(b, "=");
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_add(b, p, 1);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

/* The URL Twilio posts webhooks to, as configured (B20). */
const char *
notify_twilio_webhook_url(char *buf, size_t bufsz)
{
	const char	*u = conf_str("twilio_webhook_url");

	if (*u != '\0')
		snprintf(buf, bufsz, "%s", u);
	else
		snprintf(buf, bufsz, "%sapi/v1/webhooks/twilio",
		    conf_str("public_url"));
	return buf;
}

/* ContentVariables: {"1": v1, "2": v2, ...} as a JSON string. */
static int
notify_twilio_content(const struct notify_msg *m, struct buf *form)
{
	json_object	*vars, *cv;
	const char	*sid;
	char		 key[8];
	size_t		 i;

	if (m->params == NULL ||
	    (sid = util_json_str(m->params, "template", NULL)) == NULL ||
	    !json_object_object_get_ex(m->params, "vars", &vars))
		return -1;
	cv = json_object_new_object();
	for (i = 0; i < json_object_array_length(vars); i++) {
		snprintf(key, sizeof(key), "%zu", i + 1);
		json_object_object_add(cv, key, json_object_get(
		    json_object_array_get_idx(vars, i)));
	}
	notify_form_add(form, "ContentSid", sid);
	notify_form_add(form, "ContentVariables",
	    json_object_to_json_string_ext(cv, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(cv);
	return 0;
}

/* The form of one message; -1 when the row cannot be sent. */
static int
notify_twilio_form(const struct notify_msg *m, int whatsapp,
    struct buf *form)
{
	char	 to[64], from[128], cb[1024];

	if (whatsapp) {
		snprintf(to, sizeof(to), "whatsapp:%s", m->recipient);
		snprintf(from, sizeof(from), "whatsapp:%s",
		    conf_str("twilio_whatsapp_from"));
		notify_form_add(form, "To", to);
		notify_form_add(form, "From", from);
		if (notify_twilio_content(m, form) == -1)
			return -1;
	} else {
		notify_form_add(form, "To", m->recipient);
		if (*conf_str("twilio_messaging_service_sid") != '\0')
			notify_form_add(form, "MessagingServiceSid",
			    conf_str("twilio_messaging_service_sid"));
		else
			notify_form_add(form, "From",
			    conf_str("twilio_sms_from"));
		notify_form_add(form, "Body", m->body);
	}
	notify_form_add(form, "StatusCallback",
	    notify_twilio_webhook_url(cb, sizeof(cb)));
	return form->data != NULL ? 0 : -1;
}

static void
notify_twilio_id(const struct buf *resp, char *id, size_t idsz)
{
	json_object	*o;
	const char	*s = NULL;

	if (resp->data == NULL)
		return;
	o = util_json_parse(resp->data, resp->len);
	if (o != NULL)
		s = util_json_str(o, "sid", NULL);
	snprintf(id, idsz, "%s", s != NULL ? s : "");
	json_object_put(o);
}

static enum notify_result
notify_twilio_send(const struct notify_msg *m, int whatsapp, char *id,
    size_t idsz)
{
	struct buf		 form, resp;
	char			 token[256], userpwd[512], url[1024];
	const char		*sid = conf_str("twilio_account_sid");
	long			 status;
	enum notify_result	 res = NOTIFY_FAILED;

	buf_init(&form, NOTIFY_TEXT_MAX * 3 + 4096);
	buf_init(&resp, NOTIFY_RESPONSE_MAX);
	if (notify_twilio_form(m, whatsapp, &form) == -1) {
		log_warn("outbox %llu: cannot build the Twilio request", m->id);
		goto out;
	}
	res = NOTIFY_RETRY;
	if (notify_secret("twilio_auth_token_file", token, sizeof(token)) == -1)
		goto out;
	snprintf(userpwd, sizeof(userpwd), "%s:%s", sid, token);
	snprintf(url, sizeof(url), "%sAccounts/%s/Messages.json",
	    conf_str("twilio_api_url"), sid);
	status = notify_http_post(url, "application/x-www-form-urlencoded",
	    form.data, form.len, NULL, userpwd, &resp);
	if ((res = notify_http_result(status)) == NOTIFY_SENT)
		notify_twilio_id(&resp, id, idsz);
	else
		log_warn("outbox %llu: Twilio answered %ld", m->id, status);
out:
	sodium_memzero(token, sizeof(token));
	sodium_memzero(userpwd, sizeof(userpwd));
	buf_release(&form);
	buf_release(&resp);
	return res;
}

static enum notify_result
notify_twilio_sms_send(const struct notify_msg *m, char *id, size_t idsz)
{
	return notify_twilio_send(m, 0, id, idsz);
}

static enum notify_result
notify_twilio_wa_send(const struct notify_msg *m, char *id, size_t idsz)
{
	return notify_twilio_send(m, 1, id, idsz);
}

const struct notify_backend notify_twilio_sms = {
	"twilio-sms", notify_twilio_sms_send
};

const struct notify_backend notify_twilio_whatsapp = {
	"twilio-whatsapp", notify_twilio_wa_send
};
