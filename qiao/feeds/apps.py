from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "qiao.feeds"
    label = "feeds"
