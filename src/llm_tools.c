/*
 * The model's tools: schemas from one table, every argument checked
 * against it before anything runs, and the answers.  Slots and bookings
 * are the booking module's, reached through the hooks it wires in.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "llm.h"
#include "llm_facts.h"
#include "llm_tools.h"
#include "log.h"
#include "tz.h"

/* Bytes of a turn's tool results. */
#define LLM_RESULTS_MAX		(64 * 1024)
#define LLM_SPAN_DAYS_MAX	14	/* days one find_slots may cover */

enum llm_arg_kind {
	LLM_ARG_TEXT,		/* free text, one line */
	LLM_ARG_DATE,		/* YYYY-MM-DD */
	LLM_ARG_TOKEN,		/* a reference we issued */
	LLM_ARG_PHONE,
	LLM_ARG_PART		/* part of the day */
};

struct llm_arg {
	const char		*name;
	enum llm_arg_kind	 kind;
	int			 required;
	size_t			 max;	/* bytes */
	const char		*help;
};

struct llm_tool {
	const char		*name;
	const char		*help;
	const struct llm_arg	*args;
	int			 changes;	/* changes state */
	json_object		*(*run)(struct llm_tools_ctx *, json_object *,
				    char *, size_t);
};

static const char *llm_parts[] = { "morning", "afternoon", "evening", "any",
    NULL };

static struct llm_hooks llm_hooks_now;

static const struct llm_arg llm_args_lookup[] = {
	{ "topic", LLM_ARG_TEXT, 1, 100, "what the patient asks about, "
	    "e.g. prices, parking, insurance, opening hours" },
	{ NULL, 0, 0, 0, NULL }
};

static const struct llm_arg llm_args_slots[] = {
	{ "service", LLM_ARG_TEXT, 1, 100, "the service id from the facts" },
	{ "practitioner", LLM_ARG_TEXT, 0, 100, "a practitioner id, only if "
	    "the patient asked for one" },
	{ "date_from", LLM_ARG_DATE, 0, 10, "first day, YYYY-MM-DD in the "
	    "clinic's time zone; default today" },
	{ "date_to", LLM_ARG_DATE, 0, 10, "last day, YYYY-MM-DD, at most 13 "
	    "days after date_from" },
	{ "part_of_day", LLM_ARG_PART, 0, 10, "morning, afternoon, evening "
	    "or any" },
	{ NULL, 0, 0, 0, NULL }
};

static const struct llm_arg llm_args_pick[] = {
	{ "slot", LLM_ARG_TOKEN, 1, 128, "a slot token from find_slots" },
	{ NULL, 0, 0, 0, NULL }
};

static const struct llm_arg llm_args_book[] = {
	{ "slot", LLM_ARG_TOKEN, 1, 128, "a slot token from find_slots the "
	    "patient explicitly agreed to" },
	{ "name", LLM_ARG_TEXT, 1, 100, "the patient's full name" },
	{ "phone", LLM_ARG_PHONE, 1, 25, "the patient's mobile number" },
	{ "date_of_birth", LLM_ARG_DATE, 1, 10, "YYYY-MM-DD" },
	{ NULL, 0, 0, 0, NULL }
};

static const struct llm_arg llm_args_move[] = {
	{ "booking", LLM_ARG_TOKEN, 0, 64, "the booking reference; or give "
	    "phone instead" },
	{ "phone", LLM_ARG_PHONE, 0, 25, "the phone number the patient "
	    "booked with, when they have no reference" },
	{ "date_of_birth", LLM_ARG_DATE, 1, 10, "the patient's, YYYY-MM-DD" },
	{ "slot", LLM_ARG_TOKEN, 1, 128, "the new slot token from "
	    "find_slots" },
	{ NULL, 0, 0, 0, NULL }
};

static const struct llm_arg llm_args_cancel[] = {
	{ "booking", LLM_ARG_TOKEN, 0, 64, "the booking reference; or give "
	    "phone instead" },
	{ "phone", LLM_ARG_PHONE, 0, 25, "the phone number the patient "
	    "booked with, when they have no reference" },
	{ "date_of_birth", LLM_ARG_DATE, 1, 10, "the patient's, YYYY-MM-DD" },
	{ NULL, 0, 0, 0, NULL }
};

static const struct llm_arg llm_args_handoff[] = {
	{ "reason", LLM_ARG_TEXT, 1, 300, "why a person is needed, in a few "
	    "words, without health details" },
	{ NULL, 0, 0, 0, NULL }
};

static json_object	*llm_run_lookup(struct llm_tools_ctx *, json_object *,
			    char *, size_t);
static json_object	*llm_run_slots(struct llm_tools_ctx *, json_object *,
			    char *, size_t);
static json_object	*llm_run_pick(struct llm_tools_ctx *, json_object *,
			    char *, size_t);
static json_object	*llm_run_book(struct llm_tools_ctx *, json_object *,
			    char *, size_t);
static json_object	*llm_run_move(struct llm_tools_ctx *, json_object *,
			    char *, size_t);
static json_object	*llm_run_cancel(struct llm_tools_ctx *, json_object *,
			    char *, size_t);
static json_object	*llm_run_handoff(struct llm_tools_ctx *, json_object *,
			    char *, size_t);

static const struct llm_tool llm_tools[] = {
	{ "lookup_facts", "The clinic's facts about a topic.",
	    llm_args_lookup, 0, llm_run_lookup },
	{ "find_slots", "Free appointment times for a service, each with its "
	    "date, weekday and local time.", llm_args_slots, 0,
	    llm_run_slots },
	{ "pick_slot", "Hands a slot the patient chose to the booking form, "
	    "which asks the patient to confirm.", llm_args_pick, 1,
	    llm_run_pick },
	{ "book", "Books a held slot: the first call reads the details back "
	    "to the patient; call again after the patient's yes.",
	    llm_args_book, 1, llm_run_book },
	{ "move", "Moves the patient's booking to a new slot once the "
	    "patient confirmed (the new time is secured before the old one "
	    "is released).", llm_args_move, 1,
	    llm_run_move },
	{ "cancel", "Cancels the patient's booking once the patient "
	    "confirmed.", llm_args_cancel, 1,
	    llm_run_cancel },
	{ "handoff_to_staff", "Asks the clinic's staff to take over the "
	    "conversation.", llm_args_handoff, 0, llm_run_handoff },
};

#define LLM_NTOOLS (sizeof(llm_tools) / sizeof(llm_tools[0]))

/* --- dates --- */

long
llm_days(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
llm_civil(long days, int *y, int *m, int *d)
{
	long	 z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
llm_date_parse(const char *s, int *y, int *m, int *d)
{
	int	 yy, mm, dd, cy, cm, cd, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &yy, &mm, &dd, &n)
	    != 3 || n != 10 || s[4] != '-' || s[7] != '-' ||
	    !isdigit((unsigned char)s[5]) || !isdigit((unsigned char)s[8]))
		return -1;
	if (yy < 1900 || mm < 1 || mm > 12 || dd < 1 || dd > 31)
		return -1;
	llm_civil(llm_days(yy, mm, dd), &cy, &cm, &cd);
	if (cy != yy || cm != mm || cd != dd)
		return -1;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

const char *
llm_weekday_name(int wday)
{
	static const char *n[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };

	return wday >= 0 && wday < 7 ? n[wday] : "";
}

const char *
llm_month_name(int mon)
{
	static const char *n[] = { "January", "February", "March", "April",
	    "May", "June", "July", "August", "September", "October",
	    "November", "December" };

	return mon >= 1 && mon <= 12 ? n[mon - 1] : "";
}

int
llm_wday(long days)
{
	return (int)(((days % 7) + 11) % 7);	/* 1970-01-01: Thursday */
}

/* Today in the clinic's zone, in days since the epoch. */
static long
llm_today(const struct turn *t)
{
	struct tm	 tm;

	if (t->clinic->timezone == NULL ||
	    tz_local(t->clinic->timezone, t->now, &tm) == -1)
		gmtime_r(&t->now, &tm);
	return llm_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* {"date": "YYYY-MM-DD", "weekday": "Tuesday"} */
static json_object *
llm_date_obj(long days)
{
	json_object	*o = json_object_new_object();
	char		 s[16];
	int		 y, m, d;

	llm_civil(days, &y, &m, &d);
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	json_object_object_add(o, "date", json_object_new_string(s));
	json_object_object_add(o, "weekday",
	    json_object_new_string(llm_weekday_name(llm_wday(days))));
	return o;
}

/* --- schemas --- */

static json_object *
llm_tool_schema(const struct llm_tool *tool)
{
	json_object	*props = json_object_new_object(), *req, *p, *f, *o;
	const struct llm_arg *a;
	int		 i;

	req = json_object_new_array();
	for (a = tool->args; a->name != NULL; a++) {
		p = json_object_new_object();
		json_object_object_add(p, "type",
		    json_object_new_string("string"));
		json_object_object_add(p, "description",
		    json_object_new_string(a->help));
		if (a->kind == LLM_ARG_PART) {
			json_object *e = json_object_new_array();

			for (i = 0; llm_parts[i] != NULL; i++)
				json_object_array_add(e,
				    json_object_new_string(llm_parts[i]));
			json_object_object_add(p, "enum", e);
		}
		json_object_object_add(props, a->name, p);
		if (a->required)
			json_object_array_add(req,
			    json_object_new_string(a->name));
	}
	p = json_object_new_object();
	json_object_object_add(p, "type", json_object_new_string("object"));
	json_object_object_add(p, "properties", props);
	json_object_object_add(p, "required", req);
	json_object_object_add(p, "additionalProperties",
	    json_object_new_boolean(0));
	f = json_object_new_object();
	json_object_object_add(f, "name", json_object_new_string(tool->name));
	json_object_object_add(f, "description",
	    json_object_new_string(tool->help));
	json_object_object_add(f, "parameters", p);
	o = json_object_new_object();
	json_object_object_add(o, "type", json_object_new_string("function"));
	json_object_object_add(o, "function", f);
	return o;
}

json_object *
llm_tools_schemas(void)
{
	json_object	*a = json_object_new_array();
	size_t		 i;

	for (i = 0; i < LLM_NTOOLS; i++)
		json_object_array_add(a, llm_tool_schema(&llm_tools[i]));
	return a;
}

/* --- arguments --- */

static int
llm_fail(char *err, size_t errsz, const char *msg)
{
	snprintf(err, errsz, "%s", msg);
	return -1;
}

static int
llm_blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

int
llm_tools_args(json_object *raw, json_object **args, char *err,
    size_t errsz)
{
	json_object	*o, *inner;
	const char	*s;
	size_t		 len;

	*args = NULL;
	if (raw == NULL || json_object_is_type(raw, json_type_object)) {
		*args = raw != NULL ? json_object_get(raw) :
		    json_object_new_object();
		return 0;
	}
	if (!json_object_is_type(raw, json_type_string))
		return llm_fail(err, errsz, "arguments must be a JSON object");
	s = json_object_get_string(raw);
	len = (size_t)json_object_get_string_len(raw);
	if (llm_blank(s, len)) {
		*args = json_object_new_object();
		return 0;
	}
	if ((o = util_json_parse(s, len)) == NULL)
		return llm_fail(err, errsz, "arguments are not valid JSON "
		    "(cut off?); send them again as one JSON object");
	if (json_object_is_type(o, json_type_string)) {
		/* encoded twice: decode one more level, no further */
		inner = util_json_parse(json_object_get_string(o),
		    (size_t)json_object_get_string_len(o));
		json_object_put(o);
		o = inner;
	}
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return llm_fail(err, errsz, "arguments must be a JSON object");
	}
	*args = o;
	return 0;
}

static int
llm_text_ok(const char *s, size_t len, size_t max)
{
	size_t	 i;

	if (len == 0 || len > max || strlen(s) != len)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return !llm_blank(s, len);
}

static int
llm_value_ok(const struct llm_arg *a, const char *s, size_t len)
{
	int	 y, m, d, i, digits = 0;

	if (!llm_text_ok(s, len, a->max))
		return 0;
	switch (a->kind) {
	case LLM_ARG_DATE:
		return llm_date_parse(s, &y, &m, &d) == 0;
	case LLM_ARG_TOKEN:
		return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
		    "rstuvwxyz0123456789._:-") == len;
	case LLM_ARG_PHONE:
		for (i = 0; s[i] != '\0'; i++)
			digits += isdigit((unsigned char)s[i]) != 0;
		return digits >= 7 && strspn(s, "+0123456789 ()-") == len;
	case LLM_ARG_PART:
		for (i = 0; llm_parts[i] != NULL; i++)
			if (strcmp(s, llm_parts[i]) == 0)
				return 1;
		return 0;
	default:
		return 1;
	}
}

static const struct llm_arg *
llm_arg_find(const struct llm_arg *args, const char *name)
{
	for (; args->name != NULL; args++)
		if (strcmp(args->name, name) == 0)
			return args;
	return NULL;
}

/* "X: expected a, b, c" into err. */
static int
llm_arg_fail(const struct llm_arg *args, const char *what, char *err,
    size_t errsz)
{
	size_t	 n;

	snprintf(err, errsz, "%s; the arguments are:", what);
	for (; args->name != NULL; args++) {
		n = strlen(err);
		snprintf(err + n, errsz - n, " %s%s%s", args->name,
		    args->required ? "" : " (optional)",
		    args[1].name != NULL ? "," : "");
	}
	return -1;
}

/* Checks every member of in against args; copies them into out. */
static int
llm_args_members(const struct llm_arg *args, json_object *in,
    json_object *out, char *err, size_t errsz)
{
	const struct llm_arg	*a;
	const char		*s;
	size_t			 len;
	char			 msg[128];

	json_object_object_foreach(in, key, val) {
		if ((a = llm_arg_find(args, key)) == NULL)
			return llm_arg_fail(args, "unexpected argument", err,
			    errsz);
		if (val == NULL && !a->required)
			continue;	/* null: absent */
		if (!json_object_is_type(val, json_type_string))
			return llm_arg_fail(args, "every argument is a string",
			    err, errsz);
		s = json_object_get_string(val);
		len = (size_t)json_object_get_string_len(val);
		if (!llm_value_ok(a, s, len)) {
			snprintf(msg, sizeof(msg), "%s is not valid", a->name);
			return llm_arg_fail(args, msg, err, errsz);
		}
		json_object_object_add(out, a->name,
		    json_object_new_string(s));
	}
	return 0;
}

/* The checked arguments: a new object, or NULL with err. */
static json_object *
llm_args_check(const struct llm_arg *args, json_object *in, char *err,
    size_t errsz)
{
	json_object		*out = json_object_new_object();
	const struct llm_arg	*a;
	char			 msg[128];

	if (llm_args_members(args, in, out, err, errsz) == -1)
		goto fail;
	for (a = args; a->name != NULL; a++)
		if (a->required &&
		    !json_object_object_get_ex(out, a->name, NULL)) {
			snprintf(msg, sizeof(msg), "%s is missing", a->name);
			llm_arg_fail(args, msg, err, errsz);
			goto fail;
		}
	return out;
fail:
	json_object_put(out);
	return NULL;
}

/* --- tools --- */

void
llm_tools_wire(const struct llm_hooks *h)
{
	if (h == NULL)
		memset(&llm_hooks_now, 0, sizeof(llm_hooks_now));
	else
		llm_hooks_now = *h;
}

void
llm_tools_begin(struct turn *t)
{
	if (llm_hooks_now.begin != NULL)
		llm_hooks_now.begin(t);
}

static json_object *
llm_run_hook(struct llm_tools_ctx *ctx, llm_tool_fn fn, json_object *args,
    char *err, size_t errsz)
{
	json_object	*r = NULL;

	if (fn == NULL) {
		snprintf(err, errsz, "%s", LLM_TOOLS_UNWIRED);
		return NULL;
	}
	if (fn(ctx->t, args, &r, err, errsz) == -1 || r == NULL) {
		json_object_put(r);
		if (err[0] == '\0')
			snprintf(err, errsz, "the tool failed");
		return NULL;
	}
	return r;
}

static json_object *
llm_run_lookup(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	json_object	*r;

	r = llm_facts_lookup(ctx->t->clinic,
	    util_json_str(args, "topic", NULL));
	if (r == NULL)
		snprintf(err, errsz, "the facts are not available");
	return r;
}

/* Whether the entry's id or name is s (names: also without a title
 * such as "Dr." and by the last word alone). */
static int
llm_names_match(json_object *e, const char *s)
{
	const char	*id = util_json_str(e, "id", NULL);
	const char	*name = util_json_str(e, "name", NULL), *p;

	if (id != NULL && strcasecmp(id, s) == 0)
		return 1;
	if (name == NULL)
		return 0;
	if (strcasecmp(name, s) == 0)
		return 1;
	if ((p = strchr(name, ' ')) != NULL && strchr(name, '.') != NULL &&
	    strchr(name, '.') < p && strcasecmp(p + 1, s) == 0)
		return 1;
	return (p = strrchr(name, ' ')) != NULL && strcasecmp(p + 1, s) == 0;
}

/* The element of the clinic's array key that s names, or NULL. */
static json_object *
llm_clinic_find(const struct turn *t, const char *key, const char *s)
{
	json_object	*a, *e;
	size_t		 i;

	if (!json_object_object_get_ex(t->clinic->doc, key, &a) ||
	    !json_object_is_type(a, json_type_array))
		return NULL;
	for (i = 0; i < json_object_array_length(a); i++) {
		e = json_object_array_get_idx(a, i);
		if (llm_names_match(e, s))
			return e;
	}
	return NULL;
}

/* "the ids are: a, b, c" of the clinic's array key, into err. */
static void
llm_list_ids(const struct turn *t, const char *key, const char *what,
    char *err, size_t errsz)
{
	json_object	*a;
	size_t		 i, n;

	snprintf(err, errsz, "%s; the %s ids are:", what, key);
	if (!json_object_object_get_ex(t->clinic->doc, key, &a))
		return;
	for (i = 0; i < json_object_array_length(a); i++) {
		const char *id = util_json_str(json_object_array_get_idx(a, i),
		    "id", NULL);

		n = strlen(err);
		if (id != NULL)
			snprintf(err + n, errsz - n, "%s %s", i ? "," : "",
			    id);
	}
}

static int
llm_offers(json_object *service, const char *prac)
{
	json_object	*a;
	size_t		 i;

	if (!json_object_object_get_ex(service, "practitioners", &a))
		return 0;
	for (i = 0; i < json_object_array_length(a); i++)
		if (strcmp(json_object_get_string(
		    json_object_array_get_idx(a, i)), prac) == 0)
			return 1;
	return 0;
}

/* Resolves service and practitioner to the clinic's ids in args. */
static int
llm_slots_who(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	json_object	*svc, *prac = NULL;
	const char	*p = util_json_str(args, "practitioner", NULL), *id;

	svc = llm_clinic_find(ctx->t, "services",
	    util_json_str(args, "service", NULL));
	if (svc == NULL) {
		llm_list_ids(ctx->t, "services", "unknown service", err,
		    errsz);
		return -1;
	}
	if (p != NULL && ((prac = llm_clinic_find(ctx->t, "practitioners",
	    p)) == NULL || !llm_offers(svc, util_json_str(prac, "id", NULL)))) {
		snprintf(err, errsz, "no such practitioner offers this "
		    "service; see the service's practitioners in the facts");
		return -1;
	}
	id = util_json_str(svc, "id", NULL);
	json_object_object_add(args, "service", json_object_new_string(id));
	if (prac != NULL)
		json_object_object_add(args, "practitioner",
		    json_object_new_string(util_json_str(prac, "id", NULL)));
	return 0;
}

static long
llm_arg_days(json_object *args, const char *key, long dflt)
{
	const char	*s = util_json_str(args, key, NULL);
	int		 y, m, d;

	if (s == NULL || llm_date_parse(s, &y, &m, &d) == -1)
		return dflt;
	return llm_days(y, m, d);
}

static long
llm_max_ahead(const struct turn *t)
{
	json_object	*b, *v;

	if (json_object_object_get_ex(t->clinic->doc, "booking", &b) &&
	    json_object_object_get_ex(b, "max_days_ahead", &v) &&
	    json_object_get_int(v) > 0)
		return json_object_get_int(v);
	return 60;
}

/* Checks the date range against today; writes it back normalised. */
static int
llm_slots_when(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	long	 today = llm_today(ctx->t), from, to;
	int	 y, m, d;

	from = llm_arg_days(args, "date_from", today);
	to = llm_arg_days(args, "date_to", from + 6);
	llm_civil(today, &y, &m, &d);
	if (from < today) {
		snprintf(err, errsz, "date_from is in the past: today is %s "
		    "%04d-%02d-%02d", llm_weekday_name(llm_wday(today)), y, m,
		    d);
		return -1;
	}
	if (to < from || to - from >= LLM_SPAN_DAYS_MAX)
		return llm_fail(err, errsz, "date_to must be on or after "
		    "date_from and at most 13 days later");
	if (from > today + llm_max_ahead(ctx->t))
		return llm_fail(err, errsz, "the clinic does not book that "
		    "far ahead");
	json_object_object_add(args, "date_from", llm_date_obj(from));
	json_object_object_add(args, "date_to", llm_date_obj(to));
	return 0;
}

/* The date objects become plain dates for the hook; a new object. */
static json_object *
llm_slots_args(json_object *args)
{
	json_object	*o = json_object_new_object(), *v;

	json_object_object_foreach(args, key, val) {
		v = val;
		if (json_object_is_type(val, json_type_object))
			json_object_object_get_ex(val, "date", &v);
		json_object_object_add(o, key, json_object_get(v));
	}
	if (!json_object_object_get_ex(o, "part_of_day", NULL))
		json_object_object_add(o, "part_of_day",
		    json_object_new_string("any"));
	return o;
}

static json_object *
llm_run_slots(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	json_object	*plain, *r, *e;

	if (llm_slots_who(ctx, args, err, errsz) == -1 ||
	    llm_slots_when(ctx, args, err, errsz) == -1)
		return NULL;
	plain = llm_slots_args(args);
	r = llm_run_hook(ctx, llm_hooks_now.find_slots, plain, err, errsz);
	json_object_put(plain);
	if (r != NULL)
		return r;

	/* no slots: still read the dates back with their weekdays */
	e = json_object_new_object();
	json_object_object_add(e, "error", json_object_new_string(err));
	json_object_object_add(e, "date_from", json_object_get(
	    json_object_object_get(args, "date_from")));
	json_object_object_add(e, "date_to", json_object_get(
	    json_object_object_get(args, "date_to")));
	err[0] = '\0';
	return e;
}

static json_object *
llm_run_pick(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	return llm_run_hook(ctx, llm_hooks_now.pick_slot, args, err, errsz);
}

static json_object *
llm_run_book(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	return llm_run_hook(ctx, llm_hooks_now.book, args, err, errsz);
}

static json_object *
llm_run_move(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	return llm_run_hook(ctx, llm_hooks_now.move, args, err, errsz);
}

static json_object *
llm_run_cancel(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	return llm_run_hook(ctx, llm_hooks_now.cancel, args, err, errsz);
}

static json_object *
llm_run_handoff(struct llm_tools_ctx *ctx, json_object *args, char *err,
    size_t errsz)
{
	json_object	*r, *c;
	const char	*phone = NULL;

	if (llm_hooks_now.handoff != NULL)
		return llm_run_hook(ctx, llm_hooks_now.handoff, args, err,
		    errsz);
	turn_event(ctx->t, "handoff_requested", "llm");
	if (json_object_object_get_ex(ctx->t->clinic->doc, "contact", &c))
		phone = util_json_str(c, "phone", NULL);
	r = json_object_new_object();
	json_object_object_add(r, "recorded", json_object_new_boolean(1));
	json_object_object_add(r, "note", json_object_new_string("The request "
	    "is recorded for the staff; no call back is promised. Give the "
	    "patient the clinic's phone number."));
	if (phone != NULL)
		json_object_object_add(r, "phone",
		    json_object_new_string(phone));
	return r;
}

static const struct llm_tool *
llm_tool_find(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < LLM_NTOOLS; i++)
		if (strcmp(llm_tools[i].name, name) == 0)
			return &llm_tools[i];
	return NULL;
}

int
llm_tools_changes(const char *name)
{
	const struct llm_tool *tool = llm_tool_find(name);

	return tool != NULL && tool->changes;
}

void
llm_tools_init(struct llm_tools_ctx *ctx, struct turn *t)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->t = t;
	buf_init(&ctx->results, LLM_RESULTS_MAX);
}

void
llm_tools_release(struct llm_tools_ctx *ctx)
{
	buf_release(&ctx->results);
}

/* Whether a result says a booking, move or cancel was done. */
static int
llm_tools_done(json_object *r)
{
	static const char *keys[] = { "booked", "moved", "cancelled", NULL };
	json_object	*v;
	int		 i;

	for (i = 0; keys[i] != NULL; i++)
		if (json_object_object_get_ex(r, keys[i], &v) &&
		    json_object_is_type(v, json_type_boolean) &&
		    json_object_get_boolean(v))
			return 1;
	return 0;
}

/* Checks the call and runs it: the result, or NULL with err. */
static json_object *
llm_tools_run(struct llm_tools_ctx *ctx, const struct llm_tool *tool,
    json_object *raw, char *err, size_t errsz)
{
	json_object	*args = NULL, *checked = NULL, *r = NULL;

	if (llm_tools_args(raw, &args, err, errsz) == -1 ||
	    (checked = llm_args_check(tool->args, args, err, errsz)) == NULL)
		goto out;
	if (ctx->no_cancel && strcmp(tool->name, "cancel") == 0) {
		snprintf(err, errsz, "not cancelled: to change an appointment "
		    "call move, which secures the new time first");
		goto out;
	}
	if (tool->changes && ctx->changes++ > 0) {
		snprintf(err, errsz, "only one booking change per message; "
		    "call it again once this one's result is known");
		goto out;
	}
	if ((r = tool->run(ctx, checked, err, errsz)) != NULL &&
	    tool->changes && llm_tools_done(r))
		ctx->changed = 1;
out:
	json_object_put(args);
	json_object_put(checked);
	return r;
}

json_object *
llm_tools_call(struct llm_tools_ctx *ctx, const char *name,
    json_object *raw)
{
	const struct llm_tool	*tool;
	json_object		*r = NULL;
	char			 err[LLM_TOOL_ERR_MAX] = "";

	if ((tool = llm_tool_find(name)) == NULL)
		snprintf(err, sizeof(err), "unknown tool; the tools are "
		    "lookup_facts, find_slots, pick_slot, book, move, cancel "
		    "and handoff_to_staff");
	else
		r = llm_tools_run(ctx, tool, raw, err, sizeof(err));
	if (r == NULL) {
		r = json_object_new_object();
		json_object_object_add(r, "error", json_object_new_string(
		    err[0] != '\0' ? err : "the tool failed"));
	}
	if (buf_addstr(&ctx->results, json_object_to_json_string_ext(r,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)) == -1 ||
	    buf_addstr(&ctx->results, "\n") == -1)
		log_warn("llm: tool results past %d bytes", LLM_RESULTS_MAX);
	return r;
}
