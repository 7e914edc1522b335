/*
 * The readable evidence of the language guesser: very common words of
 * each language the product speaks, and the names patients use for a
 * language when they ask to switch.  The guessing itself is in lang.c.
 */
#ifndef FD_LANG_WORDS_H
#define FD_LANG_WORDS_H

/* The languages the product speaks, in a fixed order. */
enum lang_id {
	LANG_EN,
	LANG_FR,
	LANG_PL,
	LANG_ES,
	LANG_DE,
	LANG_IT,
	LANG_RO,
	LANG_UR,
	LANG__MAX
};

/* ISO 639-1 codes, indexed by enum lang_id. */
extern const char *const lang_codes[LANG__MAX];

/*
 * Common words of each language, lowercase UTF-8, NULL-terminated, as
 * patients type them (with and without diacritics, and text-speak).
 */
extern const char *const *const lang_words[LANG__MAX];

/* A name of a language ("french", "polsku", "deutsch") and the language. */
struct lang_name {
	const char	*word;
	enum lang_id	 lang;
};

/* Language names, ended by a NULL word. */
extern const struct lang_name lang_names[];

/* Words that, just before a language name, make it a request to switch
 * ("speak", "en", "po", "auf"); NULL-terminated. */
extern const char *const lang_cues_before[];

/* Words that, just after a language name, make it a request ("please",
 * "svp", "mein"); NULL-terminated. */
extern const char *const lang_cues_after[];

/* Negations that cancel a request ("don't speak French"). */
extern const char *const lang_negations[];

/* Other people whose language a patient asks about ("does anyone speak
 * Urdu?"): asking about them is no request to switch. */
extern const char *const lang_third_party[];

#endif
