#!/usr/bin/python3
# Provider webhooks (B20): WhatsApp's verification handshake and signed
# events, Twilio's signature over the configured public https URL while
# nginx passes plain http; wrong or missing signatures get 403 and store
# nothing; delivery statuses land on the outbox row; a redelivered
# inbound message is stored once.
import base64, hashlib, hmac, json, os, sys, time, urllib.parse, urllib.request, urllib.error
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest
import notifytest as nt

t = fdtest.TAP()
fd, fake, sink = nt.setup(web=True)
S = nt.SECRETS

def post(path, data, headers):
    req = urllib.request.Request(fd.base + path, data=data, method="POST", headers=headers)
    t0 = time.time()
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode(), time.time() - t0
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), time.time() - t0

def count(table):
    return int(fd.sql("SELECT COUNT(*) FROM " + table)[0][0])

# The verification handshake.
q = "hub.mode=subscribe&hub.verify_token=%s&hub.challenge=1158201444" % S["wa-verify"]
st, body = fd.call("GET", "api/v1/webhooks/whatsapp?" + q)
t.is_((st, body), (200, 1158201444), "the right verify token: 200 with the challenge")
st, body = fd.call("GET", "api/v1/webhooks/whatsapp?" + q.replace(S["wa-verify"], "guess"))
t.is_(st, 403, "a wrong verify token: 403")

# A confirmation to get a provider message id.
nt.queue(fd, nt.appt(email=None))
wamid = fake.of("whatsapp")[0]["id"]

def wa_payload(**value):
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1",
        "changes": [{"field": "messages", "value": dict(
            {"messaging_product": "whatsapp", "metadata": {"phone_number_id": fake.phone_id}},
            **value)}]}]}).encode()

def wa_post(raw, secret=S["wa-secret"], sig=True):
    h = {"Content-Type": "application/json"}
    if sig:
        h["X-Hub-Signature-256"] = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return post("api/v1/webhooks/whatsapp", raw, h)

raw = wa_payload(statuses=[{"id": wamid, "status": "delivered", "recipient_id": "447700900123"}])
st, _, _ = wa_post(raw)
t.is_(st, 200, "a signed status event: 200")
t.is_(fd.sql("SELECT delivery FROM notify_outbox WHERE provider_id='%s'" % wamid)[0][0], "delivered",
      "the delivery status is recorded on the outbox row")
st, _, _ = wa_post(wa_payload(statuses=[{"id": wamid, "status": "read"}]))
st, _, _ = wa_post(wa_payload(statuses=[{"id": wamid, "status": "delivered"}]))
t.is_(fd.sql("SELECT delivery FROM notify_outbox WHERE provider_id='%s'" % wamid)[0][0], "read",
      "a late 'delivered' does not undo 'read'")

msg = wa_payload(contacts=[{"wa_id": "447700900123", "profile": {"name": "Aoife"}}],
                 messages=[{"from": "447700900123", "id": "wamid.TEST123", "timestamp": "1733234700",
                            "type": "text", "text": {"body": "Can I bring my son? 👦🏽"}}])
n = count("notify_inbound")
st, _, took = wa_post(msg, secret="not-the-secret")
t.is_(st, 403, "a wrong signature: 403")
st, _, _ = wa_post(msg, sig=False)
t.is_(st, 403, "no signature: 403")
t.is_(count("notify_inbound"), n, "nothing stored from refused requests")
tampered = msg.replace(b"Can I bring", b"Cancel all of")
h = {"Content-Type": "application/json",
     "X-Hub-Signature-256": "sha256=" + hmac.new(S["wa-secret"].encode(), msg, hashlib.sha256).hexdigest()}
st, _, _ = post("api/v1/webhooks/whatsapp", tampered, h)
t.is_(st, 403, "a body changed after signing: 403")

codes = []
for i in range(3):
    st, _, took = wa_post(msg)
    codes.append((st, took < 2))
t.is_(codes, [(200, True)] * 3, "the same message delivered 3 times: 200 each, within 2 s (B20 a)")
rows = [[c, p, fd.unseal(f, "notify_inbound.from_phone"), fd.unseal(x, "notify_inbound.text")]
        for c, p, f, x in fd.sql("SELECT clinic_id, provider, from_phone, text FROM notify_inbound")]
t.is_(rows, [["harbour-notify", "whatsapp", "+447700900123", "Can I bring my son? 👦🏽"]],
      "stored once, for the clinic that wrote to that number")

# Twilio: signed over the configured https URL (nginx gives us http).
url = nt.PUBLIC + "api/v1/webhooks/twilio"

def tw_sig(params, u=url):
    s = u + "".join(k + v for k, v in sorted(params.items()))
    return base64.b64encode(hmac.new(S["tw-token"].encode(), s.encode(), hashlib.sha1).digest()).decode()

def tw_post(params, sig):
    h = {"Content-Type": "application/x-www-form-urlencoded"}
    if sig is not None:
        h["X-Twilio-Signature"] = sig
    return post("api/v1/webhooks/twilio", urllib.parse.urlencode(params).encode(), h)

nt.queue(fd, nt.appt(clinic_id="oakwood-notify", reference="OAK-7", email=None))
sid = fake.of("sms")[-1]["id"]
p = {"MessageSid": sid, "MessageStatus": "delivered", "AccountSid": fake.sid, "To": "+447700900123"}
st, body, _ = tw_post(p, tw_sig(p))
t.is_(st, 200, "a correctly signed status callback: 200")
t.like(body, "<Response>", "answered with empty TwiML")
t.is_(fd.sql("SELECT delivery FROM notify_outbox WHERE provider_id='%s'" % sid)[0][0], "delivered",
      "and recorded")
inbound = {"MessageSid": "SM" + "7" * 32, "AccountSid": fake.sid, "From": "+447700900123",
           "To": "+447700900321", "Body": "Running 10 min late, sorry & thanks"}
st, _, _ = tw_post(inbound, tw_sig(inbound, u=url.replace("https:", "http:")))
t.is_(st, 403, "signed over the http URL a proxy would show: 403")
n = count("notify_inbound")
bad = dict(inbound, Body="Cancel everything")
st, _, _ = tw_post(bad, tw_sig(inbound))
t.is_(st, 403, "Body changed after signing: 403 (B20 b)")
st, _, _ = tw_post(inbound, None)
t.is_(st, 403, "no signature: 403")
t.is_(count("notify_inbound"), n, "nothing stored from refused requests")
for i in range(2):
    st, _, _ = tw_post(inbound, tw_sig(inbound))
t.is_(st, 200, "a signed inbound SMS: 200")
rows = [[p, fd.unseal(x, "notify_inbound.text")]
        for p, x in fd.sql("SELECT provider, text FROM notify_inbound WHERE provider='twilio'")]
t.is_(rows, [["twilio", "Running 10 min late, sorry & thanks"]], "stored once though sent twice")
t.ok("Running" not in fd.log() and "447700900" not in fd.log(), "the log has no texts or numbers")
t.done()
