"""A stand-in for Sentry: a threaded HTTP server on 127.0.0.1 that keeps every envelope the SDK
posts, so tests can read what would have left the building."""

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli


class FakeSentry:
    def __init__(self):
        self.envelopes = []  # decoded text of each envelope
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "br":
                    body = brotli.decompress(body)
                fake.envelopes.append(body.decode())
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass  # quiet

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def dsn(self):
        return f"http://publickey@127.0.0.1:{self.server.server_address[1]}/1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def events(self):
        """The error events received: each envelope's items of type "event", as dicts."""
        events = []
        for envelope in self.envelopes:
            lines = envelope.split("\n")
            for header, payload in zip(lines[1::2], lines[2::2], strict=False):
                if json.loads(header).get("type") == "event":
                    events.append(json.loads(payload))
        return events

    def wait_for_event(self, timeout=15):
        deadline = time.monotonic() + timeout
        while not self.events():
            if time.monotonic() > deadline:
                raise AssertionError(f"No event reached the fake Sentry in {timeout}s")
            time.sleep(0.05)
        return self.events()
