"""Structured logs: a JSON formatter and a request-id middleware.

With ``QIAO_LOG_FORMAT=json`` every log line is one JSON object (``ts``,
``level``, ``logger``, ``message``, the request's ``request_id`` and any
``extra=`` fields), ready for a log collector. :class:`RequestIdMiddleware`
gives each request an id (the incoming ``X-Request-ID`` when it is sane, so
a proxy's id carries through, else a new one), returns it in the response's
``X-Request-ID`` header, tags every log line written while the request runs
with it, and logs one ``qiao.request`` line per request with method, path,
status and duration.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("qiao_request_id", default="")
request_logger = logging.getLogger("qiao.request")

# Accept ids a proxy or a client made (uuid, hex, ULID…) but nothing that could forge log lines.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

# Attributes every LogRecord has; anything else on a record came in through extra=.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}


def current_request_id() -> str:
    return request_id_var.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per line; ``extra=`` fields are kept, exceptions go in ``exc``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or request_id_var.get()
        if request_id and request_id != "-":
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if (
                key not in _RECORD_FIELDS
                and key not in entry
                and key != "request_id"
                and not key.startswith("_")
            ):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to records, for plain-text formats that want ``%(request_id)s``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        return True


class RequestIdMiddleware:
    """Tag the request with an id, return it as X-Request-ID, log the request when it ends.

    Put it first in MIDDLEWARE so the duration covers every other middleware.
    """

    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(self.header, "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[self.header] = request_id
            return response
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            request_logger.log(
                logging.WARNING if status >= 500 else logging.INFO,
                "%s %s %s %.1fms",
                request.method,
                request.path,
                status,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
            request_id_var.reset(token)
