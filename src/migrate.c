/*
 * Applying sql/ migrations.  Statements are separated by a ';' at the
 * end of a line; "--" lines are comments.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "migrate.h"
#include "util.h"

#define MIGRATE_FILES_MAX	512

static int
migrate_name_ok(const char *name)
{
	size_t	 n = strlen(name);

	return n > 8 && strspn(name, "0123456789") == 3 && name[3] == '-' &&
	    strcmp(name + n - 4, ".sql") == 0;
}

static int
migrate_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the statements of one file.  0 or -1. */
static int
migrate_apply(const char *path)
{
	FILE		*fp;
	struct buf	 stmt;
	char		 line[4096];
	size_t		 n;
	int		 rc = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return error("%s: %s", path, strerror(errno));
	buf_init(&stmt, 1024 * 1024);
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "--", 2) == 0)
			continue;
		if (buf_addstr(&stmt, line) == -1) {
			rc = error("%s: statement too long", path);
			break;
		}
		n = strlen(line);
		while (n > 0 && strchr(" \t\r\n", line[n - 1]))
			n--;
		if (n == 0 || line[n - 1] != ';')
			continue;
		if (db_exec_raw(stmt.data, stmt.len) == -1)
			rc = error("%s: a statement failed (error %u)", path,
			    db_errno());
		stmt.len = 0;
	}
	fclose(fp);
	buf_release(&stmt);
	return rc;
}

/* Nonzero when version is recorded as applied. */
static int
migrate_done(const char *version, int *done)
{
	char	*v;

	v = db_value("SELECT version FROM schema_migrations WHERE version = %s",
	    version);
	if (v == NULL && db_errno() != 0)
		return -1;
	*done = v != NULL;
	free(v);
	return 0;
}

static int
migrate_one(const char *dir, const char *name)
{
	char	 path[4096], version[4];
	int	 done;

	memcpy(version, name, 3);
	version[3] = '\0';
	if (migrate_done(version, &done) == -1)
		return -1;
	if (done)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (migrate_apply(path) == -1)
		return -1;
	if (db_exec("INSERT INTO schema_migrations (version, name) "
	    "VALUES (%s, %s)", version, name) == -1)
		return -1;
	log_info("migration %s applied", name);
	return 1;
}

int
migrate_run(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		*names[MIGRATE_FILES_MAX];
	size_t		 n = 0, i;
	int		 rc = 0, applied = 0;

	if (db_exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version CHAR(3) NOT NULL PRIMARY KEY, "
	    "name VARCHAR(255) NOT NULL, "
	    "applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
	    "COLLATE=utf8mb4_unicode_ci") == -1)
		return -1;
	if ((d = opendir(dir)) == NULL)
		return error("%s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL && n < MIGRATE_FILES_MAX)
		if (migrate_name_ok(e->d_name))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), migrate_cmp);
	for (i = 0; i < n; i++) {
		if (rc == 0 && names[i] != NULL &&
		    (rc = migrate_one(dir, names[i])) == 1) {
			applied++;
			rc = 0;
		}
		free(names[i]);
	}
	return rc == -1 ? -1 : applied;
}
