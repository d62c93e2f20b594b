"""Template helpers: where to report an object, and whether the viewer moderates."""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..targets import kind_of

register = template.Library()


@register.simple_tag(takes_context=True)
def report_url(context, obj) -> str:
    """The report page for ``obj`` (note, comment, account, glossary proposal), coming back here."""
    kind = kind_of(obj)
    if kind is None or obj is None or obj.pk is None:
        return ""
    url = reverse("moderation:report", args=[kind, obj.pk])
    request = context.get("request")
    if request is not None:
        from django.utils.http import urlencode

        url += "?" + urlencode({"next": request.get_full_path()})
    return url


@register.filter
def can_report(obj, user) -> bool:
    """Signed in, and not one's own content or account."""
    if user is None or not user.is_authenticated or obj is None:
        return False
    author_id = getattr(obj, "author_id", None)
    if author_id is None and kind_of(obj) == "user":
        author_id = obj.pk
    return author_id != user.pk
