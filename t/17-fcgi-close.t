#!/usr/bin/python3
# How a worker ends a FastCGI connection.  With the request's input all
# read, it closes at once: the server's connection is closed for good
# after the answer, and more bytes sent to it are refused.  With input
# left unread (a body no handler wanted), it shuts down its side and
# keeps reading, so that the server never sees the connection reset.
import errno, os, socket, struct, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(clinics=["riverside-physio"], workers=1)

BEGIN, END, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6


def record(kind, body, rid=1):
    pad = -len(body) % 8
    return struct.pack(">BBHHBx", 1, kind, rid, len(body), pad) + body + b"\0" * pad


def pair(k, v):
    def n(x):
        return bytes([len(x)]) if len(x) < 128 else struct.pack(">I", len(x) | 0x80000000)
    return n(k) + n(v) + k + v


def request(method, path, body=b"", headers=()):
    """Sends one request on a new connection; returns the socket and the
    answer's stdout once the END_REQUEST record came."""
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
           "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": "application/json",
           "CONTENT_LENGTH": str(len(body)) if body else ""}
    env.update(headers)
    params = b"".join(pair(k.encode(), v.encode()) for k, v in env.items())
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(fd.sock)
    data = record(BEGIN, struct.pack(">HB5x", 1, 0)) + record(PARAMS, params) + record(PARAMS, b"")
    for i in range(0, len(body), 32768):
        data += record(STDIN, body[i:i + 32768])
    s.sendall(data + record(STDIN, b""))
    got, out = b"", b""
    while True:
        while len(got) >= 8:
            _, kind, _, n, pad = struct.unpack(">BBHHBx", got[:8])
            if len(got) < 8 + n + pad:
                break
            if kind == STDOUT:
                out += got[8:8 + n]
            if kind == END:
                return s, out
            got = got[8 + n + pad:]
        more = s.recv(65536)
        if not more:
            return s, out
        got += more


def closed_for_good(s):
    """After the answer: True when the worker closed the connection, False
    when it only shut down its side and still reads."""
    s.settimeout(5)
    while s.recv(4096):
        pass                                    # up to the end of its data
    time.sleep(0.2)
    try:
        for _ in range(8):
            s.send(b"\0" * 8)
            time.sleep(0.05)
    except OSError as e:
        return e.errno in (errno.EPIPE, errno.ECONNRESET)
    return False


st, c = fd.call("POST", "api/v1/conversations", {"clinic": "riverside-physio"})
conv, token = c["conversation"], c["token"]
auth = {"HTTP_AUTHORIZATION": "Bearer " + token}

s, out = request("POST", "/api/v1/conversations/%d/messages" % conv,
                 b'{"text": "how much is a follow up?"}', auth)
t.like(out.decode(), "Status: 200", "a turn through a bare FastCGI connection is answered")
t.ok(closed_for_good(s), "its input read, the worker closed the connection at once")
s.close()

s, out = request("GET", "/api/v1/conversations/%d/messages" % conv, b"", auth)
t.like(out.decode(), "Status: 200", "a poll is answered")
t.ok(closed_for_good(s), "and its connection closed at once too")
s.close()

s, out = request("POST", "/api/v1/no-such-thing", b'{"x": "' + b"y" * 20000 + b'"}')
t.like(out.decode(), "Status: 404", "a body sent where nothing reads it: 404")
t.ok(not closed_for_good(s), "the worker keeps reading the rest instead of resetting the connection")
s.close()

s, out = request("POST", "/api/v1/conversations/%d/messages" % conv, b"x" * 70000, auth)
t.like(out.decode(), "Status: 413", "a body over the limit: 413, unread")
t.ok(not closed_for_good(s), "and that connection is not reset either")
s.close()

st, _ = fd.call("GET", "api/v1/health")
t.is_(st, 200, "the worker goes on serving")
t.done()
