/*
 * Command-line commands of the booking module.  Kept apart from the
 * library code the FastCGI program links, as they print to stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking.h"
#include "booking_cli.h"
#include "cli.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "holidays.h"
#include "log.h"
#include "notify.h"
#include "util.h"

#define CHAT_LINE_MAX	8192

int
holidays_cmd(int argc, char **argv)
{
	char	 path[4096], err[512];
	int	 n;

	if (argc > 2)
		return cli_usage("holidays [FILE]");
	if (argc == 2)
		snprintf(path, sizeof(path), "%s", argv[1]);
	else
		snprintf(path, sizeof(path), "%s/%s", conf_str("data_dir"),
		    HOLIDAYS_FILE);
	if ((n = holidays_load_file(path, err, sizeof(err))) == -1) {
		fprintf(stderr, "frontdesk: %s\n", err);
		return 1;
	}
	printf("%d bank holidays loaded\n", n);
	log_info("%d bank holidays loaded", n);
	return 0;
}

struct chat_turn {
	struct turn	*t;
	int		 handled;
};

static int
chat_run(void *arg)
{
	struct chat_turn	*ct = arg;

	ct->handled = booking_turn(ct->t);
	return 0;
}

static json_object *
chat_replies(const struct turn *t)
{
	json_object	*arr = json_object_new_array(), *o;
	int		 i;

	for (i = 0; i < t->nreplies; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "text",
		    json_object_new_string(t->replies[i].text));
		json_object_object_add(o, "language",
		    json_object_new_string(t->replies[i].lang));
		json_object_object_add(o, "choices",
		    json_object_get(t->replies[i].choices));
		json_object_object_add(o, "form",
		    json_object_get(t->replies[i].form));
		json_object_object_add(o, "booking",
		    json_object_get(t->replies[i].booking));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* One line: a turn, printed as one JSON line.  0 or -1. */
static int
chat_line(struct clinic *c, const char *lang, unsigned long long conv,
    json_object *state, char *line)
{
	struct turn		 t;
	struct chat_turn	 ct;
	json_object		*in = NULL, *out;
	int			 rc;

	line[strcspn(line, "\n")] = '\0';
	if (turn_init(&t) == -1)
		return -1;
	t.clinic = c;
	t.conversation = conv;
	t.state = state;
	t.now = clock_now();
	snprintf(t.lang, sizeof(t.lang), "%s", lang);
	if (line[0] == '{' && (in = util_json_parse(line, strlen(line))) !=
	    NULL) {
		t.text = util_json_str(in, "text", NULL);
		t.choice = util_json_str(in, "choice", NULL);
		json_object_object_get_ex(in, "form", &t.form);
	} else
		t.text = line;
	t.text_len = t.text ? strlen(t.text) : 0;
	ct.t = &t;
	ct.handled = 0;
	rc = db_txn(chat_run, &ct);
	if (rc == 0)
		notify_flush();
	out = json_object_new_object();
	json_object_object_add(out, "handled", json_object_new_int(
	    rc == -1 ? -1 : ct.handled));
	json_object_object_add(out, "replies", chat_replies(&t));
	json_object_object_add(out, "events", json_object_get(t.events));
	json_object_object_add(out, "state", json_object_get(state));
	printf("%s\n", json_object_to_json_string_ext(out,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(out);
	json_object_put(in);
	turn_release(&t);
	return rc;
}

int
booking_chat_cmd(int argc, char **argv)
{
	struct clinic		*c;
	json_object		*state;
	char			 line[CHAT_LINE_MAX];
	unsigned long long	 conv = 0;
	const char		*lang;

	if (argc < 2 || argc > 4)
		return cli_usage("chat CLINIC [LANG [CONVERSATION]]");
	if ((c = clinic_load(argv[1])) == NULL) {
		fprintf(stderr, "frontdesk: no clinic %s\n", argv[1]);
		return 1;
	}
	lang = argc > 2 ? argv[2] : c->default_language;
	if (argc > 3)
		conv = strtoull(argv[3], NULL, 10);
	else if (util_random(&conv, sizeof(conv)) == 0)
		conv = (conv >> 16) | 1;
	state = json_object_new_object();
	while (fgets(line, sizeof(line), stdin) != NULL)
		chat_line(c, lang, conv, state, line);
	json_object_put(state);
	clinic_free(c);
	return 0;
}
