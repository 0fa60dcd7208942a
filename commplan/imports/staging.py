"""An uploaded file waiting between its preview and its commit.

The bytes go to a file under settings.IMPORT_DIR named by a random id. The browser only ever
holds a signed token naming that id, the plan and the person, so nobody else can preview or
commit it, and the token stops working after MAX_AGE. The file is deleted on commit or cancel;
files left behind (a preview never confirmed) are swept away by the next upload once expired.
"""

import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing

SALT = "commplan.imports.staged"
MAX_AGE = 60 * 60  # seconds a preview may be confirmed after the upload
SUFFIX = ".upload"


def _folder():
    folder = Path(settings.IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Staged:
    """A staged upload: its original file name and where its bytes are."""

    name: str
    path: Path

    def read(self):
        return self.path.read_bytes()

    def discard(self):
        self.path.unlink(missing_ok=True)


def stage(content, name, plan, user):
    """Keeps `content` for `user` to import into `plan`; returns the token that names it."""
    sweep()
    file_id = uuid.uuid4().hex
    (_folder() / f"{file_id}{SUFFIX}").write_bytes(content)
    payload = {"f": file_id, "p": plan.pk, "u": user.pk, "n": Path(name).name[:120]}
    return signing.dumps(payload, salt=SALT, compress=True)


def load(token, plan, user):
    """The upload `token` names, if it is `user`'s for `plan`, not expired and not yet
    committed or cancelled; otherwise None."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if payload.get("p") != plan.pk or payload.get("u") != user.pk:
        return None
    if not re.fullmatch(r"[0-9a-f]{32}", str(payload.get("f"))):
        return None
    path = _folder() / f"{payload['f']}{SUFFIX}"
    return Staged(name=payload.get("n", ""), path=path) if path.exists() else None


def sweep(now=None):
    """Deletes staged files older than MAX_AGE: their tokens no longer work anyway."""
    limit = (now or time.time()) - MAX_AGE
    for path in _folder().glob(f"*{SUFFIX}"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:  # another process swept it first
            pass
