/*
 * The safety screen's matcher: the reviewed phrase lists of
 * data/safety/phrases/, a normaliser (case, accents, apostrophes,
 * text-speak) and a phrase matcher that forgives one typo in a longer
 * word and knows negation, history and questions about services.
 * The replies and the turn are safety.c's.
 */
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/linkhash.h>

#include "conf.h"
#include "log.h"
#include "safety.h"
#include "safety_int.h"

#define SM_WORD_MAX	32	/* bytes of a word, NUL included */
#define SM_GAP		1	/* words that may sit between two of a phrase */
#define SM_GAP_LONG	4	/* the same after a "..." */
#define SM_NEG_WINDOW	3	/* words between a negation and its phrase */
#define SM_SPANS_MAX	64	/* cue occurrences kept per list */
#define SM_FUZZY_MIN	5	/* shortest word matched with one edit */
#define SM_EXPAND_MAX	256	/* phrases one line of choices may give */
#define SAFETY_LINE_WORDS 1024	/* bytes of one phrase */

/* Lists that are not categories: cues the matcher reads. */
enum sm_list {
	SM_ADVICE,		/* a request for medical advice */
	SM_NEGATION,		/* "no", "not", "without" before a phrase */
	SM_NEGATION_AFTER,	/* "nahi hai" after a phrase */
	SM_NEGATION_STOP,	/* words that end a negation's reach */
	SM_UNCERTAIN,		/* "not sure": never a negation */
	SM_HISTORY,		/* "years ago": the clause is the past */
	SM_HISTORY_BEFORE,	/* "after my" right before a phrase */
	SM_PRESENT,		/* "now", "again": the clause is the present */
	SM_SERVICE,		/* "do you treat": a question about services */
	SM_CONTRAST,		/* "but": starts a new clause */
	SM_NOFUZZY,		/* words never taken for a near phrase word */
	SM__MAX
};

static const char *const sm_list_names[SM__MAX] = {
	"advice", "negation", "negation_after", "negation_stop",
	"uncertain", "history", "history_before", "present", "service",
	"contrast", "nofuzzy",
};

struct sm_alt {
	char		 s[SM_WORD_MAX];
	size_t		 len;
	int		 prefix;	/* "word*" */
};

struct sm_tok {
	struct sm_alt	*alt;		/* "a|b|c" */
	int		 nalt;
	int		 gap;		/* words allowed before this one */
};

struct sm_part {
	struct sm_tok	*tok;
	int		 ntok;
};

struct sm_phrase {
	int		 list;		/* enum sm_list, or SM__MAX + cat. */
	int		 weak;		/* a bare name: not in a service
					 * question */
	struct sm_part	*part;		/* all parts must be found ("a + b") */
	int		 npart;
};

struct sm_cat {
	char		*name;
	char		*group;
	int		 history;	/* "years ago" makes it the past */
	int		 negation;	/* "no" before a phrase cancels it */
};

struct sm_map {
	char		 from[2][SM_WORD_MAX];	/* one or two words */
	char		 to[SM_WORD_MAX];	/* "" drops the words */
};

struct sm_word {
	char		 s[SM_WORD_MAX];
	size_t		 len;
	int		 clause;
	int		 fuzzy;		/* may be a phrase word misspelt */
};

struct sm_span {
	int		 s, e;		/* first and last word */
};

struct sm_spans {
	struct sm_span	 v[SM_SPANS_MAX];
	int		 n;
};

struct sm_msg {
	struct sm_word	*w;
	int		 n;
	struct sm_spans	 cue[SM__MAX];
	uint64_t	*cand;		/* phrases the index let through */
	uint64_t	*byrank;	/* the same by their places in
					 * sm.order */
};

/* Phrase (or word map) numbers under one key of an index, ascending. */
struct sm_refs {
	int		*v;
	int		 n, cap;
};

static struct {
	struct sm_phrase *ph;
	int		 nph;
	struct sm_cat	*cat;
	int		 ncat;
	struct sm_map	*map;
	int		 nmap;
	char		(*nofuzzy)[SM_WORD_MAX];	/* sorted */
	int		 nnofuzzy;
	struct lh_table	*full;		/* first words -> phrases */
	struct lh_table	*pref;		/* first "word*" -> phrases */
	size_t		 preflen;	/* longest "word*" */
	struct lh_table	*mapidx;	/* first word -> word maps */
	int		*order;		/* categories' phrases, then advice */
	int		 norder;
	int		*rank;		/* a phrase's place in order, or
					 * norder for a cue list's */
	int		 loaded;
} sm;

/*
 * Sets of phrase numbers, one bit each, walked in ascending order; the
 * words of a set, for the phrases loaded, end with a zero word.
 */
#define SM_SET(set, i)	((set)[(i) / 64] |= (uint64_t)1 << ((i) % 64))

static size_t
sm_nsets(void)
{
	return (size_t)sm.nph / 64 + 2;
}

/* The number after i in set, or -1. */
static int
sm_next(const uint64_t *set, int i)
{
	uint64_t	 w;
	int		 k;

	i++;
	k = i / 64;
	w = set[k] & (~(uint64_t)0 << (i % 64));
	for (; (size_t)k < sm_nsets() - 1; w = set[++k])
		if (w != 0)
			return k * 64 + __builtin_ctzll(w);
	return -1;
}

/* ---- normalising ---- */

/* U+00C0..U+00FF and U+0100..U+017F folded to one ASCII letter. */
static const char sm_fold_latin1[] =
    "aaaaaaaceeeeiiiidnooooo ouuuuyts"
    "aaaaaaaceeeeiiiidnooooo ouuuuyty";
static const char sm_fold_exta[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjjjkkk"
    "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
    "wwyyyzzzzzzs";

/*
 * Arabic-script letters kept as UTF-8, with the Arabic and Urdu forms of
 * a letter made one (Arabic yeh, alef maksura, yeh barree -> Farsi yeh;
 * kaf -> keheh; heh, teh marbuta, heh goal, do chashmi heh -> heh goal;
 * alef with madda or hamza -> alef; waw with hamza -> waw).  Returns the
 * code point to keep, 0 for one to drop (harakat, superscript alef,
 * tatweel), or -1 when cp is not an Arabic-script letter or mark.
 */
static long
sm_arabic(unsigned int cp)
{
	if ((cp >= 0x610 && cp <= 0x61a) || (cp >= 0x64b && cp <= 0x65f) ||
	    cp == 0x670 || cp == 0x640 || (cp >= 0x6d6 && cp <= 0x6ed))
		return 0;
	if (cp == 0x64a || cp == 0x649 || cp == 0x6d2 || cp == 0x6d3 ||
	    cp == 0x626)
		return 0x6cc;
	if (cp == 0x643)
		return 0x6a9;
	if (cp == 0x647 || cp == 0x629 || cp == 0x6be || cp == 0x6c3 ||
	    cp == 0x6c0)
		return 0x6c1;
	if (cp >= 0x622 && cp <= 0x625 && cp != 0x624)
		return 0x627;
	if (cp == 0x624)
		return 0x648;
	if ((cp >= 0x621 && cp <= 0x63a) || (cp >= 0x641 && cp <= 0x64a) ||
	    (cp >= 0x671 && cp <= 0x6d3))
		return cp;
	return -1;
}

/* Decodes one code point of well-formed-enough UTF-8; returns bytes. */
static size_t
sm_utf8(const unsigned char *s, size_t len, unsigned int *cp)
{
	size_t	 n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	if (n == 1 || n > len) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++)
		*cp = (*cp << 6) | (s[i] & 0x3f);
	return n;
}

/*
 * What a code point becomes: letters into out (returns how many), 0 for
 * a word separator, -1 for a clause break, -2 for an apostrophe (dropped
 * inside a word, so "can't" is "cant"), -3 for a mark dropped anywhere
 * (zero-width characters, Arabic harakat).
 */
static int
sm_fold(unsigned int cp, char *out)
{
	long	 a;

	if (cp == 0x200b || cp == 0x200c || cp == 0x200d || cp == 0x200e ||
	    cp == 0x200f || cp == 0xfeff || cp == 0x61c || cp == 0xad)
		return -3;
	if (cp >= 0x600 && cp <= 0x6ff) {
		if (cp >= 0x660 && cp <= 0x669)
			a = '0' + cp - 0x660;
		else if (cp >= 0x6f0 && cp <= 0x6f9)
			a = '0' + cp - 0x6f0;
		else if (cp == 0x6d4 || cp == 0x60c || cp == 0x61b ||
		    cp == 0x61f)
			return -1;
		else if ((a = sm_arabic(cp)) == 0)
			return -3;
		if (a < 0x80 && a > 0) {
			out[0] = a;
			return 1;
		}
		if (a < 0)
			return 0;
		out[0] = 0xc0 | (a >> 6);
		out[1] = 0x80 | (a & 0x3f);
		return 2;
	}
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			out[0] = cp;
			return 1;
		}
		if (cp >= 'A' && cp <= 'Z') {
			out[0] = cp - 'A' + 'a';
			return 1;
		}
		if (cp == '\'' || cp == '`')
			return -2;
		return strchr(".,;:!?()\n\r", (int)cp) != NULL && cp ? -1 : 0;
	}
	if (cp == 0xdf || cp == 0xc6 || cp == 0xe6 || cp == 0x152 ||
	    cp == 0x153) {
		out[0] = cp == 0xdf ? 's' : cp < 0x100 ? 'a' : 'o';
		out[1] = cp == 0xdf ? 's' : 'e';
		return 2;
	}
	if (cp >= 0xc0 && cp <= 0xff)
		out[0] = sm_fold_latin1[cp - 0xc0];
	else if (cp >= 0x100 && cp <= 0x17f)
		out[0] = sm_fold_exta[cp - 0x100];
	else if (cp >= 0x218 && cp <= 0x21b)
		out[0] = cp < 0x21a ? 's' : 't';
	else if (cp == 0x2019 || cp == 0x2018 || cp == 0x2bc || cp == 0xb4)
		return -2;
	else if (cp == 0x2026 || cp == 0xbf || cp == 0xa1)
		return -1;
	else
		return 0;
	return out[0] == ' ' ? 0 : 1;
}

/* Adds the word being built, if any, to m; returns 0 or -1 (full). */
static int
sm_push(struct sm_msg *m, int cap, char *cur, size_t *curlen, int clause)
{
	if (*curlen == 0)
		return 0;
	if (m->n == cap)
		return -1;
	memcpy(m->w[m->n].s, cur, *curlen);
	m->w[m->n].s[*curlen] = '\0';
	m->w[m->n].clause = clause;
	m->n++;
	*curlen = 0;
	return 0;
}

/*
 * Nonzero when the word before an apostrophe is an elided French or
 * Italian article or pronoun ("j'ai", "l'occhio"), which stays a word of
 * its own; elsewhere the apostrophe is dropped ("can't" is "cant").
 */
static int
sm_elided(const char *cur, size_t len)
{
	static const char *const el[] = { "j", "l", "d", "n", "m", "t", "s",
	    "c", "qu", "dell", "all", "nell", "sull", "dall", "un", "quell" };
	size_t	 i;

	for (i = 0; i < sizeof(el) / sizeof(el[0]); i++)
		if (strlen(el[i]) == len && strncmp(el[i], cur, len) == 0)
			return 1;
	return 0;
}

/* Splits text into folded words with clause numbers. */
static void
sm_split(const char *text, size_t len, struct sm_msg *m, int cap)
{
	const unsigned char	*s = (const unsigned char *)text;
	char			 cur[SM_WORD_MAX], out[2];
	size_t			 i = 0, curlen = 0;
	unsigned int		 cp;
	int			 k, j, clause = 0;

	while (i < len) {
		i += sm_utf8(s + i, len - i, &cp);
		if ((k = sm_fold(cp, out)) == -3)
			continue;
		if (k == -2 && !sm_elided(cur, curlen))
			continue;
		if (k <= 0) {
			if (sm_push(m, cap, cur, &curlen, clause) == -1)
				return;
			if (k == -1)
				clause++;
			continue;
		}
		for (j = 0; j < k; j++)
			if (curlen < SM_WORD_MAX - 1)
				cur[curlen++] = out[j];
	}
	sm_push(m, cap, cur, &curlen, clause);
}

/* Rewrites text-speak and spelling variants through the word map. */
static void
sm_rewrite(struct sm_msg *m)
{
	struct sm_refs	*r;
	int		 i, j, k, o = 0, two = 0;

	for (i = 0; i < m->n; i++) {
		j = -1;
		if (lh_table_lookup_ex(sm.mapidx, m->w[i].s, (void **)&r))
			for (k = 0; k < r->n; k++) {
				j = r->v[k];
				two = sm.map[j].from[1][0] != '\0';
				if (!two || (i + 1 < m->n &&
				    strcmp(m->w[i + 1].s, sm.map[j].from[1]) ==
				    0))
					break;
				j = -1;
			}
		if (j >= 0) {
			i += two;
			if (sm.map[j].to[0] == '\0')
				continue;
			strcpy(m->w[i].s, sm.map[j].to);
		}
		m->w[o++] = m->w[i];
	}
	m->n = o;
}

/* ---- matching ---- */

static int
sm_wordcmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
sm_nofuzzy(const char *w)
{
	return sm.nnofuzzy > 0 && bsearch(w, sm.nofuzzy, sm.nnofuzzy,
	    SM_WORD_MAX, sm_wordcmp) != NULL;
}

/*
 * Notes each word's length and whether the matcher may take it for a
 * near phrase word: four letters or more, not a number, not in a script
 * whose letters are more than one byte, not a word kept exact.
 */
static void
sm_measure(struct sm_msg *m)
{
	struct sm_word	*w;
	int		 i;

	for (i = 0; i < m->n; i++) {
		w = &m->w[i];
		w->len = strlen(w->s);
		w->fuzzy = w->len >= 4 && !(w->s[0] >= '0' && w->s[0] <= '9') &&
		    (unsigned char)w->s[0] < 0x80 && !sm_nofuzzy(w->s);
	}
}

/* Gathers the words of the nofuzzy lists into one sorted array. */
static int
sm_nofuzzy_index(void)
{
	const struct sm_tok	*t;
	int			 i, j, n = 0;

	for (i = 0; i < sm.nph; i++)
		if (sm.ph[i].list == SM_NOFUZZY)
			n += sm.ph[i].part[0].tok[0].nalt;
	if ((sm.nofuzzy = calloc(n + 1, SM_WORD_MAX)) == NULL)
		return error("out of memory");
	for (i = 0; i < sm.nph; i++) {
		if (sm.ph[i].list != SM_NOFUZZY)
			continue;
		t = &sm.ph[i].part[0].tok[0];
		for (j = 0; j < t->nalt; j++)
			memcpy(sm.nofuzzy[sm.nnofuzzy++], t->alt[j].s,
			    SM_WORD_MAX);
	}
	qsort(sm.nofuzzy, sm.nnofuzzy, SM_WORD_MAX, sm_wordcmp);
	return 0;
}

/*
 * The index.  Trying every phrase on every word of a message is slow:
 * the lists expand to thousands of phrases.  A phrase can only match if
 * the first word of its first part matches a word of the message, so
 * the index maps that word to its phrases: under the word itself and,
 * when the matcher forgives a slip in it, under each form of it with
 * one letter deleted (two words one edit or one swap apart always share
 * such a form).  A message's words are looked up the same way, and only
 * the phrases found are tried.  "word*" entries sit in a table of their
 * own, looked up with each beginning of a message word.
 */

static void
sm_refs_free(struct lh_entry *e)
{
	struct sm_refs	*r = lh_entry_v(e);

	free(lh_entry_k(e));
	free(r->v);
	free(r);
}

/* Adds i under key (len bytes of s) in t; 0 or -1. */
static int
sm_refs_add(struct lh_table *t, const char *s, size_t len, int i)
{
	struct sm_refs	*r;
	char		 key[SM_WORD_MAX], *k;
	int		*v;

	memcpy(key, s, len);
	key[len] = '\0';
	if (!lh_table_lookup_ex(t, key, (void **)&r)) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return -1;
		if ((k = strdup(key)) == NULL || lh_table_insert(t, k, r)) {
			free(k);
			free(r);
			return -1;
		}
	}
	if (r->n > 0 && r->v[r->n - 1] == i)
		return 0;
	if (r->n == r->cap) {
		if ((v = realloc(r->v, (r->cap * 2 + 4) * sizeof(*v))) ==
		    NULL)
			return -1;
		r->v = v;
		r->cap = r->cap * 2 + 4;
	}
	r->v[r->n++] = i;
	return 0;
}

/* Adds i under s and, if dels, under s with each letter deleted. */
static int
sm_key_add(struct lh_table *t, const char *s, size_t len, int dels, int i)
{
	char	 del[SM_WORD_MAX];
	size_t	 j;

	if (sm_refs_add(t, s, len, i) == -1)
		return -1;
	for (j = 0; dels && j < len; j++) {
		memcpy(del, s, j);
		memcpy(del + j, s + j + 1, len - j - 1);
		if (sm_refs_add(t, del, len - 1, i) == -1)
			return -1;
	}
	return 0;
}

/* Marks the phrases under s and, if dels, under its deletions. */
static void
sm_key_mark(struct lh_table *t, const char *s, size_t len, int dels,
    struct sm_msg *m)
{
	struct sm_refs	*r;
	char		 key[SM_WORD_MAX];
	size_t		 j;
	int		 k;

	for (j = 0; j <= len; j++) {
		if (j == 0) {
			memcpy(key, s, len);
			key[len] = '\0';
		} else if (!dels)
			break;
		else {
			memcpy(key, s, j - 1);
			memcpy(key + j - 1, s + j, len - j);
			key[len - 1] = '\0';
		}
		if (lh_table_lookup_ex(t, key, (void **)&r))
			for (k = 0; k < r->n; k++)
				SM_SET(m->cand, r->v[k]);
	}
}

/* Marks in m->cand the phrases whose first word a word of m matches. */
static void
sm_candidates(struct sm_msg *m)
{
	const struct sm_word	*w;
	size_t			 k;
	int			 i;

	for (i = 0; i < m->n; i++) {
		w = &m->w[i];
		sm_key_mark(sm.full, w->s, w->len, w->fuzzy, m);
		for (k = 1; k <= w->len && k <= sm.preflen + 1; k++)
			sm_key_mark(sm.pref, w->s, k, w->fuzzy &&
			    k + 1 >= SM_FUZZY_MIN, m);
	}
}

static int
sm_index(void)
{
	const struct sm_alt	*a;
	const struct sm_tok	*t;
	int			 c, i, j, n, fuzzy;

	if ((sm.full = lh_kchar_table_new(4096, sm_refs_free)) == NULL ||
	    (sm.pref = lh_kchar_table_new(1024, sm_refs_free)) == NULL ||
	    (sm.mapidx = lh_kchar_table_new(256, sm_refs_free)) == NULL ||
	    (sm.order = calloc(sm.nph + 1, sizeof(*sm.order))) == NULL ||
	    (sm.rank = calloc(sm.nph + 1, sizeof(*sm.rank))) == NULL)
		return error("out of memory");
	for (i = 0; i < sm.nph; i++) {
		t = &sm.ph[i].part[0].tok[0];
		for (j = 0; j < t->nalt; j++) {
			a = &t->alt[j];
			fuzzy = a->len >= (a->prefix ? SM_FUZZY_MIN : 4);
			if (sm_key_add(a->prefix ? sm.pref : sm.full, a->s,
			    a->len, fuzzy, i) == -1)
				return error("out of memory");
			if (a->prefix && a->len > sm.preflen)
				sm.preflen = a->len;
		}
	}
	for (i = 0; i < sm.nmap; i++)
		if (sm_refs_add(sm.mapidx, sm.map[i].from[0],
		    strlen(sm.map[i].from[0]), i) == -1)
			return error("out of memory");
	for (c = 0, n = 0; c <= sm.ncat; c++)
		for (i = 0; i < sm.nph; i++)
			if (sm.ph[i].list == (c < sm.ncat ? SM__MAX + c :
			    SM_ADVICE))
				sm.order[n++] = i;
	sm.norder = n;
	for (i = 0; i < sm.nph; i++)
		sm.rank[i] = n;
	for (i = 0; i < n; i++)
		sm.rank[sm.order[i]] = i;
	return 0;
}

/* Nonzero when a and b are one edit apart (a swap counts as one). */
static int
sm_near(const char *a, size_t al, const char *b, size_t bl)
{
	size_t	 i = 0;

	if (al > bl + 1 || bl > al + 1)
		return 0;
	while (i < al && i < bl && a[i] == b[i])
		i++;
	if (al == bl) {
		if (i == al)
			return 1;
		if (strncmp(a + i + 1, b + i + 1, al - i - 1) == 0)
			return 1;
		return i + 1 < al && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    strncmp(a + i + 2, b + i + 2, al - i - 2) == 0;
	}
	if (al > bl)
		return strncmp(a + i + 1, b + i, bl - i) == 0;
	return strncmp(a + i, b + i + 1, al - i) == 0;
}

/* Nonzero when a and b differ only by two neighbours swapped. */
static int
sm_swapped(const char *a, const char *b, size_t len)
{
	size_t	 i = 0;

	while (i < len && a[i] == b[i])
		i++;
	return i + 1 < len && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	    strncmp(a + i + 2, b + i + 2, len - i - 2) == 0;
}

static int
sm_alt_fuzzy(const struct sm_alt *a, const char *w, size_t wl)
{
	size_t	 k;

	if (a->prefix) {
		if (a->len < SM_FUZZY_MIN)
			return 0;
		for (k = a->len - 1; k <= a->len + 1 && k <= wl; k++)
			if (sm_near(w, k, a->s, a->len))
				return 1;
		return 0;
	}
	if (a->len >= SM_FUZZY_MIN)
		return sm_near(w, wl, a->s, a->len);
	return a->len == 4 && wl == 4 && sm_swapped(w, a->s, 4);
}

static int
sm_tok_match(const struct sm_tok *t, const struct sm_word *w, int fuzzy)
{
	const struct sm_alt	*a;
	int			 i;

	for (i = 0; i < t->nalt; i++) {
		a = &t->alt[i];
		if ((a->prefix ? w->len >= a->len : w->len == a->len) &&
		    memcmp(w->s, a->s, a->len) == 0)
			return 1;
	}
	if (!fuzzy || !w->fuzzy)
		return 0;
	for (i = 0; i < t->nalt; i++)
		if (sm_alt_fuzzy(&t->alt[i], w->s, w->len))
			return 1;
	return 0;
}

/* Matches the rest of p after its word k matched word i of m. */
static int
sm_rest(const struct sm_part *p, int k, const struct sm_msg *m, int i,
    int fuzzy, int *end)
{
	int	 j, lim;

	if (k == p->ntok - 1) {
		*end = i;
		return 1;
	}
	lim = i + 1 + p->tok[k + 1].gap;
	for (j = i + 1; j <= lim && j < m->n; j++) {
		if (m->w[j].clause != m->w[i].clause)
			break;
		if (sm_tok_match(&p->tok[k + 1], &m->w[j], fuzzy) &&
		    sm_rest(p, k + 1, m, j, fuzzy, end))
			return 1;
	}
	return 0;
}

/* The first occurrence of p starting at word from or later. */
static int
sm_find(const struct sm_part *p, const struct sm_msg *m, int from,
    int fuzzy, struct sm_span *o)
{
	int	 i;

	for (i = from; i < m->n; i++)
		if (sm_tok_match(&p->tok[0], &m->w[i], fuzzy) &&
		    sm_rest(p, 0, m, i, fuzzy, &o->e)) {
			o->s = i;
			return 1;
		}
	return 0;
}

static int
sm_overlaps(const struct sm_spans *l, struct sm_span o)
{
	int	 i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].s <= o.e && o.s <= l->v[i].e)
			return 1;
	return 0;
}

/* Records every occurrence of the cue lists, then the clauses. */
static void
sm_cues(struct sm_msg *m)
{
	struct sm_spans	*l;
	struct sm_span	 o;
	int		 i, j, from, shift;

	for (i = -1; (i = sm_next(m->cand, i)) >= 0; ) {
		if (sm.ph[i].list >= SM__MAX || sm.ph[i].list == SM_ADVICE)
			continue;
		l = &m->cue[sm.ph[i].list];
		for (from = 0; l->n < SM_SPANS_MAX &&
		    sm_find(&sm.ph[i].part[0], m, from, 0, &o); from = o.s + 1)
			l->v[l->n++] = o;
	}

	/* A contrast word ("but") starts a new clause. */
	for (i = 0, shift = 0, j = 0; i < m->n; i++) {
		while (j < m->cue[SM_CONTRAST].n &&
		    m->cue[SM_CONTRAST].v[j].s == i) {
			shift++;
			j++;
		}
		m->w[i].clause += shift;
	}
}

/* Nonzero when a negation reaches o ("no chest pain or ..."). */
static int
sm_negated(const struct sm_msg *m, struct sm_span o)
{
	const struct sm_spans	*l = &m->cue[SM_NEGATION];
	struct sm_span		 w;
	int			 i, c = m->w[o.s].clause;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].e >= o.s || m->w[l->v[i].e].clause != c ||
		    o.s - l->v[i].e - 1 > SM_NEG_WINDOW)
			continue;
		if (sm_overlaps(&m->cue[SM_UNCERTAIN], l->v[i]))
			continue;
		w.s = l->v[i].e + 1;
		w.e = o.s - 1;
		if (w.s <= w.e && sm_overlaps(&m->cue[SM_NEGATION_STOP], w))
			continue;
		return 1;
	}
	l = &m->cue[SM_NEGATION_AFTER];
	for (i = 0; i < l->n; i++)
		if (l->v[i].s == o.e + 1 && m->w[l->v[i].s].clause == c)
			return 1;
	return 0;
}

/* Nonzero when o is told as the past ("a stroke 3 years ago"). */
static int
sm_past(const struct sm_msg *m, struct sm_span o)
{
	const struct sm_spans	*l;
	int			 i, c = m->w[o.s].clause, past = 0;

	l = &m->cue[SM_HISTORY_BEFORE];
	for (i = 0; i < l->n; i++)
		if (l->v[i].e == o.s - 1 && m->w[l->v[i].e].clause == c)
			return 1;
	l = &m->cue[SM_HISTORY];
	for (i = 0; i < l->n; i++)
		if (m->w[l->v[i].s].clause == c)
			past = 1;
	l = &m->cue[SM_PRESENT];
	for (i = 0; i < l->n; i++)
		if (m->w[l->v[i].s].clause == c)
			return 0;
	return past;
}

/* Nonzero when one part of a phrase has an occurrence that counts. */
static int
sm_part_live(const struct sm_phrase *ph, const struct sm_part *p,
    const struct sm_msg *m)
{
	const struct sm_cat	*cat = &sm.cat[ph->list - SM__MAX];
	struct sm_span		 o;
	int			 from;

	if (ph->weak && m->cue[SM_SERVICE].n > 0)
		return 0;
	for (from = 0; sm_find(p, m, from, 1, &o); from = o.s + 1) {
		if (cat->negation && sm_negated(m, o))
			continue;
		if (cat->history && sm_past(m, o))
			continue;
		return 1;
	}
	return 0;
}

static int
sm_phrase_live(const struct sm_phrase *ph, const struct sm_msg *m)
{
	struct sm_span	 o;
	int		 i;

	for (i = 0; i < ph->npart; i++) {
		if (ph->list == SM_ADVICE) {
			if (!sm_find(&ph->part[i], m, 0, 1, &o))
				return 0;
		} else if (!sm_part_live(ph, &ph->part[i], m))
			return 0;
	}
	return 1;
}

/* The first category (in categories.tsv order) with a live phrase,
 * else advice, else nothing. */
static enum safety_kind
sm_judge(const struct sm_msg *m, const char **category)
{
	const struct sm_phrase	*ph;
	int			 i, k;

	for (i = -1; (i = sm_next(m->cand, i)) >= 0; )
		if (sm.rank[i] < sm.norder)
			SM_SET(m->byrank, sm.rank[i]);
	for (k = -1; (k = sm_next(m->byrank, k)) >= 0; ) {
		ph = &sm.ph[sm.order[k]];
		if (!sm_phrase_live(ph, m))
			continue;
		if (ph->list == SM_ADVICE)
			return SAFETY_ADVICE;
		*category = sm.cat[ph->list - SM__MAX].name;
		return SAFETY_EMERGENCY;
	}
	return SAFETY_NONE;
}

static void
sm_msg_free(struct sm_msg *m)
{
	if (m == NULL)
		return;
	free(m->w);
	free(m->cand);
	free(m->byrank);
	free(m);
}

static int
sm_match(const char *text, size_t len, const char **category, int all)
{
	struct sm_msg	*m;
	int		 cap, i, kind;

	*category = NULL;
	cap = len / 2 + 2;
	if ((m = malloc(sizeof(*m))) == NULL)
		return error("out of memory");
	/* Not zeroed whole: the span lists are read only up to their n. */
	m->n = 0;
	for (i = 0; i < SM__MAX; i++)
		m->cue[i].n = 0;
	m->cand = m->byrank = NULL;
	if ((m->w = malloc(cap * sizeof(*m->w))) == NULL ||
	    (m->cand = calloc(sm_nsets(), sizeof(*m->cand))) == NULL ||
	    (m->byrank = calloc(sm_nsets(), sizeof(*m->byrank))) == NULL) {
		sm_msg_free(m);
		return error("out of memory");
	}
	sm_split(text, len, m, cap);
	sm_rewrite(m);
	sm_measure(m);
	if (all) {
		for (i = 0; i < sm.nph; i++)
			SM_SET(m->cand, i);
	} else
		sm_candidates(m);
	sm_cues(m);
	kind = sm_judge(m, category);
	sm_msg_free(m);
	return kind;
}

int
safety_match(const char *text, size_t len, const char **category)
{
	return sm_match(text, len, category, 0);
}

int
safety_match_all(const char *text, size_t len, const char **category)
{
	return sm_match(text, len, category, 1);
}

const char *
safety_group(const char *category)
{
	int	 i;

	if (category == NULL)
		return NULL;
	for (i = 0; i < sm.ncat; i++)
		if (strcmp(sm.cat[i].name, category) == 0)
			return sm.cat[i].group;
	return NULL;
}

/* ---- loading ---- */

/* Folds one word of a data file the way messages are folded. */
static int
sm_word(const char *s, char *out)
{
	struct sm_msg	 m;
	struct sm_word	 w[2];

	memset(&m, 0, sizeof(m));
	m.w = w;
	sm_split(s, strlen(s), &m, 2);
	if (m.n != 1)
		return -1;
	strcpy(out, w[0].s);
	return 0;
}

static int
sm_alt_parse(char *s, struct sm_alt *a)
{
	size_t	 len = strlen(s);
	int	 j;

	if ((a->prefix = len > 1 && s[len - 1] == '*'))
		s[len - 1] = '\0';
	if (sm_word(s, a->s) == -1)
		return -1;
	a->len = strlen(a->s);
	if (a->prefix)
		return 0;
	for (j = 0; j < sm.nmap; j++)
		if (sm.map[j].from[1][0] == '\0' && sm.map[j].to[0] != '\0' &&
		    strcmp(sm.map[j].from[0], a->s) == 0) {
			strcpy(a->s, sm.map[j].to);
			a->len = strlen(a->s);
		}
	return 0;
}

static int
sm_tok_parse(char *s, struct sm_tok *t)
{
	char	*alt, *save;
	int	 n = 1;

	for (alt = s; (alt = strchr(alt, '|')) != NULL; alt++)
		n++;
	if ((t->alt = calloc(n, sizeof(*t->alt))) == NULL)
		return -1;
	for (alt = strtok_r(s, "|", &save); alt != NULL;
	    alt = strtok_r(NULL, "|", &save))
		if (sm_alt_parse(alt, &t->alt[t->nalt++]) == -1)
			return -1;
	return t->nalt == n ? 0 : -1;
}

/* Parses "w1 w2|w3 ... w4*" into p. */
static int
sm_part_parse(char *s, struct sm_part *p)
{
	char	*w, *save;
	int	 n = 0, gap = SM_GAP;

	for (w = s; *w != '\0'; w++)
		n += *w == ' ';
	if ((p->tok = calloc(n + 1, sizeof(*p->tok))) == NULL)
		return -1;
	for (w = strtok_r(s, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "...") == 0) {
			gap = SM_GAP_LONG;
			continue;
		}
		p->tok[p->ntok].gap = gap;
		if (sm_tok_parse(w, &p->tok[p->ntok++]) == -1)
			return -1;
		gap = SM_GAP;
	}
	return p->ntok > 0 ? 0 : -1;
}

static int
sm_phrase_parse(char *s, struct sm_phrase *ph)
{
	char	*part, *save;
	int	 n = 1;

	for (part = s; (part = strchr(part, '+')) != NULL; part++)
		n++;
	if ((ph->part = calloc(n, sizeof(*ph->part))) == NULL)
		return -1;
	for (part = strtok_r(s, "+", &save); part != NULL;
	    part = strtok_r(NULL, "+", &save))
		if (sm_part_parse(part, &ph->part[ph->npart++]) == -1)
			return -1;
	return ph->npart == n ? 0 : -1;
}

static int
sm_list_find(const char *name)
{
	int	 i;

	for (i = 0; i < SM__MAX; i++)
		if (strcmp(sm_list_names[i], name) == 0)
			return i;
	for (i = 0; i < sm.ncat; i++)
		if (strcmp(sm.cat[i].name, name) == 0)
			return SM__MAX + i;
	return -1;
}

static int
sm_phrase_add(int list, int weak, char *s, int lineno)
{
	struct sm_phrase	*ph, *v;

	if ((v = realloc(sm.ph, (sm.nph + 1) * sizeof(*v))) == NULL)
		return error("out of memory");
	sm.ph = v;
	ph = &sm.ph[sm.nph];
	memset(ph, 0, sizeof(*ph));
	ph->list = list;
	ph->weak = weak;
	sm.nph++;
	if (sm_phrase_parse(s, ph) == -1)
		return error("line %d: bad phrase", lineno);
	if (list < SM__MAX && list != SM_ADVICE && ph->npart != 1)
		return error("line %d: a cue has one part", lineno);
	return 0;
}

/*
 * Adds one phrase per choice of its first "{a b|c}" group (choices of
 * several words), recursively.  *budget bounds the phrases of a line.
 */
static int
sm_expand(int list, int weak, const char *s, int lineno, int *budget)
{
	char		 buf[SAFETY_LINE_WORDS];
	const char	*open, *close, *alt, *end;

	if ((open = strchr(s, '{')) == NULL) {
		if (--*budget < 0)
			return error("line %d: too many choices", lineno);
		snprintf(buf, sizeof(buf), "%s", s);
		return sm_phrase_add(list, weak, buf, lineno);
	}
	if ((close = strchr(open, '}')) == NULL)
		return error("line %d: { without }", lineno);
	if ((open > s && open[-1] != ' ') || (close[1] != '\0' &&
	    close[1] != ' '))
		return error("line %d: a {group} stands between spaces",
		    lineno);
	for (alt = open + 1; alt < close; alt = end + 1) {
		for (end = alt; end < close && *end != '|'; end++)
			continue;
		if ((size_t)snprintf(buf, sizeof(buf), "%.*s%.*s%s",
		    (int)(open - s), s, (int)(end - alt), alt, close + 1) >=
		    sizeof(buf))
			return error("line %d: too long", lineno);
		if (sm_expand(list, weak, buf, lineno, budget) == -1)
			return -1;
	}
	return 0;
}

/* One line of phrases/LANG.tsv: list, strength, phrase. */
static int
sm_phrase_line(char **f, int lineno, void *arg)
{
	int	 list, budget = SM_EXPAND_MAX;

	(void)arg;
	if ((list = sm_list_find(f[0])) == -1)
		return error("line %d: unknown list %s", lineno, f[0]);
	if (strcmp(f[1], "strong") && strcmp(f[1], "weak") &&
	    strcmp(f[1], "-"))
		return error("line %d: strength must be strong, weak or -",
		    lineno);
	return sm_expand(list, strcmp(f[1], "weak") == 0, f[2], lineno,
	    &budget);
}

/*
 * One line of categories.tsv: category, reply group, and whether
 * history and negation cancel a phrase (yes/no each).
 */
static int
sm_cat_line(char **f, int lineno, void *arg)
{
	struct sm_cat	*v;

	(void)arg;
	if ((strcmp(f[2], "yes") && strcmp(f[2], "no")) ||
	    (strcmp(f[3], "yes") && strcmp(f[3], "no")))
		return error("line %d: history and negation are yes or no",
		    lineno);
	if (sm_list_find(f[0]) != -1)
		return error("line %d: %s listed twice", lineno, f[0]);
	if ((v = realloc(sm.cat, (sm.ncat + 1) * sizeof(*v))) == NULL)
		return error("out of memory");
	sm.cat = v;
	v = &sm.cat[sm.ncat];
	if ((v->name = strdup(f[0])) == NULL ||
	    (v->group = strdup(f[1])) == NULL)
		return error("out of memory");
	v->history = strcmp(f[2], "yes") == 0;
	v->negation = strcmp(f[3], "yes") == 0;
	sm.ncat++;
	return 0;
}

/* One line of words.tsv: one or two words, and what they become. */
static int
sm_map_line(char **f, int lineno, void *arg)
{
	struct sm_map	*v;
	char		*sp;

	(void)arg;
	if ((v = realloc(sm.map, (sm.nmap + 1) * sizeof(*v))) == NULL)
		return error("out of memory");
	sm.map = v;
	v = &sm.map[sm.nmap];
	memset(v, 0, sizeof(*v));
	if ((sp = strchr(f[0], ' ')) != NULL)
		*sp++ = '\0';
	if (sm_word(f[0], v->from[0]) == -1 ||
	    (sp != NULL && sm_word(sp, v->from[1]) == -1) ||
	    (strcmp(f[1], "-") != 0 && sm_word(f[1], v->to) == -1))
		return error("line %d: bad word", lineno);
	sm.nmap++;
	return 0;
}

/* Forgets what a failed load read, so that a later load starts clean. */
static void
sm_reset(void)
{
	int	 i, j, k;

	for (i = 0; i < sm.nph; i++) {
		for (j = 0; j < sm.ph[i].npart; j++) {
			for (k = 0; k < sm.ph[i].part[j].ntok; k++)
				free(sm.ph[i].part[j].tok[k].alt);
			free(sm.ph[i].part[j].tok);
		}
		free(sm.ph[i].part);
	}
	for (i = 0; i < sm.ncat; i++) {
		free(sm.cat[i].name);
		free(sm.cat[i].group);
	}
	free(sm.ph);
	free(sm.cat);
	free(sm.map);
	free(sm.nofuzzy);
	if (sm.full != NULL)
		lh_table_free(sm.full);
	if (sm.pref != NULL)
		lh_table_free(sm.pref);
	if (sm.mapidx != NULL)
		lh_table_free(sm.mapidx);
	free(sm.order);
	free(sm.rank);
	memset(&sm, 0, sizeof(sm));
}

int
safety_match_load(void)
{
	char	 pat[4096];
	glob_t	 g;
	size_t	 i;
	int	 rc = -1;

	if (sm.loaded)
		return 0;
	if (safety_tsv("categories.tsv", 4, sm_cat_line, NULL) == -1 ||
	    safety_tsv("words.tsv", 2, sm_map_line, NULL) == -1) {
		sm_reset();
		return -1;
	}
	snprintf(pat, sizeof(pat), "%s/data/safety/phrases/*.tsv",
	    conf_str("data_dir"));
	if (glob(pat, 0, NULL, &g) != 0) {
		sm_reset();
		return error("no phrase lists in %s", pat);
	}
	for (i = 0; i < g.gl_pathc; i++) {
		snprintf(pat, sizeof(pat), "phrases/%s",
		    strrchr(g.gl_pathv[i], '/') + 1);
		if (safety_tsv(pat, 3, sm_phrase_line, NULL) == -1)
			goto out;
	}
	if (sm_nofuzzy_index() == -1 || sm_index() == -1)
		goto out;
	sm.loaded = 1;
	rc = 0;
out:
	globfree(&g);
	if (rc == -1)
		sm_reset();
	return rc;
}
