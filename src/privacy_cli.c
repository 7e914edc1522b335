/*
 * `frontdesk purge`, `frontdesk export` and `frontdesk erase`: argument
 * parsing and printing; the work is in privacy.c and privacy_subject.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "privacy.h"
#include "privacy_cli.h"

#define PRIVACY_SYNOPSIS " --clinic ID (--phone NUMBER | --reference REF " \
	"| --conversation ID)"

int
privacy_cmd_purge(int argc, char **argv)
{
	long	 n;

	(void)argv;
	if (argc != 1)
		return cli_usage("purge");
	if ((n = privacy_purge(clock_now())) == -1) {
		fprintf(stderr, "frontdesk: purge failed (see the log)\n");
		return 1;
	}
	printf("%ld rows deleted or anonymised\n", n);
	return 0;
}

/* A conversation id: digits only, not 0.  0 when it is not one. */
static unsigned long long
privacy_cli_id(const char *s)
{
	if (*s == '\0' || strlen(s) > 19 || strspn(s, "0123456789") !=
	    strlen(s))
		return 0;
	return strtoull(s, NULL, 10);
}

/* Reads --clinic and exactly one selector into *w.  0 or -1. */
static int
privacy_cli_who(int argc, char **argv, struct privacy_who *w)
{
	const char	*opt, *val;
	int		 i, n = 0;

	memset(w, 0, sizeof(*w));
	if (argc % 2 == 0)
		return -1;
	for (i = 1; i + 1 < argc; i += 2) {
		opt = argv[i];
		val = argv[i + 1];
		if (strcmp(opt, "--clinic") == 0) {
			w->clinic = val;
			continue;
		}
		n++;
		if (strcmp(opt, "--phone") == 0)
			w->phone = val;
		else if (strcmp(opt, "--reference") == 0)
			w->reference = val;
		else if (strcmp(opt, "--conversation") == 0 &&
		    (w->conversation = privacy_cli_id(val)) != 0)
			continue;
		else
			return -1;
	}
	return w->clinic != NULL && n == 1 ? 0 : -1;
}

static int
privacy_cli_print(json_object *o, const char *what)
{
	if (o == NULL) {
		fprintf(stderr, "frontdesk: %s failed: no such clinic, "
		    "conversation or patient, or a bad selector (see the "
		    "log)\n", what);
		return 1;
	}
	printf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
}

int
privacy_cmd_export(int argc, char **argv)
{
	struct privacy_who	 w;

	if (privacy_cli_who(argc, argv, &w) == -1)
		return cli_usage("export" PRIVACY_SYNOPSIS);
	return privacy_cli_print(privacy_export(&w, clock_now()), "export");
}

int
privacy_cmd_erase(int argc, char **argv)
{
	struct privacy_who	 w;

	if (privacy_cli_who(argc, argv, &w) == -1)
		return cli_usage("erase" PRIVACY_SYNOPSIS);
	return privacy_cli_print(privacy_erase(&w, clock_now()), "erase");
}
