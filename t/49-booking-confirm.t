#!/usr/bin/python3
# Typed answers at the yes/no steps of moving and cancelling (a typed
# yes acts as the click, a typed no keeps the booking, anything else
# asks again and changes nothing), "cancel it" just after a move, dates
# of birth read back without a weekday and prices in one format.
import os, re, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, bookchat

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio", "harbour-physio"], web=False)
fd.cli("holidays")


def rx(got, pat, name):
    return t.ok(re.search(pat, got), name, "%r does not match %r" % (got[:400], pat))


def unrx(got, pat, name):
    return t.ok(not re.search(pat, got), name, "%r matches %r" % (got[:400], pat))


def status(ref):
    return fd.sql("SELECT status FROM appointments WHERE reference = '%s'" % ref)[0][0]


def book(name, dob, lang="en"):
    c = bookchat.Chat(fd, "riverside-physio", lang)
    c.say("I'd like to book an initial assessment with Dr Martinez next week")
    c.pick(r"^\w")
    c.form({"name": name, "phone": "07700 900123", "date_of_birth": dob})
    read = c.text()
    c.say("yes")
    b = c.booking()
    c.close()
    return b, read


def identify(ref, dob, lang="en", text="I want to cancel my appointment"):
    c = bookchat.Chat(fd, "riverside-physio", lang)
    c.say(text)
    c.form({"reference": ref, "date_of_birth": dob})
    return c


a, read = book("Ann One", "12/05/1990")
rx(read, r"Date of birth: 12 May 1990", "the date of birth read back")
unrx(read, r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day 12 May 1990", "without its weekday")
rx(read, r"£85\b[^.]", "the price in whole pounds")
t.is_(a and a["price"], "£85", "and the same in the booking object")

c = identify(a["reference"], "12/05/1990")
t.like(c.text(), "Do you want to cancel it", "asked to confirm")
c.say("hmm maybe")
t.like(c.text(), "did not catch that", "anything else asks again")
t.like(c.text(), "Nothing has changed", "and says nothing changed")
t.ok(c.choice("^Yes, cancel it$"), "with the choices again")
t.is_(status(a["reference"]), "booked", "still booked")
c.say("yes")
t.like(c.text(), "is cancelled", "a typed yes cancels")
t.is_(status(a["reference"]), "cancelled", "the appointment is cancelled")
c.close()

b, _ = book("Bea Two", "01/02/1980")
c = identify(b["reference"], "01/02/1980")
c.say("No")
t.like(c.text(), "stays as it is", "a typed no keeps it and says so")
t.is_(status(b["reference"]), "booked", "still booked after no")
c.close()

c = identify(b["reference"], "01/02/1980")
c.say("Yes, cancel it")
t.like(c.text(), "is cancelled", "typing the choice's label cancels")
t.is_(status(b["reference"]), "cancelled", "cancelled by the typed label")
c.close()

d, _ = book("Cy Three", "03/03/1970", "fr")
c = identify(d["reference"], "03/03/1970", "fr", "Je veux annuler mon rendez-vous")
c.say("oui")
t.is_(status(d["reference"]), "cancelled", "a typed oui cancels in French")
c.close()

e, _ = book("Di Four", "04/04/1974")
c = identify(e["reference"], "04/04/1974", text="I want to reschedule my appointment")
c.pick(r"^\w+ \d+ \w+, \d\d:\d\d$")
t.like(c.text(), "Move your appointment to", "asked to confirm the move")
c.say("what?")
t.like(c.text(), "did not catch that", "the move question asked again")
t.like(c.text(), "Move your appointment to", "with the question")
old = fd.sql("SELECT start_utc FROM appointments WHERE reference = '%s'" % e["reference"])
c.say("no")
t.like(c.text(), "stays as it is", "a typed no keeps the time")
t.is_(fd.sql("SELECT start_utc FROM appointments WHERE reference = '%s'" % e["reference"]), old, "not moved")
c.close()

c = identify(e["reference"], "04/04/1974", text="I want to reschedule my appointment")
c.pick(r"^\w+ \d+ \w+, \d\d:\d\d$")
c.say("yes please")
t.ok("moved" in c.events(), "a typed yes moves")
c.say("actually please cancel it")
t.like(c.text(), "Do you want to cancel it", "cancel it after a move asks to confirm")
t.is_(status(e["reference"]), "booked", "nothing cancelled yet")
c.say("yes")
t.is_(status(e["reference"]), "cancelled", "then cancelled on yes")
c.close()

c = identify(a["reference"], "12/05/1990", text="I want to reschedule my appointment")
unrx(c.text(), "Move your appointment", "a cancelled booking is not found")
c.close()
# a clinic that confirms by SMS, but no SMS provider is configured here
c = bookchat.Chat(fd, "harbour-physio")
c.say("I want to cancel my appointment")
t.ok("code" not in c.text(), "no code promised without a provider")
c.form({"reference": "07700 900123", "date_of_birth": ""})
t.ok(not c.choice("code"), "no code offered without a provider")
t.like(c.text(), "could not find", "asked for the details again")
c.close()
# a day the clinic never opens, or the practitioner never works
c = bookchat.Chat(fd, "riverside-physio")
c.say("book me in with Dr Thompson on Sunday")
rx(c.text(), r"We are closed on Sundays\.", "a closed weekday said plainly")
unrx(c.text(), r"look for times on Sunday", "not promised times on Sunday")
c.pick(r"^Follow-up")
rx(c.text(), r"Here are the free times for .* with Dr\. James Thompson", "times offered instead")
rx(c.choices()[0]["label"], r"^Tue 8 Dec", "on the nearest day he works")
unrx(c.text(), r"no free times", "without saying there are none")
c.close()
c = bookchat.Chat(fd, "riverside-physio")
c.say("I'd like a sports massage on Tuesday")
rx(c.text(), r"Anna Nowak does not work on Tuesdays\.", "a practitioner's day off said")
unrx(c.text(), r"look for times on Tuesday", "without promising that day first")
rx(c.choices()[0]["label"], r"^Fri 11 Dec", "her nearest day with times offered")
c.close()
c = bookchat.Chat(fd, "riverside-physio", "de")
c.say("Ich möchte einen Termin mit Dr Thompson am Montag")
rx(c.text(), r"arbeitet montags nicht", "said in the patient's language")
c.close()
c = bookchat.Chat(fd, "riverside-physio")
c.say("I'd like a follow-up with Dr Thompson on Tuesday")
unrx(c.text(), r"does not work|closed", "nothing said on a day he works")
rx(c.choices()[0]["label"], r"^Tue 8 Dec", "that day's times offered")
c.close()
# questions after a free time start a booking with that preference
def ask(text, lang="en"):
    c = bookchat.Chat(fd, "riverside-physio", lang)
    c.say(text)
    return c


c = ask("do you have any appointments this evening?")
t.ok("booking_intent" in c.events(), "an evening question starts a booking")
c.pick(r"^Follow-up")
labels = [x["label"] for x in c.choices() if x["value"].startswith("slot:")]
t.ok(labels and all(re.match(r"Thu 3 Dec, (1[7-9]|2\d):", l) for l in labels),
     "this evening's times offered", repr(labels))
c.close()
c = ask("anything free tomorrow morning?")
c.pick(r"^Follow-up")
c.pick(r"^Dr\. Elena")
labels = [x["label"] for x in c.choices() if x["value"].startswith("slot:")]
t.ok(labels and all(re.match(r"Fri 4 Dec, (0\d|1[01]):", l) for l in labels),
     "tomorrow morning's times offered", repr(labels))
c.close()
for lang, q in [("en", "are you free on Friday?"), ("en", "any availability next week?"),
                ("en", "can I come in today?"),
                ("fr", "Avez-vous de la disponibilité demain ?"),
                ("fr", "Auriez-vous un créneau lundi ?"),
                ("pl", "Czy jest wolny termin w piątek?"),
                ("es", "¿Tiene hueco el lunes?"), ("es", "¿Hay alguna cita disponible?"),
                ("de", "Haben Sie einen freien Termin am Montag?"),
                ("it", "Avete disponibilità domani?"), ("ro", "Aveți loc vineri?"),
                ("ro", "Aveți program liber mâine?"), ("ur", "kal koi waqt khali hai?")]:
    c = ask(q, lang)
    t.ok("booking_intent" in c.events(), "availability asked: " + q)
    c.close()
for q in ["are you open on Friday?", "what time do you close?",
          "how much is a follow-up?", "is the first consultation free?",
          "is parking free on Saturday?"]:
    c = ask(q)
    t.ok("booking_intent" not in c.events(), "a fact question is not a booking: " + q)
    c.close()
t.done()
