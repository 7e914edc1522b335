#!/usr/bin/python3
# The built-in scheduler against the database: working hours checked
# server-side (B06), and 20 racing bookings of one slot giving exactly
# one appointment (B07), the others told it was just taken.
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["harbour-physio"], web=False)
fd.cli("holidays")
BOOK = os.path.join(fdtest.TOP, "t", "unit", "sched-book")

def book(start, service="assessment", name="Pat Example"):
    return subprocess.Popen([BOOK, "harbour-physio", "okafor", service, start, name],
                            env=fd.env, stdout=subprocess.PIPE, text=True)

def run(start, service="assessment"):
    p = book(start, service)
    out = p.communicate()[0].strip()
    return p.returncode, out

def count():
    return int(fd.sql("SELECT COUNT(*) FROM appointments")[0][0])

# B06: Mon 11 Jan 2027, Sam Okafor 09:00-17:00
t.is_(run("2027-01-11T16:30:00Z"), (4, "outside"), "B06: a 45-min assessment at 16:30 is outside working hours")
t.is_(run("2027-01-11T16:45:00Z", "follow-up"), (4, "outside"), "a 30-min follow-up at 16:45 runs past 17:00")
t.is_(run("2027-01-11T08:45:00Z"), (4, "outside"), "08:45 is before the practitioner starts")
t.is_(run("2027-01-11T10:05:00Z"), (4, "outside"), "10:05 is off the 15-minute grid")
t.is_(run("2026-12-03T15:00:00Z"), (4, "outside"), "inside the 2-hour notice")
t.is_(run("2026-12-28T10:00:00Z"), (5, "closed"), "a bank holiday is closed")
t.is_(count(), 0, "no row written for any of them")
st, out = run("2027-01-11T16:15:00Z")
t.is_(st, 0, "16:15 books (ends at 17:00)")
st, out = run("2027-01-11T16:30:00Z", "follow-up")
t.is_(st, 3, "16:30 follow-up overlaps the 16:15 assessment: taken")
t.is_(count(), 1, "one appointment")
blocks = fd.sql("SELECT COUNT(*) FROM appointment_blocks")[0][0]
t.is_(blocks, "9", "a 45-minute appointment covers nine 5-minute blocks")
ref = out.split()[-1] if out.startswith("booked") else None

# B07: 20 at once on Tue 12 Jan 2027 10:00
procs = [book("2027-01-12T10:00:00Z", name="Racer %d" % i) for i in range(20)]
results = [(p.communicate()[0].strip(), p.returncode) for p in procs]
booked = [r for r in results if r[1] == 0]
taken = [r for r in results if r[1] == 3]
t.is_(len(booked), 1, "B07: exactly one of 20 racing bookings succeeds")
t.is_(len(taken), 19, "the 19 others are told the slot was taken")
rows = fd.sql("SELECT COUNT(*) FROM appointments WHERE start_utc = '2027-01-12 10:00:00'")
t.is_(rows, [["1"]], "exactly one appointment row")
t.is_(run("2027-01-12T10:15:00Z", "follow-up"), (3, "taken"), "an overlapping start is taken too")
t.is_(run("2027-01-12T10:45:00Z", "follow-up")[0], 0, "the next free start books")

refs = fd.sql("SELECT reference FROM appointments")
t.ok(all(len(r[0]) == 6 and not set(r[0]) & set("01258BILOSZ") for r in refs),
     "references: 6 characters without look-alikes")
t.is_(len({r[0] for r in refs}), len(refs), "references are unique")
t.done()
