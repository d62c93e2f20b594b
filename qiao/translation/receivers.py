"""Keep stored translations in step with the content they translate.

- A note, image, comment, user or board that is deleted takes every stored
  translation of it along, and every memory row only it used (in the same
  transaction as the delete, so no translation of a deleted text survives).
- An edited text loses its stored translations (and memory rows only it used)
  and is queued for pre-translation again; new content is queued too.

Connected when ``qiao.translation.models`` is imported (sender strings are
resolved lazily by Django, so import order does not matter).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

logger = logging.getLogger(__name__)

#: Model → the text fields whose change invalidates its translations.
TRACKED = {
    "notes.NoteImage": ("alt_text",),
    "social.Comment": ("body",),
    "accounts.User": ("bio",),
    "social.Board": ("name",),
}
_MISSING = object()
_ORIGINAL = "_qiao_translation_original"


def _forget(instance) -> None:
    from . import memory

    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    memory.forget(content_type, [instance.pk])


def _pretranslate_later(instance) -> None:
    if not settings.QIAO_TRANSLATION_PRETRANSLATE:
        return
    from .tasks import enqueue_pretranslation

    transaction.on_commit(lambda: enqueue_pretranslation(instance))


def _remember_original(sender, instance, **kwargs) -> None:
    fields = TRACKED[sender._meta.label]
    instance.__dict__[_ORIGINAL] = {name: instance.__dict__.get(name, _MISSING) for name in fields}


def _changed_fields(sender, instance, update_fields) -> set[str]:
    fields = TRACKED[sender._meta.label]
    original = instance.__dict__.get(_ORIGINAL, {})
    changed = set()
    for name in fields:
        if update_fields is not None and name not in update_fields:
            continue
        before = original.get(name, _MISSING)
        if before is _MISSING or before != getattr(instance, name):
            changed.add(name)
    return changed


def _tracked_saved(sender, instance, created, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return
    changed = set(TRACKED[sender._meta.label]) if created else _changed_fields(sender, instance, update_fields)
    instance.__dict__[_ORIGINAL] = {name: getattr(instance, name) for name in TRACKED[sender._meta.label]}
    if not changed:
        return
    if not created:
        _forget(instance)
    if sender._meta.label == "notes.NoteImage":
        return  # descriptions are pre-translated with their note
    if any((getattr(instance, name) or "").strip() for name in changed):
        _pretranslate_later(instance)


def _deleted(sender, instance, **kwargs) -> None:
    _forget(instance)


def note_saved(sender, note, created, changed, **kwargs) -> None:
    """qiao.notes.signals.note_saved: drop the old text's translations, translate the new one."""
    if not created and not changed & {"title", "body", "images", "lang"}:
        return
    if not created:
        _forget(note)
        image_type = ContentType.objects.get_for_model(note.images.model)
        from . import memory

        memory.forget(image_type, list(note.images.values_list("pk", flat=True)))
    if settings.QIAO_TRANSLATION_PRETRANSLATE:
        from .tasks import enqueue_pretranslation

        enqueue_pretranslation(note)  # note_saved is already sent on commit


def connect() -> None:
    from qiao.notes.signals import note_saved as note_saved_signal

    for label in TRACKED:
        post_init.connect(_remember_original, sender=label, dispatch_uid=f"translation-init-{label}")
        post_save.connect(_tracked_saved, sender=label, dispatch_uid=f"translation-save-{label}")
    for label in ("notes.Note", *TRACKED):
        post_delete.connect(_deleted, sender=label, dispatch_uid=f"translation-delete-{label}")
    note_saved_signal.connect(note_saved, dispatch_uid="translation-note-saved")
