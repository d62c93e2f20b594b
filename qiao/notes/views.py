"""Note pages: read, compose, edit, delete. Thin: the work is in qiao.notes.services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qiao.core.languages import LANGUAGE_NAMES
from qiao.core.templatetags.qiao_text import prime_mentions
from qiao.moderation.gate import held_now
from qiao.social.services import note_page_context
from qiao.translation.templatetags.translation_tags import prime_translations

from . import services
from .forms import NoteEditForm, NoteForm
from .images import ACCEPT_ATTRIBUTE


def _form_page(request: HttpRequest, form: NoteForm, *, note=None) -> HttpResponse:
    context = {
        "form": form,
        "note": note,
        "max_images": settings.QIAO_MAX_IMAGES_PER_NOTE,
        "accept": ACCEPT_ATTRIBUTE,
    }
    if note is not None:
        posted = request.POST.getlist("keep") if request.method == "POST" else None
        context["existing_images"] = [
            (
                image,
                posted is None or str(image.pk) in posted,
                request.POST.get(f"alt_{image.pk}", image.alt_text),
            )
            for image in note.images.all()
        ]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "notes/note_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = NoteForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            note = services.create_note(
                request.user,
                **form.note_fields(),
                images=form.cleaned_data["images"],
                alt_texts=request.POST.getlist("alt_texts"),
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _after_save(request, note, _("Your note is published."))
    return _form_page(request, form)


def _after_save(request: HttpRequest, note, message: str) -> HttpResponse:
    """Show the saved note, or, while it is hidden from others, the author's account status.

    A hidden note answers 404 on its page, so the author is not sent there nor
    told it is published. ModerationMiddleware already tells them when this
    request held it; otherwise it was hidden before (an edit of a held note).
    """
    if not note.is_hidden:
        messages.success(request, message)
        return redirect("notes:detail", note.pk)
    if "note" not in (held_now.get() or ()):
        messages.info(
            request,
            _("Your note is saved. Others cannot see it while it is hidden by moderation."),
        )
    return redirect("moderation:standing")


def detail(request: HttpRequest, note_id: int) -> HttpResponse:
    note = services.get_visible_note(request.user, note_id)
    context = note_page_context(note, request.user)
    comments = [c for comment in context["comments"] for c in (comment, *comment.shown_replies)]
    images = list(note.images.all())
    # One query for every @mention on the page, and one for its stored translations,
    # instead of one per comment.
    prime_mentions([note.body] + [comment.body for comment in comments])
    prime_translations(request, [note, *images, *comments])
    context.update(
        note=note,
        images=images,
        hashtags=sorted(note.hashtags.all(), key=lambda tag: tag.name),
        lang_name=LANGUAGE_NAMES.get(note.lang, note.lang),
        can_edit=services.can_edit(note, request.user),
        can_delete=services.can_delete(note, request.user),
    )
    return render(request, "notes/detail.html", context)


def _kept_images_and_alts(request: HttpRequest, note) -> tuple[list, list]:
    """The photo list the edit form posted: kept photo ids (in page order), then new files."""
    current = {str(image.pk): image for image in note.images.all()}
    kept = [current[pk].pk for pk in dict.fromkeys(request.POST.getlist("keep")) if pk in current]
    alts = [request.POST.get(f"alt_{pk}") for pk in kept]
    return kept, alts


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, note_id: int) -> HttpResponse:
    note = services.get_own_note(request.user, note_id)
    posted = request.method == "POST"
    form = NoteEditForm(
        request.POST if posted else None, request.FILES if posted else None, note=note
    )
    if posted and form.is_valid():
        kept, kept_alts = _kept_images_and_alts(request, note)
        new_files = form.cleaned_data["images"]
        new_alts = request.POST.getlist("alt_texts")[: len(new_files)]
        try:
            note = services.update_note(
                note,
                request.user,
                **form.note_fields(),
                images=kept + new_files,
                alt_texts=kept_alts + new_alts,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _after_save(request, note, _("Your note is updated."))
    return _form_page(request, form, note=note)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, note_id: int) -> HttpResponse:
    note = services.get_note_for_action(request.user, note_id)
    if not services.can_delete(note, request.user):
        raise Http404(_("Note not found."))
    if request.method == "GET":
        return render(request, "notes/confirm_delete.html", {"note": note})
    own = note.author_id == request.user.pk
    services.delete_note(note, request.user)
    messages.success(request, _("The note is deleted."))
    if own:
        return redirect("feeds:profile", request.user.handle)
    return redirect("feeds:explore")
