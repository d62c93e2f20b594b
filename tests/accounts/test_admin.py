import pytest
from django.urls import reverse

from qiao.accounts import services
from qiao.accounts.models import ApiToken, PhoneVerification, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for, make_user):
    return client_for(make_user("boss", is_staff=True, is_superuser=True))


def test_user_admin_lists_and_edits_people(admin_client, user):
    changelist = admin_client.get(reverse("admin:accounts_user_changelist") + "?q=alice")
    assert changelist.status_code == 200 and "+12025550001" in changelist.content.decode()
    change = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert change.status_code == 200 and 'name="role"' in change.content.decode()


def test_user_admin_normalises_the_phone_and_creates_without_password(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "phone": "+86 138 0013 8000",
            "handle": "@NewOne",
            "display_name": "New",
            "bio": "",
            "bio_lang": "",
            "interface_language": "",
            "read_languages": "[]",
            "role": "user",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(handle="newone")
    assert created.phone == "+8613800138000" and not created.has_usable_password()


def test_code_admin_is_read_only_and_hides_hashes(admin_client):
    services.send_code("+8613800138000", "login", "203.0.113.7")
    row = PhoneVerification.objects.get()
    changelist = admin_client.get(reverse("admin:accounts_phoneverification_changelist"))
    assert changelist.status_code == 200 and "+8613800138000" in changelist.content.decode()
    detail = admin_client.get(reverse("admin:accounts_phoneverification_change", args=[row.pk]))
    assert detail.status_code == 200 and row.code_hash not in detail.content.decode()
    assert admin_client.get(reverse("admin:accounts_phoneverification_add")).status_code == 403


def test_token_admin_hides_hashes(admin_client, user):
    token, _key = ApiToken.issue(user, "laptop")
    changelist = admin_client.get(reverse("admin:accounts_apitoken_changelist"))
    assert changelist.status_code == 200 and "laptop" in changelist.content.decode()
    detail = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert token.key_hash not in detail.content.decode()
