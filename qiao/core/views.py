from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST


def page_not_found(request, exception):
    """Django's 404 page, but JSON under /api/, where clients parse every answer as JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("There is no such API endpoint.")}, status=404)
    return defaults.page_not_found(request, exception)


@require_POST
def set_language(request):
    """Switch the interface language; saved on the profile when signed in."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = ""
    request.session["interface_language"] = language
    if request.user.is_authenticated:
        request.user.interface_language = language
        request.user.save(update_fields=["interface_language"])
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    return HttpResponseRedirect(next_url)
