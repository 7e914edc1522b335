#!/usr/bin/python3
# The health endpoint, through nginx and as plain CGI; the database going
# away and coming back without restarting the workers.
import os, sys, subprocess
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
db = fdtest.mariadb(own=True)
fd = fdtest.Instance(workers=2)
st, body = fd.call("GET", "api/v1/health")
t.is_(st, 200, "health answers 200")
t.is_(body.get("db"), "ok", "database is ok")
t.ok(body.get("version"), "a version is given")

st, body = fd.cgi("GET", "api/v1/health")
t.is_(st, 200, "the CGI binary answers 200 too")
t.is_(body.get("status"), "ok", "CGI body says ok")

def workers():
    pid = open(fd.fcgi_pid).read().split()[0]
    out = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True)
    return sorted(out.stdout.split())

before = workers()
t.is_(len(before), 2, "two workers run")
db.stop()
for i in range(4):
    st, body = fd.call("GET", "api/v1/health")
    t.is_((st, body.get("db")), (503, "down"), "503 db down while it is stopped (%d)" % i)
st, body = fd.cgi("GET", "api/v1/health")
t.is_(st, 503, "the CGI binary answers 503 too")
db.start()
for i in range(4):
    st, body = fd.call("GET", "api/v1/health")
    t.is_((st, body.get("db")), (200, "ok"), "200 again once it is back (%d)" % i)
t.is_(workers(), before, "the same workers answered throughout")

st, body = fd.call("GET", "api/v1/nothing-here")
t.is_(st, 404, "unknown path: 404")
t.is_(body["error"]["code"], "not_found", "as a JSON error")
st, body = fd.call("POST", "api/v1/health", raw=b"{}")
t.is_(st, 405, "wrong method: 405")
t.is_(body["error"]["code"], "method_not_allowed", "as a JSON error")
t.done()
