#!/usr/bin/python3
# Patient data at rest: message texts are sealed in the tables, readable
# through the API, and survive a key rotation made while workers run.
import os, sys, subprocess
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio"])
O = "http://localhost:8080"
st, c = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"}, origin=O)
path = "api/v1/conversations/%d/messages" % c["conversation"]
secret = "My name is Priya Shah, 07700 900123, my knee hurts"
st, b = fd.call("POST", path, {"text": secret}, token=c["token"], origin=O)
t.is_(st, 200, "a message is sent")

def raw_dump():
    r = subprocess.run(["mariadb-dump", "--no-defaults", "-uroot", "-S", fd.db.socket,
                        "--skip-extended-insert", fd.name], capture_output=True, text=True)
    return r.stdout

dump = raw_dump()
t.ok(len(dump) > 1000, "the raw tables are dumped")
for needle in ("Priya", "07700 900123", "knee hurts"):
    t.ok(needle not in dump, "no plain %r in the raw tables" % needle)
rows = fd.sql("SELECT text FROM messages")
t.ok(rows and all(r[0].startswith("fd1:") for r in rows), "every message text is sealed")

st, p = fd.call("GET", path + "?after=0", token=c["token"], origin=O)
t.is_(p["messages"][1]["text"], secret, "and opens again through the API")

keyid = rows[0][0].split(":")[1]
r = fd.cli("rekey")
t.is_(r.returncode, 0, "rekey runs while the workers serve")
t.like(r.stdout, "values resealed", "and reports what it resealed")
rows = fd.sql("SELECT text FROM messages")
newid = rows[0][0].split(":")[1]
t.ok(newid != keyid and all(x[0].split(":")[1] == newid for x in rows),
     "every value is under the new key")
keyfile = open(fd.conf["secret_key_file"]).read()
t.ok(keyid not in keyfile and newid in keyfile, "the old key is gone from the key file")
st, p = fd.call("GET", path + "?after=0", token=c["token"], origin=O)
t.is_((st, p["messages"][1]["text"]), (200, secret), "the conversation reads the same after rekey")
st, b = fd.call("POST", path, {"text": "and another"}, token=c["token"], origin=O)
t.is_(st, 200, "new messages are stored under the new key")

# A value sealed for one column does not open in another; a tampered one fails.
mid = fd.sql("SELECT MIN(id) FROM messages")[0][0]
val = fd.sql("SELECT text FROM messages WHERE id = %s" % mid)[0][0]
fd.sql("UPDATE messages SET text = '%s' WHERE id = %s" % (val[:-6] + "AAAAA=", mid))
st, p = fd.call("GET", path + "?after=0", token=c["token"], origin=O)
t.ok(st >= 500, "a tampered value is refused, not shown", st)
t.ok("Priya" not in fd.log() and "knee" not in fd.log(), "the log holds no message text")
t.done()
