"""Fake messaging providers on loopback for the notification tests.

    fake = FakeProviders(token="wa-token", sid="AC123", auth="tw-secret")
    fake.url        # base URL; WhatsApp under /wa/, Twilio under /twilio/
    fake.requests   # every accepted request: dicts with kind, auth_ok, data
    fake.fail = 500 # answer every request with 500 (None: behave)
    fake.delay = 0.3  # seconds to wait before answering
    fake.hang = True  # never answer (until stopped): a timeout

    sink = SmtpSink()   # a real SMTP server (aiosmtpd) on loopback
    sink.port, sink.messages  # (mail_from, [rcpt], raw bytes)

Both check what they receive the way the real service would: the
WhatsApp Bearer token, Twilio's basic auth and form fields.
"""
import base64
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def _answer(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        fake = self.server.fake
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        if fake.hang:
            fake.hung.wait(60)
            return
        if fake.delay:
            time.sleep(fake.delay)
        if fake.fail:
            fake.failures += 1
            return self._answer(fake.fail, {"error": {"message": "down"}})
        if self.path.startswith("/wa/"):
            return self._whatsapp(fake, raw)
        if self.path.startswith("/twilio/"):
            return self._twilio(fake, raw)
        self._answer(404, {})

    def _whatsapp(self, fake, raw):
        want = "/wa/v21.0/%s/messages" % fake.phone_id
        auth_ok = self.headers.get("Authorization") == "Bearer " + fake.token
        if self.path != want or not auth_ok:
            return self._answer(401, {"error": {"message": "bad auth"}})
        data = json.loads(raw)
        with fake.lock:
            fake.seq += 1
            mid = "wamid.FAKE%d" % fake.seq
            fake.requests.append({"kind": "whatsapp", "data": data, "id": mid,
                                  "type": self.headers.get("Content-Type")})
        self._answer(200, {"messaging_product": "whatsapp",
                           "contacts": [{"input": data.get("to"), "wa_id": data.get("to")}],
                           "messages": [{"id": mid}]})

    def _twilio(self, fake, raw):
        want = "/twilio/2010-04-01/Accounts/%s/Messages.json" % fake.sid
        cred = base64.b64encode(("%s:%s" % (fake.sid, fake.auth)).encode()).decode()
        auth_ok = self.headers.get("Authorization") == "Basic " + cred
        ctype = self.headers.get("Content-Type", "")
        if self.path != want or not auth_ok or not ctype.startswith(
                "application/x-www-form-urlencoded"):
            return self._answer(401, {"code": 20003, "message": "Authenticate"})
        form = dict(urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True))
        with fake.lock:
            fake.seq += 1
            sid = "SM%032d" % fake.seq
            kind = "twilio-whatsapp" if form.get("To", "").startswith("whatsapp:") else "sms"
            fake.requests.append({"kind": kind, "data": form, "id": sid})
        self._answer(201, {"sid": sid, "status": "queued", "error_code": None})


class FakeProviders:
    def __init__(self, token="wa-token", phone_id="1055", sid="AC0123", auth="tw-secret"):
        self.token, self.phone_id, self.sid, self.auth = token, phone_id, sid, auth
        self.requests = []
        self.fail = None
        self.delay = 0
        self.hang = False
        self.hung = threading.Event()
        self.failures = 0
        self.seq = 0
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.fake = self
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d/" % self.port
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def of(self, kind):
        return [r for r in self.requests if r["kind"] == kind]

    def stop(self):
        self.hung.set()
        self.httpd.shutdown()


class SmtpSink:
    """aiosmtpd on 127.0.0.1 keeping each message as it arrived."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        import socket
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content or envelope.content))
                return "250 OK"

        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.messages = []
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
