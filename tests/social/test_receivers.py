import pytest

from qiao.notes.services import create_note, update_note
from qiao.notifications.models import Notification
from tests.conftest import image_bytes


@pytest.fixture
def photo():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return lambda: SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg")


@pytest.mark.django_db(transaction=True)
def test_mention_in_new_note_notifies_once_across_edits(make_user, photo):
    author = make_user("writer")
    friend = make_user("friend")
    note = create_note(author, title="Dinner", body="With @friend tonight", images=[photo()])
    mentions = Notification.objects.filter(recipient=friend, verb=Notification.Verb.MENTION, note=note)
    assert mentions.count() == 1
    update_note(note, author, body="With @friend and @writer tonight, again")
    assert mentions.count() == 1
    assert not Notification.objects.filter(recipient=author).exists()


@pytest.mark.django_db(transaction=True)
def test_private_note_mention_notifies_nobody(make_user, photo):
    author = make_user("writer")
    friend = make_user("friend")
    create_note(author, title="Diary", body="@friend", visibility="private", images=[photo()])
    assert not Notification.objects.filter(recipient=friend).exists()
