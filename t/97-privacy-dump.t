#!/usr/bin/python3
# Patient data at rest, everywhere: after a conversation, a booking made
# through the HTTP API (name, phone, date of birth, e-mail), a call-back
# seen on the dashboard, confirmations and an inbound WhatsApp message,
# a raw dump of the tables holds none of the patient's details or words.
# A key rotation made while the workers serve covers every column, and
# `frontdesk seal` seals (and indexes) what was stored in plain.
import hashlib, hmac, json, time, os, re, subprocess, sys, threading, urllib.request
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fdadmin
import notifytest as nt
from webchat import WebChat

t = fdtest.TAP()
fd, fake, sink = nt.setup(web=True, clinics=("harbour-physio", "harbour-notify"),
                          rate_address_per_min="100000", rate_conversation_per_min="100000")
HP = "harbour-physio"
NAME, EMAIL = "Imogen Thwaite-Parry", "imogen.tp@example.net"
WORDS = "my left hamstring twinges when I sprint"
PHONES = ("07700 900987", "07700900987", "+447700900987", "447700900987",
          "7700 900987", "7700900987", "+44 7700 900987")
DOBS = ("1971-03-14", "14/03/1971", "14 March 1971", "1971-3-14")

# A conversation with a booking: the patient's words and details.
c = WebChat(fd, HP)
c.say("Hello, " + WORDS)
c.say("I'd like to book a physio follow-up on Monday 11 January")
b = c.drive({"name": NAME, "phone": "07700 900987", "date_of_birth": "14/03/1971",
             "email": EMAIL}, ["^Yes, book", "^Yes"])
t.ok(b is not None, "a booking is made through the HTTP API", c.text())
ref = b["reference"] if b else ""
t.is_(fd.sql("SELECT COUNT(*) FROM appointments WHERE reference = '%s'" % ref), [["1"]],
      "one appointment stored")

# A call-back left in another conversation, and seen by staff.
c2 = WebChat(fd, HP)
c2.say("Can I speak to a real person? " + WORDS)
c2.send({"form": {"handoff_phone": "07700 900987"}})
t.like(c2.text(), "call you back", "a call-back is requested")
fdadmin.add_user(fd, "sam@harbour.example", "staff", [HP])
sam = fdadmin.Session(fd)
sam.login("sam@harbour.example")
st, v = sam.call("GET", "api/v1/admin/conversations/%d" % c2.id)
t.is_([k["phone"] for k in v.get("callbacks", [])], ["07700900987"],
      "staff see the call-back number, opened")
st, bk = sam.call("GET", "api/v1/admin/bookings?clinic=" + HP)
t.is_([x["patient_name"] for x in bk.get("bookings", []) if x["reference"] == ref], [NAME],
      "and the patient's name in the bookings list")

# Confirmations (WhatsApp and e-mail) and a WhatsApp message back.
r = nt.queue(fd, nt.appt(reference=ref, patient_name=NAME, phone_e164="+447700900987",
                         email=EMAIL, appointment_id=1), flush=False)
t.is_(r.returncode, 0, "confirmations are queued")
raw = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
    {"field": "messages", "value": {"messaging_product": "whatsapp",
     "metadata": {"phone_number_id": fake.phone_id},
     "messages": [{"from": "447700900987", "id": "wamid.PRIV1", "type": "text",
                   "text": {"body": "Running late, " + WORDS}}]}}]}]}).encode()
sig = "sha256=" + hmac.new(nt.SECRETS["wa-secret"].encode(), raw, hashlib.sha256).hexdigest()
req = urllib.request.Request(fd.base + "api/v1/webhooks/whatsapp", data=raw, method="POST",
                             headers={"Content-Type": "application/json",
                                      "X-Hub-Signature-256": sig})
with urllib.request.urlopen(req, timeout=10) as resp:
    t.is_(resp.status, 200, "an inbound WhatsApp message is accepted")
t.is_(fd.sql("SELECT clinic_id FROM notify_inbound"), [["harbour-notify"]],
      "and filed under the clinic that wrote to the number (found by its keyed hash)")


def dump():
    r = subprocess.run(["mariadb-dump", "--no-defaults", "-uroot", "-S", fd.db.socket,
                        "--skip-extended-insert", fd.name], capture_output=True, text=True)
    return r.stdout


def check_dump(when):
    d = dump()
    t.ok(len(d) > 5000 and "INSERT INTO `appointments`" in d, "%s: the tables are dumped" % when)
    found = [n for n in (NAME, "Imogen", "Thwaite", EMAIL, "imogen.tp", "hamstring", "sprint",
                         "Running late") + PHONES + DOBS if n in d]
    t.is_(found, [], "%s: no name, e-mail, phone (any format), date of birth or "
                     "message text in plain" % when)

check_dump("after the booking")
t.ok(all(fd.sql("SELECT COUNT(*) FROM %s WHERE %s LIKE 'fd1:%%'" % x)[0][0] != "0" for x in
         [("appointments", "patient_name"), ("appointments", "patient_dob"),
          ("callbacks", "phone"), ("conversations", "state"),
          ("notify_appointments", "email"), ("notify_outbox", "recipient"),
          ("notify_inbound", "text")]),
     "the patient's columns hold sealed values")

# The booking is found again by phone and date of birth (keyed hash).
c3 = WebChat(fd, HP)
c3.say("Can I reschedule my appointment?")
if "reference" in c3.forms():
    c3.send({"form": {"reference": "07700 900987", "date_of_birth": "14/03/1971"}})
t.like(c3.text(), "I found your booking", "the booking is found by phone and date of birth")

# --- rekey while the workers serve -------------------------------------------
COLUMNS = [("messages", "text"), ("knowledge_gaps", "question"), ("conversations", "state"),
           ("idempotency_keys", "answer"), ("appointments", "patient_name"),
           ("appointments", "patient_phone"), ("appointments", "patient_email"),
           ("appointments", "patient_dob"), ("callbacks", "phone"),
           ("notify_appointments", "patient_name"), ("notify_appointments", "phone"),
           ("notify_appointments", "email"), ("notify_outbox", "recipient"),
           ("notify_outbox", "subject"), ("notify_outbox", "body"), ("notify_outbox", "params"),
           ("notify_inbound", "from_phone"), ("notify_inbound", "text")]

# A retried request is answered again from its sealed messages.
st, _ = fd.call("POST", "api/v1/conversations/%d/messages" % c.id, {"text": "thanks " + WORDS},
                token=c.token, origin="http://localhost:8080", headers={"Idempotency-Key": "k-1"})
t.is_(st, 200, "a message with an idempotency key")
old = fd.sql("SELECT patient_name FROM appointments WHERE reference = '%s'" % ref)[0][0].split(":")[1]
errors = []
stop = threading.Event()


def chatter():
    w = WebChat(fd, HP)
    i = 0
    while not stop.is_set():
        i += 1
        try:
            w.say("busy %d %s" % (i, WORDS))
            st, p = w.messages()
            if st != 200:
                errors.append(st)
        except Exception as e:
            errors.append(str(e)[:200])
        time.sleep(0.02)

th = [threading.Thread(target=chatter) for _ in range(2)]
for x in th:
    x.start()
r = fd.cli("rekey")
stop.set()
for x in th:
    x.join()
t.ok(r.returncode == 0, "rekey runs while two patients chat", r.stderr)
t.is_(sorted(set(map(str, errors))), [], "and no request fails meanwhile")
new = open(fd.conf["secret_key_file"]).read().split("\n")
new = [l.split(":")[0] for l in new if l and not l.startswith("#") and not l.startswith("index")]
t.ok(len(new) == 1 and new[0] != old, "one key is left, a new one")
left = []
for tab, col in COLUMNS:
    n = fd.sql("SELECT COUNT(*) FROM %s WHERE %s <> '' AND %s NOT LIKE 'fd1:%s:%%'"
               % (tab, col, col, new[0]))[0][0]
    if n != "0":
        left.append("%s.%s" % (tab, col))
t.is_(left, [], "every registered column is under the new key")
st, p = c.messages()
t.ok(st == 200 and any(WORDS in m["text"] for m in p["messages"]), "the conversation reads the same")
st, v = sam.call("GET", "api/v1/admin/conversations/%d" % c2.id)
t.is_([k["phone"] for k in v.get("callbacks", [])], ["07700900987"], "so does the call-back")
st, again = fd.call("POST", "api/v1/conversations/%d/messages" % c.id, {"text": "thanks " + WORDS},
                    token=c.token, origin="http://localhost:8080", headers={"Idempotency-Key": "k-1"})
t.ok(st == 200 and any(WORDS in m["text"] for m in again["messages"]),
     "a retried request is answered from its sealed messages")
r = fd.cli("export", "--clinic", HP, "--reference", ref)
t.ok(r.returncode == 0 and NAME in r.stdout and "1971-03-14" in r.stdout,
     "the appointment opens after rekey", r.stderr)
check_dump("after rekey")

# --- seal: data written in plain before encryption --------------------------
fd.sql("INSERT INTO callbacks (clinic_id, conversation_id, phone, created_at) VALUES "
       "('%s', %d, '+447700900555', '2026-12-03 14:00:00')" % (HP, c2.id))
r = fd.cli("seal")
t.is_((r.returncode, r.stdout.strip()), (0, "1 values sealed"), "seal seals the plain value")
row = fd.sql("SELECT phone, phone_hash FROM callbacks WHERE phone NOT LIKE 'fd1:%' OR phone_hash IS NULL")
t.is_(row, [], "and fills its keyed hash")
r = fd.cli("export", "--clinic", HP, "--phone", "07700 900555")
t.ok(r.returncode == 0 and "+447700900555" in r.stdout, "so it is found by phone afterwards")
log = fd.log()
t.ok(all(n not in log for n in ("Imogen", "hamstring", "900987", EMAIL)),
     "the log holds no patient detail")
t.done()
