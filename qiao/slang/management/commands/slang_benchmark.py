"""``qiao slang_benchmark``: detection precision/recall and the translation effect of glossary hints.

    qiao slang_benchmark                      # data in ../shared/data, the configured engine
    qiao slang_benchmark --limit 20 --model-path var/test-models/qwen2.5-0.5b-instruct-q4km.gguf
    qiao slang_benchmark --no-translation     # detection figures only

The method and the scoring rule are described in ``qiao.slang.benchmark`` and docs/glossary.md.
"""

from __future__ import annotations

import resource
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qiao.slang import benchmark, detection, learning, services


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository (the working directory's parent, else the package's)."""
    for base in (Path.cwd(), Path(settings.BASE_DIR).parent):
        candidate = (base.parent / "shared" / "data").resolve()
        if candidate.is_dir():
            return candidate
    return (Path.cwd().parent / "shared" / "data").resolve()


def pct(value: float) -> str:
    return f"{100 * value:5.1f}%"


class Command(BaseCommand):
    help = (
        "Print slang detection recall and precision (CC-CEDICT slang, Gen Z slang, FLORES-200, Weibo), "
        "detection speed, CC-CEDICT load time and memory, and the share of slang sentences whose "
        "translation conveys the slang with and without glossary hints."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, help="The shared data folder (default: ../shared/data)."
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=20,
            help="Sentences to translate (twice each; default 20; 0: none).",
        )
        parser.add_argument(
            "--no-translation", action="store_true", help="Skip the translation part."
        )
        parser.add_argument(
            "--engine", help="Translation engine name (default: QIAO_TRANSLATION_ENGINE)."
        )
        parser.add_argument(
            "--model-path", help="A GGUF file: translate with llama.cpp and this model."
        )
        parser.add_argument(
            "--no-cedict", action="store_true", help="Skip the CC-CEDICT load measurement."
        )
        parser.add_argument(
            "--samples", type=int, default=10, help="False-positive samples to show per set."
        )

    def handle(self, *args, **options):
        if options["limit"] < 0:
            raise CommandError("--limit must be 0 or more.")
        data = (options["data"] or default_data_dir()).resolve()
        detector = detection.get_detector()
        self.stdout.write(f"glossary {detector.version}: {len(detector)} live entries\n")
        if not data.is_dir():
            self.stdout.write(
                self.style.WARNING(f"No data folder at {data}: detection figures skipped.")
            )
        else:
            self._detection(detector, data, options["samples"])
        self._speed(detector, data)
        if not options["no_cedict"]:
            self._cedict()
        if options["no_translation"] or options["limit"] == 0:
            self.stdout.write("\ntranslation: skipped")
        else:
            self._translation(options)

    # --- detection --------------------------------------------------------------------------

    def _detection(self, detector, data: Path, samples: int) -> None:
        self.stdout.write("== detection recall (headwords in our neutral carrier sentences)")
        sets = [
            ("CC-CEDICT slang (zh)", data / benchmark.CEDICT_SLANG, benchmark.cedict_headwords, benchmark.ZH_CARRIERS, "zh"),
            ("Gen Z slang (en)", data / benchmark.GENZ_SLANG, benchmark.genz_headwords, benchmark.EN_CARRIERS, "en"),
        ]  # fmt: skip
        for name, path, read, carriers, lang in sets:
            if not path.is_file():
                self.stdout.write(f"  {name}: {path.name} not found, skipped")
                continue
            result = benchmark.recall(name, detector, read(path), carriers, lang)
            self.stdout.write(
                f"  {name}: {result.headwords} headwords, {result.covered} in the glossary "
                f"({pct(result.covered / max(1, result.headwords)).strip()})\n"
                f"    recall, all headwords      {pct(result.recall)}  ({result.found}/{result.sentences} sentences)\n"
                f"    recall, glossary headwords {pct(result.recall_covered)}  "
                f"({result.found_covered}/{result.covered_sentences})\n"
                f"      of which need no context {pct(result.recall_plain)}  "
                f"({result.found_plain}/{result.plain_sentences}; ambiguous ones are found only in context)\n"
                f"    precision on the carriers  {pct(result.precision)}  "
                f"({result.true_hits} right, {result.false_hits} extra hits)"
            )
            for index, (found, total) in enumerate(result.by_carrier):
                carrier = carriers[index]
                self.stdout.write(f"      carrier {index + 1} {carrier!r}: {found}/{total}")
            if result.missed_covered:
                missed = ", ".join(sorted(result.missed_covered)[:25])
                self.stdout.write(f"    glossary headwords missed in some carrier: {missed}")
            if result.false_terms:
                self.stdout.write(f"    extra hits: {dict(result.false_terms.most_common(10))}")

        self.stdout.write(
            "\n== false positives on formal text (FLORES-200 devtest, assumed slang-free)"
        )
        for name, path in (
            ("FLORES zh", data / benchmark.FLORES_ZH),
            ("FLORES en", data / benchmark.FLORES_EN),
        ):
            if not path.is_file():
                self.stdout.write(f"  {name}: not found, skipped")
                continue
            self._hits(benchmark.hit_rate(name, detector, benchmark.text_lines(path), samples))
        self.stdout.write(
            "\n== informal text (Weibo, CLUE emotion test split): hits, not all false"
        )
        path = data / benchmark.WEIBO
        if path.is_file():
            self._hits(benchmark.hit_rate("Weibo", detector, benchmark.weibo_lines(path), samples))
        else:
            self.stdout.write("  Weibo: not found, skipped")

    def _hits(self, result: benchmark.HitRate) -> None:
        self.stdout.write(
            f"  {result.name}: {result.hits} hits in {result.sentences} texts, {result.chars} chars: "
            f"{result.per_1000_chars:.2f} hits per 1,000 chars, {pct(result.sentence_share).strip()} of texts"
        )
        if result.terms:
            self.stdout.write(f"    terms: {dict(result.terms.most_common(12))}")
        for sample in result.samples:
            self.stdout.write(f"    {sample}")

    def _speed(self, detector, data: Path) -> None:
        self.stdout.write("\n== detection speed (warm, per call)")
        texts = {"slang-dense mixed text, 1,000 chars": _dense_text()}
        flores = data / benchmark.FLORES_ZH
        if flores.is_file():
            texts["FLORES zh, 1,000 chars"] = "".join(benchmark.text_lines(flores))[:1000]
        flores_en = data / benchmark.FLORES_EN
        if flores_en.is_file():
            texts["FLORES en, 1,000 chars"] = " ".join(benchmark.text_lines(flores_en))[:1000]
        for name, text in texts.items():
            self.stdout.write(f"  {name}: {benchmark.detection_speed(detector, text):.3f} ms")

    def _cedict(self) -> None:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        dictionary = learning.Cedict(measure=True)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        stats = dictionary.stats
        self.stdout.write(
            f"\n== CC-CEDICT (learning aids): {stats.entries} entries, {stats.headwords} headwords; "
            f"load {stats.load_seconds:.2f} s (measured with tracemalloc, which slows it); "
            f"index {stats.index_mb} MB, peak {stats.peak_mb} MB while parsing; "
            f"process peak RSS +{after - before:.0f} MB"
        )

    # --- translation ------------------------------------------------------------------------

    def _translation(self, options) -> None:
        from qiao.translation import services as translation_services
        from qiao.translation.engines import EngineError, get_engine

        try:
            if options["model_path"]:
                from qiao.translation.engines.llamacpp import LlamaCppEngine

                engine = LlamaCppEngine(model_path=options["model_path"], n_ctx=2048, timeout=300)
            else:
                engine = get_engine(options["engine"])
        except (EngineError, ValueError, LookupError) as error:
            self.stdout.write(f"\ntranslation: skipped ({error})")
            return
        except Exception as error:  # ImproperlyConfigured from a bad engine name
            raise CommandError(str(error)) from error
        health = engine.health()
        if not health.ok:
            self.stdout.write(f"\ntranslation: skipped, engine not usable: {health.detail}")
            return
        entries = benchmark.example_sentences(services.all_entries(), options["limit"])
        self.stdout.write(
            f"\n== translation ({engine!r}, {len(entries)} of our example sentences, "
            f"{len(benchmark.TRANSLATION_MODES)} ways each)"
        )

        def translate(text: str, source: str, target: str, mode: str) -> str:
            if mode == "pipeline":
                result = translation_services.translate_text(text, source, target, engine=engine, use_memory=False)
                return result.text
            hints = services.glossary_hints(text, source, target) if mode == "hints only" else []
            return engine.translate([text], source, target, hints)[0]

        result = benchmark.translation_effect(entries, translate, services.glossary_hints)
        n = max(1, result.sentences)
        for mode in benchmark.TRANSLATION_MODES:
            conveyed = result.conveyed[mode]
            self.stdout.write(f"  conveys the slang, {mode + ':':<14} {pct(conveyed / n).strip()} ({conveyed}/{result.sentences})")
        self.stdout.write(
            f"  sentences given hints: {result.hinted}; engine errors: {result.failures}; {result.seconds:.0f} s"
        )
        for term_id, outputs in result.examples:
            self.stdout.write(f"    {term_id}:")
            for mode, output in outputs.items():
                self.stdout.write(f"      {mode + ':':<14} {output!r}")


def _dense_text() -> str:
    """A slang-dense note we wrote, repeated to 1,000 characters (a worst case)."""
    note = (
        "今天去打卡了那家网红火锅店，真的yyds！排队两个小时，我直接破防了。姐妹们冲！"
        "No cap, this place slaps and the broth is the GOAT. 老板人也超好，"
    )
    return (note * (1000 // len(note) + 1))[:1000]
