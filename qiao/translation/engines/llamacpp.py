"""llama.cpp in-process (llama-cpp-python) on a GGUF file: the embedded default engine.

The model is loaded lazily, once per process, on the first translation (never
by a health check), so web processes that only ask for health never pay for
it and a task worker keeps one copy in memory. llama.cpp is not thread-safe:
one lock serialises generation.

Every prompt of a language pair starts with the same few hundred tokens
(system prompt and examples, see :mod:`qiao.translation.prompts`), which
llama.cpp keeps in its KV cache between calls. Switching pairs would throw
that away and cost seconds on a small CPU, so the KV state of each pair's last
prompt is saved on a switch (a few MB) and restored when the pair comes back.
"""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from .. import modelstore, prompts
from .base import (
    EngineError,
    EngineHealth,
    EngineTimeout,
    EngineUnavailable,
    GlossaryHint,
    Stopwatch,
    TranslationEngine,
)

logger = logging.getLogger(__name__)

ModelKey = tuple[str, int, int]  # (path, n_ctx, n_threads)
Pair = tuple[str, str]


@dataclass
class _SavedState:
    tokens: Any  # numpy array of the token ids the KV cache holds
    data: bytes


@dataclass
class _Session:
    """A loaded model, the lock that serialises it, and saved KV states per language pair."""

    llm: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    pair: Pair | None = None
    states: dict[Pair, _SavedState] = field(default_factory=dict)

    def switch_to(self, pair: Pair) -> None:
        """Make the KV cache hold ``pair``'s prompt prefix, if it was seen before. Call under ``lock``."""
        if pair == self.pair:
            return
        try:
            if self.pair is not None and self.llm.n_tokens:
                self.states[self.pair] = self._save()
            if pair in self.states:
                self._restore(self.states[pair])
        except Exception:  # an optimisation only: re-evaluating is always correct
            logger.warning(
                "Could not swap llama.cpp prompt caches; re-evaluating prompts.", exc_info=True
            )
            self.states.clear()
            self.llm.reset()
        self.pair = pair

    def _save(self) -> _SavedState:
        import llama_cpp

        ctx = self.llm._ctx.ctx
        size = llama_cpp.llama_state_get_size(ctx)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_get_data(ctx, buffer, size)
        return _SavedState(
            self.llm.input_ids[: self.llm.n_tokens].copy(), ctypes.string_at(buffer, written)
        )

    def _restore(self, state: _SavedState) -> None:
        import llama_cpp

        buffer = (ctypes.c_uint8 * len(state.data)).from_buffer_copy(state.data)
        if llama_cpp.llama_state_set_data(self.llm._ctx.ctx, buffer, len(state.data)) != len(
            state.data
        ):
            raise RuntimeError("llama_state_set_data failed")
        count = len(state.tokens)
        self.llm.input_ids[:count] = state.tokens
        self.llm.n_tokens = count
        # The restored KV cache is reused as a prefix; the next prompt's tail is evaluated.
        self.llm._requires_eval = True


_load_lock = threading.Lock()
_sessions: dict[ModelKey, _Session] = {}


def default_threads() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def configured_model_path() -> Path:
    """``QIAO_LLAMA_MODEL_PATH``, or the configured model in the model cache."""
    if settings.QIAO_LLAMA_MODEL_PATH:
        return Path(settings.QIAO_LLAMA_MODEL_PATH)
    name = modelstore.configured_model_name()
    try:
        return modelstore.model_path(modelstore.get_model(name))
    except modelstore.ModelStoreError:
        return modelstore.model_dir() / f"{name}.gguf"


def is_gguf(path: str | Path) -> bool:
    with open(path, "rb") as file:
        return file.read(4) == b"GGUF"


def _session(key: ModelKey) -> _Session:
    """The process-wide session for ``key``; loads the model the first time."""
    with _load_lock:
        if key not in _sessions:
            path, n_ctx, n_threads = key
            if not Path(path).is_file():
                raise EngineUnavailable(
                    f"Model file {path} not found: run `qiao models install` or set QIAO_LLAMA_MODEL_PATH."
                )
            if not is_gguf(path):
                raise EngineUnavailable(f"{path} is not a GGUF model file.")
            # llama.cpp's OpenMP threads spin while waiting by default, which collapses
            # throughput as soon as another process wants the same cores (a web server,
            # a second worker). Passive waiting costs little when the cores are free.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            try:
                from llama_cpp import Llama
            except ImportError as error:
                raise EngineUnavailable(
                    "llama-cpp-python is not installed (pip install 'qiao[llm]')."
                ) from error
            _close_all()  # one model per process
            try:
                llm = Llama(
                    model_path=path,
                    n_ctx=n_ctx,
                    n_threads=n_threads,
                    n_threads_batch=n_threads,
                    seed=0,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as error:
                raise EngineUnavailable(f"llama.cpp could not load {path}: {error}") from error
            _sessions[key] = _Session(llm)
        return _sessions[key]


@atexit.register
def _close_all() -> None:
    """Free loaded models (at exit too, where llama-cpp-python's own cleanup fails noisily)."""
    for session in _sessions.values():
        session.llm.close()
    _sessions.clear()


def is_loaded(path: str | Path, n_ctx: int, n_threads: int) -> bool:
    return (str(path), n_ctx, n_threads) in _sessions


class LlamaCppEngine(TranslationEngine):
    name = "llamacpp"

    def __init__(
        self, model_path: str, n_ctx: int = 2048, n_threads: int = 0, timeout: float = 60.0
    ) -> None:
        self.model_path = str(model_path)
        self.n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        self.timeout = timeout
        self.model = Path(model_path).name.removesuffix(".gguf")

    @classmethod
    def settings_kwargs(cls) -> dict[str, Any]:
        return {
            "model_path": str(configured_model_path()),
            "n_ctx": settings.QIAO_LLAMA_CTX,
            "n_threads": settings.QIAO_LLAMA_THREADS,
            "timeout": settings.QIAO_TRANSLATION_TIMEOUT,
        }

    @property
    def _key(self) -> ModelKey:
        return (self.model_path, self.n_ctx, self.n_threads)

    def _translate(
        self, segments: list[str], source: str, target: str, hints: list[GlossaryHint]
    ) -> list[str]:
        session = _session(self._key)
        with session.lock:
            session.switch_to((source, target))
            return [
                self._translate_one(session.llm, text, source, target, hints) for text in segments
            ]

    def _translate_one(
        self, llm: Any, text: str, source: str, target: str, hints: list[GlossaryHint]
    ) -> str:
        deadline = time.monotonic() + self.timeout
        pieces: list[str] = []
        try:
            stream = llm.create_chat_completion(
                messages=prompts.build_messages(text, source, target, hints),
                temperature=0.0,
                top_k=1,
                repeat_penalty=1.0,
                max_tokens=prompts.max_output_tokens(text),
                stop=prompts.STOP,
                seed=0,
                stream=True,
            )
            # Streaming lets us stop generating once the deadline has passed.
            for chunk in stream:
                pieces.append(chunk["choices"][0]["delta"].get("content") or "")
                if time.monotonic() > deadline:
                    stream.close()
                    raise EngineTimeout(f"llama.cpp took longer than {self.timeout:g} s.")
        except ValueError as error:  # e.g. the prompt does not fit the context window
            raise EngineError(f"llama.cpp could not translate this segment: {error}") from error
        translation = prompts.clean_output("".join(pieces), text)
        if not translation:
            raise EngineError("llama.cpp returned an empty translation.")
        return translation

    def health(self) -> EngineHealth:
        watch = Stopwatch()
        path = Path(self.model_path)
        if importlib.util.find_spec("llama_cpp") is None:  # not imported: see _session
            return EngineHealth(False, "llama-cpp-python is not installed.", watch.ms)
        if not path.is_file():
            return EngineHealth(
                False, f"Model file {path} not found: run `qiao models install`.", watch.ms
            )
        if not is_gguf(path):
            return EngineHealth(False, f"{path} is not a GGUF model file.", watch.ms)
        state = "loaded" if is_loaded(*self._key) else "present, loads on first translation"
        return EngineHealth(True, f"{self.model} ({state}, {self.n_threads} threads).", watch.ms)
