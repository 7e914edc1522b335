/*
 * The clinic file: every field's check, the import transaction and
 * loading a clinic.  The meaning of the fields for answers and booking
 * is in the modules that use them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clinic.h"
#include "conf.h"
#include "db.h"
#include "limits.h"
#include "log.h"
#include "tz.h"
#include "util.h"

#define CLINIC_TEXT_MAX	20000	/* characters of any one text field */

/* A validation pass: the first error wins. */
struct check {
	char	*err;
	size_t	 errsz;
	int	 failed;
};

static const char *const clinic_days[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

static int
fail(struct check *c, const char *path, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (c->failed)
		return -1;
	c->failed = 1;
	n = snprintf(c->err, c->errsz, "%s: ", path);
	if (n < 0 || (size_t)n >= c->errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errsz - n, fmt, ap);
	va_end(ap);
	return -1;
}

static void
join(char *dst, size_t dstsz, const char *base, const char *key)
{
	snprintf(dst, dstsz, "%s%s%s", base, *base ? "." : "", key);
}

static int
id_chars(const char *s, size_t min, size_t max)
{
	size_t	 n = strlen(s);

	return n >= min && n <= max &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

int
clinic_id_valid(const char *id)
{
	return id != NULL && id_chars(id, 2, 64);
}

static int
lang_code(const char *s)
{
	return strlen(s) == 2 && strspn(s, "abcdefghijklmnopqrstuvwxyz") == 2;
}

/* Gets member key of obj of type t.  1 found, 0 absent (or null), -1 bad. */
static int
member(struct check *c, json_object *obj, const char *base, const char *key,
    json_type t, int required, json_object **out)
{
	char		 path[256];
	json_object	*v = NULL;
	static const char *const names[] = { "null", "a boolean", "a number",
	    "an integer", "an object", "an array", "a string" };

	join(path, sizeof(path), base, key);
	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || v == NULL) {
		if (required)
			return fail(c, path, "is required");
		return 0;
	}
	if (!json_object_is_type(v, t))
		return fail(c, path, "must be %s", names[t]);
	*out = v;
	return 1;
}

static int
text_ok(struct check *c, const char *path, json_object *v)
{
	const char	*s = json_object_get_string(v);
	size_t		 len = (size_t)json_object_get_string_len(v);

	if (strlen(s) != len)
		return fail(c, path, "must not contain a NUL character");
	if (utf8_count(s, len) > CLINIC_TEXT_MAX)
		return fail(c, path, "is too long");
	return 0;
}

static int
string_field(struct check *c, json_object *obj, const char *base,
    const char *key, int required, const char **out)
{
	char		 path[256];
	json_object	*v;
	int		 rc;

	join(path, sizeof(path), base, key);
	if ((rc = member(c, obj, base, key, json_type_string, required,
	    &v)) != 1)
		return rc;
	if (text_ok(c, path, v) == -1)
		return -1;
	if (required && json_object_get_string_len(v) == 0)
		return fail(c, path, "must not be empty");
	if (out != NULL)
		*out = json_object_get_string(v);
	return 1;
}

static int
int_field(struct check *c, json_object *obj, const char *base,
    const char *key, int required, long min, long max)
{
	char		 path[256];
	json_object	*v;
	int64_t		 n;
	int		 rc;

	join(path, sizeof(path), base, key);
	if (json_object_object_get_ex(obj, key, &v) &&
	    json_object_is_type(v, json_type_int) == 0 && v != NULL)
		return fail(c, path, min > 0 ? "must be a positive integer" :
		    "must be a whole number of at least %ld", min);
	if ((rc = member(c, obj, base, key, json_type_int, required, &v)) != 1)
		return rc;
	n = json_object_get_int64(v);
	if (n < min)
		return fail(c, path, min > 0 ? "must be a positive integer" :
		    "must be a whole number of at least %ld", min);
	if (n > max)
		return fail(c, path, "must be at most %ld", max);
	return 1;
}

/* An array of strings; each passes ok() when given. */
static int
strings_field(struct check *c, json_object *obj, const char *base,
    const char *key, int (*ok)(const char *), const char *what)
{
	char		 path[256], ipath[300];
	json_object	*arr, *v;
	size_t		 i;
	int		 rc;

	join(path, sizeof(path), base, key);
	if ((rc = member(c, obj, base, key, json_type_array, 0, &arr)) != 1)
		return rc;
	for (i = 0; i < json_object_array_length(arr); i++) {
		snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i);
		v = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(v, json_type_string))
			return fail(c, ipath, "must be a string");
		if (text_ok(c, ipath, v) == -1)
			return -1;
		if (ok != NULL && !ok(json_object_get_string(v)))
			return fail(c, ipath, "must be %s", what);
	}
	return 1;
}

static int
hhmm(const char *s)
{
	return strlen(s) == 5 && s[2] == ':' &&
	    strspn(s, "0123456789:") == 5 &&
	    atoi(s) <= 24 && atoi(s + 3) <= 59 &&
	    (atoi(s) < 24 || atoi(s + 3) == 0);
}

/* One day's list of [start, end] pairs. */
static int
day_ranges(struct check *c, const char *path, json_object *arr)
{
	char		 ipath[300];
	json_object	*pair, *a, *b;
	size_t		 i;

	if (!json_object_is_type(arr, json_type_array))
		return fail(c, path, "must be a list of [start, end] pairs");
	for (i = 0; i < json_object_array_length(arr); i++) {
		snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i);
		pair = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(pair, json_type_array) ||
		    json_object_array_length(pair) != 2)
			return fail(c, ipath, "must be a [start, end] pair");
		a = json_object_array_get_idx(pair, 0);
		b = json_object_array_get_idx(pair, 1);
		if (!json_object_is_type(a, json_type_string) ||
		    !json_object_is_type(b, json_type_string) ||
		    !hhmm(json_object_get_string(a)) ||
		    !hhmm(json_object_get_string(b)))
			return fail(c, ipath, "times must be \"HH:MM\"");
		if (strcmp(json_object_get_string(a),
		    json_object_get_string(b)) >= 0)
			return fail(c, ipath, "must start before it ends");
	}
	return 0;
}

static int
hours_field(struct check *c, json_object *obj, const char *base,
    const char *key, int required)
{
	char		 path[256], dpath[300];
	json_object	*hours;
	size_t		 i;
	int		 rc, known;

	join(path, sizeof(path), base, key);
	if ((rc = member(c, obj, base, key, json_type_object, required,
	    &hours)) != 1)
		return rc;
	json_object_object_foreach(hours, day, ranges) {
		known = 0;
		for (i = 0; i < 7; i++)
			known |= strcmp(day, clinic_days[i]) == 0;
		snprintf(dpath, sizeof(dpath), "%s.%s", path, day);
		if (!known)
			return fail(c, dpath, "must be a day, mon to sun");
		if (day_ranges(c, dpath, ranges) == -1)
			return -1;
	}
	return 1;
}

static int
date_ok(const char *s)
{
	int	 y, m, d, n = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3
	    || n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if (y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 || y % 400 == 0)))
		return 0;
	return 1;
}

static int
origin_ok(const char *s)
{
	const char	*host;

	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return 0;
	return *host != '\0' && strspn(host, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == strlen(host);
}

static int
collect_ok(const char *s)
{
	return strcmp(s, "name") == 0 || strcmp(s, "phone") == 0 ||
	    strcmp(s, "date_of_birth") == 0 || strcmp(s, "email") == 0;
}

static int
channel_ok(const char *s)
{
	return strcmp(s, "whatsapp") == 0 || strcmp(s, "sms") == 0 ||
	    strcmp(s, "email") == 0;
}

static int
check_top(struct check *c, json_object *doc)
{
	const char	*s;
	json_object	*v;

	if (string_field(c, doc, "", "id", 1, &s) == -1)
		return -1;
	if (!clinic_id_valid(s))
		return fail(c, "id", "must be 2 to 64 of a-z, 0-9 and '-'");
	if (string_field(c, doc, "", "name", 1, NULL) == -1 ||
	    string_field(c, doc, "", "kind", 0, NULL) == -1)
		return -1;
	if (string_field(c, doc, "", "timezone", 1, &s) == -1)
		return -1;
	if (!tz_valid(s))
		return fail(c, "timezone", "unknown time zone \"%s\"", s);
	if (string_field(c, doc, "", "country", 1, &s) == -1)
		return -1;
	if (strlen(s) != 2 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2)
		return fail(c, "country", "must be an ISO 3166 alpha-2 code");
	if (string_field(c, doc, "", "default_language", 1, &s) == -1)
		return -1;
	if (!lang_code(s))
		return fail(c, "default_language", "must be an ISO 639-1 code");
	if (strings_field(c, doc, "", "languages", lang_code,
	    "an ISO 639-1 code") == -1)
		return -1;
	if (member(c, doc, "", "contact", json_type_object, 0, &v) == -1)
		return -1;
	if (v != NULL && (string_field(c, v, "contact", "phone", 0, NULL) ==
	    -1 || string_field(c, v, "contact", "email", 0, NULL) == -1 ||
	    string_field(c, v, "contact", "whatsapp", 0, NULL) == -1 ||
	    string_field(c, v, "contact", "address", 0, NULL) == -1 ||
	    string_field(c, v, "contact", "website", 0, NULL) == -1))
		return -1;
	if (strings_field(c, doc, "", "allowed_origins", origin_ok,
	    "an origin such as https://clinic.example") == -1)
		return -1;
	if (hours_field(c, doc, "", "opening_hours", 1) == -1)
		return -1;
	if (string_field(c, doc, "", "bank_holidays", 0, &s) == -1)
		return -1;
	if (json_object_object_get_ex(doc, "bank_holidays", &v) && v &&
	    strcmp(s, "england-and-wales") && strcmp(s, "scotland") &&
	    strcmp(s, "northern-ireland"))
		return fail(c, "bank_holidays", "must be england-and-wales, "
		    "scotland or northern-ireland");
	return 0;
}

static int
check_closures(struct check *c, json_object *doc)
{
	char		 path[64];
	json_object	*arr, *o;
	const char	*from, *to;
	size_t		 i;

	if (member(c, doc, "", "closures", json_type_array, 0, &arr) != 1)
		return c->failed ? -1 : 0;
	for (i = 0; i < json_object_array_length(arr); i++) {
		snprintf(path, sizeof(path), "closures[%zu]", i);
		o = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(o, json_type_object))
			return fail(c, path, "must be an object");
		if (string_field(c, o, path, "from", 1, &from) == -1 ||
		    string_field(c, o, path, "to", 1, &to) == -1 ||
		    string_field(c, o, path, "reason", 0, NULL) == -1)
			return -1;
		if (!date_ok(from) || !date_ok(to))
			return fail(c, path, "from and to must be dates, "
			    "YYYY-MM-DD");
		if (strcmp(from, to) > 0)
			return fail(c, path, "from must not be after to");
	}
	return 0;
}

static int
unique_id(struct check *c, json_object *arr, size_t upto, const char *path,
    const char *id)
{
	size_t		 i;
	const char	*other;

	for (i = 0; i < upto; i++) {
		other = util_json_str(json_object_array_get_idx(arr, i), "id",
		    NULL);
		if (other != NULL && strcmp(other, id) == 0)
			return fail(c, path, "duplicate id \"%s\"", id);
	}
	return 0;
}

/* The fields of one practitioner, past its id. */
static int
check_practitioner(struct check *c, json_object *doc, json_object *o,
    const char *path)
{
	(void)doc;
	if (string_field(c, o, path, "name", 1, NULL) == -1 ||
	    string_field(c, o, path, "role", 0, NULL) == -1 ||
	    string_field(c, o, path, "bio", 0, NULL) == -1 ||
	    strings_field(c, o, path, "specialties", NULL, NULL) == -1 ||
	    strings_field(c, o, path, "languages", lang_code,
	    "an ISO 639-1 code") == -1 ||
	    hours_field(c, o, path, "hours", 0) == -1)
		return -1;
	return 0;
}

/*
 * A list of objects with unique ids (practitioners, services): checks
 * each one's id, then the rest through fields().
 */
static int
check_items(struct check *c, json_object *doc, const char *key,
    int (*fields)(struct check *, json_object *, json_object *,
    const char *))
{
	char		 path[64];
	json_object	*arr, *o;
	const char	*id;
	size_t		 i;

	if (member(c, doc, "", key, json_type_array, 0, &arr) != 1)
		return c->failed ? -1 : 0;
	for (i = 0; i < json_object_array_length(arr); i++) {
		snprintf(path, sizeof(path), "%s[%zu]", key, i);
		o = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(o, json_type_object))
			return fail(c, path, "must be an object");
		if (string_field(c, o, path, "id", 1, &id) == -1)
			return -1;
		if (!id_chars(id, 1, 64))
			return fail(c, path, "id must be 1 to 64 of a-z, 0-9 "
			    "and '-'");
		if (unique_id(c, arr, i, path, id) == -1 ||
		    fields(c, doc, o, path) == -1)
			return -1;
	}
	return 0;
}

static int
practitioner_known(json_object *doc, const char *id)
{
	json_object	*arr;
	const char	*p;
	size_t		 i;

	if (!json_object_object_get_ex(doc, "practitioners", &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(arr); i++) {
		p = util_json_str(json_object_array_get_idx(arr, i), "id",
		    NULL);
		if (p != NULL && strcmp(p, id) == 0)
			return 1;
	}
	return 0;
}

static int
check_service(struct check *c, json_object *doc, json_object *o,
    const char *path)
{
	char		 ppath[128];
	json_object	*price, *prs, *v;
	const char	*s;
	size_t		 i;

	if (string_field(c, o, path, "name", 1, NULL) == -1 ||
	    int_field(c, o, path, "duration_min", 1, 1, 24 * 60) == -1 ||
	    string_field(c, o, path, "description", 0, NULL) == -1 ||
	    member(c, o, path, "online", json_type_boolean, 0, &v) == -1 ||
	    member(c, o, path, "price", json_type_object, 0, &price) == -1)
		return -1;
	snprintf(ppath, sizeof(ppath), "%s.price", path);
	if (price != NULL && (int_field(c, price, ppath, "amount", 1, 0,
	    100000000) == -1 || string_field(c, price, ppath, "currency", 1,
	    &s) == -1))
		return -1;
	if (price != NULL && (strlen(s) != 3 ||
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
		return fail(c, ppath, "currency must be an ISO 4217 code");
	if (strings_field(c, o, path, "practitioners", NULL, NULL) == -1 ||
	    member(c, o, path, "practitioners", json_type_array, 0, &prs) == -1)
		return -1;
	for (i = 0; prs != NULL && i < json_object_array_length(prs); i++) {
		s = json_object_get_string(json_object_array_get_idx(prs, i));
		snprintf(ppath, sizeof(ppath), "%s.practitioners[%zu]", path,
		    i);
		if (!practitioner_known(doc, s))
			return fail(c, ppath, "unknown practitioner \"%s\"", s);
	}
	return 0;
}

static int
check_texts(struct check *c, json_object *doc)
{
	char		 path[128];
	json_object	*o;

	if (member(c, doc, "", "insurance", json_type_object, 0, &o) == -1)
		return -1;
	if (o != NULL && (strings_field(c, o, "insurance", "accepted", NULL,
	    NULL) == -1 || strings_field(c, o, "insurance", "not_accepted",
	    NULL, NULL) == -1 || string_field(c, o, "insurance", "notes", 0,
	    NULL) == -1))
		return -1;
	if (member(c, doc, "", "policies", json_type_object, 0, &o) == -1)
		return -1;
	if (o != NULL) {
		json_object_object_foreach(o, key, val) {
			snprintf(path, sizeof(path), "policies.%s", key);
			if (!json_object_is_type(val, json_type_string))
				return fail(c, path, "must be a string");
			if (text_ok(c, path, val) == -1)
				return -1;
		}
	}
	return 0;
}

static int
check_faq(struct check *c, json_object *o, const char *path)
{
	char		 tpath[128];
	json_object	*tr;

	if (string_field(c, o, path, "q", 1, NULL) == -1 ||
	    string_field(c, o, path, "a", 1, NULL) == -1 ||
	    strings_field(c, o, path, "tags", NULL, NULL) == -1 ||
	    member(c, o, path, "translations", json_type_object, 0, &tr) == -1)
		return -1;
	if (tr == NULL)
		return 0;
	json_object_object_foreach(tr, lang, t) {
		snprintf(tpath, sizeof(tpath), "%s.translations.%s", path,
		    lang);
		if (!lang_code(lang))
			return fail(c, tpath, "must be an ISO 639-1 code");
		if (!json_object_is_type(t, json_type_object))
			return fail(c, tpath, "must be an object {q, a}");
		if (string_field(c, t, tpath, "q", 1, NULL) == -1 ||
		    string_field(c, t, tpath, "a", 1, NULL) == -1)
			return -1;
	}
	return 0;
}

static int
check_faqs(struct check *c, json_object *doc)
{
	char		 path[64];
	json_object	*arr, *o;
	size_t		 i;

	if (member(c, doc, "", "faqs", json_type_array, 0, &arr) != 1)
		return c->failed ? -1 : 0;
	for (i = 0; i < json_object_array_length(arr); i++) {
		snprintf(path, sizeof(path), "faqs[%zu]", i);
		o = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(o, json_type_object))
			return fail(c, path, "must be an object");
		if (check_faq(c, o, path) == -1)
			return -1;
	}
	return 0;
}

static int
check_booking(struct check *c, json_object *doc)
{
	json_object	*o;

	if (member(c, doc, "", "booking", json_type_object, 0, &o) != 1)
		return c->failed ? -1 : 0;
	if (int_field(c, o, "booking", "min_notice_hours", 0, 0, 24 * 365)
	    == -1 || int_field(c, o, "booking", "max_days_ahead", 0, 1, 730)
	    == -1 || int_field(c, o, "booking", "slot_step_min", 0, 5, 240)
	    == -1 || int_field(c, o, "booking", "reminder_hours_before", 0, 0,
	    24 * 14) == -1)
		return -1;
	if (strings_field(c, o, "booking", "collect", collect_ok,
	    "name, phone, date_of_birth or email") == -1 ||
	    strings_field(c, o, "booking", "confirmation_channels",
	    channel_ok, "whatsapp, sms or email") == -1)
		return -1;
	return 0;
}

static int
check_privacy(struct check *c, json_object *doc)
{
	json_object	*o;

	if (member(c, doc, "", "privacy", json_type_object, 0, &o) != 1)
		return c->failed ? -1 : 0;
	if (int_field(c, o, "privacy", "retention_months", 0, 1, 1200) == -1)
		return -1;
	return 0;
}

static int
colour_ok(const char *s)
{
	return strlen(s) == 7 && s[0] == '#' &&
	    strspn(s + 1, "0123456789abcdefABCDEF") == 6;
}

static int
check_widget(struct check *c, json_object *doc)
{
	char		 path[64];
	json_object	*o, *arr, *p;
	const char	*s;
	size_t		 i;

	if (member(c, doc, "", "widget", json_type_object, 0, &o) != 1)
		return c->failed ? -1 : 0;
	if (string_field(c, o, "widget", "greeting", 0, NULL) == -1 ||
	    string_field(c, o, "widget", "privacy_notice_url", 0, NULL) == -1)
		return -1;
	if (string_field(c, o, "widget", "colour", 0, &s) == 1 &&
	    !colour_ok(s))
		return fail(c, "widget.colour", "must be a colour, #rrggbb");
	if (member(c, o, "widget", "proactive", json_type_array, 0, &arr) != 1)
		return c->failed ? -1 : 0;
	for (i = 0; i < json_object_array_length(arr); i++) {
		snprintf(path, sizeof(path), "widget.proactive[%zu]", i);
		p = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(p, json_type_object))
			return fail(c, path, "must be an object");
		if (string_field(c, p, path, "path_prefix", 1, &s) == -1)
			return -1;
		if (s[0] != '/')
			return fail(c, path, "path_prefix must start with /");
		if (int_field(c, p, path, "after_seconds", 0, 0, 86400) == -1 ||
		    string_field(c, p, path, "message", 1, NULL) == -1)
			return -1;
	}
	return 0;
}

static int
check_scheduler(struct check *c, json_object *doc)
{
	json_object	*o;
	const char	*kind;

	if (member(c, doc, "", "scheduler", json_type_object, 0, &o) != 1)
		return c->failed ? -1 : 0;
	if (string_field(c, o, "scheduler", "kind", 1, &kind) == -1)
		return -1;
	if (strcmp(kind, "local") && strcmp(kind, "caldav") &&
	    strcmp(kind, "cliniko"))
		return fail(c, "scheduler.kind", "must be local, caldav or "
		    "cliniko");
	return 0;
}

/* The default language must be one of the languages, when they are given. */
static int
check_languages(struct check *c, json_object *doc)
{
	json_object	*arr;
	const char	*dflt = util_json_str(doc, "default_language", NULL);
	size_t		 i;

	if (!json_object_object_get_ex(doc, "languages", &arr) || arr == NULL)
		return 0;
	for (i = 0; i < json_object_array_length(arr); i++)
		if (strcmp(json_object_get_string(
		    json_object_array_get_idx(arr, i)), dflt) == 0)
			return 0;
	return fail(c, "languages", "must include the default_language");
}

int
clinic_validate(json_object *doc, char *err, size_t errsz)
{
	struct check	 c = { err, errsz, 0 };

	err[0] = '\0';
	if (!json_object_is_type(doc, json_type_object))
		return fail(&c, "(file)", "must be a JSON object");
	if (check_top(&c, doc) == -1 || check_languages(&c, doc) == -1 ||
	    check_closures(&c, doc) == -1 ||
	    check_items(&c, doc, "practitioners", check_practitioner) == -1 ||
	    check_items(&c, doc, "services", check_service) == -1 ||
	    check_texts(&c, doc) == -1 ||
	    check_faqs(&c, doc) == -1 || check_booking(&c, doc) == -1 ||
	    check_widget(&c, doc) == -1 || check_scheduler(&c, doc) == -1 ||
	    check_privacy(&c, doc) == -1)
		return -1;
	return 0;
}

/* Reads path into a new buffer, NUL-terminated.  0 or -1 (err set). */
static int
read_file(const char *path, struct buf *b, char *err, size_t errsz)
{
	FILE	*fp;
	char	 chunk[8192];
	size_t	 n;

	buf_init(b, CLINIC_FILE_MAX);
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_add(b, chunk, n) == -1) {
			snprintf(err, errsz, "%s: larger than %d bytes", path,
			    CLINIC_FILE_MAX);
			fclose(fp);
			return -1;
		}
	fclose(fp);
	return 0;
}

static json_object *
parse_file(const char *path, const struct buf *b, char *err, size_t errsz)
{
	json_tokener		*tok;
	json_object		*doc;
	enum json_tokener_error	 e;

	if (b->len == 0 || !utf8_valid(b->data, b->len)) {
		snprintf(err, errsz, "%s: not UTF-8 JSON text", path);
		return NULL;
	}
	tok = json_tokener_new_ex(JSON_DEPTH_MAX);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	doc = json_tokener_parse_ex(tok, b->data, (int)b->len);
	e = json_tokener_get_error(tok);
	if (e != json_tokener_success) {
		snprintf(err, errsz, "%s: invalid JSON near byte %zu: %s",
		    path, json_tokener_get_parse_end(tok),
		    json_tokener_error_desc(e == json_tokener_continue ?
		    json_tokener_error_parse_eof : e));
		json_object_put(doc);
		doc = NULL;
	}
	json_tokener_free(tok);
	return doc;
}

struct import {
	json_object	*doc;
	const char	*id;
};

static int
import_staff(const struct import *im)
{
	json_object	*arr, *o;
	size_t		 i;

	if (db_exec("UPDATE practitioners SET active = 0 WHERE clinic_id = %s",
	    im->id) == -1)
		return -1;
	if (!json_object_object_get_ex(im->doc, "practitioners", &arr) ||
	    arr == NULL)
		return 0;
	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		if (db_exec("INSERT INTO practitioners (clinic_id, id, name, "
		    "active) VALUES (%s, %s, %s, 1) ON DUPLICATE KEY UPDATE "
		    "name = VALUES(name), active = 1", im->id,
		    util_json_str(o, "id", NULL),
		    util_json_str(o, "name", NULL)) == -1)
			return -1;
	}
	return 0;
}

static int
import_services(const struct import *im)
{
	json_object	*arr, *o, *price, *v;
	size_t		 i;
	long long	 amount;

	if (db_exec("UPDATE services SET active = 0 WHERE clinic_id = %s",
	    im->id) == -1)
		return -1;
	if (!json_object_object_get_ex(im->doc, "services", &arr) ||
	    arr == NULL)
		return 0;
	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		amount = -1;
		price = NULL;
		if (json_object_object_get_ex(o, "price", &price) && price &&
		    json_object_object_get_ex(price, "amount", &v))
			amount = json_object_get_int64(v);
		if (db_exec("INSERT INTO services (clinic_id, id, name, "
		    "duration_min, price_amount, currency, active) VALUES "
		    "(%s, %s, %s, %d, NULLIF(%lld, -1), %s, 1) ON DUPLICATE "
		    "KEY UPDATE name = VALUES(name), duration_min = "
		    "VALUES(duration_min), price_amount = VALUES(price_amount),"
		    " currency = VALUES(currency), active = 1", im->id,
		    util_json_str(o, "id", NULL),
		    util_json_str(o, "name", NULL),
		    json_object_get_int(json_object_object_get(o,
		    "duration_min")), amount, util_json_str(price, "currency",
		    NULL)) == -1)
			return -1;
	}
	return 0;
}

static int
import_txn(void *arg)
{
	const struct import	*im = arg;
	const char		*text;
	size_t			 len;

	text = json_object_to_json_string_length(im->doc,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (db_exec("INSERT INTO clinics (id, name, timezone, country, "
	    "default_language, doc) VALUES (%s, %s, %s, %s, %s, %S) "
	    "ON DUPLICATE KEY UPDATE name = VALUES(name), timezone = "
	    "VALUES(timezone), country = VALUES(country), default_language = "
	    "VALUES(default_language), doc = VALUES(doc), revision = "
	    "revision + 1", im->id,
	    util_json_str(im->doc, "name", NULL),
	    util_json_str(im->doc, "timezone", NULL),
	    util_json_str(im->doc, "country", NULL),
	    util_json_str(im->doc, "default_language", NULL), text, len) == -1)
		return -1;
	if (import_staff(im) == -1 || import_services(im) == -1)
		return -1;
	return 0;
}

int
clinic_import_file(const char *path, char *err, size_t errsz)
{
	struct buf	 b;
	struct import	 im;
	char		 why[512];
	int		 rc = -1;

	err[0] = '\0';
	if (read_file(path, &b, err, errsz) == -1)
		goto out;
	if ((im.doc = parse_file(path, &b, err, errsz)) == NULL)
		goto out;
	if (clinic_validate(im.doc, why, sizeof(why)) == -1) {
		snprintf(err, errsz, "%s: %s", path, why);
		goto out_doc;
	}
	im.id = util_json_str(im.doc, "id", NULL);
	if ((rc = db_txn(import_txn, &im)) == -1)
		snprintf(err, errsz, "%s: the database refused the import "
		    "(error %u); nothing was changed", path, db_errno());
	else
		log_info("clinic %s imported", im.id);
out_doc:
	json_object_put(im.doc);
out:
	buf_release(&b);
	return rc;
}

/*
 * Parsed clinic files of this process, each with the revision it was
 * read at: a request asks for the revision (a primary-key read) and
 * parses the file again only when an import changed it.  The patients'
 * requests ask at most every clinic_recheck_ms (clinic_load_recent).
 */
#define CLINIC_CACHE_MAX	32

static struct clinic_cached {
	char		 id[65];
	unsigned long	 revision;
	json_object	*doc;
	long long	 checked;	/* when the revision was, in ms */
} clinic_cache[CLINIC_CACHE_MAX];

static long long
clinic_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct clinic_cached *
clinic_cache_slot(const char *id)
{
	size_t	 i, empty = 0;

	for (i = 0; i < CLINIC_CACHE_MAX; i++) {
		if (strcmp(clinic_cache[i].id, id) == 0)
			return &clinic_cache[i];
		if (clinic_cache[i].doc == NULL)
			empty = i;
	}
	if (clinic_cache[empty].doc != NULL)
		empty = (size_t)rand() % CLINIC_CACHE_MAX;
	json_object_put(clinic_cache[empty].doc);
	memset(&clinic_cache[empty], 0, sizeof(clinic_cache[empty]));
	return &clinic_cache[empty];
}

/* Reads the clinic file of id into slot.  0, 1 when there is none, -1. */
static int
clinic_read(const char *id, struct clinic_cached *slot)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	unsigned long	*lens;
	json_object	*doc = NULL;

	if ((res = db_query("SELECT doc, revision FROM clinics WHERE id = %s",
	    id)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) == NULL) {
		mysql_free_result(res);
		return 1;
	}
	lens = mysql_fetch_lengths(res);
	doc = util_json_parse(row[0], lens[0]);
	if (doc == NULL) {
		mysql_free_result(res);
		return error("clinic %s: stored document unreadable", id);
	}
	json_object_put(slot->doc);
	slot->doc = doc;
	slot->revision = strtoul(row[1], NULL, 10);
	snprintf(slot->id, sizeof(slot->id), "%s", id);
	mysql_free_result(res);
	return 0;
}

/* A new struct clinic for the file in slot. */
static struct clinic *
clinic_of(struct clinic_cached *slot)
{
	struct clinic	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->id = strdup(slot->id)) == NULL) {
		clinic_free(c);
		return NULL;
	}
	c->doc = json_object_get(slot->doc);
	c->revision = slot->revision;
	c->name = util_json_str(c->doc, "name", NULL);
	c->timezone = util_json_str(c->doc, "timezone", NULL);
	c->country = util_json_str(c->doc, "country", NULL);
	c->default_language = util_json_str(c->doc, "default_language", NULL);
	return c;
}

struct clinic *
clinic_load_at(const char *id, unsigned long revision)
{
	struct clinic_cached	*slot;

	if (!clinic_id_valid(id))
		return NULL;
	slot = clinic_cache_slot(id);
	if ((slot->doc == NULL || slot->revision != revision) &&
	    clinic_read(id, slot) != 0)
		return NULL;
	slot->checked = clinic_ms();
	return clinic_of(slot);
}

struct clinic *
clinic_load_recent(const char *id)
{
	long long	 wait = conf_long("clinic_recheck_ms");
	size_t		 i;

	if (!clinic_id_valid(id))
		return NULL;
	for (i = 0; wait > 0 && i < CLINIC_CACHE_MAX; i++)
		if (clinic_cache[i].doc != NULL &&
		    strcmp(clinic_cache[i].id, id) == 0 &&
		    clinic_ms() - clinic_cache[i].checked < wait)
			return clinic_of(&clinic_cache[i]);
	return clinic_load(id);
}

struct clinic *
clinic_load(const char *id)
{
	struct clinic	*c;
	char		*rev;

	if (!clinic_id_valid(id))
		return NULL;
	if ((rev = db_value("SELECT revision FROM clinics WHERE id = %s",
	    id)) == NULL)
		return NULL;
	c = clinic_load_at(id, strtoul(rev, NULL, 10));
	free(rev);
	return c;
}

void
clinic_free(struct clinic *c)
{
	if (c == NULL)
		return;
	free(c->id);
	json_object_put(c->doc);
	free(c);
}
