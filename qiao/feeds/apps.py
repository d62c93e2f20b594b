from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "qiao.feeds"
    label = "feeds"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
