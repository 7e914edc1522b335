/*
 * The clinic's facts as the model sees them: the patient-facing parts of
 * the clinic file with prices written out, whole in the prompt when they
 * are small, or a summary there and the rest through lookup_facts.
 */
#ifndef FD_LLM_FACTS_H
#define FD_LLM_FACTS_H

#include <stddef.h>
#include <json-c/json.h>

#include "clinic.h"

/* The facts of a clinic: a new reference, or NULL out of memory. */
json_object	*llm_facts(const struct clinic *);

/*
 * The facts text for the system prompt, at most LLM_FACTS_MAX bytes: all
 * facts, or a summary naming lookup_facts for the rest.  A new string the
 * caller frees, or NULL out of memory.
 */
char		*llm_facts_prompt(const struct clinic *);

/*
 * The facts about topic: a new object with the sections and FAQs that
 * match, or {"found": false, ...} when none does.
 */
json_object	*llm_facts_lookup(const struct clinic *, const char *topic);

/* Writes a clinic file price {"amount", "currency"} as "£85" or
 * "€12.50" into buf; "" when it is not such a price. */
void		 llm_price_text(json_object *price, char *buf, size_t bufsz);

#endif
