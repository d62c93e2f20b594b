"""HTTP plumbing shared by the remote engines: one request, errors mapped to EngineError.

429 → :class:`EngineOverQuota` (with Retry-After); timeouts →
:class:`EngineTimeout`; refused connections, 5xx, and 401/403/404 (a wrong
URL, model or key) → :class:`EngineUnavailable`; any other 4xx →
:class:`EngineError` carrying the server's own message.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import requests

from .base import EngineError, EngineOverQuota, EngineTimeout, EngineUnavailable


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds, whether given as a number or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def server_message(response: requests.Response) -> str:
    """The error message a server put in its body (OpenAI, LibreTranslate or FastAPI style)."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:200] or response.reason or ""
    if isinstance(body, dict):
        error = body.get("error") or body.get("detail") or body.get("message")
        if isinstance(error, dict):
            error = error.get("message")
        if error:
            return str(error)[:200]
    return str(body)[:200]


def request_json(
    session: requests.Session, method: str, url: str, *, engine: str, timeout: float, **kwargs: Any
) -> Any:
    """Send one request and return its JSON body, or raise the matching EngineError."""
    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
    except requests.Timeout as error:
        raise EngineTimeout(f"{engine} did not answer within {timeout:g} s.") from error
    except requests.RequestException as error:
        raise EngineUnavailable(
            f"{engine} is unreachable at {url}: {error.__class__.__name__}."
        ) from error
    status = response.status_code
    if status == 429:
        raise EngineOverQuota(
            f"{engine} is over quota: {server_message(response)}",
            retry_after=retry_after_seconds(response.headers.get("Retry-After")),
        )
    if status >= 500 or status in (401, 403, 404):
        raise EngineUnavailable(f"{engine} answered HTTP {status}: {server_message(response)}")
    if status >= 400:
        raise EngineError(
            f"{engine} refused the request (HTTP {status}): {server_message(response)}"
        )
    try:
        return response.json()
    except ValueError as error:
        raise EngineError(f"{engine} answered HTTP {status} without JSON.") from error
