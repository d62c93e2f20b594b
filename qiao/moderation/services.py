"""Reports, the moderator queue and moderator actions, each recorded in the audit log.

Used by the web views and the API alike. Functions raise ``ValidationError``
for bad input, ``Http404`` for things the actor may not see (the queue is
404 for everyone but moderators), ``PermissionDenied`` for actions beyond a
moderator's role, and ``RateLimited`` when someone reports too much.

Actions (``act``): dismiss (no violation; held content is published), hide,
delete, warn, suspend (for N days), ban, restore. Hide, delete, warn, suspend
and ban uphold the case's reports and give the author a strike; restore
takes one back. A ban also hides everything the person posted, and restoring
it brings exactly that back. Every action writes one :class:`ModerationAction`
(and one more, ``part_of`` it, per post a ban hid or its restore gave back).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.accounts.tokencache import forget_user
from qiao.core import ratelimit
from qiao.core.text import clean_text

from .models import (
    MAX_DETAILS,
    MAX_REASON_TEXT,
    Kind,
    ModerationAction,
    ModerationCase,
    Reason,
    Report,
    SiteSettings,
    Standing,
)
from .signals import content_hidden, content_restored
from .targets import Target, kind_for_content_type, target_for

logger = logging.getLogger(__name__)

Action = ModerationAction.Action
QUEUE_ACTIONS = (
    Action.DISMISS,
    Action.HIDE,
    Action.DELETE,
    Action.WARN,
    Action.SUSPEND,
    Action.BAN,
    Action.RESTORE,
)
REASON_REQUIRED = {Action.HIDE, Action.DELETE, Action.WARN, Action.SUSPEND, Action.BAN}
STRIKING = {Action.HIDE, Action.DELETE, Action.WARN, Action.SUSPEND, Action.BAN}
USER_ACTIONS = {Action.WARN, Action.SUSPEND, Action.BAN}
# What a ban takes down with the account (and its restore brings back).
BANNED_CONTENT = (Kind.NOTE, Kind.COMMENT, Kind.GLOSSARY)
MAX_SUSPEND_DAYS = 365


# --- helpers ------------------------------------------------------------------------------


def is_moderator(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_moderator)


def is_admin(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.role == get_user_model().Role.ADMIN)
    )


def require_moderator(user) -> None:
    """The moderation pages do not exist for anyone else (404, not 403)."""
    if not is_moderator(user):
        raise Http404(_("Page not found."))


def _target(kind: str) -> Target:
    target = target_for(kind)
    if target is None:
        raise Http404(_("Nothing to report here."))
    return target


def record(
    actor,
    action: str,
    *,
    case: ModerationCase | None = None,
    obj=None,
    kind: str = "",
    target_user=None,
    reason: str = "",
    duration_days: int | None = None,
    snapshot: str = "",
    part_of: ModerationAction | None = None,
) -> ModerationAction:
    """Append one entry to the audit log."""
    target = target_for(kind) if kind else None
    return ModerationAction.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_handle=getattr(actor, "handle", "") or "",
        action=action,
        case=case,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        target_user=target_user,
        target_repr=(
            target.label(obj) if target is not None and obj is not None else str(target_user or "")
        )[:200],
        reason=reason,
        duration_days=duration_days,
        snapshot=snapshot,
        part_of=part_of,
    )


def _standing(user) -> Standing:
    standing, _created = Standing.objects.select_for_update().get_or_create(user=user)
    return standing


def _add_strike(user, delta: int) -> None:
    if user is None:
        return
    Standing.objects.get_or_create(user=user)
    value = F("strikes") + delta if delta > 0 else Greatest(F("strikes") + delta, 0)
    Standing.objects.filter(user=user).update(strikes=value)


def open_case(
    kind: str, obj, source: str, *, held: bool = False, verdict: dict | None = None
) -> ModerationCase:
    """The object's open case (created if there is none), locked for this transaction."""
    target = _target(kind)
    content_type = target.content_type()
    case = (
        ModerationCase.objects.select_for_update()
        .filter(content_type=content_type, object_id=obj.pk, status=ModerationCase.Status.OPEN)
        .first()
    )
    if case is None:
        try:
            with transaction.atomic():
                case = ModerationCase.objects.create(
                    content_type=content_type,
                    object_id=obj.pk,
                    kind=kind,
                    target_user=target.author(obj),
                    source=source,
                    snapshot=target.text(obj),
                    lang=target.lang(obj),
                    verdict=verdict or {},
                    held=held,
                )
            case.just_opened = True
            transaction.on_commit(lambda: _translate_later(case.pk))
            return case
        except IntegrityError:  # opened concurrently
            case = ModerationCase.objects.select_for_update().get(
                content_type=content_type, object_id=obj.pk, status=ModerationCase.Status.OPEN
            )
    changes = {"snapshot": target.text(obj), "lang": target.lang(obj)}
    if held:
        changes["held"] = True
    if verdict:
        changes["verdict"] = verdict
    ModerationCase.objects.filter(pk=case.pk).update(**changes)
    for name, value in changes.items():
        setattr(case, name, value)
    return case


def _translate_later(case_id: int) -> None:
    """Queue the case's translation for moderators; a queue outage must not stop moderation."""
    from django.conf import settings

    if not settings.QIAO_MODERATION_TRANSLATE_CASES:
        return
    from .tasks import translate_case_task

    try:
        translate_case_task.enqueue(case_id)
    except Exception:
        logger.warning(
            "Could not queue the translation of moderation case %s", case_id, exc_info=True
        )


# --- hiding -------------------------------------------------------------------------------


def hide(obj, kind: str) -> None:
    """Hide ``obj`` everywhere (listings, search, notifications, stored translations)."""
    target = _target(kind)
    target.set_hidden(obj, True)
    transaction.on_commit(lambda: content_hidden.send(type(obj), obj=obj, kind=kind))


def restore(obj, kind: str, previous_text: str = "") -> None:
    """Make ``obj`` visible again, intact (for a user: put the hidden bio back)."""
    target = _target(kind)
    target.set_hidden(obj, False, previous_text)
    transaction.on_commit(lambda: content_restored.send(type(obj), obj=obj, kind=kind))


# --- reports ------------------------------------------------------------------------------


def file_report(reporter, kind: str, object_id: int, reason: str, details: str = "") -> Report:
    """Report something ``reporter`` can see; one open report per reporter and object."""
    target = _target(kind)
    obj = target.get(object_id)
    if obj is None or not target.visible_to(obj, reporter):
        raise Http404(_("Not found."))
    errors: dict[str, list[str]] = {}
    if reason not in Reason.values:
        errors["reason"] = [_("Choose a reason.")]
    details = clean_text(details or "", multiline=True)
    if len(details) > MAX_DETAILS:
        errors["details"] = [_("Keep the details to %(n)d characters.") % {"n": MAX_DETAILS}]
    if reason == Reason.OTHER and not details:
        errors.setdefault("details", []).append(_("Tell the moderators what is wrong."))
    author = target.author(obj)
    if author is not None and author.pk == reporter.pk:
        errors.setdefault("__all__", []).append(_("You cannot report yourself."))
    if errors:
        raise ValidationError(errors)
    ratelimit.check("moderation_report", f"user:{reporter.pk}")
    content_type = target.content_type()
    if Report.objects.filter(
        reporter=reporter, content_type=content_type, object_id=obj.pk, status=Report.Status.OPEN
    ).exists():
        raise ValidationError(_("You have already reported this. Moderators will look at it soon."))
    try:
        with transaction.atomic():
            case = open_case(kind, obj, ModerationCase.Source.REPORT)
            report = Report.objects.create(
                reporter=reporter,
                case=case,
                content_type=content_type,
                object_id=obj.pk,
                reason=reason,
                details=details,
            )
            ModerationCase.objects.filter(pk=case.pk).update(report_count=F("report_count") + 1)
            if details and not getattr(case, "just_opened", False):
                # A case already open (and translated): translate what this reporter wrote.
                transaction.on_commit(lambda: _translate_later(case.pk))
    except IntegrityError:  # the same report, twice at once
        raise ValidationError(
            _("You have already reported this. Moderators will look at it soon.")
        ) from None
    return report


# --- actions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRequest:
    action: str
    reason: str = ""
    days: int | None = None


def clean_action(action: str, reason: str = "", days=None) -> ActionRequest:
    errors: dict[str, list[str]] = {}
    if action not in QUEUE_ACTIONS:
        errors["action"] = [_("Choose an action.")]
    reason = clean_text(reason or "", multiline=True)
    if action in REASON_REQUIRED and not reason:
        errors["reason"] = [
            _("Say why: the reason is kept in the audit log and shown to the author.")
        ]
    elif len(reason) > MAX_REASON_TEXT:
        errors["reason"] = [_("Keep the reason to %(n)d characters.") % {"n": MAX_REASON_TEXT}]
    clean_days = None
    if action == Action.SUSPEND:
        try:
            clean_days = int(days)
        except (TypeError, ValueError):
            clean_days = 0
        if not 1 <= clean_days <= MAX_SUSPEND_DAYS:
            errors["days"] = [_("Suspend for 1 to %(n)d days.") % {"n": MAX_SUSPEND_DAYS}]
    if errors:
        raise ValidationError(errors)
    return ActionRequest(action, reason, clean_days)


def get_case(moderator, case_id: int) -> ModerationCase:
    require_moderator(moderator)
    case = (
        ModerationCase.objects.select_related("target_user", "content_type")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404(_("Case not found."))
    return case


def _check_power(moderator, person) -> None:
    if person is None:
        raise ValidationError(_("This account no longer exists."))
    if person.pk == moderator.pk:
        raise PermissionDenied(_("You cannot act on your own account."))
    if person.is_moderator and not is_admin(moderator):
        raise PermissionDenied(_("Only an admin can act on a moderator's account."))


def end_sessions(user) -> int:
    """Log ``user`` out everywhere: delete their database sessions (API tokens stop with is_active)."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def act(
    moderator, case: ModerationCase, action: str, reason: str = "", days=None
) -> ModerationAction:
    """Carry out a moderator's decision on ``case`` and record it in the audit log."""
    require_moderator(moderator)
    request = clean_action(action, reason, days)
    target = _target(case.kind)
    with transaction.atomic():
        case = ModerationCase.objects.select_for_update().filter(pk=case.pk).first()
        if case is None:
            raise Http404(_("Case not found."))
        if not case.is_open and request.action not in (Action.RESTORE, *USER_ACTIONS):
            raise ValidationError(_("This case is already closed."))
        obj = target.get(case.object_id)
        person = case.target_user
        if (
            request.action in USER_ACTIONS
            or request.action in (Action.HIDE, Action.DELETE)
            and person is not None
            and case.kind == Kind.USER
        ):
            _check_power(moderator, person)
        if obj is None and request.action not in (Action.DISMISS, *USER_ACTIONS):
            raise ValidationError(
                _("The content is gone; only dismiss, warn, suspend or ban apply.")
            )
        snapshot = target.text(obj) if obj is not None else case.snapshot
        entry = _apply(moderator, case, target, obj, person, request, snapshot)
        _close(case, moderator, request.action)
    return entry


def _apply(
    moderator, case, target: Target, obj, person, request: ActionRequest, snapshot: str
) -> ModerationAction:
    action = request.action
    kind = case.kind
    brought_back: list[tuple[str, object]] = []  # posts a lifted ban gives back
    if action == Action.DISMISS:
        if case.held and obj is not None and target.is_hidden(obj):
            restore(obj, kind)
    elif action == Action.HIDE:
        if kind == Kind.USER or not target.is_hidden(obj):
            hide(obj, kind)
    elif action == Action.DELETE:
        if not target.can_delete():
            raise ValidationError(_("Accounts are not deleted here: ban the account instead."))
        target.delete(obj, moderator)
        obj = None
    elif action == Action.RESTORE:
        brought_back = _restore(case, target, obj, person)
    elif action == Action.SUSPEND:
        standing = _standing(person)
        standing.suspended_until = timezone.now() + timedelta(days=request.days)
        standing.save(update_fields=["suspended_until", "updated_at"])
    elif action == Action.BAN:
        standing = _standing(person)
        standing.banned_at = timezone.now()
        standing.save(update_fields=["banned_at", "updated_at"])
        get_user_model().objects.filter(pk=person.pk).update(is_active=False)
        forget_user(person.pk)  # update() sends no signal: the token cache must hear of the ban
        transaction.on_commit(lambda: forget_user(person.pk))
        transaction.on_commit(lambda: end_sessions(person))
    if action in STRIKING:
        _add_strike(person, 1)
    if obj is None:
        entry = _record_gone(moderator, case, person, request, snapshot)
    else:
        entry = record(
            moderator,
            action,
            case=case,
            obj=obj,
            kind=kind,
            target_user=person,
            reason=request.reason,
            duration_days=request.days,
            snapshot=snapshot,
        )
    if action == Action.BAN:
        _take_down(moderator, case, person, entry)
    elif action == Action.RESTORE:
        for part_kind, part in brought_back:
            record(moderator, Action.RESTORE, case=case, obj=part, kind=part_kind,
                   target_user=person, reason=request.reason, part_of=entry)  # fmt: skip
    return entry


def _take_down(moderator, case, person, ban: ModerationAction) -> None:
    """Hide everything a banned person posted, each recorded as part of the ban.

    Restoring the ban brings back exactly these (not what was hidden for its own reasons).
    """
    for kind in BANNED_CONTENT:
        target = target_for(kind)
        if target is None:
            continue
        for obj in target.shown_by(person):
            snapshot = target.text(obj)
            hide(obj, kind)
            record(moderator, Action.HIDE, case=case, obj=obj, kind=kind, target_user=person,
                   reason=ban.reason, snapshot=snapshot, part_of=ban)  # fmt: skip


def _bring_back(ban: ModerationAction) -> list[tuple[str, object]]:
    """Restore what ``ban`` hid and is still hidden; return (kind, object) of each."""
    restored = []
    for part in ban.parts.filter(action=Action.HIDE).select_related("content_type"):
        kind = kind_for_content_type(part.content_type) if part.content_type else None
        target = target_for(kind) if kind else None
        obj = target.get(part.object_id) if target is not None else None
        if obj is not None and target.is_hidden(obj):
            restore(obj, kind)
            restored.append((kind, obj))
    return restored


def _record_gone(
    moderator, case, person, request: ActionRequest, snapshot: str
) -> ModerationAction:
    """Record an action whose target object no longer exists (deleted now or before)."""
    return ModerationAction.objects.create(
        actor=moderator,
        actor_handle=moderator.handle,
        action=request.action,
        case=case,
        content_type=case.content_type,
        object_id=case.object_id,
        target_user=person,
        target_repr=f"{Kind(case.kind).label} #{case.object_id}"[:200],
        reason=request.reason,
        duration_days=request.days,
        snapshot=snapshot,
    )


def _restore(case: ModerationCase, target: Target, obj, person) -> list[tuple[str, object]]:
    """Undo the case's last decision: hidden content comes back, a ban or suspension is lifted.

    Returns what came back as part of lifting a ban (its posts), as (kind, object) pairs.
    """
    last = (
        ModerationAction.objects.filter(case=case, action__in=STRIKING, part_of__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    undone = False
    brought_back: list[tuple[str, object]] = []
    if last is not None and last.action in (Action.SUSPEND, Action.BAN) and person is not None:
        Standing.objects.filter(user=person).update(suspended_until=None, banned_at=None)
        get_user_model().objects.filter(pk=person.pk).update(is_active=True)
        forget_user(person.pk)
        if last.action == Action.BAN:
            brought_back = _bring_back(last)
        undone = True
    elif case.kind == Kind.USER and last is not None and last.action == Action.HIDE:
        if obj is not None:
            restore(obj, case.kind, last.snapshot)
        undone = True
    elif obj is not None and target.is_hidden(obj):
        restore(obj, case.kind)
        undone = True
    elif last is not None and last.action == Action.WARN:
        undone = True
    if not undone:
        raise ValidationError(_("There is nothing to restore."))
    if last is not None:
        _add_strike(person, -1)
    return brought_back


def _close(case: ModerationCase, moderator, action: str) -> None:
    """Resolve the case and settle its open reports (upheld unless dismissed or restored)."""
    now = timezone.now()
    if action in (Action.DISMISS, Action.RESTORE):
        report_status = Report.Status.DISMISSED
    else:
        report_status = Report.Status.UPHELD
    case.reports.filter(status=Report.Status.OPEN).update(status=report_status, resolved_at=now)
    if case.is_open:
        ModerationCase.objects.filter(pk=case.pk).update(
            status=ModerationCase.Status.RESOLVED,
            resolved_at=now,
            resolved_by=moderator,
            held=False,
        )
        case.status = ModerationCase.Status.RESOLVED


# --- suspension and bans ------------------------------------------------------------------


def restriction_of(user) -> str | None:
    """Why ``user`` may not act right now (banned, suspended until …), or None."""
    if user is None or not user.is_authenticated:
        return None
    standing = Standing.objects.filter(user_id=user.pk).only("suspended_until", "banned_at").first()
    if standing is None:
        return None
    if standing.is_banned:
        return _("This account has been banned.")
    if standing.is_suspended:
        return _("Your account is suspended until %(when)s.") % {
            "when": timezone.localtime(standing.suspended_until).strftime("%Y-%m-%d %H:%M %Z")
        }
    return None


def ensure_can_act(user) -> None:
    """PermissionDenied when ``user`` is suspended or banned (posting, commenting, liking, following)."""
    if user is not None and not user.is_active:
        raise PermissionDenied(_("This account has been banned."))
    reason = restriction_of(user)
    if reason:
        raise PermissionDenied(reason)


# --- surge mode -----------------------------------------------------------------------


def set_surge_mode(admin, on: bool, reason: str = "") -> SiteSettings:
    """Switch surge mode (admins only), recorded in the audit log."""
    if not is_admin(admin):
        raise PermissionDenied(_("Only an admin can switch surge mode."))
    reason = clean_text(reason or "", multiline=True)
    if len(reason) > MAX_REASON_TEXT:
        raise ValidationError(
            {"reason": [_("Keep the reason to %(n)d characters.") % {"n": MAX_REASON_TEXT}]}
        )
    with transaction.atomic():
        site = SiteSettings.objects.select_for_update().filter(pk=1).first() or SiteSettings(pk=1)
        if site.surge_mode != bool(on):
            site.surge_mode = bool(on)
            site.updated_by = admin
            site.save()
            record(admin, Action.SURGE_ON if on else Action.SURGE_OFF, reason=reason)
    return site


# --- history for the queue ------------------------------------------------------------


@dataclass(frozen=True)
class PersonHistory:
    user: object
    account_age_days: int
    strikes: int
    actions: list  # recent ModerationAction rows against them
    notes: int
    comments: int
    suspended_until: object
    banned: bool
    reports_filed: int = 0
    reports_upheld: int = 0
    reports_dismissed: int = 0


def person_history(user) -> PersonHistory | None:
    if user is None:
        return None
    from qiao.social.models import Comment

    standing = Standing.objects.filter(user=user).first()
    filed = Report.objects.filter(reporter=user).aggregate(
        total=Count("id"),
        upheld=Count("id", filter=Q(status=Report.Status.UPHELD)),
        dismissed=Count("id", filter=Q(status=Report.Status.DISMISSED)),
    )
    return PersonHistory(
        user=user,
        account_age_days=(timezone.now() - user.date_joined).days,
        strikes=standing.strikes if standing else 0,
        actions=list(
            ModerationAction.objects.filter(target_user=user, part_of__isnull=True)
            .exclude(action=Action.HOLD)
            .select_related("actor")[:10]
        ),
        notes=user.notes.count(),
        comments=Comment.objects.filter(author=user).count(),
        suspended_until=standing.suspended_until if standing and standing.is_suspended else None,
        banned=bool(standing and standing.is_banned),
        reports_filed=filed["total"] or 0,
        reports_upheld=filed["upheld"] or 0,
        reports_dismissed=filed["dismissed"] or 0,
    )


def open_cases():
    return (
        ModerationCase.objects.filter(status=ModerationCase.Status.OPEN)
        .select_related("target_user", "content_type")
        .order_by("-report_count", "created_at", "id")
    )
