"""/api/v1 translation endpoints: results, pending, unavailable, visibility and quotas."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from qiao.accounts.models import ApiToken
from qiao.notes.models import Note
from qiao.social import services as social

from .fixtures import post_note_fixture  # noqa: F401
from .libre import libre_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.QIAO_TRANSLATE_INLINE = True
    settings.QIAO_TRANSLATION_PRETRANSLATE = False
    cache.clear()


def api(user=None) -> Client:
    if user is None:
        return Client()
    _token, key = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client: Client, path: str, payload=None):
    body = "" if payload is None else json.dumps(payload)
    return client.post(f"/api/v1{path}", body, content_type="application/json")


def test_translate_a_note(libre, user, other_user, post_note):
    libre.add("zh", "en", {"海边日落": "Sunset by the sea", "风很大": "It was very windy", "沙滩": "The beach"})
    note = post_note(other_user, title="海边日落", body="风很大 🌊\n#旅行", alt_texts=["沙滩"], lang="zh")
    response = post(api(user), f"/notes/{note.pk}/translate", {"target": "en"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "done"
    assert (data["title"], data["body"]) == ("Sunset by the sea", "It was very windy 🌊\n#旅行")
    assert data["images"] == [{"id": note.images.get().pk, "alt_text": "The beach"}]
    assert (data["source_lang"], data["target"], data["engine"]) == ("zh", "en", "libretranslate")
    assert data["machine_translation"] is True


def test_the_target_defaults_to_the_readers_first_language(libre, user, other_user, post_note):
    libre.add("zh", "en", {"海边日落": "Sunset by the sea"})
    note = post_note(other_user, title="海边日落", lang="zh")
    assert post(api(user), f"/notes/{note.pk}/translate").json()["title"] == "Sunset by the sea"


def test_comment_bio_and_board(libre, user, other_user, post_note):
    libre.add("zh", "en", {"好看": "Pretty", "爱吃火锅": "Loves hotpot", "周末去哪儿": "Weekend plans", "标题": "Title"})
    note = post_note(other_user, title="标题", lang="zh")
    comment = social.add_comment(other_user, note, "好看")
    other_user.bio = "爱吃火锅"
    other_user.save()
    board = social.create_board(other_user, "周末去哪儿")
    client = api(user)
    assert post(client, f"/comments/{comment.pk}/translate", {"target": "en"}).json()["body"] == "Pretty"
    assert post(client, f"/users/{other_user.handle}/translate-bio", {"target": "en"}).json()["bio"] == "Loves hotpot"
    assert post(client, f"/boards/{board.pk}/translate", {"target": "en"}).json()["name"] == "Weekend plans"


def test_queued_translations_answer_202_pending(libre, settings, user, other_user, post_note):
    settings.QIAO_TRANSLATE_INLINE = False
    note = post_note(other_user, title="海边日落", lang="zh")
    response = post(api(user), f"/notes/{note.pk}/translate", {"target": "en"})
    assert response.status_code == 202
    assert response.json()["status"] == "pending"


def test_an_engine_that_is_down_is_unavailable_never_a_500(libre, user, other_user, post_note):
    note = post_note(other_user, title="海边日落", lang="zh")
    libre.status = 500
    response = post(api(user), f"/notes/{note.pk}/translate", {"target": "en"})
    assert response.status_code == 200
    assert response.json()["status"] == "unavailable" and response.json()["detail"]


def test_a_translation_refused_by_the_checks_is_unavailable(libre, user, other_user, post_note):
    note = post_note(other_user, title="完全不认识的标题", lang="zh")  # the server echoes it
    data = post(api(user), f"/notes/{note.pk}/translate", {"target": "en"}).json()
    assert data["status"] == "unavailable"
    assert data["title"] == "完全不认识的标题"


def test_notes_the_caller_cannot_see_are_404(libre, user, other_user, post_note):
    note = post_note(other_user, title="只给粉丝", visibility=Note.Visibility.FOLLOWERS, lang="zh")
    for client in (api(user), api()):
        response = post(client, f"/notes/{note.pk}/translate", {"target": "en"})
        assert response.status_code == 404 and response.json()["detail"]
    assert post(api(user), "/notes/999999/translate", {"target": "en"}).status_code == 404
    assert post(api(user), "/users/nobody_here/translate-bio", {"target": "en"}).status_code == 404
    assert libre.asked == []


@pytest.mark.parametrize("payload", [{"target": "fr"}, {"target": "en", "extra": 1}, {"target": 5}])
def test_bad_input_is_a_400_with_a_message(libre, user, other_user, post_note, payload):
    note = post_note(other_user, title="海边日落", lang="zh")
    response = post(api(user), f"/notes/{note.pk}/translate", payload)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_per_user_quota_answers_429_with_retry_after(libre, settings, user, other_user, post_note):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "translation_user": "2/3600"}
    libre.add("zh", "en", {"第一": "First", "第二": "Second", "第三": "Third"})
    notes = [post_note(other_user, title=title, lang="zh") for title in ("第一", "第二", "第三")]
    client = api(user)
    for note in notes[:2]:
        assert post(client, f"/notes/{note.pk}/translate", {"target": "en"}).status_code == 200
    # Stored translations cost nothing.
    assert post(client, f"/notes/{notes[0].pk}/translate", {"target": "en"}).status_code == 200
    response = post(client, f"/notes/{notes[2].pk}/translate", {"target": "en"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0 and response.json()["detail"]
    assert post(api(other_user), f"/notes/{notes[2].pk}/translate", {"target": "en"}).status_code == 200


def test_global_quota_answers_429(libre, settings, user, other_user, post_note):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "translation_global": "1/3600"}
    libre.add("zh", "en", {"第一": "First", "第二": "Second"})
    first, second = (post_note(other_user, title=title, lang="zh") for title in ("第一", "第二"))
    assert post(api(user), f"/notes/{first.pk}/translate", {"target": "en"}).status_code == 200
    assert post(api(other_user), f"/notes/{second.pk}/translate", {"target": "en"}).status_code == 429


def test_asking_again_while_pending_is_free(libre, settings, user, other_user, post_note):
    settings.QIAO_TRANSLATE_INLINE = False
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "translation_user": "1/3600"}
    first, second = (post_note(other_user, title=title, lang="zh") for title in ("第一", "第二"))
    client = api(user)
    for _ in range(3):
        assert post(client, f"/notes/{first.pk}/translate", {"target": "en"}).status_code == 202
    assert post(client, f"/notes/{second.pk}/translate", {"target": "en"}).status_code == 429
