/*
 * A patient's turn: what the patient sent, the conversation it belongs
 * to, and the replies and analytics events it produces.  The pipeline
 * (conv.c) fills the input, runs the safety screen and the engines, then
 * stores the replies, the events and the conversation state in one
 * transaction.  Engines only read the input and add replies and events.
 */
#ifndef FD_TURN_H
#define FD_TURN_H

#include <time.h>
#include <json-c/json.h>

#include "clinic.h"

#define TURN_REPLIES_MAX	8
#define LANG_MAX		8

struct reply {
	char		*text;		/* owned, UTF-8 */
	json_object	*choices;	/* owned [{label, value}], or NULL */
	json_object	*form;		/* owned {"fields": [...]}, or NULL */
	json_object	*booking;	/* owned booking object, or NULL */
	json_object	*links;		/* owned [{label, href}], or NULL */
	int		 emergency;	/* tells the patient to call 999 etc. */
	char		 lang[LANG_MAX]; /* language of the text */
};

struct turn {
	const struct clinic *clinic;	/* borrowed */
	unsigned long long conversation; /* the conversation's id */
	json_object	*state;		/* borrowed: the conversation's state
					 * object; engines may change it, and
					 * it is saved with the replies */
	const char	*text;		/* borrowed: patient's text, or NULL */
	size_t		 text_len;
	const char	*choice;	/* borrowed: a choice value, or NULL */
	json_object	*form;		/* borrowed: form values, or NULL */
	char		 lang[LANG_MAX]; /* the language to answer in */
	time_t		 now;		/* the product's clock */
	int		 after_hours;	/* the clinic is closed at now */

	struct reply	 replies[TURN_REPLIES_MAX];
	int		 nreplies;
	json_object	*events;	/* owned array of {"type", ...} */
};

/* Starts a turn; the caller sets the input fields.  0 or -1. */
int		 turn_init(struct turn *);

/* Frees the replies and events. */
void		 turn_release(struct turn *);

/*
 * Adds a reply with text (copied) in the turn's language and returns it,
 * so that choices, a form or a booking can be attached; NULL when the
 * turn has TURN_REPLIES_MAX replies already or memory ran out.
 */
struct reply	*turn_reply(struct turn *, const char *text);

/* Adds a choice {label, value} to a reply.  0 or -1. */
int		 turn_choice(struct reply *, const char *label,
		    const char *value);

/* Records an analytics event of type with an optional topic.  0 or -1. */
int		 turn_event(struct turn *, const char *type, const char *topic);

#endif
