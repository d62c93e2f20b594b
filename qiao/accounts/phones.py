"""Phone numbers from any country, normalised to E.164 with ``phonenumbers``.

People type numbers every way there is: "+86 138 0013 8000", "+1 (202) 555-0143",
or "13800138000" with their country picked in a select. Everything is stored
and compared as E.164 ("+8613800138000"), so one person is one number.
"""

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from phonenumbers import PhoneNumberType
from phonenumbers.geodata.locale import LOCALE_DATA

# Longest thing we bother parsing; real numbers with spacing are far shorter.
MAX_INPUT_LENGTH = 40

# Number types that cannot receive a text message. Types phonenumbers cannot
# tell apart (FIXED_LINE_OR_MOBILE in North America, UNKNOWN) are let through.
NO_SMS_TYPES = {
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.PREMIUM_RATE: "premium",
    PhoneNumberType.TOLL_FREE: "tollfree",
    PhoneNumberType.SHARED_COST: "shared",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.VOICEMAIL: "voicemail",
}


@dataclass(frozen=True)
class Phone:
    """A valid number: ``e164`` is what gets stored."""

    e164: str
    region: str
    calling_code: int
    national: str


# Regions phonenumbers knows but has no names for.
_EXTRA_NAMES = {
    "AC": {"en": "Ascension Island", "zh": "阿森松岛"},
    "TA": {"en": "Tristan da Cunha", "zh": "特里斯坦-达库尼亚"},
    "XK": {"en": "Kosovo", "zh": "科索沃"},
}


def _lang(language: str | None) -> str:
    return "zh" if (language or get_language() or "").lower().startswith("zh") else "en"


def _locale_name(region: str, lang: str) -> str:
    names = LOCALE_DATA.get(region) or _EXTRA_NAMES.get(region, {})
    name = names.get(lang, "")
    if name.startswith("*"):  # "*aa": the name is kept under another language
        name = names.get(name[1:], "")
    return "" if name.startswith("*") else name


def region_name(region: str, language: str | None = None) -> str:
    """The country's name in the interface language (Chinese or English), else its code."""
    return _locale_name(region, _lang(language)) or _locale_name(region, "en") or region


def default_region(language: str | None = None) -> str:
    """The country preselected in the sign-in form: China for Chinese, else the US."""
    return "CN" if _lang(language) == "zh" else "US"


def _flag(region: str) -> str:
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in region)


@lru_cache(maxsize=8)
def _country_choices(lang: str, blocked: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    rows = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        if region in blocked:
            continue
        name = region_name(region, lang)
        code = phonenumbers.country_code_for_region(region)
        # The calling code first: a narrow select still shows it when the name is cut off.
        rows.append((_sort_key(name, lang), region, f"{_flag(region)} +{code} {name}"))
    rows.sort()
    return tuple((region, label) for _key, region, label in rows)


def _sort_key(name: str, lang: str) -> str:
    if lang == "zh":
        from pypinyin import lazy_pinyin

        return "".join(lazy_pinyin(name)).lower()
    return name.lower()


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(region code, "🇨🇳 +86 China") pairs for a country select, sorted by localised name."""
    return list(_country_choices(_lang(language), tuple(sorted(blocked_regions()))))


def blocked_regions() -> set[str]:
    return {r.strip().upper() for r in settings.QIAO_SMS_BLOCKED_REGIONS if r.strip()}


def parse_phone(raw: str, region: str | None = None) -> Phone:
    """Parse what a person typed into a number that can receive our SMS, or raise ValidationError.

    A number starting with "+" (or the region's international prefix) carries
    its own country; otherwise ``region`` (ISO 3166 code from the select) says
    which country it belongs to.
    """
    text = (raw or "").strip()
    region = (region or "").strip().upper() or None
    if not text:
        raise ValidationError(_("Enter your phone number."), code="required")
    if len(text) > MAX_INPUT_LENGTH or not any(ch.isdigit() for ch in text):
        raise ValidationError(_("That doesn't look like a phone number."), code="invalid")
    if region is not None and region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError(_("Choose your country from the list."), code="invalid_region")
    if region is None and not text.startswith(("+", "＋")):
        raise ValidationError(
            _("Choose your country, or start the number with + and its country code."),
            code="no_region",
        )
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            raise ValidationError(_("That country code doesn't exist."), code="invalid") from exc
        if exc.error_type in (
            phonenumbers.NumberParseException.TOO_SHORT_NSN,
            phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD,
        ):
            raise ValidationError(_("This phone number is too short."), code="too_short") from exc
        raise ValidationError(_("That doesn't look like a phone number."), code="invalid") from exc

    number_region = phonenumbers.region_code_for_number(number)
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason == phonenumbers.ValidationResult.TOO_SHORT:
            raise ValidationError(_("This phone number is too short."), code="too_short")
        if reason == phonenumbers.ValidationResult.TOO_LONG:
            raise ValidationError(_("This phone number is too long."), code="too_long")
        where = (
            number_region
            or region
            or phonenumbers.region_code_for_country_code(number.country_code)
        )
        if where and where != phonenumbers.UNKNOWN_REGION:
            raise ValidationError(
                _("This isn't a valid phone number in %(country)s.")
                % {"country": region_name(where)},
                code="invalid_for_region",
            )
        raise ValidationError(_("This isn't a valid phone number."), code="invalid")

    if number_region in (
        None,
        "",
        phonenumbers.UNKNOWN_REGION,
        phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY,
    ):
        # Non-geographic numbers (+800, +881 satellite…) are not mobile phones.
        raise ValidationError(
            _("We can't send text messages to this kind of number."), code="no_sms"
        )
    if number_region in blocked_regions():
        raise ValidationError(
            _("Sorry, we can't send text messages to numbers in %(country)s yet.")
            % {"country": region_name(number_region)},
            code="blocked_region",
        )
    kind = NO_SMS_TYPES.get(phonenumbers.number_type(number))
    if kind is not None:
        raise ValidationError(_no_sms_message(kind), code="no_sms")
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        region=number_region,
        calling_code=number.country_code,
        national=phonenumbers.national_significant_number(number),
    )


def _no_sms_message(kind: str) -> str:
    messages = {
        "landline": _(
            "This looks like a landline. Enter a mobile number that can receive text messages."
        ),
        "premium": _(
            "Premium-rate numbers can't receive our text messages. Enter your mobile number."
        ),
        "tollfree": _(
            "Toll-free numbers can't receive our text messages. Enter your mobile number."
        ),
    }
    return messages.get(
        kind, _("We can't send text messages to this kind of number. Enter your mobile number.")
    )


def normalize_phone(raw: str, region: str | None = None) -> str:
    """E.164 form of a number, validated as :func:`parse_phone` does."""
    return parse_phone(raw, region).e164


def country_prefix(e164: str) -> str:
    """Calling code plus the first 3 national digits ("+86138"): the unit for SMS-pumping limits.

    Pumping fraud cycles through a range of numbers from one operator; counting
    per range catches it even though every single number is new.
    """
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164[:7]
    national = phonenumbers.national_significant_number(number)
    return f"+{number.country_code}{national[:3]}"


def format_phone(e164: str) -> str:
    """A stored number written for people, e.g. "+86 138 0013 8000"."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
