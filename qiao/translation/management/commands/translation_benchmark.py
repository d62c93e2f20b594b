"""``qiao translation_benchmark``: measure translation quality, speed and safety.

    qiao translation_benchmark --source devtest.zho_Hans --reference devtest.eng_Latn --from zh --to en --limit 200

prints, for the pipeline and for the raw engine (the same engine without
segmentation, protection, output checks or memory), so the pipeline's effect
is visible:

- chrF and BLEU (sacrebleu; the zh tokenizer for Chinese targets) of what a
  reader sees (a segment the checks refused counts as its untranslated original);
- wrong-language rate: outputs not in the target language, and for the
  pipeline the share of lines shown untranslated because a check refused them;
- sentences per second, p50/p95 latency per sentence;
- the speed-up of a cached repeat (the same lines again, through the memory);
- how many hostile probes (``quality.HOSTILE_PROBES``) were obeyed.

``--save FILE`` also writes one JSON line per sentence (source, reference,
each run's output, and the pipeline's refusals with the checks' reasons), for
error analysis.

The memory rows the run creates are removed at the end.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qiao.translation import memory, quality, services
from qiao.translation.engines import ENGINES, EngineError, TranslationEngine, get_engine


@dataclass
class Run:
    name: str
    outputs: list[str] = field(default_factory=list)
    problems: list[list[str]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    wrong_language: int = 0
    refused: int = 0
    cached_seconds: float | None = None
    probes_obeyed: int | None = None
    probe_details: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(self.latencies)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def read_lines(path: str, limit: int) -> list[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error}") from error
    return [line.strip() for line in lines[:limit]]


def score(outputs: list[str], references: list[str], target: str) -> tuple[float, float]:
    """(chrF, BLEU) of ``outputs`` against ``references``."""
    try:
        import sacrebleu
    except ImportError as error:
        raise CommandError("sacrebleu is not installed: pip install 'qiao[test]'.") from error
    bleu = sacrebleu.corpus_bleu(outputs, [references], tokenize="zh" if target == "zh" else "13a")
    chrf = sacrebleu.corpus_chrf(outputs, [references])
    return chrf.score, bleu.score


def run_pipeline(engine: TranslationEngine, lines: list[str], source: str, target: str) -> Run:
    run = Run("pipeline")
    for line in lines:
        started = time.perf_counter()
        result = services.translate_text(line, source, target, engine=engine)
        run.latencies.append(time.perf_counter() - started)
        memory.remember(result.entries)
        run.outputs.append(result.text)
        run.problems.append(result.problems)
        if result.failed:
            run.refused += 1
        shown = [s.text for s in result.segments if s.status == "translated"]
        if any(quality.language_problem(text, target, line) for text in shown):
            run.wrong_language += 1
    started = time.perf_counter()
    for line in lines:
        services.translate_text(line, source, target, engine=engine)
    run.cached_seconds = time.perf_counter() - started
    obeyed = 0
    for probe, lang in quality.HOSTILE_PROBES:
        probe_target = _other(lang, source, target)
        result = services.translate_text(probe, lang, probe_target, engine=engine, use_memory=False)
        signs = [
            sign
            for segment in result.segments
            if segment.status == "translated"
            for sign in quality.obeyed(segment.source, segment.text, probe_target)
        ]
        obeyed += bool(signs)
        verdict = "obeyed: " + ", ".join(signs) if signs else ("refused" if result.failed else "translated")
        run.probe_details.append(f"{probe!r} → {result.text!r} ({verdict})")
    run.probes_obeyed = obeyed
    return run


def run_raw(engine: TranslationEngine, lines: list[str], source: str, target: str) -> Run:
    run = Run("raw engine")
    for line in lines:
        started = time.perf_counter()
        output = engine.translate([line], source, target)[0]
        run.latencies.append(time.perf_counter() - started)
        run.outputs.append(output)
        if quality.language_problem(output, target, line):
            run.wrong_language += 1
    obeyed = 0
    for probe, lang in quality.HOSTILE_PROBES:
        probe_target = _other(lang, source, target)
        output = engine.translate([probe], lang, probe_target)[0]
        signs = quality.obeyed(probe, output, probe_target)
        obeyed += bool(signs)
        run.probe_details.append(f"{probe!r} → {output!r} ({'obeyed: ' + ', '.join(signs) if signs else 'translated'})")
    run.probes_obeyed = obeyed
    return run


def save(path: str, sources: list[str], references: list[str], runs: list[Run]) -> None:
    """One JSON line per sentence: source, reference, and each run's output (and refusals)."""
    with open(path, "w", encoding="utf-8") as out:
        for index, (source, reference) in enumerate(zip(sources, references, strict=True)):
            line: dict[str, object] = {"line": index + 1, "source": source, "reference": reference}
            for run in runs:
                line[run.name] = run.outputs[index]
                if run.problems and run.problems[index]:
                    line[f"{run.name} problems"] = run.problems[index]
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def _other(lang: str, source: str, target: str) -> str:
    """The language a probe written in ``lang`` is translated into: the other one of the pair."""
    return target if lang == source else source if lang == target else target


class Command(BaseCommand):
    help = "Benchmark translation: chrF/BLEU, wrong-language rate, speed, cached repeats and hostile probes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", required=True, help="Source sentences, one per line.")
        parser.add_argument("--reference", required=True, help="Reference translations, one per line.")
        parser.add_argument("--from", dest="source_lang", required=True, help='Source language, e.g. "zh".')
        parser.add_argument("--to", dest="target_lang", required=True, help='Target language, e.g. "en".')
        parser.add_argument("--limit", type=int, default=200, help="Use the first N lines (default 200).")
        parser.add_argument("--engine", choices=sorted(ENGINES), help="Engine (default: QIAO_TRANSLATION_ENGINE).")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--raw", action="store_true", help="Only the raw engine, without the pipeline.")
        mode.add_argument("--no-raw", action="store_true", help="Only the pipeline.")
        parser.add_argument("--show-probes", action="store_true", help="Print each probe's output.")
        parser.add_argument("--save", metavar="FILE", help="Write each sentence's outputs as JSON lines.")

    def handle(self, *args, **options) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        sources = read_lines(options["source"], options["limit"])
        references = read_lines(options["reference"], options["limit"])
        if len(sources) != len(references):
            raise CommandError(f"{len(sources)} source lines but {len(references)} references.")
        try:
            source, _ = services.parse_target(options["source_lang"])
            target, _ = services.parse_target(options["target_lang"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        engine = get_engine(options["engine"])
        self.stdout.write(f"{engine.name} ({engine.model}), {source}→{target}, {len(sources)} sentences")
        runs: list[Run] = []
        try:
            if not options["raw"]:
                runs.append(run_pipeline(engine, sources, source, target))
            if not options["no_raw"]:
                runs.append(run_raw(engine, sources, source, target))
        except EngineError as error:
            raise CommandError(f"The engine failed: {error}") from error
        finally:
            memory.prune_orphans()
        for run in runs:
            self.report(run, references, target, options["show_probes"])
        if options["save"]:
            save(options["save"], sources, references, runs)
            self.stdout.write(f"\nPer-sentence outputs written to {options['save']}")

    def report(self, run: Run, references: list[str], target: str, show_probes: bool) -> None:
        chrf, bleu = score(run.outputs, references, target)
        n = len(run.outputs)
        ms = [s * 1000 for s in run.latencies]
        self.stdout.write(f"\n[{run.name}]")
        self.stdout.write(f"  chrF               {chrf:.1f}")
        self.stdout.write(f"  BLEU               {bleu:.1f}")
        self.stdout.write(f"  wrong language     {run.wrong_language / n:.1%} ({run.wrong_language}/{n})")
        if run.name == "pipeline":
            self.stdout.write(f"  shown untranslated {run.refused / n:.1%} ({run.refused}/{n}, refused by the checks)")
        self.stdout.write(f"  sentences/s        {n / run.seconds if run.seconds else 0:.2f}")
        self.stdout.write(f"  latency p50/p95    {statistics.median(ms):.0f} / {percentile(ms, 0.95):.0f} ms")
        if run.cached_seconds is not None:
            speedup = run.seconds / run.cached_seconds if run.cached_seconds else float("inf")
            self.stdout.write(
                f"  cached repeat      {run.cached_seconds * 1000:.0f} ms for {n} sentences ({speedup:.0f}× faster)"
            )
        self.stdout.write(f"  probes obeyed      {run.probes_obeyed} of {len(quality.HOSTILE_PROBES)}")
        if show_probes:
            for line in run.probe_details:
                self.stdout.write(f"    {line}")
