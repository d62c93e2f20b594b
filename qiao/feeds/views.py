"""Feed pages: Explore, Following, a hashtag, a profile, a board.

Each renders its first page of cards; ``?cursor=…`` renders a later page, and
``&fragment=1`` only the cards and the next "More" link (for feeds.js).
Explore and Following put their pages together from shared cards
(``qiao.feeds.cards``).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.translation import gettext as _

from qiao.core.pagecache import shared_anonymous_page
from qiao.core.pagination import InvalidCursor, Page
from qiao.notes.models import Note
from qiao.social import services as social
from qiao.translation.templatetags.translation_tags import prime_translations

from . import cards, services


def _cursor(request: HttpRequest) -> str | None:
    return request.GET.get("cursor") or None


def _bad_cursor(request: HttpRequest) -> HttpResponse:
    message = _("This link to a further page is not valid. Start again from the first page.")
    return render(request, "core/error.html", {"status": 400, "message": message}, status=400)


def _next_url(request: HttpRequest, cursor: str | None) -> str:
    """The current URL with the next page's cursor (other parameters, like sort or tab, kept)."""
    if not cursor:
        return ""
    params = {k: v for k, v in request.GET.items() if k not in {"cursor", "fragment"}}
    params["cursor"] = cursor
    return f"{request.path}?{urlencode(params)}"


def _render_feed(
    request: HttpRequest, template: str, page: Page | cards.CardPage, context: dict
) -> HttpResponse:
    context.update(
        notes=page.items,
        cards_html=getattr(page, "html", ""),
        next_url=_next_url(request, page.next_cursor),
    )
    # Stored translations of the page's titles (and bio or board name) in one query.
    units = [context[name] for name in ("person", "board") if name in context]
    if isinstance(page, Page):  # shared cards (cards.CardPage) come rendered
        units += page.items
    prime_translations(request, units)
    if request.GET.get("fragment"):
        # Only cards and a link: no context processors (no unread badge to count).
        fragment = get_template("feeds/feed_fragment.html")
        return HttpResponse(fragment.render({**context, "request": request, "user": request.user}))
    return render(request, template, context)


# Signed-out visitors share the rendered first page for a few seconds (docs/deploy.md).
@shared_anonymous_page("explore", lambda: settings.QIAO_EXPLORE_CACHE_SECONDS)
def explore(request: HttpRequest) -> HttpResponse:
    viewer, cursor = request.user, _cursor(request)
    try:
        if cards.shares_html(viewer):
            page = cards.explore_page(request, cursor)
        else:
            page = services.explore(viewer, cursor)
    except InvalidCursor:
        return _bad_cursor(request)
    return _render_feed(request, "feeds/explore.html", page, {"categories": services.CATEGORY_TAGS})


@login_required
def following(request: HttpRequest) -> HttpResponse:
    viewer, cursor = request.user, _cursor(request)
    try:
        if cards.shares_html(viewer):
            page = cards.following_page(request, cursor)
        else:
            page = services.following(viewer, cursor)
    except InvalidCursor:
        return _bad_cursor(request)
    return _render_feed(request, "feeds/following.html", page, {})


def hashtag(request: HttpRequest, name: str) -> HttpResponse:
    tag_name, tag = services.get_hashtag(name)
    sort = request.GET.get("sort") if request.GET.get("sort") in services.SORTS else "hot"
    try:
        page = services.hashtag(request.user, tag, sort, _cursor(request))
    except InvalidCursor:
        return _bad_cursor(request)
    context = {"tag_name": tag_name, "tag": tag, "sort": sort}
    return _render_feed(request, "feeds/hashtag.html", page, context)


def profile(request: HttpRequest, handle: str) -> HttpResponse:
    person = services.get_person(handle)
    viewer = request.user
    tab = "boards" if request.GET.get("tab") == "boards" else "notes"
    context = {
        "person": person,
        "tab": tab,
        "is_me": viewer.is_authenticated and viewer.pk == person.pk,
        "is_following": social.is_following(viewer, person),
        "note_total": Note.objects.visible_to(viewer).filter(author=person).count(),
    }
    if tab == "boards":
        context["boards"] = services.boards_with_previews(person, viewer)
        prime_translations(request, [person, *context["boards"]])
        return render(request, "feeds/profile.html", context)
    try:
        page = services.profile_notes(viewer, person, _cursor(request))
    except InvalidCursor:
        return _bad_cursor(request)
    return _render_feed(request, "feeds/profile.html", page, context)


def board(request: HttpRequest, handle: str, board_id: int) -> HttpResponse:
    person = services.get_person(handle)
    found = social.get_board_for(request.user, board_id)
    if found.owner_id != person.pk:
        raise Http404(_("Board not found."))
    try:
        page = services.board_notes(request.user, found, _cursor(request))
    except InvalidCursor:
        return _bad_cursor(request)
    context = {
        "person": person,
        "board": found,
        "is_me": request.user.is_authenticated and request.user.pk == person.pk,
    }
    return _render_feed(request, "feeds/board.html", page, context)
