/*
 * The safety screen: every patient message is screened, before any
 * engine, against clinician-reviewed phrase lists (data/safety/).  Signs
 * of an emergency get a fixed reply with the emergency numbers of the
 * clinic's country; a request for medical advice gets a fixed refusal
 * and an offer to book or to reach a person.  Nothing here is generated.
 */
#ifndef FD_SAFETY_H
#define FD_SAFETY_H

#include <stddef.h>

#include "turn.h"

enum safety_kind {
	SAFETY_NONE,
	SAFETY_EMERGENCY,
	SAFETY_ADVICE,
	SAFETY__MAX
};

/* Names of the kinds ("none", "emergency", "advice"), by kind. */
extern const char *const safety_kind_names[SAFETY__MAX];

/*
 * Loads the phrase lists, categories and replies from data_dir's
 * data/safety/ once per process; later calls return at once.  Returns 0,
 * or -1 (logged with the file and line) when a file is missing or bad.
 */
int		 safety_load(void);

/*
 * Screens one message (UTF-8, any of the product's languages: en, fr,
 * pl, es, de, it, ro, ur in Latin or Arabic script).  Returns the kind
 * and, for an emergency, the category name into *category (borrowed,
 * valid for the process, such as "chest_pain", "stroke", "suicide"),
 * else NULL.
 * Returns SAFETY_NONE when the lists cannot be loaded (logged); callers
 * that must not go on unscreened use safety_turn(), which fails then.
 */
enum safety_kind safety_screen(const char *text, size_t len,
		    const char **category);

/*
 * The reply group of a category ("life", "mental", "spinal",
 * "swelling"), borrowed, or NULL for an unknown category.
 */
const char	*safety_group(const char *category);

/*
 * The fixed emergency text for a category in a country (ISO 3166 alpha-2)
 * and language, borrowed; a country without its own texts gets the
 * international ones (112), a language without a text gets English.
 * NULL only when the data is not loaded.
 */
const char	*safety_emergency_text(const char *category,
		    const char *country, const char *lang);

/*
 * Screens t->text (a choice or form turn is not screened: returns 0).
 * On an emergency: adds the fixed reply for t->clinic->country in
 * t->lang with emergency=1 and its phone links (reply.links, from
 * data/safety/links.tsv: [{"label": "999", "href": "tel:999"}, ...]),
 * removes any booking in progress from t->state, records the event
 * "emergency" with the category, inserts a staff_alerts row (no message
 * text) and returns 1.  On a request for medical advice: adds the fixed
 * refusal in t->lang with the choices "book:start" and "staff:request",
 * records the event "advice_refused" and returns 1.  Otherwise returns
 * 0.  Returns -1 (logged) when the lists cannot be loaded or the
 * database or memory fails: the caller must then not answer the turn.
 * Runs inside the turn's transaction.
 */
int		 safety_turn(struct turn *);

#endif
