/*
 * The audit log: who looked at or changed what, and when.  Every staff
 * view of a conversation or patient record and every change is one row.
 */
#ifndef FD_AUDIT_H
#define FD_AUDIT_H

#include <time.h>
#include <json-c/json.h>

#include "staff.h"

/*
 * Records action by s (NULL: the command line or the system) on clinic
 * (may be NULL), conversation (0: none) and subject (e.g. "appointment:
 * 12"; may be NULL), from address (may be NULL).  Returns 0 or -1; a
 * caller that shows data refuses to show it when this fails.
 */
int		 audit_add(const struct staff *s, const char *clinic,
		    const char *action, unsigned long long conversation,
		    const char *subject, const char *address, time_t now);

/* The newest `limit` rows of clinic, newest first, optionally only of
 * one conversation (0: all): a new array, or NULL on failure. */
json_object	*audit_list(const char *clinic, unsigned long long conversation,
		    int limit);

#endif
