"""A fake OpenAI-compatible chat completions server for the tests.

It answers POST .../chat/completions from a script, one entry a request,
and records every request it received.  Loopback only, random port.

    import fake_openai
    srv = fake_openai.start([
        {"tool_calls": [{"id": "call_1", "name": "lookup_facts",
                         "arguments": {"topic": "parking"}}]},
        {"content": "There are 6 free spaces behind the clinic."},
    ])
    srv.url          # "http://127.0.0.1:PORT/v1", for llm_base_url
    srv.requests     # [{"path", "headers", "body", "raw"}], as received
    srv.script([...])   # replaces what is left of the script

Script entries (keys combine):
    content         the assistant's text
    tool_calls      [{"id", "name", "arguments"}]: arguments sent as given
                    (a string stays a string, an object an object); "id"
                    None leaves the id out
    finish_reason   default "stop", or "tool_calls" with tool_calls
    usage           the usage object; default 100 total tokens
    status          HTTP status (default 200); with "error": the error
                    object of the body
    headers         extra response headers, e.g. {"Retry-After": "1"}
    raw             the body as given (bytes or text), e.g. cut-off JSON
    size            pad the content to this many bytes
    delay           seconds to wait before answering
    hang            true: never answer (until the server stops)
When the script runs out the server answers 500 "script exhausted".

Also: POST /_script with a JSON list replaces the script; GET /_requests
returns the recorded requests; run as a program with --script FILE it
prints its port and serves until killed.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body, headers=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            body = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        if self.path.endswith("/_requests"):
            self._send(200, self.server.fake.requests)
        else:
            self._send(404, {"error": {"message": "not found"}})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        fake = self.server.fake
        if self.path.endswith("/_script"):
            fake.script(json.loads(raw))
            self._send(200, {"ok": True})
            return
        if not self.path.endswith("/chat/completions"):
            self._send(404, {"error": {"message": "not found"}})
            return
        entry = fake.record(self.path, dict(self.headers), raw)
        self._answer(entry)

    def _answer(self, entry):
        if entry is None:
            self._send(500, {"error": {"message": "script exhausted",
                                       "type": "server_error"}})
            return
        if entry.get("hang"):
            self.server.fake.stopping.wait(3600)
            return
        if entry.get("delay"):
            self.server.fake.stopping.wait(entry["delay"])
        status = entry.get("status", 200)
        if "raw" in entry:
            self._send(status, entry["raw"], entry.get("headers"))
        elif status != 200:
            self._send(status, {"error": entry.get("error", {
                "message": "fake error", "type": "server_error"})},
                entry.get("headers"))
        else:
            self._send(200, completion(entry), entry.get("headers"))


def completion(entry):
    """The chat.completion body of a script entry."""
    msg = {"role": "assistant", "content": entry.get("content")}
    calls = []
    for i, c in enumerate(entry.get("tool_calls") or []):
        call = {"type": "function",
                "function": {"name": c.get("name"), "arguments": c.get("arguments")}}
        cid = c.get("id", "call_%d" % i)
        if cid is not None:
            call["id"] = cid
        calls.append(call)
    if calls:
        msg["tool_calls"] = calls
    if entry.get("size") and msg["content"] is not None:
        msg["content"] += " " * (entry["size"] - len(msg["content"]))
    finish = entry.get("finish_reason", "tool_calls" if calls else "stop")
    return {"id": "chatcmpl-fake", "object": "chat.completion",
            "created": 1796306700, "model": "fake",
            "choices": [{"index": 0, "message": msg, "finish_reason": finish}],
            "usage": entry.get("usage", {"prompt_tokens": 80,
                                         "completion_tokens": 20,
                                         "total_tokens": 100})}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass    # a client that hung up early is part of the tests


class FakeOpenAI:
    def __init__(self, script=None):
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.requests = []
        self._script = list(script or [])
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.fake = self
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d/v1" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def script(self, entries):
        """Replaces the script and forgets the recorded requests."""
        with self.lock:
            self._script = list(entries)
            self.requests = []

    def record(self, path, headers, raw):
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with self.lock:
            self.requests.append({"path": path, "headers": headers,
                                  "body": body, "raw": raw.decode("utf-8", "replace"),
                                  "time": time.time()})
            return self._script.pop(0) if self._script else None

    def stop(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def start(script=None):
    return FakeOpenAI(script)


def main():
    script = []
    if len(sys.argv) == 3 and sys.argv[1] == "--script":
        with open(sys.argv[2]) as f:
            script = json.load(f)
    srv = start(script)
    print(srv.port, flush=True)
    try:
        srv.thread.join()
    except KeyboardInterrupt:
        srv.stop()


if __name__ == "__main__":
    main()
