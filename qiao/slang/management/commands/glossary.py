"""``qiao glossary check|stats``: validate the live glossary, or print its figures."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qiao.slang import detection, glossary, services
from qiao.slang.models import GlossaryEntry as LiveEntry
from qiao.slang.models import TermProposal


class Command(BaseCommand):
    help = (
        "check: validate the shipped glossary files and every community entry in the database "
        "(exit status 1 on problems). stats: counts by language, register and tag, and the "
        "community figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "stats"])

    def handle(self, *args, **options):
        try:
            shipped = glossary.load_glossary()
        except glossary.GlossaryError as exc:
            raise CommandError(str(exc)) from exc
        if options["action"] == "check":
            self._check(shipped)
        else:
            self._stats(shipped)

    def _check(self, shipped) -> None:
        problems: list[str] = []
        for row in LiveEntry.objects.filter(is_active=True).order_by("term_id"):
            try:
                services.validate_entry(row.entry_data(), row.term_id, replacing=row.term_id)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    problems.extend(f"{row.term_id}: {field}: {message}" for message in messages)
        live = detection.live_entries()
        self.stdout.write(
            f"shipped glossary {glossary.glossary_version()}: {len(shipped)} entries, valid\n"
            f"live glossary: {len(live)} entries ({LiveEntry.objects.filter(is_active=True).count()} "
            f"community rows, {LiveEntry.objects.filter(is_active=False).count()} retired)"
        )
        if problems:
            for problem in problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(f"{len(problems)} problem(s) in community entries")
        self.stdout.write(self.style.SUCCESS("community entries: valid"))

    def _stats(self, shipped) -> None:
        live = detection.live_entries()
        self.stdout.write(f"glossary {detection.glossary_version()}: {len(live)} live entries")
        for title, counts in glossary.summarise(live).items():
            self.stdout.write(f"\nby {title}:")
            for key, count in sorted(counts.items()):
                self.stdout.write(f"  {key:<32} {count}")
        self.stdout.write("\ncommunity:")
        self.stdout.write(
            f"  {'entries (active)':<32} {LiveEntry.objects.filter(is_active=True).count()}"
        )
        for status, label in TermProposal.Status.choices:
            count = TermProposal.objects.filter(status=status).count()
            self.stdout.write(f"  {'proposals ' + status:<32} {count}")
