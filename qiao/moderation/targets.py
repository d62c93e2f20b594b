"""What moderation can act on: one adapter per kind (note, comment, user, glossary proposal).

Each adapter knows how to find an object, who wrote it, its text and
language, whether a person may see it (only visible things can be reported),
and how to hide, restore and delete it. Glossary proposals are looked up by
``QIAO_MODERATION_GLOSSARY_MODEL`` ("app_label.ModelName") and become
reportable as soon as that model exists; until then the kind answers 404.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse

from .models import Kind


class Target:
    kind: str
    # Fields that may name the author, first match wins (for finding a person's posts).
    AUTHOR_FIELDS: tuple[str, ...] = ("author",)

    def model(self) -> type[models.Model] | None:
        raise NotImplementedError

    def get(self, pk: int):
        model = self.model()
        if model is None:
            return None
        return model._default_manager.filter(pk=pk).first()

    def content_type(self) -> ContentType | None:
        model = self.model()
        return ContentType.objects.get_for_model(model) if model is not None else None

    def author(self, obj):
        return getattr(obj, "author", None)

    def text(self, obj) -> str:
        return ""

    def lang(self, obj) -> str:
        return getattr(obj, "lang", "") or ""

    def visible_to(self, obj, user) -> bool:
        return not getattr(obj, "is_hidden", False)

    def is_hidden(self, obj) -> bool:
        return bool(getattr(obj, "is_hidden", False))

    def set_hidden(self, obj, hidden: bool, previous_text: str = "") -> None:
        type(obj)._default_manager.filter(pk=obj.pk).update(is_hidden=hidden)
        obj.is_hidden = hidden

    def shown_by(self, person) -> list:
        """``person``'s objects of this kind that are not hidden (what a ban takes down)."""
        model = self.model()
        if model is None or not _has_field(model, "is_hidden"):
            return []
        field = next((name for name in self.AUTHOR_FIELDS if _has_field(model, name)), None)
        if field is None:
            return []
        shown = model._default_manager.filter(**{field: person, "is_hidden": False})
        return list(shown.order_by("pk"))

    def can_delete(self) -> bool:
        return False

    def delete(self, obj, moderator) -> None:
        raise NotImplementedError

    def url(self, obj) -> str | None:
        return None

    def label(self, obj) -> str:
        return f"{Kind(self.kind).label} #{obj.pk}"


class NoteTarget(Target):
    kind = Kind.NOTE

    def model(self):
        return apps.get_model("notes", "Note")

    def text(self, obj) -> str:
        return "\n".join(part for part in (obj.title, obj.body, obj.location) if part)

    def visible_to(self, obj, user) -> bool:
        return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()

    def set_hidden(self, obj, hidden: bool, previous_text: str = "") -> None:
        # Through qiao.notes, which recounts the counters of shown notes (the author's
        # note_count and like_received_count, the hashtags' note_count).
        from qiao.notes.services import set_note_hidden

        set_note_hidden(obj, hidden)

    def can_delete(self) -> bool:
        return True

    def delete(self, obj, moderator) -> None:
        from qiao.notes.services import delete_note

        delete_note(obj, moderator)

    def url(self, obj) -> str:
        return reverse("notes:detail", args=[obj.pk])

    def label(self, obj) -> str:
        return obj.title


class CommentTarget(Target):
    kind = Kind.COMMENT

    def model(self):
        return apps.get_model("social", "Comment")

    def text(self, obj) -> str:
        return obj.body

    def visible_to(self, obj, user) -> bool:
        from qiao.notes.models import Note

        if obj.is_hidden or (obj.parent_id and obj.parent.is_hidden):
            return False
        return Note.objects.visible_to(user).filter(pk=obj.note_id).exists()

    def set_hidden(self, obj, hidden: bool, previous_text: str = "") -> None:
        # Through qiao.social, which keeps the note's comment_count (shown comments only) and rank.
        from qiao.social.services import set_comment_hidden

        set_comment_hidden(obj, hidden)

    def can_delete(self) -> bool:
        return True

    def delete(self, obj, moderator) -> None:
        from qiao.social.services import delete_comment

        delete_comment(obj, moderator)

    def url(self, obj) -> str:
        return reverse("notes:detail", args=[obj.note_id]) + f"#comment-{obj.pk}"


class UserTarget(Target):
    """An account. Hiding it hides its display name and bio (kept on the record, put back later)."""

    kind = Kind.USER

    def model(self):
        return get_user_model()

    def author(self, obj):
        return obj

    def text(self, obj) -> str:
        # Always "name\nbio": restoring a hidden bio reads it back from the audit log.
        return f"{obj.display_name}\n{obj.bio}"

    def lang(self, obj) -> str:
        return obj.bio_lang or ""

    def visible_to(self, obj, user) -> bool:
        return obj.is_active

    def is_hidden(self, obj) -> bool:
        return False

    def set_hidden(self, obj, hidden: bool, previous_text: str = "") -> None:
        """Hide: no display name (the handle shows) and no bio. Restore from ``previous_text``
        (name and bio on two lines, as :meth:`text` wrote them), unless the person has written
        new ones since."""
        if hidden:
            obj.display_name, obj.bio = "", ""
        else:
            name, _sep, bio = previous_text.partition("\n")
            obj.display_name = obj.display_name or name
            obj.bio = obj.bio or bio
        # A real save, so apps that keep copies of the bio (stored translations) hear of it.
        obj.save(update_fields=["display_name", "bio"])

    def url(self, obj) -> str:
        return reverse("feeds:profile", args=[obj.handle])

    def label(self, obj) -> str:
        return f"@{obj.handle}"


class GlossaryTarget(Target):
    """Glossary proposals (qiao.slang's TermProposal by default); fields are read defensively."""

    kind = Kind.GLOSSARY
    TEXT_FIELDS = ("term", "explanation")
    AUTHOR_FIELDS = ("author", "proposer", "user", "created_by")

    def model(self):
        label = settings.QIAO_MODERATION_GLOSSARY_MODEL
        try:
            return apps.get_model(label) if label else None
        except (LookupError, ValueError):
            return None

    def author(self, obj):
        for name in self.AUTHOR_FIELDS:
            if hasattr(obj, name):
                return getattr(obj, name)
        return None

    def text(self, obj) -> str:
        parts = [str(getattr(obj, name, "") or "") for name in self.TEXT_FIELDS]
        return "\n".join(part for part in parts if part) or str(obj)

    def set_hidden(self, obj, hidden: bool, previous_text: str = "") -> None:
        if hasattr(obj, "is_hidden"):
            super().set_hidden(obj, hidden, previous_text)

    def can_delete(self) -> bool:
        return True

    def delete(self, obj, moderator) -> None:
        obj.delete()

    def url(self, obj) -> str | None:
        try:
            return reverse("slang:proposal", args=[obj.pk])
        except NoReverseMatch:
            return None

    def label(self, obj) -> str:
        term = getattr(obj, "term", "")
        return f"{Kind(self.kind).label}: {term}" if term else super().label(obj)


TARGETS: dict[str, Target] = {
    t.kind: t for t in (NoteTarget(), CommentTarget(), UserTarget(), GlossaryTarget())
}


def target_for(kind: str) -> Target | None:
    target = TARGETS.get(kind)
    return target if target is not None and target.model() is not None else None


def kind_for_content_type(content_type: ContentType) -> str | None:
    """The kind whose model ``content_type`` is, or None."""
    for kind, target in TARGETS.items():
        model = target.model()
        if model is not None and content_type.model_class() is model:
            return kind
    return None


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def kind_of(obj) -> str | None:
    for kind, target in TARGETS.items():
        model = target.model()
        if model is not None and isinstance(obj, model):
            return kind
    return None
