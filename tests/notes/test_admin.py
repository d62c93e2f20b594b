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


def test_admin_hide_and_show_actions_go_through_moderation(
    user, make_user, make_note, client_for, django_capture_on_commit_callbacks
):
    """Counters of shown notes, the content_hidden/restored signals and the audit log follow."""
    from qiao.moderation.models import ModerationAction
    from qiao.moderation.signals import content_hidden, content_restored

    admin = make_user("root", is_staff=True, is_superuser=True)
    note = make_note(user, body="#admin")
    heard = []

    def listen(sender, obj, kind, signal, **kwargs) -> None:
        heard.append((signal, obj.pk))

    content_hidden.connect(listen)
    content_restored.connect(listen)
    client = client_for(admin)
    changelist = reverse("admin:notes_note_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "hide_notes", "_selected_action": [note.pk]})
    assert response.status_code == 302
    note.refresh_from_db()
    user.refresh_from_db()
    assert note.is_hidden and user.note_count == 0
    assert Hashtag.objects.get(name="admin").note_count == 0
    with django_capture_on_commit_callbacks(execute=True):  # hiding again changes nothing
        client.post(changelist, {"action": "hide_notes", "_selected_action": [note.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "unhide_notes", "_selected_action": [note.pk]})
    note.refresh_from_db()
    user.refresh_from_db()
    assert not note.is_hidden and user.note_count == 1
    assert Hashtag.objects.get(name="admin").note_count == 1
    content_hidden.disconnect(listen)
    content_restored.disconnect(listen)
    assert heard == [(content_hidden, note.pk), (content_restored, note.pk)]
    log = ModerationAction.objects.filter(object_id=note.pk).order_by("id")
    assert [(e.action, e.actor_id, e.target_user_id) for e in log] == [
        ("hide", admin.pk, user.pk),
        ("restore", admin.pk, user.pk),
    ]


def test_the_hidden_flag_is_not_edited_in_the_change_form(user, make_user, make_note, client_for):
    admin = make_user("root", is_staff=True, is_superuser=True)
    note = make_note(user)
    html = client_for(admin).get(reverse("admin:notes_note_change", args=[note.pk])).content
    assert b'name="is_hidden"' not in html
