/*
 * The clinic's facts other than hours, as answers: services with their
 * prices and durations, practitioners, insurers, policies, contact
 * details and FAQs.  Facts are quoted from the clinic file, never made
 * up; the clinic's own English text is framed in the patient's language.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_int.h"

#define AF_LIST_MAX	512	/* bytes of a list of names */

static int	af_insurer_word(struct actx *, const char *);

/* Appends the canonical words of text to x. */
static void
af_words_add(struct atext *x, const char *text, const char *lang)
{
	struct atext	 y;
	int		 i;

	if (text == NULL)
		return;
	am_words_kept(text, lang, &y);
	for (i = 0; i < y.n && x->n < AT_MAX; i++)
		memcpy(x->w[x->n++], y.w[i], AW_MAX);
}

static json_object *
af_array(json_object *obj, const char *key)
{
	json_object	*a;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &a) ||
	    !json_object_is_type(a, json_type_array))
		return NULL;
	return a;
}

static const char *
af_lang_name(struct actx *c, const char *code)
{
	int	 i;

	for (i = 0; aw_lang_names[i][0] != NULL; i++)
		if (strcmp(aw_lang_names[i][0], code) == 0)
			return ax_tr(c, aw_lang_names[i][1]);
	return code;
}

int
af_fact(struct actx *c, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return 0;
	if (strcmp(c->lang, "en") == 0)
		return ax_add(c, text) == 0;
	return ax_addf(c, "From the clinic (in %s): %s",
	    af_lang_name(c, "en"), text) == 0;
}

static void
af_remember(struct actx *c, const char *key, json_object *obj)
{
	const char	*id;

	if (c->mem != NULL && (id = util_json_str(obj, "id", NULL)) != NULL)
		json_object_object_add(c->mem, key,
		    json_object_new_string(id));
}

static json_object *
af_by_id(struct actx *c, const char *list, const char *id)
{
	json_object	*a, *e;
	const char	*eid;
	size_t		 i, n;

	if (id == NULL || (a = af_array(c->doc, list)) == NULL)
		return NULL;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(a, i);
		if ((eid = util_json_str(e, "id", NULL)) != NULL &&
		    strcmp(eid, id) == 0)
			return e;
	}
	return NULL;
}

/* Services */

/* How many distinctive words of the service's name the clause has. */
static int
af_service_score(const struct atext *x, json_object *s)
{
	struct atext	 name;
	int		 i, score = 0;

	name.n = 0;
	af_words_add(&name, util_json_str(s, "name", NULL), "en");
	for (i = 0; i < name.n; i++) {
		if (!am_content(name.w[i]) || am_in(name.w[i], aw_generic) ||
		    am_has(&name, name.w[i]) < i)
			continue;
		if (am_find(x, name.w[i]) >= 0)
			score++;
	}
	return score;
}

/* The services the clause names best, into out; returns how many. */
static int
af_match_services(struct actx *c, const struct atext *x,
    json_object **out, int max)
{
	json_object	*a;
	size_t		 i, n;
	int		 k = 0, best = 1, sc;

	if ((a = af_array(c->doc, "services")) == NULL)
		return 0;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		sc = af_service_score(x, json_object_array_get_idx(a, i));
		if (sc > best)
			k = 0, best = sc;
		if (sc == best && k < max)
			out[k++] = json_object_array_get_idx(a, i);
	}
	return k;
}

static void
af_service_line(struct actx *c, json_object *s, struct buf *b)
{
	json_object	*price, *v;
	char		 money[64];
	long long	 amount = -1;

	if (json_object_object_get_ex(s, "price", &price) &&
	    json_object_object_get_ex(price, "amount", &v))
		amount = json_object_get_int64(v);
	if (amount == 0)
		snprintf(money, sizeof(money), "%s", ax_tr(c, "free"));
	else if (amount > 0)
		money_format(amount, util_json_str(price, "currency", NULL),
		    money, sizeof(money));
	if (amount >= 0)
		buf_printf(b, ax_tr(c, "%s: %d minutes, %s."),
		    util_json_str(s, "name", NULL),
		    json_object_get_int(json_object_object_get(s,
		    "duration_min")), money);
	else
		buf_printf(b, ax_tr(c, "%s: %d minutes."),
		    util_json_str(s, "name", NULL),
		    json_object_get_int(json_object_object_get(s,
		    "duration_min")));
}

/* Nonzero when a description names a price, so that it belongs with
 * the price ("home whitening kits cost £350"). */
static int
af_mentions_price(const char *text)
{
	return text != NULL && (strstr(text, "\xc2\xa3") != NULL ||
	    strstr(text, "\xe2\x82\xac") != NULL || strchr(text, '$'));
}

/* Adds services as one answer (and their descriptions when asked). */
static int
af_service_list(struct actx *c, json_object **s, int n, int describe)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, AITEM_LEN);
	if (n > 1 && !describe) {
		buf_addstr(&b, ax_tr(c, "Our prices:"));
		buf_addstr(&b, "\n");
	}
	for (i = 0; i < n; i++) {
		af_service_line(c, s[i], &b);
		if (i + 1 < n)
			buf_addstr(&b, "\n");
	}
	if (b.data != NULL)
		ax_add(c, b.data);
	buf_release(&b);
	for (i = 0; describe && i < n; i++)
		af_fact(c, util_json_str(s[i], "description", NULL));
	if (n == 1 && !describe && af_mentions_price(util_json_str(s[0],
	    "description", NULL)))
		af_fact(c, util_json_str(s[0], "description", NULL));
	if (n == 1)
		af_remember(c, "service", s[0]);
	return n;
}

/* The services a practitioner gives. */
static int
af_services_of(struct actx *c, json_object *p, json_object **out, int max)
{
	json_object	*a, *s, *ids;
	const char	*pid;
	size_t		 i, j, n;
	int		 k = 0;

	pid = util_json_str(p, "id", NULL);
	if (pid == NULL || (a = af_array(c->doc, "services")) == NULL)
		return 0;
	n = json_object_array_length(a);
	for (i = 0; i < n && k < max; i++) {
		s = json_object_array_get_idx(a, i);
		if ((ids = af_array(s, "practitioners")) == NULL)
			continue;
		for (j = 0; j < json_object_array_length(ids); j++)
			if (strcmp(json_object_get_string(
			    json_object_array_get_idx(ids, j)), pid) == 0) {
				out[k++] = s;
				break;
			}
	}
	return k;
}

/* Words of a price question that name no service. */
static const char *const af_price_words[] = {
	"list", "visit", "per", "each", "total", "roughly", "usually",
	"typically", "normally", "average", "pound", "euro", "cash", "card",
	"week", "month", "hour", "duration", "price", "every", "whole",
	"full", "standard", "approximately", "around", "currently", NULL
};

/* Nonzero when an English clause names a thing the services do not
 * hold ("how much is a filling"): a word of meaning that is not a
 * question word, a common word, a day or a practitioner's name. */
static int
af_names_unlisted(struct actx *c, const struct atext *x)
{
	const struct atrig	*tr;
	int			 i, m, d;

	if (strcmp(c->lang, "en") != 0 || af_named_practitioner(c, x))
		return 0;
	for (i = 0; i < x->n; i++) {
		if (!am_content(x->w[i]) || am_in(x->w[i], aw_generic) ||
		    am_in(x->w[i], af_price_words) ||
		    af_insurer_word(c, x->w[i]))
			continue;
		for (tr = aw_trig; tr->word != NULL; tr++)
			if (strcmp(tr->word, x->w[i]) == 0)
				break;
		for (m = 0; m < 12 && strcmp(aw_months[m], x->w[i]); m++)
			;
		for (d = 0; d < 7 && strcmp(aw_days[d], x->w[i]); d++)
			;
		if (tr->word == NULL && m == 12 && d == 7)
			return 1;
	}
	return 0;
}

int
af_price(struct actx *c, const struct atext *x, int duration)
{
	json_object	*s[16], *a, *p;
	const char	*id;
	size_t		 i;
	int		 n;

	(void)duration;
	if ((n = af_match_services(c, x, s, 16)) > 0)
		return af_service_list(c, s, n, 0);
	if ((p = af_named_practitioner(c, x)) != NULL &&
	    (n = af_services_of(c, p, s, 16)) > 0)
		return af_service_list(c, s, n, 0);
	if (af_names_unlisted(c, x)) {
		ax_add(c, ax_tr(c, "Our price list does not include that, so "
		    "I can't give you a price for it. These are the services "
		    "we list:"));
		c->gap = 1;
		id = NULL;
	} else {
		id = c->mem ? util_json_str(c->mem, "service", NULL) : NULL;
	}
	if ((s[0] = af_by_id(c, "services", id)) != NULL)
		return af_service_list(c, s, 1, 0);
	if ((a = af_array(c->doc, "services")) == NULL)
		return 0;
	for (i = 0, n = 0; i < json_object_array_length(a) && n < 16; i++)
		s[n++] = json_object_array_get_idx(a, i);
	return n > 0 ? af_service_list(c, s, n, 0) : 0;
}

int
af_services(struct actx *c, const struct atext *x)
{
	json_object	*s[16];
	int		 n;

	if ((n = af_match_services(c, x, s, 16)) == 0)
		return 0;
	return af_service_list(c, s, n, 1);
}

/* Practitioners */

static void
af_join(json_object *list, char *buf, size_t sz)
{
	size_t	 i, n, o = 0;

	buf[0] = '\0';
	n = list ? json_object_array_length(list) : 0;
	for (i = 0; i < n && o < sz; i++)
		o += snprintf(buf + o, sz - o, "%s%s", i ? ", " : "",
		    json_object_get_string(json_object_array_get_idx(list,
		    i)));
}

static int
af_intro(struct actx *c, json_object *p)
{
	char	 spec[AF_LIST_MAX];

	af_join(af_array(p, "specialties"), spec, sizeof(spec));
	af_remember(c, "practitioner", p);
	if (spec[0] == '\0')
		return ax_addf(c, "%s (%s).", util_json_str(p, "name", NULL),
		    util_json_str(p, "role", NULL)) == 0;
	return ax_addf(c, "%s (%s) specialises in %s.",
	    util_json_str(p, "name", NULL), util_json_str(p, "role", NULL),
	    spec) == 0;
}

/* The last word of a practitioner's name ("Martinez"). */
static const char *
af_surname(json_object *p, char *buf, size_t sz)
{
	const char	*name, *sp;

	if ((name = util_json_str(p, "name", NULL)) == NULL)
		return "";
	sp = strrchr(name, ' ');
	snprintf(buf, sz, "%s", sp ? sp + 1 : name);
	return buf;
}

/* Nonzero when an answer already names p. */
static int
af_mentioned(struct actx *c, json_object *p)
{
	char	 sur[AW_MAX * 2];
	int	 i;

	af_surname(p, sur, sizeof(sur));
	for (i = 0; i < c->nitems; i++)
		if (sur[0] != '\0' && strstr(c->items[i], sur) != NULL)
			return 1;
	return 0;
}

/* How well p's specialties fit the clause: 2 a distinctive word, 1 a
 * common one; 0 unless a distinctive word matched. */
static int
af_specialty_score(const struct atext *x, json_object *p)
{
	json_object	*list;
	struct atext	 sp;
	size_t		 i, n;
	int		 j, best = 0, sc, strong;

	if ((list = af_array(p, "specialties")) == NULL)
		return 0;
	n = json_object_array_length(list);
	for (i = 0; i < n; i++) {
		sp.n = 0;
		af_words_add(&sp, json_object_get_string(
		    json_object_array_get_idx(list, i)), "en");
		for (j = 0, sc = 0, strong = 0; j < sp.n; j++) {
			if (!am_content(sp.w[j]) || am_find(x, sp.w[j]) < 0)
				continue;
			if (am_in(sp.w[j], aw_generic)) {
				sc += 1;
			} else {
				sc += 2;
				strong = 1;
			}
		}
		if (strong && sc > best)
			best = sc;
	}
	return best;
}

/* Nonzero when the clause names the role: its last word ("Dental
 * hygienist": hygienist) or another word that is not a common one. */
static int
af_role_fits(const struct atext *role, const struct atext *x)
{
	int	 j;

	if (role->n == 0)
		return 0;
	if (am_content(role->w[role->n - 1]) &&
	    am_find(x, role->w[role->n - 1]) >= 0)
		return 1;
	for (j = 0; j < role->n - 1; j++)
		if (am_content(role->w[j]) && !am_in(role->w[j], aw_generic) &&
		    am_find(x, role->w[j]) >= 0)
			return 1;
	return 0;
}

/* Practitioners whose role the clause names ("who are your dentists"). */
static int
af_by_role(struct actx *c, const struct atext *x)
{
	json_object	*a, *p;
	struct atext	 role;
	size_t		 i, n;
	int		 k = 0;

	if ((a = af_array(c->doc, "practitioners")) == NULL)
		return 0;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		p = json_object_array_get_idx(a, i);
		role.n = 0;
		af_words_add(&role, util_json_str(p, "role", NULL), "en");
		if (af_role_fits(&role, x) && af_intro(c, p) == 1)
			k++;
	}
	return k;
}

int
af_specialists(struct actx *c, const struct atext *x, int who)
{
	json_object	*a, *p;
	size_t		 i, n;
	int		 best = 0, sc, k = 0;

	if ((a = af_array(c->doc, "practitioners")) == NULL)
		return 0;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++)
		if ((sc = af_specialty_score(x,
		    json_object_array_get_idx(a, i))) > best)
			best = sc;
	for (i = 0; best > 0 && i < n; i++) {
		p = json_object_array_get_idx(a, i);
		if (af_specialty_score(x, p) != best)
			continue;
		k++;
		if (!af_mentioned(c, p))
			af_intro(c, p);
	}
	if (k == 0 && who)
		k = af_by_role(c, x);
	return k;
}

int
af_practitioner(struct actx *c, json_object *p)
{
	json_object	*langs;
	char		 list[AF_LIST_MAX];
	size_t		 i, n, o = 0;

	af_intro(c, p);
	af_fact(c, util_json_str(p, "bio", NULL));
	if ((langs = af_array(p, "languages")) == NULL)
		return 1;
	n = json_object_array_length(langs);
	for (i = 0; i < n && o < sizeof(list); i++)
		o += snprintf(list + o, sizeof(list) - o, "%s%s",
		    i ? ", " : "", af_lang_name(c, json_object_get_string(
		    json_object_array_get_idx(langs, i))));
	ax_addf(c, "%s speaks %s.", util_json_str(p, "name", NULL), list);
	return 1;
}

json_object *
af_named_practitioner(struct actx *c, const struct atext *x)
{
	json_object	*a, *p;
	struct atext	 name;
	size_t		 i, n;
	int		 j;

	if ((a = af_array(c->doc, "practitioners")) == NULL)
		return NULL;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		p = json_object_array_get_idx(a, i);
		name.n = 0;
		af_words_add(&name, util_json_str(p, "name", NULL), "en");
		for (j = 0; j < name.n; j++)
			if (strlen(name.w[j]) >= 3 && am_content(name.w[j]) &&
			    am_find(x, name.w[j]) >= 0)
				return p;
	}
	return NULL;
}

/* The language word w names: its name, or a Polish adjective made
 * from it ("polskojezyczny" from "polski"); NULL when none. */
static const struct alang *
af_lang_word(const char *w)
{
	const struct alang	*l;
	const char		*suffix;
	char			 stem[AW_MAX];

	for (l = aw_langs; l->word != NULL; l++)
		if (strcmp(w, l->word) == 0)
			return l;
	if ((suffix = strstr(w, "ojezyczn")) == NULL || suffix == w)
		return NULL;
	snprintf(stem, sizeof(stem), "%.*si", (int)(suffix - w), w);
	for (l = aw_langs; l->word != NULL; l++)
		if (strcmp(stem, l->word) == 0)
			return l;
	return NULL;
}

const struct alang *
af_names_language(const struct atext *x)
{
	const struct alang	*l;
	int			 i;

	for (i = 0; i < x->n; i++)
		if ((l = af_lang_word(x->w[i])) != NULL)
			return l;
	return NULL;
}

int
af_speakers(struct actx *c, const struct atext *x)
{
	const struct alang	*l;
	json_object		*a, *p, *langs;
	size_t			 i, j, n;
	int			 k = 0;

	if ((l = af_names_language(x)) == NULL ||
	    (a = af_array(c->doc, "practitioners")) == NULL)
		return 0;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		p = json_object_array_get_idx(a, i);
		if ((langs = af_array(p, "languages")) == NULL)
			continue;
		for (j = 0; j < json_object_array_length(langs); j++)
			if (strcmp(json_object_get_string(
			    json_object_array_get_idx(langs, j)),
			    l->code) == 0) {
				ax_addf(c, "%s speaks %s.", util_json_str(p,
				    "name", NULL), af_lang_name(c, l->code));
				k++;
			}
	}
	if (k == 0)
		ax_addf(c, "None of our practitioners speaks %s, sorry.",
		    af_lang_name(c, l->code));
	return 1;
}

/* Insurance */

/* Nonzero when insurer name's first word is w. */
static int
af_insurer_is(const char *name, const char *w)
{
	struct atext	 x;

	x.n = 0;
	af_words_add(&x, name, "en");
	return x.n > 0 && am_eq(x.w[0], w);
}

static const char *
af_insurer_in(json_object *list, const char *w)
{
	size_t	 i, n;

	n = list ? json_object_array_length(list) : 0;
	for (i = 0; i < n; i++)
		if (af_insurer_is(json_object_get_string(
		    json_object_array_get_idx(list, i)), w))
			return json_object_get_string(
			    json_object_array_get_idx(list, i));
	return NULL;
}

/* Nonzero when word i of x names an insurer known here or listed. */
static int
af_insurer_word(struct actx *c, const char *w)
{
	json_object	*ins;

	if (!am_content(w))
		return 0;
	if (am_in(w, aw_insurers))
		return 1;
	if (!json_object_object_get_ex(c->doc, "insurance", &ins))
		return 0;
	return af_insurer_in(af_array(ins, "accepted"), w) != NULL ||
	    af_insurer_in(af_array(ins, "not_accepted"), w) != NULL;
}

int
af_names_insurer(struct actx *c, const struct atext *x)
{
	int	 i;

	for (i = 0; i < x->n; i++)
		if (af_insurer_word(c, x->w[i]))
			return 1;
	return 0;
}

static void
af_insurer_one(struct actx *c, json_object *ins, const char *w)
{
	const char	*name;
	char		 shown[AW_MAX];
	size_t		 i;

	if ((name = af_insurer_in(af_array(ins, "accepted"), w)) != NULL) {
		ax_addf(c, "Yes, we accept %s.", name);
		return;
	}
	if ((name = af_insurer_in(af_array(ins, "not_accepted"), w)) !=
	    NULL) {
		ax_addf(c, "We do not accept %s.", name);
		return;
	}
	snprintf(shown, sizeof(shown), "%s", w);
	for (i = 0; shown[i] != '\0'; i++)
		if (i == 0 || strlen(shown) <= 3)
			shown[i] = (char)toupper((unsigned char)shown[i]);
	ax_addf(c, "%s is not on our list of insurers we work with.",
	    shown);
}

int
af_insurance(struct actx *c, const struct atext *x)
{
	json_object	*ins;
	char		 list[AF_LIST_MAX];
	int		 i, named = 0;

	if (!json_object_object_get_ex(c->doc, "insurance", &ins))
		return 0;
	for (i = 0; i < x->n; i++) {
		if (!af_insurer_word(c, x->w[i]) || am_has(x, x->w[i]) < i)
			continue;
		af_insurer_one(c, ins, x->w[i]);
		named++;
	}
	c->insurers_named |= named;
	if (!c->insurers_named) {
		af_join(af_array(ins, "accepted"), list, sizeof(list));
		if (list[0] != '\0')
			ax_addf(c, "Insurers we accept: %s.", list);
		af_join(af_array(ins, "not_accepted"), list, sizeof(list));
		if (list[0] != '\0')
			ax_addf(c, "Insurers we do not accept: %s.", list);
	}
	af_fact(c, util_json_str(ins, "notes", NULL));
	return 1;
}

/* Policies and contact */

int
af_policy(struct actx *c, const char *key)
{
	json_object	*pol;

	if (!json_object_object_get_ex(c->doc, "policies", &pol))
		return 0;
	return af_fact(c, util_json_str(pol, key, NULL));
}

int
af_contact(struct actx *c, enum aq what)
{
	json_object	*ct;
	const char	*v;

	if (!json_object_object_get_ex(c->doc, "contact", &ct))
		return 0;
	switch (what) {
	case AQ_ADDRESS:
	case AQ_WHERE:
		if ((v = util_json_str(ct, "address", NULL)) == NULL)
			return 0;
		return ax_addf(c, "Our address is %s.", v) == 0;
	case AQ_PHONE:
		if ((v = util_json_str(ct, "phone", NULL)) != NULL)
			ax_addf(c, "You can call us on %s.", v);
		if (util_json_str(ct, "whatsapp", NULL) != NULL)
			ax_addf(c, "On WhatsApp: %s.",
			    util_json_str(ct, "whatsapp", NULL));
		return v != NULL;
	case AQ_EMAIL:
		if ((v = util_json_str(ct, "email", NULL)) == NULL)
			return 0;
		return ax_addf(c, "Our email address is %s.", v) == 0;
	case AQ_WEBSITE:
		if ((v = util_json_str(ct, "website", NULL)) == NULL)
			return 0;
		return ax_addf(c, "Our website is %s.", v) == 0;
	default:
		return 0;
	}
}

/* FAQs */

/* The question words of a FAQ (its question, tags and translated
 * questions) into q, its answer's words into a. */
static void
af_faq_words(json_object *f, struct atext *q, struct atext *a)
{
	json_object		*tags, *tr;
	const char		*lang;
	size_t			 i;

	lang = util_json_str(f, "lang", NULL);
	q->n = a->n = 0;
	af_words_add(q, util_json_str(f, "q", NULL), lang ? lang : "en");
	af_words_add(a, util_json_str(f, "a", NULL), lang ? lang : "en");
	if ((tags = af_array(f, "tags")) != NULL)
		for (i = 0; i < json_object_array_length(tags); i++)
			af_words_add(q, json_object_get_string(
			    json_object_array_get_idx(tags, i)), "en");
	if (!json_object_object_get_ex(f, "translations", &tr) ||
	    !json_object_is_type(tr, json_type_object))
		return;
	json_object_object_foreach(tr, key, val)
		af_words_add(q, util_json_str(val, "q", NULL), key);
}

/* Adds a FAQ's answer in the patient's language if the clinic wrote
 * one, else as written, framed. */
static int
af_faq_add(struct actx *c, json_object *f)
{
	json_object	*tr, *one;
	const char	*lang, *a;

	if (json_object_object_get_ex(f, "translations", &tr) &&
	    json_object_object_get_ex(tr, c->lang, &one) &&
	    (a = util_json_str(one, "a", NULL)) != NULL)
		return ax_add(c, a) == 0;
	lang = util_json_str(f, "lang", NULL);
	if (lang == NULL || strcmp(lang, "en") == 0)
		return af_fact(c, util_json_str(f, "a", NULL));
	if (strcmp(lang, c->lang) == 0)
		return ax_add(c, util_json_str(f, "a", NULL)) == 0;
	return ax_addf(c, "From the clinic (in %s): %s",
	    af_lang_name(c, lang), util_json_str(f, "a", NULL)) == 0;
}

int
af_faq_topic(struct actx *c, const char *word)
{
	struct atext	 q, a;
	size_t		 i, n;
	int		 k = 0;

	n = c->faqs ? json_object_array_length(c->faqs) : 0;
	for (i = 0; i < n && k < 2; i++) {
		af_faq_words(json_object_array_get_idx(c->faqs, i), &q, &a);
		if (am_has(&q, word) >= 0)
			k += af_faq_add(c, json_object_array_get_idx(c->faqs,
			    i));
	}
	return k;
}

/* Score of a FAQ for the clause: 2 a word of its question, 1 of its
 * answer; -1 unless a question word matched. */
static int
af_faq_score(const struct atext *x, json_object *f, int *ncontent)
{
	struct atext	 q, a;
	int		 i, score = 0, qhits = 0;

	af_faq_words(f, &q, &a);
	*ncontent = 0;
	for (i = 0; i < x->n; i++) {
		if (!am_content(x->w[i]) || am_has(x, x->w[i]) < i)
			continue;
		(*ncontent)++;
		if (am_find(&q, x->w[i]) >= 0) {
			score += 2;
			qhits++;
		} else if (am_find(&a, x->w[i]) >= 0) {
			score += 1;
		}
	}
	return qhits ? score : -1;
}

int
af_faq_best(struct actx *c, const struct atext *x)
{
	json_object	*best = NULL;
	size_t		 i, n;
	int		 sc, top = 0, nc = 0;

	n = c->faqs ? json_object_array_length(c->faqs) : 0;
	for (i = 0; i < n; i++) {
		sc = af_faq_score(x, json_object_array_get_idx(c->faqs, i),
		    &nc);
		if (sc > top) {
			top = sc;
			best = json_object_array_get_idx(c->faqs, i);
		}
	}
	if (best == NULL || top < nc)
		return 0;
	return af_faq_add(c, best);
}

/* Dental pain */

static const char *const af_teeth[] = {
	"tooth", "teeth", "dent", "dente", "denti", "diente", "muela", "zab",
	"zeba", "zeby", "zahn", "dinte", "dintele", "dinti", "masea",
	"filling", "crown", "plombe", "plomba", "empaste", NULL
};

static const char *const af_hurts[] = {
	"ache", "aching", "hurt", "hurting", "pain", "painful", "broke",
	"broken", "break", "chipped", "cracked", "snapped", "fell", "fallen",
	"lost", "came", "abscess", "swollen", "doare", "boli", "duele",
	"dolor", "rotto", "rotta", "dolore", "rupt", "spart", "cazut",
	"mal", "weh", "kaputt", "abgebrochen", "casse", "cassee", NULL
};

/* The service for urgent dental care: the first whose name says
 * emergency (borrowed), or NULL. */
static json_object *
af_emergency_service(struct actx *c)
{
	json_object	*a, *s;
	struct atext	 name;
	size_t		 i;

	if ((a = af_array(c->doc, "services")) == NULL)
		return NULL;
	for (i = 0; i < json_object_array_length(a); i++) {
		s = json_object_array_get_idx(a, i);
		name.n = 0;
		af_words_add(&name, util_json_str(s, "name", NULL), "en");
		if (am_has(&name, "emergency") >= 0 ||
		    am_has(&name, "urgent") >= 0)
			return s;
	}
	return NULL;
}

int
af_dental_pain(struct actx *c, const struct atext *x)
{
	json_object	*s;
	const char	*kind;
	int		 i, tooth = 0, hurt = 0;

	kind = util_json_str(c->doc, "kind", NULL);
	if (kind == NULL || strcmp(kind, "dental") != 0)
		return 0;
	for (i = 0; i < x->n; i++) {
		tooth |= am_in(x->w[i], af_teeth);
		hurt |= am_in(x->w[i], af_hurts);
	}
	if (am_has(x, "toothache") < 0 && !(tooth && hurt))
		return 0;
	if ((s = af_emergency_service(c)) == NULL)
		return 0;
	ax_add(c, ax_tr(c, "I'm sorry to hear that. I can't give medical "
	    "advice, but our emergency dental appointment is for problems "
	    "like this, and I can help you book one."));
	af_service_list(c, &s, 1, 0);
	c->offer_booking = 1;
	return 1;
}
