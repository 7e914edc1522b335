"""Browser tests of the widget: a product instance whose clinics allow the
test's origins, a second web server for host pages on another origin, and a
node script (t/browser/NAME.js, Chromium via playwright-core) printing TAP.

    import fdbrowser
    fdbrowser.run("chat.js")

The node script gets in its environment:
  FD_BASE        http://127.0.0.1:PORT/frontdesk/  (API, widget, demo pages)
  FD_HOST        http://localhost:PORT2/  host pages on another, allowed origin
  FD_EVIL        http://127.0.0.1:PORT3/  the same pages on an origin no
                 clinic allows
  FD_ACCESS_LOG  nginx's access log
  FD_OUT         t/out/ for screenshots
"""
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

import fdtest

TOP = fdtest.TOP
BROWSER = os.path.join(TOP, "t", "browser")
CHROMIUM = "/usr/bin/chromium"

HOSTILE_CSS = "* {font-size:10px} h2 {font-size:40px} button {border-radius:0}"


def host_pages(base):
    """Host pages that embed the widget from base (another origin)."""
    src = base + "static/widget.js"
    page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>%s</title><style>%s</style></head><body>"
            "<a href=\"#top\" id=\"first\">Skip to content</a>"
            "<h2 id=\"h\">Smiles Dental</h2><p>Welcome to our practice.</p>"
            "<button id=\"b\" type=\"button\">A host button</button>"
            "%s</body></html>")
    tag = "<script src=\"%s\" data-clinic=\"%%s\" async%%s></script>" % src
    return {
        "hostile.html": page % ("Hostile host", HOSTILE_CSS,
                                tag % ("riverside-physio", "")),
        "hostile-bare.html": page % ("Hostile host, no widget", HOSTILE_CSS, ""),
        "plain.html": page % ("Plain host", "", tag % ("oakwood-dental", "")),
        "sports-injuries/knee.html": page % (
            "Knee injuries", "", tag % ("riverside-physio", " data-proactive=\"on\"")),
        "other/page.html": page % (
            "Other page", "", tag % ("riverside-physio", " data-proactive=\"on\"")),
        "fr.html": (page % ("Page en français", "", tag % ("riverside-physio", "")))
        .replace("lang=\"en\"", "lang=\"fr\""),
        "ur.html": page % ("Urdu visitor", "", tag % ("oakwood-dental", " data-lang=\"ur\"")),
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def serve(directory):
    """A static web server on 127.0.0.1; returns its port."""
    handler = functools.partial(_Quiet, directory=directory)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    fdtest._cleanups.append(srv.shutdown)
    return srv.server_address[1]


def clinic_copy(name, origins, tmp, proactive_after=None):
    """The clinic file with the test's origins allowed; returns its path."""
    with open(fdtest.clinic_path(name)) as f:
        doc = json.load(f)
    doc["allowed_origins"] = doc.get("allowed_origins", []) + origins
    if proactive_after is not None:
        for rule in doc.get("widget", {}).get("proactive", []):
            rule["after_seconds"] = proactive_after
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f)
    return path


def setup(clinics=("riverside-physio", "oakwood-dental"), conf=None, **kw):
    """Starts the instance and the host servers; returns (fd, env)."""
    if not os.path.exists(os.path.join(BROWSER, "node_modules", "playwright-core")):
        fdtest.TAP().skip_all("playwright-core is not installed (cd t/browser && npm ci)")
    if not os.access(CHROMIUM, os.X_OK):
        fdtest.TAP().skip_all("no Chromium at " + CHROMIUM)
    c = {"rate_address_per_min": "100000", "rate_new_conversations_per_hour": "100000"}
    c.update(conf or {})
    fd = fdtest.Instance(clinics=clinics, conf=c, **kw)
    tmp = tempfile.mkdtemp(prefix="fd-host-")
    fdtest._cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    for rel, text in host_pages(fd.base).items():
        os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
        with open(os.path.join(tmp, rel), "w") as f:
            f.write(text)
    host_port = serve(tmp)
    evil_port = serve(tmp)
    origins = ["http://127.0.0.1:%d" % fd.port, "http://localhost:%d" % host_port]
    for name in clinics:
        r = fd.cli("import", clinic_copy(name, origins, tmp, proactive_after=2))
        if r.returncode != 0:
            raise RuntimeError("import failed: " + r.stderr)
    out = os.path.join(TOP, "t", "out")
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ)
    env.update({
        "FD_BASE": fd.base,
        "FD_HOST": "http://localhost:%d/" % host_port,
        "FD_EVIL": "http://127.0.0.1:%d/" % evil_port,
        "FD_ACCESS_LOG": os.path.join(os.path.dirname(fd.nginx_conf), "logs", "access.log"),
        "FD_OUT": out,
        "FD_CHROMIUM": CHROMIUM,
    })
    return fd, env


def run(script, **kw):
    """Runs t/browser/SCRIPT against a fresh instance; exits with its status."""
    fd, env = setup(**kw)
    sys.stdout.flush()
    r = subprocess.run(["node", os.path.join(BROWSER, script)], env=env, cwd=BROWSER)
    if r.returncode != 0:
        sys.stdout.write("# product log (tail):\n")
        for line in fd.log().splitlines()[-15:]:
            sys.stdout.write("# " + line + "\n")
    fdtest._cleanup()
    sys.exit(r.returncode)
