#!/usr/bin/python3
# Knowledge gaps grouped and answered as FAQs, and the analytics of a
# seeded set of conversations against figures worked out by hand, as
# JSON and as CSV.
import csv, io, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fdadmin

t = fdtest.TAP()
RIV, OAK = "riverside-physio", "oakwood-dental"
fd = fdtest.Instance(clinics=[RIV, OAK])
fdadmin.add_user(fd, "ann@riverside.example", "admin", [RIV])
fdadmin.add_user(fd, "sam@riverside.example", "staff", [RIV])
ann, sam = fdadmin.Session(fd), fdadmin.Session(fd)
ann.login("ann@riverside.example")
sam.login("sam@riverside.example")


def conv(cid, clinic, created, after_hours=0, patient=True):
    fd.sql("INSERT INTO conversations (id, clinic_id, token_hash, language, state, "
           "after_hours, created_at, updated_at) VALUES (%d, '%s', REPEAT('0', 64), 'en', "
           "'{}', %d, '%s', '%s')" % (cid, clinic, after_hours, created, created))
    if patient:
        msg(cid, clinic, "patient", created)


def msg(cid, clinic, sender, at, text="hello"):
    fd.sql("INSERT INTO messages (conversation_id, clinic_id, sender, text, language, "
           "created_at) VALUES (%d, '%s', '%s', '%s', 'en', '%s')" % (cid, clinic, sender, text, at))


def ev(cid, clinic, type_, at, topic=None, after_hours=0):
    fd.sql("INSERT INTO events (clinic_id, conversation_id, type, topic, language, after_hours, "
           "created_at) VALUES ('%s', %d, '%s', %s, 'en', %d, '%s')"
           % (clinic, cid, type_, "'%s'" % topic if topic else "NULL", after_hours, at))


FUNNEL = ["booking_intent", "slots_shown", "slot_chosen", "details_given", "booked"]

# --- knowledge gaps ----------------------------------------------------------
conv(1, RIV, "2026-12-01 10:00:00")
conv(2, OAK, "2026-12-01 10:00:00")
for q, c, when in (("Do you do dry needling?", RIV, "2026-12-01 10:01:00"),
                   ("do you do DRY needling", RIV, "2026-12-02 10:01:00"),
                   ("Do you do dry-needling??", RIV, "2026-12-02 11:01:00"),
                   ("Is there a hydrotherapy pool?", RIV, "2026-12-02 12:00:00"),
                   ("Do you do dry needling?", OAK, "2026-12-02 12:00:00")):
    fd.sql("INSERT INTO knowledge_gaps (clinic_id, conversation_id, message_id, question, "
           "language, topic, created_at) VALUES ('%s', %d, 1, '%s', 'en', 'other', '%s')"
           % (c, 1 if c == RIV else 2, q, when))
fd.sql("INSERT INTO knowledge_gaps (clinic_id, conversation_id, message_id, question, language, "
       "created_at, resolved_at) VALUES ('%s', 1, 1, 'Old question', 'en', '2026-11-01 10:00:00', "
       "'2026-11-02 10:00:00')" % RIV)

st, b = sam.call("GET", "api/v1/admin/gaps")
t.is_(st, 403, "staff may not manage gaps")
st, b = ann.call("GET", "api/v1/admin/gaps")
t.is_(st, 200, "an admin lists the gaps")
g = [(x["key"], x["count"]) for x in b["gaps"]]
t.is_(g, [("do you do dry needling", 3), ("is there a hydrotherapy pool", 1)],
      "grouped by normalised text, most asked first; resolved ones and other clinics left out")
t.is_(b["gaps"][0]["question"], "Do you do dry-needling??",
      "with the latest wording as the sample")
t.is_(fd.sql("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"), [["view_gaps"]],
      "viewing gaps is audited")

key = b["gaps"][0]["key"]
answer = {"key": key, "question": "Do you offer dry needling?", "language": "en",
          "answer": "Yes, our physiotherapists offer dry needling as part of a treatment."}
st, b = ann.call("POST", "api/v1/admin/gaps/answer", answer, csrf=False)
t.is_(st, 403, "answering without the CSRF token: 403")
st, b = ann.call("POST", "api/v1/admin/gaps/answer", dict(answer, key="no such question"))
t.is_(st, 404, "an unknown key: 404")
st, b = ann.call("POST", "api/v1/admin/gaps/answer", dict(answer, answer=""))
t.is_(st, 400, "an empty answer: 400")
st, b = sam.call("POST", "api/v1/admin/gaps/answer", answer)
t.is_(st, 403, "staff may not answer: 403")
t.is_(fd.sql("SELECT COUNT(*) FROM clinic_faqs"), [["0"]], "no FAQ was added by those")
st, b = ann.call("POST", "api/v1/admin/gaps/answer", answer)
t.is_((st, b.get("resolved")), (200, 3), "answer this: 200, three gaps resolved")
t.is_(fd.sql("SELECT clinic_id, lang, q, a FROM clinic_faqs"),
      [[RIV, "en", answer["question"], answer["answer"]]], "the FAQ row is there")
t.is_(fd.sql("SELECT clinic_id FROM knowledge_gaps WHERE question LIKE '%%needling%%' AND "
             "resolved_at IS NULL"), [[OAK]], "the gaps are resolved, not the other clinic's")
st, b = ann.call("GET", "api/v1/admin/gaps")
t.is_([x["key"] for x in b["gaps"]], ["is there a hydrotherapy pool"], "and leave the list")
t.is_(fd.sql("SELECT action, subject FROM audit_log WHERE action = 'answer_gap'"),
      [["answer_gap", "faq:" + fd.sql("SELECT id FROM clinic_faqs")[0][0]]],
      "the answer is audited")

# --- analytics: November 2026 (GMT, so local days are UTC days) ------------------
fd.sql("DELETE FROM messages; DELETE FROM events; DELETE FROM conversations")
conv(101, RIV, "2026-11-02 10:00:00")
ev(101, RIV, "question", "2026-11-02 10:00:10", "prices")
for s in FUNNEL:
    ev(101, RIV, s, "2026-11-02 10:01:00")
conv(102, RIV, "2026-11-03 21:00:00", after_hours=1)
for s in FUNNEL:
    ev(102, RIV, s, "2026-11-03 21:02:00", after_hours=1)
conv(103, RIV, "2026-11-04 11:00:00")
for s in FUNNEL[:3]:
    ev(103, RIV, s, "2026-11-04 11:01:00")
conv(104, RIV, "2026-11-05 12:00:00")
for s in FUNNEL[:2]:
    ev(104, RIV, s, "2026-11-05 12:01:00")
ev(104, RIV, "question", "2026-11-05 12:02:00", "prices")
ev(104, RIV, "question", "2026-11-05 12:03:00", "hours")
ev(104, RIV, "unanswered", "2026-11-05 12:04:00", "other")
conv(105, RIV, "2026-11-06 22:00:00", after_hours=1)
ev(105, RIV, "question", "2026-11-06 22:00:30", "parking", after_hours=1)
ev(105, RIV, "unanswered", "2026-11-06 22:00:40", "other", after_hours=1)
ev(105, RIV, "handoff", "2026-11-06 22:01:00", after_hours=1)
msg(105, RIV, "staff", "2026-11-07 08:30:00")           # 37,740 s later
conv(106, RIV, "2026-11-07 10:00:00")
msg(106, RIV, "staff", "2026-11-07 10:02:00")           # before the hand-off: not counted
ev(106, RIV, "handoff", "2026-11-07 10:05:00")
msg(106, RIV, "staff", "2026-11-07 10:09:00")           # 240 s later
ev(106, RIV, "emergency", "2026-11-07 10:06:00", "chest_pain")
conv(107, RIV, "2026-11-08 10:00:00", patient=False)   # opened, never used
conv(108, RIV, "2026-11-30 23:30:00")
ev(108, RIV, "handoff_requested", "2026-11-30 23:31:00", "llm")
# Outside the period or the clinic: must not count.
conv(109, RIV, "2026-12-01 00:30:00")
ev(109, RIV, "booked", "2026-12-01 00:31:00")
conv(110, RIV, "2026-10-31 23:59:00")
ev(110, RIV, "booked", "2026-11-01 00:01:00")
conv(111, OAK, "2026-11-10 10:00:00")
ev(111, OAK, "booked", "2026-11-10 10:01:00")

q = "api/v1/admin/analytics?from=2026-11-01&to=2026-11-30"
st, a = sam.call("GET", q)
t.is_(st, 403, "staff may not read analytics")
st, a = ann.call("GET", q)
t.is_(st, 200, "analytics: 200")
t.is_((a["clinic"], a["from"], a["to"]), (RIV, "2026-11-01", "2026-11-30"), "clinic and period")
t.is_((a["conversations"], a["engaged"], a["bookings"]), (8, 7, 2),
      "8 conversations, 7 with a patient message, 2 booked")
near = lambda x, y: x is not None and abs(x - y) < 1e-9
t.ok(near(a["conversion"], 2 / 7), "chat-to-booking conversion 2/7", a["conversion"])
t.is_([(s["step"], s["conversations"]) for s in a["funnel"]],
      list(zip(FUNNEL, [4, 4, 3, 2, 2])), "the funnel counts")
drops = [s["drop_off"] for s in a["funnel"]]
t.ok(drops[0] is None and near(drops[1], 0) and near(drops[2], 0.25) and near(drops[3], 1 / 3)
     and near(drops[4], 0), "drop-off at each step: -, 0, 1/4, 1/3, 0", drops)
ah = a["after_hours"]
t.ok((ah["conversations"], ah["bookings"]) == (2, 1) and near(ah["conversations_share"], 0.25)
     and near(ah["bookings_share"], 0.5), "after hours: 2 of 8 conversations, 1 of 2 bookings", ah)
t.is_([(x["topic"], x["count"]) for x in a["topics"]], [("prices", 2), ("hours", 1), ("parking", 1)],
      "topics by count")
t.ok(near(a["topics"][0]["share"], 0.5) and near(a["topics"][2]["share"], 0.25), "with shares")
t.ok((a["questions"], a["unanswered"]) == (4, 2) and near(a["unanswered_rate"], 2 / 6),
     "unanswered rate: 2 of 6 questions", (a["questions"], a["unanswered"], a["unanswered_rate"]))
t.is_(a["handoffs"], 3, "three hand-offs (one asked through the LLM)")
sr = a["staff_response"]
t.ok((sr["answered"], sr["unanswered"]) == (2, 1) and near(sr["median_seconds"], 18990)
     and near(sr["mean_seconds"], 18990), "staff response: 240 s and 37,740 s", sr)
t.is_(a["emergencies"], 1, "one emergency signpost")

st, a2 = ann.call("GET", "api/v1/admin/analytics?from=2026-11-05&to=2026-11-05")
t.is_((a2["conversations"], a2["bookings"], a2["unanswered"]), (1, 0, 1), "a one-day period")
st, b = ann.call("GET", "api/v1/admin/analytics?from=2026-11-30&to=2026-11-01")
t.is_(st, 400, "from after to: 400")
st, b = ann.call("GET", "api/v1/admin/analytics?from=yesterday")
t.is_(st, 400, "a date that is not one: 400")
st, b = ann.call("GET", "api/v1/admin/analytics?clinic=" + OAK)
t.is_(st, 403, "another clinic's analytics: 403")

st, body, h = ann.request("GET", q.replace("analytics?", "analytics.csv?"))
t.is_(st, 200, "CSV export: 200")
t.like(h.get("Content-Type", ""), "text/csv", "as text/csv")
t.like(h.get("Content-Disposition", ""), "attachment", "as a download")
rows = dict(r for r in csv.reader(io.StringIO(body)) if len(r) == 2)
t.is_(rows.get("metric"), "value", "a header line")
for k, v in (("conversations", "8"), ("engaged", "7"), ("bookings", "2"),
             ("conversion", "0.2857"), ("funnel.slot_chosen.conversations", "3"),
             ("funnel.slot_chosen.drop_off", "0.2500"), ("after_hours.bookings_share", "0.5000"),
             ("topic.prices.share", "0.5000"), ("unanswered_rate", "0.3333"),
             ("staff_response.median_seconds", "18990.0000"), ("emergencies", "1"),
             ("from", "2026-11-01")):
    t.is_(rows.get(k), v, "CSV %s = %s" % (k, v))
t.done()
