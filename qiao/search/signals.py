"""Keeping the search index in step with notes, people and hashtags (connected in apps.py).

Notes: ``qiao.notes.signals`` tell us about changes made through the notes
services, after commit; ``post_save`` on Note catches text edited elsewhere
(admin, data migrations), and the database cascade removes a deleted note's
document and embedding. Every embedding write or removal is logged in
``VectorChange`` in the same transaction, which is how the ANN indexes of
every process learn about it. Visibility and moderation (``is_hidden``) need
no re-indexing: they are checked at query time.

Indexing problems are logged, never raised: a search index must not stop
anyone from posting.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from qiao.notes.models import Hashtag, Note
from qiao.notes.signals import note_deleted, note_saved

from .models import NoteEmbedding, VectorChange

logger = logging.getLogger(__name__)

#: Note fields whose change alters the indexed text or language.
INDEXED_FIELDS = frozenset({"title", "body", "location", "lang", "author"})


def refresh_note(note_id: int) -> None:
    """Re-index a note's keywords now and queue its embedding when its text changed."""
    from .documents import index_note
    from .tasks import enqueue_embedding

    try:
        index_note(note_id)
    except Exception:
        logger.exception("Could not index note %s for search", note_id)
        return
    enqueue_embedding(note_id)


@receiver(note_saved, dispatch_uid="search.note_saved")
def _note_saved(sender, note, created, changed, **kwargs) -> None:
    refresh_note(note.pk)


@receiver(note_deleted, dispatch_uid="search.note_deleted")
def _note_deleted(sender, note_id, author_id, **kwargs) -> None:
    from .documents import remove_note

    try:
        remove_note(note_id)  # normally gone with the note already (cascade); this makes sure
    except Exception:
        logger.exception("Could not remove note %s from search", note_id)


@receiver(post_save, sender=Note, dispatch_uid="search.note_post_save")
def _note_post_save(
    sender, instance: Note, created, update_fields=None, raw=False, **kwargs
) -> None:
    if raw or (update_fields is not None and not INDEXED_FIELDS & set(update_fields)):
        return  # counters, rank, moderation flags: nothing the index holds
    note_id = instance.pk
    transaction.on_commit(lambda: refresh_note(note_id))


@receiver(post_save, sender=NoteEmbedding, dispatch_uid="search.embedding_saved")
@receiver(post_delete, sender=NoteEmbedding, dispatch_uid="search.embedding_deleted")
def _log_vector_change(sender, instance: NoteEmbedding, **kwargs) -> None:
    VectorChange.objects.create(note_id=instance.note_id)


@receiver(post_save, sender=get_user_model(), dispatch_uid="search.user_saved")
def _user_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and "display_name" not in update_fields):
        return
    from .documents import index_user

    try:
        with transaction.atomic():  # a failure must not break the caller's transaction
            index_user(instance)
    except Exception:
        logger.exception("Could not index user %s for search", instance.pk)


@receiver(post_save, sender=Hashtag, dispatch_uid="search.hashtag_saved")
def _hashtag_saved(sender, instance: Hashtag, created, raw=False, **kwargs) -> None:
    if raw or not created:
        return
    from .documents import index_hashtags

    try:
        with transaction.atomic():
            index_hashtags([instance])
    except Exception:
        logger.exception("Could not index hashtag %s for search", instance.pk)
