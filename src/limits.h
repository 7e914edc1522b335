/*
 * Named limits and timeouts, in one place.  Every buffer a client fills
 * has its cap here; nginx's client_max_body_size must equal REQ_BODY_MAX.
 */
#ifndef FD_LIMITS_H
#define FD_LIMITS_H

#define REQ_BODY_MAX		65536	/* bytes of a request body */
#define REQ_TEXT_MAX		2000	/* characters of a patient message */
#define REQ_HEADER_MAX		4096	/* bytes of one header we read */
#define REQ_HSTS_SECONDS	31536000 /* Strict-Transport-Security */
/* The Content-Security-Policy of API answers. */
#define REQ_CSP	"default-src 'none'; frame-ancestors 'none'"
#define JSON_DEPTH_MAX		16	/* nesting of any JSON we parse */
#define CLINIC_FILE_MAX		(4 * 1024 * 1024) /* bytes of a clinic file */
#define CONF_LINE_MAX		1024	/* bytes of one configuration line */
#define DB_RETRY_MAX		3	/* tries of a deadlocked transaction */
#define DB_CONNECT_TIMEOUT	3	/* seconds */
#define DB_RW_TIMEOUT		10	/* seconds */
#define WORKER_REQUESTS_DEFAULT	1000	/* requests before a worker exits */
#define LOG_LINE_MAX		1024	/* bytes of one log line */
#define LANG_SCAN_MAX		2048	/* bytes of a message scanned for
					 * its language */
#define LANG_TEXTCAT_MAX	1024	/* bytes of it given to textcat */

#endif
