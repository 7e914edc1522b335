/*
 * CORS headers and the origin allow-list check.
 */
#include <stdlib.h>
#include <string.h>

#include "cors.h"
#include "db.h"
#include "util.h"

int
cors_allowed(const struct clinic *c, const char *origin)
{
	json_object	*arr;
	size_t		 i;

	if (origin == NULL || c == NULL ||
	    !json_object_object_get_ex(c->doc, "allowed_origins", &arr) ||
	    arr == NULL)
		return 0;
	for (i = 0; i < json_object_array_length(arr); i++)
		if (strcmp(json_object_get_string(
		    json_object_array_get_idx(arr, i)), origin) == 0)
			return 1;
	return 0;
}

int
cors_allowed_any(const char *origin)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	struct clinic	*c;
	int		 ok = 0;

	if (origin == NULL || (res = db_query("SELECT id FROM clinics")) ==
	    NULL)
		return 0;
	while (!ok && (row = mysql_fetch_row(res)) != NULL) {
		if ((c = clinic_load(row[0])) == NULL)
			continue;
		ok = cors_allowed(c, origin);
		clinic_free(c);
	}
	mysql_free_result(res);
	return ok;
}

static void
cors_headers(struct req *r)
{
	req_header(r, "Access-Control-Allow-Origin", r->origin);
	req_header(r, "Vary", "Origin");
	req_header(r, "Access-Control-Expose-Headers", "Retry-After");
}

int
cors_check(struct req *r, const struct clinic *c)
{
	if (r->origin == NULL)
		return 0;
	if (!cors_allowed(c, r->origin))
		return req_error(r, 403, "forbidden",
		    "this site may not use this clinic's chat");
	cors_headers(r);
	return 0;
}

int
cors_preflight(struct req *r, const struct clinic *c)
{
	int	 ok = c != NULL ? cors_allowed(c, r->origin) :
	    cors_allowed_any(r->origin);

	if (!ok)
		return req_error(r, 403, "forbidden",
		    "this site may not use this clinic's chat");
	cors_headers(r);
	req_header(r, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
	req_header(r, "Access-Control-Allow-Headers",
	    "Content-Type, Authorization, Idempotency-Key");
	req_header(r, "Access-Control-Max-Age", "600");
	r->status = 204;
	return 204;
}
