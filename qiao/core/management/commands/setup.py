"""``qiao setup``: bring a site's database and files up to date, in one process.

Runs ``migrate``, ``createcachetable`` (when the cache is in the database) and
``collectstatic``; with ``--demo`` also ``demo``. Every step is idempotent, so
it is safe before every start; ``./bin/run`` uses it.
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate the database, create the cache table, collect static files (and add demo content)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also add the demo content (qiao demo).")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = {"verbosity": max(0, options["verbosity"] - 1)}
        call_command("migrate", interactive=False, **quiet)
        if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
            call_command("createcachetable", **quiet)
        call_command("collectstatic", interactive=False, **quiet)
        if options["demo"]:
            call_command("demo", verbosity=options["verbosity"])
