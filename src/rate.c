/*
 * Counting hits per bucket and window in rate_counters.
 */
#include <stdlib.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "rate.h"

int
rate_hit(const char *bucket, int limit, int window, time_t now)
{
	time_t	 start = now - now % window;
	long long n;

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
	if (n <= limit)
		return 0;
	return (int)(start + window - now) > 0 ? (int)(start + window - now) : 1;
}
