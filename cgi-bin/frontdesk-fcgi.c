/*
 * frontdesk.fcgi: the web program.  Under a FastCGI server (spawn-fcgi,
 * mod_fcgid) it loops over requests and exits after worker_requests of
 * them; run as plain CGI it answers the one request in its environment.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <fcgiapp.h>

#include "booking.h"
#include "conf.h"
#include "db.h"
#include "llm_booking.h"
#include "log.h"
#include "notify.h"
#include "req.h"
#include "route.h"

/* Serves one request; returns nonzero when its input was read to the
 * end (req_input_ended). */
static int
serve(FCGX_Request *fcgx, unsigned long id)
{
	struct req	 r;
	int		 status, ended;

	log_set_request(id);
	if (req_init(&r, fcgx, id) == -1) {
		log_error("out of memory");
		return 0;
	}
	status = route_dispatch(&r);
	if (status >= 500)
		log_warn("%s /%s answered %d", r.method, r.path, status);
	else
		log_debug("%s /%s answered %d", r.method, r.path, status);
	req_finish(&r);
	ended = req_input_ended(&r);
	req_release(&r);
	log_set_request(0);
	return ended;
}

static int
serve_fastcgi(void)
{
	FCGX_Request	 fcgx;
	unsigned long	 n, max = (unsigned long)conf_long("worker_requests");

	if (FCGX_Init() != 0 || FCGX_InitRequest(&fcgx, 0, 0) != 0) {
		log_error("FastCGI initialisation failed");
		return 1;
	}
	for (n = 1; n <= max && FCGX_Accept_r(&fcgx) >= 0; n++) {
		/* libfcgi closes a connection by shutting down its side and
		 * waiting for the server to close first, in case input is
		 * still coming: a sleep and a wake-up per request.  With all
		 * the input read, the connection is closed at once. */
		if (serve(&fcgx, n))
			FCGX_Detach(&fcgx);
		FCGX_Finish_r(&fcgx);
	}
	FCGX_Free(&fcgx, 1);
	log_info("worker exits after %lu requests", n - 1);
	return 0;
}

int
main(void)
{
	int	 rc;

	signal(SIGPIPE, SIG_IGN);
	if (conf_load() == -1) {
		/* The web server shows this as a 500: nothing to serve. */
		fprintf(stderr, "frontdesk: configuration failed\n");
		return 1;
	}
	log_open(conf_str("log_file"), conf_str("log_level"));
	notify_cancel_hook = booking_cancel_ref;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	llm_booking_wire();
	if (FCGX_IsCGI()) {
		(void)serve(NULL, 1);
		rc = 0;
	} else
		rc = serve_fastcgi();
	db_close();
	curl_global_cleanup();
	return rc;
}
