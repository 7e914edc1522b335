/*
 * The booking commands of the command line.
 */
#ifndef FD_BOOKING_CLI_H
#define FD_BOOKING_CLI_H

/* "frontdesk holidays [FILE]": validates and loads a bank holidays file
 * (default data_dir/data/bank-holidays.json) in one transaction. */
int	holidays_cmd(int argc, char **argv);

/*
 * "frontdesk chat CLINIC [LANG [CONVERSATION]]": plays a conversation
 * with the booking engine alone.  Each line of standard input is a
 * patient's text, or a JSON object {"text"}, {"choice"} or {"form"};
 * each turn prints one JSON line {"handled", "replies", "events",
 * "state"}.  For tests and demos.
 */
int	booking_chat_cmd(int argc, char **argv);

#endif
