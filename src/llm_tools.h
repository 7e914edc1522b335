/*
 * The tools the model may call: their JSON schemas, the checking of every
 * argument, and the dispatch.  lookup_facts and handoff_to_staff are
 * answered here; finding slots and booking, moving or cancelling go
 * through hooks that the booking module fills in with llm_tools_wire().
 */
#ifndef FD_LLM_TOOLS_H
#define FD_LLM_TOOLS_H

#include <stddef.h>
#include <json-c/json.h>

#include "turn.h"
#include "util.h"

#define LLM_TOOL_ERR_MAX	256	/* bytes of an error for the model */

/* What a tool answers while the booking module is not wired in. */
#define LLM_TOOLS_UNWIRED	"booking through the assistant is not " \
				"available, use the booking buttons"

/*
 * A tool of another module.  args (borrowed) holds checked and
 * normalised arguments (see struct llm_hooks).  Returns 0 and sets
 * *result to a new object that goes to the model, or -1 with a short
 * reason for the model in err (no patient details, no internals).
 */
typedef int (*llm_tool_fn)(struct turn *, json_object *args,
	    json_object **result, char *err, size_t errsz);

/*
 * The hooks; a NULL member makes its tool answer LLM_TOOLS_UNWIRED
 * (handoff_to_staff then records a "handoff_requested" event).
 * Arguments, all strings, dates YYYY-MM-DD in the clinic's zone:
 *   find_slots  service (a service id of the clinic), practitioner (an id
 *               offering it, or absent), date_from, date_to (at most 14
 *               days apart, not before today), part_of_day
 *               ("morning", "afternoon", "evening" or "any")
 *   pick_slot   slot (a token find_slots gave)
 *   book        slot, name, phone, date_of_birth
 *   move        booking (a reference) or phone, date_of_birth, slot
 *   cancel      booking (a reference) or phone, date_of_birth
 *   handoff     reason
 * Slots should carry their weekday and local time, read back as given.
 * A hook reveals only the verified patient's own bookings, never another
 * patient's, whatever the arguments say.
 * pick_slot, book, move and cancel change state: at most one of them
 * runs per model message.  Only a result whose "booked", "moved" or
 * "cancelled" member is true lets the reply claim that it happened.
 * begin, when set, sees each turn's message before the model does.
 */
struct llm_hooks {
	llm_tool_fn	 find_slots;
	llm_tool_fn	 pick_slot;
	llm_tool_fn	 book;
	llm_tool_fn	 move;
	llm_tool_fn	 cancel;
	llm_tool_fn	 handoff;
	void		(*begin)(struct turn *);
};

/* Sets the hooks (copied); NULL unwires them all. */
void		 llm_tools_wire(const struct llm_hooks *);

/* Runs the begin hook, if any, on t before the model is asked. */
void		 llm_tools_begin(struct turn *t);

/* The tools of a turn. */
struct llm_tools_ctx {
	struct turn	*t;		/* borrowed */
	struct buf	 results;	/* the turn's tool results, as JSON
					 * text, for checking the reply */
	int		 changes;	/* state changes asked this message */
	int		 changed;	/* a booking, move or cancel was done */
	int		 no_cancel;	/* this message also books: a cancel
					 * is refused (move is the safe way) */
};

/* Starts a context for t; release it with llm_tools_release(). */
void		 llm_tools_init(struct llm_tools_ctx *, struct turn *t);
void		 llm_tools_release(struct llm_tools_ctx *);

/* The "tools" array of a request: a new reference. */
json_object	*llm_tools_schemas(void);

/*
 * Reads a tool call's arguments as sent: a JSON object, a string holding
 * one, or a string holding such a string (decoded once more); an empty
 * string or null is {}.  Returns 0 with *args a new reference, or -1 with
 * the reason in err (the text itself is never copied there).
 */
int		 llm_tools_args(json_object *raw, json_object **args,
		    char *err, size_t errsz);

/*
 * Runs tool name with raw arguments (borrowed, as sent).  Always returns
 * a new object for the tool message: the result, or {"error": reason}.
 * The result is also appended to ctx->results.
 */
json_object	*llm_tools_call(struct llm_tools_ctx *, const char *name,
		    json_object *raw);

/* Nonzero when name is a tool that changes state. */
int		 llm_tools_changes(const char *name);

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
long		 llm_days(int year, int mon, int mday);

/* The civil date of days since 1970-01-01. */
void		 llm_civil(long days, int *year, int *mon, int *mday);

/* The weekday of days since 1970-01-01: 0 = Sunday. */
int		 llm_wday(long days);

/* Parses "YYYY-MM-DD" of a real date.  0 or -1. */
int		 llm_date_parse(const char *s, int *year, int *mon, int *mday);

/* "Monday"... for 0 = Sunday; "January"... for 1 = January. */
const char	*llm_weekday_name(int wday);
const char	*llm_month_name(int mon);

#endif
