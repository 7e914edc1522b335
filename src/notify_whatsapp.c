/*
 * The WhatsApp Cloud API channel: approved template messages (the only
 * kind a business may start a conversation with), Bearer token from a
 * file.  Inbound webhooks are h_notify_webhook.c's.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "conf.h"
#include "log.h"
#include "notify_int.h"

/* The template's body parameters (and the copy-code button of an
 * authentication template). */
static json_object *
notify_wa_components(const struct notify_msg *m, json_object *vars)
{
	json_object	*comps = json_object_new_array();
	json_object	*body = json_object_new_object();
	json_object	*params = json_object_new_array(), *p, *btn;
	size_t		 i;

	for (i = 0; i < json_object_array_length(vars); i++) {
		p = json_object_new_object();
		json_object_object_add(p, "type",
		    json_object_new_string("text"));
		json_object_object_add(p, "text", json_object_get(
		    json_object_array_get_idx(vars, i)));
		json_object_array_add(params, p);
	}
	json_object_object_add(body, "type", json_object_new_string("body"));
	json_object_object_add(body, "parameters", params);
	json_object_array_add(comps, body);
	if (strcmp(m->kind, "code") == 0) {
		btn = json_object_new_object();
		json_object_object_add(btn, "type",
		    json_object_new_string("button"));
		json_object_object_add(btn, "sub_type",
		    json_object_new_string("url"));
		json_object_object_add(btn, "index",
		    json_object_new_string("0"));
		json_object_object_add(btn, "parameters",
		    json_object_get(params));
		json_object_array_add(comps, btn);
	}
	return comps;
}

/* The request body, or NULL when the row has no template. */
static json_object *
notify_wa_request(const struct notify_msg *m)
{
	json_object	*req, *tpl, *lang, *vars;
	const char	*name, *code;

	if (m->params == NULL ||
	    (name = util_json_str(m->params, "template", NULL)) == NULL ||
	    (code = util_json_str(m->params, "language", NULL)) == NULL ||
	    !json_object_object_get_ex(m->params, "vars", &vars))
		return NULL;
	req = json_object_new_object();
	tpl = json_object_new_object();
	lang = json_object_new_object();
	json_object_object_add(lang, "code", json_object_new_string(code));
	json_object_object_add(tpl, "name", json_object_new_string(name));
	json_object_object_add(tpl, "language", lang);
	json_object_object_add(tpl, "components",
	    notify_wa_components(m, vars));
	json_object_object_add(req, "messaging_product",
	    json_object_new_string("whatsapp"));
	json_object_object_add(req, "recipient_type",
	    json_object_new_string("individual"));
	json_object_object_add(req, "to",
	    json_object_new_string(m->recipient + 1));
	json_object_object_add(req, "type", json_object_new_string("template"));
	json_object_object_add(req, "template", tpl);
	return req;
}

/* The message id of a successful answer into id. */
static void
notify_wa_id(const struct buf *resp, char *id, size_t idsz)
{
	json_object	*o, *msgs;
	const char	*s = NULL;

	if (resp->data == NULL)
		return;
	o = util_json_parse(resp->data, resp->len);
	if (o != NULL && json_object_object_get_ex(o, "messages", &msgs) &&
	    json_object_is_type(msgs, json_type_array) &&
	    json_object_array_length(msgs) > 0)
		s = util_json_str(json_object_array_get_idx(msgs, 0), "id",
		    NULL);
	snprintf(id, idsz, "%s", s != NULL ? s : "");
	json_object_put(o);
}

static enum notify_result
notify_wa_send(const struct notify_msg *m, char *id, size_t idsz)
{
	json_object		*req;
	struct buf		 resp;
	char			 token[1024], auth[1100], url[1024];
	const char		*body;
	long			 status;
	enum notify_result	 res;

	if ((req = notify_wa_request(m)) == NULL) {
		log_warn("outbox %llu: no WhatsApp template", m->id);
		return NOTIFY_FAILED;
	}
	if (notify_secret("whatsapp_token_file", token, sizeof(token)) == -1) {
		json_object_put(req);
		return NOTIFY_RETRY;
	}
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	snprintf(url, sizeof(url), "%s%s/messages",
	    conf_str("whatsapp_api_url"), conf_str("whatsapp_phone_number_id"));
	body = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	buf_init(&resp, NOTIFY_RESPONSE_MAX);
	status = notify_http_post(url, "application/json", body, strlen(body),
	    auth, NULL, &resp);
	if ((res = notify_http_result(status)) == NOTIFY_SENT)
		notify_wa_id(&resp, id, idsz);
	else
		log_warn("outbox %llu: WhatsApp answered %ld", m->id, status);
	sodium_memzero(token, sizeof(token));
	sodium_memzero(auth, sizeof(auth));
	buf_release(&resp);
	json_object_put(req);
	return res;
}

const struct notify_backend notify_whatsapp_cloud = {
	"whatsapp-cloud", notify_wa_send
};
