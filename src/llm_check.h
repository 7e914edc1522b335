/*
 * The check of a model's reply before a patient sees it: every price,
 * percentage, time, phone number and practitioner's name must be backed
 * by the clinic's data or this turn's tool results; a booking claim needs
 * a booking tool that succeeded; a weekday must fit its date; and no line
 * of the rules may be echoed.
 */
#ifndef FD_LLM_CHECK_H
#define FD_LLM_CHECK_H

#include "clinic.h"

struct llm_ground {
	const struct clinic *clinic;	/* its doc is the clinic's data */
	const char	*tools;		/* this turn's tool results, or NULL */
	const char	*patient;	/* the patient's text, or NULL: backs
					 * times and plain titles only */
	const char	*prompt;	/* the system prompt, or NULL */
	const char	*rules;		/* the rules part of it, or NULL */
	const char	*canary;	/* a marker in the rules, or NULL */
	int		 changed;	/* a booking tool succeeded */
	long		 today;		/* days since the epoch, clinic's */
};

/*
 * Checks reply.  Returns 0 when everything in it is backed, or -1 and
 * sets *why to the kind of the first unbacked item: "price", "percent",
 * "time", "phone", "name", "claim", "weekday" or "prompt".
 */
int	llm_check_reply(const char *reply, const struct llm_ground *,
	    const char **why);

#endif
