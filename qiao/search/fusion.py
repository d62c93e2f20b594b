"""Reciprocal rank fusion: merge ranked lists whose scores are not comparable (bm25, cosine…)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

RRF_K = 60


def reciprocal_rank_fusion(
    lists: Mapping[str, Sequence[Hashable]], k: int = RRF_K
) -> list[tuple[Hashable, float, set[str]]]:
    """(item, score, names of the lists it came from), best first.

    Each list adds 1 / (k + rank) for every item in it (rank from 1), as in
    Cormack, Clarke & Büttcher (2009); k=60 damps the influence of the very
    top ranks so an item found by several lists beats one found high by one.
    Ties keep the order of first appearance.
    """
    scores: dict[Hashable, float] = {}
    sources: dict[Hashable, set[str]] = {}
    for name, items in lists.items():
        seen: set[Hashable] = set()
        for rank, item in enumerate(items, start=1):
            if item in seen:
                continue
            seen.add(item)
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            sources.setdefault(item, set()).add(name)
    order = {item: i for i, item in enumerate(scores)}
    ranked = sorted(scores, key=lambda item: (-scores[item], order[item]))
    return [(item, scores[item], sources[item]) for item in ranked]
