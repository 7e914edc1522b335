/*
 * frontdesk ask: puts one question to the answer engine for a stored
 * clinic and prints the replies and events as JSON, so that staff can
 * check what their clinic file and FAQs answer.  Nothing is stored.
 */
#include <stdio.h>
#include <string.h>

#include "answer.h"
#include "cli.h"
#include "clinic.h"
#include "clock.h"
#include "log.h"
#include "turn.h"
#include "util.h"

static json_object *
ask_result(struct turn *t, int rc)
{
	json_object	*out, *replies, *r;
	int		 i;

	out = json_object_new_object();
	replies = json_object_new_array();
	for (i = 0; i < t->nreplies; i++) {
		r = json_object_new_object();
		json_object_object_add(r, "text",
		    json_object_new_string(t->replies[i].text));
		json_object_object_add(r, "language",
		    json_object_new_string(t->replies[i].lang));
		if (t->replies[i].choices != NULL)
			json_object_object_add(r, "choices",
			    json_object_get(t->replies[i].choices));
		json_object_array_add(replies, r);
	}
	json_object_object_add(out, "answered", json_object_new_boolean(rc));
	json_object_object_add(out, "replies", replies);
	json_object_object_add(out, "events", json_object_get(t->events));
	return out;
}

int
answer_cli(int argc, char **argv)
{
	struct clinic	*c;
	struct turn	 t;
	json_object	*state, *out;
	const char	*text = argv[argc - 1];
	int		 rc;

	if (argc != 3 && argc != 4)
		return cli_usage("ask CLINIC [LANG] QUESTION");
	if (!utf8_valid(text, strlen(text)) || (argc == 4 &&
	    strlen(argv[2]) != 2)) {
		fprintf(stderr, "frontdesk: the question must be UTF-8 and "
		    "LANG a two-letter code\n");
		return 2;
	}
	if ((c = clinic_load(argv[1])) == NULL) {
		fprintf(stderr, "frontdesk: no clinic %s\n", argv[1]);
		return 1;
	}
	state = json_object_new_object();
	turn_init(&t);
	t.clinic = c;
	t.state = state;
	t.text = text;
	t.text_len = strlen(text);
	t.now = clock_now();
	snprintf(t.lang, sizeof(t.lang), "%s", argc == 4 ? argv[2] :
	    c->default_language ? c->default_language : "en");
	rc = answer_turn(&t);
	out = ask_result(&t, rc == 1);
	printf("%s\n", json_object_to_json_string_ext(out,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(out);
	turn_release(&t);
	json_object_put(state);
	clinic_free(c);
	return rc == -1 ? 1 : 0;
}
