"""Signals sent by qiao.moderation when content is hidden or comes back.

Apps that keep copies of content (stored translations, search indexes,
caches) connect here so hidden content is never served from them, and is
served again once restored. Both are sent from ``transaction.on_commit``.

- ``content_hidden(sender=<model class>, obj=<instance>, kind=<str>)``: a
  note or comment was hidden (by a moderator or held by the automatic
  checks), or a profile's bio was hidden (``kind="user"``).
- ``content_restored(sender=<model class>, obj=<instance>, kind=<str>)``: it
  is visible again.

``kind`` is "note", "comment", "user" or "glossary". Deleted content sends the
owning app's own deletion signal (e.g. ``qiao.notes.signals.note_deleted``).
"""

from django.dispatch import Signal

content_hidden = Signal()
content_restored = Signal()
