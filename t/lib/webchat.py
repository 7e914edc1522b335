"""A patient's conversation through the HTTP API (as the widget talks),
for the privacy tests: say, pick, fill forms, drive a booking."""
import re

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
