/*
 * Counting hits per bucket and window in rate_counters.
 */
#include <stdlib.h>

#include "db.h"
#include "log.h"
#include "rate.h"

int
rate_hit(const char *bucket, int limit, int window, time_t now)
{
	time_t	 start = now - now % window;
	char	*hits;
	int	 n;

	if (limit <= 0)
		return 0;
	if (db_exec("INSERT INTO rate_counters (bucket, window_start, hits) "
	    "VALUES (%s, %t, 1) ON DUPLICATE KEY UPDATE hits = hits + 1",
	    bucket, start) == -1)
		return 0;
	if ((hits = db_value("SELECT hits FROM rate_counters WHERE bucket = %s "
	    "AND window_start = %t", bucket, start)) == NULL)
		return 0;
	n = atoi(hits);
	free(hits);
	/* Old windows go now and then; no job needed for it. */
	if (n == 1 && rand() % 50 == 0)
		db_exec("DELETE FROM rate_counters WHERE window_start < %t",
		    now - 7200);
	if (n <= limit)
		return 0;
	return (int)(start + window - now) > 0 ? (int)(start + window - now) : 1;
}
