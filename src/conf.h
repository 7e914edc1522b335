/*
 * The configuration file: "key = value" lines, '#' comments.  Every key
 * is declared with its default in conf.c; an unknown key is an error.
 */
#ifndef FD_CONF_H
#define FD_CONF_H

/*
 * Loads the file named by $FRONTDESK_CONF, or the compiled-in default.
 * A missing default file is not an error (defaults apply); a missing
 * named file, a bad line or an unknown key is.  Returns 0 or -1, with
 * the reason logged.
 */
int		 conf_load(void);

/* Loads one named file over the current values.  Returns 0 or -1. */
int		 conf_load_file(const char *path);

/* A key's value (borrowed, never NULL: "" when unset); aborts on a key
 * that is not declared, which is a programming error. */
const char	*conf_str(const char *key);

/* A key's value as an integer, or the default when unset or invalid. */
long		 conf_long(const char *key);

/* Sets a key, for tests and command-line overrides.  Returns 0 or -1. */
int		 conf_set(const char *key, const char *value);

/* Prints every key with its value and help text (secrets masked). */
void		 conf_dump(void);

#endif
