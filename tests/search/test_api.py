"""GET /api/v1/search: JSON results for every type, clear 400s, and never a note the caller may not see."""

from qiao.accounts.models import ApiToken
from qiao.notes.models import Note
from qiao.social import services as social

URL = "/api/v1/search"


def test_notes_with_snippets_and_sources(client, user, post):
    note = post(user, "Hotpot night", "The best hotpot in Chengdu <i>really</i>")
    response = client.get(URL, {"q": "hotpot"})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == {
        "text": "hotpot",
        "lang": "en",
        "translations": {},
        "expansions": {"zh": "火锅"},
        "translation_pending": False,
    }
    (item,) = data["items"]
    assert item["type"] == "note" and item["note"]["id"] == note.pk
    assert item["sources"] == ["keyword"]
    assert "<mark>hotpot</mark>" in item["snippet_html"] and "&lt;i&gt;" in item["snippet_html"]
    assert item["note"]["liked_by_me"] is False
    assert data["next_cursor"] is None


def test_users_hashtags_and_terms(client, make_user, user, post):
    make_user("zw_travels", display_name="张伟")
    post(user, "Dinner", "#重庆火锅")
    users = client.get(URL, {"q": "zhangwei", "type": "users"}).json()["items"]
    assert users[0]["type"] == "user" and users[0]["user"]["handle"] == "zw_travels"
    tags = client.get(URL, {"q": "huoguo", "type": "hashtags"}).json()["items"]
    assert tags[0]["hashtag"]["name"] == "重庆火锅" and tags[0]["hashtag"]["url"].endswith("/")
    assert client.get(URL, {"q": "yyds", "type": "terms"}).status_code == 200


def test_bad_input_is_a_400_with_a_detail(client):
    for params in (
        {},
        {"q": " "},
        {"q": "x", "lang": "xx"},
        {"q": "x", "since": "later"},
        {"q": "x", "cursor": "!!"},
    ):
        response = client.get(URL, params)
        assert response.status_code == 400, params
        assert response.json()["detail"]
    response = client.get(URL, {"q": "x", "sort": "random"})
    assert response.status_code == 400 and response.json()["detail"]


def test_a_bad_token_is_401_not_anonymous(client, db):
    response = client.get(URL, {"q": "x"}, HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401


def test_visibility_through_the_api_including_semantic_hits(
    client, client_for, make_user, user, post, embed_all
):
    bob = make_user("bob_api")
    carol = make_user("carol_api")
    social.follow(carol, bob)
    private = post(bob, "我的英语日记", "今天背了五十个英语单词", visibility="private")
    followers = post(bob, "英语学习计划", "每天练习口语和听力，坚持背单词", visibility="followers")
    public = post(bob, "学习英语的好方法", "每天背单词，看美剧")
    embed_all()

    def ids(c):
        items = c.get(URL, {"q": "learn english vocabulary every day"}).json()["items"]
        return {item["note"]["id"]: item["sources"] for item in items}

    assert set(ids(client)) == {public.pk}
    assert set(ids(client_for(user))) == {public.pk}
    assert set(ids(client_for(carol))) == {public.pk, followers.pk}
    owner = ids(client_for(bob))
    assert set(owner) == {public.pk, followers.pk, private.pk}
    assert all(
        sources == ["semantic"] for sources in owner.values()
    )  # no English words in these notes
    Note.objects.filter(pk=public.pk).update(is_hidden=True)
    assert set(ids(client)) == set()


def test_pages_through_the_cursor(client, user, post):
    for i in range(3):
        post(user, f"Dumplings {i}", "dumplings")
    first = client.get(URL, {"q": "dumplings", "limit": 2}).json()
    second = client.get(URL, {"q": "dumplings", "limit": 2, "cursor": first["next_cursor"]}).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next_cursor"] is None
    assert not {i["note"]["id"] for i in first["items"]} & {
        i["note"]["id"] for i in second["items"]
    }


def test_token_callers_see_their_own_private_notes(client, user, post):
    from qiao.accounts.models import hash_secret

    secret = post(user, "Private hotpot", "hotpot", visibility="private")
    ApiToken.objects.create(user=user, name="t", key_hash=hash_secret("k-123"))
    items = client.get(URL, {"q": "hotpot"}, HTTP_AUTHORIZATION="Bearer k-123").json()["items"]
    assert [item["note"]["id"] for item in items] == [secret.pk]
    assert client.get(URL, {"q": "hotpot"}).json()["items"] == []
