"""Remember the client address of the request, for the per-IP surge limits in the services."""

from qiao.core.ratelimit import client_ip

from .limits import current_ip


class ModerationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
