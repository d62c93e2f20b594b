"""Building the keyword documents and name entries from notes, people and hashtags."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from qiao.notes.models import Hashtag, Note, NoteImage

from . import text as T
from .models import HashtagSearchEntry, SearchDocument, UserSearchEntry

logger = logging.getLogger(__name__)

#: How much of a note's text goes into its embedding (e5-small reads 512 tokens at most).
PASSAGE_CHARS = 1200


def notes_for_indexing():
    return Note.objects.select_related("author").prefetch_related(
        Prefetch("images", queryset=NoteImage.objects.order_by("position", "id")), "hashtags"
    )


def _hashtag_names(note: Note) -> list[str]:
    return sorted(tag.name for tag in note.hashtags.all())


def extra_words(note: Note, title_index: str, body_index: str) -> str:
    """The lower-cased search words of ``note`` that its title and body do not hold as written."""
    present = {w.lower() for w in f"{title_index}{T.SEP}{body_index}".split(T.SEP) if T.is_word(w)}
    words: list[str] = []
    own_text = f"{note.title}\n{note.body}"
    words += T.search_words(own_text)
    simplified = T.to_simplified(own_text)
    if simplified != own_text:
        words += T.search_words(simplified)
    for name in _hashtag_names(note):
        words.append(name)
        words += T.search_words(name)
        words += T.pinyin_forms(name)
    words += T.search_words(note.location)
    for image in note.images.all():
        words += T.search_words(image.alt_text)
    words += T.pinyin_forms(note.title)
    unique = dict.fromkeys(w for w in words if w and w not in present)
    return " ".join(unique)


def build_document(note: Note) -> SearchDocument:
    """``note``'s keyword document (not saved); load images and hashtags up front for batches."""
    title = T.index_text(note.title)
    body = T.index_text(note.body)
    return SearchDocument(
        note_id=note.pk,
        author_id=note.author_id,
        lang=note.lang,
        title=title,
        body=body,
        extra=extra_words(note, title, body),
        indexed_at=timezone.now(),
    )


def passage_text(note: Note) -> str:
    """What a note's embedding is computed from: its text, topics, place and photo descriptions."""
    parts = [note.title, note.body[:PASSAGE_CHARS]]
    tags = _hashtag_names(note)
    if tags:
        parts.append(" ".join(f"#{name}" for name in tags))
    if note.location:
        parts.append(note.location)
    parts += [image.alt_text for image in note.images.all() if image.alt_text]
    return T.clean("\n".join(p for p in parts if p), fold=False)[: PASSAGE_CHARS + 400]


def index_note(note_id: int) -> SearchDocument | None:
    """Write (or remove, for a note that is gone) one note's keyword document; return it."""
    note = notes_for_indexing().filter(pk=note_id).first()
    if note is None:
        remove_note(note_id)
        return None
    document = build_document(note)
    with transaction.atomic():
        SearchDocument.objects.update_or_create(
            note_id=note.pk,
            defaults={
                field: getattr(document, field)
                for field in ("author_id", "lang", "title", "body", "extra", "indexed_at")
            },
        )
        index_hashtags(note.hashtags.all())
    return document


def remove_note(note_id: int) -> None:
    """Forget a note: its keyword document and its embedding (the ANN indexes follow the change log)."""
    from .models import NoteEmbedding

    with transaction.atomic():
        SearchDocument.objects.filter(note_id=note_id).delete()
        NoteEmbedding.objects.filter(note_id=note_id).delete()


def index_user(user) -> None:
    UserSearchEntry.objects.update_or_create(
        user_id=user.pk, defaults={"pinyin": T.name_pinyin(user.display_name)[:400]}
    )


def index_hashtags(tags: Iterable[Hashtag]) -> None:
    """Create the pinyin entries of hashtags that have none yet (a tag's name never changes)."""
    tags = list(tags)
    known = set(
        HashtagSearchEntry.objects.filter(hashtag__in=[t.pk for t in tags]).values_list(
            "hashtag_id", flat=True
        )
    )
    new = [
        HashtagSearchEntry(hashtag_id=t.pk, pinyin=" ".join(T.pinyin_forms(t.name))[:400])
        for t in tags
        if t.pk not in known
    ]
    HashtagSearchEntry.objects.bulk_create(new, ignore_conflicts=True)


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def reindex_all(
    batch: int = 500, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Rebuild every keyword document and name entry from the notes, people and hashtags."""
    note_ids = list(Note.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for chunk in _chunks(note_ids, batch):
        documents = [build_document(note) for note in notes_for_indexing().filter(pk__in=chunk)]
        with transaction.atomic():
            SearchDocument.objects.filter(note_id__in=chunk).delete()
            SearchDocument.objects.bulk_create(documents)
        done += len(chunk)
        if progress:
            progress(done, len(note_ids))
    SearchDocument.objects.exclude(note_id__in=Note.objects.values("pk")).delete()

    users = 0
    User = get_user_model()
    for chunk in _chunks(list(User.objects.order_by("pk").values_list("pk", flat=True)), batch):
        entries = [
            UserSearchEntry(user_id=pk, pinyin=T.name_pinyin(name)[:400])
            for pk, name in User.objects.filter(pk__in=chunk).values_list("pk", "display_name")
        ]
        with transaction.atomic():
            UserSearchEntry.objects.filter(user_id__in=chunk).delete()
            UserSearchEntry.objects.bulk_create(entries)
        users += len(entries)

    HashtagSearchEntry.objects.all().delete()
    tags = 0
    for chunk in _chunks(list(Hashtag.objects.order_by("pk").values_list("pk", flat=True)), batch):
        index_hashtags(Hashtag.objects.filter(pk__in=chunk))
        tags += len(chunk)
    return {"notes": len(note_ids), "users": users, "hashtags": tags}
