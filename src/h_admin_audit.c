/*
 * GET api/v1/admin/audit: the audit log of a clinic, for its admins.
 */
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "handlers.h"

#define AUDIT_LIST_DEFAULT	200
#define AUDIT_LIST_MAX		1000

int
h_admin_audit(struct req *r)
{
	struct staff		 s;
	json_object		*o, *arr;
	unsigned long long	 conv = 0, n;
	const char		*clinic, *v;
	char			 buf[80], num[24];
	int			 rc, limit = AUDIT_LIST_DEFAULT;

	if ((rc = admin_auth(r, &s, 0)) != 0 ||
	    (rc = admin_require_admin(r, &s)) != 0)
		return rc;
	if ((clinic = admin_clinic(r, &s, admin_query_clinic(r, buf,
	    sizeof(buf)))) == NULL)
		return r->status;
	if ((v = req_query(r, "conversation", num, sizeof(num))) != NULL &&
	    (conv = admin_parse_id(v)) == 0)
		return req_error(r, 400, "bad_request",
		    "conversation must be an id");
	if ((v = req_query(r, "limit", num, sizeof(num))) != NULL) {
		if ((n = admin_parse_id(v)) == 0 ||
		    n > AUDIT_LIST_MAX)
			return req_error(r, 400, "bad_request",
			    "limit must be 1 to 1000");
		limit = (int)n;
	}
	if ((arr = audit_list(clinic, conv, limit)) == NULL)
		return admin_db_down(r);
	o = json_object_new_object();
	json_object_object_add(o, "clinic", json_object_new_string(clinic));
	json_object_object_add(o, "entries", arr);
	return req_answer(r, 200, o);
}
