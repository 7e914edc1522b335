/*
 * Schema migrations: the files NNN-name.sql of a directory, applied in
 * order and recorded in schema_migrations, so running twice is harmless.
 */
#ifndef FD_MIGRATE_H
#define FD_MIGRATE_H

/*
 * Applies every migration of dir not yet recorded.  Returns the number
 * applied, or -1 (logged) at the first that fails; those before it stay
 * applied and recorded.
 */
int	migrate_run(const char *dir);

#endif
