"""Web actions: like, collect, comment, like a comment, follow, boards; followers/following pages.

Every action is a form POST that redirects back (to a safe ``next``), so it
works without JavaScript; social.js sends the same forms with fetch and
``Accept: application/json`` and gets JSON back to update the page in place.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qiao.core.pagination import InvalidCursor
from qiao.core.templatetags.qiao_text import prime_mentions
from qiao.moderation.gate import held_notice, held_now
from qiao.notes.models import Note
from qiao.translation.templatetags.translation_tags import prime_translations

from . import services
from .forms import BoardForm
from .models import Board, Comment


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` URL sent with the form if it stays on this site, else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _error_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def action(view: Callable) -> Callable:
    """A POST-only action for signed-in people, answering JSON to fetch and redirects to forms.

    Anonymous people are sent to sign in (and back to ``next`` afterwards);
    a ValidationError becomes a 400 (JSON) or a message on the page it came from.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            if wants_json(request):
                return JsonResponse({"detail": _("Sign in first.")}, status=401)
            query = urlencode({"next": safe_next(request, reverse("feeds:explore"))})
            return redirect(f"{reverse('accounts:login')}?{query}")
        try:
            return view(request, *args, **kwargs)
        except ValidationError as exc:
            if wants_json(request):
                errors = exc.message_dict if hasattr(exc, "error_dict") else {}
                return JsonResponse({"detail": _error_message(exc), "errors": errors}, status=400)
            messages.error(request, _error_message(exc))
            return redirect(safe_next(request, reverse("feeds:explore")))
        except (Http404, PermissionDenied) as exc:
            if wants_json(request):
                status = 404 if isinstance(exc, Http404) else 403
                return JsonResponse({"detail": str(exc) or _("Not found.")}, status=status)
            raise

    return require_POST(wrapper)


def _note(note_id: int) -> Note:
    """Any note by id; the services decide (with 404) whether the viewer may act on it."""
    return get_object_or_404(Note.objects.select_related("author"), pk=note_id)


def _note_url(note: Note) -> str:
    return reverse("notes:detail", args=[note.pk])


def _choice(request: HttpRequest, on: str, off: str) -> bool | None:
    """True for ``on``, False for ``off``, None (toggle) for anything else."""
    value = request.POST.get("action", "")
    return True if value == on else False if value == off else None


def _int_or_none(value: str | None, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: [_("Not a valid id.")]}) from None


# --- likes and collects ---------------------------------------------------------------


@action
def like(request: HttpRequest, note_id: int) -> HttpResponse:
    note = _note(note_id)
    wanted = _choice(request, "like", "unlike")
    if wanted is None:
        wanted = not services.is_liked(request.user, note)
    if wanted:
        services.like(request.user, note)
    else:
        services.unlike(request.user, note)
    if wants_json(request):
        return JsonResponse({"liked": wanted, "like_count": note.like_count})
    return redirect(safe_next(request, _note_url(note)))


def _own_board_from(request: HttpRequest) -> Board | None:
    board_id = _int_or_none(request.POST.get("board"), "board")
    if board_id is None:
        return None
    return get_object_or_404(Board, pk=board_id, owner=request.user)


def collect(request: HttpRequest, note_id: int) -> HttpResponse:
    """GET: choose a board (the page behind the star without JavaScript); POST: collect."""
    if request.method == "GET":
        return _collect_page(request, note_id)
    return _collect(request, note_id)


@login_required
def _collect_page(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_object_or_404(
        Note.objects.visible_to(request.user).select_related("author"), pk=note_id
    )
    choices = services.board_choices(request.user, note)
    context = {
        "note": note,
        "board_choices": choices,
        "collected": any(choice.has_note for choice in choices),
        "collect_next": safe_next(request, _note_url(note)),
    }
    return render(request, "social/collect_page.html", context)


@action
def _collect(request: HttpRequest, note_id: int) -> HttpResponse:
    """Collect into the chosen board, a new board named inline, or the default board."""
    note = _note(note_id)
    new_name = request.POST.get("new_board", "").strip()
    if new_name:
        item = services.collect_into_new_board(
            request.user, note, new_name, is_private=bool(request.POST.get("new_board_private"))
        )
    else:
        item = services.collect(request.user, note, _own_board_from(request))
    board = item.board
    if wants_json(request):
        return JsonResponse(
            {
                "collected": True,
                "collect_count": note.collect_count,
                "board": {"id": board.pk, "name": board.name},
                "message": _("Saved to “%(board)s”.") % {"board": board.name},
            }
        )
    messages.success(request, _("Saved to “%(board)s”.") % {"board": board.name})
    return redirect(safe_next(request, _note_url(note)))


@action
def uncollect(request: HttpRequest, note_id: int) -> HttpResponse:
    """Take the note out of one board (``board``), or out of all the viewer's boards."""
    note = _note(note_id)
    services.uncollect(request.user, note, _own_board_from(request))
    if wants_json(request):
        still = bool(services.collected_board_ids(request.user, note))
        message = _("Removed from the board.") if still else _("Removed from your boards.")
        return JsonResponse(
            {"collected": still, "collect_count": note.collect_count, "message": message}
        )
    return redirect(safe_next(request, _note_url(note)))


# --- comments -------------------------------------------------------------------------


def comments(request: HttpRequest, note_id: int) -> HttpResponse:
    """All comments of a note, page by page: a page of its own, or a fragment for "more"."""
    note = get_object_or_404(
        Note.objects.visible_to(request.user).select_related("author"), pk=note_id
    )
    try:
        page = services.comments_page(
            note, request.GET.get("cursor") or None, viewer=request.user
        )
    except InvalidCursor:
        return HttpResponse(
            _("Invalid cursor."), status=400, content_type="text/plain; charset=utf-8"
        )
    shown = [c for comment in page.items for c in (comment, *comment.shown_replies)]
    # One query for every @mention on the page, and one for its stored translations.
    prime_mentions(c.body for c in shown)
    prime_translations(request, shown)
    context = _comments_context(request, note, page.items, page.next_cursor)
    if request.GET.get("fragment"):
        return render(request, "social/comments_fragment.html", context)
    return render(request, "social/comments_page.html", context)


def _comments_context(request: HttpRequest, note: Note, items, next_cursor, **extra) -> dict:
    user = request.user
    return {
        "note": note,
        "comments": items,
        "comments_next_cursor": next_cursor,
        "can_moderate": user.is_authenticated and user.is_moderator,
        "comment_max_length": services.MAX_COMMENT,
        **extra,
    }


@action
def add_comment(request: HttpRequest, note_id: int) -> HttpResponse:
    note = _note(note_id)
    body = request.POST.get("body", "")
    try:
        parent_id = _int_or_none(request.POST.get("parent_id"), "parent_id")
        parent = None
        if parent_id is not None:
            parent = Comment.objects.filter(pk=parent_id, note=note).first()
            if parent is None:
                raise ValidationError(
                    {"parent_id": [_("The comment you are replying to is gone.")]}
                )
        comment = services.add_comment(request.user, note, body, parent)
    except ValidationError as exc:
        if wants_json(request):
            raise
        # Without JavaScript: show the comments page again with the text kept.
        if not services.can_see(request.user, note):
            raise Http404(_("Note not found.")) from None
        page = services.comments_page(note, viewer=request.user)
        context = _comments_context(
            request,
            note,
            page.items,
            page.next_cursor,
            comment_error=_error_message(exc),
            comment_body=body,
        )
        return render(request, "social/comments_page.html", context, status=400)
    if comment.is_hidden:
        return _comment_held(request, note, comment)
    if wants_json(request):
        comment.shown_replies = []
        html = render_to_string(
            "social/comment.html",
            _comments_context(request, note, [], None, comment=comment),
            request=request,
        )
        return JsonResponse(
            {
                "id": comment.pk,
                "parent_id": comment.parent_id,
                "held": False,
                "comment_count": note.comment_count,
                "html": html,
            },
            status=201,
        )
    return redirect(f"{safe_next(request, _note_url(note))}#comment-{comment.pk}")


def _comment_held(request: HttpRequest, note: Note, comment: Comment) -> HttpResponse:
    """A comment held for review is not shown, not even to its author: say so instead.

    Forms go back to the note, where ModerationMiddleware's notice shows. A
    fetch gets the notice in its answer (social.js shows it), so it is taken
    off the middleware's list rather than repeated on the next page.
    """
    if not wants_json(request):
        return redirect(safe_next(request, _note_url(note)))
    told = held_now.get()
    if told is not None and "comment" in told:
        told.remove("comment")
    return JsonResponse(
        {
            "id": comment.pk,
            "parent_id": comment.parent_id,
            "held": True,
            "message": held_notice("comment"),
            "comment_count": note.comment_count,
            "html": "",
        },
        status=201,
    )


@action
def like_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The heart on a comment: ``action`` like, unlike, or anything else to toggle."""
    comment = get_object_or_404(Comment, pk=comment_id)
    wanted = _choice(request, "like", "unlike")
    if wanted is None:
        wanted = not services.is_comment_liked(request.user, comment)
    if wanted:
        services.like_comment(request.user, comment)
    else:
        services.unlike_comment(request.user, comment)
    if wants_json(request):
        return JsonResponse({"liked": wanted, "like_count": comment.like_count})
    fallback = f"{reverse('notes:detail', args=[comment.note_id])}#comment-{comment.pk}"
    return redirect(safe_next(request, fallback))


@action
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("note"), pk=comment_id)
    note = comment.note
    removed = services.delete_comment(comment, request.user)
    if wants_json(request):
        note.refresh_from_db(fields=["comment_count"])
        return JsonResponse({"deleted": removed, "comment_count": note.comment_count})
    messages.success(request, _("Comment deleted."))
    return redirect(safe_next(request, _note_url(note)))


# --- follows --------------------------------------------------------------------------


@action
def follow(request: HttpRequest, handle: str) -> HttpResponse:
    person = get_object_or_404(get_user_model(), handle=handle.lower(), is_active=True)
    wanted = _choice(request, "follow", "unfollow")
    if wanted is None:
        wanted = not services.is_following(request.user, person)
    if wanted:
        services.follow(request.user, person)
    else:
        services.unfollow(request.user, person)
    if wants_json(request):
        person.refresh_from_db(fields=["follower_count"])
        return JsonResponse({"following": wanted, "follower_count": person.follower_count})
    return redirect(safe_next(request, reverse("feeds:profile", args=[person.handle])))


PEOPLE_PER_PAGE = 30


def followers(request: HttpRequest, handle: str) -> HttpResponse:
    """/@handle/followers/: the people following ``handle``, newest first."""
    return _people_page(request, handle, "followers")


def following(request: HttpRequest, handle: str) -> HttpResponse:
    """/@handle/following/: the people ``handle`` follows, newest first."""
    return _people_page(request, handle, "following")


def _people_page(request: HttpRequest, handle: str, tab: str) -> HttpResponse:
    """One page of a follow list, each row with a follow button for the viewer.

    Banned accounts are left out, as everywhere; "More" pages by cursor.
    """
    person = get_object_or_404(get_user_model(), handle=handle.lower(), is_active=True)
    cursor = request.GET.get("cursor") or None
    try:
        page = services.follow_list(person, tab, request.user, cursor, PEOPLE_PER_PAGE)
    except InvalidCursor:
        return HttpResponse(
            _("Invalid cursor."), status=400, content_type="text/plain; charset=utf-8"
        )
    context = {
        "person": person,
        "tab": tab,
        "people": page.items,
        "next_cursor": page.next_cursor,
        "is_me": request.user.is_authenticated and request.user.pk == person.pk,
    }
    return render(request, "social/people.html", context)


# --- boards ---------------------------------------------------------------------------


def _board_url(board: Board) -> str:
    return reverse("feeds:board", args=[board.owner.handle, board.pk])


@login_required
@require_http_methods(["GET", "POST"])
def board_create(request: HttpRequest) -> HttpResponse:
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            board = services.create_board(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Board created."))
            return redirect(_board_url(board))
    status = 400 if request.method == "POST" else 200
    return render(request, "social/board_form.html", {"form": form, "board": None}, status=status)


def _own_board(request: HttpRequest, board_id: int) -> Board:
    """One of the viewer's boards; anybody else's answers 404."""
    return get_object_or_404(Board.objects.select_related("owner"), pk=board_id, owner=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def board_edit(request: HttpRequest, board_id: int) -> HttpResponse:
    board = _own_board(request, board_id)
    initial = {"name": board.name, "description": board.description, "is_private": board.is_private}
    form = BoardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            board = services.update_board(board, request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Board saved."))
            return redirect(_board_url(board))
    status = 400 if request.method == "POST" else 200
    return render(request, "social/board_form.html", {"form": form, "board": board}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def board_delete(request: HttpRequest, board_id: int) -> HttpResponse:
    board = _own_board(request, board_id)
    if request.method == "POST":
        with transaction.atomic():
            services.delete_board(board, request.user)
        messages.success(request, _("Board deleted."))
        return redirect(f"{reverse('feeds:profile', args=[request.user.handle])}?tab=boards")
    return render(request, "social/board_confirm_delete.html", {"board": board})
