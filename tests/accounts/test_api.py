import io
import json

import pytest
from django.test import Client
from PIL import Image

from qiao.accounts.models import ApiToken, PhoneVerification, User

from .conftest import code_in

pytestmark = pytest.mark.django_db

PHONE = "+8613800138000"


@pytest.fixture
def api():
    return Client()


def post(client, path, data, **headers):
    return client.post(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", **headers
    )


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def request_code(api, phone=PHONE, purpose="signup", region=None, **headers):
    body = {"phone": phone, "purpose": purpose}
    if region:
        body["region"] = region
    return post(api, "/auth/code", body, **headers)


def test_code_request_answers_202(api, outbox):
    response = request_code(api, "138 0013 8000", region="CN")
    assert response.status_code == 202
    body = response.json()
    assert body["expires_in"] == 600 and "+86 138 0013 8000" in body["detail"]
    assert "debug_code" not in body
    assert [m.to for m in outbox] == [PHONE]


def test_code_request_shows_the_code_only_in_debug(api, settings, last_code):
    settings.DEBUG = True
    response = request_code(api)
    assert response.json()["debug_code"] == last_code(PHONE)


@pytest.mark.parametrize(
    ("phone", "region"),
    [
        ("not a number", None),
        ("123", "US"),
        ("+86 12345678901", None),
        ("2025550143", None),
        ("2025550143", "ZZZ"),
        ("+44 20 7946 0958", None),
    ],
)
def test_bad_numbers_answer_400_and_write_nothing(api, outbox, phone, region):
    response = request_code(api, phone, region=region)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert "phone" in response.json()["errors"]
    assert not PhoneVerification.objects.exists() and outbox == []


def test_blocked_region_answers_400(api, settings, outbox):
    settings.QIAO_SMS_BLOCKED_REGIONS = ["CN"]
    response = request_code(api)
    assert response.status_code == 400 and "China" in response.json()["detail"]
    assert not PhoneVerification.objects.exists() and outbox == []


def test_schema_errors_are_400_naming_the_field(api):
    wrong = post(api, "/auth/code", {"phone": PHONE, "purpose": "reset"})
    assert wrong.status_code == 400 and "purpose" in wrong.json()["errors"]
    missing = post(api, "/auth/code", {"purpose": "login"})
    assert missing.status_code == 400 and "phone" in missing.json()["errors"]


@pytest.mark.parametrize(
    ("limit", "phones", "ips"),
    [
        ("sms_per_number", [PHONE] * 3, ["198.51.100.1", "198.51.100.2", "198.51.100.3"]),
        ("sms_per_ip", ["+8613800138000", "+12025550143", "+4915112345678"], ["198.51.100.1"] * 3),
        (
            "sms_per_prefix",
            ["+8613800138000", "+8613800138001", "+8613800138002"],
            ["198.51.100.1", "198.51.100.2", "198.51.100.3"],
        ),
    ],
)
def test_rate_limits_answer_429_with_retry_after(api, limits, outbox, limit, phones, ips):
    limits(**{limit: "2/600"})
    answers = [request_code(api, phone, REMOTE_ADDR=ip) for phone, ip in zip(phones, ips)]
    assert [a.status_code for a in answers] == [202, 202, 429]
    assert 0 < int(answers[2]["Retry-After"]) <= 601
    assert "Too many requests" in answers[2].json()["detail"]
    assert len(outbox) == 2


def test_failing_gateway_answers_503_and_leaves_no_usable_code(api, gateway):
    gateway.status = 500
    response = request_code(api)
    assert response.status_code == 503
    assert "couldn't send a text message" in response.json()["detail"]
    code = code_in(gateway.requests[0]["json"]["message"])
    signup = post(
        api,
        "/auth/signup",
        {"phone": PHONE, "code": code, "handle": "meilin", "display_name": "Mei"},
    )
    assert signup.status_code == 400
    assert not User.objects.exists()


def test_token_flow_end_to_end(api, last_code):
    assert request_code(api, "+86 138 0013 8000", purpose="signup").status_code == 202
    signup = post(
        api,
        "/auth/signup",
        {
            "phone": "+86 138 0013 8000",
            "code": last_code(PHONE),
            "handle": "MeiLin",
            "display_name": "林美",
        },
    )
    assert signup.status_code == 201, signup.content
    body = signup.json()
    assert body["user"]["handle"] == "meilin" and body["user"]["phone"] == PHONE
    assert body["user"]["has_password"] is False
    signup_token = body["token"]

    assert request_code(api, "13800138000", region="CN", purpose="login").status_code == 202
    login = post(
        api, "/auth/token", {"phone": "13800138000", "region": "CN", "code": last_code(PHONE)}
    )
    assert login.status_code == 200, login.content
    token = login.json()["token"]
    assert token != signup_token and ApiToken.objects.count() == 2

    me = api.get("/api/v1/users/me", **bearer(token))
    assert me.status_code == 200 and me.json()["display_name"] == "林美"

    assert api.delete("/api/v1/auth/token", **bearer(token)).status_code == 204
    gone = api.get("/api/v1/users/me", **bearer(token))
    assert gone.status_code == 401 and gone.json()["detail"]
    assert api.get("/api/v1/users/me", **bearer(signup_token)).status_code == 200
    assert ApiToken.objects.count() == 1


def test_users_me_needs_authentication(api):
    assert api.get("/api/v1/users/me").status_code == 401
    assert api.get("/api/v1/users/me", **bearer("made-up")).status_code == 401


def test_revoke_needs_a_bearer_token(client_for, user):
    assert client_for(user).delete("/api/v1/auth/token").status_code == 401


def test_signup_with_a_taken_handle(api, user, last_code):
    request_code(api)
    response = post(
        api,
        "/auth/signup",
        {"phone": PHONE, "code": last_code(PHONE), "handle": "ALICE", "display_name": "A"},
    )
    assert response.status_code == 400
    assert "@alice is taken" in response.json()["detail"]
    assert "handle" in response.json()["errors"]


def test_signup_with_a_registered_number_says_sign_in(api, make_user, last_code):
    make_user("existing", phone=PHONE)
    request_code(api)
    response = post(
        api,
        "/auth/signup",
        {"phone": PHONE, "code": last_code(PHONE), "handle": "fresh", "display_name": "F"},
    )
    assert response.status_code == 400 and "Sign in instead" in response.json()["detail"]


def test_token_for_an_unknown_number_says_sign_up(api, last_code):
    request_code(api, purpose="login")
    response = post(api, "/auth/token", {"phone": PHONE, "code": last_code(PHONE)})
    assert response.status_code == 400 and "Sign up first" in response.json()["detail"]


def test_wrong_reused_and_expired_codes(api, make_user, last_code):
    make_user("alice", phone=PHONE)
    request_code(api, purpose="login")
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    assert (
        "Wrong code" in post(api, "/auth/token", {"phone": PHONE, "code": wrong}).json()["detail"]
    )
    assert post(api, "/auth/token", {"phone": PHONE, "code": code}).status_code == 200
    reused = post(api, "/auth/token", {"phone": PHONE, "code": code})
    assert reused.status_code == 400 and "already been used" in reused.json()["detail"]

    request_code(api, purpose="login")
    PhoneVerification.objects.filter(used_at__isnull=True).update(expires_at="2000-01-01T00:00:00Z")
    expired = post(api, "/auth/token", {"phone": PHONE, "code": last_code(PHONE)})
    assert expired.status_code == 400 and "expired" in expired.json()["detail"]


def test_too_many_attempts(api, settings, make_user, last_code):
    settings.QIAO_OTP_MAX_ATTEMPTS = 2
    make_user("alice", phone=PHONE)
    request_code(api, purpose="login")
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(2):
        assert post(api, "/auth/token", {"phone": PHONE, "code": wrong}).status_code == 400
    dead = post(api, "/auth/token", {"phone": PHONE, "code": code})
    assert dead.status_code == 400 and "Too many wrong tries" in dead.json()["detail"]


def test_token_by_password(api, make_user):
    make_user("alice", phone=PHONE, password="lantern-river-42")
    ok = post(api, "/auth/token", {"phone": "+86 138 0013 8000", "password": "lantern-river-42"})
    assert ok.status_code == 200 and ok.json()["user"]["handle"] == "alice"
    bad = post(api, "/auth/token", {"phone": PHONE, "password": "nope"})
    assert bad.status_code == 400 and "Wrong number or password" in bad.json()["detail"]
    both = post(api, "/auth/token", {"phone": PHONE, "password": "x", "code": "123456"})
    assert both.status_code == 400
    neither = post(api, "/auth/token", {"phone": PHONE})
    assert neither.status_code == 400


def test_password_login_rate_limit_answers_429(api, limits, make_user):
    limits(login_password_per_ip="2/600")
    make_user("alice", phone=PHONE, password="lantern-river-42")
    codes = [
        post(api, "/auth/token", {"phone": PHONE, "password": "guess"}).status_code
        for _ in range(3)
    ]
    assert codes == [400, 400, 429]


def test_verify_rate_limit_answers_429(api, limits, make_user, last_code):
    limits(otp_verify_per_ip="1/600")
    make_user("alice", phone=PHONE)
    request_code(api, purpose="login")
    post(api, "/auth/token", {"phone": PHONE, "code": "000000"})
    limited = post(api, "/auth/token", {"phone": PHONE, "code": last_code(PHONE)})
    assert limited.status_code == 429 and limited["Retry-After"]


def patch(client, path, data, **headers):
    return client.patch(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", **headers
    )


@pytest.fixture
def token(user):
    _token, key = ApiToken.issue(user)
    return key


def test_patch_me(api, user, token):
    response = patch(
        api,
        "/users/me",
        {
            "display_name": "Alice W",
            "bio": "I read slowly and travel far.",
            "interface_language": "zh-hans",
            "read_languages": ["en", "zh"],
            "auto_translate": True,
        },
        **bearer(token),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (
        body["bio_lang"] == "en"
        and body["read_languages"] == ["en", "zh"]
        and body["auto_translate"]
    )
    user.refresh_from_db()
    assert (user.display_name, user.interface_language) == ("Alice W", "zh-hans")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"interface_language": "xx-yy"}, "interface language"),
        ({"read_languages": ["english"]}, "Unknown language"),
        ({"bio": "a" * 501}, "500"),
        ({"display_name": None}, "null"),
        ({"handle": "bob"}, "taken"),
    ],
)
def test_patch_me_validation(api, user, other_user, token, data, words):
    before = User.objects.values().get(pk=user.pk)
    response = patch(api, "/users/me", {"display_name": "Changed", **data}, **bearer(token))
    assert response.status_code == 400
    assert words in response.json()["detail"]
    assert User.objects.values().get(pk=user.pk) == before


def test_patch_me_with_a_wrong_type_is_400(api, token):
    response = patch(api, "/users/me", {"read_languages": "en"}, **bearer(token))
    assert response.status_code == 400 and "read_languages" in response.json()["errors"]


def test_avatar_upload(api, user, token):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 30)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "me.png"
    response = api.post("/api/v1/users/me/avatar", {"avatar": buffer}, **bearer(token))
    assert response.status_code == 200, response.content
    assert response.json()["avatar_url"].endswith(".jpg")

    fake = io.BytesIO(b"just some text pretending to be a photo")
    fake.name = "photo.jpg"
    refused = api.post("/api/v1/users/me/avatar", {"avatar": fake}, **bearer(token))
    assert refused.status_code == 400 and "isn't an image" in refused.json()["detail"]


def test_public_profile(api, user, token):
    patch(api, "/users/me", {"bio": "你好，我喜欢拍照。"}, **bearer(token))
    response = api.get("/api/v1/users/ALICE")
    assert response.status_code == 200
    body = response.json()
    assert body["handle"] == "alice" and body["bio_lang"] == "zh" and body["avatar_url"] is None
    assert body["follower_count"] == 0 and "phone" not in body and "read_languages" not in body
    assert api.get("/api/v1/users/@alice", **bearer(token)).status_code == 200


def test_unknown_or_disabled_profiles_are_404(api, make_user):
    assert api.get("/api/v1/users/nobody").status_code == 404
    make_user("ghost", is_active=False)
    assert api.get("/api/v1/users/ghost").status_code == 404
