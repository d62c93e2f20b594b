"""The demo content itself: valid for the site's own rules, varied, and our own writing."""

import re
from collections import Counter
from pathlib import Path

import pytest

from qiao.accounts.phones import normalize_phone
from qiao.core.languages import detect_language
from qiao.core.text import extract_hashtags, extract_mentions
from qiao.demo.content import BOARDS, FOLLOWS, NOTES, USERS
from qiao.notes.models import MAX_BODY, MAX_LOCATION, MAX_TITLE

HANDLES = {person.handle for person in USERS}
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def all_comments(comments):
    for comment in comments:
        yield comment
        yield from all_comments(comment.replies)


def test_people_have_unique_handles_and_valid_fictional_phone_numbers():
    assert 25 <= len(USERS) <= 40
    assert len(HANDLES) == len(USERS)
    assert len({person.phone for person in USERS}) == len(USERS)
    for person in USERS:
        # The site's own validation accepts them, so demo people can sign in with a code.
        assert normalize_phone(person.phone) == person.phone
        assert re.fullmatch(r"\+120255501\d\d|\+86138001380\d\d", person.phone), person.phone
        assert person.ui in {"en", "zh-hans"}
        assert set(person.reads) <= {"zh", "en"} and person.reads


def test_notes_are_many_varied_and_fit_the_note_limits():
    assert len(NOTES) >= 110
    assert len({(n.author, n.title) for n in NOTES}) == len(NOTES), "notes are keyed by (author, title)"
    for n in NOTES:
        assert n.author in HANDLES
        assert 0 < len(n.title) <= MAX_TITLE and len(n.body) <= MAX_BODY and len(n.location) <= MAX_LOCATION
        assert 1 <= len(n.images) <= 9
        assert all(img.ratio in {"3:4", "1:1", "4:3"} for img in n.images)
        assert 0 < n.days_ago <= 31
    languages = Counter(detect_language(f"{n.title}\n{n.body}") for n in NOTES)
    assert languages["zh"] >= 40 and languages["en"] >= 40, languages
    assert sum(n.followers_only for n in NOTES) >= 3
    assert sum(bool(n.location) for n in NOTES) >= 50
    assert len({img.ratio for n in NOTES for img in n.images}) == 3
    tags = Counter(tag for n in NOTES for tag in extract_hashtags(n.body))
    for topic in ("火锅", "成都", "languageexchange", "萌宠", "穿搭", "学中文", "bbq", "nationalparks"):
        assert tags[topic] >= 1, topic


def test_mentions_and_comments_point_at_demo_people_and_cross_languages():
    crossings = 0
    for n in NOTES:
        note_lang = detect_language(f"{n.title}\n{n.body}")
        assert set(extract_mentions(n.body)) <= HANDLES
        for comment in all_comments(n.comments):
            assert comment.author in HANDLES
            assert set(extract_mentions(comment.body)) <= HANDLES
            lang = detect_language(comment.body)
            crossings += bool(lang and note_lang and lang != note_lang)
    assert sum(len(list(all_comments(n.comments))) for n in NOTES) >= 150
    assert crossings >= 40, "English speakers comment on Chinese notes and vice versa"
    assert any(comment.replies for n in NOTES for comment in n.comments)


def test_follows_and_boards_name_demo_people():
    for follower, followees in FOLLOWS.items():
        assert follower in HANDLES and set(followees) <= HANDLES - {follower}
    for owner, boards in BOARDS.items():
        assert owner in HANDLES
        assert len({name for name, _private, _tags in boards}) == len(boards)


def _sentences(text: str) -> set[str]:
    parts = re.split(r"[\n.!?。！？…]+", text)
    return {" ".join(part.split()).lower() for part in parts if len(part.strip()) >= 15}


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data (third-party data) is not beside the project")
def test_no_sentence_is_copied_from_the_third_party_data():
    ours: set[str] = set()
    for n in NOTES:
        ours |= _sentences(f"{n.title}\n{n.body}")
        for comment in all_comments(n.comments):
            ours |= _sentences(comment.body)
    for person in USERS:
        ours |= _sentences(person.bio)
    theirs: set[str] = set()
    for path in SHARED_DATA.rglob("*"):
        if path.is_file() and path.stat().st_size < 20_000_000 and path.suffix not in {".gz", ".zip", ".parquet"}:
            theirs |= _sentences(path.read_text(encoding="utf-8", errors="ignore"))
    assert theirs, "found no text in ../shared/data"
    assert not ours & theirs
