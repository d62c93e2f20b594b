"""Precision and recall of the automatic checks on labelled offensive-language sets.

Two layouts are read (the sets themselves are third-party and never shipped):

- COLD (Chinese): ``toxic_zh_cold/{dev,test}.csv`` with columns ``label``
  (1 offensive) and ``TEXT``;
- TweetEval offensive (English): ``tweets_en_tweeteval/offensive/{val,test}_text.txt``
  with line-aligned ``{val,test}_labels.txt`` (1 offensive).

A text counts as flagged when :func:`~qiao.moderation.checks.check_text`
says "hold" or "reject".
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .checks import ALLOW, check_text
from .classifiers import Classifier


@dataclass(frozen=True)
class Example:
    text: str
    offensive: bool


@dataclass(frozen=True)
class Dataset:
    name: str
    lang: str
    split: str
    load: Callable[[], Iterator[Example]]


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, flagged: bool, offensive: bool) -> None:
        if flagged and offensive:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif offensive:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _cold(path: Path) -> Callable[[], Iterator[Example]]:
    def load() -> Iterator[Example]:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                text = (row.get("TEXT") or "").strip()
                if text and row.get("label", "").strip() in ("0", "1"):
                    yield Example(text, row["label"].strip() == "1")

    return load


def _tweeteval(texts: Path, labels: Path) -> Callable[[], Iterator[Example]]:
    def load() -> Iterator[Example]:
        with texts.open(encoding="utf-8") as t, labels.open(encoding="utf-8") as lab:
            for text, label in zip(t, lab):
                if text.strip() and label.strip() in ("0", "1"):
                    yield Example(text.strip(), label.strip() == "1")

    return load


def find_datasets(
    data_dir: Path, splits: tuple[str, ...] = ("test",)
) -> tuple[list[Dataset], list[str]]:
    """The sets present under ``data_dir`` (and a message for each one missing)."""
    found: list[Dataset] = []
    missing: list[str] = []
    for split in splits:
        cold = data_dir / "toxic_zh_cold" / f"{split}.csv"
        if cold.is_file():
            found.append(Dataset("COLD (zh)", "zh", split, _cold(cold)))
        else:
            missing.append(f"Chinese set not found: {cold}")
        tweet_split = "val" if split == "dev" else split
        folder = data_dir / "tweets_en_tweeteval" / "offensive"
        texts, labels = folder / f"{tweet_split}_text.txt", folder / f"{tweet_split}_labels.txt"
        if texts.is_file() and labels.is_file():
            found.append(
                Dataset("TweetEval offensive (en)", "en", split, _tweeteval(texts, labels))
            )
        else:
            missing.append(f"English set not found: {texts}")
    return found, missing


def evaluate(
    dataset: Dataset, *, classifier: Classifier | None = None, limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Scores:  # fmt: skip
    scores = Scores()
    for index, example in enumerate(dataset.load()):
        if limit is not None and index >= limit:
            break
        verdict = check_text(example.text, dataset.lang, "comment", classifier=classifier)
        scores.add(verdict.outcome != ALLOW, example.offensive)
        if progress is not None:
            progress(index + 1)
    return scores
