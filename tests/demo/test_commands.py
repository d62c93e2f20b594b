"""The ``qiao demo`` command (on a slice of the content, to stay quick)."""

from io import StringIO

import pytest
from django.core.management import call_command

from qiao.accounts.models import User
from qiao.demo import services
from qiao.notes.models import Note

pytestmark = pytest.mark.django_db

FEW = {"chengdu_mala", "ohio_megan", "la_marco"}


@pytest.fixture
def few_people(monkeypatch):
    monkeypatch.setattr(services, "USERS", [u for u in services.USERS if u.handle in FEW])
    monkeypatch.setattr(services, "NOTES", [n for n in services.NOTES if n.author in FEW])
    monkeypatch.setattr(services, "FOLLOWS", {a: [b for b in bs if b in FEW] for a, bs in services.FOLLOWS.items() if a in FEW})
    monkeypatch.setattr(services, "BOARDS", {a: bs for a, bs in services.BOARDS.items() if a in FEW})


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_adds_content_once_then_reports_nothing_to_add(few_people):
    output = run()
    assert "added 3 users" in output
    notes = Note.objects.count()
    assert notes == len(services.NOTES) > 0

    output = run()
    assert "Nothing to add" in output
    assert Note.objects.count() == notes


def test_reset_rebuilds_and_remove_deletes(few_people):
    run()
    first_ids = set(Note.objects.values_list("id", flat=True))
    output = run("--reset")
    assert "Removed 3 demo people" in output and "added 3 users" in output
    assert not first_ids & set(Note.objects.values_list("id", flat=True))

    run("--remove")
    assert not User.objects.filter(handle__in=FEW).exists()
    assert not Note.objects.exists()
