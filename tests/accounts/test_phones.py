import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qiao.accounts import phones


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("+86 138 0013 8000", None, "+8613800138000"),
        ("+1 (202) 555-0143", None, "+12025550143"),
        ("13800138000", "CN", "+8613800138000"),
        ("138-0013-8000", "cn", "+8613800138000"),
        ("(202) 555-0143", "US", "+12025550143"),
        ("＋86 13800138000", None, "+8613800138000"),  # full-width plus from a Chinese keyboard
        ("+86 13800138000", "US", "+8613800138000"),  # an explicit + wins over the select
        ("07400 123456", "GB", "+447400123456"),
        ("+49 151 12345678", None, "+4915112345678"),
    ],
)
def test_valid_numbers_become_e164(raw, region, e164):
    assert phones.normalize_phone(raw, region) == e164


def test_parse_reports_region_and_national_number():
    phone = phones.parse_phone("+86 138 0013 8000")
    assert (phone.region, phone.calling_code, phone.national) == ("CN", 86, "13800138000")


@pytest.mark.parametrize(
    ("raw", "region", "code"),
    [
        ("", "US", "required"),
        ("hello", "US", "invalid"),
        ("+-+", None, "invalid"),
        ("1" * 60, "US", "invalid"),
        ("123", "US", "too_short"),
        ("+86 123", None, "too_short"),
        ("+1 202 555 01431234", None, "too_long"),
        ("+86 12345678901", None, "invalid_for_region"),
        ("12345678", "CN", "invalid_for_region"),
        ("+999 1234567", None, "invalid"),
        ("2025550143", None, "no_region"),
        ("2025550143", "XX", "invalid_region"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(raw, region, code):
    with pytest.raises(ValidationError) as info:
        phones.parse_phone(raw, region)
    assert info.value.code == code
    assert info.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("+44 20 7946 0958", "landline"),
        ("+86 10 1234 5678", "landline"),
        ("+1 800 555 0100", "Toll-free"),
        ("+1 900 555 0199", "Premium-rate"),
        ("+800 1234 5678", "kind of number"),  # international freephone, no country
    ],
)
def test_numbers_that_cannot_receive_sms_are_refused(raw, words):
    with pytest.raises(ValidationError) as info:
        phones.parse_phone(raw)
    assert info.value.code == "no_sms"
    assert words in info.value.messages[0]


def test_blocked_regions_are_refused_by_name(settings):
    settings.QIAO_SMS_BLOCKED_REGIONS = ["kp", "GB"]
    with pytest.raises(ValidationError) as info:
        phones.parse_phone("+44 7400 123456")
    assert info.value.code == "blocked_region"
    assert "United Kingdom" in info.value.messages[0]
    assert phones.normalize_phone("+86 138 0013 8000") == "+8613800138000"


def test_country_names_in_messages_follow_the_interface_language():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        phones.parse_phone("+86 12345678901")
    assert "中国" in info.value.messages[0]


def test_country_prefix_groups_a_number_range():
    assert phones.country_prefix("+8613800138000") == "+86138"
    assert phones.country_prefix("+8613800999999") == "+86138"
    assert phones.country_prefix("+12025550143") == "+1202"
    assert phones.country_prefix("+8613900138000") != phones.country_prefix("+8613800138000")


def test_country_choices_are_localised_with_calling_codes(settings):
    english = dict(phones.country_choices("en"))
    chinese = dict(phones.country_choices("zh-hans"))
    assert english["CN"].endswith("+86 China") and english["US"].endswith("+1 United States")
    assert chinese["CN"].endswith("+86 中国") and chinese["US"].endswith("+1 美国")
    assert len(english) > 200
    names = [label.split(" ", 2)[2] for label in english.values()]
    assert names.index("Afghanistan") < names.index("Zambia")
    assert all(not label.split(" ", 2)[2].startswith("*") for label in chinese.values())

    settings.QIAO_SMS_BLOCKED_REGIONS = ["KP"]
    assert "KP" not in dict(phones.country_choices("en"))


def test_default_region_follows_interface_language():
    assert phones.default_region("zh-hans") == "CN"
    assert phones.default_region("en") == "US"
    with translation.override("zh-hans"):
        assert phones.default_region() == "CN"


def test_format_phone_for_people():
    assert phones.format_phone("+8613800138000") == "+86 138 0013 8000"
