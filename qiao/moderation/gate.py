"""The one place content services ask moderation before writing.

Every service that publishes or acts calls into here (documented in
docs/moderation.md):

- :func:`guard` ``(user, action)`` — for likes, collects and follows: the
  person may act (not suspended or banned: ``PermissionDenied``) and is within
  the surge-protection limits (``RateLimited``);
- :func:`screen` ``(author, kind, text, lang, field=…)`` — before a note,
  comment, bio or glossary proposal is written: the same checks, the link
  limit, then :func:`~qiao.moderation.checks.check_text`. A rejection is a
  ``ValidationError`` on ``field``; otherwise it returns a :class:`Decision`;
- :meth:`Decision.apply` ``(obj)`` — inside the service's transaction, right
  after the object is saved: a held object is hidden (``is_hidden``) and an
  automatic case opens in the moderator queue. For bios, "hold" cannot hide
  the whole account, so the bio is published and a case opens for review
  (a moderator's "hide" then removes the bio).

Surge mode also holds the first posts (notes and comments) of accounts
younger than 7 days until a moderator approves them.

The author is told: :func:`held_notice` is the message for a held note,
comment or proposal, and :class:`~qiao.moderation.middleware.ModerationMiddleware`
shows it (a warning message on the next page) after any web request that held
something. The standing page lists what is waiting.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .checks import ALLOW, HOLD, REJECT, Verdict, check_text
from .limits import ESTABLISHED, check_limits, count_links, surge_mode, tier_for_age
from .services import ensure_can_act

KIND_ACTIONS = {"note": "note", "comment": "comment"}
HIDEABLE = {"note", "comment", "glossary"}

# Kinds held during the request being handled (a list set by ModerationMiddleware).
held_now: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "qiao_moderation_held", default=None
)


def held_notice(kind: str) -> str:
    """What the author of a held note, comment or glossary proposal is told."""
    if kind == "note":
        return _(
            "Your note is waiting for a moderator's review. Until it is approved, nobody else "
            "can see it."
        )
    if kind == "comment":
        return _(
            "Your comment is waiting for a moderator's review. Until it is approved, nobody "
            "else can see it."
        )
    return _("Your post is waiting for a moderator's review before others can see it.")


def guard(user, action: str) -> None:
    """May ``user`` do ``action`` ("like", "follow"…) now? PermissionDenied / RateLimited if not."""
    ensure_can_act(user)
    check_limits(user, action)


@dataclass(frozen=True)
class Decision:
    kind: str
    verdict: Verdict
    hold: bool
    surge_hold: bool = False

    def apply(self, obj) -> None:
        """Call inside the service's transaction once ``obj`` is saved: hide and queue it if held."""
        if not self.hold:
            return
        from .models import ModerationAction, ModerationCase
        from .services import hide, open_case, record

        kind = "user" if self.kind == "bio" else self.kind
        hideable = self.kind in HIDEABLE and hasattr(obj, "is_hidden")
        verdict = self.verdict.as_dict() | {"kind": self.kind, "surge_hold": self.surge_hold}
        case = open_case(kind, obj, ModerationCase.Source.AUTOMATIC, held=hideable, verdict=verdict)
        if hideable and not obj.is_hidden:
            hide(obj, kind)
        held = held_now.get()
        if hideable and held is not None:
            held.append(kind)
        reason = " ".join(self.verdict.reasons) or (
            _("Surge mode: first posts of new accounts wait for review.") if self.surge_hold else ""
        )
        record(None, ModerationAction.Action.HOLD, case=case, obj=obj, kind=kind,
               target_user=case.target_user, reason=reason, snapshot=case.snapshot)  # fmt: skip


def _is_first_post(author) -> bool:
    from qiao.social.models import Comment

    return not (
        author.notes.filter(is_hidden=False).exists()
        or Comment.objects.filter(author=author, is_hidden=False).exists()
    )


def screen(
    author,
    kind: str,
    text: str,
    lang: str = "",
    *,
    field: str = "body",
    new: bool = True,
    parts: dict[str, str] | None = None,
) -> Decision:
    """Check a new or edited note/comment/bio/glossary text before it is written.

    ``new`` is False for edits: they are checked, but not counted against the
    hourly limits (except for links). ``parts`` ({field: text}) lets a
    rejection name the field that caused it; otherwise it is on ``field``.
    """
    ensure_can_act(author)
    action = KIND_ACTIONS.get(kind)
    if new and action:
        check_limits(author, action)
    links = count_links(text)
    if links:
        check_limits(author, "link", cost=links)
    verdict = check_text(text, lang, kind)
    if verdict.outcome == REJECT:
        culprit = next(
            (
                name
                for name, part in (parts or {}).items()
                if part and check_text(part, lang, kind).outcome == REJECT
            ),
            field,
        )
        raise ValidationError(
            {
                culprit: [
                    _("This can't be posted: it breaks the community rules. Please rephrase it.")
                ]
            }
        )
    surge_hold = (
        kind in KIND_ACTIONS
        and new
        and verdict.outcome != HOLD
        and surge_mode()
        and tier_for_age(author) != ESTABLISHED
        and not author.is_moderator
        and _is_first_post(author)
    )
    return Decision(kind, verdict, verdict.outcome == HOLD or surge_hold, surge_hold)


NOTE_TEXT_FIELDS = ("title", "body", "location")


def screen_note(author, fields: dict, lang: str = "", *, note=None) -> Decision:
    """:func:`screen` for a note: ``fields`` are the cleaned values; with ``note`` it is an edit.

    An edit that leaves the text as it was checks nothing (a no-op Decision).
    """
    current = (
        {name: getattr(note, name, "") for name in NOTE_TEXT_FIELDS} if note is not None else {}
    )
    merged = {name: fields.get(name, current.get(name, "")) or "" for name in NOTE_TEXT_FIELDS}
    if note is not None and merged == current:
        return Decision("note", Verdict(ALLOW), hold=False)
    text = "\n".join(value for value in merged.values() if value)
    lang = lang or fields.get("lang") or getattr(note, "lang", "") or ""
    return screen(author, "note", text, lang, new=note is None, parts=merged)


def screen_profile(user, changes: dict) -> Decision:
    """Check a changed bio and display name (cleaned values in ``changes``); a no-op Decision otherwise."""
    parts = {
        name: changes[name]
        for name in ("display_name", "bio")
        if changes.get(name) and changes[name] != getattr(user, name, "")
    }
    if not parts:
        return Decision("bio", Verdict(ALLOW), hold=False)
    from qiao.core.languages import detect_language

    text = "\n".join(parts.values())
    field = next(reversed(parts))
    return screen(user, "bio", text, detect_language(text), field=field, new=False, parts=parts)
