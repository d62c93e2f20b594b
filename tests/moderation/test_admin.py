"""Django admin for admins: moderation models are registered; the audit log is read-only."""

import pytest
from django.urls import reverse

from qiao.moderation import services
from qiao.moderation.models import ModerationAction, SiteSettings

pytestmark = pytest.mark.django_db


def test_admin_pages(client_for, admin_user, make_note, other_user, user, moderator):
    case = services.file_report(user, "note", make_note(other_user).pk, "spam").case
    entry = services.act(moderator, case, "warn", "Spam")
    client = client_for(admin_user)
    for name in (
        "moderationaction",
        "moderationcase",
        "report",
        "rule",
        "standing",
        "sitesettings",
    ):
        assert client.get(reverse(f"admin:moderation_{name}_changelist")).status_code == 200, name
    page = client.get(reverse("admin:moderation_moderationaction_change", args=[entry.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert (
        client.post(
            reverse("admin:moderation_moderationaction_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ModerationAction.objects.filter(pk=entry.pk).exists()


def test_surge_mode_from_the_admin_is_audited(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(reverse("admin:moderation_sitesettings_add"), {"surge_mode": "on"})
    assert response.status_code == 302
    assert SiteSettings.load().surge_mode
    assert ModerationAction.objects.get().action == "surge_on"
