/*
 * Writing and reading the audit_log table.
 */
#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "clock.h"
#include "db.h"

int
audit_add(const struct staff *s, const char *clinic, const char *action,
    unsigned long long conversation, const char *subject,
    const char *address, time_t now)
{
	char	 conv[24], uid[24];

	snprintf(conv, sizeof(conv), "%llu", conversation);
	snprintf(uid, sizeof(uid), "%llu", s != NULL ? s->id : 0);
	return db_exec("INSERT INTO audit_log (clinic_id, user_id, user_email, "
	    "action, conversation_id, subject, address, created_at) VALUES "
	    "(%s, %s, %s, %s, %s, %s, %s, %t)", clinic,
	    s != NULL ? uid : NULL, s != NULL ? s->email : NULL, action,
	    conversation != 0 ? conv : NULL, subject, address, now) == -1 ?
	    -1 : 0;
}

static json_object *
audit_row(MYSQL_ROW row)
{
	json_object	*o = json_object_new_object();
	char		 when[32];

	clock_format_utc(db_time(row[7]), when, sizeof(when));
	json_object_object_add(o, "id", json_object_new_int64(
	    strtoll(row[0], NULL, 10)));
	json_object_object_add(o, "user_id", row[1] == NULL ? NULL :
	    json_object_new_int64(strtoll(row[1], NULL, 10)));
	json_object_object_add(o, "user", row[2] == NULL ? NULL :
	    json_object_new_string(row[2]));
	json_object_object_add(o, "action", json_object_new_string(row[3]));
	json_object_object_add(o, "conversation", row[4] == NULL ? NULL :
	    json_object_new_int64(strtoll(row[4], NULL, 10)));
	json_object_object_add(o, "subject", row[5] == NULL ? NULL :
	    json_object_new_string(row[5]));
	json_object_object_add(o, "address", row[6] == NULL ? NULL :
	    json_object_new_string(row[6]));
	json_object_object_add(o, "at", json_object_new_string(when));
	return o;
}

json_object *
audit_list(const char *clinic, unsigned long long conversation, int limit)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*arr;

	if (conversation != 0)
		res = db_query("SELECT id, user_id, user_email, action, "
		    "conversation_id, subject, address, created_at FROM "
		    "audit_log WHERE clinic_id = %s AND conversation_id = %llu "
		    "ORDER BY id DESC LIMIT %d", clinic, conversation, limit);
	else
		res = db_query("SELECT id, user_id, user_email, action, "
		    "conversation_id, subject, address, created_at FROM "
		    "audit_log WHERE clinic_id = %s ORDER BY id DESC LIMIT %d",
		    clinic, limit);
	if (res == NULL)
		return NULL;
	arr = json_object_new_array();
	while ((row = mysql_fetch_row(res)) != NULL)
		json_object_array_add(arr, audit_row(row));
	mysql_free_result(res);
	return arr;
}
