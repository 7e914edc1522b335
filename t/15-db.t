#!/usr/bin/python3
# The database layer against the suite's MariaDB: queued statements,
# their ids and failures, and reconnecting (t/unit/db-test.c).
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

fd = fdtest.Instance(clinics=["harbour-physio"], web=False)
p = subprocess.run([os.path.join(fdtest.TOP, "t", "unit", "db-test")],
                   env=fd.env, capture_output=True, text=True)
sys.stdout.write(p.stdout)
sys.stderr.write(p.stderr)
sys.exit(p.returncode)
