/*
 * Building a turn's replies and events.  Storing them is conv.c's job.
 */
#include <stdlib.h>
#include <string.h>

#include "turn.h"

int
turn_init(struct turn *t)
{
	memset(t, 0, sizeof(*t));
	if ((t->events = json_object_new_array()) == NULL)
		return -1;
	return 0;
}

void
turn_release(struct turn *t)
{
	int	 i;

	for (i = 0; i < t->nreplies; i++) {
		free(t->replies[i].text);
		json_object_put(t->replies[i].choices);
		json_object_put(t->replies[i].form);
		json_object_put(t->replies[i].booking);
		json_object_put(t->replies[i].links);
	}
	json_object_put(t->events);
	t->nreplies = 0;
	t->events = NULL;
}

struct reply *
turn_reply(struct turn *t, const char *text)
{
	struct reply	*r;

	if (t->nreplies == TURN_REPLIES_MAX)
		return NULL;
	r = &t->replies[t->nreplies];
	memset(r, 0, sizeof(*r));
	if ((r->text = strdup(text)) == NULL)
		return NULL;
	memcpy(r->lang, t->lang, sizeof(r->lang));
	t->nreplies++;
	return r;
}

int
turn_choice(struct reply *r, const char *label, const char *value)
{
	json_object	*c;

	if (r->choices == NULL && (r->choices = json_object_new_array()) ==
	    NULL)
		return -1;
	if ((c = json_object_new_object()) == NULL)
		return -1;
	json_object_object_add(c, "label", json_object_new_string(label));
	json_object_object_add(c, "value", json_object_new_string(value));
	return json_object_array_add(r->choices, c);
}

int
turn_event(struct turn *t, const char *type, const char *topic)
{
	json_object	*e;

	if ((e = json_object_new_object()) == NULL)
		return -1;
	json_object_object_add(e, "type", json_object_new_string(type));
	if (topic != NULL)
		json_object_object_add(e, "topic",
		    json_object_new_string(topic));
	return json_object_array_add(t->events, e);
}
