"""One signed webhook POST: the body, its signature, and what the receiver answered.

The receiver checks two headers before it trusts a body:

- ``X-Ruling-Desk-Timestamp``: Unix seconds when the body was signed; a
  receiver refuses old ones, so a captured request cannot be replayed later.
- ``X-Ruling-Desk-Signature``: ``sha256=<hex>``, the HMAC-SHA256 under the
  endpoint's signing key of ``<timestamp>.<body>`` (the timestamp is signed
  with the body, so neither can be swapped).

The POST is the standard library's ``urllib`` run in a worker thread
(``asyncio.to_thread``): no HTTP dependency for one request shape, and the
event loop (the workstation's, when the embedded demo runs its node in
process) never waits on the network. Every failure comes back as a
:class:`PostOutcome` with a readable reason, never as an exception, so the
caller records it before deciding to retry.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Final

TIMESTAMP_HEADER: Final = "X-Ruling-Desk-Timestamp"
SIGNATURE_HEADER: Final = "X-Ruling-Desk-Signature"
USER_AGENT: Final = "ruling-desk-webhooks/1"


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """What one POST got: an HTTP status, or none when no answer came, and why it failed if it did."""

    status: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.error is None


def signature(key: str, timestamp: int, body: bytes) -> str:
    """The ``X-Ruling-Desk-Signature`` value for ``body`` signed at ``timestamp``."""
    digest = hmac.new(key.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


async def post_signed(url: str, key: str, body: bytes, *, timestamp: int, timeout: float) -> PostOutcome:
    """POST ``body`` (JSON) to ``url`` signed with ``key``; a 2xx answer within ``timeout`` seconds delivers."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(key, timestamp, body),
        },
    )
    return await asyncio.to_thread(_send, request, timeout)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to record, not a place to re-send a signed body to (urllib would turn it into a GET)."""

    def redirect_request(self, *_: object, **__: object) -> None:
        return None


_OPENER: Final = urllib.request.build_opener(_NoRedirects)


def _send(request: urllib.request.Request, timeout: float) -> PostOutcome:
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as answer:  # the receiver answered, with a status that is not 2xx
        return PostOutcome(answer.code, f"the endpoint answered HTTP {answer.code} {answer.reason}")
    except TimeoutError:
        return PostOutcome(None, f"the endpoint did not answer within {timeout:g} s")
    except urllib.error.URLError as failure:
        reason = failure.reason
        if isinstance(reason, TimeoutError):
            return PostOutcome(None, f"the endpoint did not answer within {timeout:g} s")
        return PostOutcome(None, f"cannot reach the endpoint: {reason}")
    except (http.client.HTTPException, OSError, ValueError) as failure:
        return PostOutcome(None, f"the request failed: {failure}")
    if not 200 <= status < 300:
        return PostOutcome(status, f"the endpoint answered HTTP {status}")
    return PostOutcome(status, None)
