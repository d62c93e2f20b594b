"""Social actions. Stub: owned by the social/feeds work."""


def note_page_context(note, viewer) -> dict:
    """Everything the note page needs from this app (likes, collects, boards, comments)."""
    return {}
