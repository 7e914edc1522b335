/*
 * The command-line commands of data protection: `purge` (cron, daily),
 * `export` and `erase` (a patient's request, by phone, booking
 * reference or conversation).
 */
#ifndef FD_PRIVACY_CLI_H
#define FD_PRIVACY_CLI_H

/* Each takes the command's argc/argv and returns the exit status. */
int	privacy_cmd_purge(int argc, char **argv);
int	privacy_cmd_export(int argc, char **argv);
int	privacy_cmd_erase(int argc, char **argv);

#define PRIVACY_CLI_COMMANDS \
	{ "purge", privacy_cmd_purge, \
	    "delete or anonymise data past retention (cron: daily)" }, \
	{ "export", privacy_cmd_export, \
	    "print every record held on one patient, as JSON" }, \
	{ "erase", privacy_cmd_erase, \
	    "erase one patient's data (bookings are anonymised)" },

#endif
