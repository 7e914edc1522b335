/*
 * The command-line commands of notifications: `dispatch` (cron, every
 * minute), `remind` (cron, every few minutes) and `notify` (queue a
 * message or a code by hand, for tests and operators).
 */
#ifndef FD_NOTIFY_CLI_H
#define FD_NOTIFY_CLI_H

/* Each takes the command's argc/argv and returns the exit status. */
int	notify_cmd_dispatch(int argc, char **argv);
int	notify_cmd_remind(int argc, char **argv);
int	notify_cmd_notify(int argc, char **argv);

#define NOTIFY_CLI_COMMANDS \
	{ "dispatch", notify_cmd_dispatch, \
	    "send pending notifications (cron: every minute)" }, \
	{ "remind", notify_cmd_remind, \
	    "queue and send appointment reminders (cron)" }, \
	{ "notify", notify_cmd_notify, \
	    "queue a notification by hand: queue, alert, code, check" },

#endif
