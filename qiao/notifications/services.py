"""Notifications: created by the social services, read on the notifications page."""

from .models import Notification


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
