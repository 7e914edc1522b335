#!/usr/bin/python3
# UK bank holidays as data (B09): loading the gov.uk file, idempotently,
# refusing a bad file whole, and the chat closed on a bank holiday.
import json, os, re, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, bookchat

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["oakwood-dental", "harbour-physio"], web=False)

def rows():
    return fd.sql("SELECT division, date, title, notes FROM bank_holidays "
                  "ORDER BY division, date")

r = fd.cli("holidays")
t.is_(r.returncode, 0, "frontdesk holidays loads the shipped file")
t.like(r.stdout, "108 bank holidays", "108 events in 2025-2028")
first = rows()
r = fd.cli("holidays")
t.is_((r.returncode, rows()), (0, first), "loading it again changes nothing")
ew = {d for div, d, _, _ in first if div == "england-and-wales"}
for d in ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
          "2026-08-31", "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26",
          "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27",
          "2027-12-28"]:
    t.ok(d in ew, "England and Wales: %s" % d)
sc = {d for div, d, _, _ in first if div == "scotland"}
t.ok({"2026-01-02", "2026-08-03", "2026-11-30"} <= sc, "Scotland: 2 January, August, St Andrew's Day")
t.ok("2026-04-06" not in sc, "Scotland keeps no Easter Monday")
ni = {d for div, d, _, _ in first if div == "northern-ireland"}
t.ok({"2026-03-17", "2026-07-13", "2027-07-12"} <= ni, "Northern Ireland: St Patrick's, the Boyne (substitute)")
t.ok(any("\u2019" in title for _, _, title, _ in first), "titles keep their typographic apostrophes")

doc = json.load(open(os.path.join(fdtest.TOP, "data", "bank-holidays.json")))
doc["scotland"]["events"][3]["date"] = "2026-02-30"
bad = os.path.join(fd.dir, "bad.json")
json.dump(doc, open(bad, "w"))
r = fd.cli("holidays", bad)
t.is_(r.returncode, 1, "a file with an impossible date is refused")
t.like(r.stderr, "scotland.events[3].date", "naming the event")
t.is_(rows(), first, "and nothing changed")
open(bad, "w").write("{not json")
t.is_(fd.cli("holidays", bad).returncode, 1, "malformed JSON is refused")

newer = json.load(open(os.path.join(fdtest.TOP, "data", "bank-holidays.json")))
newer["england-and-wales"]["events"].append({"title": "Extra bank holiday", "date": "2028-06-05", "notes": "", "bunting": True})
good = os.path.join(fd.dir, "newer.json")
json.dump(newer, open(good, "w"))
r = fd.cli("holidays", good)
t.is_(r.returncode, 0, "a newer file loads")
t.is_(fd.sql("SELECT title FROM bank_holidays WHERE division = 'england-and-wales' AND date = '2028-06-05'"),
      [["Extra bank holiday"]], "with its new holiday")
fd.cli("holidays")

# B09 in the chat: each holiday is closed, the next open day offered.
for clinic, text, date in [
        ("oakwood-dental", "Can I book a check-up on Monday 28 December?", "28 December 2026"),
        ("oakwood-dental", "Can I book a check-up on Friday 1 January?", "1 January 2027"),
        ("harbour-physio", "I'd like a physio assessment on Good Friday 26 March at 9", "26 March 2027"),
        ("harbour-physio", "Can I come Easter Monday 29 March at 9?", "29 March 2027")]:
    c = bookchat.Chat(fd, clinic)
    c.say(text)
    t.like(c.text().lower(), "bank holiday", "%s: closed for the bank holiday" % date)
    t.like(c.text(), date, "%s: the day is named" % date)
    for _ in range(3):
        if c.choice("Patel"):
            c.pick("Patel")
        elif c.choice("assessment"):
            c.pick("assessment")
    labels = [x["label"] for x in c.choices() if x["value"].startswith("slot:")]
    day = date.split()[0] + " " + date.split()[1][:3]
    t.ok(labels and all(day + "," not in l for l in labels),
         "%s: times offered, none on it (%s)" % (date, labels[:1]))
    c.close()

c = bookchat.Chat(fd, "harbour-physio")
c.say("I'd like to book a physio assessment on Easter Monday 29 March")
t.like(c.text().lower(), "bank holiday", "Easter Monday: closed")
labels = [x["label"] for x in c.choices() if x["value"].startswith("slot:")]
t.is_(labels[:1], ["Tue 30 Mar, 09:00"], "the next open day is offered: Tue 30 Mar 09:00")
tok = c.choices()[0]["value"]
c.send({"choice": tok})
start = fd.sql("SELECT start_utc FROM holds")
t.is_(start, [["2027-03-30 08:00:00"]], "09:00 BST is held as 08:00Z")
c.close()
t.done()
