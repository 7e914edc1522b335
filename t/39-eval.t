#!/usr/bin/python3
# The black-box conversations of ../shared/eval through the widget API,
# against a fresh product with the clock at 2026-12-03T14:05:00Z and the
# example clinics imported.  Each case is one TAP test.
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
cases = os.path.join(fdtest.SHARED, "eval", "conversations.jsonl")
if not os.path.exists(cases):
    t.skip_all("no shared eval at " + cases)
fd = fdtest.Instance(clinics=["riverside-physio", "oakwood-dental"],
                     now="2026-12-03T14:05:00Z")
r = subprocess.run(["/usr/bin/python3", os.path.join(fdtest.SHARED, "eval", "run.py"),
                    "--base", fd.base, "--origin", "http://localhost:8080", cases],
                   capture_output=True, text=True, timeout=600)
for line in r.stdout.splitlines():
    if line.startswith("ok "):
        t.ok(True, line[3:].strip())
    elif line.startswith("FAIL "):
        t.ok(False, line[5:].split(":")[0], line)
t.ok(r.returncode == 0, "run.py: " + (r.stdout.strip().splitlines() or ["no output"])[-1], r.stderr[-2000:])
t.done()
