/*
 * The language of a patient's message and the language to answer in:
 * libexttextcat's n-gram guess combined with readable evidence (common
 * words, letters typical of a language) and explicit requests.
 */
#ifndef FD_LANG_H
#define FD_LANG_H

#include <stddef.h>
#include <json-c/json.h>

#include "turn.h"

/*
 * The language a text is clearly written in, as an ISO 639-1 code
 * (borrowed static string), or NULL when unsure (short, ambiguous,
 * numbers, emoji, mixed).  Only languages the product speaks are
 * returned: en, fr, pl, es, de, it, ro, ur (Urdu in Latin script
 * "Roman Urdu" and in Arabic script both count as ur).  Loads the
 * textcat fingerprints named by the textcat_conf key on first use.
 */
const char	*lang_guess(const char *text, size_t len);

/*
 * The language a text explicitly asks to switch to ("can we speak
 * French?", "en français svp", "po polsku", "English please"), as a
 * static ISO 639-1 code, or NULL when the text asks for none.  A
 * negated request ("I don't speak Polish") asks for none.
 */
const char	*lang_request(const char *text, size_t len);

/*
 * Chooses the language to answer a message in, into out (LANG_MAX
 * bytes, see src/turn.h): a clear guess wins; an explicit request
 * ("can we speak French?", "en français svp", "po polsku") switches;
 * otherwise keep `current` (the conversation's language so far, may
 * be NULL); with no current, the widget's `hint` (may be NULL) if the
 * product speaks it, else the clinic default `dflt`.  clinic_langs is
 * the clinic's "languages" array (borrowed, may be NULL): use it as a
 * prior to break near-ties, never to refuse a clear language.  text
 * may be NULL (a choice or a form).  out always receives a code.
 */
void		 lang_pick(const char *text, size_t len, const char *current,
		    const char *hint, json_object *clinic_langs,
		    const char *dflt, char *out);

/*
 * Sets t->lang for a turn with lang_pick.  On entry t->lang is the
 * conversation's language as it was created (the widget's choice or
 * the clinic default) and serves as the hint; the language chosen from
 * the patient's earlier messages is kept in t->state under "lang" and
 * is the current language.  After a text, the choice is saved there.
 * The clinic's "languages" and default_language come from t->clinic.
 * Returns 0, or -1 when the state cannot be updated (t->lang is set).
 */
int		 lang_turn(struct turn *t);

/*
 * The product's code for a language tag ("fr", "FR", "fr-CA", "pl_PL")
 * as a static string, or NULL when the product does not speak it or s
 * is NULL.
 */
const char	*lang_supported(const char *s);

/*
 * Frees the textcat classifier; the next guess loads it again (with the
 * textcat_conf key read afresh).  Registered with atexit on first load.
 */
void		 lang_done(void);

#endif
