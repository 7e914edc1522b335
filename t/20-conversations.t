#!/usr/bin/python3
# The conversation API: tokens, origins, input limits, idempotent retries,
# rate limits and polling (../shared/API.md; FAULTS B10, B23).
import json, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import json
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio", "oakwood-dental"],
                     conf={"rate_conversation_per_min": "8"})
O = "http://localhost:8080"

def count(table):
    return int(fd.sql("SELECT COUNT(*) FROM " + table)[0][0])

st, c = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"}, origin=O)
t.is_(st, 201, "a conversation starts: 201")
t.ok(len(c.get("token", "")) >= 32, "with a token of at least 128 bits")
t.is_(c["messages"][0]["from"], "assistant", "and the clinic's greeting")
t.like(c["messages"][0]["text"], "here to help", "the greeting is the clinic's")
t.like(c["messages"][0]["text"], "automated assistant",
       "the greeting says the assistant is automated")
cid, tok = c["conversation"], c["token"]
stored = fd.sql("SELECT token_hash FROM conversations WHERE id = %d" % cid)[0][0]
t.ok(stored != tok and len(stored) == 64, "only a hash of the token is stored")

st, b = fd.call("POST", "api/v1/conversations", {"clinic": "no-such-clinic"}, origin=O)
t.is_(st, 404, "unknown clinic: 404")
n = count("conversations")
st, b, h = fd.request("POST", "api/v1/conversations", {"clinic": "riverside-physio"},
                      origin="https://evil.example")
t.is_(st, 403, "an origin that is not allowed: 403")
t.ok("Access-Control-Allow-Origin" not in h, "and no CORS header")
t.is_(count("conversations"), n, "and nothing is created")
st, b, h = fd.request("OPTIONS", "api/v1/conversations", origin="https://evil.example")
t.is_(st, 403, "a preflight from that origin: 403")
st, b, h = fd.request("OPTIONS", "api/v1/conversations/%d/messages" % cid, origin=O)
t.is_(st, 204, "a preflight from the clinic's origin: 204")
t.is_(h.get("Access-Control-Allow-Origin"), O, "allowing exactly that origin")
t.like(h.get("Access-Control-Allow-Headers", ""), "Idempotency-Key", "and the headers the widget sends")

path = "api/v1/conversations/%d/messages" % cid
st, b = fd.call("POST", path, {"text": "hello"}, origin=O)
t.is_(st, 401, "no token: 401")
st, b = fd.call("POST", path, {"text": "hello"}, token="x" * 64, origin=O)
t.is_(st, 401, "a wrong token: 401")
st, c2 = fd.call("POST", "api/v1/conversations", {"clinic": "oakwood-dental"}, origin=O)
st, b = fd.call("POST", path, {"text": "hello"}, token=c2["token"], origin=O)
t.is_(st, 401, "another conversation's token: 401")
n = count("messages")
st, b = fd.call("POST", path, {"text": "hello"}, token=tok, origin="https://evil.example")
t.is_(st, 403, "a message from a foreign origin: 403")
t.is_(count("messages"), n, "stores nothing")

def bad(body, name, raw=None, status=400):
    before = count("messages")
    st, b = fd.call("POST", path, body, token=tok, origin=O, raw=raw)
    t.is_(st, status, name + ": %d" % status)
    t.ok(isinstance(b, dict) and "error" in b and "code" in b["error"], name + ": error shape")
    t.is_(count("messages"), before, name + ": nothing stored")

bad({"text": "x" * 2001}, "text over 2,000 characters")
bad({"text": "   "}, "empty text")
bad({}, "no text, choice or form")
bad({"text": "a", "choice": "b"}, "two inputs at once")
bad({"text": 42}, "text not a string")
bad(None, "malformed JSON", raw=b'{"text": "hi"')
bad(None, "invalid UTF-8", raw=b'{"text": "caf\xc3"}')
bad(None, "a NUL inside the text (B23 d)", raw=b'{"text": "Book me in\\u0000 please"}')
bad(None, "trailing garbage", raw=b'{"text": "hi"} x')
bad(None, "a body over the limit", raw=b'{"text": "' + b"a" * (2 * 1024 * 1024) + b'"}', status=413)

st, b = fd.call("POST", path, {"text": "x" * 2000}, token=tok, origin=O)
t.is_(st, 200, "2,000 characters exactly are fine")

text = "Can my son 👦🏽 (7) see the dentist? He's scared 😬 Zoë Ní Bhriain 🌸 مرحبا"
st, b = fd.call("POST", path, {"text": text}, token=tok, origin=O)
t.is_(st, 200, "emoji, diacritics and RTL text: 200 (B10)")
t.is_(b["messages"][0]["text"], text, "returned byte for byte")
t.is_(b["messages"][0]["from"], "patient", "the first message is the patient's")
t.ok(len(b["messages"]) >= 2, "and a reply follows")
t.ok(all(m.get("language") for m in b["messages"]), "every message records its language")
last = b["last_id"]

st, p = fd.call("GET", path + "?after=%d" % last, token=tok, origin=O)
t.is_((st, p["messages"], p["last_id"]), (200, [], last), "polling after the last id: nothing new")
t.ok(p.get("poll_ms", 0) > 0, "with a poll_ms hint")
st, p = fd.call("GET", path + "?after=0", token=tok, origin=O)
t.ok(len(p["messages"]) >= 4, "polling from 0 gives the whole conversation")
t.is_(p["messages"][0]["id"] < p["messages"][-1]["id"], True, "in id order")
st, p = fd.call("GET", path + "?after=abc", token=tok, origin=O)
t.is_(st, 400, "a non-numeric after: 400")

n = count("messages")
hdr = {"Idempotency-Key": "retry-1"}
st1, b1 = fd.call("POST", path, {"text": "what time do you open on saturday?"}, token=tok, origin=O, headers=hdr)
st2, b2 = fd.call("POST", path, {"text": "what time do you open on saturday?"}, token=tok, origin=O, headers=hdr)
t.is_((st1, st2), (200, 200), "a retried POST answers 200 twice")
t.is_(b1, b2, "with the first answer")
t.is_(count("messages"), n + len(b1["messages"]), "and stores nothing twice")
st, b = fd.call("POST", path, {"text": "something else"}, token=tok, origin=O, headers=hdr)
t.is_(st, 409, "the same key with another body: 409")

# The token, the origin and the body are checked on a retry too, before
# its first answer is given: a stranger who knows a key learns nothing.
q = {"text": "what time do you open on saturday?"}
st, b, h = fd.request("POST", path, q, token="x" * 64, origin=O, headers=hdr)
t.is_(st, 401, "a retried key with a wrong token: 401")
t.ok("messages" not in b, "and no answer", b)
st, b, h = fd.request("POST", path, q, token=c2["token"], origin=O, headers=hdr)
t.is_(st, 401, "a retried key with another conversation's token: 401")
st, b = fd.call("POST", path, q, token=tok, origin="https://evil.example", headers=hdr)
t.is_(st, 403, "a retried key from a foreign origin: 403")
st, b = fd.call("POST", path, {"text": ""}, token=tok, origin=O, headers=hdr)
t.is_(st, 400, "a retried key with an empty text: 400")
st, b = fd.call("POST", path, q, token=tok, origin=O, headers=hdr)
t.is_((st, b), (200, b1), "the right retry still gets its first answer")
n = count("messages")
st, b = fd.call("POST", path, q, token=tok, origin=O, headers={"Idempotency-Key": "k" * 129})
t.is_(st, 400, "a key over 128 characters: 400")
st, b = fd.call("POST", path, q, token="x" * 64, origin=O, headers={"Idempotency-Key": "k" * 129})
t.is_(st, 401, "with a wrong token as well: 401 first")
st, b = fd.call("POST", path, q, token=tok, origin="https://evil.example", headers={"Idempotency-Key": "new-key"})
t.is_(st, 403, "a new key from a foreign origin: 403")
t.is_((count("messages"), int(fd.sql("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key IN ('new-key', '%s')" % ("k" * 129))[0][0])),
      (n, 0), "none of them stored a message or a key")

# A retry is answered from the messages its first try stored, not from a
# second copy of them; an unanswered question's gap points at the
# patient's message.
st, cg = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"}, origin=O)
pg = "api/v1/conversations/%d/messages" % cg["conversation"]
hdr = {"Idempotency-Key": "retry-gap"}
q = {"text": "do you sell gift vouchers shaped like llamas?"}
st1, b1 = fd.call("POST", pg, q, token=cg["token"], origin=O, headers=hdr)
st2, b2 = fd.call("POST", pg, q, token=cg["token"], origin=O, headers=hdr)
t.is_((st1, st2), (200, 200), "a turn with a gap, retried: 200 twice")
t.is_(b2, b1, "with the first answer, every message of it")
t.ok(len(b1["messages"]) >= 2 and b1["last_id"] == b1["messages"][-1]["id"],
     "the answer ends at last_id", b1)
row = fd.sql("SELECT answer IS NULL, first_id, last_id FROM idempotency_keys "
             "WHERE idem_key = 'retry-gap'")
t.is_(row, [["1", str(b1["messages"][0]["id"]), str(b1["last_id"])]],
      "the key keeps the ids of the first try's messages, no copy of them")
# A turn with several replies: the ids it answers are the stored rows'.
st, b = fd.call("POST", pg, {"text": "can I speak to a person?"}, token=cg["token"], origin=O)
rows = fd.sql("SELECT id, sender FROM messages WHERE conversation_id = %d ORDER BY id DESC LIMIT %d"
              % (cg["conversation"], len(b["messages"])))
t.ok(len(b["messages"]) >= 3, "asking for a person gives two replies", b)
t.is_([[str(m["id"]), m["from"]] for m in b["messages"]], rows[::-1],
      "each message's id is its row's, in order")
gap = fd.sql("SELECT message_id FROM knowledge_gaps WHERE conversation_id = %d" % cg["conversation"])
t.is_(gap, [[str(b1["messages"][0]["id"])]], "the gap points at the patient's message")

# The limit is 8 a minute in this instance; this conversation has used 5.
# Twenty tries reach it even if a minute boundary passes in between.
codes = []
for i in range(20):
    st, b, h = fd.request("POST", path, {"text": "hi %d" % i}, token=tok, origin=O)
    codes.append(st)
t.ok(429 in codes, "past the per-conversation limit: 429", codes)
st, b, h = fd.request("POST", path, {"text": "again"}, token=tok, origin=O)
t.is_(st, 429, "still limited")
t.ok(int(h.get("Retry-After", "0")) > 0, "with Retry-After")

# B23: a body shorter than announced, and one longer.
req = (b"POST /frontdesk/%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
       b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n" % (path.encode(), tok.encode()))
n = count("messages")
out = fdtest.raw_http(fd.port, req + b'{"text": "' + b"a" * 1990 + b'"}', timeout=3, close_write=True)
t.ok(not out.startswith(b"HTTP/1.1 200"), "a body cut short is not processed (B23 a)", out[:80])
t.is_(count("messages"), n, "and stores nothing")
st, c3 = fd.call("POST", "api/v1/conversations", {"clinic": "oakwood-dental"}, origin=O)
p3 = "api/v1/conversations/%d/messages" % c3["conversation"]
req = (b"POST /frontdesk/%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
       b"Content-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
       % (p3.encode(), c3["token"].encode()))
out = fdtest.raw_http(fd.port, req + b'{"text": "hello there friend"}')
t.like(out[:20].decode(), "400", "exactly Content-Length bytes are read: invalid JSON, 400 (B23 b)")

st, w = fd.call("GET", "api/v1/clinics/riverside-physio/widget")
t.is_(st, 200, "widget settings: 200")
t.is_((w["name"], w["colour"]), ("Riverside Physiotherapy", "#0b7a75"), "name and colour")
t.ok("open_now" in w and isinstance(w["proactive"], list), "open_now and proactive rules")
t.is_(w["open_now"], True, "open at Thursday 14:05")
t.is_((w["labels_language"], w["labels"]["send"]), ("en", "Send"),
      "no lang: the widget's labels in the clinic's default, English")
st, w = fd.call("GET", "api/v1/clinics/riverside-physio/widget?lang=fr")
t.is_((st, w["labels_language"]), (200, "fr"), "?lang=fr: labels in French")
t.is_((w["labels"]["send"], w["labels"]["restart"], w["labels"]["chat"]),
      ("Envoyer", "Recommencer", "Discuter avec nous"), "French labels")
t.is_(w["name"], "Riverside Physiotherapy", "the rest of the settings as before")
st, w = fd.call("GET", "api/v1/clinics/oakwood-dental/widget?lang=ur-PK")
t.is_((st, w["labels_language"], w["labels"]["send"]), (200, "ur", "بھیجیں"),
      "?lang=ur-PK: Urdu labels")
st, en = fd.call("GET", "api/v1/clinics/riverside-physio/widget")
t.is_(len(w["labels"]), len(en["labels"]), "every key in every language")
t.ok(all(isinstance(v, str) and v for v in w["labels"].values()),
     "every label a non-empty string")
for q, why in (("zh", "a language the product does not speak"),
               ("x%3Cscript%3E", "markup"), ("fr" * 40, "an overlong value"),
               ("%ZZ", "a broken escape"), ("", "an empty value")):
    st, w = fd.call("GET", "api/v1/clinics/riverside-physio/widget?lang=" + q)
    t.is_((st, w.get("labels_language"), w.get("labels", {}).get("send")),
          (200, "en", "Send"), "lang=%s: %s, the clinic default" % (q[:12], why))
st, w = fd.call("GET", "api/v1/clinics/riverside-physio/widget?lang=fr&lang=de")
t.is_(w["labels_language"], "fr", "the first lang counts")

# A clinic whose default is French: an unknown or bad lang falls back to it.
with open(fdtest.clinic_path("harbour-physio")) as f:
    doc = json.load(f)
doc["default_language"] = "fr"
tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "fd-harbour-fr-%d.json" % os.getpid())
with open(tmp, "w") as f:
    json.dump(doc, f)
r = fd.cli("import", tmp)
os.unlink(tmp)
t.is_(r.returncode, 0, "a clinic whose default language is French")
for q in ("", "?lang=zh", "?lang=%3Cb%3E"):
    st, w = fd.call("GET", "api/v1/clinics/harbour-physio/widget" + q)
    t.is_((st, w.get("labels_language"), w.get("labels", {}).get("send")),
          (200, "fr", "Envoyer"), "widget%s: the clinic default, French" % q)
st, w = fd.call("GET", "api/v1/clinics/harbour-physio/widget?lang=en")
t.is_(w["labels"]["send"], "Send", "?lang=en still English")

st, w = fd.call("GET", "api/v1/clinics/nope/widget")
t.is_(st, 404, "unknown clinic's widget: 404")

# A turn's answer is built from what it stored: the same as a read.
st, c = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"})
for text in ("how much is a follow up?", "can I book an appointment?"):
    st, turn = fd.call("POST", "api/v1/conversations/%d/messages" % c["conversation"],
                       {"text": text}, token=c["token"])
    first = turn["messages"][0]["id"]
    st, poll = fd.call("GET", "api/v1/conversations/%d/messages?after=%d"
                       % (c["conversation"], first - 1), token=c["token"])
    t.is_(json.dumps(turn["messages"]), json.dumps(poll["messages"]),
          "turn answer equals a read of its messages: " + text)
    t.is_(turn["last_id"], poll["last_id"], "and the same last_id")
st, poll = fd.call("GET", "api/v1/conversations/%d/messages?after=x" % c["conversation"],
                   token="y" * 64)
t.is_(st, 401, "a bad after with a bad token: 401 first")
t.done()
