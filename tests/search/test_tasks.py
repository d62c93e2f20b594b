"""Embedding in the background: the task embeds changed notes only and keeps the ANN index in step."""

from qiao.notes.models import Note
from qiao.search import services
from qiao.search.embeddings import get_embedder
from qiao.search.models import NoteEmbedding
from qiao.search.tasks import embed_notes_now
from qiao.search.vectors import vector_index


def ann():
    embedder = get_embedder()
    return vector_index(embedder.model_id, embedder.dim)


def test_posting_queues_the_embedding_which_the_task_computes(user, post, immediate_tasks):
    note = post(user, "Morning run", "Ten kilometres along the river")
    embedding = NoteEmbedding.objects.get(note=note)
    assert embedding.model == get_embedder().model_id and embedding.dim == 384
    assert len(bytes(embedding.vector)) == 384 * 4
    assert ann().contains(note.pk)


def test_unchanged_notes_are_not_embedded_again(user, post):
    note = post(user, "Morning run", "Ten kilometres along the river")
    assert embed_notes_now([note.pk]) == {"embedded": 1, "removed": 0, "unchanged": 0}
    assert embed_notes_now([note.pk]) == {"embedded": 0, "removed": 0, "unchanged": 1}


def test_an_edit_is_embedded_again_and_found_by_its_new_meaning(user, post, edit, immediate_tasks):
    note = post(user, "Morning run", "Ten kilometres along the river")
    before = bytes(NoteEmbedding.objects.get(note=note).vector)
    edit(note, title="Baking bread", body="Sourdough with a crispy crust")
    assert bytes(NoteEmbedding.objects.get(note=note).vector) != before
    hits = services.semantic_candidates("homemade sourdough bread", Note.objects.all())
    assert [pk for pk, _ in hits] == [note.pk]


def test_a_deleted_note_leaves_the_vector_index(user, post, remove, immediate_tasks):
    note = post(user, "Morning run", "Ten kilometres along the river")
    note_id = note.pk
    assert ann().contains(note_id)
    remove(note)
    assert not NoteEmbedding.objects.filter(note_id=note_id).exists()
    assert not ann().contains(note_id)
    assert services.semantic_candidates("running by the river", Note.objects.all()) == []


def test_the_task_removes_embeddings_of_notes_that_are_gone(user, post):
    note = post(user, "Morning run", "Ten kilometres along the river")
    embed_notes_now([note.pk])
    note_id = note.pk
    Note.objects.filter(pk=note_id).delete()
    assert embed_notes_now([note_id]) == {"embedded": 0, "removed": 0, "unchanged": 0}
    assert not ann().contains(note_id)
