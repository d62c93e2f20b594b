"""Moderation pages: report form, queue, case page and actions, rules, audit log, surge mode.

Every page but the report form answers 404 to anyone who is not a moderator.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qiao.core.pagination import InvalidCursor, paginate

from . import services
from .cases import case_view, queue_page
from .checks import check_text
from .forms import ActionForm, ReportForm, RuleForm, SurgeForm, TestTextForm
from .models import Kind, ModerationAction, ModerationCase, Rule, SiteSettings
from .services import Action
from .targets import target_for
from .translation import content_language_for, translate_case


def _language() -> str:
    return content_language_for(get_language() or "")


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return fallback


# --- reports ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    """Report a note, comment, account or glossary proposal the reporter can see."""
    target = target_for(kind)
    obj = target.get(object_id) if target is not None else None
    if obj is None or not target.visible_to(obj, request.user):
        raise Http404(_("Not found."))
    back = _safe_next(request, target.url(obj) or "/")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_report(
                request.user,
                kind,
                object_id,
                form.cleaned_data["reason"],
                form.cleaned_data["details"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Thanks. Moderators will review your report."))
            return redirect(back)
    context = {
        "form": form,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "label": target.label(obj),
        "excerpt": target.text(obj),
        "next": back,
    }
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)


# --- the queue ------------------------------------------------------------------------------


def queue(request: HttpRequest) -> HttpResponse:
    services.require_moderator(request.user)
    kind = request.GET.get("kind") or None
    try:
        cases, page = queue_page(_language(), request.GET.get("cursor"), kind=kind)
    except InvalidCursor:
        raise Http404(_("Page not found.")) from None
    context = {
        "cases": cases,
        "next_cursor": page.next_cursor,
        "kind": kind,
        "kinds": Kind.choices,
        "site": SiteSettings.load(),
        "surge_form": SurgeForm(initial={"surge_mode": SiteSettings.load().surge_mode}),
        "is_admin": services.is_admin(request.user),
        "action_choices": services.QUEUE_ACTIONS,
    }
    return render(request, "moderation/queue.html", context)


def case_detail(
    request: HttpRequest, case_id: int, form: ActionForm | None = None, status: int = 200
) -> HttpResponse:
    case = services.get_case(request.user, case_id)
    context = {
        "case_view": case_view(case, _language(), full=True),
        "form": form or ActionForm(),
        "is_admin": services.is_admin(request.user),
    }
    return render(request, "moderation/case.html", context, status=status)


@require_POST
def act(request: HttpRequest, case_id: int) -> HttpResponse:
    case = services.get_case(request.user, case_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            entry = services.act(
                request.user,
                case,
                form.cleaned_data["action"],
                form.cleaned_data["reason"],
                form.cleaned_data["days"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Done: %(action)s.") % {"action": entry.get_action_display()}
            )
            return redirect(_safe_next(request, "moderation:queue"))
    return case_detail(request, case_id, form=form, status=400)


@require_POST
def translate(request: HttpRequest, case_id: int) -> HttpResponse:
    """Translate a case into the moderator's language now (when the background task has not)."""
    case = services.get_case(request.user, case_id)
    shown = translate_case(case, _language())
    if shown.status == "unavailable":
        messages.warning(request, _("Translation unavailable right now. The original is shown."))
    return redirect(_safe_next(request, reverse("moderation:case", args=[case.pk])))


# --- rules --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    services.require_moderator(request.user)
    form = RuleForm(request.POST or None) if request.POST.get("form") == "rule" else RuleForm()
    test_form = (
        TestTextForm(request.POST or None) if request.POST.get("form") == "test" else TestTextForm()
    )
    verdict = None
    if request.method == "POST" and request.POST.get("form") == "rule" and form.is_valid():
        with transaction.atomic():
            rule = form.save(commit=False)
            rule.created_by = request.user
            rule.save()
            services.record(request.user, Action.RULE, reason=f"+ {rule}")
        messages.success(request, _("Rule added."))
        return redirect("moderation:rules")
    if request.method == "POST" and request.POST.get("form") == "test" and test_form.is_valid():
        verdict = check_text(test_form.cleaned_data["text"], test_form.cleaned_data["lang"], "note")
    status = 400 if (form.errors or test_form.errors) else 200
    context = {
        "rules": Rule.objects.select_related("created_by"),
        "form": form,
        "test_form": test_form,
        "verdict": verdict,
    }
    return render(request, "moderation/rules.html", context, status=status)


@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    services.require_moderator(request.user)
    rule = get_object_or_404(Rule, pk=rule_id)
    before = str(rule)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            rule = form.save()
            services.record(
                request.user,
                Action.RULE,
                reason=f"{before} → {rule} ({rule.get_outcome_display()}, {'on' if rule.is_active else 'off'})",
            )
        messages.success(request, _("Rule saved."))
        return redirect("moderation:rules")
    return render(
        request,
        "moderation/rule_form.html",
        {"form": form, "rule": rule},
        status=400 if form.errors else 200,
    )


@require_POST
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    services.require_moderator(request.user)
    with transaction.atomic():
        rule = get_object_or_404(Rule.objects.select_for_update(), pk=rule_id)
        services.record(request.user, Action.RULE, reason=f"− {rule}")
        rule.delete()
    messages.success(request, _("Rule deleted."))
    return redirect("moderation:rules")


# --- audit log and surge mode -------------------------------------------------------------


def log(request: HttpRequest) -> HttpResponse:
    services.require_moderator(request.user)
    qs = ModerationAction.objects.select_related("actor", "target_user")
    if request.GET.get("user"):
        qs = qs.filter(target_user__handle=request.GET["user"].lstrip("@").lower())
    try:
        page = paginate(qs, ("id",), request.GET.get("cursor"), 50)
    except InvalidCursor:
        raise Http404(_("Page not found.")) from None
    return render(
        request, "moderation/log.html", {"entries": page.items, "next_cursor": page.next_cursor}
    )


@require_POST
def surge(request: HttpRequest) -> HttpResponse:
    services.require_moderator(request.user)
    form = SurgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Could not change surge mode."))
        return redirect("moderation:queue")
    services.set_surge_mode(
        request.user, form.cleaned_data["surge_mode"], form.cleaned_data["reason"]
    )
    if form.cleaned_data["surge_mode"]:
        messages.warning(
            request,
            _(
                "Surge mode is on: limits are tighter and first posts of new accounts wait for review."
            ),
        )
    else:
        messages.success(request, _("Surge mode is off."))
    return redirect("moderation:queue")


@login_required
def standing(request: HttpRequest) -> HttpResponse:
    """A person's own moderation record: warnings, suspension, held posts."""
    history = services.person_history(request.user)
    held = ModerationCase.objects.filter(
        target_user=request.user, status=ModerationCase.Status.OPEN, held=True
    )
    return render(
        request,
        "moderation/standing.html",
        {"history": history, "restriction": services.restriction_of(request.user), "held": held},
    )
