import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from qiao.accounts import services
from qiao.accounts.models import PhoneVerification, User, hash_secret
from qiao.accounts.sms import SmsError
from qiao.core.ratelimit import RateLimited

PHONE = "+8613800138000"
IP = "203.0.113.7"
SIGNUP = PhoneVerification.Purpose.SIGNUP
LOGIN = PhoneVerification.Purpose.LOGIN

pytestmark = pytest.mark.django_db


def error_codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


# --- Sending codes ------------------------------------------------------------------------


def test_send_code_texts_six_digits_and_stores_only_a_hash(outbox, last_code):
    sent = services.send_code(PHONE, SIGNUP, IP)
    code = last_code(PHONE)
    assert len(code) == 6 and code.isdigit()
    row = PhoneVerification.objects.get()
    assert row.code_hash == hash_secret(code) and code not in row.code_hash
    assert (row.phone, row.purpose, row.ip, row.attempts, row.used_at) == (
        PHONE,
        SIGNUP,
        IP,
        0,
        None,
    )
    assert sent.expires_in == 600
    assert abs((row.expires_at - timezone.now()).total_seconds() - 600) < 5
    assert sent.debug_code is None
    assert "sign-up code" in outbox[0].message


def test_codes_are_random(last_code):
    codes = set()
    for phone in ("+8613800138000", "+8613800138001", "+8613800138002", "+8613800138003"):
        services.send_code(phone, SIGNUP, IP)
        codes.add(last_code(phone))
    assert len(codes) > 1


def test_debug_code_only_in_debug_mode(settings, last_code):
    assert services.send_code(PHONE, LOGIN, IP).debug_code is None
    settings.DEBUG = True
    sent = services.send_code(PHONE, LOGIN, IP)
    assert sent.debug_code == last_code(PHONE)


def test_unknown_purpose_is_refused():
    with pytest.raises(ValidationError):
        services.send_code(PHONE, "reset", IP)
    assert not PhoneVerification.objects.exists()


def test_per_number_limit(limits):
    limits(sms_per_number="2/600")
    services.send_code(PHONE, SIGNUP, IP)
    services.send_code(PHONE, SIGNUP, "203.0.113.8")
    with pytest.raises(RateLimited) as info:
        services.send_code(PHONE, SIGNUP, "203.0.113.9")
    assert info.value.scope == "sms_per_number" and 0 < info.value.retry_after <= 601
    assert "Try again" in info.value.message
    assert PhoneVerification.objects.count() == 2
    services.send_code("+8613800138001", SIGNUP, IP)  # another number is fine


def test_per_number_daily_limit(limits):
    limits(sms_per_number_day="1/86400")
    services.send_code(PHONE, SIGNUP, IP)
    with pytest.raises(RateLimited) as info:
        services.send_code(PHONE, LOGIN, "198.51.100.1")
    assert info.value.scope == "sms_per_number_day"


def test_per_ip_limit(limits):
    limits(sms_per_ip="2/3600")
    services.send_code("+8613800138000", SIGNUP, IP)
    services.send_code("+12025550143", SIGNUP, IP)
    with pytest.raises(RateLimited) as info:
        services.send_code("+4915112345678", SIGNUP, IP)
    assert info.value.scope == "sms_per_ip"
    services.send_code("+4915112345678", SIGNUP, "198.51.100.1")


def test_per_prefix_limit_catches_pumping_through_a_number_range(limits, outbox):
    limits(sms_per_prefix="3/3600")
    for n, ip in enumerate(["198.51.100.1", "198.51.100.2", "198.51.100.3"]):
        services.send_code(f"+861380013800{n}", SIGNUP, ip)
    with pytest.raises(RateLimited) as info:
        services.send_code("+8613800138009", SIGNUP, "198.51.100.4")
    assert info.value.scope == "sms_per_prefix"
    assert len(outbox) == 3
    services.send_code("+8613900138000", SIGNUP, "198.51.100.5")  # another range


def test_gateway_failure_leaves_no_usable_code(gateway):
    gateway.status = 500
    with pytest.raises(SmsError) as info:
        services.send_code(PHONE, SIGNUP, IP)
    assert "couldn't send" in str(info.value) and "500" not in str(info.value)
    code = gateway.requests[0]["json"]["message"].split("is ")[1][:6]
    with pytest.raises(ValidationError) as info:
        services.verify_code(PHONE, SIGNUP, code, IP)
    assert error_codes(info.value) == {"code_expired"}


def test_gateway_failure_also_retires_an_older_code(gateway):
    services.send_code(PHONE, SIGNUP, IP)
    older = gateway.requests[0]["json"]["message"].split("is ")[1][:6]
    gateway.status = 503
    with pytest.raises(SmsError):
        services.send_code(PHONE, SIGNUP, IP)
    with pytest.raises(ValidationError):
        services.verify_code(PHONE, SIGNUP, older, IP)


# --- Verifying codes ------------------------------------------------------------------------


def test_right_code_verifies_once(last_code):
    services.send_code(PHONE, SIGNUP, IP)
    code = last_code(PHONE)
    services.verify_code(PHONE, SIGNUP, code, IP)
    assert PhoneVerification.objects.get().used_at is not None
    with pytest.raises(ValidationError) as info:
        services.verify_code(PHONE, SIGNUP, code, IP)
    assert error_codes(info.value) == {"code_used"}


def test_code_typed_with_spaces_or_full_width_digits(last_code):
    services.send_code(PHONE, SIGNUP, IP)
    code = last_code(PHONE)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    services.verify_code(PHONE, SIGNUP, f" {full_width[:3]} {full_width[3:]} ", IP)


def test_code_for_another_purpose_or_number_does_not_count(last_code):
    services.send_code(PHONE, SIGNUP, IP)
    code = last_code(PHONE)
    with pytest.raises(ValidationError) as info:
        services.verify_code(PHONE, LOGIN, code, IP)
    assert error_codes(info.value) == {"no_code"}
    with pytest.raises(ValidationError):
        services.verify_code("+8613800138001", SIGNUP, code, IP)


def test_wrong_code_counts_attempts_then_kills_the_code(settings, last_code):
    settings.QIAO_OTP_MAX_ATTEMPTS = 3
    services.send_code(PHONE, SIGNUP, IP)
    code = last_code(PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    messages = []
    for _ in range(3):
        with pytest.raises(ValidationError) as info:
            services.verify_code(PHONE, SIGNUP, wrong, IP)
        messages.append(info.value.messages[0])
    assert messages[0] == "Wrong code. You have 2 tries left."
    assert "last try" in messages[2]
    with pytest.raises(ValidationError) as info:
        services.verify_code(PHONE, SIGNUP, code, IP)  # even the right code is dead now
    assert error_codes(info.value) == {"too_many_attempts"}
    row = PhoneVerification.objects.get()
    assert row.attempts == 3 and row.used_at is None


def test_malformed_code_does_not_cost_an_attempt(last_code):
    services.send_code(PHONE, SIGNUP, IP)
    for bad in ("", "12345", "abcdef", "1234567"):
        with pytest.raises(ValidationError) as info:
            services.verify_code(PHONE, SIGNUP, bad, IP)
        assert error_codes(info.value) == {"code_format"}
    assert PhoneVerification.objects.get().attempts == 0


def test_expired_code_is_refused(last_code):
    services.send_code(PHONE, SIGNUP, IP)
    PhoneVerification.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as info:
        services.verify_code(PHONE, SIGNUP, last_code(PHONE), IP)
    assert error_codes(info.value) == {"code_expired"}


def test_only_the_newest_code_counts(last_code):
    services.send_code(PHONE, SIGNUP, IP)
    first = last_code(PHONE)
    services.send_code(PHONE, SIGNUP, IP)
    second = last_code(PHONE)
    if first != second:
        with pytest.raises(ValidationError):
            services.verify_code(PHONE, SIGNUP, first, IP)
    services.verify_code(PHONE, SIGNUP, second, IP)


def test_two_requests_racing_with_one_code_only_one_wins(last_code):
    """Both checks pass before either uses the code; the conditional UPDATE lets one through."""
    services.send_code(PHONE, SIGNUP, IP)
    code = last_code(PHONE)
    first = services.check_code(PHONE, SIGNUP, code, IP)
    second = services.check_code(PHONE, SIGNUP, code, IP)
    services.consume_code(first)
    with pytest.raises(ValidationError) as info:
        services.consume_code(second)
    assert error_codes(info.value) == {"code_used"}


def test_verify_is_rate_limited_per_ip(limits, last_code):
    limits(otp_verify_per_ip="2/600")
    services.send_code(PHONE, SIGNUP, IP)
    for _ in range(2):
        with pytest.raises(ValidationError):
            services.verify_code(
                PHONE, SIGNUP, "000000" if last_code(PHONE) != "000000" else "111111", IP
            )
    with pytest.raises(RateLimited) as info:
        services.verify_code(PHONE, SIGNUP, last_code(PHONE), IP)
    assert info.value.scope == "otp_verify_per_ip"
    services.verify_code(PHONE, SIGNUP, last_code(PHONE), "198.51.100.1")


# --- Sign-up and sign-in ------------------------------------------------------------------------


def signup_code(phone: str = PHONE) -> str:
    services.send_code(phone, SIGNUP, IP)
    from qiao.accounts.sms import outbox

    return [m for m in outbox if m.to == phone][-1].message.split("is ")[1][:6]


def test_sign_up_creates_the_account_and_uses_the_code():
    code = signup_code()
    user = services.sign_up(PHONE, code, "@Mei_Lin", "  Mei   Lin ", IP)
    assert (user.phone, user.handle, user.display_name) == (PHONE, "mei_lin", "Mei Lin")
    assert not user.has_usable_password()
    assert user.read_languages == ["en"]
    assert PhoneVerification.objects.get().used_at is not None


def test_sign_up_with_password():
    user = services.sign_up(PHONE, signup_code(), "meilin", "Mei", IP, password="lantern-river-42")
    assert user.check_password("lantern-river-42")


@pytest.mark.parametrize("handle", ["Alice", "alice", "@ALICE"])
def test_sign_up_with_taken_handle_keeps_the_code(user, handle):
    code = signup_code()
    with pytest.raises(ValidationError) as info:
        services.sign_up(PHONE, code, handle, "Someone", IP)
    assert error_codes(info.value) == {"handle_taken"}
    assert "@alice is taken" in info.value.message_dict["handle"][0]
    assert not User.objects.filter(phone=PHONE).exists()
    row = PhoneVerification.objects.get()
    assert row.used_at is None and row.attempts == 0
    assert services.sign_up(PHONE, code, "alice2", "Someone", IP).handle == "alice2"


@pytest.mark.parametrize(
    ("handle", "display_name", "password", "field"),
    [
        ("ab", "Ok", None, "handle"),
        ("has space", "Ok", None, "handle"),
        ("中文名", "Ok", None, "handle"),
        ("admin", "Ok", None, "handle"),
        ("okhandle", "   ", None, "display_name"),
        ("okhandle", "x" * 51, None, "display_name"),
        ("okhandle", "Ok", "123", "password"),
        ("okhandle", "Ok", "okhandle", "password"),
    ],
)
def test_sign_up_validates_fields_before_touching_the_code(handle, display_name, password, field):
    code = signup_code()
    with pytest.raises(ValidationError) as info:
        services.sign_up(PHONE, code, handle, display_name, IP, password=password)
    assert field in info.value.message_dict
    assert PhoneVerification.objects.get().attempts == 0
    assert not User.objects.exists()


def test_sign_up_for_a_registered_number_says_sign_in(make_user):
    make_user("existing", phone=PHONE)
    code = signup_code()
    with pytest.raises(ValidationError) as info:
        services.sign_up(PHONE, code, "newname", "New", IP)
    assert error_codes(info.value) == {"phone_taken"}
    assert "Sign in" in info.value.messages[0]
    assert User.objects.count() == 1


def test_sign_up_for_a_registered_number_with_a_wrong_code_reveals_nothing(make_user):
    make_user("existing", phone=PHONE)
    code = signup_code()
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ValidationError) as info:
        services.sign_up(PHONE, wrong, "newname", "New", IP)
    assert error_codes(info.value) == {"wrong_code"}


def test_login_with_code(make_user, last_code):
    alice = make_user("alice", phone=PHONE)
    services.send_code(PHONE, LOGIN, IP)
    assert services.login_with_code(PHONE, last_code(PHONE), IP) == alice
    with pytest.raises(ValidationError):
        services.login_with_code(PHONE, last_code(PHONE), IP)


def test_login_with_code_for_unknown_number_says_sign_up(last_code):
    services.send_code(PHONE, LOGIN, IP)
    with pytest.raises(ValidationError) as info:
        services.login_with_code(PHONE, last_code(PHONE), IP)
    assert error_codes(info.value) == {"no_account"}


def test_login_with_code_refuses_disabled_accounts(make_user, last_code):
    make_user("gone", phone=PHONE, is_active=False)
    services.send_code(PHONE, LOGIN, IP)
    with pytest.raises(ValidationError) as info:
        services.login_with_code(PHONE, last_code(PHONE), IP)
    assert error_codes(info.value) == {"inactive"}


def test_login_with_password(make_user):
    alice = make_user("alice", phone=PHONE, password="lantern-river-42")
    assert services.login_with_password(PHONE, "lantern-river-42", IP) == alice
    for phone, password in ((PHONE, "wrong-password"), ("+8613800138001", "lantern-river-42")):
        with pytest.raises(ValidationError) as info:
            services.login_with_password(phone, password, IP)
        assert error_codes(info.value) == {"bad_credentials"}


def test_login_with_password_when_none_was_set(make_user):
    make_user("alice", phone=PHONE)
    with pytest.raises(ValidationError):
        services.login_with_password(PHONE, "", IP)


def test_login_with_password_is_rate_limited_per_ip(limits, make_user):
    limits(login_password_per_ip="3/600")
    make_user("alice", phone=PHONE, password="lantern-river-42")
    for _ in range(3):
        with pytest.raises(ValidationError):
            services.login_with_password(PHONE, "guess", IP)
    with pytest.raises(RateLimited) as info:
        services.login_with_password(PHONE, "lantern-river-42", IP)
    assert info.value.scope == "login_password_per_ip"


def test_purpose_for_existing_and_new_numbers(make_user):
    make_user("alice", phone=PHONE)
    assert services.purpose_for(PHONE) == LOGIN
    assert services.purpose_for("+8613800138001") == SIGNUP


def test_tokens_are_issued_and_revoked(user):
    key = services.issue_token(user, "phone")
    assert user.api_tokens.get().key_hash == hash_secret(key)
    assert services.revoke_token(user, key) is True
    assert not user.api_tokens.exists()
    assert services.revoke_token(user, key) is False


# --- Profile ------------------------------------------------------------------------


def test_update_profile_detects_bio_language(user):
    services.update_profile(user, bio="今天去了西湖，风景特别美。", display_name="爱丽丝")
    user.refresh_from_db()
    assert (user.bio_lang, user.display_name) == ("zh", "爱丽丝")
    services.update_profile(user, bio="Weekend hikes and slow coffee mornings.")
    user.refresh_from_db()
    assert user.bio_lang == "en"
    services.update_profile(user, bio="")
    user.refresh_from_db()
    assert (user.bio, user.bio_lang) == ("", "")


def test_update_profile_languages(user):
    services.update_profile(
        user, interface_language="zh-hans", read_languages=["zh", "EN", "zh"], auto_translate=True
    )
    user.refresh_from_db()
    assert (user.interface_language, user.read_languages, user.auto_translate) == (
        "zh-hans",
        ["zh", "en"],
        True,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"interface_language": "klingon"}, "interface_language"),
        ({"read_languages": ["xx"]}, "read_languages"),
        ({"read_languages": []}, "read_languages"),
        ({"read_languages": "en"}, "read_languages"),
        ({"bio": "b" * 501}, "bio"),
        ({"display_name": ""}, "display_name"),
        ({"handle": "bob"}, "handle"),
        ({"handle": "Not Valid"}, "handle"),
    ],
)
def test_update_profile_validation_writes_nothing(user, other_user, changes, field):
    before = User.objects.values().get(pk=user.pk)
    with pytest.raises(ValidationError) as info:
        services.update_profile(user, **{"display_name": "Changed", **changes})
    assert field in info.value.message_dict
    assert User.objects.values().get(pk=user.pk) == before


def test_change_handle_to_own_handle_in_other_case(user):
    services.update_profile(user, handle="ALICE")
    assert User.objects.get(pk=user.pk).handle == "alice"


def photo_upload(name="me.jpg", size=(640, 480), fmt="JPEG", exif=True) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (30, 140, 200))
    buffer = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam"  # Make
        data[0x0110] = "Model X"  # Model
        image.save(buffer, format=fmt, exif=data.tobytes())
    else:
        image.save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_avatar_is_reencoded_square_without_exif(user):
    upload = photo_upload()
    assert b"SpyCam" in upload.read()
    upload.seek(0)
    services.set_avatar(user, upload)
    user.refresh_from_db()
    assert user.avatar.name.startswith("avatars/") and user.avatar.name.endswith(".jpg")
    with user.avatar.open("rb") as f:
        data = f.read()
    assert b"SpyCam" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (256, 256) and image.format == "JPEG"
        assert not image.getexif()


def test_avatar_replacement_deletes_the_old_file(user, django_capture_on_commit_callbacks):
    services.set_avatar(user, photo_upload())
    old = user.avatar.name
    storage = user.avatar.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.set_avatar(user, photo_upload("b.png", fmt="PNG", exif=False))
    assert storage.exists(user.avatar.name) and not storage.exists(old)
    second = user.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(user, avatar=False)
    user.refresh_from_db()
    assert not user.avatar and not storage.exists(second)


@pytest.mark.parametrize(
    "content",
    [b"I am not an image, just text renamed to .jpg\n" * 10, b"", b"\xff\xd8\xff\xe0broken jpeg"],
)
def test_fake_avatar_is_refused(user, content):
    with pytest.raises(ValidationError) as info:
        services.update_profile(
            user, avatar=SimpleUploadedFile("me.jpg", content, "image/jpeg"), bio="new bio"
        )
    assert "avatar" in info.value.message_dict
    user.refresh_from_db()
    assert not user.avatar and user.bio == ""


def test_oversized_avatar_is_refused(user, settings):
    settings.QIAO_MAX_IMAGE_BYTES = 1000
    with pytest.raises(ValidationError) as info:
        services.set_avatar(user, photo_upload())
    assert error_codes(info.value) == {"too_large"}


def test_change_password_needs_the_current_one(make_user):
    alice = make_user("alice", password="lantern-river-42")
    with pytest.raises(ValidationError) as info:
        services.change_password(alice, "another-fine-pass-7", "wrong")
    assert "current_password" in info.value.message_dict
    services.change_password(alice, "another-fine-pass-7", "lantern-river-42")
    assert alice.check_password("another-fine-pass-7")


def test_set_first_password_and_validation(user):
    with pytest.raises(ValidationError) as info:
        services.change_password(user, "short")
    assert "new_password" in info.value.message_dict
    services.change_password(user, "lantern-river-42")
    assert User.objects.get(pk=user.pk).check_password("lantern-river-42")
