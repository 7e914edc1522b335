/*
 * Normalising a patient's text for the answer engine: folding to plain
 * lower-case letters, splitting into clauses, canonical words through the
 * synonym table, and forgiving comparison of words.  The tables
 * themselves are in answer_words.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/linkhash.h>

#include "answer_int.h"

#define AM_NEAR_MIN	7	/* letters of a word matched with a slip */
#define AM_PHRASE_MIN	8	/* bytes of a phrase matched with a slip */
#define AM_KEPT_MAX	8192	/* texts whose words are kept */

/* U+00C0..U+017F without their accents ('.' for signs that split). */
static const char am_latin[] =
    "aaaaaaaceeeeiiiidnooooo.ouuuuyts"		/* U+00C0 */
    "aaaaaaaceeeeiiiidnooooo.ouuuuyty"		/* U+00E0 */
    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee"	/* U+0100 */
    "gggggggg" "hhhh" "iiiiiiiiii" "ii" "jj"	/* U+011C */
    "kkk" "llllllllll" "nnnnnnnnn" "oooooo"	/* U+0136 */
    "oo" "rrrrrr" "ssssssss" "tttttt"		/* U+0152 */
    "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";	/* U+0168 */

static size_t
am_put(char *out, size_t o, size_t outsz, const char *s, size_t n)
{
	if (o + n + 1 > outsz)
		return o;
	memcpy(out + o, s, n);
	return o + n;
}

/* The length of the UTF-8 sequence at s (1 for a stray byte). */
static size_t
am_seqlen(const unsigned char *s, size_t left)
{
	size_t	 n;

	n = s[0] < 0xc0 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	return n > left ? left : n;
}

/* The folded form of the code point cp of an n-byte sequence. */
static const char *
am_fold_cp(unsigned cp, size_t n, char *one)
{
	if (cp >= 0xc0 && cp <= 0x17f) {
		one[0] = am_latin[cp - 0xc0];
		one[1] = '\0';
		return one[0] == '.' ? " " : one;
	}
	if (cp == 0x218 || cp == 0x219)
		return "s";
	if (cp == 0x21a || cp == 0x21b)
		return "t";
	if (cp == 0x61f)
		return "?";
	if (cp == 0x6d4)
		return ".";
	if (cp == 0xa0 || cp == 0xab || cp == 0xbb || cp == 0xbf ||
	    cp == 0xa1 || n == 4 || (cp >= 0x2000 && cp < 0x2c00) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f))
		return " ";
	return NULL;
}

void
am_fold(const char *s, size_t len, char *out, size_t outsz)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, n, o = 0;
	unsigned		 cp;
	const char		*f;
	char			 one[2], c;

	for (i = 0; i < len && o + 1 < outsz; i += n) {
		n = am_seqlen(u + i, len - i);
		if (n == 1) {
			c = u[i] >= 0x80 ? ' ' : (char)tolower(u[i]);
			if (c == '\'' || c == '"' || c == '`')
				c = ' ';
			out[o++] = c;
			continue;
		}
		cp = u[i] & (0x7f >> n);
		for (size_t k = 1; k < n; k++)
			cp = (cp << 6) | (u[i + k] & 0x3f);
		if ((f = am_fold_cp(cp, n, one)) != NULL)
			o = am_put(out, o, outsz, f, strlen(f));
		else
			o = am_put(out, o, outsz, s + i, n);
	}
	out[o] = '\0';
}

/* Nonzero when the '.' at p ends a sentence (not "Dr." or "28.12"). */
static int
am_full_stop(const char *start, const char *p)
{
	const char	*w;

	if (p[1] != '\0' && !isspace((unsigned char)p[1]))
		return 0;
	for (w = p; w > start && isalnum((unsigned char)w[-1]); w--)
		;
	if (p - w == 2 && (strncmp(w, "dr", 2) == 0 ||
	    strncmp(w, "mr", 2) == 0 || strncmp(w, "ms", 2) == 0 ||
	    strncmp(w, "st", 2) == 0))
		return 0;
	if (p - w == 3 && strncmp(w, "mrs", 3) == 0)
		return 0;
	return 1;
}

int
am_split(const char *folded, char out[][ACLAUSE_LEN], int max)
{
	const char	*p, *start;
	int		 n = 0;
	size_t		 len;

	for (start = p = folded; n < max; p++) {
		if (*p != '\0' && !strchr("?!;\n", *p) &&
		    !(*p == '.' && am_full_stop(folded, p)))
			continue;
		len = (size_t)(p - start);
		if (len >= ACLAUSE_LEN)
			len = ACLAUSE_LEN - 1;
		memcpy(out[n], start, len);
		out[n][len] = '\0';
		if (strspn(out[n], " \t\r,.") != len)
			n++;
		if (*p == '\0')
			break;
		start = p + 1;
	}
	return n;
}

/* Splits folded text into raw words of letters, digits and non-ASCII. */
static int
am_raw(const char *s, char w[][AW_MAX], int max)
{
	int	 n = 0;
	size_t	 k;

	while (*s != '\0' && n < max) {
		if (!isalnum((unsigned char)*s) && (unsigned char)*s < 0x80) {
			s++;
			continue;
		}
		for (k = 0; (isalnum((unsigned char)*s) ||
		    (unsigned char)*s >= 0x80); s++)
			if (k + 1 < AW_MAX)
				w[n][k++] = *s;
		w[n][k] = '\0';
		n++;
	}
	return n;
}

/* English plural to singular, and ordinal suffixes off numbers. */
static void
am_stem(char *w)
{
	size_t	 n = strlen(w);

	if (n >= 3 && isdigit((unsigned char)w[0]) &&
	    (strcmp(w + n - 2, "st") == 0 || strcmp(w + n - 2, "nd") == 0 ||
	    strcmp(w + n - 2, "rd") == 0 || strcmp(w + n - 2, "th") == 0 ||
	    strcmp(w + n - 2, "er") == 0)) {
		w[n - 2] = '\0';
		return;
	}
	if (n > 4 && strcmp(w + n - 3, "ies") == 0) {
		strcpy(w + n - 3, "y");
		return;
	}
	if (n > 3 && w[n - 1] == 's' && !strchr("siu", w[n - 2]))
		w[n - 1] = '\0';
}

/*
 * The synonym table, looked up for every word of every message: sorted by
 * phrase once per process for exact look-ups.  For the near look-ups,
 * the entries that may be one slip away from something are listed by
 * length (single words) or by first byte (phrases), each list in the
 * table's order, which decides between two found.
 */
struct am_entry {
	const struct asyn	*s;
	size_t			 len;
	size_t			 at;		/* place in the table */
};

static struct am_entry	*am_sorted;		/* by phrase */
static struct lh_table	*am_first;		/* phrase -> its first there */
static struct am_entry	*am_near_words;		/* by length */
static size_t		 am_near_words_at[AW_MAX + 2];
static struct am_entry	*am_near_phrases;	/* by first byte */
static size_t		 am_near_phrases_at[257];
static size_t		 am_n;

static int
am_entry_cmp(const void *a, const void *b)
{
	const struct am_entry	*x = a, *y = b;
	int			 c = strcmp(x->s->from, y->s->from);

	/* Equal phrases keep the table's order: the first entry wins. */
	if (c != 0)
		return c;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* The near list an entry belongs in, with its key there, or -1. */
static int
am_near_key(const struct am_entry *e, int *phrase)
{
	*phrase = strchr(e->s->from, ' ') != NULL;
	if (e->len > AW_MAX)
		return -1;	/* past the distance's reach */
	if (*phrase)
		return e->len >= AM_PHRASE_MIN ?
		    (unsigned char)e->s->from[0] : -1;
	return e->len >= AM_NEAR_MIN ? (int)e->len : -1;
}

/* Lists the entries by key, counting first, in the table's order. */
static void
am_near_fill(const struct am_entry *all)
{
	size_t	 i, *at;
	int	 key, phrase;

	for (i = 0; i < am_n; i++)
		if ((key = am_near_key(&all[i], &phrase)) >= 0)
			(phrase ? am_near_phrases_at : am_near_words_at)
			    [key + 1]++;
	for (i = 1; i <= AW_MAX + 1; i++)
		am_near_words_at[i] += am_near_words_at[i - 1];
	for (i = 1; i <= 256; i++)
		am_near_phrases_at[i] += am_near_phrases_at[i - 1];
	for (i = 0; i < am_n; i++) {
		if ((key = am_near_key(&all[i], &phrase)) < 0)
			continue;
		at = phrase ? am_near_phrases_at : am_near_words_at;
		(phrase ? am_near_phrases : am_near_words)[at[key]++] = all[i];
	}
	/* Each start moved to the next list's: move them back. */
	for (i = AW_MAX + 1; i > 0; i--)
		am_near_words_at[i] = am_near_words_at[i - 1];
	am_near_words_at[0] = 0;
	for (i = 256; i > 0; i--)
		am_near_phrases_at[i] = am_near_phrases_at[i - 1];
	am_near_phrases_at[0] = 0;
}

static int
am_index(void)
{
	size_t	 i;

	if (am_sorted != NULL)
		return 0;
	for (am_n = 0; aw_syn[am_n].from != NULL; am_n++)
		continue;
	am_sorted = calloc(am_n, sizeof(*am_sorted));
	am_near_words = calloc(am_n, sizeof(*am_near_words));
	am_near_phrases = calloc(am_n, sizeof(*am_near_phrases));
	if (am_sorted == NULL || am_near_words == NULL ||
	    am_near_phrases == NULL) {
		free(am_sorted);
		free(am_near_words);
		free(am_near_phrases);
		am_sorted = am_near_words = am_near_phrases = NULL;
		return -1;
	}
	for (i = 0; i < am_n; i++) {
		am_sorted[i].s = &aw_syn[i];
		am_sorted[i].len = strlen(aw_syn[i].from);
		am_sorted[i].at = i;
	}
	am_near_fill(am_sorted);
	qsort(am_sorted, am_n, sizeof(*am_sorted), am_entry_cmp);
	/* Without the hash table the sorted array is searched. */
	if ((am_first = lh_kchar_table_new(2 * am_n, NULL)) == NULL)
		return 0;
	for (i = 0; i < am_n; i++)
		if (!lh_table_lookup_ex(am_first, am_sorted[i].s->from, NULL) &&
		    lh_table_insert(am_first, am_sorted[i].s->from,
		    &am_sorted[i]) != 0) {
			lh_table_free(am_first);
			am_first = NULL;
			break;
		}
	return 0;
}

static int
am_lang_ok(const struct asyn *s, const char *lang)
{
	return s->lang == NULL || strcmp(s->lang, lang) == 0;
}

static const struct asyn *
am_syn(const char *phrase, const char *lang)
{
	struct am_entry	*e;
	size_t		 lo = 0, hi, mid;

	if (am_index() == -1)
		return NULL;
	if (am_first != NULL) {
		if (!lh_table_lookup_ex(am_first, phrase, (void **)&e))
			return NULL;
		lo = e - am_sorted;
	} else {
		for (hi = am_n; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			if (strcmp(am_sorted[mid].s->from, phrase) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	for (; lo < am_n && strcmp(am_sorted[lo].s->from, phrase) == 0; lo++)
		if (am_lang_ok(am_sorted[lo].s, lang))
			return am_sorted[lo].s;
	return NULL;
}

static int	am_distance1(const char *, size_t, const char *, size_t);

/* A one-word synonym one slip away from a long word ("cancelation"):
 * of a length one less, the same or one more; the first in the table. */
static const struct asyn *
am_syn_near(const char *w, const char *lang)
{
	const struct am_entry	*e, *found = NULL;
	size_t			 len = strlen(w), l, k;

	if (len < AM_NEAR_MIN || isdigit((unsigned char)w[0]) ||
	    am_index() == -1)
		return NULL;
	for (l = len - 1; l <= len + 1 && l <= AW_MAX; l++)
		for (k = am_near_words_at[l]; k < am_near_words_at[l + 1];
		    k++) {
			e = &am_near_words[k];
			if (found != NULL && e->at > found->at)
				break;
			if (am_lang_ok(e->s, lang) &&
			    am_distance1(w, len, e->s->from, e->len) <= 1) {
				found = e;
				break;
			}
		}
	return found != NULL ? found->s : NULL;
}

/* A synonym of two or three words one slip away ("folow up"). */
static const struct asyn *
am_syn_phrase_near(const char *phrase, const char *lang)
{
	const struct am_entry	*e;
	size_t			 len = strlen(phrase), k, b;

	if (len < AM_PHRASE_MIN || len > AW_MAX || am_index() == -1)
		return NULL;
	b = (unsigned char)phrase[0];
	for (k = am_near_phrases_at[b]; k < am_near_phrases_at[b + 1]; k++) {
		e = &am_near_phrases[k];
		if (e->len + 1 >= len && e->len <= len + 1 &&
		    am_lang_ok(e->s, lang) &&
		    am_distance1(phrase, len, e->s->from, e->len) <= 1)
			return e->s;
	}
	return NULL;
}

/* Joins raw[i..i+k) into buf, stemmed or not. */
static void
am_join(char raw[][AW_MAX], int i, int k, int stem, char *buf, size_t sz)
{
	char	 w[AW_MAX];
	size_t	 o = 0, n;
	int	 j;

	buf[0] = '\0';
	for (j = i; j < i + k; j++) {
		memcpy(w, raw[j], sizeof(w));
		if (stem)
			am_stem(w);
		n = strlen(w);
		if (o + (j > i) + n + 1 > sz)
			return;
		if (j > i)
			buf[o++] = ' ';
		memcpy(buf + o, w, n + 1);
		o += n;
	}
}

static void
am_emit(struct atext *x, const char *words)
{
	const char	*p = words;
	size_t		 k;

	while (*p != '\0' && x->n < AT_MAX) {
		if (*p == ' ') {
			p++;
			continue;
		}
		for (k = 0; *p != '\0' && *p != ' '; p++)
			if (k + 1 < AW_MAX)
				x->w[x->n][k++] = *p;
		x->w[x->n++][k] = '\0';
	}
}

/* The longest synonym starting at raw[i]; returns its word count. */
static int
am_longest(char raw[][AW_MAX], int i, int n, const char *lang,
    const struct asyn **found)
{
	char	 buf[AW_MAX * 3 + 3];
	int	 k, stem;

	for (k = 3; k >= 1; k--) {
		if (i + k > n)
			continue;
		for (stem = 0; stem <= 1; stem++) {
			am_join(raw, i, k, stem, buf, sizeof(buf));
			if ((*found = am_syn(buf, lang)) != NULL)
				return k;
		}
	}
	for (k = 3; k >= 2; k--) {
		if (i + k > n)
			continue;
		am_join(raw, i, k, 1, buf, sizeof(buf));
		if ((*found = am_syn_phrase_near(buf, lang)) != NULL)
			return k;
	}
	return 0;
}

void
am_words(const char *folded, const char *lang, struct atext *x)
{
	char			 raw[AT_MAX][AW_MAX];
	const struct asyn	*s;
	int			 i, k, n;

	x->n = 0;
	n = am_raw(folded, raw, AT_MAX);
	for (i = 0; i < n; i += k) {
		if ((k = am_longest(raw, i, n, lang, &s)) > 0) {
			am_emit(x, s->to);
			continue;
		}
		k = 1;
		am_stem(raw[i]);
		if ((s = am_syn_near(raw[i], lang)) != NULL)
			am_emit(x, s->to);
		else
			am_emit(x, raw[i]);
	}
}

/*
 * The words of the clinic's texts (FAQs, services, practitioners), kept
 * by language and text.  The synonym tables never change, so a kept
 * result stays right; the store is emptied when it is full, so that
 * edited clinic files or many clinics cannot grow it without bound.
 */
struct am_kept {
	int	 n;
	char	 w[][AW_MAX];
};

#define AM_KEY_MAX	4096	/* bytes of a kept text's key */

static struct lh_table	*am_kept;

static void
am_kept_free(struct lh_entry *e)
{
	free(lh_entry_k(e));
	free(lh_entry_v(e));
}

void
am_words_kept(const char *text, const char *lang, struct atext *x)
{
	struct am_kept	*k;
	char		 key[AM_KEY_MAX], folded[ACLAUSE_LEN], *dup;
	size_t		 ll = strlen(lang), tl = strlen(text);

	/* Asked for every clinic text on every turn: keyed by the text as
	 * written, so that a text kept is not even folded again. */
	if (ll + 1 + tl >= sizeof(key)) {
		am_fold(text, tl, folded, sizeof(folded));
		am_words(folded, lang, x);
		return;
	}
	memcpy(key, lang, ll);
	key[ll] = '\t';
	memcpy(key + ll + 1, text, tl + 1);
	if (am_kept != NULL && lh_table_lookup_ex(am_kept, key,
	    (void **)&k)) {
		x->n = k->n;
		memcpy(x->w, k->w, k->n * sizeof(k->w[0]));
		return;
	}
	am_fold(text, tl, folded, sizeof(folded));
	am_words(folded, lang, x);
	if (am_kept != NULL && lh_table_length(am_kept) >= AM_KEPT_MAX) {
		lh_table_free(am_kept);
		am_kept = NULL;
	}
	if (am_kept == NULL &&
	    (am_kept = lh_kchar_table_new(256, am_kept_free)) == NULL)
		return;
	if ((k = malloc(sizeof(*k) + x->n * sizeof(k->w[0]))) == NULL)
		return;
	if ((dup = strdup(key)) == NULL) {
		free(k);
		return;
	}
	k->n = x->n;
	memcpy(k->w, x->w, x->n * sizeof(k->w[0]));
	if (lh_table_insert(am_kept, dup, k) != 0) {
		free(dup);
		free(k);
	}
}

/* The same for max 1, without the table: equal, one letter changed,
 * added, dropped, or two neighbours swapped. */
static int
am_distance1(const char *a, size_t la, const char *b, size_t lb)
{
	size_t	 i = 0;

	if (la > lb + 1 || lb > la + 1)
		return 2;
	while (i < la && i < lb && a[i] == b[i])
		i++;
	if (la == lb) {
		if (i == la)
			return 0;
		if (memcmp(a + i + 1, b + i + 1, la - i - 1) == 0)
			return 1;
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    memcmp(a + i + 2, b + i + 2, la - i - 2) == 0 ? 1 : 2;
	}
	if (la > lb)
		return memcmp(a + i + 1, b + i, lb - i) == 0 ? 1 : 2;
	return memcmp(a + i, b + i + 1, la - i) == 0 ? 1 : 2;
}

/*
 * Edit distance of a and b with transpositions, or max + 1 once it is
 * past max.  Only the band of cells within max of the diagonal can stay
 * within max, so only they are computed, and a row past max ends it.
 */
static int
am_distance(const char *a, const char *b, int max)
{
	int	 d[AW_MAX + 1][AW_MAX + 2];
	int	 i, j, la, lb, lo, hi, v, best, big = max + 1;

	la = (int)strlen(a);
	lb = (int)strlen(b);
	if (la > AW_MAX || lb > AW_MAX || la - lb > max || lb - la > max)
		return big;
	if (max == 1)
		return am_distance1(a, la, b, lb);
	for (j = 0; j <= lb && j <= max; j++)
		d[0][j] = j;
	if (max + 1 <= lb)
		d[0][max + 1] = big;
	for (i = 1; i <= la; i++) {
		lo = i - max > 1 ? i - max : 1;
		hi = i + max < lb ? i + max : lb;
		d[i][lo - 1] = lo == 1 ? i : big;
		if (hi + 1 <= lb)
			d[i][hi + 1] = big;
		best = big;
		for (j = lo; j <= hi; j++) {
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return big;
	}
	return d[la][lb] > max ? big : d[la][lb];
}

int
am_eq(const char *a, const char *b)
{
	size_t	 la, lb;
	int	 max;

	if (strcmp(a, b) == 0)
		return 1;
	la = strlen(a);
	lb = strlen(b);
	if (la < 5 || lb < 5 || isdigit((unsigned char)a[0]) ||
	    isdigit((unsigned char)b[0]))
		return 0;
	max = la >= 9 && lb >= 9 ? 2 : 1;
	return am_distance(a, b, max) <= max;
}

int
am_has(const struct atext *x, const char *w)
{
	int	 i;

	for (i = 0; i < x->n; i++)
		if (strcmp(x->w[i], w) == 0)
			return i;
	return -1;
}

int
am_find(const struct atext *x, const char *w)
{
	int	 i;

	if ((i = am_has(x, w)) >= 0)
		return i;
	for (i = 0; i < x->n; i++)
		if (am_eq(x->w[i], w))
			return i;
	return -1;
}

/*
 * The word lists (stop words, insurers, ...) are asked about for every
 * word of every clause: each gets a hash set of its words on first use.
 * A list beyond AM_SETS_MAX, or one whose set cannot be made, is
 * scanned instead.
 */
#define AM_SETS_MAX	32

static struct {
	const char *const	*list;
	struct lh_table		*set;
}			 am_sets[AM_SETS_MAX];

static struct lh_table *
am_set(const char *const *list)
{
	const char *const	*w;
	struct lh_table		*t;
	size_t			 i;

	for (i = 0; i < AM_SETS_MAX && am_sets[i].list != NULL; i++)
		if (am_sets[i].list == list)
			return am_sets[i].set;
	if (i == AM_SETS_MAX)
		return NULL;
	am_sets[i].list = list;
	if ((t = lh_kchar_table_new(256, NULL)) == NULL)
		return NULL;
	for (w = list; *w != NULL; w++)
		if (lh_table_insert(t, *w, NULL) != 0) {
			lh_table_free(t);
			return NULL;
		}
	am_sets[i].set = t;
	return t;
}

int
am_in(const char *w, const char *const *list)
{
	struct lh_table	*t;

	if ((t = am_set(list)) != NULL)
		return lh_table_lookup_entry(t, w) != NULL;
	for (; *list != NULL; list++)
		if (strcmp(*list, w) == 0)
			return 1;
	return 0;
}

int
am_content(const char *w)
{
	if (w[0] == '\0' || w[1] == '\0' || isdigit((unsigned char)w[0]))
		return 0;
	return !am_in(w, aw_stop);
}
