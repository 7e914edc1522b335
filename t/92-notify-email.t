#!/usr/bin/python3
# Confirmation e-mails through a real SMTP server on loopback: one
# recipient and no injected header from a patient's name or address
# (B12), the clinic's local time (B01), the patient's language with an
# encoded subject, and TLS demanded unless configured off for a local relay.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest
import notifytest as nt

t = fdtest.TAP()
fd, fake, sink = nt.setup(notify_whatsapp_provider="")

# B12 run 2: a name with CR/LF and a header after it.
nt.queue(fd, nt.appt(reference="B12-1", patient_name="Tom Reed\r\nBcc: list@spam.example",
                     email="tom@example.com", phone_e164=None))
t.is_(len(sink.messages), 1, "one e-mail sent")
frm, rcpts, raw = sink.messages[0]
t.is_(rcpts, ["tom@example.com"], "to exactly one recipient (B12)")
t.is_(frm, "noreply@harbour.example", "from the configured sender")
m = nt.mail(raw)
t.ok("Bcc" not in m and "Cc" not in m, "no Bcc or Cc header")
t.ok(b"\r\nTo: <tom@example.com>\r\n" in raw, "To is the bare address")
heads = raw.split(b"\r\n\r\n", 1)[0]
t.ok(b"spam.example" not in heads, "nothing of the name reaches the headers")
text = nt.mail_text(m)
t.like(text, "Hello Tom Reed  Bcc: list@spam.example,", "the name shows in the body, flattened")
t.ok("\nBcc:" not in text, "and starts no line of its own")

# B12: an address with CR/LF is refused; nothing is sent to it.
n = len(sink.messages)
r = nt.queue(fd, nt.appt(reference="B12-2", patient_name="Tom Reed",
                         email="tom@example.com\r\nCc: a@example.org", phone_e164=None))
t.is_(r.returncode, 0, "the booking's messages are queued all the same")
t.is_(len(sink.messages), n, "but no e-mail goes to an address with CR/LF")
t.ok(not [r for r in nt.outbox(fd) if "example.org" in r["recipient"]], "and none is queued")

# B01: booked on 3 Dec 2026 (GMT) for 6 Apr 2027 10:00 BST.
m = nt.mail(sink.messages[0][2])
text = nt.mail_text(m)
t.like(text, "When: Tuesday 6 April 2027, 10:00", "the e-mail says 10:00 local (B01)")
t.ok("09:00" not in text, "not 09:00 (UTC)")
for s in ("Service: Physio follow-up", "With: Sam Okafor", "Price: £60.00",
          "Address: 1 Quay Street, Leeds LS1 4AB", "What to bring: Shorts",
          "Reference: B12-1", "To move or cancel: " + nt.PUBLIC + "static/manage.html#r=B12-1&t="):
    t.like(text, s, "the e-mail gives " + s.split(":")[0].lower())
t.like(m["Subject"], "Harbour Physio & Dental", "the subject names the clinic")
t.like(m["From"], "Harbour Physio & Dental", "From shows the clinic's name")
t.ok(m["Message-ID"] and m["Date"], "Message-ID and Date are set")
t.like(m["Content-Type"].lower(), "charset=\"utf-8\"", "UTF-8 body")

# The patient's language, with an encoded non-ASCII subject.
n = len(sink.messages)
nt.queue(fd, nt.appt(reference="FR-1", lang="fr", patient_name="Zoë Ní Bhriain 🌸",
                     email="zoe@example.org", phone_e164=None))
frm, rcpts, raw = sink.messages[n]
m = nt.mail(raw)
text = nt.mail_text(m)
t.like(text, "mardi 6 avril 2027, 10:00", "French weekday and month")
t.like(text, "Zoë Ní Bhriain 🌸", "the name intact (B10)")
t.like(m["Subject"], "rendez-vous", "a French subject")
t.like(raw.split(b"\r\n\r\n")[0].decode(), "=?UTF-8?B?", "encoded as RFC 2047")
t.ok(all(ord(ch) < 128 for ch in raw.split(b"\r\n\r\n")[0].decode()), "headers are plain ASCII")

# Cancelled: no manage link.
n = len(sink.messages)
nt.queue(fd, nt.appt(reference="B12-1", kind="cancelled", patient_name="Tom Reed",
                     email="tom@example.com", phone_e164=None))
text = nt.mail_text(nt.mail(sink.messages[n][2]))
t.like(text, "has been cancelled", "a cancellation says so")
t.ok("manage.html" not in text, "and has no manage link")

# TLS is demanded unless configured off, and only for a local relay.
fd.conf["smtp_tls"] = "require"
fd.write_conf()
n = len(sink.messages)
nt.queue(fd, nt.appt(reference="TLS-1", email="tls@example.com", phone_e164=None))
t.is_(len(sink.messages), n, "a server without STARTTLS gets nothing when TLS is required")
row = [r for r in nt.outbox(fd) if r["recipient"] == "tls@example.com"]
t.is_(row[0]["status"], "pending", "the e-mail waits for a retry")
fd.conf["smtp_tls"] = "none"
fd.conf["smtp_url"] = "smtp://mail.example:%d" % sink.port
fd.write_conf()
r = nt.cli(fd, "dispatch", now="2026-12-03T14:10:00Z")
t.ok("only for a mail server on this machine" in fd.log(), "plain SMTP to another host is refused")
t.is_(len(sink.messages), n, "and nothing is sent")
t.done()
