/*
 * The order of a turn: language, safety screen, staff take-over, then
 * the engines (LLM when configured, booking flow, built-in answers).
 */
#ifndef FD_ENGINE_H
#define FD_ENGINE_H

#include "turn.h"

/*
 * Runs the screen and the engines over t.  staff_active: staff have
 * taken the conversation over, so the bot stays quiet (the safety screen
 * still answers).  t->lang holds the conversation's language on entry
 * and the language of this turn on return.  Returns 0, or -1 when the
 * turn cannot be answered safely (the screen or the database failed):
 * the caller then stores nothing.
 */
int	engine_run(struct turn *t, int staff_active);

#endif
