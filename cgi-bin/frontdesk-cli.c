/*
 * frontdesk: the command line.  Each command is a function of the
 * table below; the work itself is in src/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cli.h"
#include "clinic.h"
#include "conf.h"
#include "db.h"
#include "llm_booking.h"
#include "log.h"
#include "migrate.h"
#include "secret.h"

static int
cmd_migrate(int argc, char **argv)
{
	char	 dir[4096];
	int	 n;

	(void)argv;
	if (argc != 1)
		return cli_usage("migrate");
	snprintf(dir, sizeof(dir), "%s/sql", conf_str("data_dir"));
	if ((n = migrate_run(dir)) == -1) {
		fprintf(stderr, "frontdesk: migrate failed (see the log)\n");
		return 1;
	}
	printf("%d migration%s applied\n", n, n == 1 ? "" : "s");
	return 0;
}

static int
cmd_import(int argc, char **argv)
{
	char	 err[1024];
	int	 i, rc = 0;

	if (argc < 2)
		return cli_usage("import FILE...");
	for (i = 1; i < argc; i++) {
		if (clinic_import_file(argv[i], err, sizeof(err)) == -1) {
			fprintf(stderr, "frontdesk: %s\n", err);
			rc = 1;
		} else
			printf("imported %s\n", argv[i]);
	}
	return rc;
}

static int
cmd_clinics(int argc, char **argv)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;

	(void)argv;
	if (argc != 1)
		return cli_usage("clinics");
	if ((res = db_query("SELECT id, name, timezone, country, updated_at "
	    "FROM clinics ORDER BY id")) == NULL) {
		fprintf(stderr, "frontdesk: the database failed\n");
		return 1;
	}
	while ((row = mysql_fetch_row(res)) != NULL)
		printf("%s\t%s\t%s\t%s\t%s\n", row[0], row[1], row[2], row[3],
		    row[4]);
	mysql_free_result(res);
	return 0;
}

static int
cmd_config(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	conf_dump();
	return 0;
}

static int
cmd_keygen(int argc, char **argv)
{
	if (argc != 2)
		return cli_usage("keygen FILE");
	if (secret_keygen(argv[1]) == -1) {
		fprintf(stderr, "frontdesk: keygen failed (see the log)\n");
		return 1;
	}
	printf("key file %s written; name it in secret_key_file\n", argv[1]);
	return 0;
}

static int
cmd_rekey(int argc, char **argv)
{
	long	 n;

	(void)argv;
	if (argc != 1)
		return cli_usage("rekey");
	if ((n = secret_rekey()) == -1) {
		fprintf(stderr, "frontdesk: rekey failed (see the log); the "
		    "old keys are kept\n");
		return 1;
	}
	printf("data key rotated; %ld values resealed\n", n);
	return 0;
}

static int
cmd_seal(int argc, char **argv)
{
	long	 n;

	(void)argv;
	if (argc != 1)
		return cli_usage("seal");
	if ((n = secret_seal_plain()) == -1) {
		fprintf(stderr, "frontdesk: seal failed (see the log)\n");
		return 1;
	}
	printf("%ld values sealed\n", n);
	return 0;
}

static const struct cli_command commands[] = {
	{ "migrate", cmd_migrate, "apply the database migrations" },
	{ "import", cmd_import, "import or update clinics from clinic files" },
	{ "clinics", cmd_clinics, "list the clinics" },
	{ "config", cmd_config, "print the configuration in effect" },
	{ "keygen", cmd_keygen, "create a key file for patient data" },
	{ "rekey", cmd_rekey, "rotate the patient data key, without downtime" },
	{ "seal", cmd_seal, "encrypt patient data stored before encryption" },
	CLI_FEATURE_COMMANDS
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))



static int
usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: frontdesk COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(stderr, "  %-10s %s\n", commands[i].name,
		    commands[i].help);
	fprintf(stderr, "\nThe configuration is read from $FRONTDESK_CONF.\n");
	return 2;
}

int
main(int argc, char **argv)
{
	size_t	 i;
	int	 rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)
		return usage();
	if (conf_load() == -1)
		return 1;
	log_open(conf_str("log_file"), conf_str("log_level"));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	llm_booking_wire();
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, argv[1]) == 0)
			break;
	if (i == NCOMMANDS) {
		fprintf(stderr, "frontdesk: unknown command %s\n", argv[1]);
		return usage();
	}

	rc = commands[i].fn(argc - 1, argv + 1);
	db_close();
	curl_global_cleanup();
	return rc;
}
