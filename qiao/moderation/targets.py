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
from django.db import models
from django.urls import NoReverseMatch, reverse

from .models import Kind


class Target:
    kind: str

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

    def can_delete(self) -> bool:
        return True

    def delete(self, obj, moderator) -> None:
        from qiao.social.services import delete_comment

        delete_comment(obj, moderator)

    def url(self, obj) -> str:
        return reverse("notes:detail", args=[obj.note_id]) + f"#comment-{obj.pk}"


class UserTarget(Target):
    """An account. Hiding it hides its bio (kept on the record and put back on restore)."""

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
        # A real save, so apps that keep copies of the bio (stored translations) hear of it.
        obj.bio = "" if hidden else previous_text
        obj.save(update_fields=["bio"])

    def url(self, obj) -> str:
        return reverse("feeds:profile", args=[obj.handle])

    def label(self, obj) -> str:
        return f"@{obj.handle}"


class GlossaryTarget(Target):
    """Glossary proposals (qiao.slang's TermProposal by default); fields are read defensively."""

    kind = Kind.GLOSSARY
    TEXT_FIELDS = ("term", "explanation")

    def model(self):
        label = settings.QIAO_MODERATION_GLOSSARY_MODEL
        try:
            return apps.get_model(label) if label else None
        except (LookupError, ValueError):
            return None

    def author(self, obj):
        for name in ("author", "proposer", "user", "created_by"):
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


def kind_of(obj) -> str | None:
    for kind, target in TARGETS.items():
        model = target.model()
        if model is not None and isinstance(obj, model):
            return kind
    return None
