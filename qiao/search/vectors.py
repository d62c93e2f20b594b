"""The approximate-nearest-neighbour index over note embeddings (usearch HNSW), kept true to the DB.

The database is the source of truth: ``NoteEmbedding`` rows, and a change log
(``VectorChange``: "note N's embedding was written or removed", its id the
generation). Each process holds the index in memory and, before every search,
applies the changes logged since the generation it has seen: removes those
notes and adds back the ones that still have an embedding. So an edit or a
delete is reflected by the next search in every process, whichever process
made it.

A snapshot of the index is kept in ``QIAO_SEARCH_DIR`` (``<model>.usearch``
plus ``<model>.json`` with its generation), written under a file lock by
whoever rebuilt the index and by the embedding worker now and then. A process
starts from the snapshot and replays the log after it; it rebuilds from the
database when the snapshot is missing, of another model, or holds a different
number of vectors than the database after replaying. Log entries older than an
hour and already in the snapshot are pruned; a process that has fallen behind
the pruned point (the snapshot's ``pruned_upto`` moved past its generation)
reloads the snapshot.

ANN hits are only candidates: search re-checks every note against
``Note.objects.visible_to`` in the database, so the index can never show a
note that is gone, hidden, or not the viewer's to see.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .embeddings import from_bytes
from .models import NoteEmbedding, VectorChange

logger = logging.getLogger(__name__)

#: Out-of-order commits (PostgreSQL sequences) are caught by re-reading this many recent log ids.
REPLAY_WINDOW = 256
SAVE_EVERY_SECONDS = 300
SAVE_EVERY_CHANGES = 500
PRUNE_AFTER = timedelta(hours=1)
BATCH = 2000


def _slug(model_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", model_id).strip("-") or "model"


def _new_index(dim: int):
    from usearch.index import Index

    return Index(
        ndim=dim,
        metric="cos",
        dtype="f16",
        connectivity=16,
        expansion_add=128,
        expansion_search=256,
    )


class VectorIndex:
    """One embedding model's ANN index in this process."""

    def __init__(self, model_id: str, dim: int, directory: Path) -> None:
        self.model_id = model_id
        self.dim = dim
        self.directory = Path(directory)
        slug = _slug(model_id)
        self.path = self.directory / f"{slug}.usearch"
        self.meta_path = self.directory / f"{slug}.json"
        self.lock_path = self.directory / f"{slug}.lock"
        self._index = None
        self.generation = 0  # every logged change up to this id is applied
        self._recent: set[int] = set()  # change ids applied within the replay window
        self._lock = threading.RLock()
        self._saved_at = 0.0
        self._saved_generation = 0

    # --- public ------------------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            return len(self._index) if self._index is not None else 0

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (note id, cosine similarity) pairs, most similar first."""
        with self._lock:
            self.sync()
            if not len(self._index) or k <= 0:
                return []
            matches = self._index.search(
                np.asarray(vector, dtype=np.float32), min(k, len(self._index))
            )
            return [
                (int(key), 1.0 - float(dist)) for key, dist in zip(matches.keys, matches.distances)
            ]

    def contains(self, note_id: int) -> bool:
        with self._lock:
            self.sync()
            return bool(self._index.contains(note_id))

    def sync(self) -> None:
        """Bring the in-memory index up to the database's change log (loading or rebuilding if needed)."""
        with self._lock:
            if self._index is None:
                self._load_or_rebuild()
                return
            meta = self._read_meta()
            if meta and meta.get("pruned_upto", 0) > self.generation:
                logger.info("Search vectors: change log pruned past us, reloading the snapshot")
                self._load_or_rebuild()
                return
            self._catch_up()

    def rebuild(self) -> int:
        """Build the index from every stored embedding of this model and save a snapshot."""
        with self._lock:
            generation = VectorChange.objects.aggregate(m=Max("id"))["m"] or 0
            index = _new_index(self.dim)
            rows = NoteEmbedding.objects.filter(model=self.model_id, dim=self.dim).order_by(
                "note_id"
            )
            last = 0
            while True:
                chunk = list(rows.filter(note_id__gt=last).values_list("note_id", "vector")[:BATCH])
                if not chunk:
                    break
                keys = np.array([pk for pk, _ in chunk], dtype=np.uint64)
                vectors = np.vstack([from_bytes(v, self.dim) for _, v in chunk])
                index.add(keys, vectors)
                last = chunk[-1][0]
            self._index = index
            self.generation = generation
            self._recent = set()
            self._catch_up()  # changes committed while we read
            self.save()
            return len(index)

    def save(self) -> None:
        """Write a snapshot (atomically, under the file lock) and prune the old change log."""
        with self._lock:
            if self._index is None:
                return
            self.directory.mkdir(parents=True, exist_ok=True)
            with self._file_lock():
                meta = self._read_meta() or {}
                if (
                    meta.get("model") == self.model_id
                    and meta.get("generation", 0) > self.generation
                ):
                    return  # someone saved a newer snapshot meanwhile
                tmp = self.path.with_suffix(f".tmp{os.getpid()}")
                self._index.save(str(tmp))
                os.replace(tmp, self.path)
                pruned = self._prune(meta.get("pruned_upto", 0))
                new_meta = {
                    "model": self.model_id,
                    "dim": self.dim,
                    "generation": self.generation,
                    "pruned_upto": pruned,
                    "count": len(self._index),
                    "saved_at": timezone.now().isoformat(),
                }
                tmp_meta = self.meta_path.with_suffix(f".tmp{os.getpid()}")
                tmp_meta.write_text(json.dumps(new_meta))
                os.replace(tmp_meta, self.meta_path)
            self._saved_at = time.monotonic()
            self._saved_generation = self.generation

    def maybe_save(self) -> None:
        """Save a snapshot when the last one is old or many changes behind (called by the worker)."""
        with self._lock:
            if self._index is None:
                return
            behind = self.generation - self._saved_generation
            if behind >= SAVE_EVERY_CHANGES or (
                behind and time.monotonic() - self._saved_at >= SAVE_EVERY_SECONDS
            ):
                self.save()

    # --- internals -----------------------------------------------------------------------

    @contextmanager
    def _file_lock(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read_meta(self) -> dict | None:
        try:
            return json.loads(self.meta_path.read_text())
        except (OSError, ValueError):
            return None

    def _load_or_rebuild(self) -> None:
        meta = self._read_meta()
        index = None
        if (
            meta
            and meta.get("model") == self.model_id
            and meta.get("dim") == self.dim
            and self.path.exists()
        ):
            from usearch.index import Index

            try:
                index = Index.restore(str(self.path))
            except Exception:  # a truncated or foreign file: rebuild
                logger.warning(
                    "Search vectors: unreadable snapshot %s, rebuilding", self.path, exc_info=True
                )
                index = None
        if index is None or index.ndim != self.dim:
            self.rebuild()
            return
        latest = VectorChange.objects.aggregate(m=Max("id"))["m"] or 0
        if meta["generation"] > latest:
            # The database is older than the snapshot (restored from a backup): trust the database.
            self.rebuild()
            return
        self._index = index
        self.generation = meta["generation"]
        self._recent = set()
        self._saved_generation = meta["generation"]
        self._saved_at = time.monotonic()
        self._catch_up()
        stored = NoteEmbedding.objects.filter(model=self.model_id, dim=self.dim).count()
        if stored != len(self._index):
            logger.info(
                "Search vectors: snapshot has %d vectors, database %d; rebuilding",
                len(index),
                stored,
            )
            self.rebuild()

    def _catch_up(self) -> None:
        while True:
            rows = list(
                VectorChange.objects.filter(id__gt=max(0, self.generation - REPLAY_WINDOW))
                .order_by("id")
                .values_list("id", "note_id")[:BATCH]
            )
            changes = [
                (cid, nid) for cid, nid in rows if cid > self.generation or cid not in self._recent
            ]
            if changes:
                self._apply({note_id for _, note_id in changes})
                self.generation = max(self.generation, max(cid for cid, _ in changes))
                floor = self.generation - REPLAY_WINDOW
                self._recent = {cid for cid in self._recent if cid > floor} | {
                    cid for cid, _ in changes if cid > floor
                }
            if len(rows) < BATCH:
                return

    def _apply(self, note_ids: set[int]) -> None:
        for note_id in note_ids:
            self._index.remove(note_id)
        rows = list(
            NoteEmbedding.objects.filter(
                note_id__in=note_ids, model=self.model_id, dim=self.dim
            ).values_list("note_id", "vector")
        )
        if rows:
            keys = np.array([pk for pk, _ in rows], dtype=np.uint64)
            self._index.add(keys, np.vstack([from_bytes(v, self.dim) for _, v in rows]))

    def _prune(self, pruned_upto: int) -> int:
        """Delete log entries in the snapshot and older than PRUNE_AFTER; return the new pruned point."""
        cutoff = timezone.now() - PRUNE_AFTER
        old = VectorChange.objects.filter(id__lte=self.generation, created_at__lt=cutoff)
        top = old.aggregate(m=Max("id"))["m"]
        if top is None:
            return pruned_upto
        VectorChange.objects.filter(id__lte=top).delete()
        return max(pruned_upto, top)


_indexes: dict[tuple[str, int, str], VectorIndex] = {}
_registry_lock = threading.Lock()


def vector_index(model_id: str, dim: int) -> VectorIndex:
    """This process's index for one embedding model (created on first use)."""
    directory = Path(settings.QIAO_SEARCH_DIR)
    key = (model_id, dim, str(directory))
    with _registry_lock:
        if key not in _indexes:
            _indexes[key] = VectorIndex(model_id, dim, directory)
        return _indexes[key]


def reset() -> None:
    """Forget every in-memory index (tests; after restoring a database)."""
    with _registry_lock:
        _indexes.clear()
