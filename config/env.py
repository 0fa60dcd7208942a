"""Strict readers for settings taken from the environment.

Each reader fails loudly, naming the variable, when the value cannot be understood: a typo in
production must stop start-up rather than fall back to a default silently.
"""

import os
import re
from collections.abc import Iterable
from typing import Any, TypeVar, overload
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_UNSET: Any = object()
_T = TypeVar("_T")


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


@overload
def env_str(name: str) -> str: ...
@overload
def env_str(name: str, default: _T) -> str | _T: ...
def env_str(name: str, default: object = _UNSET) -> object:
    """The variable as text; `default` when unset, an error when unset and no default."""
    value = _raw(name)
    if value is None or value == "":
        if default is _UNSET:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """1/true/yes/on or 0/false/no/off (any case); anything else is an error."""
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}."
    )


def env_int(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number within [minimum, maximum]."""
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {number}.")
    return number


def env_list(name: str, default: Iterable[str] = ()) -> list[str]:
    """A comma-separated list; blanks dropped."""
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name: str, default: str) -> dj_database_url.DBConfig:
    """A Django DATABASES entry from a postgres:// or sqlite:/// URL."""
    url = env_str(name, default)
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(
            f"{name} must be a postgres://… or sqlite:///… URL, not {url!r}."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60 if scheme != "sqlite" else 0)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://user@host/db.")
    return config


def env_url(name: str, default: str = _UNSET, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """An absolute URL with one of `schemes`, without a trailing slash."""
    url = env_str(name, default)
    parts = urlsplit(url)
    if parts.scheme not in schemes or not parts.netloc:
        raise ImproperlyConfigured(
            f"{name} must be an absolute URL starting with {' or '.join(schemes)}://, not {url!r}."
        )
    return url.rstrip("/")


def env_secret_key(name: str, insecure_default: str) -> str:
    """A long random secret: required, 50+ characters, varied, and not `insecure_default`.

    The same rules as Django's own deployment check (security.W009), enforced at start-up.
    """
    value = env_str(name)
    if value == insecure_default or value.startswith("django-insecure"):
        raise ImproperlyConfigured(f"{name} is the insecure development key: set a random one.")
    if len(value) < 50 or len(set(value)) < 5:
        raise ImproperlyConfigured(
            f"{name} must be a random value of at least 50 characters; generate one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    return value


def env_hosts(name: str) -> list[str]:
    """ALLOWED_HOSTS for production: required, and never the wildcard `*`."""
    hosts = env_list(name)
    if not hosts:
        raise ImproperlyConfigured(f"Set the {name} environment variable (the site's host names).")
    if "*" in hosts:
        raise ImproperlyConfigured(f"{name} must name the site's hosts, not '*'.")
    return hosts


def env_timezone(name: str, default: str) -> str:
    """An IANA time zone name such as Europe/Copenhagen."""
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name} must be a time zone name, not {value!r}.") from None
    return value


def env_choice(name: str, default: str, choices: Iterable[str]) -> str:
    """One of `choices`."""
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_admins(name: str) -> list[tuple[str, str]]:
    """People who get error emails, as Django's ADMINS: "Name <a@example.com>, b@example.com".

    Every entry must be a valid address; a name alone, a stray character or an empty entry is an
    error rather than a person who would silently never hear of a failure.
    """
    value = _raw(name)
    if not value:
        return []
    admins = []
    for entry in _split_addresses(value):
        if not entry:
            raise ImproperlyConfigured(f"{name} has an empty entry: {value!r}.")
        named = _NAMED_ADDRESS.fullmatch(entry)
        display, address = (named["name"].strip('"'), named["address"]) if named else ("", entry)
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f"{name} must be email addresses such as 'Name <a@example.com>, "
                f"b@example.com', not {entry!r}."
            ) from None
        admins.append((display or address, address))
    return admins


# A name, quoted or not, then the address in angle brackets: Jane Doe <jane@example.dk>.
_NAMED_ADDRESS = re.compile(r'(?P<name>"[^"]*"|[^"<>]*?)\s*<(?P<address>[^<>]+)>')


def _split_addresses(value: str) -> list[str]:
    """Split at commas outside quotes and angle brackets ("Doe, Jane" <j@d.dk> is one entry)."""
    entries: list[str] = []
    current, quoted, bracket = "", False, False
    for char in value:
        if char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            bracket = True
        elif char == ">" and not quoted:
            bracket = False
        if char == "," and not (quoted or bracket):
            entries.append(current.strip())
            current = ""
        else:
            current += char
    entries.append(current.strip())
    return entries
