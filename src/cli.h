/*
 * The command table of the frontdesk command line.  Features add their
 * commands to CLI_FEATURE_COMMANDS; each is a function taking the
 * command's own argc/argv (argv[0] is the command) and returning the
 * exit status.
 */
#ifndef FD_CLI_H
#define FD_CLI_H

struct cli_command {
	const char	*name;
	int		(*fn)(int argc, char **argv);
	const char	*help;
};

/* Prints "usage: frontdesk SYNOPSIS" and returns the exit status 2. */
int	cli_usage(const char *synopsis);

/* Commands of the features, each declared in its own header. */
#include "answer.h"
#include "booking_cli.h"
#include "llm_turn.h"
#include "notify_cli.h"
#include "privacy_cli.h"
#include "staff_cli.h"

#define CLI_FEATURE_COMMANDS \
	{ "user", cmd_user, "add, list or disable staff accounts" }, \
	{ "ask", answer_cli, "answer a question from a clinic's facts" }, \
	{ "holidays", holidays_cmd, "load UK bank holidays (gov.uk format)" }, \
	{ "chat", booking_chat_cmd, "play a booking conversation on stdin" }, \
	{ "llm-turn", llm_cli_turn, "one LLM turn for a clinic, as JSON" }, \
	NOTIFY_CLI_COMMANDS \
	PRIVACY_CLI_COMMANDS

#endif
