/*
 * Bank holidays: checking and loading the gov.uk file, and lookups.
 * Fetching the file from gov.uk is left to the operator (or cron).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "caldate.h"
#include "db.h"
#include "holidays.h"
#include "log.h"
#include "util.h"

#define HOLIDAYS_FILE_MAX	(1024 * 1024)	/* bytes of the file */
#define HOLIDAYS_TITLE_MAX	255		/* bytes of a title */
#define HOLIDAYS_YEAR_MAX	32		/* holidays in one year */
#define HOLIDAYS_MEMO_SECONDS	60		/* a year's list is kept */

struct holidays_load {
	json_object	*doc;
};

static int
holidays_division_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 2 && n <= 32 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz-") == n;
}

static int
holidays_event_ok(json_object *ev, const char *div, size_t i, char *err,
    size_t errsz)
{
	const char	*title, *date, *notes;
	json_object	*b;
	long		 d;

	title = util_json_str(ev, "title", NULL);
	date = util_json_str(ev, "date", NULL);
	notes = util_json_str(ev, "notes", NULL);
	if (title == NULL || *title == '\0' ||
	    strlen(title) > HOLIDAYS_TITLE_MAX)
		snprintf(err, errsz, "%s.events[%zu].title: must be a "
		    "non-empty string", div, i);
	else if (date == NULL || caldate_parse(date, &d) == -1)
		snprintf(err, errsz, "%s.events[%zu].date: must be a "
		    "YYYY-MM-DD date", div, i);
	else if (json_object_object_get_ex(ev, "notes", NULL) &&
	    (notes == NULL || strlen(notes) > HOLIDAYS_TITLE_MAX))
		snprintf(err, errsz, "%s.events[%zu].notes: must be a string",
		    div, i);
	else if (json_object_object_get_ex(ev, "bunting", &b) &&
	    !json_object_is_type(b, json_type_boolean))
		snprintf(err, errsz, "%s.events[%zu].bunting: must be true or "
		    "false", div, i);
	else
		return 0;
	return -1;
}

static int
holidays_division_check(const char *key, json_object *div, char *err,
    size_t errsz)
{
	json_object	*events;
	const char	*name;
	size_t		 i, n;

	name = util_json_str(div, "division", NULL);
	if (!holidays_division_ok(key) || name == NULL ||
	    strcmp(name, key) != 0) {
		snprintf(err, errsz, "%s.division: must repeat the division's "
		    "name (lower case letters and '-')", key);
		return -1;
	}
	if (!json_object_object_get_ex(div, "events", &events) ||
	    !json_object_is_type(events, json_type_array)) {
		snprintf(err, errsz, "%s.events: must be an array", key);
		return -1;
	}
	n = json_object_array_length(events);
	for (i = 0; i < n; i++)
		if (holidays_event_ok(json_object_array_get_idx(events, i),
		    key, i, err, errsz) == -1)
			return -1;
	return (int)n;
}

int
holidays_validate(json_object *doc, char *err, size_t errsz)
{
	int	 total = 0, n;

	if (!json_object_is_type(doc, json_type_object)) {
		snprintf(err, errsz, "the file must hold a JSON object");
		return -1;
	}
	json_object_object_foreach(doc, key, div) {
		if (!json_object_is_type(div, json_type_object)) {
			snprintf(err, errsz, "%s: must be an object", key);
			return -1;
		}
		if ((n = holidays_division_check(key, div, err, errsz)) == -1)
			return -1;
		total += n;
	}
	if (total == 0) {
		snprintf(err, errsz, "the file holds no bank holidays");
		return -1;
	}
	return total;
}

/* Replaces one division's rows between its first and last date. */
static int
holidays_store_division(const char *key, json_object *events)
{
	const char	*first = NULL, *last = NULL, *d;
	json_object	*ev;
	size_t		 i, n = json_object_array_length(events);

	for (i = 0; i < n; i++) {
		d = util_json_str(json_object_array_get_idx(events, i), "date",
		    NULL);
		if (first == NULL || strcmp(d, first) < 0)
			first = d;
		if (last == NULL || strcmp(d, last) > 0)
			last = d;
	}
	if (n == 0)
		return 0;
	if (db_exec("DELETE FROM bank_holidays WHERE division = %s AND "
	    "date BETWEEN %s AND %s", key, first, last) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		ev = json_object_array_get_idx(events, i);
		if (db_exec("INSERT INTO bank_holidays (division, date, title, "
		    "notes) VALUES (%s, %s, %s, %s) ON DUPLICATE KEY UPDATE "
		    "title = VALUES(title), notes = VALUES(notes)", key,
		    util_json_str(ev, "date", NULL),
		    util_json_str(ev, "title", NULL),
		    util_json_str(ev, "notes", NULL) ?
		    util_json_str(ev, "notes", NULL) : "") == -1)
			return -1;
	}
	return 0;
}

static int
holidays_store(void *arg)
{
	struct holidays_load	*hl = arg;
	json_object		*events;

	json_object_object_foreach(hl->doc, key, div) {
		json_object_object_get_ex(div, "events", &events);
		if (holidays_store_division(key, events) == -1)
			return -1;
	}
	return 0;
}

static json_object *
holidays_read(const char *path, char *err, size_t errsz)
{
	FILE		*fp;
	char		*text;
	size_t		 n;
	json_object	*doc = NULL;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((text = malloc(HOLIDAYS_FILE_MAX + 1)) == NULL) {
		fclose(fp);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	n = fread(text, 1, HOLIDAYS_FILE_MAX + 1, fp);
	fclose(fp);
	if (n > HOLIDAYS_FILE_MAX)
		snprintf(err, errsz, "%s: larger than %d bytes", path,
		    HOLIDAYS_FILE_MAX);
	else if ((doc = util_json_parse(text, n)) == NULL)
		snprintf(err, errsz, "%s: not valid JSON", path);
	free(text);
	return doc;
}

int
holidays_load_file(const char *path, char *err, size_t errsz)
{
	struct holidays_load	 hl;
	int			 n;

	if ((hl.doc = holidays_read(path, err, errsz)) == NULL)
		return -1;
	if ((n = holidays_validate(hl.doc, err, errsz)) != -1 &&
	    db_txn(holidays_store, &hl) == -1) {
		snprintf(err, errsz, "the database failed (see the log)");
		n = -1;
	}
	json_object_put(hl.doc);
	return n;
}

int
holidays_days(const char *division, long from, long to, long *days,
    size_t max)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		 a[16], b[16];
	size_t		 n = 0;

	caldate_iso(from, a, sizeof(a));
	caldate_iso(to, b, sizeof(b));
	if ((res = db_query("SELECT date FROM bank_holidays WHERE division = "
	    "%s AND date BETWEEN %s AND %s ORDER BY date", division, a,
	    b)) == NULL)
		return -1;
	while ((row = mysql_fetch_row(res)) != NULL && n < max)
		if (caldate_parse(row[0], &days[n]) == 0)
			n++;
	mysql_free_result(res);
	return (int)n;
}

char *
holidays_title(const char *division, long day)
{
	char	 d[16];

	caldate_iso(day, d, sizeof(d));
	return db_value("SELECT title FROM bank_holidays WHERE division = %s "
	    "AND date = %s", division, d);
}

/* One division's holidays of one year, as last read. */
static struct {
	char	 division[40];
	int	 year, n;
	time_t	 at;
	long	 days[HOLIDAYS_YEAR_MAX];
	char	 titles[HOLIDAYS_YEAR_MAX][HOLIDAYS_TITLE_MAX + 1];
} holidays_memo;

static int
holidays_memo_load(const char *division, int year)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	struct timespec	 ts;
	char		 a[16], b[16];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (holidays_memo.year == year && strcmp(holidays_memo.division,
	    division) == 0 && ts.tv_sec - holidays_memo.at <
	    HOLIDAYS_MEMO_SECONDS)
		return 0;
	caldate_iso(caldate_days(year, 1, 1), a, sizeof(a));
	caldate_iso(caldate_days(year, 12, 31), b, sizeof(b));
	holidays_memo.year = 0;
	if ((res = db_query("SELECT date, title FROM bank_holidays WHERE "
	    "division = %s AND date BETWEEN %s AND %s ORDER BY date",
	    division, a, b)) == NULL)
		return -1;
	holidays_memo.n = 0;
	while ((row = mysql_fetch_row(res)) != NULL &&
	    holidays_memo.n < HOLIDAYS_YEAR_MAX)
		if (caldate_parse(row[0], &holidays_memo.days[
		    holidays_memo.n]) == 0)
			snprintf(holidays_memo.titles[holidays_memo.n++],
			    HOLIDAYS_TITLE_MAX + 1, "%s", row[1]);
	mysql_free_result(res);
	snprintf(holidays_memo.division, sizeof(holidays_memo.division), "%s",
	    division);
	holidays_memo.year = year;
	holidays_memo.at = ts.tv_sec;
	return 0;
}

int
holidays_lookup(const char *division, long day, char *title,
    size_t titlesz)
{
	int	 y, m, d, i;

	if (division == NULL || !holidays_division_ok(division))
		return -1;
	caldate_civil(day, &y, &m, &d);
	if (holidays_memo_load(division, y) == -1 || holidays_memo.n == 0)
		return -1;
	for (i = 0; i < holidays_memo.n; i++)
		if (holidays_memo.days[i] == day) {
			snprintf(title, titlesz, "%s", holidays_memo.titles[i]);
			return 1;
		}
	return 0;
}
