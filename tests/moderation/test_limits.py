"""Surge protection: limits by account age and standing, per user, IP and phone prefix."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from qiao.core.ratelimit import RateLimited
from qiao.moderation import limits
from qiao.moderation.limits import check_limits, limit_for, tier_for
from qiao.moderation.models import SiteSettings, Standing

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(settings):
    settings.QIAO_MODERATION_LIMITS = {
        "note": (2, 6, 30),
        "comment": (4, 10, 60),
        "follow": (5, 20, 100),
        "link": (1, 5, 20),
    }
    settings.QIAO_MODERATION_IP_FACTOR = 2
    settings.QIAO_MODERATION_PREFIX_FACTOR = 3
    settings.QIAO_MODERATION_SURGE_DIVISOR = 2


def aged(user, **delta):
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(**delta))
    user.refresh_from_db()
    return user


def test_limits_relax_with_account_age(tiers, make_user):
    assert (tier_for(make_user()), limit_for(make_user(), "note").count) == ("new", 2)
    young = aged(make_user(), days=2)
    assert (tier_for(young), limit_for(young, "note").count) == ("young", 6)
    old = aged(make_user(), days=30)
    assert (tier_for(old), limit_for(old, "note").count, limit_for(old, "note").seconds) == (
        "established",
        30,
        3600,
    )


def test_strikes_lower_the_tier(tiers, make_user):
    old = aged(make_user(), days=30)
    Standing.objects.create(user=old, strikes=1)
    assert tier_for(old) == "young"
    Standing.objects.filter(user=old).update(strikes=5)
    assert tier_for(old) == "new"


def test_surge_mode_tightens_every_limit(tiers, make_user):
    old = aged(make_user(), days=30)
    SiteSettings.objects.create(surge_mode=True)
    assert limit_for(old, "note").count == 15
    assert limit_for(make_user(), "link").count == 0


def test_per_user_limit_answers_with_retry_after(tiers, make_user):
    person = make_user()
    check_limits(person, "note")
    check_limits(person, "note")
    with pytest.raises(RateLimited) as info:
        check_limits(person, "note")
    assert 0 < info.value.retry_after <= 3601
    assert "Try again" in info.value.message


def test_per_ip_limit_caps_many_accounts_behind_one_address(tiers, make_user):
    token = limits.current_ip.set("203.0.113.7")
    try:
        check_limits(make_user(), "note")
        check_limits(make_user(), "note")
        check_limits(make_user(), "note")
        check_limits(make_user(), "note")  # 4 = 2 × the new-account limit of 2
        with pytest.raises(RateLimited):
            check_limits(make_user(), "note")
    finally:
        limits.current_ip.reset(token)


def test_per_prefix_limit_caps_a_wave_of_new_accounts_from_one_country(tiers, make_user):
    wave = [make_user(phone=f"+8613800138{n:03d}") for n in range(7)]
    for person in wave[:6]:  # 6 = 3 × 2
        check_limits(person, "note")
    with pytest.raises(RateLimited):
        check_limits(wave[6], "note")
    check_limits(make_user(phone="+12025550999"), "note")  # another prefix is unaffected
    old = aged(make_user(phone="+8613800138999"), days=30)
    check_limits(old, "note")  # established accounts are not counted per prefix


def test_links_count_by_number_and_moderators_are_exempt(tiers, make_user, moderator):
    assert limits.count_links("see https://a.example and www.b.example or shop.xyz") == 3
    person = make_user()
    with pytest.raises(RateLimited):
        check_limits(person, "link", cost=2)
    for _ in range(50):
        check_limits(moderator, "note")


def test_configured_defaults_hold_new_accounts_to_a_handful(make_user):
    fresh = make_user()
    assert [limit_for(fresh, action).count for action in ("note", "comment", "follow", "link")] == [
        5,
        20,
        30,
        2,
    ]
    old = aged(make_user(), days=30)
    assert [limit_for(old, action).count for action in ("note", "comment", "follow", "link")] == [
        30,
        120,
        200,
        50,
    ]


def test_an_hour_starts_at_first_use_so_the_top_of_the_hour_gives_nothing_extra(tiers, make_user):
    person = make_user()
    with freeze_time("2025-01-01 10:59:50") as clock:
        check_limits(person, "note")
        check_limits(person, "note")
        clock.move_to("2025-01-01 11:00:10")  # a new clock hour, but not a new hour for them
        with pytest.raises(RateLimited) as info:
            check_limits(person, "note")
        assert 3560 <= info.value.retry_after <= 3581
        clock.move_to("2025-01-01 11:59:52")
        check_limits(person, "note")  # their hour is over


def test_counters_survive_a_crowd_in_the_database_cache(tiers):
    """Django's database cache drops a third of its rows past MAX_ENTRIES (300 by default)."""
    from qiao.accounts.models import User

    crowd = [User(pk=900_000 + n, handle=f"c{n}", phone="", date_joined=timezone.now())
             for n in range(400)]  # fmt: skip
    for person in crowd:
        check_limits(person, "note")
    check_limits(crowd[0], "note")
    with pytest.raises(RateLimited):
        check_limits(crowd[0], "note")
