"""Social actions: likes, boards and collects, comments and comment likes, follows.

Every action runs in one transaction, keeps the denormalised counters right
with F() updates (``Note.like_count``/``collect_count``/``comment_count``,
``User.follower_count``/``following_count``/``like_received_count``,
``Board.item_count``, ``Comment.like_count``), recomputes ``Note.rank`` after engagement changes and
notifies the people concerned. Repeating an action (a second like, a second
follow) changes nothing. Notes a user may not see answer Http404.

``User.like_received_count`` is the profile's "likes & collects": it counts
the likes and the collectors of a person's shown notes (``qiao.notes.services``
recounts it when a note is hidden, restored or deleted). ``Note.comment_count``
counts the comments shown: hidden ones (moderation) and replies under a
hidden comment are left out, and come back when restored.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils.translation import gettext as _

from qiao.core import ratelimit
from qiao.core.languages import detect_language
from qiao.core.pagination import Page, paginate
from qiao.core.text import extract_hashtags, extract_mentions
from qiao.moderation.gate import guard, screen
from qiao.notes.models import Note
from qiao.notifications.models import Notification
from qiao.notifications.services import notify, withdraw

from . import likecache
from .models import (
    MAX_BOARD_NAME,
    MAX_COMMENT,
    Board,
    Collect,
    Comment,
    CommentLike,
    Follow,
    Like,
)

User = get_user_model()
Verb = Notification.Verb

MAX_MENTIONS_NOTIFIED = 10
MAX_BOARD_DESCRIPTION = Board._meta.get_field("description").max_length
COMMENTS_PER_PAGE = 20


# --- helpers ------------------------------------------------------------------------


def _bump(model, pk: int, delta: int, *fields: str) -> None:
    """Add ``delta`` to counter ``fields`` of one row in SQL, never below zero."""
    if delta >= 0:
        updates = {name: F(name) + delta for name in fields}
    else:
        updates = {name: Greatest(F(name) + delta, 0) for name in fields}
    model.objects.filter(pk=pk).update(**updates)


def _refresh_rank(note: Note) -> None:
    """Reload ``note``'s counters and store its new Explore rank."""
    note.refresh_from_db(fields=["like_count", "collect_count", "comment_count", "created_at"])
    note.rank = note.compute_rank()
    Note.objects.filter(pk=note.pk).update(rank=note.rank)


def can_see(user, note: Note) -> bool:
    return Note.objects.visible_to(user).filter(pk=note.pk).exists()


def _visible_note_locked(user, note: Note) -> Note:
    """The note, re-read and locked for this transaction, if ``user`` may see it; else Http404."""
    locked = Note.objects.visible_to(user).select_for_update().filter(pk=note.pk).first()
    if locked is None:
        raise Http404(_("Note not found."))
    return locked


def _locked_note(note: Note) -> Note:
    locked = Note.objects.select_for_update().filter(pk=note.pk).first()
    if locked is None:
        raise Http404(_("Note not found."))
    return locked


def _sync(target: Note, source: Note) -> None:
    """Copy fresh counters back to the caller's instance so it can show them."""
    for name in ("like_count", "collect_count", "comment_count", "rank"):
        setattr(target, name, getattr(source, name))


def _user_key(user) -> str:
    return f"user:{user.pk}"


# --- likes --------------------------------------------------------------------------


def like(user, note: Note) -> bool:
    """Like ``note``; return True when this created the like (False if it was already liked)."""
    guard(user, "like")  # suspended or banned people may not (qiao.moderation)
    ratelimit.check("like", _user_key(user))
    with transaction.atomic():
        locked = _visible_note_locked(user, note)
        if Like.objects.filter(user=user, note=locked).exists():
            _sync(note, locked)
            return False
        try:
            with transaction.atomic():
                Like.objects.create(user=user, note=locked)
        except IntegrityError:  # a concurrent request liked it first
            _sync(note, locked)
            return False
        likecache.forget(user.pk)
        _bump(Note, locked.pk, 1, "like_count")
        _bump(User, locked.author_id, 1, "like_received_count")
        _refresh_rank(locked)
        notify(locked.author, user, Verb.LIKE, note=locked)
    _sync(note, locked)
    return True


def unlike(user, note: Note) -> bool:
    """Take back a like; return True when there was one.

    One's own like can always be taken back, even from a note one may no
    longer see; otherwise an invisible note answers Http404 like a missing one.
    Shares the "like" rate limit, so like/unlike toggling cannot flood.
    """
    ratelimit.check("like", _user_key(user))
    with transaction.atomic():
        locked = _locked_note(note)
        deleted = Like.objects.filter(user=user, note=locked).delete()[0]
        if not deleted:
            if not can_see(user, locked):
                raise Http404(_("Note not found."))
            _sync(note, locked)
            return False
        likecache.forget(user.pk)
        _bump(Note, locked.pk, -1, "like_count")
        if not locked.is_hidden:  # a hidden note's likes are not counted (qiao.notes recounts)
            _bump(User, locked.author_id, -1, "like_received_count")
        _refresh_rank(locked)
        withdraw(locked.author, user, Verb.LIKE, note=locked)
    _sync(note, locked)
    return True


def is_liked(user, note: Note) -> bool:
    return (
        bool(user and user.is_authenticated) and Like.objects.filter(user=user, note=note).exists()
    )


def liked_note_ids(user, note_ids, likes: object = likecache.NOT_READ) -> set[int]:
    """Which of ``note_ids`` ``user`` has liked (for lists of cards): cached, else one query.

    ``likes``: the user's like-cache entry, when the caller read it already (``likecache.liked_among``).
    """
    if not user or not user.is_authenticated:
        return set()
    ids = list(note_ids)
    if not ids:
        return set()
    return likecache.liked_among(user.pk, ids, likes)


# --- boards -------------------------------------------------------------------------


def _clean_board_fields(
    owner, name: str, description: str, exclude_pk: int | None = None
) -> tuple[str, str]:
    name = (name or "").strip()
    description = (description or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the board a name.")]
    elif len(name) > MAX_BOARD_NAME:
        errors["name"] = [_("A board name has at most %(n)d characters.") % {"n": MAX_BOARD_NAME}]
    else:
        taken = Board.objects.filter(owner=owner, name__iexact=name)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            errors["name"] = [_("You already have a board called “%(name)s”.") % {"name": name}]
    if len(description) > MAX_BOARD_DESCRIPTION:
        errors["description"] = [
            _("A description has at most %(n)d characters.") % {"n": MAX_BOARD_DESCRIPTION}
        ]
    if errors:
        raise ValidationError(errors)
    return name, description


def create_board(owner, name: str, description: str = "", is_private: bool = False) -> Board:
    """Create a board; names are unique per owner (ignoring case)."""
    with transaction.atomic():
        name, description = _clean_board_fields(owner, name, description)
        try:
            with transaction.atomic():
                return Board.objects.create(
                    owner=owner,
                    name=name,
                    name_lang=detect_language(name),
                    description=description,
                    is_private=bool(is_private),
                )
        except IntegrityError:  # created concurrently under the same name
            raise ValidationError(
                {"name": [_("You already have a board called “%(name)s”.") % {"name": name}]}
            ) from None


def _own_board(board: Board, actor) -> Board:
    """``board`` re-read and locked if ``actor`` owns it; other people's boards answer 404."""
    if actor is None or not actor.is_authenticated or board.owner_id != actor.pk:
        raise Http404(_("Board not found."))
    locked = Board.objects.select_for_update().filter(pk=board.pk).first()
    if locked is None:
        raise Http404(_("Board not found."))
    return locked


def update_board(
    board: Board,
    actor,
    *,
    name: str | None = None,
    description: str | None = None,
    is_private: bool | None = None,
) -> Board:
    """Rename a board or change its description or privacy (owner only)."""
    with transaction.atomic():
        locked = _own_board(board, actor)
        new_name, new_description = _clean_board_fields(
            actor,
            locked.name if name is None else name,
            locked.description if description is None else description,
            exclude_pk=locked.pk,
        )
        locked.name = new_name
        locked.name_lang = detect_language(new_name)
        locked.description = new_description
        if is_private is not None:
            locked.is_private = bool(is_private)
        locked.save(update_fields=["name", "name_lang", "description", "is_private"])
    return locked


def rename_board(board: Board, actor, name: str) -> Board:
    return update_board(board, actor, name=name)


def delete_board(board: Board, actor) -> None:
    """Delete a board (owner only), un-collecting its notes where it held the owner's only collect."""
    with transaction.atomic():
        locked = _own_board(board, actor)
        note_ids = list(locked.items.values_list("note_id", flat=True))
        locked.delete()
        still_collected = set(
            Collect.objects.filter(user=actor, note_id__in=note_ids).values_list(
                "note_id", flat=True
            )
        )
        for note in (
            Note.objects.select_for_update().filter(pk__in=note_ids).exclude(pk__in=still_collected)
        ):
            _bump(Note, note.pk, -1, "collect_count")
            _bump(User, note.author_id, -1, "like_received_count")
            _refresh_rank(note)


def default_board(user) -> Board:
    """The board a plain "collect" goes to, created (named in the current language) on first use."""
    board = Board.objects.filter(owner=user, is_default=True).first()
    if board is not None:
        return board
    name = _("Favorites")
    board = Board.objects.filter(owner=user, name__iexact=name).first()
    if board is not None:
        board.is_default = True
        board.save(update_fields=["is_default"])
        return board
    try:
        with transaction.atomic():
            return Board.objects.create(
                owner=user, name=name, name_lang=detect_language(name), is_default=True
            )
    except IntegrityError:  # a concurrent first collect made it
        return Board.objects.get(owner=user, is_default=True)


def boards_visible_to(owner, viewer) -> QuerySet[Board]:
    """``owner``'s boards that ``viewer`` may see: private boards only to their owner."""
    qs = Board.objects.filter(owner=owner)
    if viewer is None or not viewer.is_authenticated or viewer.pk != owner.pk:
        qs = qs.filter(is_private=False)
    return qs


def get_board_for(viewer, board_id: int) -> Board:
    """A board ``viewer`` may see, else Http404."""
    qs = Board.objects.select_related("owner").filter(pk=board_id, owner__is_active=True)
    board = qs.first()
    if board is None or (board.is_private and (not viewer or viewer.pk != board.owner_id)):
        raise Http404(_("Board not found."))
    return board


# --- collects -----------------------------------------------------------------------


def collect(user, note: Note, board: Board | None = None) -> Collect:
    """Put ``note`` into one of ``user``'s boards (the default board if none is given).

    Note.collect_count counts people, not boards: collecting into a second
    board changes only that board's item count.
    """
    guard(user, "collect")
    ratelimit.check("like", _user_key(user))
    with transaction.atomic():
        locked = _visible_note_locked(user, note)
        if board is None:
            board = default_board(user)
        else:
            board = _own_board(board, user)
        existing = Collect.objects.filter(board=board, note=locked).first()
        if existing is not None:
            _sync(note, locked)
            return existing
        first_for_user = not Collect.objects.filter(user=user, note=locked).exists()
        try:
            with transaction.atomic():
                item = Collect.objects.create(board=board, note=locked, user=user)
        except IntegrityError:
            _sync(note, locked)
            return Collect.objects.get(board=board, note=locked)
        _bump(Board, board.pk, 1, "item_count")
        if first_for_user:
            _bump(Note, locked.pk, 1, "collect_count")
            _bump(User, locked.author_id, 1, "like_received_count")
            _refresh_rank(locked)
            notify(locked.author, user, Verb.COLLECT, note=locked)
    _sync(note, locked)
    return item


def collect_into_new_board(user, note: Note, name: str, is_private: bool = False) -> Collect:
    """Create a board and collect ``note`` into it, both or neither."""
    with transaction.atomic():
        if not can_see(user, note):
            raise Http404(_("Note not found."))
        board = create_board(user, name, is_private=is_private)
        return collect(user, note, board)


def uncollect(user, note: Note, board: Board | None = None) -> int:
    """Take ``note`` out of one of ``user``'s boards, or out of all of them; return how many.

    Like unlike(), one's own collects can always be removed.
    """
    ratelimit.check("like", _user_key(user))
    with transaction.atomic():
        locked = _locked_note(note)
        items = Collect.objects.filter(user=user, note=locked)
        if board is not None:
            board = _own_board(board, user)
            items = items.filter(board=board)
        board_ids = list(items.values_list("board_id", flat=True))
        if not board_ids:
            if not can_see(user, locked):
                raise Http404(_("Note not found."))
            _sync(note, locked)
            return 0
        items.delete()
        for board_id in board_ids:
            _bump(Board, board_id, -1, "item_count")
        if not Collect.objects.filter(user=user, note=locked).exists():
            _bump(Note, locked.pk, -1, "collect_count")
            if not locked.is_hidden:  # a hidden note's collectors are not counted
                _bump(User, locked.author_id, -1, "like_received_count")
            _refresh_rank(locked)
            withdraw(locked.author, user, Verb.COLLECT, note=locked)
    _sync(note, locked)
    return len(board_ids)


def collected_board_ids(user, note: Note) -> set[int]:
    if not user or not user.is_authenticated:
        return set()
    return set(Collect.objects.filter(user=user, note=note).values_list("board_id", flat=True))


# --- comments -----------------------------------------------------------------------


def clean_comment_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write something first.")]})
    if len(body) > MAX_COMMENT:
        raise ValidationError(
            {
                "body": [
                    _("A comment has at most %(n)d characters (this one has %(len)d).")
                    % {"n": MAX_COMMENT, "len": len(body)}
                ]
            }
        )
    return body


def add_comment(author, note: Note, body: str, parent: Comment | None = None) -> Comment:
    """Comment on ``note``, or reply to one of its comments.

    Replies stay one level deep: a reply to a reply hangs under the top-level
    comment and names the person answered in ``reply_to``. Notifies the note's
    author, the person answered and anyone @mentioned (never oneself).
    """
    body = clean_comment_body(body)
    moderation = screen(author, "comment", body, detect_language(body))  # qiao.moderation
    ratelimit.check("comment_create", _user_key(author))
    with transaction.atomic():
        locked = _visible_note_locked(author, note)
        reply_to = None
        if parent is not None:
            parent = (
                Comment.objects.select_related("author")
                .filter(pk=parent.pk, note=locked, is_hidden=False)
                .first()
            )
            if parent is None:
                raise ValidationError(
                    {"parent_id": [_("The comment you are replying to is gone.")]}
                )
            if parent.parent_id is not None:
                reply_to = parent.author
                parent = Comment.objects.select_related("author").get(pk=parent.parent_id)
        comment = Comment.objects.create(
            note=locked,
            author=author,
            parent=parent,
            reply_to=reply_to,
            body=body,
            lang=detect_language(body),
        )
        moderation.apply(comment)  # held: hidden and queued for review, so not counted
        if not comment.is_hidden:
            _bump(Note, locked.pk, 1, "comment_count")
            _refresh_rank(locked)

        notified = {author.pk}
        answered = reply_to or (parent.author if parent is not None else None)
        if answered is not None and answered.pk not in notified:
            notify(answered, author, Verb.REPLY, note=locked, comment=comment)
            notified.add(answered.pk)
        if locked.author_id not in notified:
            notify(locked.author, author, Verb.COMMENT, note=locked, comment=comment)
            notified.add(locked.author_id)
        notify_mentions(author, text=body, note=locked, comment=comment, exclude=notified)
    _sync(note, locked)
    return comment


def can_delete_comment(comment: Comment, actor) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return actor.pk in (comment.author_id, comment.note.author_id) or actor.is_moderator


def delete_comment(comment: Comment, actor) -> int:
    """Delete a comment with its replies (its author, the note's author or a moderator); return how many went."""
    with transaction.atomic():
        comment = Comment.objects.select_related("note").filter(pk=comment.pk).first()
        if comment is None:
            raise Http404(_("Comment not found."))
        if not can_delete_comment(comment, actor):
            if (
                not actor
                or not actor.is_authenticated
                or comment.is_hidden
                or not can_see(actor, comment.note)
            ):
                raise Http404(_("Comment not found."))
            raise PermissionDenied(
                _("Only the comment's author or the note's author can delete it.")
            )
        locked = _locked_note(comment.note)
        removed = 1 + (comment.replies.count() if comment.parent_id is None else 0)
        comment.delete()
        _recount_comments(locked)  # hidden ones were not counted: never subtract them twice
    return removed


def shown_comment_count(note_id: int) -> int:
    """How many of a note's comments are shown: not hidden, and replies only under a shown comment."""
    return (
        Comment.objects.filter(note_id=note_id, is_hidden=False)
        .filter(Q(parent__isnull=True) | Q(parent__is_hidden=False))
        .count()
    )


def _recount_comments(locked: Note) -> None:
    """Store the comments ``locked`` shows as its comment_count, and its new rank (note locked by the caller)."""
    Note.objects.filter(pk=locked.pk).update(comment_count=shown_comment_count(locked.pk))
    _refresh_rank(locked)


def set_comment_hidden(comment: Comment, hidden: bool) -> bool:
    """Hide or show ``comment`` (moderation) and keep its note's comment_count and rank right.

    The count is recomputed from the comments shown, with the note locked, so
    hiding twice, restoring twice or deleting a hidden comment never counts
    anything twice; a hidden comment's replies leave the count with it and
    come back with it. Returns True when the flag changed.
    """
    with transaction.atomic():
        note_id = Comment.objects.filter(pk=comment.pk).values_list("note_id", flat=True).first()
        if note_id is None:
            raise Http404(_("Comment not found."))
        locked = _locked_note(Note(pk=note_id))
        changed = (
            Comment.objects.filter(pk=comment.pk).exclude(is_hidden=hidden).update(is_hidden=hidden)
        )
        comment.is_hidden = hidden
        _recount_comments(locked)
    return bool(changed)


def _with_liked_by(comments: QuerySet[Comment], viewer) -> QuerySet[Comment]:
    """Mark each comment with ``liked_by_me`` for a signed-in ``viewer``, inside the same query."""
    if viewer is None or not viewer.is_authenticated:
        return comments
    liked = CommentLike.objects.filter(user_id=viewer.pk, comment_id=OuterRef("pk"))
    return comments.annotate(liked_by_me=Exists(liked))


def visible_comments(note: Note, viewer=None) -> QuerySet[Comment]:
    """Top-level comments shown under ``note``, with their shown replies loaded.

    With a signed-in ``viewer``, every comment and reply carries ``liked_by_me``
    at no extra query (an EXISTS in the same SELECT), so the note page's query
    count does not grow with its comments.
    """
    replies = _with_liked_by(
        Comment.objects.filter(is_hidden=False).select_related("author", "reply_to").order_by("id"),
        viewer,
    )
    return _with_liked_by(
        Comment.objects.filter(note=note, parent__isnull=True, is_hidden=False)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="shown_replies")),
        viewer,
    )


def comments_page(
    note: Note, cursor: str | None = None, limit: int = COMMENTS_PER_PAGE, viewer=None
) -> Page:
    """A page of ``note``'s top-level comments, newest first (raises InvalidCursor for a bad cursor)."""
    return paginate(visible_comments(note, viewer), ("id",), cursor, limit)


# --- comment likes --------------------------------------------------------------------


def shown_comments(viewer) -> QuerySet[Comment]:
    """Comments ``viewer`` may see: shown, not under a hidden comment, on a note they may see."""
    return Comment.objects.filter(
        is_hidden=False, note__in=Note.objects.visible_to(viewer).values("pk")
    ).exclude(parent__is_hidden=True)


def _comment_like_count(comment_id: int) -> int:
    return Comment.objects.filter(pk=comment_id).values_list("like_count", flat=True).get()


def _notify_comment_like(comment: Comment, actor) -> None:
    """Tell the comment's author, once per person and comment.

    Liking again after an unlike stays quiet when the author has already been
    told (an unread notice is taken back by the unlike, a read one is not), so
    toggling a heart cannot flood anyone's notifications.
    """
    told = Notification.objects.filter(
        recipient_id=comment.author_id, actor_id=actor.pk, verb=Verb.COMMENT_LIKE, comment=comment
    ).exists()
    if not told:
        notify(comment.author, actor, Verb.COMMENT_LIKE, note=comment.note, comment=comment)


def like_comment(user, comment: Comment) -> bool:
    """Like ``comment``; return True when this created the like (False if it was already liked).

    A comment ``user`` may not see answers Http404. Shares the "like" rate
    limit and the moderation guard with note likes. Updates the caller's
    ``comment.like_count``.
    """
    guard(user, "like")  # suspended or banned people may not (qiao.moderation)
    ratelimit.check("like", _user_key(user))
    with transaction.atomic():
        locked = (
            shown_comments(user)
            .select_related("author", "note")
            .select_for_update(of=("self",))
            .filter(pk=comment.pk)
            .first()
        )
        if locked is None:
            raise Http404(_("Comment not found."))
        created = False
        if not CommentLike.objects.filter(user=user, comment=locked).exists():
            try:
                with transaction.atomic():
                    CommentLike.objects.create(user=user, comment=locked)
                created = True
            except IntegrityError:  # a concurrent request liked it first
                pass
        if created:
            _bump(Comment, locked.pk, 1, "like_count")
            _notify_comment_like(locked, user)
        comment.like_count = _comment_like_count(locked.pk)
    return created


def unlike_comment(user, comment: Comment) -> bool:
    """Take back a comment like; return True when there was one.

    Like unlike(): one's own like can always be taken back, even from a comment
    one may no longer see; otherwise an invisible comment answers Http404.
    """
    ratelimit.check("like", _user_key(user))
    with transaction.atomic():
        locked = (
            Comment.objects.select_related("author", "note")
            .select_for_update(of=("self",))
            .filter(pk=comment.pk)
            .first()
        )
        if locked is None:
            raise Http404(_("Comment not found."))
        deleted = CommentLike.objects.filter(user=user, comment=locked).delete()[0]
        if deleted:
            _bump(Comment, locked.pk, -1, "like_count")
            withdraw(locked.author, user, Verb.COMMENT_LIKE, note=locked.note, comment=locked)
        elif not shown_comments(user).filter(pk=locked.pk).exists():
            raise Http404(_("Comment not found."))
        comment.like_count = _comment_like_count(locked.pk)
    return bool(deleted)


def is_comment_liked(user, comment: Comment) -> bool:
    return bool(user and user.is_authenticated) and (
        CommentLike.objects.filter(user=user, comment=comment).exists()
    )


def notify_mentions(
    actor, *, text: str, note: Note | None = None, comment: Comment | None = None, exclude=()
) -> list:
    """Notify the people @mentioned in ``text`` (a note's text, or a comment's body).

    At most 10 people per text are notified; never the actor, nobody in
    ``exclude`` (user ids already told), nobody who may not see the note, and
    for a note (no comment) nobody already told about it, so editing a note
    does not notify twice. Returns the people notified.
    """
    handles = extract_mentions(text)[: MAX_MENTIONS_NOTIFIED * 3]
    if not handles:
        return []
    skip = set(exclude) | {actor.pk}
    people = {
        u.handle: u
        for u in User.objects.filter(handle__in=handles, is_active=True).exclude(pk__in=skip)
    }
    if note is not None and comment is None:
        already = set(
            Notification.objects.filter(
                verb=Verb.MENTION,
                note=note,
                comment__isnull=True,
                recipient__in=list(people.values()),
            ).values_list("recipient_id", flat=True)
        )
        people = {h: u for h, u in people.items() if u.pk not in already}
    notified = []
    for handle in handles:
        person = people.get(handle)
        if person is None:
            continue
        if notify(person, actor, Verb.MENTION, note=note, comment=comment) is not None:
            notified.append(person)
        if len(notified) >= MAX_MENTIONS_NOTIFIED:
            break
    return notified


# --- follows ------------------------------------------------------------------------


def follow(follower, followee) -> bool:
    """Follow ``followee``; return True when this created the follow."""
    if follower.pk == followee.pk:
        raise ValidationError(_("You cannot follow yourself."))
    if not followee.is_active:
        raise Http404(_("User not found."))
    guard(follower, "follow")  # suspension and surge limits (qiao.moderation)
    ratelimit.check("follow", _user_key(follower))
    with transaction.atomic():
        if Follow.objects.filter(follower=follower, followee=followee).exists():
            return False
        try:
            with transaction.atomic():
                Follow.objects.create(follower=follower, followee=followee)
        except IntegrityError:
            return False
        _bump(User, follower.pk, 1, "following_count")
        _bump(User, followee.pk, 1, "follower_count")
        notify(followee, follower, Verb.FOLLOW)
    return True


def unfollow(follower, followee) -> bool:
    """Stop following ``followee``; return True when there was a follow (shares the "follow" rate limit)."""
    ratelimit.check("follow", _user_key(follower))
    with transaction.atomic():
        deleted = Follow.objects.filter(follower=follower, followee=followee).delete()[0]
        if not deleted:
            return False
        _bump(User, follower.pk, -1, "following_count")
        _bump(User, followee.pk, -1, "follower_count")
        withdraw(followee, follower, Verb.FOLLOW)
    return True


def is_following(follower, followee) -> bool:
    if not follower or not follower.is_authenticated or follower.pk == followee.pk:
        return False
    return Follow.objects.filter(follower=follower, followee=followee).exists()


def followed_ids(viewer, user_ids) -> set[int]:
    """Which of ``user_ids`` ``viewer`` follows, in one query."""
    if not viewer or not viewer.is_authenticated:
        return set()
    ids = list(user_ids)
    if not ids:
        return set()
    return set(
        Follow.objects.filter(follower=viewer, followee_id__in=ids).values_list(
            "followee_id", flat=True
        )
    )


def followers_page(user, cursor: str | None = None, limit: int = 30) -> Page:
    """People following ``user``, most recent first (items are Follow rows with ``follower`` loaded)."""
    qs = Follow.objects.filter(followee=user, follower__is_active=True).select_related("follower")
    return paginate(qs, ("id",), cursor, limit)


def following_page(user, cursor: str | None = None, limit: int = 30) -> Page:
    """People ``user`` follows, most recent first (items are Follow rows with ``followee`` loaded)."""
    qs = Follow.objects.filter(follower=user, followee__is_active=True).select_related("followee")
    return paginate(qs, ("id",), cursor, limit)


def follow_list(user, which: str, viewer, cursor: str | None = None, limit: int = 30) -> Page:
    """One page of ``user``'s followers or following (``which``), as people, for the pages and the API.

    Banned accounts never appear (as everywhere on the site); each person
    carries ``followed_by_me`` for ``viewer``, in one query for the page.
    Raises InvalidCursor for a cursor it did not issue.
    """
    if which == "followers":
        page = followers_page(user, cursor, limit)
        people = [follow.follower for follow in page.items]
    else:
        page = following_page(user, cursor, limit)
        people = [follow.followee for follow in page.items]
    followed = followed_ids(viewer, [person.pk for person in people])
    for person in people:
        person.followed_by_me = person.pk in followed
    return Page(people, page.next_cursor)


# --- the note page ------------------------------------------------------------------


@dataclass
class BoardChoice:
    board: Board
    has_note: bool


def note_page_context(note: Note, viewer) -> dict:
    """Everything the note page needs from this app.

    Keys: ``liked``, ``collected``, ``is_following`` (viewer follows the
    author), ``board_choices`` (the viewer's boards, each with ``has_note``),
    ``comments`` and ``comments_next_cursor`` (first page of top-level
    comments with ``shown_replies`` and, signed in, ``liked_by_me``),
    ``person`` (the author, for social/follow_button.html), ``can_moderate``,
    ``comment_max_length``, ``extra_hashtags`` (see :func:`hashtags_outside_body`).
    """
    signed_in = bool(viewer and viewer.is_authenticated)
    page = comments_page(note, viewer=viewer)
    context = {
        "liked": False,
        "collected": False,
        "is_following": False,
        "board_choices": [],
        "comments": page.items,
        "comments_next_cursor": page.next_cursor,
        "person": note.author,
        "can_moderate": signed_in and viewer.is_moderator,
        "comment_max_length": MAX_COMMENT,
        "extra_hashtags": hashtags_outside_body(note),
    }
    if signed_in:
        choices = board_choices(viewer, note)
        context.update(
            liked=is_liked(viewer, note),
            collected=any(choice.has_note for choice in choices),
            is_following=is_following(viewer, note.author),
            board_choices=choices,
        )
    return context


def hashtags_outside_body(note: Note) -> list:
    """``note``'s hashtags that its body does not link inline (those written only in the title).

    The note page links hashtags where they stand in the text, as Xiaohongshu
    does; repeating them in a row below would show each tag twice. Uses the
    prefetched ``note.hashtags`` when there is one.
    """
    in_body = set(extract_hashtags(note.body))
    return sorted((tag for tag in note.hashtags.all() if tag.name not in in_body), key=lambda t: t.name)


def board_choices(user, note: Note) -> list[BoardChoice]:
    """``user``'s boards (default first), each marked with whether it holds ``note``."""
    in_boards = collected_board_ids(user, note)
    boards = Board.objects.filter(owner=user).order_by("-is_default", "name")
    return [BoardChoice(board, board.pk in in_boards) for board in boards]
