/*
 * Signing staff in and out of the admin API: login (rate-limited per
 * address and per account), logout, the signed-in account, and the
 * accounts of a clinic for its admins.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "handlers.h"
#include "log.h"
#include "rate.h"
#include "staff.h"
#include "util.h"

/* The public form of an account, with the CSRF token the pages send. */
static json_object *
h_admin_me_json(const struct staff *s)
{
	json_object	*o = json_object_new_object(), *u, *cl;
	int		 i;

	u = json_object_new_object();
	json_object_object_add(u, "id", json_object_new_int64((int64_t)s->id));
	json_object_object_add(u, "email", json_object_new_string(s->email));
	json_object_object_add(u, "name", json_object_new_string(s->name));
	json_object_object_add(u, "role", json_object_new_string(s->role));
	cl = json_object_new_array();
	for (i = 0; i < s->nclinics; i++)
		json_object_array_add(cl,
		    json_object_new_string(s->clinics[i]));
	json_object_object_add(u, "clinics", cl);
	json_object_object_add(o, "user", u);
	json_object_object_add(o, "csrf_token",
	    json_object_new_string(s->csrf));
	return o;
}

/* The rate bucket of an account: a hash of its e-mail, lowercased. */
static void
h_admin_account_bucket(const char *email, char *bucket, size_t bucketsz)
{
	char	 lower[STAFF_EMAIL_MAX + 1], hash[65];
	size_t	 i;

	for (i = 0; email[i] != '\0' && i < STAFF_EMAIL_MAX; i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	lower[i] = '\0';
	util_sha256_hex(hash, lower, i);
	snprintf(bucket, bucketsz, "login:u:%s", hash);
}

/* One hit on a login bucket; answers 429 when it is over its limit. */
static int
h_admin_login_rate(struct req *r, const char *bucket, const char *key,
    time_t now)
{
	char	 wait[16];
	int	 w;

	w = rate_hit(bucket, (int)conf_long(key), ADMIN_LOGIN_WINDOW, now);
	if (w == 0)
		return 0;
	snprintf(wait, sizeof(wait), "%d", w);
	req_header(r, "Retry-After", wait);
	log_info("staff login limit reached (%s)", key);
	return req_error(r, 429, "rate_limited",
	    "too many sign-in attempts, please wait and try again");
}

static int
h_admin_login_limits(struct req *r, const char *email, time_t now)
{
	char	 bucket[128], wait[16];
	int	 rc, w;

	snprintf(bucket, sizeof(bucket), "login:a:%s", r->remote_addr);
	if ((rc = h_admin_login_rate(r, bucket, "staff_login_per_address",
	    now)) != 0)
		return rc;
	h_admin_account_bucket(email, bucket, sizeof(bucket));
	/* An account's limit counts failed sign-ins only (below), so that a
	 * member of staff signing in often is never locked out. */
	if ((w = rate_peek(bucket, (int)conf_long("staff_login_per_account"),
	    ADMIN_LOGIN_WINDOW)) == 0)
		return 0;
	snprintf(wait, sizeof(wait), "%d", w);
	req_header(r, "Retry-After", wait);
	log_info("staff login limit reached (staff_login_per_account)");
	return req_error(r, 429, "rate_limited",
	    "too many sign-in attempts, please wait and try again");
}

/* Counts a failed sign-in against the account. */
static void
h_admin_login_failed(const char *email, time_t now)
{
	char	 bucket[128];

	h_admin_account_bucket(email, bucket, sizeof(bucket));
	rate_hit(bucket, (int)conf_long("staff_login_per_account"),
	    ADMIN_LOGIN_WINDOW, now);
}

static void
h_admin_audit_all(const struct staff *s, const char *action,
    const struct req *r, time_t now)
{
	int	 i;

	for (i = 0; i < s->nclinics; i++)
		audit_add(s, s->clinics[i], action, 0, NULL, r->remote_addr,
		    now);
}

int
h_admin_login(struct req *r)
{
	struct staff	 s;
	const char	*email, *pw;
	char		 token[STAFF_TOKEN_LEN + 1];
	long		 life = conf_long("staff_session_hours") * 3600;
	time_t		 now = clock_now();
	int		 rc;

	admin_headers(r);
	if (!admin_origin_ok(r))
		return req_error(r, 403, "forbidden",
		    "requests from another site are refused");
	email = util_json_str(r->json, "email", NULL);
	pw = util_json_str(r->json, "password", NULL);
	if (email == NULL || pw == NULL || strlen(email) > STAFF_EMAIL_MAX ||
	    strlen(pw) > STAFF_PASSWORD_MAX)
		return req_error(r, 400, "bad_request",
		    "email and password are required");
	if ((rc = h_admin_login_limits(r, email, now)) != 0)
		return rc;
	if ((rc = staff_check_password(email, pw, &s)) == -1)
		return admin_db_down(r);
	if (rc == 0) {
		h_admin_login_failed(email, now);
		log_info("staff login refused");
		return req_error(r, 401, "unauthorized",
		    "wrong e-mail or password");
	}
	if (staff_session_start(&s, now, life, token) == -1)
		return admin_db_down(r);
	admin_set_cookie(r, token, life);
	h_admin_audit_all(&s, "login", r, now);
	log_info("staff %llu signed in", s.id);
	return req_answer(r, 200, h_admin_me_json(&s));
}

int
h_admin_logout(struct req *r)
{
	struct staff	 s;
	char		 buf[STAFF_TOKEN_LEN + 2];
	int		 rc;

	if ((rc = admin_auth(r, &s, 1)) != 0)
		return rc;
	if (staff_session_end(admin_cookie(r, buf, sizeof(buf))) == -1)
		return admin_db_down(r);
	admin_set_cookie(r, NULL, 0);
	h_admin_audit_all(&s, "logout", r, clock_now());
	return req_answer(r, 200, json_object_new_object());
}

int
h_admin_me(struct req *r)
{
	struct staff	 s;
	int		 rc;

	if ((rc = admin_auth(r, &s, 0)) != 0)
		return rc;
	return req_answer(r, 200, h_admin_me_json(&s));
}

int
h_admin_users(struct req *r)
{
	struct staff	 s;
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*arr, *u;
	const char	*clinic;
	char		 buf[80];
	int		 rc;

	if ((rc = admin_auth(r, &s, 0)) != 0 ||
	    (rc = admin_require_admin(r, &s)) != 0)
		return rc;
	if ((clinic = admin_clinic(r, &s, admin_query_clinic(r, buf,
	    sizeof(buf)))) == NULL)
		return r->status;
	if ((res = db_query("SELECT u.id, u.email, u.name, u.role, u.disabled "
	    "FROM staff_users u JOIN staff_clinics c ON c.user_id = u.id "
	    "WHERE c.clinic_id = %s ORDER BY u.email", clinic)) == NULL)
		return admin_db_down(r);
	arr = json_object_new_array();
	while ((row = mysql_fetch_row(res)) != NULL) {
		u = json_object_new_object();
		json_object_object_add(u, "id", json_object_new_int64(
		    strtoll(row[0], NULL, 10)));
		json_object_object_add(u, "email", json_object_new_string(
		    row[1]));
		json_object_object_add(u, "name", json_object_new_string(
		    row[2]));
		json_object_object_add(u, "role", json_object_new_string(
		    row[3]));
		json_object_object_add(u, "disabled", json_object_new_boolean(
		    row[4][0] == '1'));
		json_object_array_add(arr, u);
	}
	mysql_free_result(res);
	u = json_object_new_object();
	json_object_object_add(u, "users", arr);
	return req_answer(r, 200, u);
}
