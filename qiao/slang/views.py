"""Glossary pages: browse and search, a page per term, proposals, review, reader preferences.

Thin: the work is in :mod:`qiao.slang.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import glossary, services
from .forms import PreferencesForm, ProposalForm, ReviewForm, SearchForm, VoteForm
from .models import TermProposal

PAGE_SIZE = 40
# Shows every reading aid at once: slang, a heteronym (行 in 银行), Traditional conversion.
PREVIEW_TEXT = "周末去银行办完事，顺路爬了长城。山脚那家火锅yyds，累到破防也值了！"


def shipped_ids() -> set[str]:
    return {entry.id for entry in glossary.load_glossary()}


def index(request: HttpRequest) -> HttpResponse:
    """Browse and search the live glossary in either language."""
    form = SearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = services.search(
        filters.get("q", ""),
        lang=filters.get("lang", ""),
        tag=filters.get("tag", ""),
        register=filters.get("register", ""),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    reader = services.reader_lang(request)
    return render(
        request,
        "slang/index.html",
        {
            "form": form,
            "page": page,
            "items": [services.Explanation(entry, reader) for entry in page.object_list],
            "total": len(entries),
            "query": query.urlencode(),
            "searching": any(filters.values()) if filters else False,
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


def term(request: HttpRequest, term_id: str) -> HttpResponse:
    """One term: both explanations, forms, example, history and notes that use it."""
    entry = services.get_entry(term_id)
    return render(
        request,
        "slang/term.html",
        {
            "entry": entry,
            "reader": services.reader_lang(request),
            "community": services.is_community(entry),
            "shipped": term_id in shipped_ids(),
            "shipped_version": glossary.glossary_version(),
            "revisions": list(services.revisions_for(term_id)[:20]),
            "notes": services.notes_using(entry, request.user),
            "pending": services.proposals_visible_to(request.user)
            .filter(target_term_id=term_id, status=TermProposal.Status.PENDING)
            .count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, term_id: str = "") -> HttpResponse:
    """Propose a new term, or a better version of ``term_id``."""
    entry = services.get_entry(term_id) if term_id else None
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                proposal = services.propose(
                    request.user,
                    form.entry_data(),
                    target_term_id=term_id,
                    rationale=form.cleaned_data["rationale"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                if proposal.is_hidden:
                    messages.info(
                        request, _("Thanks! Your proposal is waiting for a moderator's check.")
                    )
                else:
                    messages.success(request, _("Thanks! Others can now vote on your proposal."))
                return redirect("slang:proposal", pk=proposal.pk)
    else:
        initial = services.snapshot(entry) if entry else {"lang": request.GET.get("lang", "zh")}
        form = ProposalForm(initial=initial)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "slang/propose.html", {"form": form, "entry": entry}, status=status)


def proposals(request: HttpRequest) -> HttpResponse:
    """Proposals waiting for votes and review (moderators review from here)."""
    status = request.GET.get("status", TermProposal.Status.PENDING)
    if status not in TermProposal.Status.values:
        status = TermProposal.Status.PENDING
    qs = services.proposals_visible_to(request.user).filter(status=status).order_by("-score", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "slang/proposals.html",
        {"page": page, "status": status, "statuses": TermProposal.Status.choices},
    )


def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.get_proposal(request.user, pk)
    proposed = item.entry_data()
    changes = []
    if item.base_snapshot:
        for name, value in proposed.items():
            before = item.base_snapshot.get(name, "")
            if before != value:
                changes.append({"field": name, "before": before, "after": value})
    return render(
        request,
        "slang/proposal.html",
        {
            "proposal": item,
            "proposed": proposed,
            "changes": changes,
            "my_vote": services.user_vote(request.user, item),
            "can_vote": request.user.is_authenticated
            and request.user.pk != item.author_id
            and item.status == TermProposal.Status.PENDING
            and not item.is_hidden,
            "can_review": getattr(request.user, "is_moderator", False)
            and item.status == TermProposal.Status.PENDING,
            "review_form": ReviewForm(),
        },
    )


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.get_proposal(request.user, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose up or down."))
    else:
        try:
            services.vote(request.user, item, form.cleaned_data["value"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("slang:proposal", pk=pk)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Moderators approve (live at once) or reject a proposal."""
    if not request.user.is_moderator:
        raise PermissionDenied(_("Only moderators can review glossary proposals."))
    item = services.get_proposal(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("slang:proposal", pk=pk)
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["decision"] == "approve":
            row = services.approve(request.user, item, note)
            messages.success(request, _("Approved: the term is live now."))
            return redirect("slang:term", term_id=row.term_id)
        services.reject(request.user, item, note)
        messages.info(request, _("Proposal rejected."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("slang:proposal", pk=pk)


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """Reading preferences: slang marks, pinyin, Simplified/Traditional (visitors: this session)."""
    current = services.get_preferences(request)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.save_preferences(request, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Reading preferences saved."))
                target = request.POST.get("next", "")
                if not url_has_allowed_host_and_scheme(
                    target, {request.get_host()}, request.is_secure()
                ):
                    target = reverse("slang:preferences")
                return redirect(target)
    else:
        form = PreferencesForm(
            initial={
                "mark_slang": current.mark_slang,
                "show_pinyin": current.show_pinyin,
                "script": current.script,
            }
        )
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "slang/preferences.html",
        {"form": form, "next": request.GET.get("next", ""), "preview_text": PREVIEW_TEXT},
        status=status,
    )
