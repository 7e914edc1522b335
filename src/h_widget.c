/*
 * GET api/v1/clinics/{clinic}/widget: the public settings the widget
 * needs before a conversation starts, with the widget's own labels in
 * the page's language (?lang=xx) from the catalog domain "widget".
 */
#include <string.h>

#include "clock.h"
#include "clinic.h"
#include "cors.h"
#include "handlers.h"
#include "hours.h"
#include "db.h"
#include "i18n.h"
#include "lang.h"
#include "util.h"

/* The widget's texts: its key, and the English it has built in. */
static const struct {
	const char	*key;
	const char	*msgid;
} h_widget_labels[] = {
	{ "chat",	"Chat with us" },
	{ "new1",	"new message" },
	{ "newn",	"new messages" },
	{ "title",	"Chat" },
	{ "open",	"Open now" },
	{ "closed",	"Closed now" },
	{ "restart",	"Start again" },
	{ "anew",	"Start a new conversation" },
	{ "close",	"Close chat" },
	{ "log",	"Conversation" },
	{ "typing",	"The clinic is typing" },
	{ "yours",	"Your message" },
	{ "type",	"Type your message" },
	{ "send",	"Send" },
	{ "privacy",	"Please do not share more about your health than "
			"needed." },
	{ "policy",	"How we use your messages" },
	{ "retry",	"Retry" },
	{ "urgent",	"Urgent" },
	{ "staff",	"Clinic staff" },
	{ "booked",	"Appointment booked" },
	{ "ref",	"Reference" },
	{ "service",	"Service" },
	{ "with",	"With" },
	{ "when",	"When" },
	{ "length",	"Length" },
	{ "price",	"Price" },
	{ "min",	"min" },
	{ "details",	"Send details" },
	{ "required",	"Please fill in this field." },
	{ "email",	"Please enter an e-mail address like "
			"name@example.com." },
	{ "phone",	"Please enter a phone number, e.g. 07700 900123." },
	{ "date",	"Please enter a full date." },
	{ "offline",	"You seem to be offline." },
	{ "unreach",	"The chat cannot be reached. Check your connection." },
	{ "busy",	"Too many messages at once. Please wait a moment." },
	{ "down",	"The chat is unavailable just now." },
	{ "notsent",	"Not sent." },
	{ "refused",	"This message could not be sent." },
	{ "ended",	"This conversation has ended. You can start a new "
			"one." },
	{ "dismiss",	"Dismiss" },
};
#define H_WIDGET_NLABELS \
	(sizeof(h_widget_labels) / sizeof(h_widget_labels[0]))

/*
 * The language of the labels: ?lang= when the product speaks it, else
 * the clinic's default.  A malformed or unknown value is ignored.
 */
static const char *
h_widget_lang(const struct req *r, const struct clinic *c)
{
	char		 buf[16];
	const char	*l;

	l = lang_supported(req_query(r, "lang", buf, sizeof(buf)));
	if (l == NULL)
		l = lang_supported(c->default_language);
	return l != NULL ? l : "en";
}

static json_object *
h_widget_labels_new(const char *lang)
{
	json_object	*o = json_object_new_object();
	size_t		 i;

	for (i = 0; i < H_WIDGET_NLABELS; i++)
		json_object_object_add(o, h_widget_labels[i].key,
		    json_object_new_string(i18n_tr("widget", lang,
		    h_widget_labels[i].msgid)));
	return o;
}

static void
h_copy(json_object *dst, const char *key, json_object *src,
    const char *srckey)
{
	json_object	*v = NULL;

	if (src != NULL && json_object_object_get_ex(src, srckey, &v))
		json_object_get(v);
	json_object_object_add(dst, key, v);
}

int
h_widget(struct req *r)
{
	struct clinic	*c;
	json_object	*o, *w = NULL, *langs;
	const char	*lang;

	if ((c = clinic_load(r->params[0])) == NULL)
		return db_errno() ? req_error(r, 503, "unavailable",
		    "the service is unavailable") :
		    req_error(r, 404, "not_found", "no such clinic");
	if (r->origin != NULL && cors_allowed(c, r->origin))
		cors_check(r, c);
	json_object_object_get_ex(c->doc, "widget", &w);
	o = json_object_new_object();
	json_object_object_add(o, "clinic", json_object_new_string(c->id));
	json_object_object_add(o, "name", json_object_new_string(c->name));
	h_copy(o, "greeting", w, "greeting");
	h_copy(o, "colour", w, "colour");
	if (json_object_object_get_ex(c->doc, "languages", &langs) && langs)
		json_object_object_add(o, "languages", json_object_get(langs));
	else {
		langs = json_object_new_array();
		json_object_array_add(langs,
		    json_object_new_string(c->default_language));
		json_object_object_add(o, "languages", langs);
	}
	json_object_object_add(o, "default_language",
	    json_object_new_string(c->default_language));
	json_object_object_add(o, "open_now",
	    json_object_new_boolean(hours_open_at(c, clock_now())));
	h_copy(o, "proactive", w, "proactive");
	if (json_object_object_get(o, "proactive") == NULL)
		json_object_object_add(o, "proactive", json_object_new_array());
	h_copy(o, "privacy_notice_url", w, "privacy_notice_url");
	lang = h_widget_lang(r, c);
	json_object_object_add(o, "labels_language",
	    json_object_new_string(lang));
	json_object_object_add(o, "labels", h_widget_labels_new(lang));
	req_header(r, "Cache-Control", "public, max-age=60");
	clinic_free(c);
	return req_answer(r, 200, o);
}

int
h_widget_options(struct req *r)
{
	struct clinic	*c;
	int		 rc;

	if ((c = clinic_load(r->params[0])) == NULL)
		return req_error(r, 404, "not_found", "no such clinic");
	rc = cors_preflight(r, c);
	clinic_free(c);
	return rc;
}
