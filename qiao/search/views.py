"""The search page: /search/?q=…&type=notes|users|hashtags|terms&sort=…&lang=…&since=…&cursor=…"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qiao.core import ratelimit
from qiao.core.languages import LANGUAGE_NAMES, content_languages

from . import services


def rate_key(request: HttpRequest) -> str:
    """Whom a search is counted against: the signed-in user, else the client address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{ratelimit.client_ip(request)}"


def _url(request: HttpRequest, **changes) -> str:
    params = {k: v for k, v in request.GET.items() if k not in {"cursor", "fragment"}}
    params.update(changes)
    return f"{request.path}?{urlencode({k: v for k, v in params.items() if v})}"


def results(request: HttpRequest) -> HttpResponse:
    get = request.GET
    kind = get.get("type") or "notes"
    context = {
        "q": get.get("q", ""),
        "type": kind,
        "sort": get.get("sort") or "relevance",
        "lang": get.get("lang", ""),
        "since": get.get("since", ""),
        "tabs": [(name, _url(request, type=name)) for name in services.TYPES],
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in content_languages()],
    }
    if not context["q"].strip():
        return render(request, "search/results.html", context)
    try:
        params = services.parse_params(
            q=get.get("q"), type=kind, lang=get.get("lang"), since=get.get("since"),
            sort=get.get("sort"), cursor=get.get("cursor"),
        )  # fmt: skip
    except ValidationError as error:
        context["errors"] = [m for messages in error.message_dict.values() for m in messages]
        return render(request, "search/results.html", context, status=400)
    ratelimit.check("search", rate_key(request))
    found = services.search(
        request.user, params, rate_key=rate_key(request), interface_language=request.LANGUAGE_CODE
    )
    context.update(
        results=found,
        next_url=_url(request, cursor=found.next_cursor) if found.next_cursor else "",
        translations=list(
            dict.fromkeys(
                (LANGUAGE_NAMES.get(lang, lang), text)
                for lang, text in [*found.translations.items(), *found.expansions.items()]
            )
        ),
    )
    if get.get("fragment") and params.type == "notes":
        return render(request, "search/notes_fragment.html", context)
    return render(request, "search/results.html", context)
