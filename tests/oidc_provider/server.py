"""Starts the test provider in its own process on a free port, and stops it."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parent.parent.parent
START_SECONDS = 60


@dataclass
class Provider:
    url: str
    mode_file: Path

    @property
    def issuer(self):
        return self.url + "/o"

    def make(self, **faults):
        """The next ID tokens carry these faults (tests/oidc_provider/validator.py)."""
        self.mode_file.write_text(json.dumps(faults))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running(folder, spec):
    """The provider, seeded with `spec` (tests/oidc_provider/seed.py), until the block ends."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = folder / "provider-key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    url = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_URL": url,
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY_FILE": str(key_file),
        "OIDC_PROVIDER_MODE_FILE": str(folder / "mode.json"),
    }
    seed = [sys.executable, "-m", "tests.oidc_provider.seed", json.dumps(spec)]
    subprocess.run(seed, env=env, cwd=ROOT, check=True, timeout=120)  # noqa: S603
    command = [sys.executable, "-m", "django", "runserver", url.split("//")[1], "--noreload"]
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                requests.get(url + "/o/.well-known/openid-configuration", timeout=2)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "provider.log").read_text()) from None
                time.sleep(0.2)
        yield Provider(url=url, mode_file=folder / "mode.json")
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
