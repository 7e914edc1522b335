#!/usr/bin/python3
# The notification outbox: channels chosen from the clinic and the patient,
# WhatsApp Cloud API and Twilio requests as the providers expect them, a
# provider down (500, timeout) then back, retries with backoff, failure
# after N tries, two dispatchers at once, a crash between commit and send,
# one-time codes and staff alerts.
import os, re, subprocess, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest
import notifytest as nt

t = fdtest.TAP()
fd, fake, sink = nt.setup()

r = nt.queue(fd, nt.appt())
t.is_(r.returncode, 0, "a booking confirmation is queued and flushed")
rows = nt.outbox(fd)
t.is_(sorted(x["channel"] for x in rows), ["email", "whatsapp"],
      "a mobile and an e-mail: WhatsApp and e-mail, not SMS as well")
t.ok(all(x["status"] == "sent" for x in rows), "both sent at once by the flush", rows)
wa = fake.of("whatsapp")
t.is_(len(wa), 1, "the WhatsApp API got one request")
d = wa[0]["data"]
t.is_((d["messaging_product"], d["type"], d["to"]), ("whatsapp", "template", "447700900123"),
      "a template message to the number without '+'")
t.is_(d["template"]["name"], "appointment_confirmation", "the clinic's template for 'booked'")
t.is_(d["template"]["language"]["code"], "en_GB", "in British English")
params = [p["text"] for p in d["template"]["components"][0]["parameters"]]
t.is_(params[:4], ["Aoife Byrne", "Tuesday 6 April 2027, 10:00", "Physio follow-up", "Sam Okafor"],
      "name, local time (B01), service, practitioner")
t.like(params[4], "1 Quay Street", "the clinic's address")
t.ok(params[5].startswith(nt.PUBLIC + "static/manage.html#r=HPD-1001&t="), "the manage link", params[5])
t.is_(rows[[x["channel"] for x in rows].index("whatsapp")]["provider_id"], wa[0]["id"],
      "the provider's message id is kept for delivery statuses")
t.is_(len(sink.messages), 1, "one e-mail delivered")
body = fd.sql("SELECT COUNT(*) FROM notify_outbox WHERE body <> '' OR params IS NOT NULL")[0][0]
t.is_(body, "0", "sent rows keep no text")

r = nt.queue(fd, nt.appt())
t.is_((len(nt.outbox(fd)), len(fake.requests), len(sink.messages)), (2, 1, 1),
      "the same confirmation queued again: nothing new, nothing resent")

# SMS where the clinic has no WhatsApp (Oakwood: sms, email).
r = nt.queue(fd, nt.appt(clinic_id="oakwood-notify", reference="OAK-1", email=None))
sms = fake.of("sms")
t.is_(len(sms), 1, "SMS through Twilio for a clinic without WhatsApp")
f = sms[0]["data"]
t.is_((f["To"], f["From"]), ("+447700900123", "HarbourPD"), "To and From as configured")
t.like(f["Body"], "Tuesday 6 April 2027, 10:00", "the body has the local time")
t.is_(f["StatusCallback"], nt.PUBLIC + "api/v1/webhooks/twilio", "status callbacks to the public URL")
t.ok(nt.outbox(fd, "clinic_id='oakwood-notify'")[0]["provider_id"].startswith("SM"), "the SM sid is kept")

n = len(nt.outbox(fd))
nt.queue(fd, nt.appt(reference="HPD-LAND", phone_e164="+441134960000", email=None))
nt.queue(fd, nt.appt(reference="HPD-BAD", phone_e164=None, email="not an address"))
t.is_(len(nt.outbox(fd)), n, "a landline and a bad address: nothing queued")
r = nt.queue(fd, nt.appt(kind="nonsense", reference="HPD-X"))
t.ok(r.returncode != 0, "an unknown kind is refused")

# Provider down: the message waits, then goes exactly once.
fake.fail = 500
nt.queue(fd, nt.appt(kind="moved", start="2027-04-07T09:00:00Z"))
row = nt.outbox(fd, "kind='moved' AND channel='whatsapp'")[0]
t.is_((row["status"], row["attempts"]), ("pending", "1"), "provider answers 500: still pending after one try")
t.is_(row["next_attempt_at"], "2026-12-03 14:06:00", "next try in a minute")
fake.fail = None
r = nt.cli(fd, "dispatch")
t.is_(r.stdout.strip(), "0 sent", "not retried before its time")
before = len(fake.of("whatsapp"))
r = nt.cli(fd, "dispatch", now="2026-12-03T14:07:00Z")
t.is_(r.stdout.strip(), "1 sent", "retried once due, and sent")
r = nt.cli(fd, "dispatch", now="2026-12-03T14:09:00Z")
t.is_((r.stdout.strip(), len(fake.of("whatsapp"))), ("0 sent", before + 1), "and never again")

# A provider that never answers: the timeout, then a retry later.
fake.hang = True
t0 = time.time()
nt.queue(fd, nt.appt(kind="moved", start="2027-04-08T09:00:00Z"))
took = time.time() - t0
fake.hang = False
fake.hung.set()
row = nt.outbox(fd, "kind='moved' AND channel='whatsapp'")
t.ok(took < 8, "a hanging provider costs about the timeout (%.1fs)" % took)
t.is_(row[-1]["status"], "pending", "and the message waits")

# Backoff doubles, then the message fails after notify_max_attempts.
fake.fail = 500
fd.sql("UPDATE notify_outbox SET status='sent' WHERE status='pending'")
nt.queue(fd, nt.appt(kind="moved", start="2027-04-09T09:00:00Z"), flush=False)
for i in range(8):
    now = "2026-12-%02dT%02d:00:00Z" % (4 + i // 12, (i * 2) % 24)
    nt.cli(fd, "dispatch", now=now)
row = nt.outbox(fd, "kind='moved' AND status<>'sent'")
t.is_([(x["status"], x["attempts"]) for x in row], [("failed", "8")],
      "failed after 8 tries")
fake.fail = None

# Two dispatchers at once send each message once.
fd.sql("UPDATE notify_outbox SET status='sent' WHERE status<>'sent'")
before = len(fake.requests)
for i in range(20):
    nt.queue(fd, nt.appt(reference="CC-%02d" % i, email=None, appointment_id=100 + i), flush=False)
fake.delay = 0.05
procs = [subprocess.Popen([fdtest.CLI, "dispatch"], env=fd.env, stdout=subprocess.PIPE,
                          text=True) for _ in range(2)]
outs = [p.communicate()[0].strip() for p in procs]
fake.delay = 0
new = fake.requests[before:]
refs = sorted(r["data"]["template"]["components"][0]["parameters"][5]["text"].split("#r=")[1].split("&")[0]
              for r in new)
t.is_(refs, ["CC-%02d" % i for i in range(20)], "two dispatchers at once: each message sent once")
t.is_(fd.sql("SELECT COUNT(*) FROM notify_outbox WHERE dedupe_key LIKE '%%:CC-%%' "
             "AND status='sent' AND claimed_by IS NULL")[0][0], "20", "and every row marked sent")
t.ok(sum(int(o.split()[0]) for o in outs) == 20, "the two dispatchers' counts add up to 20", outs)

# A crash between commit and send: the row is pending; a dead
# dispatcher's claim runs out.
nt.queue(fd, nt.appt(reference="CRASH-1", email=None), flush=False)
nt.queue(fd, nt.appt(reference="CRASH-2", email=None), flush=False)
fd.sql("UPDATE notify_outbox SET claimed_by='dead:1', claimed_until='2026-12-03 14:00:00' "
       "WHERE dedupe_key LIKE '%CRASH-1%'")
fd.sql("UPDATE notify_outbox SET claimed_by='busy:1', claimed_until='2026-12-03 14:30:00' "
       "WHERE dedupe_key LIKE '%CRASH-2%'")
r = nt.cli(fd, "dispatch")
t.is_(r.stdout.strip(), "1 sent", "a committed, unsent message goes on the next dispatch")
st = dict(fd.sql("SELECT dedupe_key LIKE '%CRASH-1%', status FROM notify_outbox "
                 "WHERE dedupe_key LIKE '%CRASH%'"))
t.is_((st.get("1"), st.get("0")), ("sent", "pending"),
      "an expired claim is taken over; a live one is left alone")

# One-time codes.
n = len(fake.of("whatsapp"))
r = nt.cli(fd, "notify", "code", "harbour-notify", "+447700900456", "en")
t.is_(r.stdout.strip(), "0", "a code is sent")
req = fake.of("whatsapp")[n:]
t.is_(len(req), 1, "by WhatsApp")
tpl = req[0]["data"]["template"]
code = tpl["components"][0]["parameters"][0]["text"]
t.is_(tpl["name"], "verification_code", "with the authentication template")
t.ok(re.fullmatch(r"\d{6}", code), "a 6-digit code")
t.is_(tpl["components"][1]["type"], "button", "and its copy-code button")
stored = fd.sql("SELECT code_hash FROM notify_codes")[0][0]
t.ok(code not in stored and len(stored) == 64, "only a hash of the code is stored")
wrong = "%06d" % ((int(code) + 1) % 1000000)
t.is_(nt.cli(fd, "notify", "check", "harbour-notify", "+447700900456", wrong).stdout.strip(), "1",
      "a wrong code: 1")
t.is_(nt.cli(fd, "notify", "check", "harbour-notify", "+447700900999", code).stdout.strip(), "2",
      "the code for another phone: 2")
t.is_(nt.cli(fd, "notify", "check", "harbour-notify", "+447700900456", code).stdout.strip(), "0",
      "the right code: 0")
t.is_(nt.cli(fd, "notify", "check", "harbour-notify", "+447700900456", code).stdout.strip(), "2",
      "used up: 2")
nt.cli(fd, "notify", "code", "harbour-notify", "+447700900456", "en")
code = fake.of("whatsapp")[-1]["data"]["template"]["components"][0]["parameters"][0]["text"]
for i in range(5):
    nt.cli(fd, "notify", "check", "harbour-notify", "+447700900456", "000000" if code != "000000" else "111111")
t.is_(nt.cli(fd, "notify", "check", "harbour-notify", "+447700900456", code).stdout.strip(), "2",
      "after 5 wrong tries even the right code is refused")
nt.cli(fd, "notify", "code", "harbour-notify", "+447700900456", "en")
code = fake.of("whatsapp")[-1]["data"]["template"]["components"][0]["parameters"][0]["text"]
t.is_(nt.cli(fd, "notify", "check", "harbour-notify", "+447700900456", code,
             now="2026-12-03T14:16:00Z").stdout.strip(), "2", "expired after 10 minutes")
codes = [nt.cli(fd, "notify", "code", "harbour-notify", "+447700900456", "en").stdout.strip()
         for i in range(3)]
t.is_(codes[-1], "1", "at most 5 codes an hour to one phone")
t.is_(nt.cli(fd, "notify", "code", "oakwood-notify", "+441134960000", "en").stdout.strip(), "1",
      "no code to a landline")
n = len(fake.of("sms"))
nt.cli(fd, "notify", "code", "oakwood-notify", "+447700900777", "ro")
sms = fake.of("sms")[n:]
t.ok(len(sms) == 1 and re.search(r"\d{6}", sms[0]["data"]["Body"]), "by SMS where there is no WhatsApp")

# Staff alerts: once per conversation and kind, no patient detail.
n = len(sink.messages)
nt.cli(fd, "notify", "alert", "harbour-notify", "emergency", "42")
nt.cli(fd, "notify", "alert", "harbour-notify", "emergency", "42")
new = sink.messages[n:]
t.is_(len(new), 1, "a staff alert e-mail, once")
t.is_(new[0][1], ["reception@harbour.example"], "to the clinic's contact e-mail")
txt = nt.mail_text(nt.mail(new[0][2]))
t.like(txt, "static/admin/conversation.html?id=42", "with a link to the conversation")
t.like(txt, "(emergency)", "naming the kind")

log = fd.log()
t.ok("Aoife" not in log and "447700900" not in log and "aoife@" not in log and code not in log,
     "the log has no names, numbers, addresses or codes")
t.done()
