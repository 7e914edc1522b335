"""Test harness for frontdesk: TAP output, a private MariaDB, and a running
product (FastCGI workers behind nginx on a loopback port) per test file.

    import fdtest
    t = fdtest.TAP()
    fd = fdtest.Instance(clinics=["riverside-physio"], now="2026-12-03T14:05:00Z")
    status, body = fd.call("GET", "api/v1/health")
    t.is_(status, 200, "health answers 200")
    t.done()

Everything started here is stopped at exit, also when a test fails.
"""
import atexit
import base64
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.path.abspath(os.environ.get("FD_SHARED", os.path.join(TOP, "..", "shared")))
CLINICS = os.path.join(TOP, "conf", "clinics")
FCGI = os.path.join(TOP, "cgi-bin", "frontdesk.fcgi")
CLI = os.path.join(TOP, "frontdesk")
NOW = "2026-12-03T14:05:00Z"

_cleanups = []


def _cleanup():
    while _cleanups:
        fn = _cleanups.pop()
        try:
            fn()
        except Exception as e:  # keep cleaning up
            sys.stderr.write("# cleanup: %s\n" % e)


atexit.register(_cleanup)
for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_sig, lambda *a: sys.exit(1))


class TAP:
    """Minimal TAP producer; plan printed at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        sys.stdout.reconfigure(line_buffering=True)

    def ok(self, cond, name, diag=None):
        self.n += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, name))
        if not cond:
            self.failed += 1
            if diag is not None:
                self.diag(diag)
        return bool(cond)

    def is_(self, got, want, name, diag=None):
        return self.ok(got == want, name, "got %r, want %r%s" % (
            got, want, "" if diag is None else "\n%s" % (diag,)))

    def like(self, got, substr, name):
        return self.ok(substr in str(got), name, "%r not in %r" % (substr, str(got)[:500]))

    def diag(self, msg):
        for line in str(msg).splitlines() or [""]:
            print("# " + line)

    def skip_all(self, why):
        print("1..0 # SKIP " + why)
        sys.exit(0)

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(fn, timeout=30, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if fn():
                return True
        except Exception:
            pass
        time.sleep(0.1)
    raise RuntimeError("timed out waiting for " + what)


def _kill_pidfile(path, sig=signal.SIGTERM):
    try:
        with open(path) as f:
            for line in f:
                if line.strip():
                    try:
                        os.kill(int(line), sig)
                    except ProcessLookupError:
                        pass
    except FileNotFoundError:
        pass


class MariaDB:
    """A private MariaDB server: own data directory and socket, no TCP."""

    def __init__(self, base):
        self.base = base
        self.datadir = os.path.join(base, "data")
        self.socket = os.path.join(base, "mysql.sock")
        self.pidfile = os.path.join(base, "mysql.pid")
        self.proc = None

    def install(self):
        if os.path.isdir(os.path.join(self.datadir, "mysql")):
            return
        for attempt in range(3):
            shutil.rmtree(self.datadir, ignore_errors=True)
            os.makedirs(self.datadir, exist_ok=True)
            r = subprocess.run(["mariadb-install-db", "--no-defaults", "--user=root",
                                "--datadir=" + self.datadir, "--skip-test-db",
                                "--auth-root-authentication-method=normal"],
                               capture_output=True, text=True)
            if r.returncode == 0:
                return
            time.sleep(1)
        raise RuntimeError("mariadb-install-db failed: " + r.stdout[-500:] + r.stderr[-1500:])

    def start(self):
        self.install()
        log = open(os.path.join(self.base, "mysql.log"), "ab")
        self.proc = subprocess.Popen(
            ["mariadbd", "--no-defaults", "--user=root", "--datadir=" + self.datadir,
             "--socket=" + self.socket, "--pid-file=" + self.pidfile,
             "--skip-networking", "--innodb-buffer-pool-size=64M",
             "--innodb-flush-log-at-trx-commit=2", "--skip-log-bin",
             "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci"],
            stdout=log, stderr=log, start_new_session=True)
        wait_for(lambda: self.sql("SELECT 1") is not None, 60, "MariaDB")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None

    def sql(self, stmt, db=None):
        """Runs SQL with the mariadb client; returns rows (tab-split) or None."""
        cmd = ["mariadb", "--no-defaults", "-uroot", "-S", self.socket, "-N", "-B",
               "--default-character-set=utf8mb4", "-e", stmt]
        if db:
            cmd.insert(-2, db)
        r = subprocess.run(cmd, capture_output=True)
        if r.returncode != 0:
            return None
        out = r.stdout.decode("utf-8")
        return [line.split("\t") for line in out.splitlines()]


_server = None


def mariadb(own=False):
    """The suite's MariaDB ($FD_TEST_MYSQL_SOCKET), or a private one for this
    file (always, with own=True: for tests that stop and start it)."""
    global _server
    if _server:
        return _server
    sock = os.environ.get("FD_TEST_MYSQL_SOCKET")
    if sock and not own:
        _server = MariaDB(os.path.dirname(sock))
        _server.socket = sock
        return _server
    base = tempfile.mkdtemp(prefix="fd-mariadb-")
    _server = MariaDB(base).start()
    _cleanups.append(lambda: shutil.rmtree(base, ignore_errors=True))
    _cleanups.append(_server.stop)
    return _server


def clinic_path(name):
    """A clinic file: conf/clinics/NAME.json, t/clinics/NAME.json or a path."""
    for d in (CLINICS, os.path.join(TOP, "t", "clinics"), os.path.join(SHARED, "clinics")):
        p = os.path.join(d, name + ".json")
        if os.path.exists(p):
            return p
    return name


class Instance:
    """One frontdesk: a fresh database, a configuration file, and (unless
    web=False) FastCGI workers behind nginx on a loopback port."""

    def __init__(self, clinics=(), now=NOW, web=True, workers=2, conf=None,
                 env=None, worker_requests=10000):
        self.db = mariadb()
        self.dir = tempfile.mkdtemp(prefix="fd-test-")
        os.chmod(self.dir, 0o755)
        _cleanups.append(lambda: shutil.rmtree(self.dir, ignore_errors=True))
        self.name = "t_%d_%d" % (os.getpid(), len(_cleanups))
        self.db.sql("DROP DATABASE IF EXISTS %s; CREATE DATABASE %s "
                    "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" % (self.name, self.name))
        _cleanups.append(lambda: self.db.sql("DROP DATABASE IF EXISTS " + self.name))
        self.env = dict(os.environ)
        self.env.update(env or {})
        if now:
            self.env["FRONTDESK_NOW"] = now
        else:
            self.env.pop("FRONTDESK_NOW", None)
        self.conf_path = os.path.join(self.dir, "frontdesk.conf")
        self.conf = {
            "db_socket": self.db.socket,
            "db_user": "root",
            "db_name": self.name,
            "data_dir": TOP,
            "log_file": os.path.join(self.dir, "frontdesk.log"),
            "log_level": "debug",
            "worker_requests": str(worker_requests),
        }
        self.conf["secret_key_file"] = os.path.join(self.dir, "secret.key")
        self.conf.update(conf or {})
        self.write_conf()
        self.env["FRONTDESK_CONF"] = self.conf_path
        if not os.path.exists(self.conf["secret_key_file"]):
            self.cli("keygen", self.conf["secret_key_file"])
        r = self.cli("migrate")
        if r.returncode != 0:
            raise RuntimeError("migrate failed: " + r.stderr)
        r = self.cli("holidays")
        if r.returncode != 0:
            raise RuntimeError("holidays failed: " + r.stderr)
        for c in clinics:
            r = self.cli("import", clinic_path(c))
            if r.returncode != 0:
                raise RuntimeError("import %s failed: %s" % (c, r.stderr))
        self.port = None
        if web:
            self.start_web(workers)

    def write_conf(self):
        with open(self.conf_path, "w") as f:
            for k, v in self.conf.items():
                f.write("%s = %s\n" % (k, v))

    def cli(self, *args, input=None):
        return subprocess.run([CLI] + list(args), env=self.env, capture_output=True,
                              text=True, input=input)

    def sql(self, stmt):
        return self.db.sql(stmt, self.name)

    def start_web(self, workers=2):
        self.port = free_port()
        self.sock = os.path.join(self.dir, "fcgi.sock")
        self.fcgi_pid = os.path.join(self.dir, "fcgi.pid")
        subprocess.run(["spawn-fcgi", "-s", self.sock, "-M", "0666", "-P", self.fcgi_pid,
                        "--", shutil.which("multiwatch") or "/usr/bin/multiwatch",
                        "-f", str(workers), "-r", "10", "-t", "200", "--", FCGI],
                       env=self.env, check=True, stdout=subprocess.DEVNULL)
        _cleanups.append(lambda: _kill_pidfile(self.fcgi_pid))
        ngx = os.path.join(self.dir, "nginx")
        os.makedirs(os.path.join(ngx, "logs"), exist_ok=True)
        with open(os.path.join(TOP, "conf", "nginx-test.conf.in")) as f:
            text = f.read()
        text = (text.replace("@PREFIX@", ngx).replace("@PORT@", str(self.port))
                .replace("@SOCKET@", self.sock).replace("@TOP@", TOP))
        self.nginx_conf = os.path.join(ngx, "nginx.conf")
        with open(self.nginx_conf, "w") as f:
            f.write(text)
        subprocess.run(["nginx", "-p", ngx, "-c", self.nginx_conf], check=True)
        _cleanups.append(lambda: _kill_pidfile(os.path.join(ngx, "nginx.pid"), signal.SIGQUIT))
        self.base = "http://127.0.0.1:%d/frontdesk/" % self.port
        wait_for(lambda: self.call("GET", "api/v1/health")[0] in (200, 503), 20, "nginx")

    def call(self, method, path, body=None, token=None, origin=None, headers=None, raw=None):
        """One HTTP request; returns (status, parsed JSON or text, headers)[:2]."""
        st, b, _ = self.request(method, path, body, token, origin, headers, raw)
        return st, b

    def request(self, method, path, body=None, token=None, origin=None, headers=None, raw=None):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        if origin:
            req.add_header("Origin", origin)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, _decode(r.read()), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, _decode(e.read()), dict(e.headers)

    def cgi(self, method, path, body=b"", headers=None):
        """Runs the same binary as plain CGI; returns (status, parsed body)."""
        env = dict(self.env)
        env.update({"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method,
                    "PATH_INFO": "/" + path.split("?")[0],
                    "QUERY_STRING": path.split("?")[1] if "?" in path else "",
                    "SCRIPT_NAME": "/cgi-bin/frontdesk.cgi", "REMOTE_ADDR": "127.0.0.1",
                    "SERVER_PROTOCOL": "HTTP/1.1"})
        if body:
            env["CONTENT_LENGTH"] = str(len(body))
            env["CONTENT_TYPE"] = "application/json"
        for k, v in (headers or {}).items():
            env["HTTP_" + k.upper().replace("-", "_")] = v
        r = subprocess.run([FCGI], env=env, input=body, capture_output=True)
        head, _, rest = r.stdout.partition(b"\r\n\r\n")
        status = 0
        for line in head.decode().split("\r\n"):
            if line.lower().startswith("status:"):
                status = int(line.split()[1])
        return status, _decode(rest)

    def unseal(self, value, ad):
        """Opens a value sealed by src/secret.c ("fd1:KEYID:BASE64") for
        column ad ("table.column"); other values come back as they are."""
        if value is None or not value.startswith("fd1:"):
            return value
        _, kid, b64 = value.split(":", 2)
        keys = {}
        with open(self.conf["secret_key_file"]) as f:
            for line in f:
                if ":" in line and not line.startswith("#"):
                    k, v = line.strip().split(":", 1)
                    keys[k] = bytes.fromhex(v)
        raw = base64.b64decode(b64)
        nonce, ct, adb = raw[:24], raw[24:], ad.encode()
        lib = ctypes.CDLL("libsodium.so.23")
        out = ctypes.create_string_buffer(max(len(ct), 1))
        n = ctypes.c_ulonglong()
        if lib.crypto_aead_xchacha20poly1305_ietf_decrypt(
                out, ctypes.byref(n), None, ct, ctypes.c_ulonglong(len(ct)),
                adb, ctypes.c_ulonglong(len(adb)), nonce, keys[kid]) != 0:
            raise ValueError("a sealed value of %s does not open" % ad)
        return out.raw[:n.value].decode("utf-8")

    def log(self):
        try:
            with open(self.conf["log_file"], encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""


def _decode(raw):
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return raw.decode("utf-8", errors="replace")


def raw_http(port, data, timeout=5, close_write=False):
    """Sends raw bytes to 127.0.0.1:port; returns what came back (until the
    server closes or timeout passes).  close_write: half-close after sending,
    as a client that gives up mid-body."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    if close_write:
        s.shutdown(socket.SHUT_WR)
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except socket.timeout:
        pass
    s.close()
    return out


def _main(argv):
    """fdtest.py start-db DIR | stop-db DIR: the suite's MariaDB for ./check."""
    if len(argv) == 3 and argv[1] == "start-db":
        os.makedirs(argv[2], exist_ok=True)
        db = MariaDB(argv[2])
        db.install()
        log = open(os.path.join(argv[2], "mysql.log"), "ab")
        subprocess.Popen(
            ["mariadbd", "--no-defaults", "--user=root", "--datadir=" + db.datadir,
             "--socket=" + db.socket, "--pid-file=" + db.pidfile, "--skip-networking",
             "--innodb-buffer-pool-size=128M", "--innodb-flush-log-at-trx-commit=2",
             "--skip-log-bin", "--max-connections=500",
             "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"],
            stdout=log, stderr=log, start_new_session=True)
        wait_for(lambda: db.sql("SELECT 1") is not None, 60, "MariaDB")
        print(db.socket)
        return 0
    if len(argv) == 3 and argv[1] == "stop-db":
        _kill_pidfile(os.path.join(argv[2], "mysql.pid"))
        return 0
    sys.stderr.write("usage: fdtest.py start-db DIR | stop-db DIR\n")
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
