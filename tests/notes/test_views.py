import pytest
from django.urls import reverse

from qiao.notes.models import Note, NoteImage
from qiao.social.models import Follow

from .conftest import media_files, photo_bytes, upload

CREATE = reverse("notes:create")


def detail(note) -> str:
    return reverse("notes:detail", args=[note.pk])


def post_data(**overrides):
    data = {
        "title": "Sunset",
        "body": "",
        "location": "",
        "visibility": "public",
        "lang": "",
        "images": [upload()],
    }
    data.update(overrides)
    return data


# --- create -----------------------------------------------------------------------------


def test_create_requires_sign_in(db, client):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(CREATE, post_data()).status_code == 302
    assert Note.objects.count() == 0


def test_create_form(user, client_for):
    response = client_for(user).get(CREATE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html and "multiple" in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<option value="" selected>Detect automatically</option>' in html


def test_create_publishes_and_redirects(user, client_for):
    client = client_for(user)
    response = client.post(
        CREATE,
        post_data(
            title="海边日落 #旅行",
            body="傍晚的海边真美，#旅行 途中最喜欢的时刻",
            images=[upload(), upload(photo_bytes("PNG"), name="b.png")],
            alt_texts=["Sun over the sea", ""],
        ),
    )
    note = Note.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(note)
    assert note.author == user and note.lang == "zh"
    assert [i.alt_text for i in note.images.all()] == ["Sun over the sea", ""]
    assert list(note.hashtags.values_list("name", flat=True)) == ["旅行"]


def test_create_with_language_override(user, client_for):
    client_for(user).post(CREATE, post_data(title="Hello there my friends", lang="zh"))
    assert (Note.objects.get().lang, Note.objects.get().lang_set_by_author) == ("zh", True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"images": []}, "Add at least one photo."),
        ({"images": [upload() for _ in range(10)]}, "at most 9 photos"),
        ({"images": [upload(b"plain text", name="cat.jpg")]}, "not a photo we can use"),
        ({"title": "x" * 101}, "at most 100 characters"),
        ({"title": ""}, "required"),
        ({"body": "y" * 5001}, "at most 5000 characters"),
        ({"visibility": "world"}, "Select a valid choice"),
        ({"lang": "xx"}, "Select a valid choice"),
    ],
)
def test_create_errors_rerender_with_text_kept(user, client_for, overrides, message):
    before = (Note.objects.count(), NoteImage.objects.count(), media_files())
    response = client_for(user).post(
        CREATE, post_data(**{"body": "My words stay", "location": "Qingdao", **overrides})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if "body" not in overrides:
        assert "My words stay" in html
    assert 'value="Qingdao"' in html
    assert (Note.objects.count(), NoteImage.objects.count(), media_files()) == before


# --- detail -----------------------------------------------------------------------------


def test_detail_page(user, other_user, make_note, client_for):
    note = make_note(
        user,
        title="Tea <b>time</b>",
        body="<script>alert(1)</script>\nwith @bob and #茶#",
        location="杭州",
        images=[upload(), upload()],
        alt_texts=["A cup"],
    )
    response = client_for(other_user).get(detail(note))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>with" in html
    assert "Tea &lt;b&gt;time&lt;/b&gt;" in html
    hashtag_url = reverse("feeds:hashtag", args=["茶"])
    assert f'<a class="hashtag" href="{hashtag_url}">#茶#</a>' in html
    assert f'href="{reverse("feeds:profile", args=["bob"])}">@bob</a>' in html
    assert 'class="carousel"' in html and html.count('<figure id="photo-') == 2
    assert 'alt="A cup"' in html
    assert 'class="carousel-dots"' in html
    assert "杭州" in html
    assert (
        f'action="{reverse("social:follow", args=[user.handle])}"' in html
    )  # follow button for the author
    assert 'class="note-actions"' in html
    assert reverse("notes:edit", args=[note.pk]) not in html  # not the author


def test_detail_links_each_hashtag_once(user, make_note, client):
    note = make_note(user, title="Weekend #Hangzhou", body="Tea fields #travel and #茶#")
    html = client.get(detail(note)).content.decode()
    for name in ("travel", "茶", "hangzhou"):
        assert html.count(f'href="{reverse("feeds:hashtag", args=[name])}"') == 1, name
    # Tags in the text are linked where they stand; the row holds only the title's own tag.
    row = html[html.index('class="note-tags"') :]
    row = row[: row.index("</p>")]
    assert "#hangzhou" in row and "#travel" not in row
    body_only = make_note(user, title="Plain", body="Back again #travel")
    assert 'class="note-tags"' not in client.get(detail(body_only)).content.decode()


def test_detail_query_count_does_not_grow_with_comment_likes(
    user, make_user, make_note, client_for, django_assert_max_num_queries
):
    from qiao.social import services as social

    note = make_note(user, body="Hello there, this is my note #travel")
    # A reader of the comments' language: no Translate control, so only the likes are measured.
    reader = make_user("reader", read_languages=["en"])
    viewer = client_for(reader)

    def comment_with_likes(n: int) -> None:
        top = social.add_comment(make_user(), note, f"What a lovely place to visit, number {n}")
        reply = social.add_comment(user, note, f"Thank you so much for coming {n}", parent=top)
        for liked in (top, reply):
            social.like_comment(reader, liked)
            social.like_comment(user, liked)

    comment_with_likes(0)
    viewer.get(detail(note))  # warm: first-request work is not what is measured
    with django_assert_max_num_queries(30) as few:
        viewer.get(detail(note))
    for n in range(1, 8):
        comment_with_likes(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = viewer.get(detail(note)).content.decode()
    assert html.count('data-social="comment-like"') == 16
    assert html.count('class="is-active" aria-pressed="true"') == 16


def test_detail_shows_owner_actions_and_edited(user, make_note, client_for):
    from qiao.notes import services

    note = make_note(user, body="Some English text for the language badge please")
    services.update_note(note, user, title="Changed")
    html = client_for(user).get(detail(note)).content.decode()
    assert reverse("notes:edit", args=[note.pk]) in html
    assert reverse("notes:delete", args=[note.pk]) in html
    assert "edited" in html
    assert "English" in html


def test_detail_respects_visibility(user, other_user, make_note, client, client_for):
    public = make_note(user)
    followers = make_note(user, visibility="followers")
    private = make_note(user, visibility="private")
    hidden = make_note(user)
    Note.objects.filter(pk=hidden.pk).update(is_hidden=True)
    stranger = client_for(other_user)

    assert client.get(detail(public)).status_code == 200
    for note in (followers, private, hidden):
        assert client.get(detail(note)).status_code == 404
        assert stranger.get(detail(note)).status_code == 404
    assert client.get(reverse("notes:detail", args=[99999])).status_code == 404

    Follow.objects.create(follower=other_user, followee=user)
    assert stranger.get(detail(followers)).status_code == 200
    assert stranger.get(detail(private)).status_code == 404
    assert client_for(user).get(detail(private)).status_code == 200


# --- edit -------------------------------------------------------------------------------


def test_edit_is_for_the_author_only(user, other_user, make_user, make_note, client, client_for):
    note = make_note(user)
    url = reverse("notes:edit", args=[note.pk])
    assert client.get(url).status_code == 302
    assert client_for(other_user).get(url).status_code == 404
    assert (
        client_for(other_user).post(url, {"title": "Hacked", "visibility": "public"}).status_code
        == 404
    )
    assert client_for(make_user("mod", role="moderator")).get(url).status_code == 404
    note.refresh_from_db()
    assert note.title == "A day out"


def test_edit_form_and_save(user, make_note, client_for, django_capture_on_commit_callbacks):
    note = make_note(user, title="Before", lang="en", images=[upload(), upload()])
    first, second = note.images.all()
    client = client_for(user)
    url = reverse("notes:edit", args=[note.pk])
    html = client.get(url).content.decode()
    assert 'value="Before"' in html
    assert '<option value="en" selected>' in html
    assert f'name="keep" value="{first.pk}" checked' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "After",
                "body": "",
                "location": "",
                "visibility": "private",
                "lang": "en",
                "keep": [str(second.pk)],  # first one removed
                f"alt_{second.pk}": "Second photo",
                "images": [upload()],
                "alt_texts": ["Brand new"],
            },
        )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.title, note.visibility, note.lang_set_by_author) == ("After", "private", True)
    images = list(note.images.all())
    assert images[0].pk == second.pk
    assert [i.alt_text for i in images] == ["Second photo", "Brand new"]
    assert len(media_files()) == 4


def test_edit_removing_every_photo_is_refused(user, make_note, client_for):
    note = make_note(user)
    response = client_for(user).post(
        reverse("notes:edit", args=[note.pk]),
        {"title": "Kept text", "visibility": "public", "lang": ""},
    )
    assert response.status_code == 400
    assert "Add at least one photo." in response.content.decode()
    assert 'value="Kept text"' in response.content.decode()
    assert note.images.count() == 1


# --- delete -----------------------------------------------------------------------------


def test_delete_flow(user, make_note, client_for, django_capture_on_commit_callbacks):
    note = make_note(user)
    client = client_for(user)
    url = reverse("notes:delete", args=[note.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Delete note" in confirm.content.decode()
    assert Note.objects.filter(pk=note.pk).exists()
    assert len(media_files()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("feeds:profile", args=[user.handle])
    assert not Note.objects.filter(pk=note.pk).exists()
    assert media_files() == []


def test_delete_authorization(user, other_user, make_user, make_note, client, client_for):
    note = make_note(user)
    url = reverse("notes:delete", args=[note.pk])
    assert client.post(url).status_code == 302  # to sign in
    assert client_for(other_user).post(url).status_code == 404
    assert client_for(other_user).get(url).status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()
    private = make_note(user, visibility="private")
    moderator = client_for(make_user("mod", role="moderator"))
    assert moderator.get(reverse("notes:delete", args=[private.pk])).status_code == 200
    response = moderator.post(reverse("notes:delete", args=[private.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("feeds:explore")
    assert not Note.objects.filter(pk=private.pk).exists()


def test_create_is_rate_limited(user, client_for, settings):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "note_create": "1/3600"}
    client = client_for(user)
    assert client.post(CREATE, post_data()).status_code == 302
    response = client.post(CREATE, post_data(title="Again"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Note.objects.count() == 1


def test_empty_post_is_a_400_with_errors(user, client_for):
    response = client_for(user).post(CREATE, {})
    assert response.status_code == 400
    assert Note.objects.count() == 0


# --- held for review (qiao.moderation) ---------------------------------------------------

HELD = "Your note is waiting for a moderator"
STANDING = reverse("moderation:standing")


def test_a_held_note_sends_its_author_to_their_account_status(user, client_for, hold_rule):
    from .conftest import HOLD_WORD

    client = client_for(user)
    response = client.post(CREATE, post_data(title=f"Sunset {HOLD_WORD}"))
    note = Note.objects.get()
    assert note.is_hidden
    assert response.status_code == 302 and response["Location"] == STANDING
    page = client.get(STANDING).content.decode()
    assert page.count(HELD) == 1  # told once, by the middleware
    assert "Your note is published." not in page
    assert "Waiting for review" in page
    assert client.get(detail(note)).status_code == 404  # where it must not send them


def test_a_published_note_still_goes_to_its_page(user, client_for, hold_rule):
    client = client_for(user)
    response = client.post(CREATE, post_data(title="Sunset"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == detail(Note.objects.get())
    assert "Your note is published." in html and HELD not in html


def edit_data(note, **overrides) -> dict:
    data = {
        "title": note.title,
        "body": note.body,
        "location": "",
        "visibility": "public",
        "lang": "",
        "keep": [str(image.pk) for image in note.images.all()],
    }
    data.update(overrides)
    return data


def test_an_edit_that_is_held_is_not_announced_as_updated(user, make_note, client_for, hold_rule):
    from .conftest import HOLD_WORD

    note = make_note(user, title="Sunset")
    client = client_for(user)
    url = reverse("notes:edit", args=[note.pk])
    response = client.post(url, edit_data(note, body=f"Now with {HOLD_WORD}"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == STANDING
    assert html.count(HELD) == 1 and "Your note is updated." not in html
    assert Note.objects.get(pk=note.pk).is_hidden


def test_editing_a_note_that_is_already_hidden_says_it_stays_hidden(
    user, make_note, client_for, hold_rule
):
    from qiao.moderation.services import hide

    note = make_note(user, title="Sunset")
    hide(note, "note")
    client = client_for(user)
    url = reverse("notes:edit", args=[note.pk])
    form = client.get(url).content.decode()
    assert f'href="{STANDING}"' in form  # Cancel: not to the page that answers 404
    response = client.post(url, edit_data(note, title="Sunset, fixed"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == STANDING
    assert "Others cannot see it while it is hidden by moderation." in html
    assert HELD not in html and "Your note is updated." not in html
    assert Note.objects.get(pk=note.pk).title == "Sunset, fixed"
