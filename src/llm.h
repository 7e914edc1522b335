/*
 * The LLM client: one OpenAI-compatible chat completion over libcurl,
 * non-streaming, retried within a deadline, and each clinic's daily token
 * budget.  What to ask and what to make of the answer is llm_turn.c's.
 */
#ifndef FD_LLM_H
#define FD_LLM_H

#include <json-c/json.h>

/* Limits of the LLM client and engine. */
#define LLM_RESPONSE_MAX	(512 * 1024) /* bytes of one response body */
#define LLM_KEY_MAX		512	/* bytes of an API key */
#define LLM_BACKOFF_MS		300	/* first retry wait; doubles */
#define LLM_ROUNDS_MAX		4	/* requests to the model per turn */
#define LLM_CALLS_MAX		6	/* tool calls answered per message */
/* Past messages kept in the state. */
#define LLM_HISTORY_MAX		8
#define LLM_HISTORY_TEXT_MAX	1000	/* bytes of one past message */
#define LLM_REPLY_MAX		1500	/* bytes of a reply we send on */
#define LLM_FACTS_MAX		12000	/* bytes of facts in the prompt */
#define LLM_MAX_TOKENS		600	/* completion tokens asked for */

/* Why a call failed; the names are the fallback reasons of events. */
enum llm_status {
	LLM_OK,
	LLM_TIMEOUT,		/* the deadline passed */
	LLM_HTTP_429,		/* rate limited or out of quota */
	LLM_HTTP_5XX,		/* the server failed */
	LLM_HTTP_4XX,		/* the request was refused (key, model) */
	LLM_UNREACHABLE,	/* no connection */
	LLM_BAD_OUTPUT,		/* not a usable chat completion */
	LLM_BUDGET,		/* the clinic's tokens for today are used */
	LLM_STATUS__MAX
};

/* "timeout", "http_429", ...: a static string. */
const char	*llm_status_name(enum llm_status);

/* Nonzero when an LLM is configured (llm_base_url is not empty). */
int		 llm_enabled(void);

/* A monotonic clock in milliseconds, for deadlines. */
long long	 llm_clock_ms(void);

/*
 * POSTs body (borrowed; "model" is set from the configuration) to
 * {llm_base_url}/chat/completions and waits until deadline_ms (of
 * llm_clock_ms()) at most, retrying connection failures, 408, 409, 429
 * and 5xx with backoff (at least the server's Retry-After) while the
 * deadline allows, at most llm_max_retries times.  On LLM_OK *response
 * is a new reference to the parsed answer.  *tokens receives the tokens
 * used (the usage field, or an estimate when absent), also on failure.
 */
enum llm_status	 llm_chat(json_object *body, long long deadline_ms,
		    json_object **response, long *tokens);

/*
 * Whether clinic_id may still use the LLM on day ("YYYY-MM-DD", the
 * clinic's date): 1 yes, 0 its llm_daily_tokens are used, -1 the
 * database failed.
 */
int		 llm_budget_ok(const char *clinic_id, const char *day);

/* Adds tokens (one turn) to clinic_id's use on day.  0 or -1. */
int		 llm_budget_add(const char *clinic_id, const char *day,
		    long tokens);

#endif
