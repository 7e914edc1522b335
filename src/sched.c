/*
 * Choosing a clinic's scheduler backend.  A new backend adds one line
 * to the table below and a file sched_NAME.c.
 */
#include <string.h>

#include "log.h"
#include "sched.h"
#include "util.h"

static const struct sched_backend *const sched_backends[] = {
	&sched_local,
};

#define SCHED_NBACKENDS (sizeof(sched_backends) / sizeof(sched_backends[0]))

const struct sched_backend *
sched_backend(const struct clinic *c)
{
	json_object	*s;
	const char	*kind = NULL;
	size_t		 i;

	if (json_object_object_get_ex(c->doc, "scheduler", &s))
		kind = util_json_str(s, "kind", NULL);
	if (kind == NULL)
		kind = "local";
	for (i = 0; i < SCHED_NBACKENDS; i++)
		if (strcmp(sched_backends[i]->name, kind) == 0)
			return sched_backends[i];
	log_error("clinic %s: no scheduler backend %s", c->id, kind);
	return NULL;
}
