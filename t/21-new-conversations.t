#!/usr/bin/python3
# New conversations from one address are limited per hour, and a language
# hint the product does not speak falls back to the clinic's language.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio"],
                     conf={"rate_new_conversations_per_hour": "5"})
O = "http://localhost:8080"
codes = [fd.request("POST", "api/v1/conversations", {"clinic": "riverside-physio"},
                    origin=O)[0] for _ in range(5)]
t.is_(codes, [201] * 5, "five conversations start")
st, b, h = fd.request("POST", "api/v1/conversations", {"clinic": "riverside-physio"}, origin=O)
t.is_(st, 429, "the sixth in the hour: 429")
t.ok(int(h.get("Retry-After", "0")) > 60, "with Retry-After until the hour ends", h.get("Retry-After"))
t.is_(fd.sql("SELECT COUNT(*) FROM conversations"), [["5"]], "and nothing is created")

fd2 = fdtest.Instance(clinics=["riverside-physio"])
st, c = fd2.call("POST", "api/v1/conversations", {"clinic": "riverside-physio", "language": "xx"}, origin=O)
t.is_((st, c["messages"][0]["language"]), (201, "en"), "an unknown language hint: the clinic's default")
st, c = fd2.call("POST", "api/v1/conversations", {"clinic": "riverside-physio", "language": "fr"}, origin=O)
t.is_(c["messages"][0]["language"], "fr", "a French hint: a French greeting")
t.like(c["messages"][0]["text"], "Bonjour", "in French")
t.done()
