import io

import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse
from PIL import Image

from qiao.accounts.models import PhoneVerification, User

pytestmark = pytest.mark.django_db

PHONE = "+8613800138000"


@pytest.fixture
def web():
    return Client()


def send_phone(client, phone="138 0013 8000", region="CN", url="accounts:login", **extra):
    return client.post(reverse(url), {"region": region, "phone": phone}, **extra)


def test_login_page_is_a_phone_card_with_a_country_select(web):
    response = web.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="region"' in html and 'name="phone"' in html and 'inputmode="tel"' in html
    assert '<option value="US" selected>' in html
    assert reverse("accounts:login_password") in html and reverse("accounts:signup") in html


def test_country_select_defaults_to_china_for_chinese_interface(web):
    session = web.session
    session["interface_language"] = "zh-hans"
    session.save()
    html = web.get(reverse("accounts:login")).content.decode()
    assert '<option value="CN" selected>' in html
    assert "+86 中国" in html


def test_new_number_signs_up_in_three_steps(web, last_code, outbox):
    response = send_phone(web, url="accounts:signup")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:verify")
    assert "sign-up code" in outbox[-1].message

    verify_page = web.get(reverse("accounts:verify"))
    assert "+86 138 0013 8000" in verify_page.content.decode()
    assert 'autocomplete="one-time-code"' in verify_page.content.decode()

    response = web.post(reverse("accounts:verify"), {"code": last_code(PHONE)})
    assert response["Location"] == reverse("accounts:signup_profile")
    assert not get_user(web).is_authenticated

    response = web.post(
        reverse("accounts:signup_profile"),
        {"handle": "Mei_Lin", "display_name": "林美", "password": ""},
    )
    assert response.status_code == 302 and response["Location"] == reverse("feeds:explore")
    user = User.objects.get(phone=PHONE)
    assert (user.handle, user.display_name) == ("mei_lin", "林美")
    assert get_user(web) == user
    # The profile step cannot be replayed to make a second account.
    assert web.get(reverse("accounts:signup_profile")).status_code == 302


def test_signup_profile_step_needs_a_verified_number(web):
    response = web.get(reverse("accounts:signup_profile"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup")


def test_signup_with_taken_handle_shows_a_form_error(web, user, last_code):
    send_phone(web)
    web.post(reverse("accounts:verify"), {"code": last_code(PHONE)})
    response = web.post(
        reverse("accounts:signup_profile"), {"handle": "alice", "display_name": "Other"}
    )
    assert response.status_code == 400
    assert "@alice is taken" in response.content.decode()
    assert not User.objects.filter(phone=PHONE).exists()


def test_known_number_signs_in_with_its_code(web, make_user, last_code, outbox):
    alice = make_user("alice", phone=PHONE, interface_language="zh-hans")
    response = send_phone(web, url="accounts:signup")
    assert response["Location"] == reverse("accounts:verify")
    assert "sign-in code" in outbox[-1].message  # the page said nothing about the account
    response = web.post(reverse("accounts:verify"), {"code": last_code(PHONE)}, follow=True)
    assert get_user(web) == alice
    assert web.session["interface_language"] == "zh-hans"
    assert "This number already has an account, so we signed you in." in response.content.decode()


def test_login_and_signup_pages_answer_the_same_for_known_and_new_numbers(web, make_user):
    make_user("alice", phone=PHONE)
    known = send_phone(web)
    new = send_phone(Client(), phone="138 0013 8001")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])


def test_next_url_is_kept_and_checked(web, make_user, last_code):
    make_user("alice", phone=PHONE)
    web.post(
        reverse("accounts:login") + "?next=/notes/new/", {"region": "CN", "phone": "13800138000"}
    )
    response = web.post(reverse("accounts:verify"), {"code": last_code(PHONE)})
    assert response["Location"] == "/notes/new/"

    other = Client()
    other.post(
        reverse("accounts:login"),
        {"region": "CN", "phone": "13800138000", "next": "https://evil.example/"},
    )
    response = other.post(reverse("accounts:verify"), {"code": last_code(PHONE)})
    assert response["Location"] == reverse("feeds:explore")


@pytest.mark.parametrize(
    ("phone", "region", "words"),
    [
        ("garbage", "CN", "doesn't look like a phone number"),
        ("123", "CN", "too short"),
        ("12345678", "CN", "valid phone number in China"),
        ("020 7946 0958", "GB", "landline"),
        ("13800138000", "QQ", "Select a valid choice"),
    ],
)
def test_invalid_numbers_show_form_errors_and_write_nothing(web, outbox, phone, region, words):
    response = send_phone(web, phone=phone, region=region)
    assert response.status_code == 400
    assert words in response.content.decode().replace("&#x27;", "'")
    assert not PhoneVerification.objects.exists() and outbox == []


def test_blocked_region_shows_a_form_error(web, settings, outbox):
    settings.QIAO_SMS_BLOCKED_REGIONS = ["CN"]
    response = send_phone(web, phone="+86 138 0013 8000", region="US")
    assert response.status_code == 400
    assert "numbers in China" in response.content.decode().replace("&#x27;", "'")
    assert outbox == []


def test_wrong_code_is_a_form_error(web, last_code):
    send_phone(web)
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    response = web.post(reverse("accounts:verify"), {"code": wrong})
    assert response.status_code == 400 and "Wrong code" in response.content.decode()
    assert not get_user(web).is_authenticated


def test_rate_limited_send_answers_429_with_retry_after(web, limits, outbox):
    limits(sms_per_number="1/600")
    assert send_phone(web).status_code == 302
    response = send_phone(web)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.content.decode()
    assert len(outbox) == 1


def test_resend_sends_a_new_code(web, limits, outbox):
    limits(sms_per_number="2/600")
    send_phone(web)
    response = web.post(reverse("accounts:verify"), {"resend": "1"})
    assert response.status_code == 302 and len(outbox) == 2
    limited = web.post(reverse("accounts:verify"), {"resend": "1"})
    assert limited.status_code == 429 and "Too many requests" in limited.content.decode()


def test_failing_gateway_shows_an_error(web, gateway):
    gateway.status = 500
    response = send_phone(web)
    assert response.status_code == 503
    assert "couldn&#x27;t send a text message" in response.content.decode()
    assert web.get(reverse("accounts:verify"))["Location"] == reverse("accounts:login")


def test_demo_mode_shows_the_code_only_in_debug(web, settings, last_code):
    response = send_phone(web, follow=True)
    assert "Demo mode" not in response.content.decode()
    settings.DEBUG = True
    response = send_phone(Client(), phone="138 0013 8001", follow=True)
    assert f"Demo mode: your code is {last_code('+8613800138001')}" in response.content.decode()


def test_password_login(web, make_user):
    alice = make_user("alice", phone=PHONE, password="lantern-river-42")
    page = web.get(reverse("accounts:login_password"))
    assert 'type="password"' in page.content.decode()
    bad = web.post(
        reverse("accounts:login_password"),
        {"region": "CN", "phone": "13800138000", "password": "nope"},
    )
    assert bad.status_code == 400 and "Wrong number or password" in bad.content.decode()
    ok = web.post(
        reverse("accounts:login_password"),
        {"region": "US", "phone": "+86 138 0013 8000", "password": "lantern-river-42"},
    )
    assert ok.status_code == 302 and get_user(web) == alice


def test_password_login_rate_limit(web, limits, make_user):
    limits(login_password_per_ip="1/600")
    make_user("alice", phone=PHONE, password="lantern-river-42")
    web.post(
        reverse("accounts:login_password"),
        {"region": "CN", "phone": "13800138000", "password": "x"},
    )
    response = web.post(
        reverse("accounts:login_password"),
        {"region": "CN", "phone": "13800138000", "password": "lantern-river-42"},
    )
    assert response.status_code == 429 and response["Retry-After"]
    assert not get_user(web).is_authenticated


def test_logout_is_post_only_and_keeps_the_language(client_for, user):
    web = client_for(user)
    session = web.session
    session["interface_language"] = "zh-hans"
    session.save()
    assert web.get(reverse("accounts:logout")).status_code == 405
    assert get_user(web).is_authenticated
    response = web.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not get_user(web).is_authenticated
    assert web.session["interface_language"] == "zh-hans"


def test_settings_needs_login(web):
    response = web.get(reverse("accounts:settings"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def settings_data(**overrides):
    data = {
        "action": "profile",
        "display_name": "Alice",
        "handle": "alice",
        "bio": "",
        "interface_language": "",
        "read_languages": ["en"],
    }
    data.update(overrides)
    return data


def test_settings_page_shows_the_profile(client_for, user):
    html = client_for(user).get(reverse("accounts:settings")).content.decode()
    assert 'value="alice"' in html and 'name="read_languages"' in html and "中文" in html
    assert 'name="avatar"' in html and 'enctype="multipart/form-data"' in html


def test_settings_saves_profile_and_interface_language(client_for, user):
    web = client_for(user)
    response = web.post(
        reverse("accounts:settings"),
        settings_data(
            display_name="爱丽丝",
            bio="我喜欢在周末去爬山。",
            interface_language="zh-hans",
            read_languages=["en", "zh"],
            auto_translate="on",
        ),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.bio_lang, user.interface_language) == (
        "爱丽丝",
        "zh",
        "zh-hans",
    )
    assert user.read_languages == ["en", "zh"] and user.auto_translate
    assert web.session["interface_language"] == "zh-hans"


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"bio": "x" * 501}, "500 characters"),
        ({"interface_language": "fr"}, "Select a valid choice"),
        ({"read_languages": ["xx"]}, "Select a valid choice"),
        ({"read_languages": []}, "This field is required"),
        ({"handle": "bob"}, "@bob is taken"),
        ({"handle": "Bad Handle!"}, "lowercase letters"),
    ],
)
def test_settings_validation(client_for, user, other_user, overrides, words):
    response = client_for(user).post(
        reverse("accounts:settings"), settings_data(**{"bio": "kept?", **overrides})
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    user.refresh_from_db()
    assert user.bio == "" and user.handle == "alice"


def test_settings_avatar_upload_and_fake_image(client_for, user):
    web = client_for(user)
    fake = io.BytesIO(b"plain text, renamed to look like a photo")
    fake.name = "selfie.jpg"
    response = web.post(reverse("accounts:settings"), settings_data(avatar=fake, bio="new"))
    assert response.status_code == 400
    assert "isn&#x27;t an image" in response.content.decode()
    user.refresh_from_db()
    assert not user.avatar and user.bio == ""

    real = io.BytesIO()
    Image.new("RGB", (500, 300), (250, 80, 90)).save(real, format="JPEG")
    real.seek(0)
    real.name = "selfie.jpg"
    assert web.post(reverse("accounts:settings"), settings_data(avatar=real)).status_code == 302
    user.refresh_from_db()
    with user.avatar.open("rb") as f, Image.open(f) as image:
        assert image.size == (256, 256)

    assert (
        web.post(reverse("accounts:settings"), settings_data(remove_avatar="on")).status_code == 302
    )
    user.refresh_from_db()
    assert not user.avatar


def test_settings_password(client_for, user):
    web = client_for(user)
    mismatch = web.post(
        reverse("accounts:settings"),
        {"action": "password", "new_password": "lantern-river-42", "new_password_again": "other"},
    )
    assert mismatch.status_code == 400 and "don&#x27;t match" in mismatch.content.decode()
    ok = web.post(
        reverse("accounts:settings"),
        {
            "action": "password",
            "new_password": "lantern-river-42",
            "new_password_again": "lantern-river-42",
        },
    )
    assert ok.status_code == 302
    assert get_user(web).is_authenticated  # the session survives the change
    user.refresh_from_db()
    assert user.check_password("lantern-river-42")
    wrong_current = web.post(
        reverse("accounts:settings"),
        {
            "action": "password",
            "current_password": "nope",
            "new_password": "x-another-pass-9",
            "new_password_again": "x-another-pass-9",
        },
    )
    assert (
        wrong_current.status_code == 400
        and "current password is wrong" in wrong_current.content.decode()
    )


def test_chinese_interface_gets_chinese_pages_messages_and_sms(web, outbox):
    session = web.session
    session["interface_language"] = "zh-hans"
    session.save()
    assert "获取验证码" in web.get(reverse("accounts:login")).content.decode()
    error = send_phone(web, phone="12345678", region="CN")
    assert "这不是有效的中国手机号。" in error.content.decode()
    send_phone(web)
    assert outbox[-1].message.startswith("【桥】你的注册验证码是 ")
