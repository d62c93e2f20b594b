from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "qiao.translation"
    label = "translation"
    verbose_name = "Translation"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from . import receivers

        receivers.connect()
