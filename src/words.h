/*
 * Patient text folded for keyword matching: lower case, Latin accents
 * removed (é -> e, ł -> l, ș -> s, ß -> ss), every run of other
 * characters one space, with a space at each end, so that " word "
 * finds a whole word and " two words " a phrase.
 */
#ifndef FD_WORDS_H
#define FD_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Folds s into out (size outsz, truncated at a character boundary).
 * Digits, ':' and '/' are kept, '.' between digits too. */
void	words_fold(const char *s, char *out, size_t outsz);

/* Nonzero when folded text has the whole word or phrase w. */
int	words_has(const char *folded, const char *w);

/* Index of the first of the NULL-terminated list found as a whole word
 * or phrase in folded, or -1. */
int	words_any(const char *folded, const char *const *list);

/*
 * The first two bytes of each word of a folded text, hashed into a set:
 * a word or phrase whose first two bytes are not in it is not in the
 * text, and most of a long list are ruled out without a search.
 */
#define WORDS_STARTS_BITS	1024
struct words_starts {
	uint64_t	 bit[WORDS_STARTS_BITS / 64];
};

void	words_starts_of(const char *folded, struct words_starts *);

/* Where " w " is in folded (at its leading space), or NULL; st, when not
 * NULL, holds the starts of folded (or of a text it was cut from). */
const char *words_find(const char *folded, const struct words_starts *st,
	    const char *w);

#endif
