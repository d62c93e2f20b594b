"""Fixtures for the moderation tests: roles, and the translation tests' real model servers."""

from __future__ import annotations

import pytest

# The engines engineer's fixtures: llama-cpp-python's OpenAI-compatible server with the small
# real model, and a tiny local HTTP server answering from a table of routes.
from tests.translation.conftest import llama_server, local_server, small_model  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Rate-limit counters, the rules version and site settings live in the cache: start clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderator(make_user):
    from qiao.accounts.models import User

    return make_user(
        "mod", role=User.Role.MODERATOR, read_languages=["en"], interface_language="en"
    )


@pytest.fixture
def admin_user(make_user):
    from qiao.accounts.models import User

    return make_user(
        "boss", role=User.Role.ADMIN, is_staff=True, is_superuser=True, read_languages=["en"]
    )


@pytest.fixture
def no_starter_rules(db):
    """Start without the starter rules, so a test sees only the rules it makes."""
    from qiao.moderation.models import Rule

    Rule.objects.all().delete()


@pytest.fixture(autouse=True)
def _real_new_account_limits(settings):
    """Undo tests/conftest.py's relaxed limits: here the configured ones are under test."""
    import qiao.settings as configured

    settings.QIAO_MODERATION_LIMITS = configured.QIAO_MODERATION_LIMITS
