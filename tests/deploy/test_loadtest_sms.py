"""The load-test SMS backend: codes on disk for a load generator, refused unless allowed."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from qiao.accounts.sms import LoadTestSmsBackend


def test_refused_unless_explicitly_allowed(settings, tmp_path):
    settings.QIAO_ALLOW_TEST_SMS = False
    settings.QIAO_TEST_SMS_DIR = str(tmp_path)
    with pytest.raises(ImproperlyConfigured, match="QIAO_ALLOW_TEST_SMS"):
        LoadTestSmsBackend()


def test_needs_a_directory(settings):
    settings.QIAO_ALLOW_TEST_SMS = True
    settings.QIAO_TEST_SMS_DIR = ""
    with pytest.raises(ImproperlyConfigured, match="QIAO_TEST_SMS_DIR"):
        LoadTestSmsBackend()


def test_a_load_generator_signs_up_through_the_real_api(client, db, settings, tmp_path):
    settings.QIAO_SMS_BACKEND = "qiao.accounts.sms.LoadTestSmsBackend"
    settings.QIAO_ALLOW_TEST_SMS = True
    settings.QIAO_TEST_SMS_DIR = str(tmp_path / "sms")
    phone = "+12025550123"
    sent = client.post(
        "/api/v1/auth/code", {"phone": phone, "purpose": "signup"}, content_type="application/json"
    )
    assert sent.status_code == 202 and "debug_code" not in sent.json()
    message = LoadTestSmsBackend.path_for(tmp_path / "sms", phone).read_text()
    code = re.search(r"\b(\d{6})\b", message)[1]
    signed_up = client.post(
        "/api/v1/auth/signup",
        {"phone": phone, "code": code, "handle": "loadtester", "display_name": "Load"},
        content_type="application/json",
    )
    assert signed_up.status_code == 201 and signed_up.json()["token"]
