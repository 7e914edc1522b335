#!/usr/bin/python3
# With an LLM configured but unreachable (a closed loopback port), every
# conversation of the shared eval still passes: each turn falls back to
# the built-in engines inside its deadline.
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
cases = os.path.join(fdtest.SHARED, "eval", "conversations.jsonl")
run = os.path.join(fdtest.SHARED, "eval", "run.py")
if not os.path.exists(cases) or not os.path.exists(run):
    t.skip_all("no eval in %s" % fdtest.SHARED)
closed = fdtest.free_port()     # nothing listens there
fd = fdtest.Instance(clinics=["riverside-physio", "oakwood-dental"],
                     now="2026-12-03T14:05:00Z",
                     conf={"llm_base_url": "http://127.0.0.1:%d/v1" % closed,
                           "llm_model": "m", "llm_timeout_ms": "4000",
                           "llm_connect_timeout_ms": "500"})
r = subprocess.run([sys.executable, run, "--base", fd.base, "--origin",
                    "http://localhost:8080", cases], capture_output=True, text=True,
                   timeout=1800)
m = re.search(r"(\d+) passed, (\d+) failed", r.stdout)
t.ok(m is not None, "the eval ran")
for line in r.stdout.splitlines():
    if line.startswith("FAIL"):
        t.diag(line)
t.ok(m and int(m.group(2)) == 0 and int(m.group(1)) > 40,
     "every case passes: %s" % (m.group(0) if m else r.stdout[-300:]))
t.is_(r.returncode, 0, "run.py exits 0")
reasons = fd.sql("SELECT DISTINCT topic FROM events WHERE type = 'llm_fallback'")
t.is_(reasons, [["unreachable"]], "the LLM was tried and fell back as unreachable")
t.is_(fd.sql("SELECT COUNT(*) FROM events WHERE type = 'llm_answer'"), [["0"]],
      "no answer came from it")
t.done()
