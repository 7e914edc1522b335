/*
 * Inside the answer engine: the word tables (answer_words.c), text
 * normalising (answer_match.c), hours and dates (answer_hours.c) and the
 * other facts (answer_facts.c).  Only answer*.c include this header.
 */
#ifndef FD_ANSWER_INT_H
#define FD_ANSWER_INT_H

#include <stddef.h>
#include <time.h>
#include <json-c/json.h>

#include "turn.h"
#include "util.h"

#define AW_MAX		40	/* bytes of one word */
#define AT_MAX		96	/* words of one clause */
#define ACLAUSE_MAX	8	/* clauses of one message */
#define ACLAUSE_LEN	640	/* bytes of one folded clause */
#define AITEM_MAX	6	/* answers given to one message */
#define AITEM_LEN	2048	/* bytes of one answer */

/* What a clause asks about; AQ__MAX ends the list. */
enum aq {
	AQ_HOURS, AQ_PRICE, AQ_DURATION, AQ_INSURANCE, AQ_NHS, AQ_REFERRAL,
	AQ_CANCEL, AQ_PAYMENT, AQ_BRING, AQ_ADDRESS, AQ_PHONE, AQ_EMAIL,
	AQ_WEBSITE, AQ_PARKING, AQ_ACCESS, AQ_TRANSPORT, AQ_HUMAN,
	AQ_GREETING, AQ_THANKS, AQ_BOOKING, AQ_LANGUAGE, AQ_WHERE,
	AQ__MAX
};

/* A clause as canonical words (see am_words). */
struct atext {
	char	 w[AT_MAX][AW_MAX];
	int	 n;
};

/* One synonym: from (one to three words) becomes to (words, or ""). */
struct asyn {
	const char	*lang;		/* only in this language, or NULL */
	const char	*from;
	const char	*to;
};

struct atrig {
	const char	*word;		/* canonical word */
	enum aq		 topic;
};

struct alang {
	const char	*word;		/* a language's name, folded */
	const char	*code;		/* ISO 639-1 */
};

extern const struct asyn	 aw_syn[];	/* ends with from == NULL */
extern const struct atrig	 aw_trig[];	/* ends with word == NULL */
extern const struct alang	 aw_langs[];	/* ends with word == NULL */
extern const char *const	 aw_stop[];	/* NULL-terminated */
extern const char *const	 aw_generic[];	/* NULL-terminated */
extern const char *const	 aw_insurers[];	/* NULL-terminated */
extern const char *const	 aw_days[7];	/* "sunday".."saturday" */
extern const char *const	 aw_months[12];	/* "january".. */
extern const char *const	 aw_day_names[7];   /* "Sunday".. msgids */
extern const char *const	 aw_month_names[12]; /* "January".. */
extern const char *const	 aw_lang_names[][2]; /* {code, msgid} */

/* answer_match.c */

/*
 * Folds UTF-8 s[0..len) for matching into out: lower case, Latin
 * letters without accents, quotes and dashes as spaces, emoji dropped.
 * Sentence marks stay.  Always NUL-terminates out.
 */
void	 am_fold(const char *s, size_t len, char *out, size_t outsz);

/* Splits folded text into at most max clauses at ? ! ; . and newlines;
 * returns their number. */
int	 am_split(const char *folded, char out[][ACLAUSE_LEN], int max);

/* The canonical words of folded text in lang: synonyms applied,
 * plurals stemmed.  Words are kept in order. */
void	 am_words(const char *folded, const char *lang, struct atext *);

/* The same for the clinic's own texts as written (not folded), which
 * come back every turn: the result is kept per process and given again. */
void	 am_words_kept(const char *text, const char *lang, struct atext *);

/* Nonzero when two words are equal, allowing one slip in words of five
 * letters or more (two from nine). */
int	 am_eq(const char *a, const char *b);

/* The index of word w in x (exact), or -1. */
int	 am_has(const struct atext *x, const char *w);

/* The index of a word of x equal to w with am_eq, or -1. */
int	 am_find(const struct atext *x, const char *w);

/* Nonzero when w is in the NULL-terminated list, a static one: its
 * words are indexed once, by the list's address. */
int	 am_in(const char *w, const char *const *list);

/* Nonzero when w carries meaning (not a stop word or a number). */
int	 am_content(const char *w);

/* answer.c: the state of one answer being built */
struct actx {
	struct turn	*t;
	json_object	*doc;		/* borrowed: the clinic file */
	json_object	*faqs;		/* owned: file and staff FAQs */
	json_object	*mem;		/* borrowed: t->state's "answers" */
	const char	*lang;
	char		*items[AITEM_MAX]; /* owned answers, in order */
	int		 nitems;
	int		 insurers_named; /* the message named an insurer */
	int		 gap;		/* asked for what the facts lack */
	int		 offer_booking;	/* offer to book (dental pain) */
};

/* The text of msgid in the turn's language (borrowed). */
const char *ax_tr(struct actx *, const char *msgid);

/* Adds an answer (copied) unless an equal one is there.  0 or -1. */
int	 ax_add(struct actx *, const char *text);

/* Formats a translated msgid with printf arguments and adds it. */
int	 ax_addf(struct actx *, const char *msgid, ...);

/* answer_hours.c */

/* Answers an hours question of x (maybe about practitioner p, borrowed,
 * or NULL).  Returns the number of answers added. */
int	 ah_answer(struct actx *, const struct atext *x, const char *folded,
	    json_object *p);

/* Nonzero when the clause names a day or a date. */
int	 ah_names_day(const struct atext *x, const char *folded);

/* answer_facts.c */

/* Each adds its answers and returns how many it added, 0 when the
 * clinic's facts do not hold the answer. */
int	 af_price(struct actx *, const struct atext *x, int duration);
int	 af_insurance(struct actx *, const struct atext *x);
int	 af_policy(struct actx *, const char *key);
int	 af_contact(struct actx *, enum aq);
int	 af_faq_topic(struct actx *, const char *word);
int	 af_faq_best(struct actx *, const struct atext *x);
int	 af_services(struct actx *, const struct atext *x);
int	 af_specialists(struct actx *, const struct atext *x, int who);
int	 af_practitioner(struct actx *, json_object *p);
int	 af_speakers(struct actx *, const struct atext *x);

/* For a dental clinic, a toothache, a broken tooth or a lost filling:
 * the emergency appointment and an offer to book it (sets
 * offer_booking), never advice. */
int	 af_dental_pain(struct actx *, const struct atext *x);

/* The language the clause names ("Polish", "polskojezyczny"), or
 * NULL. */
const struct alang *af_names_language(const struct atext *x);

/* The practitioner the clause names (borrowed), or NULL. */
json_object *af_named_practitioner(struct actx *, const struct atext *x);

/* Nonzero when the clause names an insurer. */
int	 af_names_insurer(struct actx *, const struct atext *x);


/* Adds a fact written by the clinic (in English) framed for the
 * patient's language. */
int	 af_fact(struct actx *, const char *text);

#endif
