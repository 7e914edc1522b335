/*
 * Shared between the safety screen's files: reading the reviewed data
 * files and the matcher's entry point.
 */
#ifndef FD_SAFETY_INT_H
#define FD_SAFETY_INT_H

#include <stddef.h>

#define SAFETY_FIELDS_MAX	4

/*
 * Reads data_dir/data/safety/name, a tab-separated file ('#' comments,
 * blank lines skipped) whose lines must have exactly nfields fields, and
 * calls fn(fields, lineno, arg) for each line; fn returns 0 or -1.
 * Returns 0, or -1 (logged with file and line).
 */
int		 safety_tsv(const char *name, int nfields,
		    int (*fn)(char **, int, void *), void *arg);

/* Loads the phrase lists and categories.  0 or -1. */
int		 safety_match_load(void);

/*
 * Screens text: returns an enum safety_kind, or -1 when out of memory
 * (logged).  *category as for safety_screen().
 */
int		 safety_match(const char *text, size_t len,
		    const char **category);

/* The same judgment with every phrase tried, not only those the index
 * lets through: the reference the index is tested against. */
int		 safety_match_all(const char *text, size_t len,
		    const char **category);

#endif
