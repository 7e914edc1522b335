#!/usr/bin/python3
# The manage link of a confirmation (the appointment as the patient was
# told it, and cancelling through the booking module, which refuses an
# appointment it does not hold: t/47 cancels real bookings), and reminders: once per appointment, before its start, of
# its current time, never for a cancelled one.
import os, re, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest
import notifytest as nt

t = fdtest.TAP()
fd, fake, sink = nt.setup(web=True, notify_whatsapp_provider="")

nt.queue(fd, nt.appt(reference="MAN-1", phone_e164=None, lang="fr"))
text = nt.mail_text(nt.mail(sink.messages[-1][2]))
link = re.search(r"https://\S+", text).group(0)
ref, token = re.search(r"#r=([^&]+)&t=([0-9a-f]+)$", link).groups()
t.is_(ref, "MAN-1", "the link names the reference")
t.is_(len(token), 48, "and carries a 192-bit token")
stored = fd.sql("SELECT token_hash FROM notify_manage_tokens")[0][0]
t.ok(stored != token and len(stored) == 64, "only a hash of the token is stored")

st, a = fd.call("GET", "api/v1/appointments/MAN-1", token=token)
t.is_(st, 200, "the appointment with its token: 200")
t.is_((a["reference"], a["status"], a["service"], a["practitioner"], a["price"]),
      ("MAN-1", "booked", "Physio follow-up", "Sam Okafor", "£60.00"), "as the patient was told")
t.is_(a["start"], "2027-04-06T10:00:00+01:00", "start in the clinic's time with its offset (B01)")
t.is_(a["when"], "mardi 6 avril 2027, 10:00", "and in words, in the patient's language")
t.is_(a["labels"]["cancel"], "Annuler ce rendez-vous", "the page's words in that language")
t.is_(a["clinic"]["name"], "Harbour Physio & Dental", "the clinic's name")
t.ok("patient_name" not in a and "email" not in a and "phone" not in a,
     "no patient details in the answer")
t.is_(a["can_cancel"], True, "cancelling is offered: the booking module's cancellation is linked in")

st, _ = fd.call("GET", "api/v1/appointments/MAN-1", token="0" * 48)
t.is_(st, 404, "a wrong token: 404")
st, _ = fd.call("GET", "api/v1/appointments/MAN-1")
t.is_(st, 404, "no token: 404")
nt.queue(fd, nt.appt(reference="MAN-2", phone_e164=None, email="other@example.org"))
st, _ = fd.call("GET", "api/v1/appointments/MAN-2", token=token)
t.is_(st, 404, "one appointment's token does not open another")
st, b = fd.call("POST", "api/v1/appointments/MAN-1/cancel", token=token)
t.is_(st, 409, "cancel of an appointment the booking module does not hold: 409")
t.like(b["error"]["message"], "call the clinic", "saying to call the clinic")
t.is_(fd.sql("SELECT status FROM notify_appointments WHERE reference='MAN-1'")[0][0], "booked",
      "and nothing changes")
st, _ = fd.call("POST", "api/v1/appointments/MAN-1/cancel", token="0" * 48)
t.is_(st, 404, "cancel with a wrong token: 404")
st, page = fd.call("GET", "static/manage.html")
t.ok(st == 200 and "manage.js" in page, "the manage page is served")
st, js = fd.call("GET", "static/manage.js")
t.ok(st == 200 and "innerHTML" not in js, "its script never uses innerHTML")

# A cancellation message (from the booking module) ends the appointment.
nt.queue(fd, nt.appt(reference="MAN-1", kind="cancelled", phone_e164=None))
st, a = fd.call("GET", "api/v1/appointments/MAN-1", token=token)
t.is_((st, a["status"], a["can_cancel"]), (200, "cancelled", False), "the page then shows it cancelled")

# Reminders: Harbour reminds 24 hours before.
fd.sql("DELETE FROM notify_appointments")
nt.queue(fd, nt.appt(reference="REM-1", start="2026-12-10T10:00:00Z", phone_e164=None,
                     email="rem1@example.com"))
nt.queue(fd, nt.appt(reference="REM-2", start="2026-12-10T11:00:00Z", phone_e164=None,
                     email="rem2@example.com"))
nt.queue(fd, nt.appt(reference="REM-3", start="2026-12-10T12:00:00Z", phone_e164=None,
                     email="rem3@example.com"))
nt.queue(fd, nt.appt(reference="REM-3", kind="cancelled", start="2026-12-10T12:00:00Z",
                     phone_e164=None, email="rem3@example.com"))
nt.queue(fd, nt.appt(reference="REM-2", kind="moved", start="2026-12-11T11:00:00Z",
                     phone_e164=None, email="rem2@example.com"))

def reminders():
    return [m for m in sink.messages if b"Reminder" in m[2] or b"UmVtaW5kZXI" in m[2]]

r = nt.cli(fd, "remind", now="2026-12-05T10:00:00Z")
t.is_((r.returncode, r.stdout.strip()), (0, "0 reminders queued"), "nothing due five days ahead")
r = nt.cli(fd, "remind", now="2026-12-09T10:30:00Z")
t.is_(r.stdout.strip(), "1 reminders queued", "24 hours before: one reminder")
rem = reminders()
t.is_([m[1] for m in rem], [["rem1@example.com"]], "for the appointment that is due, sent at once")
txt = nt.mail_text(nt.mail(rem[0][2]))
t.like(txt, "This is a reminder of your appointment.", "saying it is a reminder")
t.like(txt, "Thursday 10 December, 10:00", "of its local time")
r = nt.cli(fd, "remind", now="2026-12-09T11:30:00Z")
t.is_(r.stdout.strip(), "0 reminders queued", "not twice; the cancelled one never")
r = nt.cli(fd, "remind", now="2026-12-10T11:30:00Z")
t.is_(r.stdout.strip(), "1 reminders queued", "the moved one, before its new time")
t.like(nt.mail_text(nt.mail(reminders()[-1][2])), "Friday 11 December, 11:00", "of its new time")
nt.queue(fd, nt.appt(reference="REM-4", start="2026-12-11T15:00:00Z", phone_e164=None,
                     email="rem4@example.com"), now="2026-12-10T16:00:00Z")
r = nt.cli(fd, "remind", now="2026-12-10T17:00:00Z")
t.is_(r.stdout.strip(), "0 reminders queued", "none for a booking made inside the window")
t.is_(len(reminders()), 2, "two reminders in all")
r = nt.cli(fd, "remind", now="2026-12-25T10:00:00Z")
t.is_(fd.sql("SELECT COUNT(*) FROM notify_appointments")[0][0], "0",
      "appointments a week past are forgotten")
t.done()
