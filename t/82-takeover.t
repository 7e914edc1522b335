#!/usr/bin/python3
# Take-over, staff replies and hand-back: the bot goes quiet while staff
# have the conversation, the patient's poll shows the staff's reply
# labelled "staff", and every view and change is in the audit log.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fdadmin

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio", "oakwood-dental"])
O = "http://localhost:8080"
RIV = "riverside-physio"
fdadmin.add_user(fd, "ann@riverside.example", "admin", [RIV])
fdadmin.add_user(fd, "sam@riverside.example", "staff", [RIV])
ann, sam = fdadmin.Session(fd), fdadmin.Session(fd)
ann.login("ann@riverside.example")
sam.login("sam@riverside.example")

st, c = fd.call("POST", "api/v1/conversations", {"clinic": RIV}, origin=O)
cid, tok = c["conversation"], c["token"]
ppath = "api/v1/conversations/%d/messages" % cid
st, b = fd.call("POST", ppath, {"text": "Is there parking near you?"}, token=tok, origin=O)
t.ok(st == 200 and any(m["from"] == "assistant" for m in b["messages"]),
     "before a take-over the assistant answers")
last = b["last_id"]

st, b = sam.call("GET", "api/v1/admin/conversations?scope=live")
t.ok(st == 200 and [x["id"] for x in b["conversations"]] == [cid], "the live list shows it")
row = b["conversations"][0]
t.is_((row["status"], row["live"], row["messages"]), ("bot", True, 3), "status, live and messages")
st, b = sam.call("GET", "api/v1/admin/conversations?filter=waiting")
t.is_(b["conversations"], [], "not waiting for staff")
st, b = sam.call("GET", "api/v1/admin/conversations?language=fr")
t.is_(b["conversations"], [], "the language filter")
st, b = sam.call("GET", "api/v1/admin/conversations?filter=nonsense")
t.is_(st, 400, "an unknown filter: 400")

n_audit = int(fd.sql("SELECT COUNT(*) FROM audit_log")[0][0])
st, v = sam.call("GET", "api/v1/admin/conversations/%d" % cid)
t.is_(st, 200, "staff open the conversation")
t.is_([m["from"] for m in v["messages"]], ["assistant", "patient", "assistant"],
      "with its messages")
t.is_(v["messages"][1]["text"], "Is there parking near you?", "the patient's words")
rows = fd.sql("SELECT action, user_email, conversation_id, clinic_id FROM audit_log "
              "ORDER BY id DESC LIMIT 1")
t.is_(rows, [["view_conversation", "sam@riverside.example", str(cid), RIV]],
      "the view is in the audit log")
st, v2 = sam.call("GET", "api/v1/admin/conversations/%d?after=%d" % (cid, v["last_id"]))
t.is_((st, v2["messages"]), (200, []), "polling after the last id: nothing new")
t.is_(int(fd.sql("SELECT COUNT(*) FROM audit_log")[0][0]), n_audit + 1,
      "polls of an open view add no audit rows")

st, b = sam.call("POST", "api/v1/admin/conversations/%d/takeover" % cid)
t.is_((st, b["conversation"]["status"]), (200, "staff"), "take over: status staff")
st, p = fd.call("GET", ppath + "?after=%d" % last, token=tok, origin=O)
t.is_([m["from"] for m in p["messages"]], ["system"], "the patient is told a person joined")
t.like(p["messages"][0]["text"], "member of the team", "in words")
last = p["last_id"]

st, b = fd.call("POST", ppath, {"text": "Hello? Are you still there?"}, token=tok, origin=O)
t.is_([m["from"] for m in b["messages"]], ["patient"], "taken over: the bot stays silent")
last = b["last_id"]

reply = "Hi, this is Sam. <script>alert(1)</script> Yes, there is parking."
st, b = sam.call("POST", "api/v1/admin/conversations/%d/reply" % cid, {"text": reply})
t.is_(st, 200, "staff reply: 200")
t.is_(b["messages"][0]["from"], "staff", "stored from staff")
st, p = fd.call("GET", ppath + "?after=%d" % last, token=tok, origin=O)
t.is_([(m["from"], m["text"]) for m in p["messages"]], [("staff", reply)],
      "the patient's poll gets the reply labelled staff, byte for byte")
st, v = sam.call("GET", "api/v1/admin/conversations/%d?after=%d" % (cid, last))
t.is_([m["from"] for m in v["messages"]], ["staff"], "the staff view's poll too")

n = fd.sql("SELECT COUNT(*) FROM messages")[0][0]
for body, name in (({}, "no text"), ({"text": ""}, "empty text"), ({"text": "x" * 2001}, "too long"),
                   ({"text": 5}, "not a string")):
    st, b = sam.call("POST", "api/v1/admin/conversations/%d/reply" % cid, body)
    t.is_(st, 400, "a reply with %s: 400" % name)
t.is_(fd.sql("SELECT COUNT(*) FROM messages")[0][0], n, "and nothing stored")

st, b = sam.call("POST", "api/v1/admin/conversations/%d/handback" % cid)
t.is_((st, b["conversation"]["status"]), (200, "bot"), "hand back: status bot")
st, b = fd.call("POST", ppath, {"text": "Thanks! One more question"}, token=tok, origin=O)
froms = [m["from"] for m in b["messages"]]
t.is_(froms[0], "patient", "after hand-back")
t.ok("assistant" in froms, "the assistant answers again", froms)
st, p = fd.call("GET", ppath + "?after=0", token=tok, origin=O)
t.ok(any(m["from"] == "system" and "automated assistant" in m["text"] for m in p["messages"]),
     "and the patient was told")

# A reply without a take-over takes the conversation over.
st, b = sam.call("POST", "api/v1/admin/conversations/%d/reply" % cid, {"text": "Sam again"})
t.is_(fd.sql("SELECT status FROM conversations WHERE id = %d" % cid), [["staff"]],
      "replying takes the conversation over")
st, b = fd.call("POST", ppath, {"text": "ok"}, token=tok, origin=O)
t.is_([m["from"] for m in b["messages"]], ["patient"], "and the bot is quiet")

fd.sql("UPDATE conversations SET status = 'closed' WHERE id = %d" % cid)
st, b = sam.call("POST", "api/v1/admin/conversations/%d/reply" % cid, {"text": "late"})
t.is_(st, 409, "replying in a closed conversation: 409")
st, b = sam.call("GET", "api/v1/admin/conversations/999999")
t.is_(st, 404, "an unknown conversation: 404")

# --- the audit log --------------------------------------------------------
st, a = ann.call("GET", "api/v1/admin/audit?conversation=%d" % cid)
t.is_(st, 200, "an admin reads the audit log")
acts = [(e["action"], e["user"]) for e in reversed(a["entries"])]
S = "sam@riverside.example"
t.is_(acts, [("view_conversation", S), ("takeover", S), ("reply", S), ("handback", S),
             ("reply", S)], "every view and change of the conversation, in order")
t.ok(all(e["at"].endswith("Z") and e["conversation"] == cid for e in a["entries"]),
     "with when and which conversation")
st, a = ann.call("GET", "api/v1/admin/audit")
t.ok(any(e["action"] == "login" and e["user"] == S for e in a["entries"]), "and sign-ins")
st, b = ann.call("GET", "api/v1/admin/audit?limit=0")
t.is_(st, 400, "a bad limit: 400")

# --- bookings made through the chat --------------------------------------------
st, b = sam.call("GET", "api/v1/admin/bookings")
t.is_(st, 200, "bookings: 200")
have = fd.sql("SHOW TABLES LIKE 'appointments'")
t.is_(b["available"], bool(have), "available says whether the booking tables exist")
t.ok(isinstance(b["bookings"], list), "a list of bookings")
t.is_(fd.sql("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"), [["view_bookings"]],
      "viewing bookings is audited")
if have:
    fd.sql("INSERT INTO appointments (clinic_id, reference, practitioner_id, service_id, "
           "start_utc, end_utc, status, patient_name, conversation_id) VALUES "
           "('%s', 'ABC123', 'p1', 's1', '2026-12-10 10:00:00', '2026-12-10 10:30:00', "
           "'booked', 'Zoë <b>Test</b>', %d)" % (RIV, cid))
    aid = int(fd.sql("SELECT id FROM appointments WHERE reference = 'ABC123'")[0][0])
    st, b = sam.call("GET", "api/v1/admin/bookings")
    t.is_([(x["reference"], x["conversation"]) for x in b["bookings"]], [("ABC123", cid)],
          "a chat booking is listed")
    st, b = sam.call("POST", "api/v1/admin/bookings/%d/cancel" % aid, csrf=False)
    t.is_(st, 403, "cancel without the CSRF token: 403")
    st, b = sam.call("POST", "api/v1/admin/bookings/%d/cancel" % aid)
    t.is_(st, 200, "staff cancel a booking")
    t.is_(fd.sql("SELECT status FROM appointments WHERE id = %d" % aid), [["cancelled"]],
          "it is cancelled")
    st, b = sam.call("POST", "api/v1/admin/bookings/%d/cancel" % aid)
    t.is_(st, 409, "cancelling it again: 409")
else:
    st, b = sam.call("POST", "api/v1/admin/bookings/1/cancel")
    t.is_(st, 404, "without the booking tables, cancelling: 404")
t.done()
