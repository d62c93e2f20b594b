from django.urls import reverse

from qiao.notes.models import Hashtag, Note


def test_admin_pages_and_delete_through_services(
    user, make_user, make_note, client_for, django_capture_on_commit_callbacks
):
    admin = make_user("root", is_staff=True, is_superuser=True)
    note = make_note(user, body="#admin")
    client = client_for(admin)
    assert client.get(reverse("admin:notes_note_changelist")).status_code == 200
    change = client.get(reverse("admin:notes_note_change", args=[note.pk]))
    assert change.status_code == 200
    assert note.images.get().thumbnail.url in change.content.decode()  # the photo inline
    assert client.get(reverse("admin:notes_hashtag_changelist")).status_code == 200
    assert client.get(reverse("admin:notes_note_add")).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:notes_note_delete", args=[note.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Note.objects.exists()
    assert Hashtag.objects.get(name="admin").note_count == 0
    user.refresh_from_db()
    assert user.note_count == 0


def test_admin_hide_action(user, make_user, make_note, client_for):
    admin = make_user("root", is_staff=True, is_superuser=True)
    note = make_note(user)
    response = client_for(admin).post(
        reverse("admin:notes_note_changelist"),
        {"action": "hide_notes", "_selected_action": [note.pk]},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_hidden
