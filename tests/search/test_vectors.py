"""The ANN index follows the database: changes, snapshots, rebuilds, and several processes."""

import json

import numpy as np
import pytest

from qiao.search import vectors
from qiao.search.embeddings import from_bytes, to_bytes
from qiao.search.models import NoteEmbedding, VectorChange

MODEL = "test:unit-vectors"
DIM = 8


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


@pytest.fixture
def notes(user, make_note):
    return [make_note(user, f"Note {i}", images=0) for i in range(4)]


def store(note, seed: int) -> None:
    NoteEmbedding.objects.update_or_create(
        note_id=note.pk,
        defaults={
            "model": MODEL,
            "dim": DIM,
            "vector": to_bytes(unit(seed)),
            "text_hash": str(seed),
        },
    )


def index(settings):
    return vectors.VectorIndex(MODEL, DIM, settings.QIAO_SEARCH_DIR)


def test_every_write_and_removal_is_logged(notes):
    before = VectorChange.objects.count()
    store(notes[0], 1)
    store(notes[0], 2)
    NoteEmbedding.objects.filter(note_id=notes[0].pk).get().delete()
    assert (
        list(VectorChange.objects.order_by("id").values_list("note_id", flat=True))[before:]
        == [notes[0].pk] * 3
    )


def test_search_finds_the_nearest_and_follows_edits_and_deletes(notes, settings):
    for i, note in enumerate(notes):
        store(note, i)
    ann = index(settings)
    assert ann.search(unit(2), 1)[0][0] == notes[2].pk
    assert ann.search(unit(2), 1)[0][1] == pytest.approx(1.0, abs=1e-3)
    store(notes[2], 99)  # edited: its vector moved
    assert ann.search(unit(99), 1)[0][0] == notes[2].pk
    assert notes[2].pk not in [pk for pk, score in ann.search(unit(2), 4) if score > 0.99]
    gone = notes[3].pk
    notes[3].delete()  # cascade removes the embedding, which is logged
    assert not ann.contains(gone)
    assert gone not in [pk for pk, _ in ann.search(unit(3), 10)]
    assert len(ann) == 3


def test_a_second_process_sees_the_changes_of_the_first(notes, settings):
    web, worker = index(settings), index(settings)
    store(notes[0], 0)
    assert web.search(unit(0), 1)[0][0] == notes[0].pk
    store(notes[1], 1)
    worker.sync()
    NoteEmbedding.objects.filter(note_id=notes[0].pk).get().delete()
    assert [pk for pk, _ in web.search(unit(0), 5)] == [notes[1].pk]
    assert [pk for pk, _ in worker.search(unit(0), 5)] == [notes[1].pk]


def test_a_snapshot_is_saved_and_loaded_without_a_rebuild(notes, settings):
    for i, note in enumerate(notes):
        store(note, i)
    first = index(settings)
    assert first.rebuild() == 4
    meta = json.loads(first.meta_path.read_text())
    assert meta["model"] == MODEL and meta["count"] == 4 and meta["generation"] == first.generation
    store(notes[0], 50)  # after the snapshot: replayed from the log
    second = index(settings)
    second.sync()
    assert second.search(unit(50), 1)[0][0] == notes[0].pk
    assert len(second) == 4


def test_a_missing_or_stale_snapshot_is_rebuilt_from_the_database(notes, settings):
    for i, note in enumerate(notes[:2]):
        store(note, i)
    first = index(settings)
    first.rebuild()
    # A row written without the log (a restore, a bulk import) makes the snapshot stale.
    NoteEmbedding.objects.bulk_create(
        [
            NoteEmbedding(
                note_id=notes[2].pk, model=MODEL, dim=DIM, vector=to_bytes(unit(2)), text_hash="2"
            )
        ]
    )
    second = index(settings)
    assert second.search(unit(2), 1)[0][0] == notes[2].pk  # the count check forced a rebuild
    first.path.unlink()
    third = index(settings)
    assert len(third.search(unit(0), 10)) == 3


def test_vectors_of_another_model_are_not_mixed_in(notes, settings):
    store(notes[0], 0)
    NoteEmbedding.objects.create(
        note=notes[1], model="other:model", dim=DIM, vector=to_bytes(unit(1)), text_hash="x"
    )
    assert [pk for pk, _ in index(settings).search(unit(1), 10)] == [notes[0].pk]


def test_a_process_behind_the_pruned_log_reloads_the_snapshot(notes, settings):
    from datetime import timedelta

    from django.utils import timezone

    behind, writer = index(settings), index(settings)
    store(notes[0], 0)
    behind.sync()
    store(notes[1], 1)
    NoteEmbedding.objects.filter(note_id=notes[0].pk).get().delete()
    VectorChange.objects.update(created_at=timezone.now() - timedelta(hours=2))
    writer.sync()
    writer.save()  # snapshot, then prune the old log
    assert VectorChange.objects.count() == 0
    assert json.loads(writer.meta_path.read_text())["pruned_upto"] == writer.generation
    assert [pk for pk, _ in behind.search(unit(0), 5)] == [notes[1].pk]


def test_save_is_atomic_and_keeps_no_temporary_files(notes, settings):
    store(notes[0], 0)
    ann = index(settings)
    ann.rebuild()
    names = sorted(p.name for p in ann.directory.iterdir() if p.is_file())  # not dictionary/
    assert names == sorted([ann.path.name, ann.meta_path.name, ann.lock_path.name])


def test_pgvector_scores_agree_with_the_ann_index_where_the_server_has_it(notes, settings):
    """pgvector is optional (the usearch index works on both databases); where a server has it,
    the stored vectors must mean the same to it: same neighbours, same cosine similarities."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pgvector is a PostgreSQL extension; this run uses SQLite")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        if cursor.fetchone() is None:
            pytest.skip(
                "pgvector is not installed on this PostgreSQL server "
                "(pg_available_extensions has no 'vector'); search uses its usearch index"
            )
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
    for i, note in enumerate(notes):
        store(note, i)
    query = unit(1) + 0.3 * unit(2)
    query /= np.linalg.norm(query)
    literal = "[" + ",".join(f"{x:.7f}" for x in query) + "]"
    rows = []
    with connection.cursor() as cursor:
        for embedding in NoteEmbedding.objects.filter(model=MODEL):
            stored = from_bytes(embedding.vector, DIM)
            cursor.execute(
                "SELECT 1 - (%s::vector <=> %s::vector)",
                [literal, "[" + ",".join(f"{x:.7f}" for x in stored) + "]"],
            )
            rows.append((embedding.note_id, cursor.fetchone()[0]))
    rows.sort(key=lambda row: -row[1])
    ann = index(settings).search(query, len(notes))
    assert [pk for pk, _ in ann] == [pk for pk, _ in rows]
    for (_, ann_score), (_, pg_score) in zip(ann, rows):
        assert ann_score == pytest.approx(pg_score, abs=1e-2)
