from django.conf import settings


def qiao(request):
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from qiao.notifications.services import unread_count

        unread = unread_count(user)
    return {"unread_notifications": unread, "QIAO_DEBUG": settings.DEBUG}
