import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import post_save

from qiao.notes import services
from qiao.notes.models import MAX_BODY, MAX_TITLE, Hashtag, Note, NoteImage
from qiao.notes.signals import note_deleted, note_saved

from .conftest import media_files, photo_bytes, upload

ZH = "今天天气很好，我们去公园散步，看到了很多漂亮的花"
EN = "A lovely walk in the park with friends, the flowers were beautiful today"


def state():
    """Everything a failed call must leave untouched."""
    return Note.objects.count(), NoteImage.objects.count(), Hashtag.objects.count(), media_files()


def tag_counts() -> dict[str, int]:
    return dict(Hashtag.objects.values_list("name", "note_count"))


# --- create -----------------------------------------------------------------------------


def test_create_note_stores_everything(user):
    note = services.create_note(
        user,
        title="  Weekend in 上海 #旅行  ",
        body="Went to #外滩# and ate #小笼包.\r\nSo good! #旅行",
        location=" Shanghai ",
        visibility="followers",
        images=[
            upload(photo_bytes("JPEG", (800, 600))),
            upload(photo_bytes("PNG", (300, 300)), name="b.png"),
        ],
        alt_texts=["The Bund at night"],
    )
    note.refresh_from_db()
    assert note.title == "Weekend in 上海 #旅行"
    assert note.body == "Went to #外滩# and ate #小笼包.\nSo good! #旅行"
    assert note.location == "Shanghai"
    assert note.visibility == "followers"
    assert note.rank == pytest.approx(note.compute_rank())
    assert sorted(note.hashtags.values_list("name", flat=True)) == ["外滩", "小笼包", "旅行"]
    assert tag_counts() == {"外滩": 1, "小笼包": 1, "旅行": 1}
    user.refresh_from_db()
    assert user.note_count == 1

    images = list(note.images.all())
    assert [(i.position, i.width, i.height, i.alt_text) for i in images] == [
        (0, 800, 600, "The Bund at night"),
        (1, 300, 300, ""),
    ]
    for image in images:
        assert image.image.name.startswith(f"notes/{note.pk}/")
        assert image.thumbnail.name.startswith(f"notes/{note.pk}/")
    assert len(media_files()) == 4


def test_hashtag_counts_are_shared_between_notes(user, make_note):
    make_note(user, body="#cats #dogs")
    make_note(user, body="#Cats")
    assert tag_counts() == {"cats": 2, "dogs": 1}


@pytest.mark.parametrize(("text", "lang"), [(ZH, "zh"), (EN, "en")])
def test_language_is_detected(user, make_note, text, lang):
    note = make_note(user, title="…", body=text)
    assert (note.lang, note.lang_set_by_author) == (lang, False)


def test_author_language_wins(user, make_note):
    note = make_note(user, title="…", body=ZH, lang="en")
    assert (note.lang, note.lang_set_by_author) == ("en", True)


def test_signal_sent_after_commit(user, make_note, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, note, created, changed, **kwargs):
        received.append((note.pk, created, "title" in changed))

    note_saved.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            note = make_note(user)
            assert received == []  # nothing before the commit
        assert callbacks and received == [(note.pk, True, True)]
    finally:
        note_saved.disconnect(receiver)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"images": []}, "images"),
        ({"images": [upload() for _ in range(10)]}, "images"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * (MAX_TITLE + 1)}, "title"),
        ({"body": "x" * (MAX_BODY + 1)}, "body"),
        ({"location": "x" * 101}, "location"),
        ({"visibility": "everyone"}, "visibility"),
        ({"lang": "klingon"}, "lang"),
        ({"alt_texts": ["a", "b"]}, "alt_texts"),
        ({"alt_texts": ["x" * 301]}, "alt_texts"),
        ({"images": [upload(), upload(b"not an image", name="x.jpg")]}, "images"),
    ],
)
def test_bad_input_writes_nothing(user, fields, field):
    before = state()
    kwargs = {"title": "Fine", "images": [upload()], **fields}
    with pytest.raises(ValidationError) as error:
        services.create_note(user, **kwargs)
    assert field in error.value.message_dict
    assert state() == before
    user.refresh_from_db()
    assert user.note_count == 0


def test_body_limit_counts_line_breaks_once(user, make_note):
    # Browsers send \r\n; the limit is on what is stored.
    note = make_note(user, body="ab\r\n" * (MAX_BODY // 3))
    assert len(note.body) <= MAX_BODY


def test_nine_images_are_fine(user, make_note):
    note = make_note(user, images=[upload() for _ in range(9)])
    assert note.images.count() == 9


def test_failed_transaction_removes_written_files(user):
    """A failure after photos were written leaves neither rows nor files behind."""
    calls = []

    def fail_on_second_image(sender, instance, **kwargs):
        calls.append(instance)
        if len(calls) == 2:
            raise RuntimeError("disk full")

    before = state()
    post_save.connect(fail_on_second_image, sender=NoteImage)
    try:
        with pytest.raises(RuntimeError):
            services.create_note(user, title="x", images=[upload(), upload(), upload()])
    finally:
        post_save.disconnect(fail_on_second_image, sender=NoteImage)
    assert len(calls) == 2
    assert state() == before


def test_create_is_rate_limited(user, make_note, settings):
    from qiao.core.ratelimit import RateLimited

    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "note_create": "2/3600"}
    make_note(user)
    make_note(user)
    with pytest.raises(RateLimited):
        make_note(user)


# --- update -----------------------------------------------------------------------------


def test_update_changes_fields_and_hashtags(user, make_note):
    note = make_note(user, title="Old", body="#keep #drop")
    other = make_note(user, body="#drop")
    assert tag_counts() == {"keep": 1, "drop": 2}
    updated = services.update_note(
        note, user, title="New", body="#keep #fresh", visibility="private"
    )
    assert (updated.title, updated.visibility) == ("New", "private")
    assert updated.edited_at is not None
    assert sorted(updated.hashtags.values_list("name", flat=True)) == ["fresh", "keep"]
    assert tag_counts() == {"keep": 1, "drop": 1, "fresh": 1}
    assert other.hashtags.count() == 1


def test_update_without_changes_is_not_an_edit(user, make_note):
    note = make_note(user, title="Same")
    updated = services.update_note(note, user, title="Same")
    assert updated.edited_at is None


def test_update_redetects_language_unless_author_set(user, make_note):
    note = make_note(user, title="…", body=EN)
    assert services.update_note(note, user, body=ZH).lang == "zh"

    fixed = make_note(user, title="…", body=EN, lang="en")
    fixed = services.update_note(fixed, user, body=ZH, title="新标题")
    assert (fixed.lang, fixed.lang_set_by_author) == ("en", True)  # the author's choice is kept
    fixed = services.update_note(fixed, user, lang="")
    assert (fixed.lang, fixed.lang_set_by_author) == ("zh", False)  # back to detection
    fixed = services.update_note(fixed, user, lang="en")
    assert (fixed.lang, fixed.lang_set_by_author) == ("en", True)


def test_update_reorders_removes_and_adds_images(
    user, make_note, django_capture_on_commit_callbacks
):
    note = make_note(user, images=[upload(), upload(), upload()], alt_texts=["a", "b", "c"])
    first, second, third = note.images.all()
    removed_files = {first.image.name, first.thumbnail.name}
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.update_note(
            note, user, images=[third.pk, upload(), second.pk], alt_texts=[None, "new", "B"]
        )
    images = list(updated.images.all())
    assert [i.pk for i in images][::2] == [third.pk, second.pk]
    assert [i.alt_text for i in images] == ["c", "new", "B"]
    assert [i.position for i in images] == [0, 1, 2]
    assert not NoteImage.objects.filter(pk=first.pk).exists()
    stored = {str(p.relative_to(p.parents[2])) for p in media_files()}
    assert not removed_files & stored
    assert len(media_files()) == 6
    assert updated.edited_at is not None


@pytest.mark.parametrize(
    "images",
    [
        [],  # no photo left
        ["other"],  # another note's photo
        ["dup"],  # the same photo twice
        ["ten"],  # too many
    ],
)
def test_update_rejects_bad_image_lists(user, make_note, images):
    note = make_note(user)
    other = make_note(user)
    own = note.images.get()
    wanted = {
        "other": [other.images.get().pk],
        "dup": [own.pk, own.pk],
        "ten": [own.pk] + [upload() for _ in range(9)],
    }.get(images[0] if images else None, [])
    before = state()
    with pytest.raises(ValidationError) as error:
        services.update_note(note, user, images=wanted, title="Changed")
    assert "images" in error.value.message_dict
    assert state() == before
    note.refresh_from_db()
    assert note.title == "A day out"


def test_update_rejects_bad_fields_and_changes_nothing(user, make_note):
    note = make_note(user, title="Title")
    with pytest.raises(ValidationError) as error:
        services.update_note(note, user, title="", body="x" * (MAX_BODY + 1), visibility="nope")
    assert set(error.value.message_dict) == {"title", "body", "visibility"}
    note.refresh_from_db()
    assert note.title == "Title"


def test_only_the_author_may_edit(user, other_user, make_user, make_note):
    note = make_note(user)
    moderator = make_user("mod", role="moderator")
    for editor in (other_user, moderator):
        with pytest.raises(PermissionDenied):
            services.update_note(note, editor, title="Hacked")
    note.refresh_from_db()
    assert note.title == "A day out"


def test_update_rejects_unknown_fields(user, make_note):
    with pytest.raises(TypeError):
        services.update_note(make_note(user), user, like_count=100)


# --- delete -----------------------------------------------------------------------------


def test_delete_removes_note_derived_rows_counters_and_files(
    user, other_user, make_note, django_capture_on_commit_callbacks
):
    from qiao.notifications.models import Notification
    from qiao.social import services as social
    from qiao.social.models import Board, Collect, Comment, Like

    keep = make_note(user, body="#shared")
    note = make_note(user, body="#shared #only", images=[upload(), upload()])
    social.like(other_user, note)
    social.collect(other_user, note)
    social.add_comment(other_user, note, "Nice!")
    user.refresh_from_db()
    assert (user.note_count, user.like_received_count) == (2, 2)
    assert Notification.objects.filter(note=note).exists()
    kept_files = {keep.images.get().image.name}
    deleted = []
    note_deleted.connect(lambda sender, note_id, **kw: deleted.append(note_id), weak=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_note(note, user)

    assert not Note.objects.filter(pk=note.pk).exists()
    assert not NoteImage.objects.filter(note_id=note.pk).exists()
    for model in (Like, Collect, Comment, Notification):
        assert not model.objects.filter(note_id=note.pk).exists()
    assert tag_counts() == {"shared": 1, "only": 0}
    user.refresh_from_db()
    assert (user.note_count, user.like_received_count) == (1, 0)
    assert Board.objects.get(owner=other_user).item_count == 0
    names = {str(p.relative_to(p.parents[2])) for p in media_files()}
    assert (
        len(media_files()) == 2 and kept_files <= names
    )  # only the other note's photo + thumbnail
    assert deleted == [note.pk]


def test_moderator_may_delete_others_may_not(user, other_user, make_user, make_note):
    note = make_note(user)
    with pytest.raises(PermissionDenied):
        services.delete_note(note, other_user)
    assert Note.objects.filter(pk=note.pk).exists()
    services.delete_note(note, make_user("mod", role="moderator"))
    assert not Note.objects.filter(pk=note.pk).exists()


def test_delete_of_a_deleted_note_is_404(user, make_note):
    from django.http import Http404

    note = make_note(user)
    services.delete_note(note, user)
    with pytest.raises(Http404):
        services.delete_note(note, user)


# --- lookups ----------------------------------------------------------------------------


def test_visibility_lookups(user, other_user, make_user, make_note):
    from django.http import Http404

    from qiao.social.models import Follow

    public = make_note(user)
    followers = make_note(user, visibility="followers")
    private = make_note(user, visibility="private")
    moderator = make_user("mod", role="moderator")

    def sees(viewer, note) -> bool:
        try:
            services.get_visible_note(viewer, note.pk)
            return True
        except Http404:
            return False

    assert [sees(other_user, n) for n in (public, followers, private)] == [True, False, False]
    assert [sees(user, n) for n in (public, followers, private)] == [True, True, True]
    Follow.objects.create(follower=other_user, followee=user)
    assert [sees(other_user, n) for n in (public, followers, private)] == [True, True, False]
    # Moderators may act on notes they cannot read in feeds.
    assert services.get_note_for_action(moderator, private.pk) == private
    with pytest.raises(Http404):
        services.get_note_for_action(other_user, private.pk)


# --- hiding (moderation) and the counters of shown notes ---------------------------------


def counters(user) -> tuple[int, int]:
    user.refresh_from_db(fields=["note_count", "like_received_count"])
    return user.note_count, user.like_received_count


def counted_from_rows(user) -> tuple[int, int]:
    """What the counters must say, from the rows: shown notes, their likes and collectors."""
    from qiao.social.models import Collect, Like

    shown = Note.objects.filter(author=user, is_hidden=False)
    likes = Like.objects.filter(note__in=shown).count()
    collectors = Collect.objects.filter(note__in=shown).values("note", "user").distinct().count()
    return shown.count(), likes + collectors


@pytest.fixture
def liked_notes(user, other_user, make_user, make_note):
    """Two tagged notes of ``user``: ``hidden`` (liked by two, collected by one) and ``kept``."""
    from qiao.social import services as social

    kept = make_note(user, body="#walks")
    hidden = make_note(user, body="#walks #night")
    third = make_user("cat")
    social.like(other_user, kept)
    for person in (other_user, third):
        social.like(person, hidden)
    social.collect(other_user, hidden)
    social.collect(other_user, hidden, social.create_board(other_user, "Second board"))
    assert counters(user) == counted_from_rows(user) == (2, 4)
    assert tag_counts() == {"walks": 2, "night": 1}
    return kept, hidden


def test_hiding_a_note_leaves_the_counters_and_restoring_brings_it_back(user, liked_notes):
    from qiao.moderation.services import hide, restore

    _kept, hidden = liked_notes
    hide(hidden, "note")
    hide(Note.objects.get(pk=hidden.pk), "note")  # twice: counted once
    assert counters(user) == counted_from_rows(user) == (1, 1)
    assert tag_counts() == {"walks": 1, "night": 0}
    restore(hidden, "note")
    restore(Note.objects.get(pk=hidden.pk), "note")
    assert counters(user) == counted_from_rows(user) == (2, 4)
    assert tag_counts() == {"walks": 2, "night": 1}


def test_set_note_hidden_says_whether_it_changed(user, make_note):
    note = make_note(user)
    assert services.set_note_hidden(note, True) is True
    assert services.set_note_hidden(note, True) is False
    assert services.set_note_hidden(note, False) is True
    assert Note.objects.get(pk=note.pk).is_hidden is False


def test_deleting_a_hidden_note_subtracts_nothing_twice(user, liked_notes):
    from qiao.moderation.services import hide

    _kept, hidden = liked_notes
    hide(hidden, "note")
    services.delete_note(Note.objects.get(pk=hidden.pk), user)  # the author's own delete
    assert counters(user) == counted_from_rows(user) == (1, 1)
    assert tag_counts() == {"walks": 1, "night": 0}


def test_taking_back_a_like_or_collect_of_a_hidden_note_leaves_the_author_count(
    user, other_user, liked_notes
):
    from qiao.moderation.services import hide, restore
    from qiao.social import services as social

    _kept, hidden = liked_notes
    hide(hidden, "note")
    assert social.unlike(other_user, hidden) is True  # one's own like can always be taken back
    assert social.uncollect(other_user, hidden) == 2
    assert counters(user) == counted_from_rows(user) == (1, 1)
    restore(hidden, "note")
    assert counters(user) == counted_from_rows(user) == (2, 2)  # cat's like comes back


def test_retagging_a_hidden_note_counts_nothing_until_it_is_restored(user, liked_notes):
    from qiao.moderation.services import hide, restore

    _kept, hidden = liked_notes
    hide(hidden, "note")
    services.update_note(Note.objects.get(pk=hidden.pk), user, body="#walks #dawn")
    assert tag_counts() == {"walks": 1, "night": 0, "dawn": 0}
    restore(hidden, "note")
    assert tag_counts() == {"walks": 2, "night": 0, "dawn": 1}


def test_a_held_note_is_not_counted_until_approved(user, make_user, hold_rule):
    from qiao.moderation.models import ModerationCase
    from qiao.moderation.services import act

    from .conftest import HOLD_WORD

    held = services.create_note(user, title=f"Sunset {HOLD_WORD} #sea", images=[upload()])
    assert Note.objects.get(pk=held.pk).is_hidden
    assert counters(user) == (0, 0) and tag_counts() == {"sea": 0}
    case = ModerationCase.objects.get(object_id=held.pk, status="open")
    act(make_user("mod", role="moderator"), case, "dismiss")  # approve
    assert counters(user) == (1, 0) and tag_counts() == {"sea": 1}


def test_a_ban_takes_the_notes_out_of_the_counters_and_lifting_it_puts_them_back(
    user, make_user, liked_notes
):
    from qiao.moderation.services import act, file_report

    mod = make_user("mod", role="moderator")
    case = file_report(make_user("dan"), "user", user.pk, "spam").case
    act(mod, case, "ban", "Spam account")
    assert counters(user) == counted_from_rows(user) == (0, 0)
    assert tag_counts() == {"walks": 0, "night": 0}
    act(mod, case, "restore", "Appeal accepted")
    assert counters(user) == counted_from_rows(user) == (2, 4)
    assert tag_counts() == {"walks": 2, "night": 1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_hiding_while_others_post_and_like_keeps_the_counters_exact(make_user):
    """A moderator hides and restores a note while its author posts and others like, in
    parallel on their own connections: the counters always end equal to the rows."""
    import threading

    from django.db import connection
    from django.http import Http404

    from qiao.moderation.services import hide, restore
    from qiao.social import services as social

    assert connection.vendor == "postgresql"
    author = make_user("author")
    target = services.create_note(author, title="Pinned #busy", images=[upload()])
    fans = [make_user(f"fan{n}") for n in range(3)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(fans) + 2)

    def run(work) -> None:
        try:
            start.wait()
            work()
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    def post() -> None:
        for n in range(4):
            note = services.create_note(author, title=f"Post {n} #busy", images=[upload()])
            services.update_note(note, author, body="#busy #edited")

    def like(fan) -> None:
        for note in Note.objects.filter(author=author).order_by("pk")[:3]:
            try:
                social.like(fan, note)
                social.collect(fan, note)
            except Http404:  # hidden meanwhile
                pass
        try:
            social.unlike(fan, Note.objects.get(pk=target.pk))  # one's own: even while hidden
        except Http404:  # never liked, and hidden now
            pass

    def moderate() -> None:
        for _ in range(4):
            hide(Note.objects.get(pk=target.pk), "note")
            restore(Note.objects.get(pk=target.pk), "note")
        hide(Note.objects.get(pk=target.pk), "note")

    threads = [threading.Thread(target=run, args=(post,))]
    threads += [threading.Thread(target=run, args=(lambda f=fan: like(f),)) for fan in fans]
    threads.append(threading.Thread(target=run, args=(moderate,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert counters(author) == counted_from_rows(author)
    assert counters(author)[0] == 4
    busy = Note.objects.filter(hashtags__name="busy", is_hidden=False).count()
    edited = Note.objects.filter(hashtags__name="edited", is_hidden=False).count()
    assert tag_counts()["busy"] == busy == 4 and tag_counts()["edited"] == edited == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_recount_waits_for_a_note_being_published_meanwhile(make_user):
    """The author publishes a note (not committed yet) while a moderator hides another one:
    the recount must wait for it and count it, not overwrite its +1 with an older count."""
    import threading

    from django.db import connection, transaction

    assert connection.vendor == "postgresql"
    author = make_user("author")
    target = services.create_note(author, title="Old #tag", images=[upload()])
    published, errors = threading.Event(), []

    def publish() -> None:
        try:
            with transaction.atomic():
                services.create_note(author, title="New #tag", images=[upload()])
                published.set()
                threading.Event().wait(1.0)  # commit only after the moderator has started
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    def moderate() -> None:
        try:
            published.wait(10)
            services.set_note_hidden(Note.objects.get(pk=target.pk), True)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish), threading.Thread(target=moderate)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert counters(author) == counted_from_rows(author) == (1, 0)
    assert tag_counts() == {"tag": 1}
