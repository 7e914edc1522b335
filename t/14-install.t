#!/usr/bin/python3
# make install DESTDIR=... puts the program, the command line, static/,
# sql/ and the example configuration where INSTALL says.
import os, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
dest = tempfile.mkdtemp(prefix="fd-install-")
fdtest._cleanups.append(lambda: subprocess.run(["rm", "-rf", dest]))
r = subprocess.run(["make", "-s", "install", "DESTDIR=" + dest], cwd=fdtest.TOP,
                   capture_output=True, text=True)
t.ok(r.returncode == 0, "make install DESTDIR=... succeeds", r.stderr[-2000:])
prefix = dest + "/usr/local"
for path in ("bin/frontdesk", "libexec/frontdesk/frontdesk.fcgi"):
    p = os.path.join(prefix, path)
    t.ok(os.access(p, os.X_OK), path + " is installed and executable")
for path in ("etc/frontdesk.conf.example", "share/frontdesk/sql/001-core.sql",
             "share/frontdesk/conf/nginx.conf.example"):
    t.ok(os.path.isfile(os.path.join(prefix, path)), path + " is installed")
t.ok(os.path.isdir(os.path.join(prefix, "share/frontdesk/static")), "static/ is installed")
t.ok(os.path.isdir(os.path.join(prefix, "share/frontdesk/locale")), "the message catalogs are installed")
t.ok(not os.path.exists(os.path.join(prefix, "share/frontdesk/conf/clinics")),
     "the demo's copied clinic files are not")
# The installed program runs from its installed data.
fd = fdtest.Instance(web=False, conf={"data_dir": prefix + "/share/frontdesk"})
r = subprocess.run([prefix + "/bin/frontdesk", "migrate"], env=fd.env, capture_output=True, text=True)
t.ok(r.returncode == 0 and "0 migrations applied" in r.stdout,
     "the installed command line finds its migrations", r.stdout + r.stderr)
t.done()
