/*
 * The LLM engine of a patient's turn: asks the model with the clinic's
 * facts and tools, checks the reply, and otherwise leaves the turn to the
 * built-in engines.
 */
#ifndef FD_LLM_TURN_H
#define FD_LLM_TURN_H

#include "turn.h"

/*
 * Answers t->text with the LLM when one is configured.  Returns 1 when a
 * checked reply was added with turn_reply(), or when the model failed
 * after its booking tools had answered with the booking module's own
 * replies (the failure is still recorded); 0 to let the built-in
 * engines answer: no text (a choice or a form), no LLM configured, or a
 * failure recorded as turn_event(t, "llm_fallback", reason) with reason
 * one of timeout, http_429, http_5xx, http_4xx, unreachable, budget,
 * bad_output or unchecked_claim.  Keeps a short history in
 * t->state["llm"], counts the clinic's tokens in llm_usage, and records
 * "llm_answer", "prompt_injection" and "handoff_requested" events.  Takes
 * at most llm_timeout_ms (plus the time of its tools).
 */
int	llm_turn(struct turn *t);

/*
 * Brackets one patient turn whose transaction may be retried (conv.c
 * calls them around db_txn): between them, llm_turn keeps what the model
 * answered, and a retry replays an answer instead of asking again when
 * its request would carry the same tool results, within the first
 * attempt's deadline.  The tools run again in each attempt, so their
 * writes stay in the transaction that commits.
 */
void	llm_turn_memo_begin(void);
void	llm_turn_memo_end(void);

/*
 * frontdesk llm-turn [-l LANG] [-s STATE] [-r] CLINIC TEXT: runs llm_turn
 * once (with -r twice, the second as a retried transaction would, and
 * prints that one) and prints {"handled", "replies", "events", "state"}
 * as JSON.  Returns the exit status.
 */
int	llm_cli_turn(int argc, char **argv);

#endif
