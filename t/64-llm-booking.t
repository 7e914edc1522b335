#!/usr/bin/python3
# Booking through the model's tools, over the real API with a fake
# OpenAI-compatible server: find_slots -> pick_slot -> details -> the
# patient's yes -> book, with the server's read-back and the booking
# object; the model's word is never a yes; B15 (arguments as a string,
# an object, encoded twice or three times); B17 (two calls in one
# message, a cancel with a booking refused, nothing lost); moving and
# cancelling only after the identity check, the notice policy quoted.
import json, os, re, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fake_openai

t = fdtest.TAP()
srv = fake_openai.start()
fd = fdtest.Instance(clinics=["riverside-physio"],
                     conf={"llm_base_url": srv.url, "llm_model": "m",
                           "llm_timeout_ms": "8000"})
O = "http://localhost:8080"
DOB = "1988-04-05"


class Conv:
    def __init__(self):
        st, c = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"},
                        origin=O)
        assert st == 201, (st, c)
        self.id, self.token = c["conversation"], c["token"]
        self.last = None

    def send(self, body):
        st, b = fd.call("POST", "api/v1/conversations/%d/messages" % self.id, body,
                        token=self.token, origin=O)
        self.status = st
        self.last = [m for m in b.get("messages", []) if m["from"] != "patient"] \
            if isinstance(b, dict) else []
        return self.last

    def say(self, text, script):
        srv.script(script)
        return self.send({"text": text})

    def text(self):
        return "\n".join(m["text"] for m in self.last)

    def choices(self):
        return [c for m in self.last for c in (m.get("choices") or [])]

    def booking(self):
        for m in self.last:
            if m.get("booking"):
                return m["booking"]
        return None


def call(name, args, cid="call_1"):
    return {"id": cid, "name": name, "arguments": args}


def tool_results(n=1):
    """The tool messages of request n: {tool_call_id: parsed content}."""
    msgs = srv.requests[n]["body"]["messages"]
    return {m["tool_call_id"]: json.loads(m["content"]) for m in msgs if m["role"] == "tool"}


def appts(where="1"):
    return int(fd.sql("SELECT COUNT(*) FROM appointments WHERE " + where)[0][0])


def offer(conv, day="2026-12-08", part="morning", prac="thompson"):
    """find_slots through the model; returns the slots the tool gave."""
    conv.say("Can I have a follow-up with Dr Thompson next Tuesday morning?",
             [{"tool_calls": [call("find_slots", {"service": "follow-up", "practitioner": prac,
                                                  "date_from": day, "date_to": day,
                                                  "part_of_day": part}, "fs")]},
              {"content": "Here are the free times on Tuesday 8 December. Which suits you?"}])
    return tool_results()["fs"].get("slots", [])


def details(slot, form="object"):
    args = {"slot": slot, "name": "Ann Lee", "phone": "07700 900123", "date_of_birth": DOB}
    if form == "string":
        return json.dumps(args)
    if form == "twice":
        return json.dumps(json.dumps(args))
    if form == "thrice":
        return json.dumps(json.dumps(json.dumps(args)))
    return args


# --- the whole flow -------------------------------------------------------
c = Conv()
slots = offer(c)
t.ok(len(slots) > 0, "find_slots gave slots")
t.ok(all(s["date"] == "2026-12-08" and s["weekday"] == "Tuesday" for s in slots),
     "each slot carries its date and the weekday from code (B18)")
t.ok(all(re.match(r"slot:[0-9a-f]{24}$", s["slot"]) for s in slots), "slots are server tokens")
offered = [x["value"] for x in c.choices() if x["value"].startswith("slot:")]
t.is_(sorted(s["slot"] for s in slots), sorted(offered),
      "the same tokens are offered to the patient as buttons")
t.is_(int(fd.sql("SELECT COUNT(*) FROM slot_offers WHERE conversation_id = %d" % c.id)[0][0]),
      len(slots), "the tokens are bound to the conversation")
t.like(c.text(), "Tuesday 8 December", "the model's text follows the server's offer")
first = slots[0]

c.say("The first one please",
      [{"tool_calls": [call("pick_slot", {"slot": first["slot"]}, "ps")]},
       {"content": "I am holding that time. Please give me your full name, mobile "
                   "number and date of birth."}])
res = tool_results()["ps"]
t.is_(res.get("held"), True, "pick_slot holds the slot")
t.is_(int(fd.sql("SELECT COUNT(*) FROM holds WHERE conversation_id = %d" % c.id)[0][0]), 1,
      "one hold in the database")
t.ok(any(m.get("form") for m in c.last), "the details form is offered as well")

c.say("Ann Lee, 07700 900123, born 5 April 1988",
      [{"tool_calls": [call("book", details(first["slot"]), "b1")]},
       {"tool_calls": [call("book", details(first["slot"]), "b2")]},
       {"content": "Please check the details above and say yes to confirm."}])
r1, r2 = tool_results(1)["b1"], tool_results(2)["b2"]
t.is_((r1.get("booked"), r1.get("needs_patient_yes")), (False, True),
      "book first reads the details back")
t.is_(r2.get("booked"), False, "calling book again in the same turn books nothing")
t.is_(appts(), 0, "nothing booked on the model's word")
t.like(c.text(), "+447700900123", "the server's read-back shows the phone in E.164")
t.like(c.text(), "5 April 1988", "and the date of birth in words")
t.ok(any(x["value"] == "book:yes" for x in c.choices()), "with a Yes button")

c.say("What does it cost?",
      [{"tool_calls": [call("book", details(first["slot"]), "b3")]},
       {"content": "A follow-up costs £60."}])
t.is_(tool_results()["b3"].get("booked"), False, "a message that is not a yes books nothing")
t.is_(appts(), 0, "still nothing booked")

c.say("yes",
      [{"tool_calls": [call("book", details(first["slot"]), "b4")]},
       {"content": "You're booked. The confirmation is above."}])
res = tool_results()["b4"]
t.is_(res.get("booked"), True, "after the patient's yes, book books")
b = c.booking()
t.ok(b is not None, "a booking object in the reply")
ref = b and b["reference"]
t.ok(b and b["start"].startswith("2026-12-08T") and b["service"].startswith("Follow-up"),
     "for the slot chosen: %r" % (b,))
t.is_(res.get("booking", {}).get("reference"), ref, "the tool result has the same booking")
t.is_(appts("status = 'booked'"), 1, "one appointment")
t.is_(int(fd.sql("SELECT COUNT(*) FROM holds WHERE conversation_id = %d" % c.id)[0][0]), 0,
      "the hold is released")
t.like(c.text(), "You're booked", "the model's reply may say booked now")

# --- B15: the same booking from each form of arguments --------------------
for form in ("string", "object", "twice"):
    c2 = Conv()
    s = offer(c2)[0]["slot"]
    before = appts()
    c2.say("Ann Lee, 07700 900123, born 5 April 1988",
           [{"tool_calls": [call("book", details(s, form), "f1")]},
            {"content": "Please check the details and say yes."}])
    t.is_(tool_results()["f1"].get("needs_patient_yes"), True,
          "arguments %s: the details are read back" % form)
    c2.say("yes please", [{"tool_calls": [call("book", details(s, form), "f2")]},
                          {"content": "You're booked."}])
    t.ok(c2.status == 200 and c2.booking() is not None and appts() == before + 1,
         "arguments %s: exactly one booking" % form)
c3 = Conv()
s = offer(c3)[0]["slot"]
before = appts()
c3.say("Ann Lee, 07700 900123, born 5 April 1988",
       [{"tool_calls": [call("book", details(s, "thrice"), "f3")]},
        {"content": "Sorry, please use the booking form."}])
t.like(tool_results()["f3"].get("error"), "JSON object", "encoded three times: refused")
t.ok(c3.status == 200 and appts() == before, "no crash, nothing booked")
c3.say("Ann Lee", [{"tool_calls": [call("book", {"slot": s, "name": "", "phone": "",
                                                  "date_of_birth": ""}, "f4")]},
                   {"content": "Sorry, please use the booking form."}])
t.like(tool_results()["f4"].get("error"), "not valid", "empty fields never reach the backend")
total = appts()

# --- B17: a cancel and a booking in one message; identity first ---------
c4 = Conv()
s = offer(c4, "2026-12-10", "afternoon")[0]["slot"]
c4.say("Cancel my Tuesday booking %s and book Thursday 2pm instead. Born 5 April 1988." % ref,
       [{"tool_calls": [call("cancel", {"booking": ref, "date_of_birth": DOB}, "x0"),
                        call("book", details(s), "x1")]},
        {"content": "To change an appointment I move it, so nothing is lost."}])
res = tool_results()
t.is_(sorted(res), ["x0", "x1"], "both calls answered with their ids (B17)")
t.like(res["x0"].get("error"), "move", "the cancel is refused: move secures the new time first")
t.is_(res["x1"].get("needs_patient_yes"), True, "the booking is read back")
t.is_(appts("reference = '%s' AND status = 'booked'" % ref), 1, "the old booking is kept")

c4.say("Move it then", [{"tool_calls": [call("move", {"booking": ref,
                                                      "date_of_birth": "1990-01-01",
                                                      "slot": s}, "m0")]},
                        {"content": "I could not find that booking."}])
res = tool_results()["m0"]
t.like(res.get("error"), "no upcoming booking", "a wrong date of birth: not found")
t.ok(ref not in json.dumps(res) and "2026-12-08" not in json.dumps(res),
     "and nothing about the booking is told")

c4.say("Sorry, born 5 April 1988",
       [{"tool_calls": [call("move", {"booking": ref, "date_of_birth": DOB, "slot": s}, "m1")]},
        {"content": "Shall I move it? Please say yes."}])
res = tool_results()["m1"]
t.is_((res.get("moved"), res.get("needs_patient_yes")), (False, True),
      "move after the identity check: read back first")
t.like(c4.text(), "Move your appointment to Thursday 10 December", "the server asks to confirm")
c4.say("yes", [{"tool_calls": [call("move", {"booking": ref, "date_of_birth": DOB, "slot": s},
                                    "m2")]},
               {"content": "Done, your appointment is moved."}])
res = tool_results()["m2"]
t.is_(res.get("moved"), True, "moved after the patient's yes")
nb = c4.booking()
t.ok(nb and nb["reference"] == ref and nb["start"].startswith("2026-12-10T"),
     "the booking object has the new time: %r" % (nb,))
t.is_(appts(), total, "moved, not a second appointment")
t.is_(fd.sql("SELECT DATE(start_utc) FROM appointments WHERE reference = '%s'" % ref),
      [["2026-12-10"]], "the appointment is at the new time")

# --- cancelling, with the notice policy ----------------------------------
c5 = Conv()
c5.say("Please cancel %s, I was born on 5 April 1988" % ref,
       [{"tool_calls": [call("cancel", {"booking": ref, "date_of_birth": DOB}, "k1")]},
        {"content": "Do you want to cancel it? Please say yes."}])
res = tool_results()["k1"]
t.is_((res.get("cancelled"), res.get("needs_patient_yes")), (False, True),
      "cancel reads the booking back first")
t.like(res.get("cancellation_policy"), "24 hours", "the notice policy goes to the model")
t.like(c5.text(), "Do you want to cancel it?", "the server asks the patient")
c5.say("yes", [{"tool_calls": [call("cancel", {"booking": ref, "date_of_birth": DOB}, "k2")]},
               {"content": "Your appointment is cancelled."}])
t.is_(tool_results()["k2"].get("cancelled"), True, "cancelled after the patient's yes")
t.is_(fd.sql("SELECT status FROM appointments WHERE reference = '%s'" % ref), [["cancelled"]],
      "cancelled in the database")
t.like(c5.text(), "is cancelled", "the server's confirmation is shown")

# --- hand-off --------------------------------------------------------------
c6 = Conv()
c6.say("Could the team look at my notes from last time?", [{"tool_calls": [call("handoff_to_staff",
                                                         {"reason": "asks for a person"}, "h")]},
                                    {"content": "I have asked the team to reply here."}])
t.is_(tool_results()["h"].get("recorded"), True, "the hand-off is recorded")
t.is_(fd.sql("SELECT waiting_staff FROM conversations WHERE id = %d" % c6.id), [["1"]],
      "the conversation waits for staff")

t.ok("Ann Lee" not in fd.log() and "900123" not in fd.log(), "no patient details in the log")
srv.stop()
t.done()
