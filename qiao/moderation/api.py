"""Moderation API: reporting for everyone; the queue and actions for moderators (404 for others)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import get_language
from ninja import Router, Schema, Status

from qiao.core.api import ApiError

from .cases import CaseView, queue_page
from .models import SiteSettings
from .services import (
    act,
    file_report,
    get_case,
    person_history,
    require_moderator,
    restriction_of,
    set_surge_mode,
)
from .translation import content_language_for

router = Router(tags=["moderation"])


class ReportIn(Schema):
    kind: str  # note | comment | user | glossary
    id: int
    reason: str
    details: str = ""


class ReportOut(Schema):
    id: int
    kind: str
    object_id: int
    reason: str
    status: str
    created_at: datetime


class ActionIn(Schema):
    action: str
    reason: str = ""
    days: int | None = None


class ActionOut(Schema):
    id: int
    action: str
    case_id: int | None
    reason: str
    duration_days: int | None
    created_at: datetime


class PersonOut(Schema):
    handle: str
    account_age_days: int
    strikes: int
    notes: int
    comments: int
    suspended_until: datetime | None
    banned: bool
    reports_filed: int
    reports_upheld: int


class TranslationOut(Schema):
    status: str
    text: str


class CaseOut(Schema):
    id: int
    kind: str
    object_id: int
    source: str
    status: str
    held: bool
    hidden: bool
    deleted: bool
    report_count: int
    reasons: dict[str, int]
    text: str
    lang: str
    translation: TranslationOut
    # Translations of what surrounds it: "report:<id>" (a report's details), "note", "parent".
    extra_translations: dict[str, str]
    verdict: dict
    author: PersonOut | None
    created_at: datetime


class SurgeIn(Schema):
    surge_mode: bool
    reason: str = ""


class SurgeOut(Schema):
    surge_mode: bool
    updated_at: datetime | None


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class StandingOut(Schema):
    restricted: bool
    detail: str
    strikes: int


def _person(history) -> dict | None:
    if history is None:
        return None
    return {
        "handle": history.user.handle,
        "account_age_days": history.account_age_days,
        "strikes": history.strikes,
        "notes": history.notes,
        "comments": history.comments,
        "suspended_until": history.suspended_until,
        "banned": history.banned,
        "reports_filed": history.reports_filed,
        "reports_upheld": history.reports_upheld,
    }


def _case(v: CaseView) -> dict:
    return {
        "id": v.case.pk,
        "kind": v.case.kind,
        "object_id": v.case.object_id,
        "source": v.case.source,
        "status": v.case.status,
        "held": v.case.held,
        "hidden": v.is_hidden,
        "deleted": v.obj is None,
        "report_count": v.case.report_count,
        "reasons": v.reasons,
        "text": v.text,
        "lang": v.case.lang,
        "translation": {"status": v.translation.status, "text": v.translation.text},
        "extra_translations": v.extras,
        "verdict": v.case.verdict or {},
        "author": _person(v.author),
        "created_at": v.case.created_at,
    }


@router.post(
    "/reports",
    response={201: ReportOut, 400: ApiError, 404: ApiError, 429: ApiError},
    summary="Report content or an account",
)
def create_report(request, data: ReportIn):
    report = file_report(request.user, data.kind, data.id, data.reason, data.details)
    return Status(
        201,
        {
            "id": report.pk,
            "kind": data.kind,
            "object_id": report.object_id,
            "reason": report.reason,
            "status": report.status,
            "created_at": report.created_at,
        },
    )


@router.get(
    "/moderation/cases",
    response={200: CasePage, 400: ApiError, 404: ApiError},
    summary="The moderator queue",
)
def list_cases(request, cursor: str | None = None, kind: str | None = None):
    require_moderator(request.user)
    views, page = queue_page(content_language_for(get_language() or ""), cursor, kind=kind)
    return {"items": [_case(v) for v in views], "next_cursor": page.next_cursor}


@router.post(
    "/moderation/cases/{case_id}/actions",
    response={200: ActionOut, 400: ApiError, 403: ApiError, 404: ApiError},
    summary="Act on a case (dismiss, hide, delete, warn, suspend, ban, restore)",
)
def act_on_case(request, case_id: int, data: ActionIn):
    case = get_case(request.user, case_id)
    entry = act(request.user, case, data.action, data.reason, data.days)
    return {
        "id": entry.pk,
        "action": entry.action,
        "case_id": entry.case_id,
        "reason": entry.reason,
        "duration_days": entry.duration_days,
        "created_at": entry.created_at,
    }


@router.get("/moderation/standing", response={200: StandingOut}, summary="My account's standing")
def my_standing(request):
    reason = restriction_of(request.user)
    history = person_history(request.user)
    return {
        "restricted": bool(reason),
        "detail": reason or "",
        "strikes": history.strikes if history else 0,
    }


def _surge(site: SiteSettings) -> dict:
    return {"surge_mode": site.surge_mode, "updated_at": site.updated_at}


@router.get(
    "/moderation/surge", response={200: SurgeOut, 404: ApiError}, summary="Is surge mode on?"
)
def get_surge(request):
    require_moderator(request.user)
    return _surge(SiteSettings.load())


@router.put(
    "/moderation/surge",
    response={200: SurgeOut, 400: ApiError, 403: ApiError, 404: ApiError},
    summary="Switch surge mode (admins)",
)
def put_surge(request, data: SurgeIn):
    """For scripts and on-call runbooks: the same switch as the queue page, audited the same way."""
    require_moderator(request.user)
    return _surge(set_surge_mode(request.user, data.surge_mode, data.reason))
