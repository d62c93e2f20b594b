from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qiao.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
