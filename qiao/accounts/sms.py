"""Sending text messages, through a backend chosen by ``settings.QIAO_SMS_BACKEND``.

A backend is any class with ``send(phone, message)`` that raises :class:`SmsError`
when the message did not go out. Shipped backends:

- :class:`ConsoleSmsBackend` (default): writes the message to the server log,
  so a self-hoster without a gateway can still read codes.
- :class:`HttpSmsBackend`: POSTs ``{"to", "message"}`` as JSON to
  ``QIAO_SMS_HTTP_URL`` with ``Authorization: Bearer QIAO_SMS_HTTP_TOKEN``; put a
  small adapter in front of any provider (Twilio, Aliyun, Tencent Cloud…).
- :class:`LocmemSmsBackend`: keeps messages in :data:`outbox`, for tests (like
  Django's locmem e-mail backend).
- :class:`LoadTestSmsBackend`: writes each message to a file in
  ``QIAO_TEST_SMS_DIR``, so a load generator on the same machine can sign up
  through the real API (``qiao loadtest``). It refuses to start unless
  ``QIAO_ALLOW_TEST_SMS=1``.
"""

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The message could not be sent."""


class SmsBackend(Protocol):
    def send(self, phone: str, message: str) -> None: ...


class ConsoleSmsBackend:
    """Write each message to the server log instead of sending it."""

    def send(self, phone: str, message: str) -> None:
        logger.info("SMS to %s: %s", phone, message)


@dataclass(frozen=True)
class SmsMessage:
    to: str
    message: str


# Messages "sent" by LocmemSmsBackend, oldest first.
outbox: list[SmsMessage] = []


class LocmemSmsBackend:
    """Keep messages in memory (``qiao.accounts.sms.outbox``); for tests."""

    def send(self, phone: str, message: str) -> None:
        outbox.append(SmsMessage(phone, message))


class LoadTestSmsBackend:
    """Write each message to ``<QIAO_TEST_SMS_DIR>/<phone digits>.txt``; for load tests only.

    Anyone who can read that directory can sign up as any number, so the
    backend refuses to work unless ``QIAO_ALLOW_TEST_SMS=1`` is set as well as
    ``QIAO_SMS_BACKEND``: a stray setting alone can never turn it on.
    """

    def __init__(self) -> None:
        if not settings.QIAO_ALLOW_TEST_SMS:
            raise ImproperlyConfigured(
                "LoadTestSmsBackend writes sign-in codes to disk; set QIAO_ALLOW_TEST_SMS=1 "
                "to use it (load tests only, never in production)."
            )
        if not settings.QIAO_TEST_SMS_DIR:
            raise ImproperlyConfigured("LoadTestSmsBackend needs QIAO_TEST_SMS_DIR.")
        self.directory = Path(settings.QIAO_TEST_SMS_DIR)

    @staticmethod
    def path_for(directory: Path, phone: str) -> Path:
        return directory / (re.sub(r"[^0-9]", "", phone) + ".txt")

    def send(self, phone: str, message: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self.path_for(self.directory, phone)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(message, encoding="utf-8")
        temporary.replace(target)  # readers never see half a message


class HttpSmsBackend:
    """Hand the message to an HTTP gateway as JSON; any non-2xx answer is a failure."""

    def __init__(
        self, url: str | None = None, token: str | None = None, timeout: float | None = None
    ):
        self.url = url if url is not None else settings.QIAO_SMS_HTTP_URL
        self.token = token if token is not None else settings.QIAO_SMS_HTTP_TOKEN
        self.timeout = timeout if timeout is not None else settings.QIAO_SMS_HTTP_TIMEOUT

    def send(self, phone: str, message: str) -> None:
        if not self.url:
            raise SmsError("QIAO_SMS_HTTP_URL is not set")
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = requests.post(
                self.url,
                json={"to": phone, "message": message},
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise SmsError(f"SMS gateway unreachable: {exc.__class__.__name__}") from exc
        if not 200 <= response.status_code < 300:
            raise SmsError(
                f"SMS gateway answered HTTP {response.status_code}: {response.text[:200]}"
            )


def get_backend() -> SmsBackend:
    return import_string(settings.QIAO_SMS_BACKEND)()


def send_sms(phone: str, message: str) -> None:
    """Send one message with the configured backend; raises SmsError when it fails."""
    get_backend().send(phone, message)
