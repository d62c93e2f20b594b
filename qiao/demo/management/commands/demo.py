"""``qiao demo``: fill the site with demo people and their notes (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from qiao.demo.services import build_demo, remove_demo


class Command(BaseCommand):
    help = (
        "Add demo people, notes with drawn photos, comments, likes, follows and boards. "
        "Re-running adds only what is missing; --reset deletes the demo first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo people and everything they made, then rebuild."
        )
        parser.add_argument("--remove", action="store_true", help="Only delete the demo people and their content.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 1
        log = self.stdout.write if verbose else (lambda message: None)
        if options["reset"] or options["remove"]:
            remove_demo(log=self.stdout.write)
            if options["remove"]:
                return
        report = build_demo(log=log)
        for reason in report.skipped:
            self.stderr.write(f"Skipped {reason}")
        self.stdout.write(report.summary())
        if not report.created:
            self.stdout.write("Nothing to add: the demo is already complete.")
