#!/usr/bin/python3
# A turn writes the conversation's sealed state only when it changed it,
# and still keeps the conversation's other columns up to date.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio"], now=None)

def row(cid):
    return fd.sql("SELECT state, language, updated_at FROM conversations "
                  "WHERE id = %d" % cid)[0]

def say(cid, tok, text):
    st, b = fd.call("POST", "api/v1/conversations/%d/messages" % cid,
                    {"text": text}, token=tok)
    t.is_(st, 200, "%r is answered" % text)
    return b

st, c = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"})
cid, tok = c["conversation"], c["token"]
say(cid, tok, "how much is a follow up?")
first = row(cid)
say(cid, tok, "how much is a follow up?")
again = row(cid)
t.is_(again[0], first[0], "the same question again leaves the sealed state "
      "as it was: not rewritten (a new seal would differ)")
t.ok(again[2] >= first[2], "the conversation's last activity is still kept")

say(cid, tok, "I'd like to book an appointment")
booking = row(cid)
t.ok(booking[0] != again[0], "a turn that changes the state writes it")
st, b = fd.call("GET", "api/v1/conversations/%d/messages?after=0" % cid, token=tok)
t.is_(st, 200, "the conversation reads back")
t.is_(len(b["messages"]), 7, "with every message of its turns")
say(cid, tok, "how much is a follow up?")
t.ok(row(cid)[0] != "{}", "and the state stays sealed, never emptied")
t.done()
