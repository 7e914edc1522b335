/*
 * Folding text for matching: lower case, Latin letters without their
 * accents, punctuation as spaces, runs of spaces as one.  Other scripts
 * (Arabic, Urdu) pass through unchanged.
 */
#ifndef FD_FOLD_H
#define FD_FOLD_H

#include <stddef.h>

#include "util.h"

/*
 * Appends the folded form of UTF-8 s[0..len) to out, with one space at
 * each end (so " word " finds whole words).  0, or -1 when out is full.
 */
int	fold_text(const char *s, size_t len, struct buf *out);

#endif
