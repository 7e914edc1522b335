#!/usr/bin/python3
# The booking conversation through `frontdesk chat`: the eval's booking
# cases, fact questions mid-flow, bad input that writes nothing, moving
# and cancelling after an identity check, and B18's weekday mismatch.
import os, re, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, bookchat

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio", "oakwood-dental", "harbour-physio"], web=False)
fd.cli("holidays")

def appts():
    return int(fd.sql("SELECT COUNT(*) FROM appointments")[0][0])

# book-sarah-seed
c = bookchat.Chat(fd, "riverside-physio")
c.say("Do you treat knee injuries?")
t.is_(c.last["handled"], 0, "a fact question is left to the answer engine")
c.say("What does the first consultation involve?")
t.is_(c.last["handled"], 0, "naming a service is not a wish to book")
c.say("I'd like to book with Dr Martinez this week if possible")
t.is_(c.last["handled"], 1, "a wish to book starts the flow")
t.ok("booking_intent" in c.events(), "booking_intent recorded")
c.pick("Initial")
t.ok("slots_shown" in c.events(), "slots shown")
labels = [x["label"] for x in c.choices() if x["value"].startswith("slot:")]
t.ok(0 < len(labels) <= 6, "up to six slots offered")
t.ok(all(re.match(r"(Thu 3|Fri 4) Dec, \d\d:\d\d$", l) for l in labels), "this week, weekday from code: %s" % labels)
c.pick("^Thu 3 Dec, 16:15$")
t.ok(c.has_form(), "the details form follows the pick")
fields = [(f["name"], f["type"]) for r in c.last["replies"] if r["form"] for f in r["form"]["fields"]]
t.is_(fields, [("name", "text"), ("phone", "tel"), ("date_of_birth", "date")], "the clinic's collect fields")
c.form({"name": "Sarah Jones", "phone": "07700 900123", "date_of_birth": "05/04/1990"})
t.like(c.text(), "5 April 1990", "the date of birth is read back in words")
t.like(c.text(), "+447700900123", "the phone in E.164")
c.say("How much does it cost?")
t.is_(c.last["handled"], 0, "a price question mid-flow goes to the answer engine")
t.is_(appts(), 0, "nothing is booked before the yes")
c.say("yes please")
b = c.booking()
t.ok(b is not None, "booked on an explicit yes")
if b:
    t.is_((b["practitioner"], b["service"], b["start"], b["duration_min"], b["price"]),
          ("Dr. Elena Martinez", "Initial physiotherapy assessment", "2026-12-03T16:15:00+00:00", 45, "£85"),
          "the booking object")
    t.ok(re.match(r"^[ACDEFGHJKMNPQRTUVWXY34679]{6}$", b["reference"]), "a short reference")
t.ok("booked" in c.events(), "booked recorded")
rows = fd.sql("SELECT patient_phone, patient_dob, status FROM appointments")
t.is_([[fd.unseal(r[0], "appointments.patient_phone"), fd.unseal(r[1], "appointments.patient_dob"), r[2]]
       for r in rows], [["+447700900123", "1990-04-05", "booked"]],
      "stored in E.164, the date day first")
t.ok(rows and rows[0][0].startswith("fd1:") and rows[0][1].startswith("fd1:"), "both sealed at rest")
sarah = b["reference"] if b else ""
c.close()

# book-fr-thompson
c = bookchat.Chat(fd, "riverside-physio", "fr")
c.say("Bonjour, je voudrais un rendez-vous avec le Dr Thompson pour mon épaule, plutôt le matin")
b = c.drive({"name": "Claire Dubois", "phone": "+44 7700 900456", "date_of_birth": "12/11/1985"},
            ["Thompson", "bilan|initial|Initial", "^(oui|confirm|réserv|yes)"])
t.ok(b and "Thompson" in b["practitioner"] and re.search(r"T(0[89]|1[01]):", b["start"]),
     "French: Thompson, a morning (%s)" % (b and b["start"]))
c.close()

c = bookchat.Chat(fd, "riverside-physio", "fr")
c.say("Je voudrais un rendez-vous avec le Dr Thompson samedi matin")
t.like(c.text(), "Quel type de rendez-vous", "the question in French")
c.pick("Initial")
t.ok(c.choice(r"^sam\. 5 déc\., \d\d:\d\d$"), "French labels from code: sam. 5 déc., HH:MM")
c.pick(r"^sam\. 5 déc\.")
c.form({"name": "Claire Dubois", "phone": "07700 900456", "date_of_birth": "12/11/1985"})
t.like(c.text(), "12 novembre 1985", "the date of birth read back in French")
t.ok(c.choice("^Oui, réserver$") and c.choice("^Modifier$"), "Oui, réserver / Modifier")
c.close()

# book-dental-emergency
c = bookchat.Chat(fd, "oakwood-dental")
c.say("I've lost a filling and it really hurts, can I get an emergency appointment tomorrow?")
b = c.drive({"name": "Tom Reed", "phone": "+447700900789", "date_of_birth": "1979-02-28"},
            ["Emergency", "^(yes|confirm|book)"])
t.ok(b and "Emergency" in b["service"] and b["start"].startswith("2026-12-04T"),
     "the Emergency service tomorrow (%s)" % (b and b["start"]))
c.close()

# bad input writes nothing
before = appts()
c = bookchat.Chat(fd, "harbour-physio", conversation=111)
c.say("I'd like to book a physio follow-up on Monday 11 January")
labels = [x["label"] for x in c.choices() if x["value"].startswith("slot:")]
t.ok(labels and all(l.startswith("Mon 11 Jan") for l in labels), "Monday 11 January offered")
token = c.choices()[0]["value"]
other = bookchat.Chat(fd, "harbour-physio", conversation=222)
other.send({"choice": token})
t.like(other.text(), "not offered in this conversation", "a token from another conversation is refused")
t.is_(fd.sql("SELECT COUNT(*) FROM holds WHERE conversation_id = 222"), [["0"]], "and holds nothing")
other.send({"choice": "slot:" + "0" * 24})
t.like(other.text(), "not offered", "an unknown token is refused")
other.close()
c.send({"choice": token})
t.ok(c.has_form(), "the owner's pick holds the slot")
for form, why, words in [
        ({"name": "A B", "phone": "call me", "date_of_birth": "01/02/1980", "email": "a@example.com"}, "a phone that is not a number", "does not look right"),
        ({"name": "A B", "phone": "020 7946 0000", "date_of_birth": "01/02/1980", "email": "a@example.com"}, "a landline for SMS", "landline"),
        ({"name": "A B", "phone": "070 1234 5678", "date_of_birth": "01/02/1980", "email": "a@example.com"}, "a 070 personal number", "personal number"),
        ({"name": "A B", "phone": "07700 900111", "date_of_birth": "01/02/2030", "email": "a@example.com"}, "a date of birth in the future", "future"),
        ({"name": "A B", "phone": "07700 900111", "date_of_birth": "01/02/1980", "email": "not-an-email"}, "a bad email", "email"),
        ({"name": "", "phone": "07700 900111", "date_of_birth": "01/02/1980", "email": "a@example.com"}, "no name", "name")]:
    c.form(form)
    t.like(c.text(), words, "%s gets a clear reply" % why)
    t.ok(c.has_form(), "%s: the form is asked again" % why)
t.is_(appts(), before, "none of them wrote an appointment")
c.form({"name": "A B", "phone": "07700 900111", "date_of_birth": "4/13/1988", "email": "a@example.com"})
t.like(c.text(), "13 April 1988", "4/13/1988 is asked back as 13 April 1988")
c.pick("^Yes$")
t.like(c.text(), "Shall I book it", "then the read-back")
fd.sql("UPDATE holds SET expires_at = '2026-12-03 14:00:00'")
c.pick("^Yes, book it")
t.like(c.text(), "hold has expired", "an expired hold is said so")
t.is_(appts(), before, "and books nothing")
slot = [x for x in c.choices() if x["value"].startswith("slot:")][0]
c.send({"choice": slot["value"]})
# staff book that time meanwhile (the hold only steers the offers)
sub = fd.sql("SELECT start_utc FROM holds WHERE conversation_id = 111")[0][0]
fd.sql("INSERT INTO appointments (clinic_id, reference, practitioner_id, service_id, start_utc, end_utc, status) "
       "VALUES ('harbour-physio', 'QQQQQQ', 'okafor', 'follow-up', '%s', '%s' + INTERVAL 30 MINUTE, 'booked')" % (sub, sub))
c.pick("^Yes, book it")
t.like(c.text(), "just taken", "a slot taken meanwhile is said so")
t.ok(any(x["value"].startswith("slot:") for x in c.choices()), "and others are offered")
t.is_(appts(), before + 1, "without a second appointment")
c.close()

# B18
c = bookchat.Chat(fd, "riverside-physio")
c.say("Can I come next Tuesday? I'd like a follow-up")
t.like(c.text(), "Tuesday 8 December 2026", "next Tuesday is read back as Tuesday 8 December 2026")
c.say("or Friday the 12th?")
t.like(c.text(), "Saturday, not a Friday", "Friday the 12th: the mismatch is flagged")
t.ok(c.choice("^Fri 11 Dec$") and c.choice("^Mon 14 Dec$"), "Fri 11 or Mon 14 offered")
c.close()

# B02: every listed slot of the clock-change week books
c = bookchat.Chat(fd, "harbour-physio")
c.say("I'd like a physio follow-up on Monday 1 November")
labels = [x["label"] for x in c.choices() if x["value"].startswith("slot:")]
t.ok(labels and labels[0] == "Mon 1 Nov, 09:00", "after the change: Mon 1 Nov 09:00 (%s)" % labels[:1])
c.pick("^Mon 1 Nov, 09:00$")
t.is_(fd.sql("SELECT start_utc FROM holds WHERE start_utc > '2027-10-31'"), [["2027-11-01 09:00:00"]], "09:00 GMT is 09:00Z")
c.close()
c = bookchat.Chat(fd, "harbour-physio")
c.say("I'd like a physio follow-up on Thursday 28 October")
c.pick("^Thu 28 Oct, 09:00$")
t.is_(fd.sql("SELECT start_utc FROM holds ORDER BY id DESC LIMIT 1"), [["2027-10-28 08:00:00"]], "09:00 BST is 08:00Z")
b = c.drive({"name": "B Two", "phone": "07700 900222", "date_of_birth": "01/01/1970", "email": "b@example.com"}, ["^yes"])
t.ok(b and b["start"] == "2027-10-28T09:00:00+01:00", "booked with its offset: %s" % (b and b["start"]))
c.close()

# cancel and move
c = bookchat.Chat(fd, "riverside-physio")
c.say("I need to cancel my appointment")
t.ok(c.has_form(), "cancelling asks who you are")
c.form({"reference": sarah, "date_of_birth": "06/04/1990"})
t.like(c.text(), "could not find", "a wrong date of birth finds nothing")
c.form({"reference": sarah.lower(), "date_of_birth": "05/04/1990"})
t.like(c.text(), "I found your booking", "reference and date of birth find it")
t.like(c.text(), "24 hours", "inside the notice period the policy is quoted")
c.pick("^Yes, cancel")
t.ok("cancelled" in c.events(), "cancelled recorded")
t.is_(fd.sql("SELECT status FROM appointments WHERE reference = '%s'" % sarah), [["cancelled"]], "the appointment is cancelled")
t.is_(fd.sql("SELECT COUNT(*) FROM appointment_blocks b JOIN appointments a ON a.id = b.appointment_id WHERE a.reference = '%s'" % sarah),
      [["0"]], "and its time is free again")
c.close()

c = bookchat.Chat(fd, "oakwood-dental")
c.say("Can I reschedule my appointment to next week?")
c.form({"reference": "07700 900789", "date_of_birth": "28/02/1979"})
t.like(c.text(), "I found your booking", "the phone on file and date of birth find it")
def tom(cols, where="1"):
    return [r[1:] for r in fd.sql("SELECT patient_phone, %s FROM appointments WHERE %s" % (cols, where))
            if fd.unseal(r[0], "appointments.patient_phone") == "+447700900789"]
old = tom("start_utc")[0][0]
labels = [x["label"] for x in c.choices() if x["value"].startswith("slot:")]
t.ok(labels and all(re.search(r" (7|8|9|10|11) Dec,", l) for l in labels), "next week's times: %s" % labels[:2])
c.send({"choice": c.choices()[0]["value"]})
c.pick("^Yes, move")
b = c.booking()
t.ok(b and b["start"].startswith("2026-12-07"), "moved (%s)" % (b and b["start"]))
t.ok("moved" in c.events(), "moved recorded")
t.is_(len(tom("status", "status = 'booked'")), 1, "still one appointment")
t.ok(tom("start_utc")[0][0] != old, "at the new time")
c.close()
t.done()
