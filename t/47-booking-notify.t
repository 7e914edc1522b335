#!/usr/bin/python3
# A booking made in the chat reaches the patient, through the real API:
# the confirmation by SMS and e-mail at the clinic's local time (B01: a
# booking in winter for a date after the clocks go forward), the manage
# link of the confirmation cancelling it, a move in the chat (the new
# time secured before the old one is freed, and a "moved" message), a
# code by text message instead of the date of birth, and WhatsApp where
# the clinic has templates.
import os, re, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest
import notifytest as nt
import webchat

t = fdtest.TAP()
fd, fake, sink = nt.setup(web=True, now="2026-12-03T10:00:00Z",
                          clinics=("riverside-physio", "oakwood-dental", "harbour-physio",
                                   "harbour-notify"))
O = "http://localhost:8080"
AOIFE = {"name": "Aoife Byrne", "phone": "07700 900123", "date_of_birth": "05/04/1988",
         "email": "aoife@example.com"}


def sms_to(phone):
    return [r["data"]["Body"] for r in fake.of("sms") if r["data"]["To"] == phone]


def mails_to(addr):
    return [nt.mail_text(nt.mail(m[2])) for m in sink.messages if m[1] == [addr]]


def book(clinic, text, slot, details):
    c = webchat.Chat(fd, clinic, origin=O)
    c.say(text)
    c.pick(slot)
    c.form(details)
    c.pick("^Yes, book it$")
    return c


# B01: booked on Thu 3 Dec 2026 (GMT) for Tue 6 Apr 2027 10:00 (BST).
c = webchat.Chat(fd, "harbour-physio", origin=O)
c.say("Book me a physio follow-up on Tuesday 6 April 2027 at 10am")
t.is_(c.status, 200, "the wish to book: 200")
t.ok(c.choice(r"^Tue 6 Apr, 10:00$") is not None, "10:00 is offered as 10:00", c.text())
c.pick(r"^Tue 6 Apr, 10:00$")
t.ok(c.has_form(), "picked; the details form follows")
c.form(AOIFE)
t.like(c.text(), "Tuesday 6 April 2027 at 10:00", "read back at 10:00")
t.is_((len(fake.requests), len(sink.messages)), (0, 0), "nothing sent before the yes")
c.pick("^Yes, book it$")
b = c.booking()
t.ok(b is not None, "booked on the yes", c.text())
ref = b["reference"] if b else ""
t.is_(b and b["start"], "2027-04-06T10:00:00+01:00", "the booking object says 10:00 BST")
t.like(c.text(), "Tuesday 6 April 2027 at 10:00", "the chat says 10:00")
t.is_(fd.sql("SELECT start_utc, end_utc, status FROM appointments WHERE reference = '%s'" % ref),
      [["2027-04-06 09:00:00", "2027-04-06 09:30:00", "booked"]], "stored as 09:00Z")
texts = sms_to("+447700900123")
t.is_(len(texts), 1, "one SMS to the patient's mobile in E.164 (the clinic has no WhatsApp)")
t.like(texts and texts[0], "Tuesday 6 April 2027, 10:00", "the SMS says 10:00")
t.like(texts and texts[0], "Reference: " + ref, "with the reference")
mails = mails_to("aoife@example.com")
t.is_(len(mails), 1, "one e-mail")
t.like(mails and mails[0], "When: Tuesday 6 April 2027, 10:00", "the e-mail says 10:00")
t.like(mails and mails[0], "Price: £50", "with the price")
t.like(mails and mails[0], "With: Sam Okafor", "and the practitioner's name")
t.ok(mails and "okafor" not in mails[0] and "Service: follow-up" not in mails[0],
     "names, not ids")
t.is_(fd.sql("SELECT kind, channel, status FROM notify_outbox ORDER BY id"),
      [["booked", "sms", "sent"], ["booked", "email", "sent"]],
      "queued with the turn, sent after commit")

# The manage link of the confirmation cancels it.
link = re.search(r"#r=(\w+)&t=([0-9a-f]{48})", mails[0] if mails else "")
t.ok(link and link.group(1) == ref, "the e-mail carries the manage link")
token = link.group(2) if link else "0" * 48
st, a = fd.call("GET", "api/v1/appointments/" + ref, token=token)
t.is_((st, a.get("status"), a.get("start"), a.get("can_cancel")),
      (200, "booked", "2027-04-06T10:00:00+01:00", True), "the link shows it, cancellable")
st, a = fd.call("POST", "api/v1/appointments/%s/cancel" % ref, token=token)
t.is_((st, a.get("status")), (200, "cancelled"), "cancelled from the link")
t.is_(fd.sql("SELECT status FROM appointments WHERE reference = '%s'" % ref), [["cancelled"]],
      "the appointment is cancelled")
t.is_(fd.sql("SELECT COUNT(*) FROM appointment_blocks")[0][0], "0", "its time is free again")
texts = sms_to("+447700900123")
t.is_(len(texts), 2, "the patient gets a second SMS")
t.like(texts[-1], "cancel", "saying it is cancelled")
t.like(texts[-1], "Tuesday 6 April 2027, 10:00", "at its local time")
t.like(mails_to("aoife@example.com")[-1], "cancel", "and an e-mail saying so")
n = len(fake.requests)
st, _ = fd.call("POST", "api/v1/appointments/%s/cancel" % ref, token=token)
t.is_((st, len(fake.requests)), (409, n), "cancelling again: 409, nothing sent")

# The freed time books again; then the patient moves it in the chat.
c = book("harbour-physio", "Book me a physio follow-up on Tuesday 6 April 2027 at 10am",
         r"^Tue 6 Apr, 10:00$", AOIFE)
b = c.booking()
t.ok(b is not None, "the freed time books again")
ref = b["reference"] if b else ""
appt = fd.sql("SELECT id FROM appointments WHERE reference = '%s'" % ref)[0][0]
m = webchat.Chat(fd, "harbour-physio", origin=O)
m.say("I need to reschedule my appointment to Wednesday 7 April 2027")
t.ok(m.has_form(), "moving asks who the patient is")
m.form({"reference": ref.lower(), "date_of_birth": "05/04/1988"})
t.like(m.text(), "I found your booking " + ref, "found by reference and date of birth")
t.ok(m.choice(r"^Wed 7 Apr, 09:00$") is not None, "times on the day asked for", m.text())

# A competing booking takes 09:00 between the offer and the yes: the move
# fails at the database and the old booking stays whole.
m.pick(r"^Wed 7 Apr, 09:00$")
t.like(m.text(), "Move your appointment to Wednesday 7 April 2027 at 09:00", "asks before moving")
fd.sql("INSERT INTO appointment_blocks (clinic_id, practitioner_id, block_start, "
       "appointment_id) VALUES ('harbour-physio', 'okafor', '2027-04-07 08:10:00', 999999)")
n = len(fake.requests)
m.pick("^Yes, move it$")
t.like(m.text(), "just taken", "the time was just taken: said so")
t.ok(any(x["value"].startswith("slot:") for x in m.choices()), "and other times offered")
t.is_(fd.sql("SELECT start_utc, status FROM appointments WHERE id = %s" % appt),
      [["2027-04-06 09:00:00", "booked"]], "the old booking is untouched")
t.is_(fd.sql("SELECT COUNT(*) FROM appointment_blocks WHERE appointment_id = %s" % appt)[0][0],
      "6", "and keeps its time")
t.is_(len(fake.requests), n, "no message about a move that did not happen")
fd.sql("DELETE FROM appointment_blocks WHERE appointment_id = 999999")

m.pick(r"^Wed 7 Apr, 10:15$")
m.pick("^Yes, move it$")
b = m.booking()
t.is_(b and (b["reference"], b["start"]), (ref, "2027-04-07T10:15:00+01:00"),
      "moved, same reference, new time")
t.is_(fd.sql("SELECT start_utc FROM appointments WHERE id = %s" % appt),
      [["2027-04-07 09:15:00"]], "stored as 09:15Z")
t.is_(fd.sql("SELECT MIN(block_start), COUNT(*) FROM appointment_blocks WHERE "
             "appointment_id = %s" % appt), [["2027-04-07 09:15:00", "6"]],
      "it holds the new time only")
texts = sms_to("+447700900123")
t.like(texts[-1], "Wednesday 7 April 2027, 10:15", "the patient's SMS has the new time")
t.ok("moved" in texts[-1].lower() or "changed" in texts[-1].lower(),
     "and says it moved", texts[-1])
mails = mails_to("aoife@example.com")
t.like(mails[-1], "Wednesday 7 April 2027, 10:15", "so does the e-mail")
t.is_(fd.sql("SELECT kind FROM notify_outbox ORDER BY id DESC LIMIT 1"), [["moved"]],
      "queued as a move")

# A code by text message instead of the date of birth.
k = webchat.Chat(fd, "harbour-physio", origin=O)
k.say("I want to cancel my appointment")
k.form({"reference": "07700 900123", "date_of_birth": ""})
t.ok(k.choice("^Send me a code$") is not None, "a mobile without a date of birth: a code offered")
k.pick("^Send me a code$")
t.like(k.text(), "6-digit code", "the code is on its way")
t.ok(k.has_form(), "and a form for it")
body = sms_to("+447700900123")[-1]
code = re.search(r"\b(\d{6})\b", body)
t.ok(code and "Harbour Physio" in body, "the code arrives by SMS", body)
code = code.group(1) if code else "000000"
k.form({"code": "%06d" % ((int(code) + 1) % 1000000)})
t.like(k.text(), "not right", "a wrong code is refused")
k.say(code[:3] + " " + code[3:])
t.like(k.text(), "I found your booking " + ref, "the right code, typed: the booking is found")
k.pick("^Yes, cancel it$")
t.like(k.text(), "is cancelled", "cancelled in the chat")
t.like(sms_to("+447700900123")[-1], "cancel", "and the patient is told")
k.say("I want to cancel my appointment")
k.form({"reference": "07700 900124", "date_of_birth": ""})
n = len(fake.requests)
k.pick("^Send me a code$")
t.like(k.text(), "If that number has a booking", "a number without a booking: the same answer")
t.is_(len(fake.requests), n, "but no code is sent")
k.say("123456")
t.ok("I found your booking" not in k.text(), "and no code opens anything")

# WhatsApp where the clinic has templates for it.
w = webchat.Chat(fd, "harbour-notify", origin=O)
w.say("I'd like to book a sports massage with Anna Nowak on Monday 18 January 2027 at 2pm")
w.pick(r"^Mon 18 Jan, 14:00$")
w.form({"name": "Priya Shah", "phone": "+44 7700 900456", "date_of_birth": "01/02/1990"})
w.pick("^Yes, book it$")
t.ok(w.booking() is not None, "booked at a clinic with WhatsApp", w.text())
wa = fake.of("whatsapp")
t.is_(len(wa), 1, "one WhatsApp message")
d = wa[0]["data"] if wa else {"template": {"components": [{"parameters": []}]}}
t.is_(d.get("to"), "447700900456", "to the patient's number")
params = [p["text"] for p in d["template"]["components"][0]["parameters"]]
t.is_(params[:4], ["Priya Shah", "Monday 18 January 2027, 14:00", "Sports massage", "Anna Nowak"],
      "the template's name, local time, service and practitioner")
t.ok(not re.search(r"@|example\.com", fd.log()) and "Aoife" not in fd.log(),
     "no patient details in the log")
t.done()
