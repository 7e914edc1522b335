/*
 * The "user" command of the command line: add, list and disable staff
 * accounts.  Hashing and storage are staff.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "cli.h"
#include "clock.h"
#include "db.h"
#include "staff.h"
#include "staff_cli.h"
#include "util.h"

#define USER_ADD_USAGE	"user add --email EMAIL --name NAME " \
	"--role admin|staff --clinic ID [--clinic ID...] < password"

struct user_opts {
	const char	*email, *name, *role;
	char		*clinics[STAFF_CLINICS_MAX];
	int		 nclinics;
};

static int
user_parse(int argc, char **argv, struct user_opts *o)
{
	int	 i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--email") == 0)
			o->email = argv[i + 1];
		else if (strcmp(argv[i], "--name") == 0)
			o->name = argv[i + 1];
		else if (strcmp(argv[i], "--role") == 0)
			o->role = argv[i + 1];
		else if (strcmp(argv[i], "--clinic") == 0 &&
		    o->nclinics < STAFF_CLINICS_MAX)
			o->clinics[o->nclinics++] = argv[i + 1];
		else
			return -1;
	}
	return i == argc ? 0 : -1;
}

/* Reads one line of standard input as the password.  0 or -1. */
static int
user_read_password(char *buf, size_t bufsz)
{
	size_t	 n;

	if (fgets(buf, (int)bufsz, stdin) == NULL)
		return -1;
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == bufsz - 1)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int
user_add(int argc, char **argv)
{
	struct user_opts	 o;
	char			 pw[STAFF_PASSWORD_MAX + 2], err[256];
	long long		 id;

	if (user_parse(argc, argv, &o) == -1 || o.email == NULL ||
	    o.name == NULL || o.role == NULL || o.nclinics == 0)
		return cli_usage(USER_ADD_USAGE);
	if (!staff_email_valid(o.email) || !staff_role_valid(o.role) ||
	    *o.name == '\0' || strlen(o.name) > 255 ||
	    !utf8_valid(o.name, strlen(o.name))) {
		fprintf(stderr, "frontdesk: give a valid e-mail, a name and "
		    "the role admin or staff\n");
		return 2;
	}
	if (user_read_password(pw, sizeof(pw)) == -1 ||
	    utf8_count(pw, strlen(pw)) < STAFF_PASSWORD_MIN) {
		fprintf(stderr, "frontdesk: the password (one line on standard "
		    "input) must have at least %d characters\n",
		    STAFF_PASSWORD_MIN);
		return 1;
	}
	id = staff_add(o.email, o.name, o.role, pw, o.clinics, o.nclinics,
	    err, sizeof(err), clock_now());
	sodium_memzero(pw, sizeof(pw));
	if (id <= 0) {
		fprintf(stderr, "frontdesk: %s\n", id == 0 ? err :
		    "the account was not added (see the log)");
		return 1;
	}
	audit_add(NULL, NULL, "user_add", 0, o.email, "cli", clock_now());
	printf("added %s (%s), id %lld\n", o.email, o.role, id);
	return 0;
}

static int
user_list(void)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;

	if ((res = db_query("SELECT u.id, u.email, u.name, u.role, "
	    "u.disabled, COALESCE(GROUP_CONCAT(c.clinic_id ORDER BY "
	    "c.clinic_id SEPARATOR ','), '') FROM staff_users u LEFT JOIN "
	    "staff_clinics c ON c.user_id = u.id GROUP BY u.id, u.email, "
	    "u.name, u.role, u.disabled ORDER BY u.email")) == NULL) {
		fprintf(stderr, "frontdesk: the database failed\n");
		return 1;
	}
	while ((row = mysql_fetch_row(res)) != NULL)
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", row[0], row[1], row[2],
		    row[3], row[4][0] == '1' ? "disabled" : "active", row[5]);
	mysql_free_result(res);
	return 0;
}

static int
user_disable(int argc, char **argv)
{
	int	 rc;

	if (argc != 3 || strcmp(argv[1], "--email") != 0)
		return cli_usage("user disable --email EMAIL");
	if ((rc = staff_disable(argv[2])) == -1) {
		fprintf(stderr, "frontdesk: the database failed\n");
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "frontdesk: no account %s\n", argv[2]);
		return 1;
	}
	audit_add(NULL, NULL, "user_disable", 0, argv[2], "cli", clock_now());
	printf("disabled %s\n", argv[2]);
	return 0;
}

int
cmd_user(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return user_list();
	if (argc >= 2 && strcmp(argv[1], "disable") == 0)
		return user_disable(argc - 1, argv + 1);
	return cli_usage("user add|list|disable ...");
}
