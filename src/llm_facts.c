/*
 * The clinic's facts for the model: built from the clinic file (prices
 * written out, internals such as origins and the scheduler left out),
 * summarised for the prompt when large, and looked up by topic.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llm.h"
#include "llm_facts.h"
#include "util.h"

/* Top-level sections the model may see, as they are in the file. */
static const char *llm_facts_plain[] = {
	"name", "kind", "languages", "contact", "opening_hours",
	"bank_holidays", "closures", "insurance", "policies", NULL
};

/* Topic words that name a section. */
static const struct {
	const char	*word;
	const char	*section;
} llm_facts_topics[] = {
	{ "price", "services" }, { "cost", "services" }, { "fee", "services" },
	{ "servic", "services" }, { "treatment", "services" },
	{ "appointment", "services" }, { "much", "services" },
	{ "pay", "policies" }, { "hour", "opening_hours" },
	{ "open", "opening_hours" }, { "clos", "closures" },
	{ "holiday", "closures" }, { "christmas", "closures" },
	{ "bank", "bank_holidays" }, { "practitioner", "practitioners" },
	{ "doctor", "practitioners" }, { "staff", "practitioners" },
	{ "team", "practitioners" }, { "who", "practitioners" },
	{ "therapist", "practitioners" }, { "dentist", "practitioners" },
	{ "speciali", "practitioners" }, { "language", "practitioners" },
	{ "insur", "insurance" }, { "polic", "policies" },
	{ "cancel", "policies" }, { "referral", "policies" },
	{ "nhs", "policies" }, { "bring", "policies" },
	{ "contact", "contact" }, { "address", "contact" },
	{ "phone", "contact" }, { "email", "contact" },
	{ "where", "contact" }, { "location", "contact" },
	{ "whatsapp", "contact" }, { "book", "booking" },
	{ "notice", "booking" },
};

#define LLM_NTOPICS (sizeof(llm_facts_topics) / sizeof(llm_facts_topics[0]))

static const char *
llm_currency_sign(const char *cur)
{
	static const char *signs[][2] = { { "GBP", "£" }, { "EUR", "€" },
	    { "USD", "$" } };
	size_t	 i;

	for (i = 0; i < sizeof(signs) / sizeof(signs[0]); i++)
		if (strcmp(cur, signs[i][0]) == 0)
			return signs[i][1];
	return NULL;
}

void
llm_price_text(json_object *price, char *buf, size_t bufsz)
{
	json_object	*a;
	const char	*cur, *sign;
	char		 num[32];
	long long	 v;

	buf[0] = '\0';
	if (!json_object_object_get_ex(price, "amount", &a) ||
	    !json_object_is_type(a, json_type_int) ||
	    (cur = util_json_str(price, "currency", NULL)) == NULL ||
	    (v = json_object_get_int64(a)) < 0)
		return;
	if (v % 100 == 0)
		snprintf(num, sizeof(num), "%lld", v / 100);
	else
		snprintf(num, sizeof(num), "%lld.%02lld", v / 100, v % 100);
	if ((sign = llm_currency_sign(cur)) != NULL)
		snprintf(buf, bufsz, "%s%s", sign, num);
	else
		snprintf(buf, bufsz, "%s %s", num, cur);
}

/* Adds member key of from to to, shared (a new reference). */
static void
llm_copy(json_object *to, json_object *from, const char *key)
{
	json_object	*v;

	if (json_object_object_get_ex(from, key, &v) && v != NULL)
		json_object_object_add(to, key, json_object_get(v));
}

static json_object *
llm_facts_service(json_object *s)
{
	static const char *keys[] = { "id", "name", "duration_min",
	    "practitioners", "description", "online", NULL };
	json_object	*o = json_object_new_object(), *p;
	char		 price[48];
	int		 i;

	for (i = 0; keys[i] != NULL; i++)
		llm_copy(o, s, keys[i]);
	if (json_object_object_get_ex(s, "price", &p)) {
		llm_price_text(p, price, sizeof(price));
		if (price[0] != '\0')
			json_object_object_add(o, "price",
			    json_object_new_string(price));
	}
	return o;
}

static json_object *
llm_facts_faq(json_object *f)
{
	json_object	*o = json_object_new_object();

	llm_copy(o, f, "q");
	llm_copy(o, f, "a");
	llm_copy(o, f, "tags");
	return o;
}

static json_object *
llm_facts_practitioner(json_object *p, int brief)
{
	static const char *keys[] = { "id", "name", "role", "specialties",
	    "languages", "bio", "hours", NULL };
	json_object	*o = json_object_new_object();
	int		 i;

	for (i = 0; keys[i] != NULL; i++)
		if (!brief || i < 3)
			llm_copy(o, p, keys[i]);
	return o;
}

/* A new array of fn(each element of doc's array key). */
static json_object *
llm_facts_map(json_object *doc, const char *key,
    json_object *(*fn)(json_object *))
{
	json_object	*in, *out = json_object_new_array();
	size_t		 i;

	if (!json_object_object_get_ex(doc, key, &in) ||
	    !json_object_is_type(in, json_type_array))
		return out;
	for (i = 0; i < json_object_array_length(in); i++)
		json_object_array_add(out,
		    fn(json_object_array_get_idx(in, i)));
	return out;
}

static json_object *
llm_facts_prac_full(json_object *p)
{
	return llm_facts_practitioner(p, 0);
}

static json_object *
llm_facts_prac_brief(json_object *p)
{
	return llm_facts_practitioner(p, 1);
}

static json_object *
llm_facts_booking(json_object *doc)
{
	json_object	*b, *o = json_object_new_object();

	if (json_object_object_get_ex(doc, "booking", &b)) {
		llm_copy(o, b, "min_notice_hours");
		llm_copy(o, b, "max_days_ahead");
	}
	return o;
}

json_object *
llm_facts(const struct clinic *c)
{
	json_object	*o;
	int		 i;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	for (i = 0; llm_facts_plain[i] != NULL; i++)
		llm_copy(o, c->doc, llm_facts_plain[i]);
	json_object_object_add(o, "practitioners",
	    llm_facts_map(c->doc, "practitioners", llm_facts_prac_full));
	json_object_object_add(o, "services",
	    llm_facts_map(c->doc, "services", llm_facts_service));
	json_object_object_add(o, "faqs",
	    llm_facts_map(c->doc, "faqs", llm_facts_faq));
	json_object_object_add(o, "booking", llm_facts_booking(c->doc));
	return o;
}

/* The summary: who, where, when, what and for how much. */
static json_object *
llm_facts_summary(const struct clinic *c)
{
	static const char *keys[] = { "name", "kind", "contact",
	    "opening_hours", "closures", NULL };
	json_object	*o = json_object_new_object();
	int		 i;

	for (i = 0; keys[i] != NULL; i++)
		llm_copy(o, c->doc, keys[i]);
	json_object_object_add(o, "practitioners",
	    llm_facts_map(c->doc, "practitioners", llm_facts_prac_brief));
	json_object_object_add(o, "services",
	    llm_facts_map(c->doc, "services", llm_facts_service));
	json_object_object_add(o, "more", json_object_new_string("Call "
	    "lookup_facts with a topic for insurance, policies, FAQs, "
	    "practitioners' hours and anything else."));
	return o;
}

char *
llm_facts_prompt(const struct clinic *c)
{
	json_object	*o;
	const char	*s;
	char		*r = NULL;

	if ((o = llm_facts(c)) == NULL)
		return NULL;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s != NULL && strlen(s) > LLM_FACTS_MAX) {
		json_object_put(o);
		o = llm_facts_summary(c);
		s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
	}
	if (s != NULL && strlen(s) > LLM_FACTS_MAX)
		s = "{\"more\":\"Call lookup_facts with a topic.\"}";
	if (s != NULL)
		r = strdup(s);
	json_object_put(o);
	return r;
}

/* Lowercases ASCII letters of s into buf. */
static void
llm_lower(const char *s, char *buf, size_t bufsz)
{
	size_t	 i;

	for (i = 0; s[i] != '\0' && i + 1 < bufsz; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[i] = '\0';
}

/* Whether a word of topic (4 letters or more) occurs in text. */
static int
llm_words_meet(const char *topic, const char *text)
{
	char	 t[256], x[4096], *w, *save = NULL;

	if (text == NULL)
		return 0;
	llm_lower(topic, t, sizeof(t));
	llm_lower(text, x, sizeof(x));
	for (w = strtok_r(t, " \t,.;:?!'\"()/-", &save); w != NULL;
	    w = strtok_r(NULL, " \t,.;:?!'\"()/-", &save))
		if (strlen(w) >= 4 && strcmp(w, "clinic") != 0 &&
		    strcmp(w, "what") != 0 && strcmp(w, "your") != 0 &&
		    strcmp(w, "have") != 0 && strcmp(w, "does") != 0 &&
		    strcmp(w, "there") != 0 && strstr(x, w) != NULL)
			return 1;
	return 0;
}

/* Adds the elements of facts[key] whose text meets topic to out[key]. */
static int
llm_lookup_list(json_object *out, json_object *facts, const char *key,
    const char *topic)
{
	json_object	*in, *hit = NULL, *e;
	size_t		 i;

	if (!json_object_object_get_ex(facts, key, &in))
		return 0;
	for (i = 0; i < json_object_array_length(in); i++) {
		e = json_object_array_get_idx(in, i);
		if (!llm_words_meet(topic, json_object_to_json_string(e)))
			continue;
		if (hit == NULL)
			hit = json_object_new_array();
		json_object_array_add(hit, json_object_get(e));
	}
	if (hit == NULL)
		return 0;
	json_object_object_add(out, key, hit);
	return 1;
}

static int
llm_lookup_sections(json_object *out, json_object *facts, const char *t)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < LLM_NTOPICS; i++) {
		if (strstr(t, llm_facts_topics[i].word) == NULL)
			continue;
		llm_copy(out, facts, llm_facts_topics[i].section);
		n++;
	}
	return n;
}

json_object *
llm_facts_lookup(const struct clinic *c, const char *topic)
{
	json_object	*facts, *out;
	char		 t[256];
	int		 n;

	if ((facts = llm_facts(c)) == NULL)
		return NULL;
	out = json_object_new_object();
	llm_lower(topic, t, sizeof(t));
	n = llm_lookup_sections(out, facts, t);
	if (!json_object_object_get_ex(out, "services", NULL))
		n += llm_lookup_list(out, facts, "services", topic);
	if (!json_object_object_get_ex(out, "practitioners", NULL))
		n += llm_lookup_list(out, facts, "practitioners", topic);
	n += llm_lookup_list(out, facts, "faqs", topic);
	if (n == 0) {
		json_object_object_add(out, "found",
		    json_object_new_boolean(0));
		json_object_object_add(out, "note", json_object_new_string(
		    "The clinic's data says nothing on this topic: say so and "
		    "give the clinic's phone number."));
		llm_copy(out, facts, "contact");
	}
	json_object_put(facts);
	return out;
}
