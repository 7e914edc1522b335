/*
 * Staff accounts, password hashes and sessions in the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "clinic.h"
#include "db.h"
#include "log.h"
#include "staff.h"
#include "util.h"

static int
staff_sodium(void)
{
	if (sodium_init() < 0)
		return error("libsodium failed to start");
	return 0;
}

int
staff_role_valid(const char *s)
{
	return s != NULL && (strcmp(s, "admin") == 0 ||
	    strcmp(s, "staff") == 0);
}

int
staff_email_valid(const char *s)
{
	const char	*at;
	size_t		 i, n;

	if (s == NULL || (n = strlen(s)) < 3 || n > STAFF_EMAIL_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	at = strchr(s, '@');
	return at != NULL && at != s && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL;
}

static int
staff_hash(const char *password, char *out)
{
	if (staff_sodium() == -1)
		return -1;
	if (crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return error("password hashing ran out of memory");
	return 0;
}

struct staff_new {
	const char	*email, *name, *role, *hash;
	char		**clinics;
	int		 nclinics;
	time_t		 now;
	long long	 id;
	char		*err;
	size_t		 errsz;
};

static int
staff_add_txn(void *arg)
{
	struct staff_new	*n = arg;
	struct clinic		*c;
	int			 i;

	n->id = 0;
	if (db_exec("INSERT INTO staff_users (email, name, role, "
	    "password_hash, created_at) VALUES (%s, %s, %s, %s, %t)",
	    n->email, n->name, n->role, n->hash, n->now) == -1) {
		if (db_errno() == DB_ER_DUP_ENTRY)
			snprintf(n->err, n->errsz, "%s already has an account",
			    n->email);
		return -1;
	}
	n->id = (long long)db_insert_id();
	for (i = 0; i < n->nclinics; i++) {
		if ((c = clinic_load(n->clinics[i])) == NULL) {
			snprintf(n->err, n->errsz, "no clinic %s",
			    n->clinics[i]);
			return -1;
		}
		clinic_free(c);
		if (db_exec("INSERT IGNORE INTO staff_clinics (user_id, "
		    "clinic_id) VALUES (%lld, %s)", n->id, n->clinics[i]) == -1)
			return -1;
	}
	return 0;
}

long long
staff_add(const char *email, const char *name, const char *role,
    const char *password, char **clinics, int nclinics, char *err,
    size_t errsz, time_t now)
{
	struct staff_new	 n;
	char			 hash[crypto_pwhash_STRBYTES];

	err[0] = '\0';
	if (staff_hash(password, hash) == -1)
		return -1;
	memset(&n, 0, sizeof(n));
	n.email = email;
	n.name = name;
	n.role = role;
	n.hash = hash;
	n.clinics = clinics;
	n.nclinics = nclinics;
	n.now = now;
	n.err = err;
	n.errsz = errsz;
	if (db_txn(staff_add_txn, &n) == -1)
		return err[0] != '\0' ? 0 : -1;
	log_info("staff account %lld added", n.id);
	return n.id;
}

static int
staff_disable_txn(void *arg)
{
	const char	*email = arg;
	char		*id;
	int		 rc;

	if ((id = db_value("SELECT id FROM staff_users WHERE email = %s "
	    "FOR UPDATE", email)) == NULL)
		return db_errno() ? -1 : 0;
	rc = db_exec("UPDATE staff_users SET disabled = 1 WHERE id = %s", id)
	    == -1 || db_exec("DELETE FROM staff_sessions WHERE user_id = %s",
	    id) == -1 ? -1 : 0;
	free(id);
	return rc;
}

int
staff_disable(const char *email)
{
	char	*id;

	if ((id = db_value("SELECT id FROM staff_users WHERE email = %s",
	    email)) == NULL)
		return db_errno() ? -1 : 0;
	free(id);
	if (db_txn(staff_disable_txn, (void *)email) == -1)
		return -1;
	log_info("a staff account was disabled");
	return 1;
}

/* The account's clinics into s.  0 or -1. */
static int
staff_load_clinics(struct staff *s)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;

	s->nclinics = 0;
	if ((res = db_query("SELECT clinic_id FROM staff_clinics WHERE "
	    "user_id = %llu ORDER BY clinic_id", s->id)) == NULL)
		return -1;
	while ((row = mysql_fetch_row(res)) != NULL &&
	    s->nclinics < STAFF_CLINICS_MAX)
		snprintf(s->clinics[s->nclinics++], sizeof(s->clinics[0]),
		    "%s", row[0]);
	mysql_free_result(res);
	return 0;
}

/* Fills *s from a row (id, email, name, role). */
static void
staff_from_row(struct staff *s, MYSQL_ROW row)
{
	memset(s, 0, sizeof(*s));
	s->id = strtoull(row[0], NULL, 10);
	snprintf(s->email, sizeof(s->email), "%s", row[1]);
	snprintf(s->name, sizeof(s->name), "%s", row[2]);
	snprintf(s->role, sizeof(s->role), "%s", row[3]);
}

/* Spends the time of one verification, for an unknown account. */
static void
staff_dummy_verify(const char *password)
{
	static char	 dummy[crypto_pwhash_STRBYTES];

	if (dummy[0] == '\0' && staff_hash("not a real password", dummy) == -1)
		return;
	if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
		log_warn("the dummy password matched");
}

int
staff_check_password(const char *email, const char *password,
    struct staff *s)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 ok = 0;

	if (staff_sodium() == -1)
		return -1;
	if ((res = db_query("SELECT id, email, name, role, password_hash, "
	    "disabled FROM staff_users WHERE email = %s", email)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) == NULL)
		staff_dummy_verify(password);
	else if (crypto_pwhash_str_verify(row[4], password,
	    strlen(password)) == 0 && row[5][0] == '0') {
		staff_from_row(s, row);
		ok = 1;
	}
	mysql_free_result(res);
	if (ok && staff_load_clinics(s) == -1)
		return -1;
	return ok;
}

int
staff_session_start(struct staff *s, time_t now, long seconds, char *token)
{
	unsigned char	 raw[STAFF_TOKEN_BYTES];
	char		 hash[65];

	if (util_random(raw, sizeof(raw)) == -1)
		return error("no randomness for a session");
	util_hex(token, raw, sizeof(raw));
	if (util_random(raw, sizeof(raw)) == -1)
		return error("no randomness for a session");
	util_hex(s->csrf, raw, sizeof(raw));
	util_sha256_hex(hash, token, strlen(token));
	/* Old sessions go now and then; no job needed for it. */
	if (rand() % 20 == 0)
		db_exec("DELETE FROM staff_sessions WHERE expires_at < %t",
		    now);
	if (db_exec("INSERT INTO staff_sessions (token_hash, user_id, "
	    "csrf_token, created_at, expires_at) VALUES (%s, %llu, %s, %t, "
	    "%t)", hash, s->id, s->csrf, now, now + seconds) == -1)
		return -1;
	return 0;
}

int
staff_session_load(const char *token, time_t now, struct staff *s)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		 hash[65];
	int		 found = 0;

	if (token == NULL || strlen(token) != STAFF_TOKEN_LEN)
		return 0;
	util_sha256_hex(hash, token, strlen(token));
	if ((res = db_query("SELECT u.id, u.email, u.name, u.role, "
	    "s.csrf_token FROM staff_sessions s JOIN staff_users u ON u.id = "
	    "s.user_id WHERE s.token_hash = %s AND s.expires_at > %t AND "
	    "u.disabled = 0", hash, now)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		staff_from_row(s, row);
		snprintf(s->csrf, sizeof(s->csrf), "%s", row[4]);
		found = 1;
	}
	mysql_free_result(res);
	if (found && staff_load_clinics(s) == -1)
		return -1;
	return found;
}

int
staff_session_end(const char *token)
{
	char	 hash[65];

	if (token == NULL || strlen(token) != STAFF_TOKEN_LEN)
		return 0;
	util_sha256_hex(hash, token, strlen(token));
	return db_exec("DELETE FROM staff_sessions WHERE token_hash = %s",
	    hash) == -1 ? -1 : 0;
}

int
staff_may(const struct staff *s, const char *clinic_id)
{
	int	 i;

	for (i = 0; clinic_id != NULL && i < s->nclinics; i++)
		if (strcmp(s->clinics[i], clinic_id) == 0)
			return 1;
	return 0;
}

int
staff_is_admin(const struct staff *s)
{
	return strcmp(s->role, "admin") == 0;
}
