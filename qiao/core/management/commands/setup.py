"""``qiao setup``: bring a site's database and files up to date, in one process.

Runs ``migrate``, ``createcachetable`` (when the cache is in the database) and
``collectstatic``, builds the search query dictionary (so the first short
query is not queued behind other background work); with ``--demo`` also
``demo``; with ``--model`` it installs
the configured translation model (``qiao models install``) when the llama.cpp
engine will need it. Every step is idempotent, so it is safe before every
start; ``./bin/run`` uses it.
"""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Migrate the database, create the cache table, collect static files "
        "(and add demo content, and install the translation model)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also add the demo content (qiao demo).")
        parser.add_argument(
            "--model",
            action="store_true",
            help="Also install the configured llama.cpp model (qiao models install); "
            "a failure is reported but does not stop the site, which then shows originals.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = {"verbosity": max(0, options["verbosity"] - 1)}
        call_command("migrate", interactive=False, **quiet)
        if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
            call_command("createcachetable", **quiet)
        call_command("collectstatic", interactive=False, **quiet)
        if apps.is_installed("qiao.search"):
            from qiao.search import dictionary

            dictionary.ensure_built()  # about 10 s the first time, nothing afterwards
        if options["demo"]:
            call_command("demo", verbosity=options["verbosity"])
        if options["model"]:
            self.install_model(options["verbosity"])

    def install_model(self, verbosity: int) -> None:
        """Install the default model unless another engine or an explicit GGUF file is configured."""
        if settings.QIAO_TRANSLATION_ENGINE != "llamacpp":
            self.stdout.write(
                f"Translation engine is {settings.QIAO_TRANSLATION_ENGINE}: no local model to install."
            )
            return
        if settings.QIAO_LLAMA_MODEL_PATH:
            self.stdout.write(f"Using the model file {settings.QIAO_LLAMA_MODEL_PATH} (QIAO_LLAMA_MODEL_PATH).")
            return
        try:
            call_command("models", "install", verbosity=verbosity)
        except (CommandError, OSError) as error:
            # A site without its model still works: readers see originals and
            # "translation unavailable" until an operator installs it.
            self.stderr.write(
                self.style.WARNING(
                    f"Could not install the translation model: {error}\n"
                    "Qiao runs without translations until `qiao models install` succeeds."
                )
            )
