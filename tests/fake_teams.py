"""A stand-in for Microsoft Teams: a threaded HTTP server on 127.0.0.1 and a free port that
keeps every card posted to it and answers as a test tells it (202, 400, 429 with Retry-After,
500, or slowly)."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "sig=t0p-s3cret-Signature-Xy9Q"


class FakeTeams:
    """`answers` is a list of (status, headers, delay) used in turn, the last one for the rest
    (default: 202 at once). `cards` holds (path, payload) of every POST that got a 2xx."""

    def __init__(self, answers=None):
        self.answers = list(answers or [(202, {}, 0)])
        self.requests = []  # (path, payload) of every POST, whatever the answer
        self.cards = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with fake.lock:
                    status, headers, delay = (
                        fake.answers.pop(0) if len(fake.answers) > 1 else fake.answers[0]
                    )
                    fake.requests.append((self.path, json.loads(body)))
                if delay:
                    time.sleep(delay)
                if 200 <= status < 300:
                    with fake.lock:
                        fake.cards.append((self.path, json.loads(body)))
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the slow test)

            def log_message(self, *args):
                pass  # quiet

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, name="channel"):
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}/workflows/{name}/triggers/manual/paths/invoke?{SECRET}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def cards_to(self, name):
        return [payload for path, payload in self.cards if f"/workflows/{name}/" in path]


def closed_port_url():
    """An address on which nothing listens: the connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/workflows/down/triggers/manual/paths/invoke?{SECRET}"
