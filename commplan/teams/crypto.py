"""The webhook address is a secret (anyone who has it can post into the channel): stored
encrypted with a key derived from SECRET_KEY, shown back only as its host and last characters."""

import base64
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

INFO = b"commplan.teams.webhook-url"


def _fernet(secret_key):
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys():
    # The first key encrypts; the fallbacks still decrypt after SECRET_KEY is rotated.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


@sensitive_variables("url")
def encrypt(url):
    return _keys().encrypt(url.encode()).decode()


def decrypt(token):
    """The address, or None when no key of this site can read it (SECRET_KEY changed)."""
    try:
        return _keys().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


@sensitive_variables("url")
def hint(url):
    """What may be shown of `url`: its host and its last four characters."""
    return f"{urlsplit(url).hostname or ''} …{url[-4:]}"
