"""Per request: remember the client address (per-IP surge limits), and tell authors about holds."""

from django.contrib import messages

from qiao.core.ratelimit import client_ip

from .gate import held_notice, held_now
from .limits import current_ip


class ModerationMiddleware:
    """Sets the client address for the services; after a web request that held a post, says so.

    The API leaves messages out: it has no pages to show them on, and its clients
    see a held post answer 404 to everyone but moderators.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ip_token = current_ip.set(client_ip(request))
        held: list[str] = []
        held_token = held_now.set(held)
        try:
            response = self.get_response(request)
        finally:
            current_ip.reset(ip_token)
            held_now.reset(held_token)
        if held and not request.path.startswith("/api/"):
            for kind in dict.fromkeys(held):
                messages.warning(request, held_notice(kind), fail_silently=True)
        return response
