"""Content made through the real services, for the pipeline tests.

Import the fixture functions (``from .fixtures import post_note_fixture``) to use them.
"""

import pytest

from ..notes.conftest import upload


@pytest.fixture(name="post_note")
def post_note_fixture(db):
    """post_note(author, title=..., body=..., alt_texts=[...], lang=...) through qiao.notes.services."""
    from qiao.notes import services

    def post(author, *, images=None, alt_texts=None, **fields):
        count = max(1, len(alt_texts or []))
        return services.create_note(author, images=images or [upload() for _ in range(count)], alt_texts=alt_texts, **fields)

    return post
