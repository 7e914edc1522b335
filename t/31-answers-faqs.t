#!/usr/bin/python3
# The answer engine against a real database: the clinic_faqs table of
# migration 010, staff FAQs used next to the clinic file's, bank holidays
# from data_dir, and "frontdesk ask" refusing bad input.
import json, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio", "oakwood-dental"], web=False)

def ask(*args):
    r = fd.cli("ask", *args)
    try:
        return r.returncode, json.loads(r.stdout)
    except ValueError:
        return r.returncode, {"raw": r.stdout, "err": r.stderr}

def said(out):
    return "\n".join(m["text"] for m in out.get("replies", []))

rows = fd.sql("SELECT TABLE_COLLATION, ENGINE FROM information_schema.TABLES "
              "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'clinic_faqs'")
t.is_(rows, [["utf8mb4_unicode_ci", "InnoDB"]], "clinic_faqs: InnoDB, utf8mb4")

rc, out = ask("riverside-physio", "en", "Do you have showers?")
t.is_(rc, 0, "ask runs")
t.is_(out.get("answered"), False, "no shower fact yet: not answered")
t.ok("+44 20 7946 0321" in said(out), "the honest reply gives the phone")
t.ok({"type": "unanswered", "topic": "other"} in out.get("events", []),
     "an unanswered event is recorded")

fd.sql("INSERT INTO clinic_faqs (clinic_id, lang, q, a) VALUES "
       "('riverside-physio', 'en', 'Do you have showers?', "
       "'Yes, there is a shower next to the gym. 🚿'), "
       "('oakwood-dental', 'en', 'Do you have showers?', 'No.')")
rc, out = ask("riverside-physio", "en", "do u have a shower")
t.is_(out.get("answered"), True, "a staff FAQ answers it")
t.ok("shower next to the gym. 🚿" in said(out), "with the staff's own words, emoji intact")
t.ok("No." not in said(out), "not another clinic's FAQ")

rc, out = ask("riverside-physio", "pl", "Czy jest parking?")
t.ok("6 bezpłatnych" in said(out), "file FAQ in the patient's language")
t.is_(out["replies"][0]["language"], "pl", "reply language is the turn's")

rc, out = ask("oakwood-dental", "en", "are you open on 28 december?")
t.ok("Boxing Day" in said(out), "bank holiday from the shipped list")
t.ok({"type": "question", "topic": "hours"} in out["events"], "hours topic recorded")

rc, out = ask("riverside-physio", "fr", "C'est combien une séance de massage ?")
t.ok("£70" in said(out) and "minutes" in said(out), "French price question")

r = fd.cli("ask", "no-such-clinic", "en", "hello")
t.is_(r.returncode, 1, "unknown clinic: exit 1")
t.ok("no clinic" in r.stderr, "with a clear message")
r = fd.cli("ask", "riverside-physio", "english", "hello")
t.is_(r.returncode, 2, "bad language code: exit 2")
r = fd.cli("ask", "riverside-physio")
t.is_(r.returncode, 2, "no question: usage")
t.done()
