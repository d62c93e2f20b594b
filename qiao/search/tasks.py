"""Background work for search: embedding notes, translating queries, building the query dictionary.

Embeddings are computed by the task worker (which keeps the model loaded),
never in the request that saved the note. The worker then brings its own ANN
index up to date and saves a snapshot now and then (qiao.search.vectors).
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task

from .documents import notes_for_indexing, passage_text
from .embeddings import EmbedderError, get_embedder, to_bytes
from .models import NoteEmbedding
from .vectors import vector_index

logger = logging.getLogger(__name__)

INTERACTIVE_QUEUE = "interactive"
INTERACTIVE_PRIORITY = 40


def passage_hash(model_id: str, text: str) -> str:
    return hashlib.sha256(f"{model_id}\n{text}".encode()).hexdigest()


def embed_notes_now(note_ids: list[int], *, batch: int | None = None) -> dict[str, int]:
    """Embed the notes whose text (or the model) changed; remove embeddings of notes that are gone."""
    embedder = get_embedder()
    batch = batch or settings.QIAO_EMBEDDINGS_BATCH
    notes = {note.pk: note for note in notes_for_indexing().filter(pk__in=note_ids)}
    gone = [pk for pk in note_ids if pk not in notes]
    removed = 0
    for embedding in NoteEmbedding.objects.filter(note_id__in=gone):
        embedding.delete()  # one by one: each removal is logged for the ANN indexes
        removed += 1
    stored = dict(
        NoteEmbedding.objects.filter(note_id__in=notes).values_list("note_id", "text_hash")
    )
    todo = []
    for pk, note in notes.items():
        text = passage_text(note)
        digest = passage_hash(embedder.model_id, text)
        if stored.get(pk) != digest:
            todo.append((pk, text, digest))
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = embedder.passages([text for _, text, _ in chunk])
        with transaction.atomic():
            # A note deleted while we embedded keeps no embedding.
            alive = set(
                notes_for_indexing()
                .filter(pk__in=[pk for pk, _, _ in chunk])
                .values_list("pk", flat=True)
            )
            for (pk, _, digest), vector in zip(chunk, vectors):
                if pk not in alive:
                    continue
                NoteEmbedding.objects.update_or_create(
                    note_id=pk,
                    defaults={
                        "model": embedder.model_id,
                        "dim": embedder.dim,
                        "vector": to_bytes(vector),
                        "text_hash": digest,
                    },
                )
    if todo or removed:
        index = vector_index(embedder.model_id, embedder.dim)
        index.sync()
        index.maybe_save()
    return {"embedded": len(todo), "removed": removed, "unchanged": len(notes) - len(todo)}


@task()
def embed_notes(note_ids: list[int]) -> dict[str, int]:
    """Compute the embeddings of new or edited notes."""
    return embed_notes_now(note_ids)


def enqueue_embedding(note_id: int) -> None:
    """Queue a note's embedding; never fails its caller (the keyword index already has the note)."""
    if not settings.QIAO_SEARCH_SEMANTIC_ENABLED:
        return
    try:
        embed_notes.enqueue([note_id])
    except EmbedderError:
        logger.warning(
            "Could not embed note %s now; `qiao search_reindex` will", note_id, exc_info=True
        )
    except Exception:
        logger.exception("Could not queue the embedding of note %s", note_id)


@task(queue_name=INTERACTIVE_QUEUE, priority=INTERACTIVE_PRIORITY)
def translate_query_task(text: str, source: str, target: str) -> str | None:
    """Translate a search query for later searches (the result goes into the cache)."""
    from .translate import translate_query_now

    return translate_query_now(text, source, target)


@task()
def build_dictionary() -> str:
    """Build the CC-CEDICT lookups for query expansion (queued by the first search needing them)."""
    from django.core.cache import cache

    from .dictionary import BUILDING_KEY, ensure_built

    try:
        return str(ensure_built())
    finally:
        cache.delete(BUILDING_KEY)
