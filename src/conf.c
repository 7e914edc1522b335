/*
 * Configuration keys, their defaults and the file parser.  Add a key
 * here with its help text and in conf/frontdesk.conf.example.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "limits.h"
#include "log.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef PKGDATADIR
#define PKGDATADIR "/usr/share/frontdesk"
#endif

struct conf_key {
	const char	*name;
	const char	*dflt;
	const char	*help;
	char		*value;		/* owned; NULL: the default */
};

static struct conf_key conf_keys[] = {
	{ "db_host", "", "database host; empty: the local socket", NULL },
	{ "db_port", "3306", "database TCP port", NULL },
	{ "db_socket", "", "database unix socket path", NULL },
	{ "db_name", "frontdesk", "database name", NULL },
	{ "db_user", "frontdesk", "database user", NULL },
	{ "db_password_file", "", "file holding the database password", NULL },
	{ "worker_requests", "10000", "requests a FastCGI worker serves "
	    "before it exits", NULL },
	{ "clinic_recheck_ms", "1000", "how long a worker answers patients "
	    "from a clinic file it has read before asking whether an import "
	    "changed it; 0: on every request", NULL },
	{ "data_dir", PKGDATADIR, "shipped data: sql/, data/, static/", NULL },
	{ "log_file", "-", "log file; '-' is standard error", NULL },
	{ "log_level", "info", "error, warn, info or debug", NULL },
	{ "public_url", "http://127.0.0.1:8080/frontdesk/",
	    "the public URL of the program, as patients reach it", NULL },
	{ "rate_conversation_per_min", "30", "patient messages a minute "
	    "in one conversation", NULL },
	{ "rate_address_per_min", "120", "API requests a minute from one "
	    "client address", NULL },
	{ "rate_new_conversations_per_hour", "60", "conversations an hour "
	    "started from one client address", NULL },
	{ "poll_ms", "4000", "how long the widget waits between polls", NULL },
	{ "secret_key_file", "", "file holding the data encryption key", NULL },
	{ "textcat_conf", "/usr/share/libexttextcat/fpdb.conf",
	    "libexttextcat's list of language fingerprints", NULL },
	{ "llm_base_url", "", "OpenAI-compatible API base URL, e.g. "
	    "https://api.openai.com/v1; empty: no LLM", NULL },
	{ "llm_model", "", "the model name sent with each request", NULL },
	{ "llm_api_key_env", "", "environment variable holding the API key",
	    NULL },
	{ "llm_api_key_file", "", "file holding the API key (when the "
	    "variable is unset)", NULL },
	{ "llm_connect_timeout_ms", "3000", "milliseconds to connect to the "
	    "LLM", NULL },
	{ "llm_timeout_ms", "12000", "milliseconds the LLM may take for one "
	    "patient's turn, all retries and tool rounds included", NULL },
	{ "llm_max_retries", "2", "retries of a failed LLM request (429, "
	    "5xx, connection) within the turn's time", NULL },
	{ "llm_daily_tokens", "0", "LLM tokens a clinic may use a day; 0: "
	    "no limit", NULL },
	{ "llm_parallel_tool_calls", "false", "parallel_tool_calls sent to "
	    "the LLM: false, true, or omit (servers that refuse it)", NULL },
	{ "notify_max_attempts", "8", "tries of a notification before it "
	    "counts as failed", NULL },
	{ "notify_retry_seconds", "60", "wait before the first retry; "
	    "doubled each time, at most an hour", NULL },
	{ "notify_timeout_seconds", "15", "longest wait for a messaging "
	    "provider or mail server, per message", NULL },
	{ "notify_whatsapp_provider", "", "WhatsApp through 'cloud' (Meta's "
	    "Cloud API) or 'twilio'; empty: no WhatsApp", NULL },
	{ "whatsapp_api_url", "https://graph.facebook.com/v21.0/",
	    "base URL of the WhatsApp Cloud API", NULL },
	{ "whatsapp_phone_number_id", "", "the WhatsApp business phone "
	    "number id", NULL },
	{ "whatsapp_token_file", "", "file holding the WhatsApp access "
	    "token", NULL },
	{ "whatsapp_app_secret_file", "", "file holding the app secret "
	    "that signs WhatsApp webhooks", NULL },
	{ "whatsapp_verify_token_file", "", "file holding the webhook "
	    "verify token set in the Meta app", NULL },
	{ "twilio_api_url", "https://api.twilio.com/2010-04-01/",
	    "base URL of the Twilio REST API", NULL },
	{ "twilio_account_sid", "", "the Twilio account SID", NULL },
	{ "twilio_auth_token_file", "", "file holding the Twilio auth "
	    "token", NULL },
	{ "twilio_sms_from", "", "SMS sender: a Twilio number or an "
	    "alphanumeric sender id", NULL },
	{ "twilio_messaging_service_sid", "", "a Messaging Service SID, "
	    "used instead of twilio_sms_from", NULL },
	{ "twilio_whatsapp_from", "", "the Twilio WhatsApp sender, "
	    "+447...", NULL },
	{ "twilio_webhook_url", "", "the public URL Twilio posts to; "
	    "empty: public_url + api/v1/webhooks/twilio", NULL },
	{ "smtp_url", "", "mail server: smtps://host:465 or "
	    "smtp://host:587 (STARTTLS); empty: no e-mail", NULL },
	{ "smtp_user", "", "SMTP login; empty: no authentication", NULL },
	{ "smtp_password_file", "", "file holding the SMTP password", NULL },
	{ "smtp_from", "", "envelope and From address of e-mails", NULL },
	{ "smtp_tls", "require", "'require', or 'none' for a mail server "
	    "on this machine only", NULL },
	{ "staff_session_hours", "12", "hours a staff sign-in lasts", NULL },
	{ "staff_login_per_account", "5", "sign-in attempts per account in "
	    "15 minutes", NULL },
	{ "staff_login_per_address", "30", "sign-in attempts per client "
	    "address in 15 minutes", NULL },
};

#define CONF_NKEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))

static struct conf_key *
conf_find(const char *key)
{
	size_t	 i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (strcmp(conf_keys[i].name, key) == 0)
			return &conf_keys[i];
	return NULL;
}

int
conf_set(const char *key, const char *value)
{
	struct conf_key	*k;
	char		*v;

	if ((k = conf_find(key)) == NULL)
		return error("unknown configuration key %s", key);
	if ((v = strdup(value)) == NULL)
		return error("out of memory");
	free(k->value);
	k->value = v;
	return 0;
}

static char *
conf_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
conf_line(const char *path, int lineno, char *line)
{
	char	*eq, *key, *val;

	line = conf_trim(line);
	if (*line == '\0' || *line == '#')
		return 0;
	if ((eq = strchr(line, '=')) == NULL)
		return error("%s:%d: expected key = value", path, lineno);
	*eq = '\0';
	key = conf_trim(line);
	val = conf_trim(eq + 1);
	if (conf_find(key) == NULL)
		return error("%s:%d: unknown key %s", path, lineno, key);
	return conf_set(key, val);
}

int
conf_load_file(const char *path)
{
	FILE	*fp;
	char	 line[CONF_LINE_MAX];
	int	 lineno = 0, rc = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return error("%s: %s", path, strerror(errno));
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(fp))
			rc = error("%s:%d: line too long", path, lineno);
		else
			rc = conf_line(path, lineno, line);
	}
	fclose(fp);
	return rc;
}

int
conf_load(void)
{
	const char	*path = getenv("FRONTDESK_CONF");
	FILE		*fp;

	if (path != NULL && *path != '\0')
		return conf_load_file(path);
	path = SYSCONFDIR "/frontdesk.conf";
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	fclose(fp);
	return conf_load_file(path);
}

const char *
conf_str(const char *key)
{
	struct conf_key	*k;

	if ((k = conf_find(key)) == NULL) {
		log_error("undeclared configuration key %s", key);
		abort();
	}
	return k->value != NULL ? k->value : k->dflt;
}

long
conf_long(const char *key)
{
	const char	*s = conf_str(key);
	char		*end;
	long		 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0') {
		s = conf_find(key)->dflt;
		v = strtol(s, NULL, 10);
	}
	return v;
}

void
conf_dump(void)
{
	size_t	 i;

	for (i = 0; i < CONF_NKEYS; i++) {
		const char *v = conf_str(conf_keys[i].name);

		printf("# %s\n%s = %s\n", conf_keys[i].help,
		    conf_keys[i].name, v);
	}
}
