/*
 * The route table: {method, path, handler, flags}.  Paths are relative
 * to where the program is mounted; "{}" matches one segment, handed to
 * the handler in r->params.  Handlers return the HTTP status answered.
 */
#ifndef FD_ROUTE_H
#define FD_ROUTE_H

#include "req.h"

#define ROUTE_JSON	0x01	/* the body must be a JSON object */
#define ROUTE_DB	0x02	/* needs the database; 503 when it is down */

typedef int	(*route_fn)(struct req *);

struct route {
	const char	*method;
	const char	*path;
	route_fn	 fn;
	unsigned int	 flags;
};

/*
 * Finds the handler of r, reads and checks the body as the route asks,
 * runs it and leaves the answer in r.  Returns the HTTP status.
 */
int	route_dispatch(struct req *r);

#endif
