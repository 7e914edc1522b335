/*
 * Staff accounts and their login sessions: argon2id password hashes
 * (libsodium), the clinics each account may see, and session tokens kept
 * only as hashes.  HTTP concerns (cookies, CSRF, rate limits) are in
 * admin.c; the command line in staff_cli.c.
 */
#ifndef FD_STAFF_H
#define FD_STAFF_H

#include <stddef.h>
#include <time.h>

#define STAFF_CLINICS_MAX	64
#define STAFF_TOKEN_BYTES	32
#define STAFF_TOKEN_LEN		(STAFF_TOKEN_BYTES * 2)
#define STAFF_PASSWORD_MIN	10	/* characters */
#define STAFF_PASSWORD_MAX	1024	/* bytes */
#define STAFF_EMAIL_MAX		254

/* One signed-in account as a request sees it. */
struct staff {
	unsigned long long id;
	char		 email[STAFF_EMAIL_MAX + 1];
	char		 name[256];
	char		 role[16];	/* "admin" or "staff" */
	char		 clinics[STAFF_CLINICS_MAX][65];
	int		 nclinics;
	char		 csrf[STAFF_TOKEN_LEN + 1];
};

/* Nonzero when s is a role name: "admin" or "staff". */
int	staff_role_valid(const char *s);

/* Nonzero when s looks like an e-mail address (no spaces or controls). */
int	staff_email_valid(const char *s);

/*
 * Creates an account with a password hash of password and the given
 * clinics (each must exist), in one transaction.  Returns the new id,
 * 0 when the e-mail is taken or a clinic is unknown (reason in err), or
 * -1 on another failure (logged).
 */
long long staff_add(const char *email, const char *name, const char *role,
	    const char *password, char **clinics, int nclinics,
	    char *err, size_t errsz, time_t now);

/* Disables the account with that e-mail and ends its sessions.  Returns
 * 1, 0 when there is none, -1 on failure. */
int	staff_disable(const char *email);

/*
 * Checks email and password.  On success fills *s (without the CSRF
 * token) and returns 1; 0 when they do not match or the account is
 * disabled; -1 on failure.  Takes as long for an unknown e-mail.
 */
int	staff_check_password(const char *email, const char *password,
	    struct staff *s);

/*
 * Starts a session for s: writes the new token (STAFF_TOKEN_LEN + 1
 * bytes) and fills s->csrf.  The session lasts `seconds`.  0 or -1.
 */
int	staff_session_start(struct staff *s, time_t now, long seconds,
	    char *token);

/*
 * Loads the account of a live session token into *s (with its CSRF
 * token).  1 found, 0 none (unknown, expired or disabled), -1 failure.
 */
int	staff_session_load(const char *token, time_t now, struct staff *s);

/* Ends the session of token.  0 or -1. */
int	staff_session_end(const char *token);

/* Nonzero when s may see clinic_id's data. */
int	staff_may(const struct staff *s, const char *clinic_id);

/* Nonzero when s is an admin. */
int	staff_is_admin(const struct staff *s);

#endif
