#!/usr/bin/python3
# Staff and races, through the real API: a patient cannot cancel from the
# manage link inside the notice period, staff can from the dashboard and
# the patient is told; and B07, twenty conversations confirming one slot
# at the same moment: one appointment, nineteen told it was just taken
# and offered other times.
import os, re, sys, threading
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest
import fdadmin
import notifytest as nt
import webchat

t = fdtest.TAP()
fd, fake, sink = nt.setup(web=True, now="2026-12-03T10:00:00Z", workers=20,
                          clinics=("riverside-physio", "oakwood-dental", "harbour-physio"),
                          rate_address_per_min="100000",
                          rate_new_conversations_per_hour="100000")
O = "http://localhost:8080"


def sms_to(phone):
    return [r["data"]["Body"] for r in fake.of("sms") if r["data"]["To"] == phone]


# A booking five hours ahead: inside the 24 hours' notice.
c = webchat.Chat(fd, "harbour-physio", origin=O)
c.say("Book me a physio follow-up today at 3pm")
c.pick(r"^Thu 3 Dec, 15:00$")
c.form({"name": "Tomasz Nowak", "phone": "07700 900321", "date_of_birth": "12/11/1985",
        "email": "tomasz@example.org"})
c.pick("^Yes, book it$")
b = c.booking()
t.ok(b is not None, "booked for this afternoon", c.text())
ref = b["reference"] if b else ""
aid = int(fd.sql("SELECT id FROM appointments WHERE reference = '%s'" % ref)[0][0])
mail = [nt.mail_text(nt.mail(m[2])) for m in sink.messages if m[1] == ["tomasz@example.org"]]
link = re.search(r"#r=(\w+)&t=([0-9a-f]{48})", mail[0] if mail else "")
t.ok(link is not None, "the confirmation carries the manage link")
token = link.group(2) if link else "0" * 48
n = len(fake.requests)
st, e = fd.call("POST", "api/v1/appointments/%s/cancel" % ref, token=token)
t.is_(st, 409, "the patient cannot cancel online inside the notice period")
t.like(e["error"]["message"], "call the clinic", "and is asked to call the clinic")
t.is_(fd.sql("SELECT status FROM appointments WHERE id = %d" % aid), [["booked"]],
      "nothing changes")
t.is_(len(fake.requests), n, "nothing is sent")

# Staff cancel it from the dashboard.
fdadmin.add_user(fd, "sam@harbour.example", "staff", ["harbour-physio"])
fdadmin.add_user(fd, "ann@riverside.example", "staff", ["riverside-physio"])
other = fdadmin.Session(fd)
other.login("ann@riverside.example")
st, _ = other.call("POST", "api/v1/admin/bookings/%d/cancel" % aid)
t.is_(st, 404, "staff of another clinic cannot cancel it")
s = fdadmin.Session(fd)
st, _ = s.login("sam@harbour.example")
t.is_(st, 200, "staff sign in")
st, lst = s.call("GET", "api/v1/admin/bookings?clinic=harbour-physio")
t.ok(st == 200 and [x["id"] for x in lst["bookings"]] == [aid], "the booking is listed", lst)
st, _ = s.call("POST", "api/v1/admin/bookings/%d/cancel" % aid)
t.is_(st, 200, "staff cancel inside the notice period")
t.is_(fd.sql("SELECT status FROM appointments WHERE id = %d" % aid), [["cancelled"]],
      "the appointment is cancelled")
t.is_(fd.sql("SELECT COUNT(*) FROM appointment_blocks WHERE appointment_id = %d" % aid),
      [["0"]], "through the scheduler: its time is free")
texts = sms_to("+447700900321")
t.is_(len(texts), 2, "the patient gets a text")
t.like(texts[-1], "cancel", "saying it is cancelled")
t.like(texts[-1], "Thursday 3 December, 15:00", "with its local time")
mail = [m for m in sink.messages if m[1] == ["tomasz@example.org"]]
t.is_(len(mail), 2, "and an e-mail")
st, a = fd.call("GET", "api/v1/appointments/" + ref, token=token)
t.is_((st, a.get("status"), a.get("can_cancel")), (200, "cancelled", False),
      "the manage link shows it cancelled")
t.is_(fd.sql("SELECT action, subject FROM audit_log WHERE action = 'cancel_booking'"),
      [["cancel_booking", "appointment:%d" % aid]], "the cancellation is audited")
n = len(fake.requests)
st, _ = s.call("POST", "api/v1/admin/bookings/%d/cancel" % aid)
t.is_((st, len(fake.requests)), (409, n), "cancelling again: 409, nothing sent")

# B07: twenty patients reach the read-back of Tue 12 Jan 2027 10:00 with
# Sam Okafor.  A hold only steers offers (the next patient would not be
# offered a held time), so each hold is moved aside once taken: all
# twenty confirm, and only the database can keep them apart.
chats = []
for i in range(20):
    c = webchat.Chat(fd, "harbour-physio", origin=O)
    c.say("Book me a physio follow-up on Tuesday 12 January 2027 at 10am")
    c.pick(r"^Tue 12 Jan, 10:00$")
    fd.sql("UPDATE holds SET practitioner_id = 'aside' WHERE conversation_id = %d" % c.id)
    c.form({"name": "Patient %d" % i, "phone": "07700 900%03d" % (400 + i),
            "date_of_birth": "01/01/1980", "email": "p%d@example.com" % i})
    chats.append(c)
t.ok(all(c.choice("^Yes, book it$") for c in chats), "twenty read-backs of the same slot")

go = threading.Barrier(20)


def confirm(c):
    yes = c.choice("^Yes, book it$")["value"]
    go.wait()
    c.choose(yes)


threads = [threading.Thread(target=confirm, args=(c,)) for c in chats]
for th in threads:
    th.start()
for th in threads:
    th.join()
t.ok(all(c.status == 200 for c in chats), "every confirmation answered 200",
     [c.status for c in chats])
t.is_(fd.sql("SELECT COUNT(*) FROM appointments WHERE status = 'booked' AND "
             "start_utc = '2027-01-12 10:00:00'"), [["1"]], "exactly one appointment row")
won = [c for c in chats if c.booking()]
lost = [c for c in chats if not c.booking()]
t.is_(len(won), 1, "one patient is booked")
t.ok(all("just taken" in c.text() for c in lost), "the other nineteen are told it was just taken",
     [c.text()[:80] for c in lost if "just taken" not in c.text()])
t.ok(all(any(x["value"].startswith("slot:") and "12 Jan, 10:00" not in x["label"]
             for x in c.choices()) for c in lost), "and offered other times")
t.is_(fd.sql("SELECT COUNT(*) FROM appointment_blocks WHERE block_start >= "
             "'2027-01-12 10:00:00' AND block_start < '2027-01-12 10:30:00'"), [["6"]],
      "the slot's blocks belong to one appointment")
booked = [r for r in fake.of("sms") if r["data"]["Body"].find("12 January") >= 0]
t.is_(len(booked), 1, "one confirmation is sent, to the one booked")
t.done()
