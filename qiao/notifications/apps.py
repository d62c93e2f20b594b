from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "qiao.notifications"
    label = "notifications"
