/*
 * One HTTP request and its answer, the same under FastCGI and plain CGI.
 * The CGI environment is read once into struct req; every buffer a
 * client fills is capped (limits.h).  Handlers read from it and answer
 * through req_answer() or req_error(); req_finish() writes the answer.
 */
#ifndef FD_REQ_H
#define FD_REQ_H

#include <fcgiapp.h>
#include <json-c/json.h>

#include "util.h"

#define REQ_PARAMS_MAX	4

struct req {
	unsigned long	 id;
	FCGX_Request	*fcgx;		/* borrowed; NULL under plain CGI */
	const char	*method;	/* borrowed from the environment */
	char		*path;		/* owned: PATH_INFO, no leading '/' */
	const char	*query;		/* borrowed: QUERY_STRING or "" */
	const char	*origin;	/* borrowed: Origin header or NULL */
	const char	*auth;		/* borrowed: Authorization or NULL */
	const char	*idem_key;	/* borrowed: Idempotency-Key or NULL */
	const char	*remote_addr;	/* borrowed: REMOTE_ADDR or "" */
	int		 https;		/* the client came over TLS */
	struct buf	 body;		/* owned: the request body */
	int		 body_whole;	/* the Content-Length announced was
					 * read, all of it */
	json_object	*json;		/* owned: the body parsed, if JSON */
	char		*params[REQ_PARAMS_MAX]; /* owned: {} path segments */
	int		 nparams;

	int		 status;	/* the answer's HTTP status */
	json_object	*answer;	/* owned: JSON answer body */
	struct buf	 raw;		/* owned: a non-JSON answer body */
	const char	*raw_type;	/* its Content-Type */
	struct buf	 headers;	/* owned: extra header lines */
};

/* Starts a request from FastCGI (fcgx) or, when fcgx is NULL, from the
 * CGI environment.  Returns 0 or -1 (out of memory). */
int		 req_init(struct req *, FCGX_Request *fcgx, unsigned long id);

/* An environment variable of this request (borrowed), or NULL. */
const char	*req_env(const struct req *, const char *name);

/*
 * Reads the body into r->body, exactly CONTENT_LENGTH bytes.  Returns 0,
 * or an HTTP status after answering the error: 413 past REQ_BODY_MAX
 * (nothing read), 400 when the body is shorter than announced.
 */
int		 req_read_body(struct req *);

/*
 * Parses the body as a JSON object into r->json.  Returns 0, or 400
 * after answering the error (empty, invalid UTF-8, invalid JSON, not an
 * object, too deep).
 */
int		 req_parse_json(struct req *);

/* A query-string parameter, decoded into buf.  Returns buf or NULL. */
const char	*req_query(const struct req *, const char *name,
		    char *buf, size_t bufsz);

/* Answers with status and body obj (ownership taken).  Returns status. */
int		 req_answer(struct req *, int status, json_object *obj);

/* Answers {"error":{"code","message"}}.  Returns status. */
int		 req_error(struct req *, int status, const char *code,
		    const char *message);

/* Answers a non-JSON body (copied).  Returns status. */
int		 req_answer_raw(struct req *, int status, const char *type,
		    const char *body, size_t len);

/* Adds a response header; CR and LF in the value are dropped. */
void		 req_header(struct req *, const char *name, const char *value);

/* Writes the status line, headers and body to the client. */
void		 req_finish(struct req *);

/*
 * Under FastCGI, nonzero when the server has sent all of the request's
 * input and the program has read it: the connection can then be closed
 * at once, with nothing unread that could reset it.  May read the
 * record that ends the input; never waits on a body left unread.
 */
int		 req_input_ended(struct req *);

/* Frees everything the request allocated. */
void		 req_release(struct req *);

/* The reason phrase of an HTTP status. */
const char	*req_reason(int status);

#endif
