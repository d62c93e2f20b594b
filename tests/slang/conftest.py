"""Fixtures for the slang tests: a fresh live detector per test, moderators, proposal data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_detector():
    """Community entries live in the test's database: never reuse another test's detector."""
    from qiao.slang import detection

    detection.reset()
    yield
    detection.reset()


@pytest.fixture
def moderator(make_user):
    from qiao.accounts.models import User

    return make_user("mod", role=User.Role.MODERATOR, read_languages=["en", "zh"])


@pytest.fixture
def new_term_data() -> dict:
    """An invented term written for these tests (not real slang, so it collides with nothing)."""
    return {
        "term": "qzsb",
        "lang": "zh",
        "aliases": ["起早随便"],
        "pinyin": "",
        "expansion": "起早随便",
        "literal": "get up early, whatever",
        "meaning_en": "An invented test term: 'I'll get up whenever', said about weekend plans.",
        "meaning_zh": "测试用的虚构词：周末几点起都行。",
        "translation_en": "whenever I wake up",
        "translation_zh": "几点起都行",
        "register": "playful",
        "example": "周六去爬山？qzsb，你定时间。",
        "example_translation": "Hiking on Saturday? Whenever I wake up, you pick the time.",
        "tags": ["abbreviation", "pinyin-initials"],
        "notes": "",
        "ambiguous": False,
    }
