#!/usr/bin/python3
# The patient's rights and retention: `frontdesk export` shows every
# record held on one patient (by phone, reference or conversation) and
# `frontdesk erase` removes them (appointments anonymised, kept), both in
# the audit log; `frontdesk purge` applies each clinic's retention
# (privacy.retention_months) and keeps the analytics events; security
# headers on every answer.
import json, os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest
import notifytest as nt
from webchat import WebChat

t = fdtest.TAP()
fd, fake, sink = nt.setup(web=True, clinics=("harbour-physio",),
                          rate_address_per_min="100000", rate_conversation_per_min="100000")
HP = "harbour-physio"
A = {"name": "Imogen Thwaite-Parry", "phone": "07700 900987", "date_of_birth": "14/03/1971",
     "email": "imogen.tp@example.net"}
B = {"name": "Oliver Brandt", "phone": "07700 900222", "date_of_birth": "02/09/1980",
     "email": "oliver.b@example.org"}
WORDS = "my left hamstring twinges when I sprint"


def book(who, words):
    c = WebChat(fd, HP)
    c.say("Hello, " + words)
    c.say("I'd like to book a physio follow-up on Monday 11 January")
    b = c.drive(who, ["^Yes, book", "^Yes"])
    return c, (b or {}).get("reference", "")


def count(sql):
    return int(fd.sql(sql)[0][0])


def export(*sel, now=None):
    r = nt.cli(fd, "export", "--clinic", HP, *sel, now=now)
    try:
        return r.returncode, json.loads(r.stdout) if r.returncode == 0 else r.stderr
    except ValueError:
        return r.returncode, r.stdout

ca, ref_a = book(A, WORDS)
cb, ref_b = book(B, "my shoulder clicks")
t.ok(ref_a and ref_b and ref_a != ref_b, "two patients book through the API")
cc = WebChat(fd, HP)
cc.say("Can I speak to a real person?")
cc.send({"form": {"handoff_phone": "+44 7700 900987"}})
t.like(cc.text(), "call you back", "patient A leaves a call-back number in another conversation")
ida = fd.sql("SELECT id FROM appointments WHERE reference = '%s'" % ref_a)[0][0]
nt.queue(fd, nt.appt(clinic_id=HP, reference=ref_a, patient_name=A["name"],
                     phone_e164="+447700900987", email=A["email"], appointment_id=int(ida)))
t.ok(count("SELECT COUNT(*) FROM notify_outbox") > 0, "and a confirmation is sent")
events = count("SELECT COUNT(*) FROM events")

# --- export -------------------------------------------------------------------
rc, x = export("--phone", "+44 (0)7700 900987")
t.is_(rc, 0, "export by phone (any format)")
if rc == 0:
    t.is_([(a["reference"], a["patient"]["name"], a["patient"]["date_of_birth"],
            a["patient"]["email"], a["patient"]["phone"]) for a in x["appointments"]],
          [(ref_a, A["name"], "1971-03-14", A["email"], "+447700900987")],
          "the appointment with the patient's details, opened")
    t.is_(sorted(c["id"] for c in x["conversations"]), sorted([str(ca.id), str(cc.id)]),
          "the booking's conversation and the call-back's")
    texts = [m["text"] for c in x["conversations"] for m in c["messages"]]
    t.ok(any(WORDS in s for s in texts), "with their messages opened")
    t.ok(any(isinstance(c["state"], str) for c in x["conversations"]), "and their state")
    t.is_([k["phone"] for k in x["callbacks"]], ["+447700900987"], "the call-back")
    t.ok(any(o["recipient"] == A["email"] for o in x["notifications"]["outbox"]),
         "the notifications sent to the patient")
    t.is_([n["reference"] for n in x["notifications"]["appointments"]], [ref_a],
          "and the appointment as last confirmed")
    t.ok("Oliver" not in json.dumps(x) and "shoulder" not in json.dumps(x),
         "nothing of another patient")
rc, x = export("--reference", ref_b)
t.ok(rc == 0 and [a["patient"]["name"] for a in x["appointments"]] == [B["name"]] and
     [c["id"] for c in x["conversations"]] == [str(cb.id)], "export by reference")
rc, x = export("--conversation", str(cc.id))
t.ok(rc == 0 and [k["phone"] for k in x["callbacks"]] == ["+447700900987"] and
     x["appointments"] == [], "export by conversation")

audit_before = count("SELECT COUNT(*) FROM audit_log")
for args, want, why in [((), 2, "no selector"),
                        (("--phone", "07700 900987", "--reference", ref_a), 2, "two selectors"),
                        (("--conversation", "abc"), 2, "a conversation id that is no number"),
                        (("--phone", "call me"), 1, "a phone that is no number"),
                        (("--conversation", "999999"), 1, "an unknown conversation"),
                        (("--reference", "bad ref!"), 1, "a malformed reference")]:
    rc, _ = export(*args)
    t.is_(rc, want, "export refuses %s" % why)
r = nt.cli(fd, "export", "--clinic", "no-such-clinic", "--phone", "07700 900987")
t.is_(r.returncode, 1, "export refuses an unknown clinic")
t.is_(count("SELECT COUNT(*) FROM audit_log"), audit_before, "and refused exports change nothing")
rows = fd.sql("SELECT action, address, user_id, subject, clinic_id FROM audit_log "
              "WHERE action = 'export' ORDER BY id")
t.is_([(r[0], r[1], r[2], r[4]) for r in rows], [("export", "cli", "NULL", HP)] * 3,
      "each export is in the audit log, by the command line")
t.ok(rows and rows[0][3].startswith("phone:") and "900987" not in rows[0][3],
     "naming the phone by a keyed hash, not in plain")
t.is_(rows[1][3], "reference:" + ref_b, "and the reference")

# --- erase --------------------------------------------------------------------
r = nt.cli(fd, "erase", "--clinic", HP, "--phone", "07700900987")
t.ok(r.returncode == 0, "erase by phone", r.stderr)
e = json.loads(r.stdout) if r.returncode == 0 else {}
t.ok(e.get("appointments_anonymised") == 1 and e.get("messages_deleted", 0) > 4 and
     e.get("callbacks_deleted", 0) >= 1 and e.get("notifications_deleted", 0) >= 1,
     "reports what it did: %r" % e)
row = fd.sql("SELECT status, patient_name, patient_phone, patient_email, patient_dob, "
             "patient_phone_hash, anonymised_at IS NOT NULL FROM appointments "
             "WHERE reference = '%s'" % ref_a)
t.is_(row, [["booked", "NULL", "NULL", "NULL", "NULL", "NULL", "1"]],
      "the appointment row is kept for the clinic, anonymised")
t.is_(count("SELECT COUNT(*) FROM messages WHERE conversation_id IN (%d, %d)" % (ca.id, cc.id)), 0,
      "the patient's messages are deleted")
t.is_(fd.sql("SELECT DISTINCT state FROM conversations WHERE id IN (%d, %d)" % (ca.id, cc.id)),
      [["{}"]], "their conversations' state is cleared")
t.is_(count("SELECT COUNT(*) FROM callbacks"), 0, "the call-back is deleted")
t.is_(count("SELECT COUNT(*) FROM notify_appointments WHERE reference = '%s'" % ref_a), 0,
      "the notification records are deleted")
t.ok(all(x["recipient"] != A["email"] for x in nt.outbox(fd)), "and the messages sent")
t.is_(fd.unseal(fd.sql("SELECT patient_name FROM appointments WHERE reference = '%s'" % ref_b)[0][0],
                "appointments.patient_name"), B["name"], "another patient's booking is untouched")
t.ok(count("SELECT COUNT(*) FROM messages WHERE conversation_id = %d" % cb.id) > 4,
     "and so is their conversation")
t.is_(count("SELECT COUNT(*) FROM events"), events, "the analytics events stay")
rc, x = export("--phone", "07700 900987")
t.ok(rc == 0 and x["appointments"] == [] and x["conversations"] == [] and x["callbacks"] == [],
     "an export afterwards finds nothing")
t.is_(fd.sql("SELECT action, address FROM audit_log WHERE action = 'erase'"), [["erase", "cli"]],
      "the erasure is in the audit log")

# --- retention ------------------------------------------------------------------
doc = json.load(open(fdtest.clinic_path(HP)))
for bad in (0, 1201, "12"):
    p = os.path.join(fd.dir, "bad.json")
    json.dump(dict(doc, id="harbour-bad", privacy={"retention_months": bad}), open(p, "w"))
    r = fd.cli("import", p)
    t.ok(r.returncode != 0 and "privacy.retention_months" in r.stderr,
         "retention_months %r is refused, the field named" % (bad,))
t.is_(count("SELECT COUNT(*) FROM clinics WHERE id = 'harbour-bad'"), 0, "and nothing is imported")
p = os.path.join(fd.dir, "short.json")
json.dump(dict(doc, id="harbour-short", privacy={"retention_months": 2}), open(p, "w"))
t.is_(fd.cli("import", p).returncode, 0, "a clinic keeping data two months")
cs = WebChat(fd, "harbour-short")
cs.say("Do you have parking? " + WORDS)
st, _ = fd.call("POST", "api/v1/conversations/%d/messages" % cs.id, {"text": "and thanks"},
                token=cs.token, origin="http://localhost:8080", headers={"Idempotency-Key": "p-1"})
short_msgs = count("SELECT COUNT(*) FROM messages WHERE clinic_id = 'harbour-short'")
hp_msgs = count("SELECT COUNT(*) FROM messages WHERE clinic_id = '%s'" % HP)
events = count("SELECT COUNT(*) FROM events")

r = nt.cli(fd, "purge", now="2027-01-05T03:30:00Z")
t.is_(r.returncode, 0, "purge a month later")
t.is_(count("SELECT COUNT(*) FROM messages WHERE clinic_id = 'harbour-short'"), short_msgs,
      "keeps what is within retention")
t.is_(count("SELECT COUNT(*) FROM idempotency_keys"), 0, "but spent retry keys go")
t.is_(count("SELECT COUNT(*) FROM rate_counters"), 0, "and old rate counters")
r = nt.cli(fd, "purge", now="2027-02-05T03:30:00Z")
t.is_(count("SELECT COUNT(*) FROM messages WHERE clinic_id = 'harbour-short'"), 0,
      "past two months: the short clinic's messages are deleted")
t.is_(fd.sql("SELECT state, page FROM conversations WHERE id = %d" % cs.id), [["{}", "NULL"]],
      "and its conversation's state is cleared")
t.is_(count("SELECT COUNT(*) FROM messages WHERE clinic_id = '%s'" % HP), hp_msgs,
      "the other clinic (12 months, the default) keeps its messages")
t.is_(fd.unseal(fd.sql("SELECT patient_name FROM appointments WHERE reference = '%s'" % ref_b)[0][0],
                "appointments.patient_name"), B["name"], "and its appointments")
r = nt.cli(fd, "purge", now="2028-01-12T03:30:00Z")
t.ok(r.returncode == 0 and "rows deleted or anonymised" in r.stdout, "purge a year on", r.stderr)
t.is_(count("SELECT COUNT(*) FROM messages"), 0, "every message past retention is deleted")
t.is_(fd.sql("SELECT patient_name, patient_phone, patient_email, patient_dob FROM appointments "
             "WHERE reference = '%s'" % ref_b), [["NULL"] * 4],
      "an appointment past retention is anonymised")
t.is_(count("SELECT COUNT(*) FROM appointments"), 2, "and kept")
t.is_(count("SELECT COUNT(*) FROM notify_outbox") + count("SELECT COUNT(*) FROM notify_appointments")
      + count("SELECT COUNT(*) FROM notify_manage_tokens"), 0, "the notification rows are deleted")
t.is_(count("SELECT COUNT(*) FROM conversations WHERE state <> '{}'"), 0, "no state is left")
t.is_(count("SELECT COUNT(*) FROM events"), events, "the analytics events are kept")
cols = [r[0] for r in fd.sql("SELECT column_name FROM information_schema.columns WHERE "
                             "table_schema = DATABASE() AND table_name = 'events'")]
t.is_(sorted(cols), sorted(["id", "clinic_id", "conversation_id", "type", "topic", "language",
                            "after_hours", "created_at"]), "and hold no patient data")

# --- security headers -------------------------------------------------------
st, _, h = fd.request("GET", "api/v1/health")
t.is_((h.get("Content-Security-Policy"), h.get("X-Frame-Options"), h.get("Cache-Control"),
       h.get("X-Content-Type-Options"), h.get("Referrer-Policy")),
      ("default-src 'none'; frame-ancestors 'none'", "DENY", "no-store", "nosniff", "no-referrer"),
      "API answers: strict CSP, no framing, no caching")
t.ok("Strict-Transport-Security" not in h, "no HSTS over plain http")
st, _, h = fd.request("GET", "api/v1/admin/me")
t.ok(st == 401 and h.get("X-Frame-Options") == "DENY" and h.get("Cache-Control") == "no-store"
     and "frame-ancestors 'none'" in h.get("Content-Security-Policy", ""),
     "the admin API too, even refusing")
env = dict(fd.env, GATEWAY_INTERFACE="CGI/1.1", REQUEST_METHOD="GET", PATH_INFO="/api/v1/health",
           QUERY_STRING="", SCRIPT_NAME="/f.cgi", REMOTE_ADDR="127.0.0.1", HTTPS="on")
out = subprocess.run([fdtest.FCGI], env=env, capture_output=True).stdout.decode()
head = out.split("\r\n\r\n")[0]
t.like(head, "Strict-Transport-Security: max-age=31536000", "HSTS over https")
t.is_(head.count("Content-Security-Policy"), 1, "one CSP header")
t.done()
