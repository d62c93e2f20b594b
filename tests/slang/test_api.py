"""The slang API: note slang (visibility), detect (rate limit), terms, proposals, learning aids."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def post_json(client, url: str, data: dict):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_note_slang_with_offsets_and_explanations(client, make_user, make_note):
    note = make_note(make_user("chef"), "这家火锅yyds", body="排队两小时，破防了")
    data = client.get(f"/api/v1/notes/{note.pk}/slang?reader_lang=zh").json()
    assert data["matches"] == [
        {"start": 4, "end": 8, "text": "yyds", "term_id": "zh-yyds", "field": "title"},
        {"start": 6, "end": 8, "text": "破防", "term_id": "zh-pofang", "field": "body"},
    ]
    assert data["terms"][0]["meaning"].startswith("“永远的神”")


def test_note_slang_hides_notes_the_caller_may_not_see(client, client_for, make_user, make_note):
    author = make_user("chef")
    note = make_note(author, "私藏 yyds", visibility="private")
    assert client.get(f"/api/v1/notes/{note.pk}/slang").status_code == 404
    assert client_for(author).get(f"/api/v1/notes/{note.pk}/slang").status_code == 200
    assert client.get("/api/v1/notes/999999/slang").status_code == 404


def test_detect_any_text_and_its_limits(client, settings):
    data = post_json(
        client, "/api/v1/slang/detect", {"text": "no cap, 这家yyds", "reader_lang": "en"}
    ).json()
    assert [m["term_id"] for m in data["matches"]] == ["en-no-cap", "zh-yyds"]
    assert post_json(client, "/api/v1/slang/detect", {"text": "x" * 10_001}).status_code == 400
    assert post_json(client, "/api/v1/slang/detect", {"txt": "yyds"}).status_code == 400
    settings.QIAO_RATE_LIMITS = settings.QIAO_RATE_LIMITS | {"slang_detect": "1/3600"}
    response = post_json(client, "/api/v1/slang/detect", {"text": "yyds"})
    assert response.status_code == 429 and response["Retry-After"]


def test_terms_list_search_and_one_term(client):
    page = client.get("/api/v1/slang/terms?q=pofang").json()
    assert page["items"][0]["id"] == "zh-pofang"
    first = client.get("/api/v1/slang/terms?lang=en&limit=5").json()
    second = client.get(f"/api/v1/slang/terms?lang=en&limit=5&cursor={first['next_cursor']}").json()
    assert {t["id"] for t in first["items"]}.isdisjoint({t["id"] for t in second["items"]})
    assert (
        client.get("/api/v1/slang/terms?register=offensive").json()["items"][0]["register"]
        == "offensive"
    )
    assert client.get("/api/v1/slang/terms?cursor=%%%").status_code == 400
    term = client.get("/api/v1/slang/terms/zh-yyds?reader_lang=en").json()
    assert term["translation_en"] == "the GOAT" and term["url"] == "/glossary/zh-yyds/"
    assert client.get("/api/v1/slang/terms/zh-none").status_code == 404


def test_proposal_workflow_over_the_api(
    client, client_for, user, other_user, moderator, new_term_data
):
    body = new_term_data | {"rationale": "I hear it every weekend."}
    assert post_json(client, "/api/v1/slang/proposals", body).status_code == 401
    created = post_json(client_for(user), "/api/v1/slang/proposals", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (
        post_json(client_for(user), f"/api/v1/slang/proposals/{pk}/vote", {"value": 1}).status_code
        == 400
    )
    voted = post_json(
        client_for(other_user), f"/api/v1/slang/proposals/{pk}/vote", {"value": 1}
    ).json()
    assert voted["score"] == 1 and voted["my_vote"] == 1
    assert (
        post_json(client_for(other_user), f"/api/v1/slang/proposals/{pk}/approve", {}).status_code
        == 403
    )
    approved = post_json(
        client_for(moderator), f"/api/v1/slang/proposals/{pk}/approve", {"note": "ok"}
    ).json()
    assert approved["id"] == "zh-qzsb"
    detected = post_json(client, "/api/v1/slang/detect", {"text": "周六qzsb"}).json()
    assert [m["term_id"] for m in detected["matches"]] == ["zh-qzsb"]
    listed = client.get("/api/v1/slang/proposals?status=approved").json()
    assert [p["id"] for p in listed["items"]] == [pk]


def test_invalid_proposal_is_a_400_with_field_errors(client_for, user, new_term_data):
    response = post_json(
        client_for(user), "/api/v1/slang/proposals", new_term_data | {"example": "no term here"}
    )
    assert response.status_code == 400
    assert "example" in response.json()["errors"]


def test_annotate_and_lookup(client):
    data = post_json(
        client, "/api/v1/learn/annotate", {"text": "我去银行", "script": "traditional"}
    ).json()
    assert data["text"] == "我去銀行"
    bank = next(w for w in data["words"] if w["text"] == "銀行")
    assert bank["pinyin"] == ["yín", "háng"] and bank["glosses"][0]["definitions"][0] == "bank"
    lookup = client.get("/api/v1/learn/lookup?word=银行").json()
    assert lookup["pinyin"] == ["yín", "háng"] and lookup["entries"][0]["simplified"] == "银行"
    assert client.get("/api/v1/learn/lookup?word=" + "字" * 17).status_code == 400


def test_preferences_over_the_api(client, client_for, user):
    assert client.get("/api/v1/learn/preferences").status_code == 401
    api = client_for(user)
    saved = api.put(
        "/api/v1/learn/preferences",
        json.dumps({"show_pinyin": True, "script": "simplified"}),
        content_type="application/json",
    )
    assert saved.json() == {"mark_slang": True, "show_pinyin": True, "script": "simplified"}
    assert api.get("/api/v1/learn/preferences").json()["show_pinyin"] is True
