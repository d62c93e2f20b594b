"""Build the demo site from qiao.demo.content, through the same services people use.

Accounts, notes, comments, likes, follows and boards are all made by the real
services (so counters, ranks, hashtags and notifications come out exactly as
on a live site); afterwards their timestamps are spread over the last month,
so Explore's ranking and "2 days ago" labels look natural.

Idempotent: people are found by handle, notes by (author, title), comments by
(note, author, text), boards by (owner, name); likes, follows and collects are
idempotent by nature. Running it again adds only what is missing.
"""

from __future__ import annotations

import io
import logging
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.test.utils import override_settings
from django.utils import timezone

from qiao.accounts import services as accounts
from qiao.core.ratelimit import RateLimited
from qiao.notes import services as notes
from qiao.notes.models import Note
from qiao.notifications.models import Notification
from qiao.social import services as social
from qiao.social.models import Board, Collect, Comment, Follow, Like

from .content import BOARDS, FOLLOWS, NOTES, USERS, C, DemoNote, DemoUser
from .drawing import draw_avatar, draw_picture, jpeg_bytes

logger = logging.getLogger(__name__)
User = get_user_model()
_HAN = re.compile(r"[\u4e00-\u9fff]")

# The demo acts for thirty people at once; per-person flood limits are for real people.
_NO_RATE_LIMITS = {scope: "1000000000/1" for scope in settings.QIAO_RATE_LIMITS}


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n

    def summary(self) -> str:
        order = ("users", "follows", "notes", "comments", "likes", "boards", "collects")
        parts = [f"{self.created.get(kind, 0)} {kind}" for kind in order]
        return f"Demo content: added {', '.join(parts)} in {self.seconds:.1f} s."


# What a service may refuse with: the demo notes it and goes on (a moderation rule or a
# limit on this site must not stop the rest of the demo).
REFUSALS = (ValidationError, PermissionDenied, Http404, RateLimited)


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error) or type(error).__name__


def _rng(*parts: object) -> random.Random:
    """A random generator seeded by ``parts``: the demo is the same every time it is built."""
    return random.Random("/".join(map(str, parts)))


def demo_people_queryset(users: Iterable[DemoUser] = USERS):
    """Accounts that are demo people: both handle and phone number must match, so a real
    person who happens to pick a demo handle is never posted as or deleted."""
    match = Q(pk__in=[])
    for person in users:
        match |= Q(handle=person.handle, phone=person.phone)
    return User.objects.filter(match)


@dataclass(frozen=True)
class Content:
    """What to build; tests build a slice of the full demo."""

    users: list[DemoUser] = field(default_factory=lambda: list(USERS))
    notes: list[DemoNote] = field(default_factory=lambda: list(NOTES))
    follows: dict[str, list[str]] = field(default_factory=lambda: dict(FOLLOWS))
    boards: dict[str, list[tuple[str, bool, tuple[str, ...]]]] = field(default_factory=lambda: dict(BOARDS))

    def only(self, handles: Iterable[str]) -> "Content":
        """The part of the content that involves only ``handles``."""
        keep = set(handles)
        return Content(
            users=[u for u in self.users if u.handle in keep],
            notes=[n for n in self.notes if n.author in keep],
            follows={a: [b for b in bs if b in keep] for a, bs in self.follows.items() if a in keep},
            boards={a: bs for a, bs in self.boards.items() if a in keep},
        )


class DemoBuilder:
    def __init__(
        self, content: Content | None = None, log: Callable[[str], None] = logger.info, now: datetime | None = None
    ) -> None:
        self.content = content or Content()
        self.log = log
        self.now = now or timezone.now()
        self.report = Report()
        self.people: dict[str, User] = {}
        self.reads: dict[str, set[str]] = {}
        self.notes: list[tuple[DemoNote, Note]] = []

    # --- people ---------------------------------------------------------------------

    def build_people(self) -> None:
        available = list(settings.QIAO_CONTENT_LANGUAGES)
        existing = {u.handle: u for u in demo_people_queryset(self.content.users)}
        for person in self.content.users:
            user = existing.get(person.handle)
            if user is None:
                user = self._create_person(person, available)
            if user is not None:
                self.people[person.handle] = user
                self.reads[person.handle] = set(user.read_languages or [])

    def _create_person(self, person: DemoUser, available: list[str]) -> User | None:
        if User.objects.filter(phone=person.phone).exists():
            self.report.skipped.append(f"@{person.handle}: {person.phone} already belongs to someone else")
            return None
        reads = [code for code in person.reads if code in available] or available[:1]
        avatar = ContentFile(jpeg_bytes(draw_avatar(person.glyph, person.colors)), name="avatar.jpg")
        try:
            with transaction.atomic():
                user = accounts.create_account(person.phone, person.handle, person.name, interface_language=person.ui)
                accounts.update_profile(user, avatar=avatar, bio=person.bio, read_languages=reads)
        except REFUSALS as error:
            self.report.skipped.append(f"@{person.handle}: {_reason(error)}")
            return None
        # Demo people have been around for a while (which also puts them in moderation's
        # "established" tier, whose hourly limits the demo stays within).
        user.date_joined = self.now - timedelta(days=45 + _rng(person.handle).uniform(0, 60))
        User.objects.filter(pk=user.pk).update(date_joined=user.date_joined)
        self.report.add("users")
        return user

    # --- follows --------------------------------------------------------------------

    def build_follows(self) -> None:
        handles = list(self.people)
        wanted: set[tuple[str, str]] = set()
        for follower, followees in self.content.follows.items():
            wanted.update((follower, followee) for followee in followees)
        for handle in handles:
            rng = _rng("follows", handle)
            others = [h for h in handles if h != handle]
            if not others:
                continue
            # People mostly follow those who write in a language they read.
            weights = [3 if self.reads[h] & self.reads[handle] else 1 for h in others]
            for followee in set(rng.choices(others, weights=weights, k=rng.randint(3, 7))):
                wanted.add((handle, followee))
        ids = {handle: user.pk for handle, user in self.people.items()}
        existing = set(
            Follow.objects.filter(follower_id__in=ids.values()).values_list("follower_id", "followee_id")
        )
        for follower, followee in sorted(wanted):
            if follower not in ids or followee not in ids or (ids[follower], ids[followee]) in existing:
                continue
            try:
                followed = social.follow(self.people[follower], self.people[followee])
            except REFUSALS as error:
                self.report.skipped.append(f"@{follower} following @{followee}: {_reason(error)}")
                continue
            if followed:
                when = self.now - timedelta(days=_rng(follower, followee).uniform(20, 40))
                Follow.objects.filter(follower_id=ids[follower], followee_id=ids[followee]).update(created_at=when)
                self.report.add("follows")

    # --- notes ----------------------------------------------------------------------

    def build_notes(self) -> None:
        fields = ("id", "author_id", "title", "created_at", "lang")
        existing = {
            (note.author_id, note.title): note
            for note in Note.objects.filter(author__in=self.people.values()).only(*fields)
        }
        # Oldest first, so ids grow with time as they would on a live site.
        for item in sorted(self.content.notes, key=lambda n: -n.days_ago):
            author = self.people.get(item.author)
            if author is None:
                continue
            note = existing.get((author.pk, item.title))
            if note is None:
                note = self._create_note(author, item)
            if note is not None:
                self.notes.append((item, note))

    def _create_note(self, author: User, item: DemoNote) -> Note | None:
        zh = bool(_HAN.search(item.title))
        images = [
            io.BytesIO(jpeg_bytes(draw_picture(img.word, img.palette, img.ratio, img.motif))) for img in item.images
        ]
        alt_texts = [(f"手绘插图：{img.word}" if zh else f"Illustration: {img.word}") for img in item.images]
        try:
            note = notes.create_note(
                author,
                title=item.title,
                body=item.body,
                location=item.location,
                visibility=Note.Visibility.FOLLOWERS if item.followers_only else Note.Visibility.PUBLIC,
                images=images,
                alt_texts=alt_texts,
            )
        except REFUSALS as error:
            self.report.skipped.append(f"note “{item.title}”: {_reason(error)}")
            return None
        jitter = _rng("note", item.author, item.title).uniform(-0.2, 0.2)
        created = self.now - timedelta(days=max(0.05, item.days_ago + jitter))
        Note.objects.filter(pk=note.pk).update(created_at=created)
        note.created_at = created
        social.notify_mentions(author, text=f"{item.title}\n{item.body}", note=note)
        self.report.add("notes")
        return note

    # --- comments -------------------------------------------------------------------

    def build_comments(self) -> None:
        for item, note in self.notes:
            rng = _rng("comments", item.author, item.title)
            when = note.created_at
            for comment in item.comments:
                when = self._comment(note, comment, None, when, rng)

    def _comment(self, note: Note, item: C, parent: Comment | None, after: datetime, rng: random.Random) -> datetime:
        author = self.people.get(item.author)
        if author is None:
            return after
        when = min(after + timedelta(hours=rng.uniform(0.3, 14)), self.now - timedelta(minutes=rng.uniform(5, 90)))
        comment = Comment.objects.filter(note=note, author=author, body=item.body.strip()).first()
        if comment is None:
            try:
                comment = social.add_comment(author, note, item.body, parent=parent)
            except REFUSALS as error:
                self.report.skipped.append(f"comment by @{item.author} on “{note.title}”: {_reason(error)}")
                return after
            Comment.objects.filter(pk=comment.pk).update(created_at=when)
            self.report.add("comments")
        reply_time = when
        for reply in item.replies:
            reply_time = self._comment(note, reply, comment, reply_time, rng)
        return when

    # --- likes and collects ---------------------------------------------------------

    def build_likes(self) -> None:
        ids = {user.pk: handle for handle, user in self.people.items()}
        liked = set(Like.objects.filter(user_id__in=ids).values_list("user_id", "note_id"))
        followers: dict[int, set[int]] = {}
        for follower_id, followee_id in Follow.objects.filter(followee_id__in=ids).values_list("follower_id", "followee_id"):
            followers.setdefault(followee_id, set()).add(follower_id)
        for item, note in self.notes:
            rng = _rng("likes", item.author, item.title)
            lang = note.lang
            candidates = [
                handle
                for handle, user in self.people.items()
                if user.pk != note.author_id
                and (not item.followers_only or user.pk in followers.get(note.author_id, set()))
            ]
            if not candidates:
                continue
            weights = [4 if (not lang or lang in self.reads[h]) else 1 for h in candidates]
            count = min(len(candidates), round(item.buzz * rng.uniform(0.7, 1.6)))
            chosen: list[str] = []
            while len(chosen) < count:
                pick = rng.choices(candidates, weights=weights)[0]
                if pick not in chosen:
                    chosen.append(pick)
            age = (self.now - note.created_at).total_seconds()
            for handle in chosen:
                user = self.people[handle]
                collects = rng.random() < 0.2
                when = note.created_at + timedelta(seconds=age * rng.uniform(0.02, 0.95))
                if (user.pk, note.pk) in liked:
                    continue
                try:
                    if social.like(user, note):
                        Like.objects.filter(user=user, note=note).update(created_at=when)
                        self.report.add("likes")
                    if collects and not Collect.objects.filter(user=user, note=note).exists():
                        social.collect(user, note)
                        Collect.objects.filter(user=user, note=note).update(created_at=when)
                        self.report.add("collects")
                except REFUSALS as error:
                    self.report.skipped.append(f"@{handle} liking “{note.title}”: {_reason(error)}")

    def build_boards(self) -> None:
        by_tag: dict[str, list[Note]] = {}
        for _item, note in self.notes:
            for name in note.hashtags.values_list("name", flat=True):
                by_tag.setdefault(name, []).append(note)
        for handle, boards in self.content.boards.items():
            owner = self.people.get(handle)
            if owner is None:
                continue
            for name, private, tags in boards:
                board = Board.objects.filter(owner=owner, name=name).first()
                if board is None:
                    try:
                        board = social.create_board(owner, name, is_private=private)
                    except REFUSALS as error:
                        self.report.skipped.append(f"board “{name}”: {_reason(error)}")
                        continue
                    self.report.add("boards")
                rng = _rng("board", handle, name)
                pool = {note.pk: note for tag in tags for note in by_tag.get(tag, []) if note.author_id != owner.pk}
                picks = sorted(pool.values(), key=lambda n: n.pk)
                rng.shuffle(picks)
                have = set(Collect.objects.filter(board=board).values_list("note_id", flat=True))
                for note in picks[:8]:
                    if note.pk in have or not social.can_see(owner, note):
                        continue
                    try:
                        social.collect(owner, note, board)
                    except REFUSALS as error:
                        self.report.skipped.append(f"@{handle} collecting “{note.title}”: {_reason(error)}")
                        continue
                    when = note.created_at + (self.now - note.created_at) * rng.uniform(0.1, 0.9)
                    Collect.objects.filter(board=board, note=note).update(created_at=when)
                    self.report.add("collects")

    # --- finishing ------------------------------------------------------------------

    def finish(self, first_new_notification: int) -> None:
        """Rank notes by their spread-out ages, and date the new notifications like what they report."""
        for _item, note in self.notes:
            note.refresh_from_db(fields=["like_count", "collect_count", "comment_count", "created_at"])
            note.rank = note.compute_rank()
        Note.objects.bulk_update([note for _item, note in self.notes], ["rank"], batch_size=200)

        fresh = Notification.objects.filter(pk__gte=first_new_notification)
        fresh.filter(comment__isnull=False).update(
            created_at=Subquery(Comment.objects.filter(pk=OuterRef("comment_id")).values("created_at")[:1])
        )
        fresh.filter(verb=Notification.Verb.LIKE).update(
            created_at=Subquery(
                Like.objects.filter(note_id=OuterRef("note_id"), user_id=OuterRef("actor_id")).values("created_at")[:1]
            )
        )
        fresh.filter(verb=Notification.Verb.COLLECT).update(
            created_at=Subquery(
                Collect.objects.filter(note_id=OuterRef("note_id"), user_id=OuterRef("actor_id"))
                .order_by("created_at")
                .values("created_at")[:1]
            )
        )
        fresh.filter(verb=Notification.Verb.FOLLOW).update(
            created_at=Subquery(
                Follow.objects.filter(follower_id=OuterRef("actor_id"), followee_id=OuterRef("recipient_id")).values(
                    "created_at"
                )[:1]
            )
        )
        fresh.filter(verb=Notification.Verb.MENTION, comment__isnull=True).update(
            created_at=Subquery(Note.objects.filter(pk=OuterRef("note_id")).values("created_at")[:1])
        )
        # Older news has been seen: only the last couple of days show as unread.
        fresh.filter(created_at__lt=self.now - timedelta(days=2)).update(read_at=F("created_at") + timedelta(hours=2))

    def build(self) -> Report:
        started = time.monotonic()
        first_new_notification = (Notification.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        with override_settings(QIAO_RATE_LIMITS=_NO_RATE_LIMITS):
            steps: Iterable[tuple[str, Callable[[], None]]] = (
                ("people", self.build_people),
                ("follows", self.build_follows),
                ("notes", self.build_notes),
                ("comments", self.build_comments),
                ("likes and collects", self.build_likes),
                ("boards", self.build_boards),
            )
            for label, step in steps:
                step_started = time.monotonic()
                # One transaction per step: far fewer disk syncs, and a failed step leaves nothing half-done.
                with transaction.atomic():
                    step()
                self.log(f"  {label}: {time.monotonic() - step_started:.1f} s")
        with transaction.atomic():
            self.finish(first_new_notification)
        self.report.seconds = time.monotonic() - started
        return self.report


def build_demo(log: Callable[[str], None] = logger.info, content: Content | None = None) -> Report:
    """Add whatever part of the demo is missing; return what was added."""
    return DemoBuilder(content, log=log).build()


def remove_demo(log: Callable[[str], None] = logger.info) -> int:
    """Delete the demo people and everything they made (photo files included); return how many people."""
    people = list(demo_people_queryset())
    demo_ids = [user.pk for user in people]
    for user in people:
        for note in Note.objects.filter(author=user):
            notes.delete_note(note, user)
    # Take back what the demo did to other people's notes and accounts, so their counters stay right.
    for user in people:
        for like in Like.objects.filter(user=user).exclude(note__author_id__in=demo_ids).select_related("note"):
            social.unlike(user, like.note)
        for item in Collect.objects.filter(user=user).exclude(note__author_id__in=demo_ids).select_related("note"):
            social.uncollect(user, item.note)
        mine = Comment.objects.filter(author=user).exclude(note__author_id__in=demo_ids)
        for comment_id in mine.order_by("id").values_list("id", flat=True):
            # Deleting a comment deletes its replies: look each one up afresh.
            if (comment := Comment.objects.filter(pk=comment_id).first()) is not None:
                social.delete_comment(comment, user)
        for follow in Follow.objects.filter(followee=user).exclude(follower_id__in=demo_ids).select_related("follower"):
            social.unfollow(follow.follower, user)
        for follow in Follow.objects.filter(follower=user).exclude(followee_id__in=demo_ids).select_related("followee"):
            social.unfollow(user, follow.followee)
    for user in people:
        if user.avatar:
            user.avatar.delete(save=False)
        user.delete()
    log(f"Removed {len(people)} demo people and their notes.")
    return len(people)
