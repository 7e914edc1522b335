/*
 * Clinics: the clinic file (validation and import) and loading a clinic
 * for a request.  The whole file is kept as one JSON document per clinic;
 * practitioners and services also get rows, for appointments to name.
 */
#ifndef FD_CLINIC_H
#define FD_CLINIC_H

#include <stddef.h>
#include <json-c/json.h>

struct clinic {
	char		*id;		/* owned */
	json_object	*doc;		/* owned: the clinic file */
	const char	*name;		/* borrowed from doc */
	const char	*timezone;	/* borrowed from doc */
	const char	*country;	/* borrowed from doc */
	const char	*default_language; /* borrowed from doc */
	unsigned long	 revision;	/* of the clinic file loaded */
};

/*
 * Checks a parsed clinic file against the format.  Returns 0, or -1 with
 * a message naming the field path ("services[2].duration_min: must be a
 * positive integer") written into err.
 */
int		 clinic_validate(json_object *doc, char *err, size_t errsz);

/*
 * Reads, validates and imports the clinic file at path in one
 * transaction, creating or updating that clinic.  Returns 0, or -1 with
 * the reason in err; on -1 nothing in the database has changed.
 */
int		 clinic_import_file(const char *path, char *err, size_t errsz);

/* Loads a clinic by id: a new struct the caller frees with clinic_free(),
 * or NULL when there is none (or the database failed: db_errno()).  The
 * doc is shared with the process's cache: read it, never change it. */
struct clinic	*clinic_load(const char *id);

/* As clinic_load, for a caller that has just read the clinic's revision
 * (in a JOIN of its own): no statement when the process's cache holds
 * that revision. */
struct clinic	*clinic_load_at(const char *id, unsigned long revision);

/* As clinic_load, for a patient's request: a file this process checked
 * less than clinic_recheck_ms ago is trusted without a statement, so an
 * import reaches patients within that time. */
struct clinic	*clinic_load_recent(const char *id);

void		 clinic_free(struct clinic *);

/* Nonzero when id has the form of a clinic id. */
int		 clinic_id_valid(const char *id);

#endif
