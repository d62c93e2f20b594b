"""``qiao translate --from zh --to en "text"``: translate text for operators.

The text goes through the whole pipeline (segmentation, protection, output
checks) with the configured engine, or straight to the engine with
``--raw``. Reads standard input when no text is given. Nothing is stored:
the translation memory is consulted only with ``--memory``.
"""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qiao.core.languages import detect_language
from qiao.translation import services
from qiao.translation.engines import ENGINES, EngineError, get_engine


class Command(BaseCommand):
    help = "Translate text with the configured engine, through the pipeline (or --raw)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("text", nargs="*", help="Text to translate (default: standard input).")
        parser.add_argument("--from", dest="source", default="", help="Source language (default: detect).")
        parser.add_argument("--to", dest="target", required=True, help='Target language, e.g. "en", "zh", "zh-Hant".')
        parser.add_argument("--engine", choices=sorted(ENGINES), help="Engine (default: QIAO_TRANSLATION_ENGINE).")
        parser.add_argument("--raw", action="store_true", help="Send the text to the engine as is: no pipeline.")
        parser.add_argument("--memory", action="store_true", help="Use translations already in the memory.")
        parser.add_argument("--segments", action="store_true", help="Also list each segment and what happened to it.")

    def handle(self, *args, **options) -> None:
        text = " ".join(options["text"]) if options["text"] else sys.stdin.read()
        if not text.strip():
            raise CommandError("Nothing to translate: give the text as an argument or on standard input.")
        source = options["source"] or detect_language(text)
        if not source:
            raise CommandError("Could not tell the text's language: pass --from.")
        try:
            engine = get_engine(options["engine"])
            if options["raw"]:
                base, _display = services.parse_target(options["target"])
                self.stdout.write(engine.translate([text], source, base)[0])
                return
            result = services.translate_text(
                text, source, options["target"], engine=engine, use_memory=options["memory"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except (EngineError, ValueError) as error:
            raise CommandError(f"Translation failed: {error}") from error
        self.stdout.write(result.text)
        if options["segments"]:
            for segment in result.segments:
                note = f" ({'; '.join(segment.problems)})" if segment.problems else ""
                memo = " [memory]" if segment.from_memory else ""
                self.stderr.write(f"{segment.status}{memo}{note}: {segment.source!r} → {segment.text!r}")
        if result.failed:
            self.stderr.write(
                self.style.WARNING(
                    f"{result.failed} segment(s) failed the output checks and are shown untranslated: "
                    + "; ".join(sorted(set(result.problems)))
                )
            )
        self.stderr.write(f"{result.source_lang} → {result.target} by {result.engine} ({result.model})")
