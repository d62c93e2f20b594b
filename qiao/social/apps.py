from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "qiao.social"
    label = "social"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
