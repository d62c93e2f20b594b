from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "qiao.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the index to note, user and hashtag changes)
