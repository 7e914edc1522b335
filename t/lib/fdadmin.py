"""Staff sessions against the admin API, for the t/8x tests.

    import fdadmin
    fdadmin.add_user(fd, "ann@riverside.example", "admin", ["riverside-physio"])
    s = fdadmin.Session(fd)
    st, body = s.login("ann@riverside.example")
    st, body = s.call("GET", "api/v1/admin/conversations")
"""
PASSWORD = "correct horse battery"


def add_user(fd, email, role, clinics, name=None, password=PASSWORD):
    args = ["user", "add", "--email", email, "--name", name or email.split("@")[0],
            "--role", role]
    for c in clinics:
        args += ["--clinic", c]
    r = fd.cli(*args, input=password + "\n")
    if r.returncode != 0:
        raise RuntimeError("user add failed: " + r.stderr)
    return r


class Session:
    """A browser-like client: keeps the cookie, sends the CSRF token and
    the dashboard's own Origin on changes."""

    def __init__(self, fd):
        self.fd = fd
        self.cookie = None
        self.csrf = None
        self.headers = {}

    def origin(self):
        return "http://127.0.0.1:%d" % self.fd.port

    def login(self, email, password=PASSWORD, origin=True):
        hdr = {"Origin": self.origin()} if origin else {}
        st, body, h = self.fd.request("POST", "api/v1/admin/login",
                                      {"email": email, "password": password},
                                      headers=hdr)
        self.headers = h
        if st == 200:
            self.cookie = h["Set-Cookie"].split(";")[0]
            self.csrf = body["csrf_token"]
        return st, body

    def request(self, method, path, body=None, csrf=True, origin=True, headers=None):
        hdr = dict(headers or {})
        if self.cookie:
            hdr["Cookie"] = self.cookie
        if method != "GET":
            if csrf and self.csrf:
                hdr["X-CSRF-Token"] = self.csrf
            if origin is True:
                hdr["Origin"] = self.origin()
            elif origin:
                hdr["Origin"] = origin
        data = None if body is None else body
        return self.fd.request(method, path, data, headers=hdr,
                               raw=b"" if body is None and method == "POST" else None)

    def call(self, method, path, body=None, **kw):
        st, b, h = self.request(method, path, body, **kw)
        return st, b
