"""One POST of a card to a Teams webhook, and what came of it.

The address never leaves this module in an error or a log line: the exceptions carry only what
Teams answered (a status code) or what went wrong on the way (timed out, refused), and they are
raised `from None` so that no traceback shows the request. http.client, unlike requests and
urllib3, logs nothing of the request, so a DEBUG log level cannot leak the address either.
"""

import http.client
import json
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

MAX_RETRY_AFTER = timedelta(hours=6)
DEFAULT_RETRY_AFTER = timedelta(minutes=1)
UNREADABLE = "unreadable"  # the stored address could not be decrypted
INVALID = "invalid address"  # it could not be parsed as an address


class TeamsUnavailable(OSError):
    """Down, slow, or answering 5xx: a later attempt may succeed (an OSError, so
    commplan/reminders/claims.py retries it with back-off)."""


class TeamsThrottled(Exception):
    """429: Teams asks us to wait `retry_after` (a timedelta)."""

    def __init__(self, retry_after):
        super().__init__(f"HTTP 429, retry after {int(retry_after.total_seconds())} s")
        self.retry_after = retry_after


class TeamsTooLarge(Exception):
    """413: the card, not the address, is at fault; retried a few times, then failed."""


class TeamsRefused(Exception):
    """Any other 3xx or 4xx: the address is wrong, deleted or no longer allowed; retrying the
    same address cannot help."""

    def __init__(self, status):
        super().__init__(status if isinstance(status, str) else f"HTTP {status}")
        self.status = status


def retry_after(value, now=None):
    """How long a Retry-After header (seconds or an HTTP date) asks us to wait, within reason."""
    now = now or timezone.now()
    wait = DEFAULT_RETRY_AFTER
    value = (value or "").strip()
    if value.isdigit():
        wait = timedelta(seconds=int(value))
    elif value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if isinstance(when, datetime) and when.tzinfo is not None:
            wait = max(when - now, timedelta(0))
    return min(wait, MAX_RETRY_AFTER)


@sensitive_variables("url", "parts", "target")
def post_card(url, payload):
    """POST `payload` (a dict) as JSON to `url`. Returns the status code of a 2xx answer;
    raises TeamsUnavailable, TeamsThrottled or TeamsRefused otherwise."""
    try:
        parts = urlsplit(url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(
            parts.hostname, parts.port, timeout=settings.TEAMS_CONNECT_TIMEOUT
        )
    except ValueError:  # its message would show the address
        raise TeamsRefused(INVALID) from None
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    connect_timeout = settings.TEAMS_CONNECT_TIMEOUT
    read_timeout = settings.TEAMS_READ_TIMEOUT
    body = json.dumps(payload, ensure_ascii=False).encode()
    stage = "connect"
    try:
        connection.connect()
        stage = "answer"
        connection.sock.settimeout(read_timeout)
        connection.request(
            "POST", target, body, {"Content-Type": "application/json; charset=utf-8"}
        )
        response = connection.getresponse()
        response.read(64 * 1024)
        status = response.status
        wait = response.getheader("Retry-After")
    except TimeoutError:
        seconds = connect_timeout if stage == "connect" else read_timeout
        if stage == "connect":
            message = f"Teams could not be reached within {seconds} s"
        else:
            message = f"Teams did not answer within {seconds} s"
        raise TeamsUnavailable(message) from None
    except ConnectionRefusedError:
        raise TeamsUnavailable("connection refused") from None
    except (OSError, http.client.HTTPException) as error:
        raise TeamsUnavailable(f"{stage}: {type(error).__name__}") from None
    except ValueError:  # http.client.InvalidURL and the like, whose message shows the address
        raise TeamsRefused(INVALID) from None
    finally:
        connection.close()
    if 200 <= status < 300:
        return status
    if status == 429:
        raise TeamsThrottled(retry_after(wait))
    if status == 413:
        raise TeamsTooLarge(f"HTTP 413, the card was {len(body)} bytes")
    if status >= 500 or status == 408:  # 408: Teams gave up waiting for us; try again
        raise TeamsUnavailable(f"HTTP {status}")
    raise TeamsRefused(status)
