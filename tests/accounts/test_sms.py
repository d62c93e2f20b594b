import logging
import socket

import pytest

from qiao.accounts import sms


def test_console_backend_writes_the_message_to_the_server_log(settings, caplog):
    settings.QIAO_SMS_BACKEND = "qiao.accounts.sms.ConsoleSmsBackend"
    with caplog.at_level(logging.INFO, logger="qiao.accounts.sms"):
        sms.send_sms("+8613800138000", "Qiao: your code is 123456")
    assert "+8613800138000" in caplog.text
    assert "Qiao: your code is 123456" in caplog.text


def test_locmem_backend_keeps_messages_in_the_outbox(outbox):
    sms.send_sms("+12025550143", "hello")
    assert outbox == [sms.SmsMessage("+12025550143", "hello")]


def test_backend_is_chosen_by_dotted_path(settings):
    settings.QIAO_SMS_BACKEND = "qiao.accounts.sms.ConsoleSmsBackend"
    assert isinstance(sms.get_backend(), sms.ConsoleSmsBackend)
    settings.QIAO_SMS_BACKEND = "qiao.accounts.sms.HttpSmsBackend"
    assert isinstance(sms.get_backend(), sms.HttpSmsBackend)


def test_http_backend_posts_json_with_bearer_token(gateway):
    sms.send_sms("+8613800138000", "Qiao: 你的验证码是 123456")
    assert gateway.requests == [
        {
            "path": "/sms",
            "authorization": "Bearer gateway-secret",
            "content_type": "application/json",
            "json": {"to": "+8613800138000", "message": "Qiao: 你的验证码是 123456"},
        }
    ]


def test_http_backend_without_token_sends_no_authorization(gateway, settings):
    settings.QIAO_SMS_HTTP_TOKEN = ""
    sms.send_sms("+12025550143", "hi")
    assert gateway.requests[0]["authorization"] is None


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_http_backend_raises_on_non_2xx(gateway, status):
    gateway.status = status
    with pytest.raises(sms.SmsError, match=f"HTTP {status}"):
        sms.send_sms("+12025550143", "hi")
    assert len(gateway.requests) == 1


def test_http_backend_raises_on_timeout(gateway, settings):
    gateway.delay = 1.0
    settings.QIAO_SMS_HTTP_TIMEOUT = 0.2
    with pytest.raises(sms.SmsError, match="unreachable"):
        sms.send_sms("+12025550143", "hi")


def test_http_backend_raises_when_nothing_listens(settings):
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = sms.HttpSmsBackend(url=f"http://127.0.0.1:{port}/sms", token="t", timeout=2)
    with pytest.raises(sms.SmsError, match="unreachable"):
        backend.send("+12025550143", "hi")


def test_http_backend_needs_a_url(settings):
    settings.QIAO_SMS_HTTP_URL = ""
    with pytest.raises(sms.SmsError, match="QIAO_SMS_HTTP_URL"):
        sms.HttpSmsBackend().send("+12025550143", "hi")
