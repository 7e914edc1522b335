/*
 * Helpers shared by the commands of the frontdesk command line; the
 * command table itself is in cgi-bin/frontdesk-cli.c.
 */
#include <stdio.h>

#include "cli.h"

int
cli_usage(const char *synopsis)
{
	fprintf(stderr, "usage: frontdesk %s\n", synopsis);
	return 2;
}
