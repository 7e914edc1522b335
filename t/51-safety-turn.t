#!/usr/bin/python3
# safety_turn() in a real database: replies, staff alerts, refusals.
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

fd = fdtest.Instance(clinics=["riverside-physio"], web=False)
r = subprocess.run([os.path.join(fdtest.TOP, "t", "unit", "safety-turn-test")],
                   env=fd.env, capture_output=True, text=True)
sys.stdout.write(r.stdout)
if r.returncode != 0:
    sys.stdout.write("".join("# " + l + "\n" for l in r.stderr.splitlines()))
sys.exit(r.returncode)
