"""The slang benchmark behind ``qiao slang_benchmark`` (documented in docs/glossary.md).

Detection
    *Recall*: every slang headword of a data set is put into neutral carrier
    sentences written by us (:data:`ZH_CARRIERS`, :data:`EN_CARRIERS`); a
    headword counts as found in a sentence when a match covers it. Recall is
    given over all headwords (limited by what the glossary covers) and over the
    headwords the glossary has as a form (the detector's own recall).
    *Precision* on the same sentences: matches elsewhere in a carrier are false
    positives (the carriers are slang-free). *False positives on formal text*:
    every match in FLORES-200 (news-like, assumed slang-free) is a false
    positive; hits per 1,000 characters and the share of sentences with a hit
    are reported, with the terms for inspection. Weibo posts (informal) are
    reported as hits per 1,000 characters.

Translation
    Our own example sentences from the glossary (we wrote them) are translated
    with and without glossary hints. A translation *conveys* the slang when
    it contains one of the entry's renderings in the target language
    (``translation_en``/``translation_zh``, split on "/", ";", "," and
    parentheses) under :func:`conveys`'s rule: for English, every content word
    of the rendering (stop words removed, crude stemming) appears in the
    translation; for Chinese, the rendering appears as a substring after
    Traditional→Simplified folding, or at least two thirds of its character
    bigrams do.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import detection, glossary

# Neutral carriers written for this benchmark; "{term}" is the headword.
ZH_CARRIERS = (
    "我觉得{term}这个说法挺有意思。",
    "刚才看到有人用了“{term}”这个词。",
    "{term}！",
)
EN_CARRIERS = (
    "I saw the word '{term}' in a comment today.",
    "Someone replied with {term} under my photo.",
    "{term}.",
)

CEDICT_SLANG = Path("cc_cedict_slang/cedict_slang_neologism_subset.tsv")
GENZ_SLANG = Path("slang_en_genz/all_slangs.fixed.csv")
FLORES_ZH = Path("flores200_devtest_zh_en/zho_Hans.devtest")
FLORES_EN = Path("flores200_devtest_zh_en/eng_Latn.devtest")
WEIBO = Path("weibo_emotion_clue/test.jsonl")


# --- data ------------------------------------------------------------------------------------


def cedict_headwords(path: Path) -> list[str]:
    """Simplified headwords of the CC-CEDICT slang subset (TSV with a header row)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        words = [(row.get("simplified") or "").strip() for row in rows]
    return _distinct(w for w in words if w)


def genz_headwords(path: Path) -> list[str]:
    """The "Slang" column of the Gen Z list."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        words = [(row.get("Slang") or "").strip() for row in csv.DictReader(fh)]
    return _distinct(w for w in words if w)


def text_lines(path: Path, limit: int | None = None) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:limit] if limit else lines


def weibo_lines(path: Path, limit: int | None = None) -> list[str]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            content = (json.loads(line).get("content") or "").strip()
            if content:
                texts.append(content)
    return texts[:limit] if limit else texts


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- detection -------------------------------------------------------------------------------


@dataclass
class RecallResult:
    name: str
    headwords: int = 0
    covered: int = 0  # headwords that are a form of a glossary entry
    sentences: int = 0
    found: int = 0  # sentences where the headword was found
    found_covered: int = 0
    covered_sentences: int = 0
    found_plain: int = 0  # ... of the glossary headwords that need no context
    plain_sentences: int = 0
    true_hits: int = 0
    false_hits: int = 0
    by_carrier: list[tuple[int, int]] = field(default_factory=list)  # (found, sentences)
    missed_covered: Counter = field(default_factory=Counter)
    false_terms: Counter = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.found / self.sentences if self.sentences else 0.0

    @property
    def recall_covered(self) -> float:
        return self.found_covered / self.covered_sentences if self.covered_sentences else 0.0

    @property
    def recall_plain(self) -> float:
        return self.found_plain / self.plain_sentences if self.plain_sentences else 0.0

    @property
    def precision(self) -> float:
        total = self.true_hits + self.false_hits
        return self.true_hits / total if total else 0.0


def glossary_forms(detector: detection.Detector, lang: str) -> dict[str, bool]:
    """Folded forms of ``lang`` → whether the form needs context (is ambiguous)."""
    forms: dict[str, bool] = {}
    for entry in detector.entries.values():
        if entry.lang != lang:
            continue
        for form in entry.forms:
            if glossary.PLACEHOLDER not in form:
                key = detection.fold_form(form)
                forms[key] = forms.get(key, True) and detection.form_is_ambiguous(entry, form)
    return forms


def recall(
    name: str,
    detector: detection.Detector,
    headwords: Sequence[str],
    carriers: Sequence[str],
    lang: str,
) -> RecallResult:
    """Embed each headword in each carrier and check the detector finds it (and nothing else)."""
    result = RecallResult(name, headwords=len(headwords), by_carrier=[(0, 0) for _ in carriers])
    forms = glossary_forms(detector, lang)
    for word in headwords:
        key = detection.fold_form(word)
        covered = key in forms
        plain = covered and not forms[key]
        result.covered += covered
        for index, carrier in enumerate(carriers):
            sentence = carrier.format(term=word)
            start = carrier.index("{term}")
            end = start + len(word)
            matches = detector.detect(sentence, lang=lang)
            hit = any(m.start <= start and m.end >= end for m in matches)
            for m in matches:
                if m.end <= start or m.start >= end:
                    result.false_hits += 1
                    result.false_terms[m.entry.id] += 1
                else:
                    result.true_hits += 1
            result.sentences += 1
            result.found += hit
            found, total = result.by_carrier[index]
            result.by_carrier[index] = (found + hit, total + 1)
            if plain:
                result.plain_sentences += 1
                result.found_plain += hit
            if covered:
                result.covered_sentences += 1
                result.found_covered += hit
                if not hit:
                    result.missed_covered[word] += 1
    return result


@dataclass
class HitRate:
    name: str
    sentences: int = 0
    chars: int = 0
    hits: int = 0
    sentences_hit: int = 0
    terms: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    @property
    def per_1000_chars(self) -> float:
        return 1000 * self.hits / self.chars if self.chars else 0.0

    @property
    def sentence_share(self) -> float:
        return self.sentences_hit / self.sentences if self.sentences else 0.0


def hit_rate(
    name: str, detector: detection.Detector, texts: Sequence[str], samples: int = 12
) -> HitRate:
    """How often the detector fires on a corpus (each hit shown in a short context)."""
    result = HitRate(name)
    for text in texts:
        matches = detector.detect(text)
        result.sentences += 1
        result.chars += len(text)
        result.hits += len(matches)
        result.sentences_hit += bool(matches)
        for m in matches:
            result.terms[m.entry.id] += 1
            if len(result.samples) < samples:
                left = text[max(0, m.start - 12) : m.start]
                right = text[m.end : m.end + 12]
                result.samples.append(f"{m.entry.id}: …{left}[{m.text}]{right}…")
    return result


def detection_speed(detector: detection.Detector, text: str, repeat: int = 200) -> float:
    """Milliseconds per call on ``text`` (warm: the automaton and jieba are loaded)."""
    detector.detect(text)
    started = time.perf_counter()
    for _ in range(repeat):
        detector.detect(text)
    return (time.perf_counter() - started) * 1000 / repeat


# --- translation -----------------------------------------------------------------------------

#: How each sentence is translated: the raw engine without and with hints in its
#: input, and the whole pipeline (hints, the retry with renderings, the checks).
TRANSLATION_MODES = ("without hints", "hints only", "pipeline")


def conveys(translation: str, entry: glossary.GlossaryEntry, target: str) -> bool:
    """Does ``translation`` carry the entry's meaning? The rule is :func:`qiao.translation.glossary.conveys`."""
    from qiao.translation.glossary import conveys as carries

    return carries(translation, entry.translation(target), target)


@dataclass
class TranslationResult:
    sentences: int = 0
    conveyed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TRANSLATION_MODES, 0))
    hinted: int = 0  # sentences that got at least one hint
    failures: int = 0
    seconds: float = 0.0
    examples: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def example_sentences(
    entries: Sequence[glossary.GlossaryEntry], limit: int
) -> list[glossary.GlossaryEntry]:
    """A spread of entries (both languages, alternating), limited to ``limit``."""
    zh = [e for e in entries if e.lang == "zh" and e.register in ("neutral", "playful")]
    en = [e for e in entries if e.lang == "en" and e.register in ("neutral", "playful")]
    picked: list[glossary.GlossaryEntry] = []
    for index in range(max(len(zh), len(en))):
        for group in (zh, en):
            step = max(1, len(group) // max(1, limit))
            position = index * step
            if position < len(group) and len(picked) < limit:
                picked.append(group[position])
    return picked[:limit]


def translation_effect(
    entries: Sequence[glossary.GlossaryEntry],
    translate: Callable[[str, str, str, str], str],
    hints_for: Callable[[str, str, str], list],
) -> TranslationResult:
    """Translate each entry's example in every mode; count how often the slang is conveyed.

    ``translate(text, source, target, mode)`` returns what ``mode`` (one of
    :data:`TRANSLATION_MODES`) makes of ``text``.
    """
    from qiao.translation.engines import EngineError

    result = TranslationResult()
    started = time.perf_counter()
    for entry in entries:
        source, target = entry.lang, "en" if entry.lang == "zh" else "zh"
        try:
            outputs = {mode: translate(entry.example, source, target, mode) for mode in TRANSLATION_MODES}
        except EngineError as error:  # counts against no mode
            result.failures += 1
            result.examples.append((entry.id, {"error": str(error)}))
            continue
        result.sentences += 1
        result.hinted += bool(hints_for(entry.example, source, target))
        for mode, output in outputs.items():
            result.conveyed[mode] += conveys(output, entry, target)
        if len(result.examples) < 6:
            result.examples.append((entry.id, outputs))
    result.seconds = time.perf_counter() - started
    return result
