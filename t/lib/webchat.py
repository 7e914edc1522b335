"""A patient in the chat widget, through the real HTTP API (the t/47 and
t/48 tests): starts a conversation, sends text, choices and forms, and
reads the replies each message caused.

    c = webchat.Chat(fd, "harbour-physio", origin="http://localhost:8080")
    c.say("Book me a physio follow-up")
    c.pick(r"^Tue 6 Apr, 10:00$")
    c.form({"name": "Aoife Byrne", ...})
    c.booking()     # the booking object of a reply, or None
"""
import re


class Chat:
    def __init__(self, fd, clinic, lang=None, origin=None):
        self.fd = fd
        self.origin = origin
        body = {"clinic": clinic}
        if lang:
            body["language"] = lang
        st, b = fd.call("POST", "api/v1/conversations", body, origin=origin)
        if st != 201:
            raise RuntimeError("conversation not started: %r %r" % (st, b))
        self.id = b["conversation"]
        self.token = b["token"]
        self.status = st
        self.replies = []

    def send(self, body):
        st, b = self.fd.call("POST", "api/v1/conversations/%d/messages" % self.id,
                             body, token=self.token, origin=self.origin)
        self.status = st
        msgs = b.get("messages", []) if isinstance(b, dict) else []
        self.replies = [m for m in msgs if m["from"] != "patient"]
        return st, b

    def say(self, text):
        return self.send({"text": text})

    def choose(self, value):
        return self.send({"choice": value})

    def form(self, fields):
        return self.send({"form": fields})

    def choices(self):
        return [c for r in self.replies for c in (r.get("choices") or [])]

    def choice(self, pattern):
        for c in self.choices():
            if re.search(pattern, c["label"], re.I):
                return c
        return None

    def pick(self, pattern):
        c = self.choice(pattern)
        if c is None:
            raise AssertionError("no choice %r in %r" % (pattern, self.text()))
        return self.choose(c["value"])

    def text(self):
        parts = []
        for r in self.replies:
            parts.append(r["text"])
            parts += [c["label"] for c in (r.get("choices") or [])]
        return "\n".join(parts)

    def has_form(self):
        return any(r.get("form") for r in self.replies)

    def booking(self):
        for r in self.replies:
            if r.get("booking"):
                return r["booking"]
        return None


# The privacy tests' patient: the same conversation, driven by plans.

O = "http://localhost:8080"


class WebChat:
    def __init__(self, fd, clinic, lang="en"):
        self.fd = fd
        st, c = fd.call("POST", "api/v1/conversations",
                        {"clinic": clinic, "language": lang}, origin=O)
        if st not in (200, 201):
            raise RuntimeError("conversation not started: %r" % (c,))
        self.id, self.token = c["conversation"], c["token"]
        self.last = []

    def send(self, body):
        st, b = self.fd.call("POST", "api/v1/conversations/%d/messages" % self.id,
                             body, token=self.token, origin=O)
        if st != 200:
            raise RuntimeError("message refused: %r %r" % (st, b))
        self.last = [m for m in b["messages"] if m["from"] != "patient"]
        return self.last

    def say(self, text):
        return self.send({"text": text})

    def choices(self):
        return [c for m in self.last for c in (m.get("choices") or [])]

    def text(self):
        return "\n".join(m["text"] for m in self.last)

    def forms(self):
        return [f["name"] for m in self.last if m.get("form") for f in m["form"]["fields"]]

    def booking(self):
        for m in self.last:
            if m.get("booking"):
                return m["booking"]
        return None

    def drive(self, form, prefer, turns=12):
        for _ in range(turns):
            if self.booking():
                return self.booking()
            if self.forms():
                self.send({"form": {k: v for k, v in form.items() if k in self.forms()}})
                continue
            cs = self.choices()
            if not cs:
                return None
            for pat in prefer:
                c = [x for x in cs if re.search(pat, x["label"], re.I)]
                if c:
                    self.send({"choice": c[0]["value"]})
                    break
            else:
                self.send({"choice": cs[0]["value"]})
        return self.booking()

    def messages(self):
        st, b = self.fd.call("GET", "api/v1/conversations/%d/messages?after=0" % self.id,
                             token=self.token, origin=O)
        return st, b
