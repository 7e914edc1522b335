"""Plays conversations with the booking engine through `frontdesk chat`
(one JSON line in, one JSON line out per turn), for the 4x tests."""
import json
import re
import subprocess

import fdtest


class Chat:
    def __init__(self, fd, clinic, lang="en", conversation=None):
        args = [fdtest.CLI, "chat", clinic, lang]
        if conversation is not None:
            args.append(str(conversation))
        self.p = subprocess.Popen(args, env=fd.env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        self.last = None

    def send(self, msg):
        line = json.dumps(msg) if isinstance(msg, dict) else msg
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        out = self.p.stdout.readline()
        if not out:
            raise RuntimeError("frontdesk chat stopped")
        self.last = json.loads(out)
        return self.last

    def say(self, text):
        return self.send(text)

    def choices(self):
        return [c for r in self.last["replies"] for c in (r["choices"] or [])]

    def choice(self, pattern):
        for c in self.choices():
            if re.search(pattern, c["label"], re.I):
                return c
        return None

    def pick(self, pattern):
        c = self.choice(pattern)
        if c is None:
            raise AssertionError("no choice %r in %r" % (pattern, self.text()))
        return self.send({"choice": c["value"]})

    def form(self, fields):
        return self.send({"form": fields})

    def text(self):
        parts = []
        for r in self.last["replies"]:
            parts.append(r["text"])
            parts += [c["label"] for c in (r["choices"] or [])]
        return "\n".join(parts)

    def has_form(self):
        return any(r["form"] for r in self.last["replies"])

    def booking(self):
        for r in self.last["replies"]:
            if r["booking"]:
                return r["booking"]
        return None

    def events(self):
        return [e["type"] for e in self.last["events"]]

    def drive(self, form, prefer, turns=12):
        """Answers the flow as the eval's drive() does."""
        for _ in range(turns):
            if self.booking():
                return self.booking()
            if self.has_form():
                fields = [f["name"] for r in self.last["replies"] if r["form"]
                          for f in r["form"]["fields"]]
                self.form({k: v for k, v in form.items() if k in fields})
                continue
            cs = self.choices()
            if not cs:
                return None
            for pat in prefer:
                c = self.choice(pat)
                if c:
                    self.send({"choice": c["value"]})
                    break
            else:
                self.send({"choice": cs[0]["value"]})
        return self.booking()

    def close(self):
        self.p.stdin.close()
        self.p.wait()
