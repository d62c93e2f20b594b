"""The notifications page ("messages"): likes & collects, comments & @mentions, new followers."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qiao.core.pagination import InvalidCursor
from qiao.social.services import followed_ids

from . import services

TABS = [
    ("all", gettext_lazy("All")),
    ("likes", gettext_lazy("Likes & collects")),
    ("comments", gettext_lazy("Comments & @")),
    ("follows", gettext_lazy("New followers")),
]


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """One tab of notifications; opening it marks that tab's notifications read.

    The page is read before marking, so what was unread is still highlighted.
    """
    tab = request.GET.get("tab", "all")
    if tab not in dict(TABS):
        tab = "all"
    category = None if tab == "all" else tab
    try:
        page = services.list_notifications(
            request.user, category=category, cursor=request.GET.get("cursor") or None
        )
    except InvalidCursor:
        message = _("This link to a further page is not valid. Start again from the first page.")
        return render(request, "core/error.html", {"status": 400, "message": message}, status=400)
    items = page.items
    following = followed_ids(request.user, [n.actor_id for n in items if n.verb == n.Verb.FOLLOW])
    for item in items:
        item.actor_followed = item.actor_id in following
    services.mark_all_read(request.user, category)
    counts = services.unread_counts(request.user)
    next_url = ""
    if page.next_cursor:
        next_url = f"{request.path}?{urlencode({'tab': tab, 'cursor': page.next_cursor})}"
    context = {
        "tab": tab,
        "tabs": [(key, label, counts[key]) for key, label in TABS],
        "notifications": items,
        "next_url": next_url,
    }
    return render(request, "notifications/list.html", context)
