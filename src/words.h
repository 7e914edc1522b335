/*
 * Patient text folded for keyword matching: lower case, Latin accents
 * removed (é -> e, ł -> l, ș -> s, ß -> ss), every run of other
 * characters one space, with a space at each end, so that " word "
 * finds a whole word and " two words " a phrase.
 */
#ifndef FD_WORDS_H
#define FD_WORDS_H

#include <stddef.h>

/* Folds s into out (size outsz, truncated at a character boundary).
 * Digits, ':' and '/' are kept, '.' between digits too. */
void	words_fold(const char *s, char *out, size_t outsz);

/* Nonzero when folded text has the whole word or phrase w. */
int	words_has(const char *folded, const char *w);

/* Index of the first of the NULL-terminated list found as a whole word
 * or phrase in folded, or -1. */
int	words_any(const char *folded, const char *const *list);

#endif
