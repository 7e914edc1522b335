#!/usr/bin/python3
# The LLM client against a fake OpenAI-compatible server: the request it
# sends (key, model, tools, the prompt's date and zone), retries honouring
# Retry-After within the turn's deadline, 5xx, a server that never answers,
# an unreachable one, oversized and malformed answers, the daily budget.
import json, os, socket, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fake_openai

t = fdtest.TAP()
srv = fake_openai.start()
fd = fdtest.Instance(clinics=["riverside-physio"], web=False,
                     env={"FD_TEST_LLM_KEY": "sk-test-secret-123"},
                     conf={"llm_base_url": srv.url, "llm_model": "test-model",
                           "llm_api_key_env": "FD_TEST_LLM_KEY",
                           "llm_timeout_ms": "4000",
                           "llm_connect_timeout_ms": "1000",
                           "llm_max_retries": "2"})


def turn(text="Is there parking?", *args):
    r = fd.cli("llm-turn", *args, "riverside-physio", text)
    try:
        return json.loads(r.stdout)
    except ValueError:
        t.diag("llm-turn: rc %d, %s" % (r.returncode, r.stderr))
        return {"handled": None, "replies": [], "events": []}


def fallback(out):
    for e in out.get("events", []):
        if e.get("type") == "llm_fallback":
            return e.get("topic")
    return None


def reconf(**kw):
    fd.conf.update({k: str(v) for k, v in kw.items()})
    fd.write_conf()


# A plain answer, and what was sent.
srv.script([{"content": "Yes, there are 6 free patient spaces behind the clinic."}])
out = turn()
t.is_(out["handled"], True, "a checked answer is handled")
t.is_([r["text"] for r in out["replies"]],
      ["Yes, there are 6 free patient spaces behind the clinic."], "the reply is the model's text")
t.is_(out["replies"][0]["lang"], "en", "in the turn's language")
t.ok(any(e["type"] == "llm_answer" for e in out["events"]), "an llm_answer event")
t.is_(len(srv.requests), 1, "one request")
req = srv.requests[0]
body = req["body"]
t.is_(req["path"], "/v1/chat/completions", "POST {base}/chat/completions")
t.is_(req["headers"].get("Authorization"), "Bearer sk-test-secret-123",
      "the key from the environment variable named by llm_api_key_env")
t.is_(body["model"], "test-model", "the configured model")
t.is_(body.get("stream"), False, "not streamed")
t.is_(body.get("parallel_tool_calls"), False, "parallel_tool_calls false")
t.is_(body.get("tool_choice"), "auto", "tool_choice auto")
names = sorted(x["function"]["name"] for x in body["tools"])
t.is_(names, ["book", "cancel", "find_slots", "handoff_to_staff", "lookup_facts",
              "move", "pick_slot"], "the tools offered")
t.ok(all(x["function"]["parameters"].get("additionalProperties") is False
         for x in body["tools"]), "every schema refuses extra arguments")
system = body["messages"][0]
t.is_(system["role"], "system", "a system message first")
t.like(system["content"], "Thursday 3 December 2026", "the prompt states today's date and weekday")
t.like(system["content"], "14:05", "the clinic's local time")
t.like(system["content"], "Europe/London", "and its zone")
t.like(system["content"], "£85", "the facts carry prices written out")
t.like(system["content"], "Write in English", "the patient's language")
t.like(system["content"], "medical advice", "the no-medical-advice rule")
t.is_(body["messages"][-1], {"role": "user", "content": "Is there parking?"},
      "the patient's text last")
t.ok("sk-test-secret-123" not in fd.log(), "the key is never logged")
t.ok("Is there parking" not in fd.log(), "the patient's text is never logged")
row = fd.sql("SELECT tokens, requests FROM llm_usage WHERE clinic_id = 'riverside-physio' "
             "AND day = '2026-12-03'")
t.is_(row, [["100", "1"]], "usage from the response counted for the clinic's day")

# British summer time: the zone's local time, not UTC.
fd.env["FRONTDESK_NOW"] = "2026-07-01T23:30:00Z"
srv.script([{"content": "We open at 8am."}])
turn()
t.like(srv.requests[0]["body"]["messages"][0]["content"], "Thursday 2 July 2026, 00:30",
       "local date and time in summer (BST)")
fd.env["FRONTDESK_NOW"] = fdtest.NOW

# The key from a key file when the variable is unset.
keyfile = os.path.join(fd.dir, "llm.key")
with open(keyfile, "w") as f:
    f.write("sk-from-file\n")
reconf(llm_api_key_env="", llm_api_key_file=keyfile)
srv.script([{"content": "We open at 8am."}])
turn()
t.is_(srv.requests[0]["headers"].get("Authorization"), "Bearer sk-from-file", "the key from the file")
reconf(llm_api_key_env="FD_TEST_LLM_KEY", llm_api_key_file="")

# 429 with Retry-After, then success.
srv.script([{"status": 429, "headers": {"Retry-After": "1"},
             "error": {"message": "slow down", "type": "rate_limit_exceeded"}},
            {"content": "We open at 8am on Mondays."}])
t0 = time.time()
out = turn()
t.is_(out["handled"], True, "429 then 200: answered")
t.is_(len(srv.requests), 2, "retried once")
gap = srv.requests[1]["time"] - srv.requests[0]["time"]
t.ok(gap >= 0.95, "Retry-After 1 honoured (waited %.2fs)" % gap)

# Retry-After past the deadline: no pointless wait.
srv.script([{"status": 429, "headers": {"Retry-After": "30"}}, {"content": "late"}])
t0 = time.time()
out = turn()
took = time.time() - t0
t.is_(fallback(out), "http_429", "Retry-After beyond the deadline: fallback http_429")
t.is_(out["replies"], [], "no reply from the LLM")
t.is_(len(srv.requests), 1, "not retried")
t.ok(took < 3, "gave up at once (%.2fs)" % took)

# Out of quota: never retried.
srv.script([{"status": 429, "error": {"message": "quota", "type": "insufficient_quota",
                                      "code": "insufficient_quota"}},
            {"content": "never"}])
out = turn()
t.is_((fallback(out), len(srv.requests)), ("http_429", 1), "insufficient_quota is not retried")

# 5xx: retried llm_max_retries times.
srv.script([{"status": 500}, {"status": 503}, {"status": 502}, {"content": "never"}])
out = turn()
t.is_(fallback(out), "http_5xx", "three 5xx: fallback http_5xx")
t.is_(len(srv.requests), 3, "one try and two retries")
srv.script([{"status": 500}, {"content": "We open at 8am."}])
out = turn()
t.is_((out["handled"], len(srv.requests)), (True, 2), "500 then 200: answered")

# 400 (e.g. bad model): not retried.
srv.script([{"status": 404, "error": {"message": "no such model"}}, {"content": "x"}])
out = turn()
t.is_((fallback(out), len(srv.requests)), ("http_4xx", 1), "404: fallback at once")

# Slow but inside the deadline.
srv.script([{"delay": 1.5, "content": "We open at 8am."}])
out = turn()
t.is_(out["handled"], True, "an answer after 1.5s is used")

# Never answering: the deadline holds.
srv.script([{"hang": True}, {"hang": True}, {"hang": True}])
t0 = time.time()
out = turn()
took = time.time() - t0
t.is_(fallback(out), "timeout", "a server that never answers: fallback timeout")
t.ok(took < 6, "within about llm_timeout_ms (%.2fs)" % took)

# Malformed, cut-off or oversized answers.
srv.script([{"raw": '{"choices": [{"message": {"content": "Hel'}])
out = turn()
t.is_(fallback(out), "bad_output", "cut-off JSON body: bad_output")
srv.script([{"raw": "<html>proxy error</html>"}])
out = turn()
t.is_(fallback(out), "bad_output", "not JSON: bad_output")
srv.script([{"content": "x", "size": 600 * 1024}])
out = turn()
t.is_(fallback(out), "bad_output", "an answer past the size cap: bad_output")
srv.script([{"content": "We open at", "finish_reason": "length"}])
out = turn()
t.is_(fallback(out), "bad_output", "a reply cut at the token limit is not sent")
srv.script([{"content": None}])
out = turn()
t.is_(fallback(out), "bad_output", "no content and no tool calls: bad_output")

# Unreachable server (closed port) and a non-routable address (B24).
reconf(llm_base_url="http://127.0.0.1:%d/v1" % fdtest.free_port())
t0 = time.time()
out = turn()
t.is_(fallback(out), "unreachable", "connection refused: fallback unreachable")
t.ok(time.time() - t0 < 6, "within the deadline")
# A host that never completes the TCP handshake: a listening socket whose
# queue is full drops further SYNs, like a non-routable address.
hole = socket.socket()
hole.bind(("127.0.0.1", 0))
hole.listen(0)
fillers = []
for i in range(3):
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex(hole.getsockname())
    fillers.append(s)
time.sleep(0.2)
reconf(llm_base_url="http://127.0.0.1:%d/v1" % hole.getsockname()[1], llm_timeout_ms=2000)
t0 = time.time()
out = turn()
took = time.time() - t0
t.is_(fallback(out), "timeout", "a host that never connects: fallback timeout")
t.ok(took < 4, "no hang past the deadline (%.2fs)" % took)
for s in fillers + [hole]:
    s.close()
# 10.255.255.1: non-routable where nothing intercepts it.
reconf(llm_base_url="http://10.255.255.1/v1")
t0 = time.time()
out = turn()
t.ok(out["handled"] is False and time.time() - t0 < 4,
     "10.255.255.1: fallback (%s) within the deadline" % fallback(out))
reconf(llm_base_url=srv.url, llm_timeout_ms=4000)

# The daily token budget.
fd.sql("DELETE FROM llm_usage")
reconf(llm_daily_tokens=150)
srv.script([{"content": "We open at 8am.", "usage": {"total_tokens": 100}},
            {"content": "We open at 8am.", "usage": {"total_tokens": 100}},
            {"content": "never"}])
t.is_(turn()["handled"], True, "budget: first turn answered")
t.is_(turn()["handled"], True, "budget: second turn answered (100 < 150)")
out = turn()
t.is_(fallback(out), "budget", "budget used up: fallback budget")
t.is_(len(srv.requests), 2, "no request once the budget is used")
t.is_(fd.sql("SELECT tokens FROM llm_usage WHERE clinic_id = 'riverside-physio'"),
      [["200"]], "200 tokens recorded")
fd.env["FRONTDESK_NOW"] = "2026-12-04T09:00:00Z"
srv.script([{"content": "We open at 8am."}])
t.is_(turn()["handled"], True, "a new day, a new budget")
fd.env["FRONTDESK_NOW"] = fdtest.NOW
reconf(llm_daily_tokens=0)

# LLM off: nothing asked, nothing recorded.
reconf(llm_base_url="")
srv.script([{"content": "never"}])
out = turn()
t.is_((out["handled"], out["events"], len(srv.requests)), (False, [], 0),
      "llm_base_url empty: the built-in engines answer")

srv.stop()
t.done()
