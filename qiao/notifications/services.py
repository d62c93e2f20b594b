"""Notifications: created by the social services, read on the notifications page.

A notification never reaches its own actor, never points at a note its
recipient may not see, and disappears from every listing (and the unread
badge) while its note or comment is hidden by moderation (a reply also while
the comment it answers is hidden) or its actor is banned. It is filtered, not
deleted, so it comes back, unread if it was, when the content is restored.
"""

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qiao.core.pagination import Page, paginate
from qiao.notes.models import Note

from .models import Notification

Verb = Notification.Verb

# The tabs of the notifications page ("messages" in a photo-notes app).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "likes": (Verb.LIKE, Verb.COLLECT, Verb.COMMENT_LIKE),
    "comments": (Verb.COMMENT, Verb.REPLY, Verb.MENTION),
    "follows": (Verb.FOLLOW,),
}

# Verbs that would only repeat themselves: while one is unread, another adds nothing.
_DEDUPED_VERBS = {Verb.LIKE, Verb.COLLECT, Verb.FOLLOW, Verb.COMMENT_LIKE}


def notify(recipient, actor, verb: str, note=None, comment=None) -> Notification | None:
    """Tell ``recipient`` that ``actor`` did ``verb``; return the notification, or None when not sent.

    Nothing is sent to oneself, to inactive accounts, or about a note the
    recipient may not see (that would leak its title).
    """
    if recipient is None or actor is None or recipient.pk == actor.pk or not recipient.is_active:
        return None
    if note is not None and not Note.objects.visible_to(recipient).filter(pk=note.pk).exists():
        return None
    if verb in _DEDUPED_VERBS:
        existing = Notification.objects.filter(
            recipient=recipient,
            actor=actor,
            verb=verb,
            note=note,
            comment=comment,
            read_at__isnull=True,
        ).first()
        if existing is not None:
            return existing
    return Notification.objects.create(
        recipient=recipient, actor=actor, verb=verb, note=note, comment=comment
    )


def withdraw(recipient, actor, verb: str, note=None, comment=None) -> int:
    """Remove unread ``verb`` notifications from ``actor`` (an unlike takes back its unread like).

    With ``comment``, only those about that comment (taking back a comment like).
    """
    if recipient is None or actor is None:
        return 0
    unread = Notification.objects.filter(
        recipient=recipient, actor=actor, verb=verb, note=note, read_at__isnull=True
    )
    if comment is not None:
        unread = unread.filter(comment=comment)
    return unread.delete()[0]


def shown_to(user) -> QuerySet[Notification]:
    """``user``'s notifications that may be shown: none about hidden or no-longer-visible notes
    or comments (nor replies under a hidden comment), none from banned accounts."""
    shown_comment = Q(comment__is_hidden=False) & (
        Q(comment__parent__isnull=True) | Q(comment__parent__is_hidden=False)
    )
    return (
        Notification.objects.filter(recipient=user, actor__is_active=True)
        .filter(Q(note__isnull=True) | Q(note__in=Note.objects.visible_to(user).values("pk")))
        .filter(Q(comment__isnull=True) | shown_comment)
    )


def _in_category(qs: QuerySet[Notification], category: str | None) -> QuerySet[Notification]:
    if category in CATEGORIES:
        return qs.filter(verb__in=CATEGORIES[category])
    return qs


def unread_count(user, category: str | None = None) -> int:
    return _in_category(shown_to(user), category).filter(read_at__isnull=True).count()


def unread_counts(user) -> dict[str, int]:
    """Unread counts per category (and "all"), in one query."""
    aggregates = {name: Count("id", filter=Q(verb__in=verbs)) for name, verbs in CATEGORIES.items()}
    counts = shown_to(user).filter(read_at__isnull=True).aggregate(all=Count("id"), **aggregates)
    return {name: counts[name] or 0 for name in ["all", *CATEGORIES]}


def list_notifications(
    user, *, category: str | None = None, cursor: str | None = None, limit: int = 20
) -> Page:
    """One page of ``user``'s notifications, newest first, with what they point at loaded.

    Raises qiao.core.pagination.InvalidCursor for a cursor it did not issue.
    """
    qs = (
        _in_category(shown_to(user), category)
        .select_related("actor", "note", "comment", "comment__reply_to")
        .prefetch_related("note__images")
    )
    return paginate(qs, ("id",), cursor, limit)


def mark_all_read(user, category: str | None = None) -> int:
    """Mark ``user``'s unread notifications (of one category, or all) read; return how many.

    Only those shown: one about hidden content was never seen, so it comes back unread.
    """
    with transaction.atomic():
        qs = shown_to(user).filter(read_at__isnull=True)
        return _in_category(qs, category).update(read_at=timezone.now())
