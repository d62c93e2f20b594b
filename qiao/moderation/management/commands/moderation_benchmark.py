"""``qiao moderation_benchmark``: precision/recall of the automatic checks on offensive-language sets."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from qiao.moderation.benchmark import evaluate, find_datasets
from qiao.moderation.classifiers import get_classifier


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository (the working directory's parent, else the package's)."""
    for base in (Path.cwd(), Path(settings.BASE_DIR).parent):
        candidate = (base.parent / "shared" / "data").resolve()
        if candidate.is_dir():
            return candidate
    return (Path.cwd().parent / "shared" / "data").resolve()


class Command(BaseCommand):
    help = (
        "Print precision, recall, F1 and the confusion counts of the automatic checks (the "
        "moderators' rules plus a classifier) on the Chinese COLD and English TweetEval "
        "offensive-language sets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            type=Path,
            help="Folder holding toxic_zh_cold/ and tweets_en_tweeteval/ (default: ../shared/data).",
        )
        parser.add_argument(
            "--split",
            choices=["test", "dev", "both"],
            default="test",
            help="Which split to score (dev = COLD dev and TweetEval val).",
        )
        parser.add_argument("--limit", type=int, help="Score only the first N texts of each set.")
        parser.add_argument(
            "--llm",
            action="store_true",
            help="Use the LLM classifier (the configured model server) instead of the lexicon; use a small --limit.",
        )
        parser.add_argument(
            "--classifier",
            help='Classifier name: "lexicon", "llm", "none" (default: QIAO_MODERATION_CLASSIFIER).',
        )

    def handle(self, *args, **options):
        data_dir = options["data"] or default_data_dir()
        splits = ("dev", "test") if options["split"] == "both" else (options["split"],)
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        name = "llm" if options["llm"] else options["classifier"]
        classifier = get_classifier(name)
        datasets, missing = find_datasets(Path(data_dir), splits)
        for message in missing:
            self.stdout.write(self.style.WARNING(f"Skipped: {message}"))
        if not datasets:
            self.stdout.write(
                self.style.WARNING(f"No benchmark data under {data_dir}; nothing to score.")
            )
            return
        self.stdout.write(f"Automatic checks: rules + {classifier.name} classifier")
        header = f"{'set':<26} {'split':<5} {'n':>5} {'precision':>9} {'recall':>6} {'F1':>5}   tp    fp    fn    tn   secs"
        self.stdout.write(header)
        for dataset in datasets:
            started = time.monotonic()
            try:
                s = evaluate(dataset, classifier=classifier, limit=options["limit"])
            except DatabaseError as exc:
                raise CommandError(
                    f"The rules live in the database: run `qiao migrate` first ({exc})."
                ) from exc
            secs = time.monotonic() - started
            self.stdout.write(
                f"{dataset.name:<26} {dataset.split:<5} {s.total:>5} {s.precision:>9.3f} {s.recall:>6.3f} "
                f"{s.f1:>5.3f} {s.tp:>5} {s.fp:>5} {s.fn:>5} {s.tn:>5} {secs:>6.1f}"
            )
