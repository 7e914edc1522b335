/*
 * The safety screen's turn: the reviewed reply texts of
 * data/safety/replies/ and advice.tsv, the emergency reply with the
 * country's numbers, the refusal of medical advice and the staff alert.
 * What counts as an emergency is safety_match.c's.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "safety.h"
#include "safety_int.h"

#define SAFETY_LINE_MAX		4096
#define SAFETY_DEFAULT		"default"	/* texts for other countries */

const char *const safety_kind_names[SAFETY__MAX] = {
	"none", "emergency", "advice",
};

struct safety_text {
	char	*where;		/* a country, "default", or "advice" */
	char	*key;		/* a reply group, or an advice text's name */
	char	 lang[8];
	char	*text;
};

static struct {
	struct safety_text *v;
	size_t		 n;
	int		 loaded;
} texts;

/* A phone link of a reply group (links.tsv): shown label, number. */
struct safety_link {
	char	*where;		/* a country or "default" */
	char	*group;
	char	*label;
	char	*number;	/* digits only */
};

static struct {
	struct safety_link *v;
	size_t		 n;
} links;

int
safety_tsv(const char *name, int nfields, int (*fn)(char **, int, void *),
    void *arg)
{
	char	 path[4096], line[SAFETY_LINE_MAX], *f[SAFETY_FIELDS_MAX];
	char	*p;
	FILE	*fp;
	int	 lineno = 0, n, rc = 0;

	snprintf(path, sizeof(path), "%s/data/safety/%s",
	    conf_str("data_dir"), name);
	if ((fp = fopen(path, "r")) == NULL)
		return error("%s: %s", path, strerror(errno));
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		for (n = 0, p = line; n < nfields && p != NULL; n++) {
			f[n] = strsep(&p, "\t");
		}
		if (n != nfields || p != NULL) {
			rc = error("%s:%d: %d tab-separated fields wanted",
			    path, lineno, nfields);
			break;
		}
		if (fn(f, lineno, arg) == -1)
			rc = error("%s:%d: rejected", path, lineno);
	}
	if (rc == 0 && ferror(fp))
		rc = error("%s: read error", path);
	fclose(fp);
	return rc;
}

/* One line of a texts file: key, language, text. */
static int
safety_text_line(char **f, int lineno, void *arg)
{
	struct safety_text	*v;

	if (strlen(f[1]) != 2 || f[2][0] == '\0')
		return error("line %d: a language code and a text wanted",
		    lineno);
	v = realloc(texts.v, (texts.n + 1) * sizeof(*v));
	if (v == NULL)
		return error("out of memory");
	texts.v = v;
	v = &texts.v[texts.n];
	memset(v, 0, sizeof(*v));
	snprintf(v->lang, sizeof(v->lang), "%s", f[1]);
	texts.n++;
	if ((v->where = strdup(arg)) == NULL ||
	    (v->key = strdup(f[0])) == NULL ||
	    (v->text = strdup(f[2])) == NULL)
		return error("out of memory");
	return 0;
}

/* One line of links.tsv: country, reply group, label, number. */
static int
safety_link_line(char **f, int lineno, void *arg)
{
	struct safety_link	*v;

	(void)arg;
	if (f[0][0] == '\0' || f[1][0] == '\0' || f[2][0] == '\0' ||
	    f[3][0] == '\0' || strspn(f[3], "0123456789") != strlen(f[3]))
		return error("line %d: country, group, label and digits "
		    "wanted", lineno);
	v = realloc(links.v, (links.n + 1) * sizeof(*v));
	if (v == NULL)
		return error("out of memory");
	links.v = v;
	v = &links.v[links.n];
	memset(v, 0, sizeof(*v));
	links.n++;
	if ((v->where = strdup(f[0])) == NULL ||
	    (v->group = strdup(f[1])) == NULL ||
	    (v->label = strdup(f[2])) == NULL ||
	    (v->number = strdup(f[3])) == NULL)
		return error("out of memory");
	return 0;
}

static void
safety_links_free(void)
{
	while (links.n > 0) {
		links.n--;
		free(links.v[links.n].where);
		free(links.v[links.n].group);
		free(links.v[links.n].label);
		free(links.v[links.n].number);
	}
}

static const struct safety_text *
safety_text_find(const char *where, const char *key, const char *lang)
{
	size_t	 i;

	for (i = 0; i < texts.n; i++)
		if (strcmp(texts.v[i].where, where) == 0 &&
		    strcmp(texts.v[i].key, key) == 0 &&
		    strcmp(texts.v[i].lang, lang) == 0)
			return &texts.v[i];
	return NULL;
}

/* The text in lang, else in English; NULL when neither is there. */
static const struct safety_text *
safety_text_get(const char *where, const char *key, const char *lang)
{
	const struct safety_text *st;

	if (lang != NULL && (st = safety_text_find(where, key, lang)) != NULL)
		return st;
	return safety_text_find(where, key, "en");
}

static const char *const safety_groups[] = { "life", "mental", "spinal",
    "swelling", "urgent", "tooth" };
static const char *const safety_advice_keys[] = { "refusal", "book",
    "staff" };

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The first of keys without an English text in where, or NULL. */
static const char *
safety_text_missing(const char *where, const char *const *keys, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (safety_text_find(where, keys[i], "en") == NULL)
			return keys[i];
	return NULL;
}

/* Every file has an English text for each of its keys. */
static int
safety_texts_check(void)
{
	const char	*key;
	size_t		 i;

	for (i = 0; i < texts.n; i++) {
		if (strcmp(texts.v[i].where, "advice") == 0)
			continue;
		key = safety_text_missing(texts.v[i].where, safety_groups,
		    NELEM(safety_groups));
		if (key != NULL)
			return error("replies/%s.tsv: no en text for %s",
			    texts.v[i].where, key);
	}
	key = safety_text_missing("advice", safety_advice_keys,
	    NELEM(safety_advice_keys));
	if (key != NULL)
		return error("advice.tsv: no en text for %s", key);
	if (safety_text_find(SAFETY_DEFAULT, "life", "en") == NULL)
		return error("replies/%s.tsv is missing", SAFETY_DEFAULT);
	return 0;
}

static int
safety_texts_load(void)
{
	char	 pat[4096], name[256], where[64];
	glob_t	 g;
	size_t	 i;
	int	 rc = -1;

	if (safety_tsv("advice.tsv", 3, safety_text_line, "advice") == -1)
		return -1;
	if (safety_tsv("links.tsv", 4, safety_link_line, NULL) == -1)
		return -1;
	snprintf(pat, sizeof(pat), "%s/data/safety/replies/*.tsv",
	    conf_str("data_dir"));
	if (glob(pat, 0, NULL, &g) != 0)
		return error("no reply texts in %s", pat);
	for (i = 0; i < g.gl_pathc; i++) {
		snprintf(where, sizeof(where), "%s",
		    strrchr(g.gl_pathv[i], '/') + 1);
		where[strcspn(where, ".")] = '\0';
		snprintf(name, sizeof(name), "replies/%s.tsv", where);
		if (safety_tsv(name, 3, safety_text_line, where) == -1)
			goto out;
	}
	rc = safety_texts_check();
out:
	globfree(&g);
	return rc;
}

int
safety_load(void)
{
	if (texts.loaded)
		return 0;
	if (safety_match_load() == -1)
		return -1;
	if (safety_texts_load() == -1) {
		/* Start again on the next call rather than half loaded. */
		while (texts.n > 0) {
			texts.n--;
			free(texts.v[texts.n].where);
			free(texts.v[texts.n].key);
			free(texts.v[texts.n].text);
		}
		safety_links_free();
		return -1;
	}
	texts.loaded = 1;
	return 0;
}

enum safety_kind
safety_screen(const char *text, size_t len, const char **category)
{
	int	 kind;

	*category = NULL;
	if (safety_load() == -1)
		return SAFETY_NONE;
	if ((kind = safety_match(text, len, category)) == -1)
		return SAFETY_NONE;
	return kind;
}

/* The emergency text for a category's group, with its language. */
static const struct safety_text *
safety_emergency_get(const char *category, const char *country,
    const char *lang)
{
	const struct safety_text *st = NULL;
	const char		*group;

	if ((group = safety_group(category)) == NULL)
		group = "life";
	if (country != NULL && strcmp(country, "advice") != 0)
		st = safety_text_get(country, group, lang);
	if (st == NULL)
		st = safety_text_get(SAFETY_DEFAULT, group, lang);
	return st;
}

const char *
safety_emergency_text(const char *category, const char *country,
    const char *lang)
{
	const struct safety_text *st;

	if (!texts.loaded)
		return NULL;
	st = safety_emergency_get(category, country, lang);
	return st != NULL ? st->text : NULL;
}

/*
 * The phone links of group in where, as [{"label", "href"}], or NULL
 * when out of memory.
 */
static json_object *
safety_links_json(const char *where, const char *group)
{
	json_object	*a, *o;
	char		 href[64];
	size_t		 i;

	if ((a = json_object_new_array()) == NULL)
		return NULL;
	for (i = 0; i < links.n; i++) {
		if (strcmp(links.v[i].where, where) != 0 ||
		    strcmp(links.v[i].group, group) != 0)
			continue;
		snprintf(href, sizeof(href), "tel:%s", links.v[i].number);
		if ((o = json_object_new_object()) == NULL ||
		    json_object_array_add(a, o) == -1) {
			json_object_put(o);
			json_object_put(a);
			return NULL;
		}
		json_object_object_add(o, "label",
		    json_object_new_string(links.v[i].label));
		json_object_object_add(o, "href",
		    json_object_new_string(href));
	}
	return a;
}

/* Counts the conversation's emergencies in its state, under "safety". */
static void
safety_state(struct turn *t, const char *category)
{
	json_object	*s, *n;
	int		 count = 0;

	if (!json_object_object_get_ex(t->state, "safety", &s) ||
	    !json_object_is_type(s, json_type_object)) {
		if ((s = json_object_new_object()) == NULL)
			return;
		json_object_object_add(t->state, "safety", s);
	}
	if (json_object_object_get_ex(s, "emergencies", &n))
		count = json_object_get_int(n);
	json_object_object_add(s, "emergencies",
	    json_object_new_int(count + 1));
	json_object_object_add(s, "last_category",
	    json_object_new_string(category));
}

static int
safety_emergency(struct turn *t, const char *category)
{
	const struct safety_text *st;
	struct reply		*r;

	st = safety_emergency_get(category, t->clinic->country, t->lang);
	if (st == NULL)
		return error("no emergency text for %s", category);
	if ((r = turn_reply(t, st->text)) == NULL)
		return error("cannot add the emergency reply");
	r->emergency = 1;
	snprintf(r->lang, sizeof(r->lang), "%s", st->lang);
	if ((r->links = safety_links_json(st->where, st->key)) == NULL)
		return error("out of memory");

	json_object_object_del(t->state, "booking");
	safety_state(t, category);
	if (turn_event(t, "emergency", category) == -1)
		return error("out of memory");
	if (db_exec("INSERT INTO staff_alerts (clinic_id, conversation_id, "
	    "kind, category, created_at) VALUES (%s, %llu, %s, %s, %t)",
	    t->clinic->id, t->conversation, "emergency", category,
	    t->now) == -1)
		return error("cannot record the staff alert");
	log_info("emergency reply: clinic %s conversation %llu category %s",
	    t->clinic->id, t->conversation, category);
	return 1;
}

static int
safety_advice(struct turn *t)
{
	const struct safety_text *st, *book, *staff;
	struct reply		*r;

	st = safety_text_get("advice", "refusal", t->lang);
	book = safety_text_get("advice", "book", st->lang);
	staff = safety_text_get("advice", "staff", st->lang);
	if ((r = turn_reply(t, st->text)) == NULL)
		return error("cannot add the refusal");
	snprintf(r->lang, sizeof(r->lang), "%s", st->lang);
	if (turn_choice(r, book->text, "book:start") == -1 ||
	    turn_choice(r, staff->text, "staff:request") == -1 ||
	    turn_event(t, "advice_refused", NULL) == -1)
		return error("out of memory");
	return 1;
}

int
safety_turn(struct turn *t)
{
	const char	*category;
	int		 kind;

	if (t->text == NULL)
		return 0;
	if (safety_load() == -1)
		return error("the safety lists cannot be loaded");
	if ((kind = safety_match(t->text, t->text_len, &category)) == -1)
		return -1;
	if (kind == SAFETY_EMERGENCY)
		return safety_emergency(t, category);
	if (kind == SAFETY_ADVICE)
		return safety_advice(t);
	return 0;
}
