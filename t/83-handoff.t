#!/usr/bin/python3
# A patient asks for a person: the conversation waits for staff, the
# patient is told honestly when someone will answer (in opening hours:
# within minutes; otherwise the next opening, in the clinic's zone and the
# patient's language) and may leave a number to be called back.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fdadmin

t = fdtest.TAP()
O = "http://localhost:8080"
RIV = "riverside-physio"


def start(fd, lang="en"):
    st, c = fd.call("POST", "api/v1/conversations", {"clinic": RIV, "language": lang}, origin=O)
    return c["conversation"], c["token"]


def say(fd, conv, body):
    cid, tok = conv
    st, b = fd.call("POST", "api/v1/conversations/%d/messages" % cid, body, token=tok, origin=O)
    return [m for m in b["messages"] if m["from"] != "patient"]


def waiting(fd, cid):
    return fd.sql("SELECT waiting_staff FROM conversations WHERE id = %d" % cid)[0][0] == "1"


def events(fd, cid, type_):
    return int(fd.sql("SELECT COUNT(*) FROM events WHERE conversation_id = %d AND type = '%s'"
                      % (cid, type_))[0][0])


# --- in opening hours: Thursday 3 December 2026, 14:05 in London ----------------
fd = fdtest.Instance(clinics=[RIV])
fdadmin.add_user(fd, "sam@riverside.example", "staff", [RIV])
sam = fdadmin.Session(fd)
sam.login("sam@riverside.example")

c = start(fd)
r = say(fd, c, {"text": "Can I speak to a real person?"})
t.is_(len(r), 2, "asking for a person: two replies")
t.like(r[0]["text"], "within a few minutes", "in opening hours: someone will answer within minutes")
t.is_(r[1]["form"], {"fields": [{"name": "handoff_phone", "label": "Phone number", "type": "tel"}]},
      "and a call-back form with a tel field")
t.ok(waiting(fd, c[0]), "the conversation waits for staff")
t.is_(events(fd, c[0], "handoff"), 1, "a handoff event is recorded")
st, b = sam.call("GET", "api/v1/admin/conversations?filter=waiting")
t.is_([x["id"] for x in b["conversations"]], [c[0]], "staff see it among those waiting")

c2 = start(fd)
r = say(fd, c2, {"text": "Are you a real person?"})
t.ok(not waiting(fd, c2[0]) and events(fd, c2[0], "handoff") == 0,
     "'Are you a real person?' is not a hand-off")
t.ok(all("within a few minutes" not in m["text"] for m in r), "and gets no hand-off reply")

c3 = start(fd)
r = say(fd, c3, {"choice": "staff:request"})
t.ok(waiting(fd, c3[0]) and "within a few minutes" in r[0]["text"], "the choice staff:request")

for text in ("talk to someone", "human please", "I need to talk to someone about my bill"):
    cx = start(fd)
    say(fd, cx, {"text": text})
    t.ok(waiting(fd, cx[0]), "hand-off: %r" % text)

r = say(fd, c, {"form": {"handoff_phone": "call me maybe"}})
t.like(r[0]["text"], "does not look like a phone number", "a bad number is refused")
t.is_(r[0]["form"]["fields"][0]["name"], "handoff_phone", "and the form offered again")
t.is_(fd.sql("SELECT COUNT(*) FROM callbacks"), [["0"]], "nothing stored")
r = say(fd, c, {"form": {"handoff_phone": "+44 7700 900123"}})
t.like(r[0]["text"], "call you back on that number shortly", "a good number: thanks, shortly")
t.is_([[fd.unseal(p, "callbacks.phone"), k] for p, k in
       fd.sql("SELECT phone, clinic_id FROM callbacks WHERE conversation_id = %d" % c[0])],
      [["+447700900123", RIV]], "the call-back is stored, sealed")
t.is_(events(fd, c[0], "callback_requested"), 1, "and counted")
st, v = sam.call("GET", "api/v1/admin/conversations/%d" % c[0])
t.is_([(k["phone"], k["done_at"]) for k in v["callbacks"]], [("+447700900123", None)],
      "staff see the call-back in the conversation")
t.is_(v["conversation"]["callbacks"], 1, "and its count")
kid = v["callbacks"][0]["id"]
st, b = sam.call("POST", "api/v1/admin/callbacks/%d/done" % kid, csrf=False)
t.is_(st, 403, "marking it done needs the CSRF token")
st, b = sam.call("POST", "api/v1/admin/callbacks/%d/done" % kid)
t.is_(st, 200, "staff mark it done")
t.ok(fd.sql("SELECT done_at FROM callbacks WHERE id = %d" % kid)[0][0] != "NULL", "done_at is set")

cf = start(fd, "fr")
r = say(fd, cf, {"text": "Bonjour, je voudrais parler à quelqu'un"})
t.like(r[0]["text"], "quelques minutes", "in French, in French")
t.is_(r[1]["form"]["fields"][0]["label"], "Numéro de téléphone", "the form label too")

# Once staff take over, the bot says nothing to a request either.
st, b = sam.call("POST", "api/v1/admin/conversations/%d/takeover" % c3[0])
r = say(fd, c3, {"text": "hello, can I speak to someone?"})
t.is_(r, [], "taken over: no hand-off reply from the bot")
t.ok(not waiting(fd, c3[0]), "and it no longer waits")


def closed_case(now, lang, text, want, name):
    fdc = fdtest.Instance(clinics=[RIV], now=now)
    cx = start(fdc, lang)
    r = say(fdc, cx, {"text": text})
    t.like(r[0]["text"], want, name)
    t.ok(waiting(fdc, cx[0]), "the conversation waits for staff (%s)" % lang)
    return fdc, cx


# --- closed: Saturday 5 December 22:00; it opens Monday 7 December at 08:00 ------
fdc, cx = closed_case("2026-12-05T22:00:00Z", "en", "Can I talk to a human?",
                      "when the clinic opens, Monday 7 December at 08:00.",
                      "closed: the next opening, in words")
t.ok("few minutes" not in " ".join(m["text"] for m in say(fdc, cx, {"choice": "staff:request"})),
     "and no promise of minutes")
r = say(fdc, cx, {"form": {"handoff_phone": "020 7946 0999"}})
t.like(r[0]["text"], "once the clinic opens", "a call-back once the clinic opens")
cf = start(fdc, "fr")
r = say(fdc, cf, {"text": "Je veux parler à une vraie personne"})
t.like(r[0]["text"], "lundi 7 décembre à 08:00", "in French: lundi 7 décembre à 08:00")
cp = start(fdc, "pl")
r = say(fdc, cp, {"text": "Chcę porozmawiać z człowiekiem"})
t.like(r[0]["text"], "poniedziałek, 7 grudnia o 08:00", "in Polish: poniedziałek, 7 grudnia o 08:00")
ce = start(fdc, "es")
r = say(fdc, ce, {"text": "Quiero hablar con una persona"})
t.like(r[0]["text"], "el lunes 7 de diciembre a las 08:00", "in Spanish")

# --- closed in the evening and early morning --------------------------------------
closed_case("2026-12-04T19:00:00Z", "en", "speak to someone please",
            "when the clinic opens, tomorrow at 09:00.", "Friday evening: tomorrow at 09:00")
closed_case("2026-12-03T06:30:00Z", "en", "speak to someone please",
            "when the clinic opens, today at 08:00.", "Thursday 06:30: today at 08:00")
# British Summer Time: 07:00 UTC on Monday 6 July 2026 is 08:00 in London, open.
closed_case("2026-07-06T06:30:00Z", "en", "speak to someone please",
            "today at 08:00", "in summer the clinic's zone is used (BST)")
t.done()
