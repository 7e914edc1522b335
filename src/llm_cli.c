/*
 * frontdesk llm-turn: one LLM turn from the command line, printed as
 * JSON, for trying a model out and for the tests.  Nothing is stored but
 * the clinic's token use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clinic.h"
#include "clock.h"
#include "limits.h"
#include "llm_turn.h"
#include "util.h"

#define LLM_CLI_USAGE	"llm-turn [-l LANG] [-s STATE] [-r] CLINIC TEXT"

static json_object *
llm_cli_result(struct turn *t, int handled)
{
	json_object	*o = json_object_new_object(), *a, *r;
	int		 i;

	a = json_object_new_array();
	for (i = 0; i < t->nreplies; i++) {
		r = json_object_new_object();
		json_object_object_add(r, "text",
		    json_object_new_string(t->replies[i].text));
		json_object_object_add(r, "lang",
		    json_object_new_string(t->replies[i].lang));
		json_object_array_add(a, r);
	}
	json_object_object_add(o, "handled", json_object_new_boolean(handled));
	json_object_object_add(o, "replies", a);
	json_object_object_add(o, "events", json_object_get(t->events));
	json_object_object_add(o, "state", json_object_get(t->state));
	return o;
}

/* One turn on a copy of state; the copy is kept in *after. */
static int
llm_cli_once(struct turn *t, struct clinic *c, json_object *state,
    const char *lang, const char *text)
{
	json_object	*copy = NULL;

	if (turn_init(t) == -1 ||
	    json_object_deep_copy(state, &copy, NULL) != 0)
		return -1;
	t->clinic = c;
	t->state = copy;
	t->text = text;
	t->text_len = strlen(text);
	t->now = clock_now();
	snprintf(t->lang, sizeof(t->lang), "%s", lang);
	return llm_turn(t);
}

static int
llm_cli_run(struct clinic *c, json_object *state, const char *lang,
    const char *text, int replay)
{
	struct turn	 t;
	json_object	*out;
	int		 handled;

	if (replay) {
		/* the first attempt, as if its transaction were rolled back */
		llm_turn_memo_begin();
		if (llm_cli_once(&t, c, state, lang, text) == -1)
			return 1;
		json_object_put(t.state);
		turn_release(&t);
	}
	handled = llm_cli_once(&t, c, state, lang, text);
	llm_turn_memo_end();
	if (handled == -1)
		return 1;
	out = llm_cli_result(&t, handled);
	printf("%s\n", json_object_to_json_string_ext(out,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(out);
	json_object_put(t.state);
	turn_release(&t);
	return 0;
}

int
llm_cli_turn(int argc, char **argv)
{
	const char	*lang = NULL, *state = "{}";
	struct clinic	*c;
	json_object	*st;
	int		 i = 1, rc, replay = 0;

	for (; i + 1 < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-r") == 0)
			replay = 1;
		else if (strcmp(argv[i], "-l") == 0)
			lang = argv[++i];
		else if (strcmp(argv[i], "-s") == 0)
			state = argv[++i];
		else
			return cli_usage(LLM_CLI_USAGE);
	}
	if (argc - i != 2 || strlen(argv[i + 1]) > REQ_TEXT_MAX * 4 ||
	    !utf8_valid(argv[i + 1], strlen(argv[i + 1])))
		return cli_usage(LLM_CLI_USAGE);
	st = util_json_parse(state, strlen(state));
	if (st == NULL || !json_object_is_type(st, json_type_object)) {
		fprintf(stderr, "frontdesk: STATE must be a JSON object\n");
		json_object_put(st);
		return 2;
	}
	if ((c = clinic_load(argv[i])) == NULL) {
		fprintf(stderr, "frontdesk: no clinic %s\n", argv[i]);
		json_object_put(st);
		return 1;
	}
	if (lang == NULL)
		lang = c->default_language != NULL ? c->default_language : "en";
	rc = llm_cli_run(c, st, lang, argv[i + 1], replay);
	json_object_put(st);
	clinic_free(c);
	return rc;
}
