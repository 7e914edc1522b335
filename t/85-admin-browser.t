#!/usr/bin/python3
# The dashboard in Chromium (t/browser-admin/admin.js): sign in, take a
# conversation over, reply and see it reach the widget API, answer a gap.
# Then checks what the pages did in the database.
import os, shutil, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fdadmin

t = fdtest.TAP()
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "browser-admin")
chromium = os.environ.get("FD_CHROMIUM", "/usr/bin/chromium")
if not os.path.exists(chromium) or not shutil.which("node"):
    t.skip_all("no Chromium or Node.js")
if not os.path.isdir(os.path.join(here, "node_modules", "playwright-core")):
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=here, capture_output=True, text=True)
    if r.returncode != 0:
        t.skip_all("playwright-core could not be installed: " + r.stderr.strip()[:200])

RIV = "riverside-physio"
O = "http://localhost:8080"
XSS = "<img src=x onerror=alert(1)> <script>alert(document.cookie)</script> see [x](javascript:alert(2))"
fd = fdtest.Instance(clinics=[RIV])
fdadmin.add_user(fd, "ann@riverside.example", "admin", [RIV], name="Ann")
st, c = fd.call("POST", "api/v1/conversations", {"clinic": RIV}, origin=O)
cid, tok = c["conversation"], c["token"]
fd.call("POST", "api/v1/conversations/%d/messages" % cid, {"text": XSS}, token=tok, origin=O)
fd.sql("INSERT INTO knowledge_gaps (clinic_id, conversation_id, message_id, question, language, "
       "created_at) VALUES ('%s', %d, 1, 'Do you do <b>dry</b> needling?', 'en', "
       "'2026-12-03 10:00:00')" % (RIV, cid))

env = dict(os.environ, FD_BASE=fd.base, FD_CONV=str(cid), FD_TOKEN=tok,
           FD_EMAIL="ann@riverside.example", FD_PASSWORD=fdadmin.PASSWORD, FD_XSS=XSS)
p = subprocess.run(["node", os.path.join(here, "admin.js")], env=env, capture_output=True,
                   text=True, timeout=240)
for line in p.stdout.splitlines():
    if line.startswith("ok ") or line.startswith("not ok "):
        good = line.startswith("ok ")
        t.ok(good, line.split(" - ", 1)[-1])
    elif line.startswith("#"):
        print(line)
t.is_(p.returncode, 0, "the browser test passed")
if p.returncode and p.stderr:
    t.diag(p.stderr[-2000:])

t.is_(fd.sql("SELECT status FROM conversations WHERE id = %d" % cid), [["staff"]],
      "the conversation is taken over")
t.is_(fd.sql("SELECT q, a FROM clinic_faqs"),
      [["Do you do <b>dry</b> needling?", "Yes, our physiotherapists do."]], "the FAQ row")
acts = [r[0] for r in fd.sql("SELECT action FROM audit_log WHERE user_email = "
                             "'ann@riverside.example' ORDER BY id")]
for a in ("login", "view_conversation", "takeover", "reply", "view_gaps", "answer_gap"):
    t.ok(a in acts, "audited: " + a)
t.done()
