/*
 * Holds in the holds table.  Expired rows are swept when a new hold is
 * placed on the same practitioner.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "holds.h"
#include "log.h"

long long
holds_place(const char *clinic, unsigned long long conversation,
    const char *practitioner, const char *service, time_t start, time_t end,
    time_t now)
{
	char	*n;
	long	 other;

	if (db_exec("DELETE FROM holds WHERE clinic_id = %s AND "
	    "practitioner_id = %s AND expires_at <= %t", clinic, practitioner,
	    now) == -1 || holds_release(clinic, conversation) == -1)
		return -1;
	n = db_value("SELECT COUNT(*) FROM holds WHERE clinic_id = %s AND "
	    "practitioner_id = %s AND start_utc < %t AND end_utc > %t AND "
	    "expires_at > %t AND conversation_id <> %llu", clinic,
	    practitioner, end, start, now, conversation);
	if (n == NULL)
		return -1;
	other = atol(n);
	free(n);
	if (other > 0)
		return 0;
	if (db_exec("INSERT INTO holds (clinic_id, conversation_id, "
	    "practitioner_id, service_id, start_utc, end_utc, expires_at) "
	    "VALUES (%s, %llu, %s, %s, %t, %t, %t)", clinic, conversation,
	    practitioner, service, start, end,
	    now + HOLD_MINUTES * 60) == -1)
		return -1;
	return (long long)db_insert_id();
}

int
holds_live(const char *clinic, unsigned long long conversation, long long id,
    time_t now)
{
	char	*n;
	int	 live;

	n = db_value("SELECT COUNT(*) FROM holds WHERE clinic_id = %s AND "
	    "id = %lld AND conversation_id = %llu AND expires_at > %t",
	    clinic, id, conversation, now);
	live = n != NULL && atoi(n) > 0;
	free(n);
	return live;
}

int
holds_release(const char *clinic, unsigned long long conversation)
{
	return db_exec("DELETE FROM holds WHERE clinic_id = %s AND "
	    "conversation_id = %llu", clinic, conversation) == -1 ? -1 : 0;
}

int
holds_busy(const char *clinic, const char *practitioner, time_t from,
    time_t to, unsigned long long conversation, time_t now,
    struct slots_busy **busy, size_t *n)
{
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	struct slots_busy	*b;
	size_t			 rows;

	if ((res = db_query("SELECT start_utc, end_utc FROM holds WHERE "
	    "clinic_id = %s AND practitioner_id = %s AND start_utc < %t AND "
	    "end_utc > %t AND expires_at > %t AND conversation_id <> %llu",
	    clinic, practitioner, to, from, now, conversation)) == NULL)
		return -1;
	rows = mysql_num_rows(res);
	if (rows > 0) {
		if ((b = realloc(*busy, (*n + rows) * sizeof(*b))) == NULL) {
			mysql_free_result(res);
			return error("out of memory");
		}
		*busy = b;
		while ((row = mysql_fetch_row(res)) != NULL) {
			b[*n].start = db_time(row[0]);
			b[(*n)++].end = db_time(row[1]);
		}
	}
	mysql_free_result(res);
	return 0;
}
