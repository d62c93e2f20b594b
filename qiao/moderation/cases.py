"""What the moderator queue shows for a case: the content, its translation, context and histories."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from qiao.core.pagination import Page, paginate

from .models import Kind, ModerationAction, ModerationCase, Report
from .services import PersonHistory, open_cases, person_history
from .targets import target_for
from .translation import ShownTranslation, needs_translation, shown_extras, shown_translation


@dataclass
class ReportView:
    report: Report
    reporter: PersonHistory | None
    # The details in the moderator's language, when they were written in another one.
    details_translation: str = ""


@dataclass
class CaseView:
    case: ModerationCase
    obj: object | None  # None: deleted since
    text: str
    is_hidden: bool
    url: str | None
    label: str
    translation: ShownTranslation
    context: dict = field(default_factory=dict)
    author: PersonHistory | None = None
    reports: list[ReportView] = field(default_factory=list)
    actions: list[ModerationAction] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)
    # Translations of the context ("note": its title, "parent": the comment answered).
    extras: dict[str, str] = field(default_factory=dict)
    # Something shown is in another language and not translated yet (offer "Translate").
    needs_translation: bool = False


def _context(case: ModerationCase, obj) -> dict:
    """The surroundings a moderator needs: the note a comment is on, the author's recent posts."""
    context: dict = {}
    if obj is not None and case.kind == Kind.COMMENT:
        context["note"] = obj.note
        if obj.parent_id:
            context["parent"] = obj.parent
    author = case.target_user
    if author is not None:
        from qiao.social.models import Comment

        context["recent_notes"] = list(author.notes.order_by("-id")[:3])
        context["recent_comments"] = list(
            Comment.objects.filter(author=author).select_related("note").order_by("-id")[:3]
        )
    return context


def case_view(case: ModerationCase, language: str, *, full: bool = False) -> CaseView:
    """What the queue and the case page show of ``case`` to a moderator reading ``language``."""
    target = target_for(case.kind)
    obj = target.get(case.object_id) if target is not None else None
    reports = list(case.reports.select_related("reporter").order_by("id"))
    reasons: dict[str, int] = {}
    for report in reports:
        label = report.get_reason_display()
        reasons[str(label)] = reasons.get(str(label), 0) + 1
    extras = shown_extras(case, language)
    return CaseView(
        case=case,
        obj=obj,
        text=target.text(obj) if obj is not None else case.snapshot,
        is_hidden=target.is_hidden(obj) if obj is not None else False,
        url=target.url(obj) if obj is not None else None,
        label=target.label(obj)
        if obj is not None
        else f"{case.get_kind_display()} #{case.object_id}",
        translation=shown_translation(case, language),
        context=_context(case, obj),
        author=person_history(case.target_user),
        reports=[
            ReportView(r, person_history(r.reporter), extras.get(f"report:{r.pk}", ""))
            for r in (reports if full else reports[:5])
        ],
        actions=list(
            case.actions.filter(part_of__isnull=True)
            .annotate(part_count=Count("parts"))
            .select_related("actor")
            .order_by("-id")
        )
        if full
        else [],
        reasons=reasons,
        extras=extras,
        needs_translation=needs_translation(case, language),
    )


def queue_page(
    language: str, cursor: str | None = None, limit: int = 20, kind: str | None = None
) -> tuple[list[CaseView], Page]:
    """Open cases, most-reported first, as views in ``language``; raises InvalidCursor."""
    qs = open_cases()
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    page = paginate(qs, ("report_count", "id"), cursor, limit)
    return [case_view(case, language) for case in page.items], page
