/*
 * Language identification of patients' messages.  A message is scanned
 * once into scores per language from three kinds of evidence: common
 * words (lang_words.c), letters typical of a language, and textcat's
 * n-gram guess restricted to the languages the product speaks.  Short
 * messages are left undecided so the conversation keeps its language.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/linkhash.h>
#include <libexttextcat/textcat.h>

#include "conf.h"
#include "lang.h"
#include "lang_words.h"
#include "limits.h"
#include "log.h"
#include "turn.h"
#include "util.h"

#define LANG_TOKENS_MAX		256	/* words of a message scanned */
#define LANG_TOKEN_MAX		48	/* bytes of one scanned word */
#define LANG_LETTERS_CAP	6	/* most score letters give a language */
#define LANG_TEXTCAT_POINTS	3	/* most score textcat gives one */

/* What a scan of a message found. */
struct lang_scan {
	int	 score[LANG__MAX];	/* all evidence */
	int	 words[LANG__MAX];	/* from listed words */
	int	 letters[LANG__MAX];	/* from letters typical of it */
	int	 textcat[LANG__MAX];	/* from textcat's guess */
	int	 nwords;		/* words holding a letter */
	int	 nletters;		/* letters */
	int	 arabic;		/* letters in the Arabic script */
	int	 urdu;			/* letters only Urdu uses */
};

/* A letter typical of one or more languages, and its weight for each. */
struct lang_letter {
	unsigned int	 cp;
	signed char	 weight[LANG__MAX];	/* en fr pl es de it ro ur */
};

static const struct lang_letter lang_letters[] = {
	{ 0x0142, { 0, 0, 2, 0, 0, 0, 0, 0 } },	/* ł */
	{ 0x015B, { 0, 0, 2, 0, 0, 0, 0, 0 } },	/* ś */
	{ 0x017C, { 0, 0, 2, 0, 0, 0, 0, 0 } },	/* ż */
	{ 0x017A, { 0, 0, 2, 0, 0, 0, 0, 0 } },	/* ź */
	{ 0x0107, { 0, 0, 2, 0, 0, 0, 0, 0 } },	/* ć */
	{ 0x0144, { 0, 0, 2, 0, 0, 0, 0, 0 } },	/* ń */
	{ 0x0119, { 0, 0, 2, 0, 0, 0, 0, 0 } },	/* ę */
	{ 0x0105, { 0, 0, 2, 0, 0, 0, 0, 0 } },	/* ą */
	{ 0x00F3, { 0, 0, 1, 1, 0, 0, 0, 0 } },	/* ó */
	{ 0x0103, { 0, 0, 0, 0, 0, 0, 2, 0 } },	/* ă */
	{ 0x0219, { 0, 0, 0, 0, 0, 0, 2, 0 } },	/* ș (and ş) */
	{ 0x021B, { 0, 0, 0, 0, 0, 0, 2, 0 } },	/* ț (and ţ) */
	{ 0x00EE, { 0, 1, 0, 0, 0, 0, 1, 0 } },	/* î */
	{ 0x00E2, { 0, 1, 0, 0, 0, 0, 1, 0 } },	/* â */
	{ 0x00F1, { 0, 0, 0, 2, 0, 0, 0, 0 } },	/* ñ */
	{ 0x00BF, { 0, 0, 0, 2, 0, 0, 0, 0 } },	/* ¿ */
	{ 0x00A1, { 0, 0, 0, 2, 0, 0, 0, 0 } },	/* ¡ */
	{ 0x00E1, { 0, 0, 0, 1, 0, 0, 0, 0 } },	/* á */
	{ 0x00ED, { 0, 0, 0, 1, 0, 0, 0, 0 } },	/* í */
	{ 0x00FA, { 0, 0, 0, 1, 0, 0, 0, 0 } },	/* ú */
	{ 0x00DF, { 0, 0, 0, 0, 2, 0, 0, 0 } },	/* ß */
	{ 0x00E4, { 0, 0, 0, 0, 2, 0, 0, 0 } },	/* ä */
	{ 0x00F6, { 0, 0, 0, 0, 2, 0, 0, 0 } },	/* ö */
	{ 0x00FC, { 0, 0, 0, 0, 2, 0, 0, 0 } },	/* ü */
	{ 0x00E7, { 0, 2, 0, 0, 0, 0, 0, 0 } },	/* ç */
	{ 0x0153, { 0, 2, 0, 0, 0, 0, 0, 0 } },	/* œ */
	{ 0x00EA, { 0, 2, 0, 0, 0, 0, 0, 0 } },	/* ê */
	{ 0x00F4, { 0, 2, 0, 0, 0, 0, 0, 0 } },	/* ô */
	{ 0x00FB, { 0, 2, 0, 0, 0, 0, 0, 0 } },	/* û */
	{ 0x00EB, { 0, 1, 0, 0, 0, 0, 0, 0 } },	/* ë */
	{ 0x00E9, { 0, 1, 0, 1, 0, 0, 0, 0 } },	/* é */
	{ 0x00E0, { 0, 1, 0, 0, 0, 1, 0, 0 } },	/* à */
	{ 0x00E8, { 0, 1, 0, 0, 0, 1, 0, 0 } },	/* è */
	{ 0x00F9, { 0, 1, 0, 0, 0, 1, 0, 0 } },	/* ù */
	{ 0x00F2, { 0, 0, 0, 0, 0, 2, 0, 0 } },	/* ò */
	{ 0x00EC, { 0, 0, 0, 0, 0, 2, 0, 0 } },	/* ì */
};

#define LANG_NLETTERS (sizeof(lang_letters) / sizeof(lang_letters[0]))

static int	 lang_best(const struct lang_scan *, int *);
static int	 lang_enough(const struct lang_scan *, int);

/* The classifier, loaded on first use; see lang_textcat(). */
static void	*lang_tc;
static int	 lang_tc_tried;
static int	 lang_tc_atexit;

/* The message as a list of lowercase words, for requests. */
struct lang_tokens {
	char	 word[LANG_TOKENS_MAX][LANG_TOKEN_MAX];
	int	 n;
};

/*
 * Decodes one code point of s[*i..len), advancing *i; a malformed
 * sequence yields U+FFFD and advances one byte.
 */
static unsigned int
lang_utf8(const unsigned char *s, size_t len, size_t *i)
{
	unsigned int	 cp, c = s[*i];
	size_t		 n, k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	cp = c & (0x3F >> n);
	if (n == 0 || *i + n >= len) {
		(*i)++;
		return 0xFFFD;
	}
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	}
	*i += n + 1;
	return cp;
}

/* The lowercase of a Latin letter; ş and ţ become ș and ț. */
static unsigned int
lang_lower(unsigned int cp)
{
	if ((cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
		return cp + 0x20;
	if (cp == 0x15E || cp == 0x15F)
		return 0x219;
	if (cp == 0x162 || cp == 0x163)
		return 0x21B;
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177) ||
	    (cp >= 0x218 && cp <= 0x21B))
		return cp | 1;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return (cp & 1) ? cp + 1 : cp;
	if (cp == 0x178)
		return 0xFF;
	return cp;
}

static int
lang_is_arabic(unsigned int cp)
{
	return (cp >= 0x620 && cp <= 0x64A) || (cp >= 0x66E && cp <= 0x6D3) ||
	    (cp >= 0x6FA && cp <= 0x6FC) || (cp >= 0x750 && cp <= 0x77F) ||
	    (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC);
}

/* Letters of Urdu that Arabic and Persian lack: ٹ ڈ ڑ ں ھ ہ ے. */
static int
lang_is_urdu(unsigned int cp)
{
	return cp == 0x679 || cp == 0x688 || cp == 0x691 || cp == 0x6BA ||
	    cp == 0x6BE || cp == 0x6C1 || cp == 0x6D2;
}

static int
lang_is_letter(unsigned int cp)
{
	return (cp < 0x80 && isalpha((int)cp)) ||
	    (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	    lang_is_arabic(cp);
}

/* Appends cp as UTF-8 to the word w (LANG_TOKEN_MAX bytes); 0 or -1. */
static int
lang_put(char *w, size_t *n, unsigned int cp)
{
	unsigned char	 b[4];
	size_t		 k, m;

	if (cp < 0x80) {
		b[0] = cp;
		m = 1;
	} else if (cp < 0x800) {
		b[0] = 0xC0 | (cp >> 6);
		b[1] = 0x80 | (cp & 0x3F);
		m = 2;
	} else {
		b[0] = 0xE0 | (cp >> 12);
		b[1] = 0x80 | ((cp >> 6) & 0x3F);
		b[2] = 0x80 | (cp & 0x3F);
		m = 3;
	}
	if (*n + m >= LANG_TOKEN_MAX)
		return -1;
	for (k = 0; k < m; k++)
		w[(*n)++] = b[k];
	w[*n] = '\0';
	return 0;
}

/*
 * Splits text into lowercase words of letters and inner apostrophes
 * (’ becomes '); hyphens, digits, spaces and symbols separate words.
 */
static void
lang_tokenize(const char *text, size_t len, struct lang_tokens *tk)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = 0, n = 0;
	unsigned int		 cp;
	char			*w;

	tk->n = 0;
	w = tk->word[0];
	while (i < len && tk->n < LANG_TOKENS_MAX) {
		cp = lang_utf8(s, len, &i);
		if (cp == 0x2019)
			cp = '\'';
		if (lang_is_letter(cp) || (cp == '\'' && n > 0)) {
			if (lang_put(w, &n, lang_lower(cp)) == 0)
				continue;
		}
		if (n > 0 && w[n - 1] == '\'')
			w[--n] = '\0';
		if (n > 0 && ++tk->n < LANG_TOKENS_MAX)
			w = tk->word[tk->n];
		n = 0;
	}
	if (n > 0 && w[n - 1] == '\'')
		w[--n] = '\0';
	if (n > 0 && tk->n < LANG_TOKENS_MAX)
		tk->n++;
}

static int
lang_in(const char *const *list, const char *w)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, w) == 0)
			return 1;
	return 0;
}

/* Every listed word with the languages that list it (bit l for l). */
static struct lh_table	*lang_index;

static void
lang_index_free(struct lh_entry *e)
{
	free(lh_entry_k(e));
	free(lh_entry_v(e));
}

/* The languages whose list has w, as bits; 0 also when out of memory. */
static unsigned int
lang_listed(const char *w)
{
	unsigned int	*bits;
	char		*k;
	int		 l, i;

	if (lang_index == NULL) {
		if ((lang_index = lh_kchar_table_new(1024, lang_index_free)) ==
		    NULL)
			return 0;
		for (l = 0; l < LANG__MAX; l++)
			for (i = 0; lang_words[l][i] != NULL; i++) {
				if (lh_table_lookup_ex(lang_index,
				    lang_words[l][i], (void **)&bits)) {
					*bits |= 1u << l;
					continue;
				}
				k = strdup(lang_words[l][i]);
				bits = malloc(sizeof(*bits));
				if (k == NULL || bits == NULL ||
				    lh_table_insert(lang_index, k, bits) != 0) {
					free(k);
					free(bits);
					lh_table_free(lang_index);
					lang_index = NULL;
					return 0;
				}
				*bits = 1u << l;
			}
	}
	return lh_table_lookup_ex(lang_index, w, (void **)&bits) ? *bits : 0;
}

/*
 * Scores one word: a word listed for one language only weighs 2, one
 * listed for several weighs 1 for each.
 */
static void
lang_score_word(struct lang_scan *sc, const char *w)
{
	unsigned int	 in = lang_listed(w);
	int		 l, n = 0;

	for (l = 0; l < LANG__MAX; l++)
		n += (in >> l) & 1;
	for (l = 0; l < LANG__MAX; l++)
		if ((in >> l) & 1)
			sc->words[l] += n == 1 ? 2 : 1;
}

/*
 * French and Italian elide articles and pronouns ("l'épaule", "c'est",
 * "dell'anca"): the elided part counts as a French or Italian word and
 * the rest is scored on its own.
 */
static void
lang_score_elision(struct lang_scan *sc, const char *w)
{
	static const char *const fr[] = {
		"j", "qu", "n", "m", "t", "s", NULL
	};
	static const char *const both[] = {
		"l", "d", "c", "un", "dell", "all", "nell", "dall", NULL
	};
	const char	*q = strchr(w, '\'');
	char		 head[8];

	if (q == NULL || q == w || (size_t)(q - w) >= sizeof(head) ||
	    q[1] == '\0')
		return;
	memcpy(head, w, q - w);
	head[q - w] = '\0';
	if (lang_in(fr, head))
		sc->words[LANG_FR] += 2;
	else if (lang_in(both, head)) {
		sc->words[LANG_FR]++;
		sc->words[LANG_IT]++;
	} else
		return;
	lang_score_word(sc, q + 1);
}

static void
lang_score_letter(struct lang_scan *sc, unsigned int cp)
{
	size_t	 i;
	int	 l;

	if (lang_is_arabic(cp)) {
		sc->arabic++;
		sc->urdu += lang_is_urdu(cp);
	}
	for (i = 0; i < LANG_NLETTERS; i++) {
		if (lang_letters[i].cp != cp)
			continue;
		for (l = 0; l < LANG__MAX; l++)
			sc->letters[l] += lang_letters[i].weight[l];
		return;
	}
}

/* Counts letters and the evidence of letters typical of a language. */
static void
lang_scan_letters(struct lang_scan *sc, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = 0;
	unsigned int		 cp;

	while (i < len) {
		cp = lang_utf8(s, len, &i);
		if (cp == 0xBF || cp == 0xA1)
			lang_score_letter(sc, cp);
		if (!lang_is_letter(cp))
			continue;
		sc->nletters++;
		lang_score_letter(sc, lang_lower(cp));
	}
}

/* The product's language of a textcat category name ("pl--utf8"). */
static int
lang_id_of(const char *name, char sep)
{
	size_t	 n;
	int	 l;

	for (n = 0; name[n] != '\0' && name[n] != sep; n++)
		;
	for (l = 0; l < LANG__MAX; l++)
		if (n == 2 && strncasecmp(name, lang_codes[l], 2) == 0)
			return l;
	return -1;
}

/*
 * Copies the lines of the fingerprint list conf that name a language
 * the product speaks into out, with fingerprint paths made absolute
 * (relative to conf's directory).  Returns the number of lines kept,
 * or -1 with errno set when conf cannot be read.
 */
static int
lang_tc_filter(const char *conf, FILE *out)
{
	char		 line[1024], file[512], name[64];
	const char	*slash = strrchr(conf, '/');
	int		 dirlen = slash != NULL ? (int)(slash - conf) : 1;
	const char	*dir = slash != NULL ? conf : ".";
	FILE		*in;
	char		*hash;
	int		 kept = 0;

	if ((in = fopen(conf, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), in) != NULL) {
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		if (sscanf(line, "%511s %63s", file, name) != 2 ||
		    lang_id_of(name, '-') < 0)
			continue;
		if (file[0] == '/')
			fprintf(out, "%s %s\n", file, name);
		else
			fprintf(out, "%.*s/%s %s\n", dirlen, dir, file, name);
		kept++;
	}
	fclose(in);
	return kept;
}

/*
 * Loads textcat with the product's languages only, so that its scores
 * compare those languages: the configured list is filtered into a
 * temporary list, which is removed once loaded.  On failure, *why says
 * what went wrong.
 */
static void *
lang_tc_open(const char *conf, const char **why)
{
	const char	*tmpdir = getenv("TMPDIR");
	char		 path[512];
	void		*tc = NULL;
	FILE		*fp;
	int		 fd, kept = -1;

	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	snprintf(path, sizeof(path), "%s/frontdesk-lang-XXXXXX", tmpdir);
	if ((fd = mkstemp(path)) == -1) {
		*why = strerror(errno);
		return NULL;
	}
	if ((fp = fdopen(fd, "w")) == NULL)
		close(fd);
	else {
		if ((kept = lang_tc_filter(conf, fp)) < 0)
			*why = strerror(errno);
		if (fclose(fp) == 0 && kept > 0)
			tc = special_textcat_Init(path, "");
	}
	unlink(path);
	if (kept == 0)
		*why = "none of the product's languages is listed";
	else if (kept > 0 && tc == NULL)
		*why = "a fingerprint file cannot be read";
	return tc;
}

/* The classifier, loaded once per process; NULL when it cannot be. */
static void *
lang_textcat(void)
{
	const char	*conf, *why = "cannot write a temporary file";

	if (lang_tc_tried)
		return lang_tc;
	lang_tc_tried = 1;
	conf = conf_str("textcat_conf");
	if ((lang_tc = lang_tc_open(conf, &why)) == NULL)
		log_warn("textcat fingerprints from %s cannot be loaded (%s); "
		    "guessing languages from words and letters only", conf,
		    why);
	if (!lang_tc_atexit && atexit(lang_done) == 0)
		lang_tc_atexit = 1;
	return lang_tc;
}

void
lang_done(void)
{
	if (lang_tc != NULL)
		textcat_Done(lang_tc);
	lang_tc = NULL;
	lang_tc_tried = 0;
	if (lang_index != NULL)
		lh_table_free(lang_index);
	lang_index = NULL;
}

/*
 * Adds textcat's guess: nothing for fewer than 12 letters (its guess
 * is noise there), more for a longer text and a guess without rivals.
 */
static void
lang_scan_textcat(struct lang_scan *sc, const char *text, size_t len)
{
	void		*tc;
	candidate_t	*c;
	int		 n, l;

	if (sc->nletters < 12 || (tc = lang_textcat()) == NULL)
		return;
	if ((c = textcat_GetClassifyFullOutput(tc)) == NULL)
		return;
	if (len > LANG_TEXTCAT_MAX) {
		len = LANG_TEXTCAT_MAX;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	n = textcat_ClassifyFull(tc, text, len, c);
	if (n >= 1 && (l = lang_id_of(c[0].name, '-')) >= 0) {
		if (n == 1)
			sc->textcat[l] = sc->nletters >= 60 ?
			    LANG_TEXTCAT_POINTS : sc->nletters >= 30 ? 2 : 1;
		else if (sc->nletters >= 30)
			sc->textcat[l] = 1;
	}
	textcat_ReleaseClassifyFullOutput(tc, c);
}

/* Scans text[0..len) into sc, with its words into tk; current is the
 * conversation's language, or -1. */
static void
lang_scan(const char *text, size_t len, struct lang_scan *sc,
    struct lang_tokens *tk, int current)
{
	int	 i, l, margin;

	memset(sc, 0, sizeof(*sc));
	if (len > LANG_SCAN_MAX)
		len = LANG_SCAN_MAX;
	lang_tokenize(text, len, tk);
	sc->nwords = tk->n;
	for (i = 0; i < tk->n; i++) {
		if (strchr(tk->word[i], '\'') != NULL &&
		    !(lang_listed(tk->word[i]) & 1u << LANG_EN))
			lang_score_elision(sc, tk->word[i]);
		lang_score_word(sc, tk->word[i]);
	}
	lang_scan_letters(sc, text, len);

	/* Arabic script is Urdu's among the product's languages. */
	if (sc->arabic >= 2 && sc->arabic * 2 > sc->nletters)
		sc->letters[LANG_UR] += sc->urdu > 0 ? 6 : 3;
	for (l = 0; l < LANG__MAX; l++) {
		if (sc->letters[l] > LANG_LETTERS_CAP)
			sc->letters[l] = LANG_LETTERS_CAP;
		sc->score[l] = sc->words[l] + sc->letters[l];
	}

	/*
	 * textcat, the costliest part, adds at most LANG_TEXTCAT_POINTS to
	 * one language: a lead of that plus 2 with enough evidence besides
	 * stands whatever it says (see lang_clear), so it is not asked.
	 * Nor is it when the conversation's language leads by 2: another
	 * language would have to lead it by 2 to be picked (lang_clear,
	 * lang_prior), and textcat cannot raise one by more than 3.
	 */
	l = lang_best(sc, &margin);
	if (margin >= LANG_TEXTCAT_POINTS + 2 && lang_enough(sc, l))
		return;
	if (l == current && margin >= 2)
		return;
	lang_scan_textcat(sc, text, len);
	for (l = 0; l < LANG__MAX; l++)
		sc->score[l] += sc->textcat[l];
}

/* The language with the best score and the margin over the next one. */
static int
lang_best(const struct lang_scan *sc, int *margin)
{
	int	 l, best = 0, second = -1;

	for (l = 1; l < LANG__MAX; l++) {
		if (sc->score[l] > sc->score[best]) {
			second = best;
			best = l;
		} else if (second < 0 || sc->score[l] > sc->score[second])
			second = l;
	}
	*margin = sc->score[best] - sc->score[second];
	return best;
}

/*
 * Whether the evidence for l is enough on its own: a few points, some
 * of its common words (or its script, or textcat sure on a long text),
 * and for fewer than three words, letters typical of it as well.
 */
static int
lang_enough(const struct lang_scan *sc, int l)
{
	int	 script = l == LANG_UR && sc->arabic * 2 > sc->nletters;

	if (sc->score[l] < (sc->nwords >= 3 ? 3 : 4))
		return 0;
	if (sc->words[l] < 2 && !script && sc->textcat[l] < 2)
		return 0;
	if (sc->nwords < 3 && sc->letters[l] == 0 && !script)
		return 0;
	return 1;
}

/* The language sc clearly shows, or -1. */
static int
lang_clear(const struct lang_scan *sc)
{
	int	 l, margin;

	if (sc->nwords == 0)
		return -1;
	l = lang_best(sc, &margin);
	return margin >= 2 && lang_enough(sc, l) ? l : -1;
}

const char *
lang_guess(const char *text, size_t len)
{
	struct lang_scan	 sc;
	struct lang_tokens	 tk;
	int			 l;

	if (text == NULL || len == 0)
		return NULL;
	lang_scan(text, len, &sc, &tk, -1);
	l = lang_clear(&sc);
	return l >= 0 ? lang_codes[l] : NULL;
}

static int
lang_name_cmp(const void *a, const void *b)
{
	const struct lang_name *const	*x = a, *const *y = b;

	return strcmp((*x)->word, (*y)->word);
}

/* The entry of lang_names for word w, or NULL: looked up for every word
 * of every message, so sorted once per process. */
static const struct lang_name *
lang_name_of(const char *w)
{
	static const struct lang_name	**sorted;
	static size_t			  n;
	const struct lang_name		 *nm, key = { w, 0 }, *kp = &key,
					**hit;

	if (sorted == NULL) {
		for (n = 0; lang_names[n].word != NULL; n++)
			continue;
		if ((sorted = calloc(n, sizeof(*sorted))) != NULL) {
			for (nm = lang_names; nm->word != NULL; nm++)
				sorted[nm - lang_names] = nm;
			qsort(sorted, n, sizeof(*sorted), lang_name_cmp);
		}
	}
	if (sorted == NULL) {
		for (nm = lang_names; nm->word != NULL; nm++)
			if (strcmp(nm->word, w) == 0)
				return nm;
		return NULL;
	}
	hit = bsearch(&kp, sorted, n, sizeof(*sorted), lang_name_cmp);
	return hit != NULL ? *hit : NULL;
}

/* The language word i names, when the words around it ask for it. */
static int
lang_request_at(const struct lang_tokens *tk, int i)
{
	const struct lang_name	*nm;
	int			 k;

	if ((nm = lang_name_of(tk->word[i])) == NULL)
		return -1;
	for (k = i - 4; k < i; k++)
		if (k >= 0 && (lang_in(lang_third_party, tk->word[k]) ||
		    (k >= i - 3 && lang_in(lang_negations, tk->word[k]))))
			return -1;
	if (tk->n == 1)
		return nm->lang;
	for (k = i - 2; k < i; k++)
		if (k >= 0 && lang_in(lang_cues_before, tk->word[k]))
			return nm->lang;
	if (i + 1 < tk->n && lang_in(lang_cues_after, tk->word[i + 1]))
		return nm->lang;
	return -1;
}

static int
lang_request_id(const struct lang_tokens *tk)
{
	int	 i, l;

	for (i = 0; i < tk->n; i++)
		if ((l = lang_request_at(tk, i)) >= 0)
			return l;
	return -1;
}

const char *
lang_request(const char *text, size_t len)
{
	struct lang_tokens	 tk;
	int			 l;

	if (text == NULL)
		return NULL;
	lang_tokenize(text, len > LANG_SCAN_MAX ? LANG_SCAN_MAX : len, &tk);
	l = lang_request_id(&tk);
	return l >= 0 ? lang_codes[l] : NULL;
}

const char *
lang_supported(const char *s)
{
	int	 l;

	if (s == NULL || strlen(s) < 2 || (s[2] != '\0' && s[2] != '-' &&
	    s[2] != '_'))
		return NULL;
	l = lang_id_of(s, s[2] == '\0' ? '-' : s[2]);
	return l >= 0 ? lang_codes[l] : NULL;
}

/* Whether the clinic's languages list l. */
static int
lang_clinic_has(json_object *clinic_langs, int l)
{
	size_t	 i, n;

	if (!json_object_is_type(clinic_langs, json_type_array))
		return 0;
	n = json_object_array_length(clinic_langs);
	for (i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(clinic_langs, i);

		if (json_object_is_type(v, json_type_string) &&
		    lang_supported(json_object_get_string(v)) == lang_codes[l])
			return 1;
	}
	return 0;
}

/*
 * Breaks a near-tie (scores within one point) with the clinic's
 * languages: the one clinic language among the tied, or -1.  With
 * current among the tied, or no tie, or none or several clinic
 * languages tied, it decides nothing.  enough says whether the winner
 * must have enough evidence on its own (a switch) or any (a start).
 */
static int
lang_prior(const struct lang_scan *sc, json_object *clinic_langs,
    int current, int enough)
{
	int	 l, best, margin, found = -1;

	best = lang_best(sc, &margin);
	if (sc->nwords == 0 || sc->score[best] < 2)
		return -1;
	for (l = 0; l < LANG__MAX; l++) {
		if (sc->score[l] < sc->score[best] - 1)
			continue;
		if (l == current)
			return -1;
		if (!lang_clinic_has(clinic_langs, l))
			continue;
		if (found >= 0)
			return -1;
		found = l;
	}
	if (found >= 0 && enough && !lang_enough(sc, found))
		return -1;
	return found;
}

/* The language a first message leans to, however short, or -1. */
static int
lang_lean(const struct lang_scan *sc, json_object *clinic_langs)
{
	int	 l, margin;

	if (sc->nwords == 0)
		return -1;
	l = lang_best(sc, &margin);
	if (sc->score[l] >= 2 && margin >= 2)
		return l;
	return lang_prior(sc, clinic_langs, -1, 0);
}

static void
lang_set(char *out, int l)
{
	snprintf(out, LANG_MAX, "%s", lang_codes[l]);
}

void
lang_pick(const char *text, size_t len, const char *current,
    const char *hint, json_object *clinic_langs, const char *dflt,
    char *out)
{
	struct lang_scan	 sc;
	struct lang_tokens	 tk;
	const char		*code;
	int			 cur = -1, l = -1;

	if ((code = lang_supported(current)) != NULL)
		cur = lang_id_of(code, '-');
	if (text != NULL && len > 0) {
		lang_scan(text, len, &sc, &tk, cur);
		if ((l = lang_request_id(&tk)) < 0 &&
		    (l = lang_clear(&sc)) < 0)
			l = lang_prior(&sc, clinic_langs, cur, 1);
		if (l < 0 && cur < 0)
			l = lang_lean(&sc, clinic_langs);
	}
	if (l < 0)
		l = cur;
	if (l >= 0) {
		lang_set(out, l);
		return;
	}
	if ((code = lang_supported(hint)) == NULL &&
	    (code = lang_supported(dflt)) == NULL)
		code = "en";
	snprintf(out, LANG_MAX, "%s", code);
}

int
lang_turn(struct turn *t)
{
	json_object	*langs = NULL, *v;
	const char	*current = NULL, *dflt = NULL;
	char		 hint[LANG_MAX];

	snprintf(hint, sizeof(hint), "%s", t->lang);
	if (t->state != NULL)
		current = util_json_str(t->state, "lang", NULL);
	if (t->clinic != NULL) {
		json_object_object_get_ex(t->clinic->doc, "languages", &langs);
		dflt = t->clinic->default_language;
	}
	lang_pick(t->text, t->text_len, current, hint, langs, dflt, t->lang);
	if (t->text == NULL || t->state == NULL)
		return 0;
	if ((v = json_object_new_string(t->lang)) == NULL ||
	    json_object_object_add(t->state, "lang", v) != 0) {
		json_object_put(v);
		return error("out of memory");
	}
	return 0;
}
