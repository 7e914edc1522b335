#!/usr/bin/python3
# Staff accounts and sign-in: the user command, password hashes, session
# cookies, CSRF and Origin checks, roles, clinic access and login limits
# (FAULTS B12: HttpOnly/Secure cookies and a Content-Security-Policy).
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest, fdadmin

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio", "oakwood-dental"],
                     conf={"staff_login_per_address": "1000"})
O = "http://localhost:8080"
RIV, OAK = "riverside-physio", "oakwood-dental"

# --- the user command -------------------------------------------------------
r = fdadmin.add_user(fd, "ann@riverside.example", "admin", [RIV], name="Ann Admin")
t.like(r.stdout, "added ann@riverside.example", "user add: an admin of one clinic")
fdadmin.add_user(fd, "sam@riverside.example", "staff", [RIV], name="Sam Staff")
fdadmin.add_user(fd, "olga@oakwood.example", "staff", [OAK])
fdadmin.add_user(fd, "aga@agency.example", "admin", [RIV, OAK], name="Agency")
r = fd.cli("user", "add", "--email", "x@y.example", "--name", "X", "--role", "staff",
           "--clinic", RIV, input="short\n")
t.ok(r.returncode != 0, "a password under 10 characters is refused")
r = fd.cli("user", "add", "--email", "x@y.example", "--name", "X", "--role", "boss",
           "--clinic", RIV, input=fdadmin.PASSWORD + "\n")
t.ok(r.returncode != 0, "an unknown role is refused")
r = fd.cli("user", "add", "--email", "x@y.example", "--name", "X", "--role", "staff",
           "--clinic", "nowhere", input=fdadmin.PASSWORD + "\n")
t.ok(r.returncode != 0 and "nowhere" in r.stderr, "an unknown clinic is refused")
t.is_(fd.sql("SELECT COUNT(*) FROM staff_users WHERE email = 'x@y.example'"), [["0"]],
      "and nothing is stored")
r = fd.cli("user", "add", "--email", "ann@riverside.example", "--name", "A", "--role",
           "staff", "--clinic", RIV, input=fdadmin.PASSWORD + "\n")
t.ok(r.returncode != 0, "an e-mail that has an account already is refused")
r = fd.cli("user", "add", "--email", "p@y.example", "--name", "P", "--role", "staff",
           "--clinic", RIV, "--password", "x")
t.is_(r.returncode, 2, "a password in the arguments is not accepted")
h = fd.sql("SELECT password_hash FROM staff_users WHERE email = 'ann@riverside.example'")[0][0]
t.ok(h.startswith("$argon2id$"), "passwords are stored as argon2id hashes")
t.ok(fdadmin.PASSWORD not in str(fd.sql("SELECT * FROM staff_users")), "never in clear")
r = fd.cli("user", "list")
t.ok("aga@agency.example" in r.stdout and "oakwood-dental,riverside-physio" in r.stdout,
     "user list shows accounts and their clinics")

# --- signing in ------------------------------------------------------------------
ann = fdadmin.Session(fd)
st, b = ann.login("ann@riverside.example", "wrong password!")
t.is_(st, 401, "a wrong password: 401")
t.ok("Set-Cookie" not in ann.headers, "and no cookie")
st, b = ann.login("nobody@riverside.example")
t.is_(st, 401, "an unknown account: 401, the same answer")
st, b = ann.login("ann@riverside.example")
t.is_(st, 200, "the right password: 200")
t.is_((b["user"]["role"], b["user"]["clinics"]), ("admin", [RIV]), "with the role and clinics")
cookie = ann.headers["Set-Cookie"]
t.like(cookie, "HttpOnly", "the session cookie is HttpOnly")
t.like(cookie, "SameSite=Strict", "SameSite=Strict")
t.like(cookie, "Path=/frontdesk/", "Path=/frontdesk/")
t.ok("Secure" not in cookie, "not Secure over plain http")
tok = ann.cookie.split("=", 1)[1]
rows = fd.sql("SELECT token_hash FROM staff_sessions")
t.ok(len(rows) == 1 and rows[0][0] != tok and len(rows[0][0]) == 64,
     "the session is stored as a hash")
t.like(ann.headers.get("Content-Security-Policy", ""), "default-src 'none'",
       "admin answers carry a Content-Security-Policy")

# Over HTTPS (the web server says so), the cookie is Secure.
env = dict(fd.env)
body = b'{"email": "sam@riverside.example", "password": "%s"}' % fdadmin.PASSWORD.encode()
env.update({"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/v1/admin/login", "SCRIPT_NAME": "/frontdesk",
            "REMOTE_ADDR": "127.0.0.1", "HTTPS": "on", "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/json"})
out = subprocess.run([fdtest.FCGI], env=env, input=body, capture_output=True).stdout.decode()
line = [l for l in out.split("\r\n") if l.startswith("Set-Cookie:")]
t.ok(line and "; Secure" in line[0] and "HttpOnly" in line[0], "over HTTPS the cookie is Secure", out[:300])

st, b, h = fd.request("POST", "api/v1/admin/login",
                      {"email": "ann@riverside.example", "password": fdadmin.PASSWORD},
                      headers={"Origin": "https://evil.example"})
t.is_(st, 403, "a sign-in posted from another site: 403")

st, b = ann.call("GET", "api/v1/admin/me")
t.is_((st, b["user"]["email"]), (200, "ann@riverside.example"), "me: the signed-in account")
t.is_(b["csrf_token"], ann.csrf, "and the session's CSRF token")
st, b = fd.call("GET", "api/v1/admin/me")
t.is_(st, 401, "no cookie: 401")
st, b = fd.call("GET", "api/v1/admin/me", headers={"Cookie": "fd_admin=" + "0" * 64})
t.is_(st, 401, "a made-up session: 401")

# --- CSRF and Origin -----------------------------------------------------------
st, c = fd.call("POST", "api/v1/conversations", {"clinic": RIV}, origin=O)
cid = c["conversation"]
path = "api/v1/admin/conversations/%d/takeover" % cid
n = fd.sql("SELECT COUNT(*) FROM messages")[0][0]
st, b = ann.call("POST", path, csrf=False)
t.is_(st, 403, "a change without X-CSRF-Token: 403")
st, b = ann.call("POST", path, headers={"X-CSRF-Token": "f" * 64}, csrf=False)
t.is_(st, 403, "with a wrong token: 403")
st, b = ann.call("POST", path, origin="https://evil.example")
t.is_(st, 403, "with the token but from another site: 403")
t.is_(fd.sql("SELECT status FROM conversations WHERE id = %d" % cid), [["bot"]],
      "and nothing changed")
t.is_(fd.sql("SELECT COUNT(*) FROM messages")[0][0], n, "no message was added")
sam = fdadmin.Session(fd)
sam.login("sam@riverside.example")
st, b = ann.call("POST", path, headers={"X-CSRF-Token": sam.csrf}, csrf=False)
t.is_(st, 403, "another session's CSRF token: 403")
st, b = ann.call("POST", path)
t.is_((st, b["conversation"]["status"]), (200, "staff"), "with its own token and origin: 200")

# --- roles and clinics ------------------------------------------------------------
for p in ("gaps", "analytics", "analytics.csv", "audit", "users"):
    st, b = sam.call("GET", "api/v1/admin/" + p)
    t.is_(st, 403, "staff may not read %s: 403" % p)
    st, b = ann.call("GET", "api/v1/admin/" + p)
    t.is_(st, 200, "an admin may: 200 (%s)" % p)
st, b = sam.call("GET", "api/v1/admin/conversations")
t.is_(st, 200, "staff read their clinic's conversations")
t.ok(any(x["id"] == cid for x in b["conversations"]), "and see this one")

st, c2 = fd.call("POST", "api/v1/conversations", {"clinic": OAK}, origin=O)
oak = c2["conversation"]
st, b = sam.call("GET", "api/v1/admin/conversations/%d" % oak)
t.is_(st, 404, "another clinic's conversation: 404")
st, b = sam.call("POST", "api/v1/admin/conversations/%d/takeover" % oak)
t.is_(st, 404, "taking it over: 404")
st, b = sam.call("POST", "api/v1/admin/conversations/%d/reply" % oak, {"text": "hi"})
t.is_(st, 404, "replying in it: 404")
t.is_(fd.sql("SELECT status, (SELECT COUNT(*) FROM messages WHERE conversation_id = %d) "
             "FROM conversations WHERE id = %d" % (oak, oak)), [["bot", "1"]],
      "and it is unchanged")
st, b = sam.call("GET", "api/v1/admin/conversations?clinic=" + OAK)
t.is_(st, 403, "listing another clinic: 403")
st, b = ann.call("GET", "api/v1/admin/users?clinic=" + OAK)
t.is_(st, 403, "an admin of one clinic may not list another's users")
st, b = ann.call("GET", "api/v1/admin/users")
t.is_(sorted(u["email"] for u in b["users"]),
      ["aga@agency.example", "ann@riverside.example", "sam@riverside.example"],
      "an admin lists the users of their clinic")

aga = fdadmin.Session(fd)
aga.login("aga@agency.example")
st, b = aga.call("GET", "api/v1/admin/conversations")
t.is_(st, 400, "an agency admin of two clinics names the clinic")
st, b = aga.call("GET", "api/v1/admin/conversations?clinic=" + OAK)
t.ok(st == 200 and [x["id"] for x in b["conversations"]] == [oak], "and sees each one's")
st, b = aga.call("GET", "api/v1/admin/conversations/%d" % oak)
t.is_(st, 200, "and opens its conversations")

# --- logout and disabled accounts ----------------------------------------------
st, b = sam.call("POST", "api/v1/admin/logout", csrf=False)
t.is_(st, 403, "logout needs the CSRF token too")
st, b, h = sam.request("POST", "api/v1/admin/logout")
t.is_(st, 200, "logout: 200")
t.like(h.get("Set-Cookie", ""), "Max-Age=0", "and clears the cookie")
st, b = sam.call("GET", "api/v1/admin/me")
t.is_(st, 401, "the old cookie no longer works")
r = fd.cli("user", "disable", "--email", "aga@agency.example")
t.is_(r.returncode, 0, "user disable")
st, b = aga.call("GET", "api/v1/admin/me")
t.is_(st, 401, "ends the account's sessions")
st, b = fdadmin.Session(fd).login("aga@agency.example")
t.is_(st, 401, "and it cannot sign in")

# --- login rate limits (5 per account in 15 minutes here) --------------------------
codes = [fdadmin.Session(fd).login("olga@oakwood.example", "guess %d" % i)[0] for i in range(5)]
t.is_(codes, [401] * 5, "five wrong passwords: 401 each")
s = fdadmin.Session(fd)
st, b = s.login("olga@oakwood.example")
t.is_(st, 429, "then even the right one: 429")
t.ok(int(s.headers.get("Retry-After", "0")) > 0, "with Retry-After")
st, b = fdadmin.Session(fd).login("ann@riverside.example")
t.is_(st, 200, "other accounts are not locked")

fd2 = fdtest.Instance(clinics=[RIV], conf={"staff_login_per_address": "3"})
fdadmin.add_user(fd2, "ann@riverside.example", "admin", [RIV])
codes = [fdadmin.Session(fd2).login("user%d@x.example" % i)[0] for i in range(4)]
t.is_(codes, [401, 401, 401, 429], "per address: past the limit, 429 whatever the account")
st, b = fdadmin.Session(fd2).login("ann@riverside.example")
t.is_(st, 429, "also for a real account")

audit = fd.sql("SELECT action, user_email, clinic_id FROM audit_log WHERE action = 'login' "
               "AND user_email = 'ann@riverside.example'")
t.ok(len(audit) >= 1 and audit[0][2] == RIV, "sign-ins are in the audit log")
t.ok("correct horse" not in fd.log() and tok not in fd.log(), "no password or token in the log")
t.done()
