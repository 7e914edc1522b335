"""Shared set-up of the notification tests (t/9x-notify-*.t): fake
providers, an SMTP sink, secret files and an instance configured to use
them, plus helpers to queue appointment messages through the CLI."""
import email
import email.policy
import json
import os
import subprocess
import tempfile

import fdtest
from fakeproviders import FakeProviders, SmtpSink

PUBLIC = "https://clinic.example/frontdesk/"
SECRETS = {"wa-token": "wa-token", "wa-secret": "wa-app-secret",
           "wa-verify": "verify-me", "tw-token": "tw-secret"}


def setup(web=False, clinics=("harbour-notify", "oakwood-notify"), now=fdtest.NOW,
          workers=2, **conf):
    fake = FakeProviders(token=SECRETS["wa-token"], auth=SECRETS["tw-token"])
    fdtest._cleanups.append(fake.stop)
    sink = SmtpSink()
    fdtest._cleanups.append(sink.stop)
    d = tempfile.mkdtemp(prefix="fd-secrets-")
    for name, value in SECRETS.items():
        with open(os.path.join(d, name), "w") as f:
            f.write(value + "\n")
    c = {
        "public_url": PUBLIC,
        "notify_whatsapp_provider": "cloud",
        "whatsapp_api_url": fake.url + "wa/v21.0/",
        "whatsapp_phone_number_id": fake.phone_id,
        "whatsapp_token_file": os.path.join(d, "wa-token"),
        "whatsapp_app_secret_file": os.path.join(d, "wa-secret"),
        "whatsapp_verify_token_file": os.path.join(d, "wa-verify"),
        "twilio_api_url": fake.url + "twilio/2010-04-01/",
        "twilio_account_sid": fake.sid,
        "twilio_auth_token_file": os.path.join(d, "tw-token"),
        "twilio_sms_from": "HarbourPD",
        "smtp_url": "smtp://127.0.0.1:%d" % sink.port,
        "smtp_from": "noreply@harbour.example",
        "smtp_tls": "none",
        "notify_timeout_seconds": "2",
    }
    c.update(conf)
    fd = fdtest.Instance(clinics=list(clinics), web=web, conf=c, now=now, workers=workers)
    return fd, fake, sink


def appt(**kw):
    a = {"clinic_id": "harbour-notify", "kind": "booked", "reference": "HPD-1001",
         "service": "Physio follow-up", "practitioner": "Sam Okafor",
         "start": "2027-04-06T09:00:00Z", "duration_min": 30, "price": "£60.00",
         "patient_name": "Aoife Byrne", "phone_e164": "+447700900123",
         "email": "aoife@example.com", "lang": "en", "appointment_id": 1}
    a.update(kw)
    return a


def queue(fd, a, flush=True, now=None):
    args = [fdtest.CLI, "notify", "queue"] + ([] if flush else ["--no-flush"])
    return subprocess.run(args, env=env(fd, now), input=json.dumps(a),
                          capture_output=True, text=True)


def env(fd, now=None):
    e = dict(fd.env)
    if now:
        e["FRONTDESK_NOW"] = now
    return e


def cli(fd, *args, now=None):
    return subprocess.run([fdtest.CLI] + list(args), env=env(fd, now),
                          capture_output=True, text=True)


def outbox(fd, where="1"):
    """Rows of the outbox as dicts."""
    cols = ["id", "kind", "channel", "status", "attempts", "recipient",
            "provider_id", "delivery", "next_attempt_at"]
    rows = fd.sql("SELECT %s FROM notify_outbox WHERE %s ORDER BY id" % (", ".join(cols), where))
    out = [dict(zip(cols, r)) for r in rows]
    for r in out:
        r["recipient"] = fd.unseal(r["recipient"], "notify_outbox.recipient")
    return out


def mail(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def mail_text(msg):
    return msg.get_body(preferencelist=("plain",)).get_content()
