/*
 * GET api/v1/clinics/{clinic}/widget: the public settings the widget
 * needs before a conversation starts.
 */
#include <string.h>

#include "clock.h"
#include "clinic.h"
#include "cors.h"
#include "handlers.h"
#include "hours.h"
#include "db.h"
#include "util.h"

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
