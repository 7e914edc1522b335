#!/usr/bin/python3
# A patient asking for a person: staff are alerted by e-mail too (queued
# in the turn's transaction), and so are they for an emergency.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio"],
                     conf={"smtp_url": "smtp://127.0.0.1:1", "smtp_tls": "none",
                           "smtp_from": "frontdesk@clinic.example"})
O = "http://localhost:8080"

def say(text):
    st, c = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"}, origin=O)
    st, b = fd.call("POST", "api/v1/conversations/%d/messages" % c["conversation"],
                    {"text": text}, token=c["token"], origin=O)
    return st, c["conversation"]

st, cid = say("can I speak to a real person please")
t.is_(st, 200, "a request for a person answers 200")
rows = fd.sql("SELECT kind, channel, status FROM notify_outbox")
t.is_(rows, [["staff_alert", "email", "pending"]],
      "a staff alert e-mail is queued (the mail server is down: it waits)")
st, cid = say("crushing chest pain and I'm sweating")
rows = fd.sql("SELECT kind, channel FROM notify_outbox ORDER BY id")
t.is_(len(rows), 2, "an emergency queues another")
t.ok(fd.sql("SELECT waiting_staff FROM conversations WHERE id = 1") == [["1"]],
     "the first conversation waits for staff")
t.done()
