#!/usr/bin/python3
# A FastCGI worker exits after worker_requests requests and a fresh one
# takes its place; no request is lost while that happens.
import os, sys, subprocess
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio"], workers=2, worker_requests=5)

def workers():
    pid = open(fd.fcgi_pid).read().split()[0]
    out = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True)
    return set(out.stdout.split())

first = workers()
codes = [fd.call("GET", "api/v1/clinics/riverside-physio/widget")[0] for _ in range(60)]
t.is_(codes.count(200), 60, "60 requests through workers that live for 5 each all answer 200")
t.ok(not (workers() & first), "the first workers were replaced")
t.like(fd.log(), "worker exits after 5 requests", "and each said why it left")
t.done()
