/*
 * GET api/v1/health: is the program up, and can it reach the database.
 */
#include "db.h"
#include "handlers.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

int
h_health(struct req *r)
{
	json_object	*o = json_object_new_object();
	int		 up = db_ping() == 0;

	json_object_object_add(o, "status",
	    json_object_new_string(up ? "ok" : "unavailable"));
	json_object_object_add(o, "db", json_object_new_string(up ? "ok" :
	    "down"));
	json_object_object_add(o, "version",
	    json_object_new_string(PACKAGE_VERSION));
	req_header(r, "Cache-Control", "no-store");
	return req_answer(r, up ? 200 : 503, o);
}
