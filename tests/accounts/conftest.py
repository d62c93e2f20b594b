"""Fixtures for the accounts tests: a real in-memory SMS outbox and a real local SMS gateway."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation

from qiao.accounts import sms


@pytest.fixture(autouse=True)
def _accounts_settings(settings):
    """Messages go to qiao.accounts.sms.outbox.

    Rate-limit counters live in the database cache, so each test's rollback resets them.
    """
    settings.QIAO_SMS_BACKEND = "qiao.accounts.sms.LocmemSmsBackend"
    settings.QIAO_SMS_BLOCKED_REGIONS = []
    settings.DEBUG = False
    sms.outbox.clear()
    # Requests activate their language for the thread; start each test in English.
    with translation.override("en"):
        yield
    sms.outbox.clear()


@pytest.fixture
def outbox() -> list[sms.SmsMessage]:
    return sms.outbox


def code_in(message: str) -> str:
    match = re.search(r"\b(\d{6})\b", message)
    assert match, f"no code in {message!r}"
    return match.group(1)


@pytest.fixture
def last_code():
    """The code in the newest message sent to ``phone``."""

    def find(phone: str) -> str:
        messages = [m for m in sms.outbox if m.to == phone]
        assert messages, f"no SMS sent to {phone}"
        return code_in(messages[-1].message)

    return find


class Gateway:
    """A tiny SMS gateway on 127.0.0.1 that records what it is sent and answers ``status``."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                gateway.requests.append(
                    {
                        "path": self.path,
                        "authorization": self.headers.get("Authorization"),
                        "content_type": self.headers.get("Content-Type"),
                        "json": json.loads(body or b"null"),
                    }
                )
                if gateway.delay:
                    threading.Event().wait(gateway.delay)
                payload = b'{"ok": true}' if gateway.status < 300 else b'{"error": "upstream down"}'
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def gateway(settings):
    """A running local gateway, with the HTTP backend pointed at it."""
    with Gateway() as server:
        settings.QIAO_SMS_BACKEND = "qiao.accounts.sms.HttpSmsBackend"
        settings.QIAO_SMS_HTTP_URL = server.url
        settings.QIAO_SMS_HTTP_TOKEN = "gateway-secret"
        settings.QIAO_SMS_HTTP_TIMEOUT = 5
        yield server


@pytest.fixture
def limits(settings):
    """Set some rate limits for one test, e.g. ``limits(sms_per_ip="2/3600")``."""

    def apply(**rates: str) -> None:
        settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, **rates}

    return apply
