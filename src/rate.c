/*
 * Counting hits per bucket and window in rate_counters.
 */
#include <stdlib.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "rate.h"

/* The seconds left of the window holding now, at least 1. */
static int
rate_wait(time_t start, int window, time_t now)
{
	return start + window > now ? (int)(start + window - now) : 1;
}

int
rate_hit(const char *bucket, int limit, int window, time_t unused)
{
	time_t		 now = time(NULL), start = now - now % window;
	long long	 n;

	(void)unused;
	if (limit <= 0)
		return 0;
	/* LAST_INSERT_ID(expr) hands back the new count without a SELECT;
	 * a first hit inserts and leaves it 0. */
	if (db_exec("INSERT INTO rate_counters (bucket, window_start, hits) "
	    "VALUES (%s, %t, 1) ON DUPLICATE KEY UPDATE hits = "
	    "LAST_INSERT_ID(hits + 1)", bucket, start) == -1)
		return 0;
	if ((n = (long long)db_insert_id()) == 0)
		n = 1;
	/* Old windows go now and then; no job needed for it. */
	if (n == 1 && rand() % 50 == 0)
		db_exec("DELETE FROM rate_counters WHERE window_start < %t",
		    now - 7200);
	return n <= limit ? 0 : rate_wait(start, window, now);
}

int
rate_peek(const char *bucket, int limit, int window)
{
	time_t	 now = time(NULL), start = now - now % window;
	char	*hits;
	long	 n;

	if (limit <= 0)
		return 0;
	if ((hits = db_value("SELECT hits FROM rate_counters WHERE bucket = "
	    "%s AND window_start = %t", bucket, start)) == NULL)
		return 0;
	n = atol(hits);
	free(hits);
	return n < limit ? 0 : rate_wait(start, window, now);
}
