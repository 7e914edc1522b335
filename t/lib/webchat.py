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
