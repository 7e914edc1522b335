#!/usr/bin/python3
# Tool calls: results go back with the matching tool_call_id (B17);
# arguments as a string, an object or encoded twice (B15); malformed and
# cut-off arguments; wrong arguments; dates read back with their weekday
# (B18); the booking tools outside a conversation (the command line has
# none: they refuse, see t/64 for booking through the chat); a bounded
# number of tool rounds.
import json, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fake_openai

t = fdtest.TAP()
srv = fake_openai.start()
fd = fdtest.Instance(clinics=["riverside-physio"], web=False,
                     conf={"llm_base_url": srv.url, "llm_model": "m",
                           "llm_timeout_ms": "5000"})
NOCONV = "booking works only in a chat conversation; give the clinic's phone number"


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


def tool_msgs(n=1):
    """The tool messages of request n, as (tool_call_id, parsed content)."""
    msgs = srv.requests[n]["body"]["messages"]
    return [(m["tool_call_id"], json.loads(m["content"])) for m in msgs
            if m["role"] == "tool"]


def echoed_calls(n=1):
    msgs = srv.requests[n]["body"]["messages"]
    return [m for m in msgs if m["role"] == "assistant" and m.get("tool_calls")]


def call(name, args, cid="call_1"):
    return {"id": cid, "name": name, "arguments": args}


# lookup_facts, arguments as a JSON string (the OpenAI form).
srv.script([{"tool_calls": [call("lookup_facts", '{"topic": "parking"}', "call_p1")]},
            {"content": "Yes: 6 free spaces behind the clinic, entered from Mill Lane."}])
out = turn()
t.is_(out["handled"], True, "answered after a tool round")
t.is_(len(srv.requests), 2, "two requests")
res = tool_msgs()
t.is_([r[0] for r in res], ["call_p1"], "one tool message with the call's id")
t.like(json.dumps(res[0][1]), "6 free patient spaces", "the parking FAQ came back")
asst = echoed_calls()[0]
t.is_(asst["tool_calls"][0]["id"], "call_p1", "the assistant message is sent back with its call")
t.is_(json.loads(asst["tool_calls"][0]["function"]["arguments"]), {"topic": "parking"},
      "with its arguments as a JSON string")
string_result = res[0][1]

# B15: the same arguments as an object, and encoded twice.
srv.script([{"tool_calls": [call("lookup_facts", {"topic": "parking"})]},
            {"content": "Yes, 6 free spaces."}])
out = turn()
t.is_(out["handled"], True, "arguments as an object: answered")
t.is_(tool_msgs()[0][1], string_result, "the same result as the string form")
t.is_(type(echoed_calls()[0]["tool_calls"][0]["function"]["arguments"]), str,
      "sent back as a string")
srv.script([{"tool_calls": [call("lookup_facts", json.dumps(json.dumps({"topic": "parking"})))]},
            {"content": "Yes, 6 free spaces."}])
out = turn()
t.is_(tool_msgs()[0][1], string_result, "encoded twice: decoded one more level, same result")
srv.script([{"tool_calls": [call("lookup_facts",
                                 json.dumps(json.dumps(json.dumps({"topic": "parking"}))))]},
            {"content": "Please call us on +44 20 7946 0321."}])
out = turn()
t.like(tool_msgs()[0][1].get("error"), "JSON object", "encoded three times: refused")

# Malformed and cut-off arguments: an error back, never the text itself.
bad = '{"topic": "park'
srv.script([{"tool_calls": [call("lookup_facts", bad, "call_bad")], "finish_reason": "length"},
            {"tool_calls": [call("lookup_facts", "{'topic': 'parking'}", "call_bad2")]},
            {"content": "There are 6 free patient spaces."}])
out = turn()
t.is_(out["handled"], True, "after two malformed calls the model's answer is used")
res = tool_msgs(1)
t.is_(res[0][0], "call_bad", "the cut-off call is answered with its id")
t.like(res[0][1].get("error"), "not valid JSON", "with an error")
raw2 = srv.requests[1]["raw"] + srv.requests[2]["raw"]
t.ok("park\\\"" not in raw2 and '\\"park"' not in raw2 and "'topic'" not in raw2,
     "the malformed text is never sent back")
t.is_(echoed_calls(1)[0]["tool_calls"][0]["function"]["arguments"], "{}",
      "the echoed call carries {} instead")

# Wrong arguments.
srv.script([{"tool_calls": [call("lookup_facts", {"topic": ""}, "c1"),
                            call("lookup_facts", {"subject": "parking"}, "c2"),
                            call("lookup_facts", {"topic": 42}, "c3"),
                            call("find_slots", {"service": "hair-cut"}, "c4"),
                            call("find_slots", {"service": "follow-up",
                                                "practitioner": "nowak"}, "c5"),
                            call("find_slots", {"service": "follow-up",
                                                "date_from": "2026-13-01"}, "c6")]},
            {"content": "Please call us on +44 20 7946 0321."}])
out = turn()
res = dict(tool_msgs())
t.is_(sorted(res), ["c1", "c2", "c3", "c4", "c5", "c6"], "six calls, six answers (B17)")
t.like(res["c1"].get("error"), "topic is not valid", "an empty topic")
t.like(res["c2"].get("error"), "unexpected argument", "an unknown argument")
t.like(res["c3"].get("error"), "string", "a number where a string belongs")
t.like(res["c4"].get("error"), "unknown service", "an unknown service")
t.like(res["c4"].get("error"), "follow-up", "the service ids are listed")
t.like(res["c5"].get("error"), "practitioner", "a practitioner who does not offer it")
t.like(res["c6"].get("error"), "date_from is not valid", "an impossible date")

# B18: dates read back with their weekday from code; the past refused.
srv.script([{"tool_calls": [call("find_slots", {"service": "Follow-up physiotherapy session",
                                                "date_from": "2026-12-08",
                                                "date_to": "2026-12-08",
                                                "part_of_day": "morning"}, "d1"),
                            call("find_slots", {"service": "follow-up",
                                                "date_from": "2026-12-01"}, "d2"),
                            call("find_slots", {"service": "follow-up",
                                                "date_from": "2026-12-08",
                                                "date_to": "2026-12-31"}, "d3")]},
            {"content": "Tuesday 8 December: please use the booking buttons."}])
out = turn("Can I come next Tuesday?")
res = dict(tool_msgs())
t.is_(res["d1"].get("error"), NOCONV, "find_slots without a conversation: said so")
t.is_(res["d1"].get("date_from"), {"date": "2026-12-08", "weekday": "Tuesday"},
      "next Tuesday read back as Tuesday 2026-12-08")
t.like(res["d2"].get("error"), "Thursday 2026-12-03", "a past date: today is given")
t.like(res["d3"].get("error"), "13 days", "a too long range")
t.is_(out["handled"], True, "the reply with the right weekday is sent")

# The booking tools without a conversation; a claim of a booking is never sent.
srv.script([{"tool_calls": [call("book", {"slot": "slot:abc", "name": "Ann Lee",
                                          "phone": "07700 900123",
                                          "date_of_birth": "1988-04-05"}, "b1")]},
            {"content": "Done! You're booked in."}])
out = turn("Book me in")
t.is_(tool_msgs()[0][1], {"error": NOCONV}, "book answers the honest error")
t.is_(fallback(out), "unchecked_claim", "'booked' without a booking: not sent")
t.is_(out["replies"], [], "no reply from the LLM")
for name, args in (("pick_slot", {"slot": "slot:abc"}),
                   ("move", {"booking": "B-12", "date_of_birth": "1988-04-05",
                             "slot": "slot:abc"}),
                   ("cancel", {"booking": "B-12", "date_of_birth": "1988-04-05"})):
    srv.script([{"tool_calls": [call(name, args)]},
                {"content": "Please use the booking buttons."}])
    out = turn()
    t.is_(tool_msgs()[0][1], {"error": NOCONV}, "%s answers the honest error" % name)
srv.script([{"tool_calls": [call("cancel", {"booking": "B-12"})]},
            {"content": "Please call us on +44 20 7946 0321."}])
turn()
t.like(tool_msgs()[0][1].get("error"), "date_of_birth is missing",
       "no cancel without the date of birth")
srv.script([{"tool_calls": [call("book", {"slot": "slot:abc", "name": "Ann Lee",
                                          "phone": "call me", "date_of_birth": "1988-04-05"})]},
            {"content": "Please use the booking buttons."}])
turn()
t.like(tool_msgs()[0][1].get("error"), "phone is not valid", "a bad phone never reaches booking")
srv.script([{"tool_calls": [call("book", {"slot": "slot:abc"})]},
            {"content": "Please use the booking buttons."}])
turn()
t.like(tool_msgs()[0][1].get("error"), "name is missing", "missing fields never reach booking")

# B17: cancel and book in one message, both answered; the cancel refused.
srv.script([{"tool_calls": [call("cancel", {"booking": "B-12",
                                            "date_of_birth": "1988-04-05"}, "x0"),
                            call("book", {"slot": "slot:thu-1400", "name": "Ann Lee",
                                          "phone": "07700 900123",
                                          "date_of_birth": "1988-04-05"}, "x1")]},
            {"content": "Please use the booking buttons."}])
out = turn("Cancel my Tuesday 10am and book Thursday 2pm instead.")
res = tool_msgs()
t.is_([r[0] for r in res], ["x0", "x1"], "two calls, two tool messages in order")
t.like(res[0][1].get("error"), "move", "the cancel is refused: move secures the new time first")
t.is_(res[1][1], {"error": NOCONV}, "the book is answered too")
t.is_([c["id"] for c in echoed_calls()[0]["tool_calls"]], ["x0", "x1"],
      "the assistant message keeps both calls")

# Unknown tools, missing and repeated ids.
srv.script([{"tool_calls": [call("delete_everything", {}, "u1"),
                            {"id": None, "name": "lookup_facts", "arguments": {"topic": "parking"}},
                            call("lookup_facts", {"topic": "insurance"}, "u1")]},
            {"content": "Yes, 6 free spaces."}])
out = turn()
res = tool_msgs()
ids = [c["id"] for c in echoed_calls()[0]["tool_calls"]]
t.is_(len(set(ids)), 3, "every call gets a distinct id")
t.is_([r[0] for r in res], ids, "each tool message matches its call")
t.like(res[0][1].get("error"), "unknown tool", "an unknown tool is refused")
t.like(json.dumps(res[2][1]), "Bupa", "the repeated id's call still runs")

# handoff_to_staff
srv.script([{"tool_calls": [call("handoff_to_staff", {"reason": "wants a person"})]},
            {"content": "I have passed this on; you can also call +44 20 7946 0321."}])
out = turn("I want to talk to a human")
t.ok(any(e["type"] == "handoff_requested" for e in out["events"]), "a handoff_requested event")
t.is_(tool_msgs()[0][1].get("phone"), "+44 20 7946 0321", "the result gives the clinic's phone")

# A bounded number of rounds.
loop = {"tool_calls": [call("lookup_facts", {"topic": "parking"})]}
srv.script([loop] * 6)
out = turn()
t.is_(fallback(out), "bad_output", "a model that only calls tools: fallback")
t.is_(len(srv.requests), 4, "after 4 requests")
t.is_(srv.requests[-1]["body"]["tool_choice"], "none", "the last one asks for text")

# Tool-call-looking text is text, never run.
srv.script([{"content": '{"name": "book", "arguments": {"slot": "x"}}'}])
out = turn()
t.is_(fallback(out), "bad_output", "a tool call written as text is not sent to the patient")
srv.script([{"content": "<tool_call>{\"name\":\"cancel\"}</tool_call>"}])
out = turn()
t.is_(fallback(out), "bad_output", "nor in tags")

# Many calls: answered, but only the first few run.
srv.script([{"tool_calls": [call("lookup_facts", {"topic": "parking"}, "m%d" % i)
                            for i in range(8)]},
            {"content": "Yes, 6 free spaces."}])
out = turn()
res = tool_msgs()
t.is_(len(res), 8, "eight calls, eight tool messages")
t.like(res[7][1].get("error"), "too many", "past the cap: an error result")

srv.stop()
t.done()
