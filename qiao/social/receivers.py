"""Reactions to other apps' signals: @mentions in a note's text notify people."""

from django.dispatch import receiver

from qiao.notes.signals import note_saved

from .services import notify_mentions


@receiver(note_saved, dispatch_uid="social.note_mentions")
def notify_note_mentions(sender, note, created: bool, changed: set[str], **kwargs) -> None:
    if created or changed & {"title", "body"}:
        notify_mentions(note.author, text=f"{note.title}\n{note.body}", note=note)
