/*
 * The OpenAI-compatible chat completions client (libcurl, no signals, a
 * capped response) and the daily token budget.  Requests are built and
 * answers read by llm_turn.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "conf.h"
#include "db.h"
#include "llm.h"
#include "log.h"
#include "util.h"

/* One HTTP exchange. */
struct llm_http {
	struct buf	 body;		/* the response body, capped */
	long		 status;	/* HTTP status, 0 when none */
	long		 retry_after;	/* seconds, -1 when not sent */
	CURLcode	 cc;
};

static const char *llm_status_names[LLM_STATUS__MAX] = {
	"ok", "timeout", "http_429", "http_5xx", "http_4xx", "unreachable",
	"bad_output", "budget",
};

const char *
llm_status_name(enum llm_status s)
{
	if (s < 0 || s >= LLM_STATUS__MAX)
		return "unknown";
	return llm_status_names[s];
}

int
llm_enabled(void)
{
	return *conf_str("llm_base_url") != '\0';
}

long long
llm_clock_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
llm_sleep_ms(long long ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A key is printable ASCII without spaces, so it cannot break a header. */
static int
llm_key_valid(const char *k)
{
	for (; *k != '\0'; k++)
		if (!isgraph((unsigned char)*k))
			return 0;
	return 1;
}

/* The API key into buf ("" when none is configured).  0 or -1. */
static int
llm_key(char *buf, size_t bufsz)
{
	const char	*env = conf_str("llm_api_key_env");
	const char	*path = conf_str("llm_api_key_file");
	const char	*v;
	FILE		*fp;
	size_t		 n;

	buf[0] = '\0';
	if (*env != '\0' && (v = getenv(env)) != NULL && *v != '\0')
		snprintf(buf, bufsz, "%s", v);
	else if (*path != '\0') {
		if ((fp = fopen(path, "r")) == NULL)
			return error("llm key file %s: %s", path,
			    strerror(errno));
		n = fread(buf, 1, bufsz - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		buf[strcspn(buf, "\r\n")] = '\0';
	}
	if (!llm_key_valid(buf))
		return error("llm key: not a printable token");
	return 0;
}

static size_t
llm_write(char *p, size_t size, size_t n, void *arg)
{
	struct llm_http	*h = arg;

	if (buf_add(&h->body, p, size * n) == -1)
		return 0;	/* past the cap: curl stops with an error */
	return size * n;
}

static struct curl_slist *
llm_headers(void)
{
	struct curl_slist	*l = NULL, *n;
	char			 key[LLM_KEY_MAX], auth[LLM_KEY_MAX + 32];

	if (llm_key(key, sizeof(key)) == -1)
		return NULL;
	l = curl_slist_append(NULL, "Content-Type: application/json");
	if (l != NULL && (n = curl_slist_append(l, "Accept: application/json"))
	    != NULL)
		l = n;
	if (l != NULL && key[0] != '\0') {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
		if ((n = curl_slist_append(l, auth)) != NULL)
			l = n;
	}
	explicit_bzero(key, sizeof(key));
	explicit_bzero(auth, sizeof(auth));
	return l;
}

static int
llm_url(char *buf, size_t bufsz)
{
	const char	*base = conf_str("llm_base_url");
	size_t		 n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if ((size_t)snprintf(buf, bufsz, "%.*s/chat/completions", (int)n,
	    base) >= bufsz)
		return error("llm_base_url too long");
	return 0;
}

static void
llm_curl_setup(CURL *c, const char *url, struct curl_slist *hdr,
    const char *payload, struct llm_http *h)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(payload));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, llm_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "frontdesk");
}

/* One POST within the deadline; fills h. */
static void
llm_post(CURL *c, long long deadline, struct llm_http *h)
{
	long long	 left = deadline - llm_clock_ms();
	long		 conn = conf_long("llm_connect_timeout_ms");
	curl_off_t	 ra = -1;

	buf_release(&h->body);
	buf_init(&h->body, LLM_RESPONSE_MAX);
	h->status = 0;
	h->retry_after = -1;
	if (left <= 0) {
		h->cc = CURLE_OPERATION_TIMEDOUT;
		return;
	}
	if (conn <= 0 || conn > left)
		conn = (long)left;
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, conn);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)left);
	h->cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &h->status);
	if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
	    ra > 0)
		h->retry_after = (long)ra;
}

/* A 429 that money, not time, will cure: retrying does not help. */
static int
llm_quota_error(const struct llm_http *h)
{
	static const char *codes[] = { "insufficient_quota",
	    "credit_balance_exhausted", "billing_hard_limit_reached",
	    "spend_limit_reached", NULL };
	int	 i;

	if (h->body.data == NULL)
		return 0;
	for (i = 0; codes[i] != NULL; i++)
		if (strstr(h->body.data, codes[i]) != NULL)
			return 1;
	return 0;
}

/* What an exchange came to; *retry says whether another try may help. */
static enum llm_status
llm_classify(const struct llm_http *h, int *retry)
{
	*retry = 0;
	if (h->cc == CURLE_OPERATION_TIMEDOUT) {
		*retry = 1;
		return LLM_TIMEOUT;
	}
	if (h->cc == CURLE_WRITE_ERROR)
		return LLM_BAD_OUTPUT;
	if (h->cc != CURLE_OK) {
		*retry = 1;
		return LLM_UNREACHABLE;
	}
	if (h->status == 200)
		return LLM_OK;
	if (h->status == 429) {
		*retry = !llm_quota_error(h);
		return LLM_HTTP_429;
	}
	if (h->status >= 500) {
		*retry = 1;
		return LLM_HTTP_5XX;
	}
	*retry = h->status == 408 || h->status == 409;
	return h->status == 408 ? LLM_TIMEOUT : LLM_HTTP_4XX;
}

/* Milliseconds before try n+1: doubling backoff with jitter, and at
 * least the server's Retry-After. */
static long long
llm_backoff(int n, const struct llm_http *h)
{
	unsigned int	 r = 0;
	long long	 ms;

	util_random(&r, sizeof(r));
	ms = (long long)LLM_BACKOFF_MS << (n < 6 ? n : 6);
	ms += r % LLM_BACKOFF_MS;
	if (h->retry_after > 0 && h->retry_after * 1000LL > ms)
		ms = h->retry_after * 1000LL;
	return ms;
}

/* The tokens the answer reports, or an estimate of 4 bytes a token. */
static long
llm_usage(json_object *resp, size_t sent, size_t got)
{
	json_object	*u, *v;

	if (resp != NULL && json_object_object_get_ex(resp, "usage", &u) &&
	    json_object_object_get_ex(u, "total_tokens", &v) &&
	    json_object_is_type(v, json_type_int) &&
	    json_object_get_int64(v) >= 0)
		return (long)json_object_get_int64(v);
	return (long)((sent + got) / 4);
}

/* Parses a 200 answer; it must be an object with a choices array. */
static enum llm_status
llm_parse(const struct llm_http *h, json_object **response)
{
	json_object	*o, *ch;

	if (h->body.len == 0 ||
	    (o = util_json_parse(h->body.data, h->body.len)) == NULL)
		return LLM_BAD_OUTPUT;
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "choices", &ch) ||
	    !json_object_is_type(ch, json_type_array) ||
	    json_object_array_length(ch) == 0) {
		json_object_put(o);
		return LLM_BAD_OUTPUT;
	}
	*response = o;
	return LLM_OK;
}

/* Tries until success, a final failure or the deadline. */
static enum llm_status
llm_tries(CURL *c, long long deadline, struct llm_http *h,
    json_object **response, long *tokens, size_t sent)
{
	enum llm_status	 st;
	long long	 wait;
	int		 n, retry, max = (int)conf_long("llm_max_retries");

	for (n = 0;; n++) {
		llm_post(c, deadline, h);
		st = llm_classify(h, &retry);
		if (st == LLM_OK)
			st = llm_parse(h, response);
		if (h->status == 200)
			*tokens += llm_usage(*response, sent, h->body.len);
		if (st == LLM_OK)
			return LLM_OK;
		log_warn("llm: try %d: %s (HTTP %ld, curl %d)", n + 1,
		    llm_status_name(st), h->status, (int)h->cc);
		if (!retry || n >= max)
			return st;
		wait = llm_backoff(n, h);
		if (llm_clock_ms() + wait >= deadline)
			return st;
		llm_sleep_ms(wait);
	}
}

enum llm_status
llm_chat(json_object *body, long long deadline_ms, json_object **response,
    long *tokens)
{
	struct llm_http		 h;
	struct curl_slist	*hdr = NULL;
	CURL			*c = NULL;
	const char		*payload;
	char			 url[2048];
	enum llm_status		 st = LLM_UNREACHABLE;

	*response = NULL;
	*tokens = 0;
	memset(&h, 0, sizeof(h));
	json_object_object_add(body, "model",
	    json_object_new_string(conf_str("llm_model")));
	payload = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN);
	if (payload == NULL || llm_url(url, sizeof(url)) == -1)
		goto out;
	if ((hdr = llm_headers()) == NULL || (c = curl_easy_init()) == NULL) {
		log_error("llm: cannot set up the request");
		goto out;
	}
	llm_curl_setup(c, url, hdr, payload, &h);
	st = llm_tries(c, deadline_ms, &h, response, tokens, strlen(payload));
out:
	buf_release(&h.body);
	if (c != NULL)
		curl_easy_cleanup(c);
	curl_slist_free_all(hdr);
	return st;
}

int
llm_budget_ok(const char *clinic_id, const char *day)
{
	long	 limit = conf_long("llm_daily_tokens");
	char	*v;
	long	 used;

	if (limit <= 0)
		return 1;
	v = db_value("SELECT tokens FROM llm_usage WHERE clinic_id = %s "
	    "AND day = %s", clinic_id, day);
	if (v == NULL)
		return db_errno() != 0 ? -1 : 1;
	used = strtol(v, NULL, 10);
	free(v);
	return used < limit;
}

int
llm_budget_add(const char *clinic_id, const char *day, long tokens)
{
	if (tokens < 0)
		tokens = 0;
	if (db_exec("INSERT INTO llm_usage (clinic_id, day, tokens, requests) "
	    "VALUES (%s, %s, %ld, 1) ON DUPLICATE KEY UPDATE "
	    "tokens = tokens + VALUES(tokens), requests = requests + 1",
	    clinic_id, day, tokens) == -1)
		return error("llm usage of %s not recorded", clinic_id);
	return 0;
}
