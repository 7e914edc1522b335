/*
 * libFuzzer harness: a whole CGI request (method, path, query, headers
 * and body from the input) through routing, body reading and JSON
 * checks.  The database is configured away, so handlers that need it
 * answer 503 at once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "req.h"
#include "route.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Takes the next NUL- or newline-ended field of the input. */
static const char *
field(const uint8_t **p, const uint8_t *end, char *buf, size_t bufsz)
{
	size_t	 n = 0;

	while (*p < end && **p != '\n' && **p != '\0' && n + 1 < bufsz)
		buf[n++] = (char)*(*p)++;
	if (*p < end)
		(*p)++;
	buf[n] = '\0';
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 ready;
	const uint8_t	*p = data, *end = data + size;
	char		 method[16], path[256], query[256], origin[128];
	char		 auth[128], cl[32];
	struct req	 r;
	FILE		*in;
	char		*copy;
	size_t		 body;

	if (!ready) {
		conf_set("db_socket", "/nonexistent/fuzz.sock");
		conf_set("db_host", "");
		log_open("/dev/null", "error");
		if (freopen("/dev/null", "w", stdout) == NULL)
			return 0;
		ready = 1;
	}
	setenv("REQUEST_METHOD", field(&p, end, method, sizeof(method)), 1);
	setenv("PATH_INFO", field(&p, end, path, sizeof(path)), 1);
	setenv("QUERY_STRING", field(&p, end, query, sizeof(query)), 1);
	setenv("HTTP_ORIGIN", field(&p, end, origin, sizeof(origin)), 1);
	setenv("HTTP_AUTHORIZATION", field(&p, end, auth, sizeof(auth)), 1);
	setenv("CONTENT_LENGTH", field(&p, end, cl, sizeof(cl)), 1);
	/* fmemopen refuses an empty buffer: an empty body reads /dev/null. */
	body = (size_t)(end - p);
	if ((copy = malloc(body + 1)) == NULL)
		return 0;
	memcpy(copy, p, body);
	in = body > 0 ? fmemopen(copy, body, "r") : fopen("/dev/null", "r");
	if (in == NULL) {
		free(copy);
		return 0;
	}
	stdin = in;
	if (req_init(&r, NULL, 1) == 0) {
		route_dispatch(&r);
		req_finish(&r);
	}
	req_release(&r);
	fclose(in);
	free(copy);
	return 0;
}
