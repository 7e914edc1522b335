/*
 * Conversations: creating one, checking its token, a patient's turn
 * (stored with its replies, events and state in one transaction) and
 * reading messages by id.  HTTP concerns are in h_conv.c.
 */
#ifndef FD_CONV_H
#define FD_CONV_H

#include <time.h>
#include <json-c/json.h>

#include "clinic.h"

#define CONV_TOKEN_BYTES	32	/* 256 random bits */
#define CONV_TOKEN_LEN		(CONV_TOKEN_BYTES * 2)

/* A conversation as a request sees it. */
struct conv {
	unsigned long long id;
	char		 clinic_id[65];
	char		 language[8];
	char		 status[16];	/* bot, staff or closed */
};

/*
 * Starts a conversation of clinic c in language lang (may be NULL: the
 * clinic's default), from page (may be NULL).  Writes the new token
 * (CONV_TOKEN_LEN + 1 bytes) and returns a new answer object
 * {conversation, token, messages, last_id}, or NULL (logged).
 */
json_object	*conv_create(const struct clinic *c, const char *lang,
		    const char *page, time_t now);

/*
 * Loads conversation id and checks the bearer token against its stored
 * hash, in constant time.  Returns 0 and fills *cv, 1 when the token is
 * wrong or the conversation unknown, -1 on a database failure.
 */
int		 conv_auth(unsigned long long id, const char *token,
		    struct conv *cv);

/*
 * A poll: conv_auth, and the messages of conversation id newer than
 * after (at most limit, oldest first) read in the same statement.
 * Returns 0 with *cv filled, *msgs a new array and *last its highest id
 * (after when none); 1 when the token is wrong or the conversation
 * unknown; -1 on a database failure.
 */
int		 conv_poll(unsigned long long id, const char *token,
		    unsigned long long after, int limit, struct conv *cv,
		    json_object **msgs, unsigned long long *last);

/* What a patient sent: exactly one of text, choice or form. */
struct conv_input {
	const char	*text;		/* borrowed, UTF-8, no NUL */
	size_t		 text_len;
	const char	*choice;	/* borrowed */
	json_object	*form;		/* borrowed object of strings */
	const char	*idem_key;	/* borrowed, may be NULL */
	const char	*request_hash;	/* hash of the body, for idem_key */
};

/*
 * What the caller checks once the conversation is locked and its token
 * is right, before the turn: fn loads the clinic into *c (freeing what
 * *c held), checks the request (origin, body, limits) and completes
 * *in.  It returns 0 to go on, or nonzero when it has answered the
 * request itself.
 */
struct conv_admit {
	int	(*fn)(void *arg, const struct conv *cv, struct clinic **c,
		    struct conv_input *in);
	void	 *arg;
};

#define CONV_REFUSED	1	/* conv_turn: admit answered the request */

/*
 * Runs a patient's turn in conversation id: locks it, checks token,
 * lets admit check the request, stores the message, screens it, lets
 * the engines reply and stores the replies, analytics events and state,
 * all in one transaction.  in holds the idempotency key and hash (or
 * NULL) on entry; admit fills the rest.  A retried key gets the first
 * answer back and stores nothing.  Returns the HTTP status (200 with
 * *answer a new {messages, last_id} object, 401 for a wrong token or
 * unknown conversation, 409 for a key reused for another request),
 * CONV_REFUSED when admit answered, or -1 on a database failure.  *c is
 * the clinic admit loaded, or NULL; the caller frees it.
 */
int		 conv_turn(unsigned long long id, const char *token,
		    struct conv_input *in, time_t now,
		    const struct conv_admit *admit, struct clinic **c,
		    json_object **answer);

/* Messages of conversation id newer than after, oldest first, at most
 * limit: a new array, or NULL on failure.  *last gets the highest id
 * returned, or after when none. */
json_object	*conv_messages_after(unsigned long long id,
		    unsigned long long after, int limit,
		    unsigned long long *last);

/*
 * Stores one message and returns its id, or 0 on failure.  extra is a
 * borrowed {choices, form, booking} object or NULL.  For modules that
 * add messages outside a patient's turn (staff replies, reminders).
 */
unsigned long long conv_store_message(unsigned long long conversation,
		    const char *clinic_id, const char *sender,
		    const char *text, size_t len, const char *lang,
		    json_object *extra, int emergency, time_t now);

#endif
