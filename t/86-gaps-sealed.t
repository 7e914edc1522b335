#!/usr/bin/python3
# Knowledge gaps from real conversations: their questions are sealed at
# rest, yet the dashboard shows them in plain, groups the same question
# asked twice, and turns the group into an FAQ the bot then uses.
import os, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fdadmin

t = fdtest.TAP()
RIV = "riverside-physio"
O = "http://localhost:8080"
fd = fdtest.Instance(clinics=[RIV])
fdadmin.add_user(fd, "ann@riverside.example", "admin", [RIV])
ann = fdadmin.Session(fd)
ann.login("ann@riverside.example")

def ask(text):
    st, c = fd.call("POST", "api/v1/conversations", {"clinic": RIV}, origin=O)
    st, b = fd.call("POST", "api/v1/conversations/%d/messages" % c["conversation"],
                    {"text": text}, token=c["token"], origin=O)
    return b["messages"][-1]["text"]

q = "Do you have a hydrotherapy pool?"
ask(q)
ask("do you have a HYDROTHERAPY pool")
rows = fd.sql("SELECT question FROM knowledge_gaps")
t.is_(len(rows), 2, "two unanswered questions are recorded")
t.ok(all(r[0].startswith("fd1:") for r in rows), "sealed at rest")
st, b = ann.call("GET", "api/v1/admin/gaps?clinic=" + RIV)
t.is_(st, 200, "the gaps list answers")
gaps = b.get("gaps", [])
t.is_(len(gaps), 1, "the same question asked twice is one group", gaps)
t.ok(gaps and gaps[0]["question"] in (q, "do you have a HYDROTHERAPY pool"),
     "shown in plain", gaps[0]["question"] if gaps else None)
t.is_(gaps[0]["count"] if gaps else None, 2, "asked 2 times")
st, b = ann.call("POST", "api/v1/admin/gaps/answer",
                 {"key": gaps[0]["key"], "question": q, "language": "en",
                  "answer": "No, we do not have a hydrotherapy pool."})
t.is_(st, 200, "answered as an FAQ")
# Workers trust the clinic they read for clinic_recheck_ms (1 s).
time.sleep(1.2)
t.like(ask("do you have a hydrotherapy pool?"), "do not have a hydrotherapy pool",
       "the bot answers it within clinic_recheck_ms")
t.done()
