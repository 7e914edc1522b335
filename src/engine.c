/*
 * The pipeline of engines for one turn.  Each engine lives in its own
 * module; this file only decides their order.
 */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "handoff.h"
#include "i18n.h"
#include "turn.h"
#include "util.h"

/* The last resort: say so honestly and give the clinic's number. */
static int
engine_fallback(struct turn *t)
{
	json_object	*contact;
	const char	*phone = NULL;
	char		 buf[512];

	if (json_object_object_get_ex(t->clinic->doc, "contact", &contact))
		phone = util_json_str(contact, "phone", NULL);
	if (phone != NULL)
		snprintf(buf, sizeof(buf), i18n_tr("conv", t->lang,
		    "I'm sorry, I can't answer that here. Please call the "
		    "clinic on %s."), phone);
	else
		snprintf(buf, sizeof(buf), "%s", i18n_tr("conv", t->lang,
		    "I'm sorry, I can't answer that here. Please contact the "
		    "clinic."));
	turn_reply(t, buf);
	turn_event(t, "unanswered", "other");
	return 1;
}

void
engine_run(struct turn *t, int staff_active)
{
	if (staff_active)
		return;
	if (handoff_turn(t))
		return;
	engine_fallback(t);
}
