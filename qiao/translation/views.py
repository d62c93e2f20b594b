"""Web endpoints behind the "Translate" button, and the staff status page.

``POST /translation/<kind>/<id>/`` asks for a translation: 200 with the
items when it is stored (or was made inline), 202 ``{"status": "pending"}``
when a task was queued, 200 ``{"status": "unavailable"}`` when the engine
failed. ``GET .../status/`` is what the page polls. Items carry ``html``
rendered by ``rich_text`` (escaped first), so the page never builds markup
from translation output.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qiao.core.ratelimit import RateLimited, client_ip
from qiao.core.templatetags.qiao_text import rich_text

from . import services, status

#: Fields shown with hashtags and links (the others are plain text).
RICH_FIELDS = {("note", "body"), ("comment", "body"), ("user", "bio")}


def _target(request: HttpRequest) -> str:
    requested = request.POST.get("target") or request.GET.get("target") or ""
    return requested or services.reader_target(request.user, getattr(request, "LANGUAGE_CODE", ""))


def _item_html(item: services.FieldTranslation) -> str:
    kind = services.kind_of(item.obj).name
    if (kind, item.field) in RICH_FIELDS:
        return str(rich_text(item.text))
    from django.utils.html import escape

    return str(escape(item.text))


def answer(result) -> JsonResponse:
    """The JSON for a UnitTranslation, Pending or Unavailable."""
    if isinstance(result, services.Pending):
        return JsonResponse({"status": "pending"}, status=202)
    if isinstance(result, services.Unavailable):
        return JsonResponse({"status": "unavailable", "detail": result.detail})
    data = result.as_dict()
    for item, source in zip(data["items"], result.fields, strict=True):
        item["html"] = _item_html(source)
    return JsonResponse(data)


def _error(message: str, status_code: int, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=status_code)
    for name, value in headers.items():
        response[name] = value
    return response


def _handle(request: HttpRequest, kind: str, pk: int, action) -> JsonResponse:
    try:
        obj = services.get_unit(kind, pk, request.user)
        return answer(action(obj, _target(request)))
    except Http404 as error:
        return _error(str(error) or "Not found.", 404)
    except ValidationError as error:
        return _error("; ".join(error.messages), 400)
    except RateLimited as error:
        return _error(error.message, 429, **{"Retry-After": str(error.retry_after)})


@require_POST
def translate(request: HttpRequest, kind: str, pk: int) -> JsonResponse:
    return _handle(
        request,
        kind,
        pk,
        lambda obj, target: services.request_translation(obj, target, request.user, ip=client_ip(request)),
    )


@require_GET
def poll(request: HttpRequest, kind: str, pk: int) -> JsonResponse:
    return _handle(request, kind, pk, services.translation_status)


@require_http_methods(["GET", "HEAD"])
def status_page(request: HttpRequest):
    """Engine health, worker heartbeat, queue and storage figures: staff only (others get 404)."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404
    return render(request, "translation/status.html", {"report": status.report()})
