"""The admin lists of the social models and notifications render (moderators hide comments there)."""

import pytest
from django.urls import reverse

from qiao.social import services


@pytest.mark.parametrize(
    "model",
    [
        "social_like",
        "social_board",
        "social_collect",
        "social_comment",
        "social_follow",
        "social_commentlike",
        "notifications_notification",
    ],
)
def test_admin_lists_render(client_for, make_user, make_note, model):
    admin = make_user("admin", is_staff=True, is_superuser=True)
    author, reader = make_user("author"), make_user("reader")
    note = make_note(author)
    services.like(reader, note)
    services.collect(reader, note)
    comment = services.add_comment(reader, note, "hello")
    services.like_comment(author, comment)
    services.follow(reader, author)
    response = client_for(admin).get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert "result_list" in response.content.decode()
