/*
 * The pipeline of engines for one turn.  Each engine lives in its own
 * module; this file only decides their order.
 */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "answer.h"
#include "booking.h"
#include "handoff.h"
#include "i18n.h"
#include "lang.h"
#include "llm.h"
#include "llm_turn.h"
#include "notify.h"
#include "safety.h"
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

/* Nonzero when one of the turn's replies sends the patient to 999. */
static int
engine_emergency(const struct turn *t)
{
	int	 i;

	for (i = 0; i < t->nreplies; i++)
		if (t->replies[i].emergency)
			return 1;
	return 0;
}

int
engine_run(struct turn *t, int staff_active)
{
	int	 rc;

	lang_turn(t);
	/* No engine may see a message the screen could not read. */
	if ((rc = safety_turn(t)) == -1)
		return -1;
	if (rc == 1) {
		if (engine_emergency(t) && notify_queue_staff_alert(t->clinic,
		    "emergency", t->conversation) == -1)
			return -1;
		return 0;
	}
	if (staff_active)
		return 0;
	if (handoff_turn(t))
		return 0;
	if (llm_enabled() && llm_turn(t) == 1)
		return 0;
	if (booking_turn(t) == 1)
		return 0;
	if (answer_turn(t) == -1 || t->nreplies == 0)
		engine_fallback(t);
	return 0;
}
