from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation

from .ratelimit import RateLimited


class UserLanguageMiddleware:
    """Activate the interface language: the user's choice, else the session's, else the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = (
            (user.interface_language if user is not None and user.is_authenticated else "")
            or request.session.get("interface_language")
            or translation.get_language_from_request(request)
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # Threads are reused: never let one request's language leak into the next.
            translation.deactivate()
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class RateLimitMiddleware:
    """Turn RateLimited raised by a web view into a 429 page (the API answers JSON itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        if request.headers.get("Accept", "").startswith("application/json"):
            response = JsonResponse({"detail": exception.message}, status=429)
        else:
            html = render_to_string("core/error.html", {"status": 429, "message": exception.message}, request)
            response = HttpResponse(html, status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response
