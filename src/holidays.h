/*
 * UK bank holidays as data: the gov.uk file format
 * ({"england-and-wales": {"division": ..., "events": [{"title", "date",
 * "notes", "bunting"}]}, ...}) loaded into the bank_holidays table, and
 * looked up by division and local date.
 */
#ifndef FD_HOLIDAYS_H
#define FD_HOLIDAYS_H

#include <stddef.h>
#include <json-c/json.h>

#define HOLIDAYS_FILE	"data/bank-holidays.json"	/* under data_dir */

/*
 * Checks a parsed file.  Returns the number of events, or -1 with the
 * reason (naming the division and event) in err.
 */
int	holidays_validate(json_object *doc, char *err, size_t errsz);

/*
 * Validates the file at path and, in one transaction, replaces each
 * division's holidays in the file's date range by the file's.  Loading
 * the same file twice changes nothing.  Returns the number of events, or
 * -1 with the reason in err (nothing changed).
 */
int	holidays_load_file(const char *path, char *err, size_t errsz);

/*
 * The bank holidays of division between local days from and to
 * (inclusive, caldate.h day numbers), ascending, into days (at most max).
 * Returns how many, or -1 when the database failed.
 */
int	holidays_days(const char *division, long from, long to, long *days,
	    size_t max);

/*
 * Whether local day (caldate.h day number) is a bank holiday of
 * division: 1 with its title in title, 0 when it is not one, -1 when the
 * table holds no holiday of that year for division (not known) or the
 * database failed.  A year's holidays are kept a minute, so asking about
 * every day of a year costs one query.
 */
int	holidays_lookup(const char *division, long day, char *title,
	    size_t titlesz);

/* The title of division's holiday on day as a new string, or NULL when
 * that day is none. */
char	*holidays_title(const char *division, long day);

#endif
