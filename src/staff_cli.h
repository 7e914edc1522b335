/*
 * frontdesk user add|list|disable: staff accounts from the command line.
 */
#ifndef FD_STAFF_CLI_H
#define FD_STAFF_CLI_H

/*
 * The "user" command.  add reads the password from standard input (one
 * line), never from the arguments.  Returns the exit status: 0, 1 on a
 * failure, 2 on a usage error.
 */
int	cmd_user(int argc, char **argv);

#endif
