"""Fixtures of the social tests. The browser fixtures (`browser`, `open_page`) are in tests/conftest.py."""

import pytest


@pytest.fixture
def ban(make_user):
    """ban(person): ban ``person`` the way moderators do (qiao.moderation: a report, then the decision)."""
    from qiao.accounts.models import User
    from qiao.moderation import services as moderation

    def ban_(person) -> None:
        reporter = make_user(f"reporter{person.pk}")
        moderator = make_user(f"moderator{person.pk}", role=User.Role.MODERATOR)
        report = moderation.file_report(reporter, "user", person.pk, "spam")
        moderation.act(moderator, report.case, "ban", "Spam account")
        person.refresh_from_db()
        assert not person.is_active

    return ban_
