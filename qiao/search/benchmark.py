"""``qiao search_benchmark``: cross-language retrieval quality and query latency at scale.

Two parts:

- **Retrieval quality** on the Tatoeba cmn–eng pairs (LASER / XTREME, line i
  of the Chinese file translates line i of the English one): every sentence
  of one side is indexed, every sentence of the other side is a query whose
  only right answer is its translation, the other 999 sentences being
  distractors. Indexed *directly through the retrieval functions* (the
  configured :class:`~qiao.search.embeddings.Embedder` and the same usearch
  HNSW index qiao.search.vectors uses), not as notes: the keyword path cannot
  match across languages without a translation engine, so this measures the
  semantic path that does. Reports recall@10 and MRR@10 both ways, exact
  (brute-force) recall for comparison, and how the true pairs' similarities
  sit against QIAO_SEARCH_SEMANTIC_MIN_SCORE.
- **Latency** of the whole search service (keyword + semantic + fusion +
  visibility + the page's cards and snippets) at N synthetic notes, on SQLite
  and on PostgreSQL, each in a throwaway database built by a child process
  (``--latency-worker``). Note texts are Weibo posts (CLUE emotion data) and
  Tatoeba English sentences, combined pairwise past the pool size; 80 % public,
  10 % followers-only, 10 % private; spread over a year. Embedding every note
  is too slow on a small CPU at 100k, so only ``--embed-limit`` distinct texts
  are embedded for real; every other note gets the vector of a real text
  plus Gaussian noise (σ = 0.01 per dimension), re-normalised. The ANN index
  then has the real size and a realistic neighbourhood structure. The query
  dictionary (qiao.search.dictionary) is built once by the parent and shared
  with the runs, so short queries are expanded as on a live site.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np

TATOEBA = Path("xling_retrieval_tatoeba_laser")
WEIBO = Path("weibo_emotion_clue")


class DataMissing(Exception):
    pass


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository (the checkout that holds the ``qiao`` package)."""
    from django.conf import settings

    return (Path(settings.BASE_DIR).parent.parent / "shared" / "data").resolve()


def load_pairs(data: Path, limit: int | None = None) -> tuple[list[str], list[str]]:
    """The aligned (Chinese, English) sentences."""
    zh_file, en_file = (
        data / TATOEBA / "tatoeba.cmn-eng.cmn",
        data / TATOEBA / "tatoeba.cmn-eng.eng",
    )
    if not zh_file.exists() or not en_file.exists():
        raise DataMissing(f"{TATOEBA}/tatoeba.cmn-eng.{{cmn,eng}} not found under {data}")
    zh = zh_file.read_text(encoding="utf-8").splitlines()
    en = en_file.read_text(encoding="utf-8").splitlines()
    if len(zh) != len(en):
        raise DataMissing(f"the Tatoeba files have {len(zh)} and {len(en)} lines")
    return zh[:limit], en[:limit]


def load_pool(data: Path, limit: int | None = None) -> list[str]:
    """Short real texts for synthetic notes: Weibo posts, then Tatoeba English sentences."""
    texts: list[str] = []
    for name in ("test.jsonl", "valid.jsonl"):
        path = data / WEIBO / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                content = json.loads(line).get("content", "").strip()
                if content:
                    texts.append(content)
    try:
        texts += load_pairs(data)[1]
    except DataMissing:
        pass
    if not texts:
        raise DataMissing(f"neither {WEIBO} nor {TATOEBA} found under {data}")
    texts = list(dict.fromkeys(texts))
    random.Random(7).shuffle(texts)
    return texts[:limit] if limit else texts


# --- retrieval quality -------------------------------------------------------------------------


@dataclass
class Retrieval:
    direction: str
    pairs: int
    recall_at_10: float
    mrr_at_10: float
    exact_recall_at_10: float
    true_pair_median: float
    best_distractor_median: float
    above_min_score: float


def _rank_metrics(ranked: Sequence[Sequence[int]]) -> tuple[float, float]:
    recall = mrr = 0.0
    for i, row in enumerate(ranked):
        row = list(row)[:10]
        if i in row:
            recall += 1
            mrr += 1 / (row.index(i) + 1)
    return recall / len(ranked), mrr / len(ranked)


def retrieval(
    direction: str, queries: np.ndarray, documents: np.ndarray, min_score: float
) -> Retrieval:
    """Query i should find document i: recall@10 and MRR@10 through the ANN index, and exactly."""
    from .vectors import _new_index

    index = _new_index(documents.shape[1])
    index.add(np.arange(len(documents), dtype=np.uint64), documents)
    matches = index.search(queries, 10)
    ann = [[int(k) for k in keys] for keys in matches.keys]
    scores = queries @ documents.T
    exact = np.argsort(-scores, axis=1)[:, :10]
    recall, mrr = _rank_metrics(ann)
    exact_recall, _ = _rank_metrics(exact.tolist())
    true = np.diag(scores)
    masked = scores.copy()
    np.fill_diagonal(masked, -1)
    return Retrieval(
        direction,
        len(queries),
        round(recall, 4),
        round(mrr, 4),
        round(exact_recall, 4),
        round(float(np.median(true)), 4),
        round(float(np.median(masked.max(axis=1))), 4),
        round(float((true >= min_score).mean()), 4),
    )


def retrieval_benchmark(data: Path, limit: int | None, log: Callable[[str], None]) -> dict:
    from django.conf import settings

    from .embeddings import get_embedder

    zh, en = load_pairs(data, limit)
    embedder = get_embedder()
    started = time.perf_counter()
    zh_passages, en_passages = embedder.passages(zh), embedder.passages(en)
    passage_seconds = time.perf_counter() - started
    started = time.perf_counter()
    zh_queries = np.vstack([embedder.query(t) for t in zh])
    en_queries = np.vstack([embedder.query(t) for t in en])
    query_seconds = time.perf_counter() - started
    log(
        f"embedded {2 * len(zh)} passages in {passage_seconds:.1f} s and {2 * len(zh)} queries in {query_seconds:.1f} s"
    )
    min_score = settings.QIAO_SEARCH_SEMANTIC_MIN_SCORE
    results = [
        retrieval("en→zh", en_queries, zh_passages, min_score),
        retrieval("zh→en", zh_queries, en_passages, min_score),
    ]
    return {
        "model": embedder.model_id,
        "indexed": "directly through Embedder + usearch HNSW (qiao.search.vectors), not as notes",
        "passages_per_second": round(2 * len(zh) / passage_seconds, 1),
        "single_query_ms": round(1000 * query_seconds / (2 * len(zh)), 1),
        "results": [r.__dict__ for r in results],
    }


# --- latency (runs in a child process, in a throwaway database) --------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _timed(run: Callable[[], object], repeat: Sequence) -> list[float]:
    times = []
    for item in repeat:
        started = time.perf_counter()
        run(item)  # type: ignore[call-arg]
        times.append((time.perf_counter() - started) * 1000)
    return times


def _queries(pool: list[str], english: list[str], count: int) -> list[str]:
    """Chinese words and phrases from the pool, English words, and whole English sentences."""
    from . import text as T

    rng = random.Random(11)
    words = [
        w
        for t in pool[:2000]
        for w in T.segment(T.to_simplified(t))
        if len(w) >= 2 and T.has_han(w)
    ]
    english_words = [w for s in english for w in s.lower().strip(".?!").split() if len(w) >= 5]
    queries = []
    for i in range(count):
        kind = i % 4
        if kind == 0 and words:
            queries.append(rng.choice(words))
        elif kind == 1 and words:
            queries.append(rng.choice(words) + rng.choice(words))
        elif kind == 2 and english_words:
            queries.append(rng.choice(english_words))
        else:
            queries.append(rng.choice(english) if english else rng.choice(words))
    return queries


def cached_passages(embedder, texts: list[str]) -> np.ndarray:
    """Passage vectors, kept in QIAO_SEARCH_BENCH_CACHE (if set) so repeated runs embed once."""
    import hashlib

    if not texts:
        return np.zeros((0, embedder.dim), np.float32)
    folder = os.environ.get("QIAO_SEARCH_BENCH_CACHE")
    digest = hashlib.sha256("\n".join([embedder.model_id, *texts]).encode()).hexdigest()[:24]
    path = Path(folder) / f"passages-{digest}.npy" if folder else None
    if path is not None and path.exists():
        return np.load(path)
    vectors = embedder.passages(texts)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def populate(size: int, pool: list[str], embed_limit: int, log: Callable[[str], None]) -> dict:
    """Create users, follows and ``size`` notes with their keyword documents and embeddings."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from qiao.notes.models import Note
    from qiao.social.models import Follow

    from .documents import reindex_all
    from .embeddings import get_embedder, to_bytes
    from .models import NoteEmbedding
    from .vectors import vector_index

    rng = random.Random(5)
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(phone=f"+1555{n:07d}", handle=f"bench{n}", display_name=f"Bench {n}")
            for n in range(200)
        ]
    )
    Follow.objects.bulk_create(
        [Follow(follower=users[0], followee=u) for u in users[1:40]], ignore_conflicts=True
    )
    langs = {t: ("zh" if any("\u4e00" <= c <= "\u9fff" for c in t) else "en") for t in pool}
    now = timezone.now()
    started = time.perf_counter()
    visibilities = ["public"] * 8 + ["followers", "private"]
    batch: list[Note] = []
    for i in range(size):
        base = pool[i % len(pool)]
        text = base if i < len(pool) else f"{base} {pool[(i * 7919) % len(pool)]}"
        created = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        batch.append(
            Note(
                author=users[rng.randrange(len(users))],
                title=base[:30],
                body=text,
                lang=langs[base],
                visibility=rng.choice(visibilities),
                created_at=created,
                like_count=int(rng.paretovariate(1.5)) - 1,
            )
        )
        if len(batch) == 5000:
            Note.objects.bulk_create(batch)
            batch = []
    if batch:
        Note.objects.bulk_create(batch)
    notes_seconds = time.perf_counter() - started
    log(f"  {size} notes written in {notes_seconds:.1f} s")

    started = time.perf_counter()
    reindex_all(batch=2000)
    index_seconds = time.perf_counter() - started
    log(f"  keyword documents built in {index_seconds:.1f} s")

    embedder = get_embedder()
    real = pool[: min(embed_limit, len(pool), size)]
    started = time.perf_counter()
    real_vectors = cached_passages(embedder, real)
    embed_seconds = time.perf_counter() - started
    log(f"  {len(real)} texts embedded (or read from the cache) in {embed_seconds:.1f} s")
    noise = np.random.default_rng(3)
    started = time.perf_counter()
    ids = list(Note.objects.order_by("pk").values_list("pk", flat=True))
    rows = []
    for position, pk in enumerate(ids):
        vector = real_vectors[position % len(real)]
        if position >= len(real):
            vector = vector + noise.normal(0, 0.01, size=vector.shape).astype(np.float32)
            vector = vector / np.linalg.norm(vector)
        rows.append(
            NoteEmbedding(
                note_id=pk,
                model=embedder.model_id,
                dim=embedder.dim,
                vector=to_bytes(vector),
                text_hash="",
            )
        )
        if len(rows) == 5000:
            with transaction.atomic():
                NoteEmbedding.objects.bulk_create(rows)
            rows = []
    if rows:
        NoteEmbedding.objects.bulk_create(rows)
    ann = vector_index(embedder.model_id, embedder.dim)
    ann.rebuild()
    vector_seconds = time.perf_counter() - started
    # Planner statistics, as a live database has them (autovacuum / PRAGMA optimize).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"  {len(ids)} vectors stored and ANN index built in {vector_seconds:.1f} s")
    return {
        "notes": size,
        "real_embeddings": len(real),
        "synthetic_embeddings": max(0, len(ids) - len(real)),
        "build_seconds": {
            "notes": round(notes_seconds, 1),
            "keyword_index": round(index_seconds, 1),
            "embeddings": round(embed_seconds, 1),
            "vectors_and_ann": round(vector_seconds, 1),
        },
    }


def latency(
    size: int, pool: list[str], english: list[str], queries: int, embed_limit: int, log
) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from qiao.notes.models import Note

    from . import services
    from .text import parse_query

    built = populate(size, pool, embed_limit, log)
    viewer = get_user_model().objects.get(handle="bench0")
    texts = _queries(pool, english, queries)

    def params(q):
        return services.parse_params(q=q)

    for q in texts[:3]:  # warm up: jieba, the embedder, the ANN index, the database caches
        services.search(viewer, params(q))
    # Query vectors are computed once here, so "semantic" below times the ANN search and checks.
    for q in texts:
        services.query_vector(q)
    services._query_vectors.clear()
    full_anon = _timed(lambda q: services.search(None, params(q)), texts)
    full_user = _timed(
        lambda q: services.search(viewer, params(q)), texts
    )  # query vectors cached now
    notes = Note.objects.visible_to(viewer)
    keyword_times = _timed(
        lambda q: services.keyword_candidates(parse_query(q), notes, "rank"), texts
    )
    semantic_times = _timed(lambda q: services.semantic_candidates(q, notes), texts)
    # The query's embedding alone: CPU in this process, so it shows how busy the machine was.
    embedder = services.get_embedder()
    embedding_times = _timed(embedder.query, texts)
    newest_times = _timed(
        lambda q: services.search(viewer, services.parse_params(q=q, sort="newest")), texts
    )

    def summary(times):
        return {
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
        }

    return {
        "backend": connection.vendor,
        **built,
        "queries": len(texts),
        "search_query_embedded": summary(full_anon),
        "search_query_vector_cached": summary(full_user),
        "search_sorted_newest": summary(newest_times),
        "keyword_only": summary(keyword_times),
        "semantic_ann_only": summary(semantic_times),
        "query_embedding_only": summary(embedding_times),
    }


def use_dictionary(built: str) -> None:
    """Put the parent's query dictionary file where this process's search looks for it."""
    import shutil

    from .dictionary import dictionary_path

    target = dictionary_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(built, target)
    except OSError:
        shutil.copyfile(built, target)


def worker_main(size: int, data: Path, queries: int, embed_limit: int, log) -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if os.environ.get("QIAO_SEARCH_BENCH_DICTIONARY"):
        use_dictionary(os.environ["QIAO_SEARCH_BENCH_DICTIONARY"])
    pool = load_pool(data)
    try:
        english = load_pairs(data)[1]
    except DataMissing:
        english = []
    return latency(size, pool, english, queries, embed_limit, log)


def child_environment(
    database_url: str, data_dir: Path, cache_dir: Path, dictionary: Path | None = None
) -> dict[str, str]:
    env = dict(os.environ)
    env["QIAO_SEARCH_BENCH_CACHE"] = str(cache_dir)
    if dictionary is not None:
        env["QIAO_SEARCH_BENCH_DICTIONARY"] = str(dictionary)
    env.update(
        QIAO_DATABASE_URL=database_url,
        QIAO_DATA_DIR=str(data_dir),
        QIAO_SEARCH_DIR=str(data_dir / "search"),
        QIAO_SEARCH_QUERY_TRANSLATION="off",
        QIAO_RATE_SEARCH="1000000/60",
    )
    env.pop("QIAO_REDIS_URL", None)
    return env
