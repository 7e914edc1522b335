#!/usr/bin/python3
# An import reaches patients within clinic_recheck_ms: a worker trusts a
# clinic file it has read for that long, then asks for its revision.
import json, os, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()

def new_phone(fd, phone):
    with open(fdtest.clinic_path("riverside-physio")) as f:
        doc = json.load(f)
    doc["contact"]["phone"] = phone
    path = os.path.join(fd.dir, "riverside-%s.json" % phone[-4:])
    with open(path, "w") as f:
        json.dump(doc, f)
    t.is_(fd.cli("import", path).returncode, 0, "the clinic's phone changes")

def phone_answer(fd, cid, tok):
    st, b = fd.call("POST", "api/v1/conversations/%d/messages" % cid,
                    {"text": "what is your phone number?"}, token=tok)
    return " ".join(m["text"] for m in b.get("messages", []))

for wait in (1000, 0):
    fd = fdtest.Instance(clinics=["riverside-physio"], workers=1,
                         conf={"clinic_recheck_ms": str(wait)})
    st, c = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"})
    cid, tok = c["conversation"], c["token"]
    t.like(phone_answer(fd, cid, tok), r"7946 0321",
           "recheck %d ms: the phone as imported first" % wait)
    new_phone(fd, "+44 20 7946 0999")
    if wait:
        time.sleep(wait / 1000.0 + 0.3)
    t.like(phone_answer(fd, cid, tok), r"7946 0999",
           "recheck %d ms: the new phone %s" % (wait, "once that time is past"
           if wait else "on the next request"))
    st, b = fd.call("GET", "api/v1/conversations/%d/messages?after=0" % cid,
                    token=tok)
    t.is_(st, 200, "recheck %d ms: polls still answer" % wait)
t.done()
