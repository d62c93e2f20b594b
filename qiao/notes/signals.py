"""Signals sent by qiao.notes.services after a note change is committed.

Apps that keep data derived from a note's text or images (translations,
search indexes, caches) connect here to invalidate it. Both are sent from
``transaction.on_commit``, so receivers see the committed state and are
never told about a change that was rolled back.

- ``note_saved(sender=Note, note=<Note>, created=<bool>, changed=<set[str]>)``:
  after create_note (``created=True``, every field in ``changed``) and
  update_note (``changed`` names the fields that changed, e.g. {"title",
  "body", "images"}; not sent when nothing changed).
- ``note_deleted(sender=Note, note_id=<int>, author_id=<int>)``: after
  delete_note; the row is gone, so only ids are passed.
"""

from django.dispatch import Signal

note_saved = Signal()
note_deleted = Signal()
