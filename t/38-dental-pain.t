#!/usr/bin/python3
# Dental pain at a dental clinic: no advice, the emergency appointment
# offered, and its button starts the booking of that service; the advice
# refusal's booking button starts a booking too.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["oakwood-dental", "riverside-physio"])
O = "http://localhost:8080"

def chat(clinic):
    st, c = fd.call("POST", "api/v1/conversations", {"clinic": clinic}, origin=O)
    path = "api/v1/conversations/%d/messages" % c["conversation"]
    def send(body):
        st, b = fd.call("POST", path, body, token=c["token"], origin=O)
        return st, [m for m in b.get("messages", []) if m["from"] != "patient"]
    return send

send = chat("oakwood-dental")
st, msgs = send({"text": "I have toothache"})
text = " ".join(m["text"] for m in msgs)
choices = [x for m in msgs for x in (m["choices"] or [])]
t.is_(st, 200, "toothache: 200")
t.like(text, "£95", "the emergency appointment and its price")
t.ok(not any(m["emergency"] for m in msgs), "not a 999 emergency")
book = [x for x in choices if x["value"].startswith("book:start")]
t.ok(book, "a button to book it", choices)
st, msgs = send({"choice": book[0]["value"]})
t.is_(st, 200, "the button answers 200")
labels = [x["label"] for m in msgs for x in (m["choices"] or [])]
t.ok(any("Patel" in l for l in labels) or any("Emergency" in m["text"] for m in msgs),
     "and the booking of the emergency appointment goes on", labels)

send = chat("riverside-physio")
st, msgs = send({"text": "should i use ice or heat on my hamstring"})
book = [x for m in msgs for x in (m["choices"] or []) if x["value"] == "book:start"]
t.ok(book, "the advice refusal offers to book")
st, msgs = send({"choice": "book:start"})
t.is_(st, 200, "its button answers 200")
t.ok(any(m["choices"] for m in msgs), "and the booking flow asks what to book",
     [m["text"] for m in msgs])
t.done()
