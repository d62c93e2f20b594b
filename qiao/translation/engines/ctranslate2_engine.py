"""CTranslate2 on a converted Marian/OPUS-MT or NLLB model, tokenised with SentencePiece.

Marian models translate one fixed pair: list it in ``QIAO_CT2_PAIRS`` (e.g.
``zh-en``) so other pairs are refused instead of producing nonsense. NLLB
models are many-to-many and need language tokens (``zho_Hans``, ``eng_Latn``):
set ``QIAO_CT2_NLLB``. The translator is loaded once per process, lazily.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from .base import (
    EngineError,
    EngineHealth,
    EngineUnavailable,
    GlossaryHint,
    Stopwatch,
    TranslationEngine,
    UnsupportedLanguagePair,
)

#: FLORES-200 codes used by NLLB for Qiao's ISO 639-1 codes.
NLLB_CODES = {
    "zh": "zho_Hans",
    "en": "eng_Latn",
    "ja": "jpn_Jpan",
    "ko": "kor_Hang",
    "es": "spa_Latn",
    "fr": "fra_Latn",
    "de": "deu_Latn",
    "pt": "por_Latn",
    "ru": "rus_Cyrl",
    "vi": "vie_Latn",
}
EOS = "</s>"

_lock = threading.Lock()
_loaded: dict[tuple[str, str, str, int], tuple[Any, Any, Any]] = {}


class CTranslate2Engine(TranslationEngine):
    name = "ctranslate2"
    glossary_in_prompt = False

    def __init__(
        self,
        model_dir: str,
        source_spm: str = "",
        target_spm: str = "",
        nllb: bool = False,
        pairs: tuple[str, ...] = (),
        threads: int = 0,
        beam_size: int = 4,
    ) -> None:
        self.model_dir = str(model_dir)
        self.source_spm = source_spm or str(Path(model_dir) / "source.spm")
        self.target_spm = target_spm or str(Path(model_dir) / "target.spm")
        self.nllb = nllb
        self.pairs = tuple(pairs)
        self.threads = threads
        self.beam_size = beam_size
        self.model = Path(model_dir).name or self.model_dir

    @classmethod
    def settings_kwargs(cls) -> dict[str, Any]:
        return {
            "model_dir": settings.QIAO_CT2_MODEL_DIR,
            "source_spm": settings.QIAO_CT2_SOURCE_SPM,
            "target_spm": settings.QIAO_CT2_TARGET_SPM,
            "nllb": settings.QIAO_CT2_NLLB,
            "pairs": tuple(settings.QIAO_CT2_PAIRS),
            "threads": settings.QIAO_CT2_THREADS,
        }

    def _missing_files(self) -> list[str]:
        if not self.model_dir:
            return ["QIAO_CT2_MODEL_DIR (not set)"]
        required = [
            Path(self.model_dir) / "model.bin",
            Path(self.source_spm),
            Path(self.target_spm),
        ]
        return [str(path) for path in required if not path.is_file()]

    def _load(self) -> tuple[Any, Any, Any]:
        """The process-wide (translator, source tokenizer, target tokenizer)."""
        key = (self.model_dir, self.source_spm, self.target_spm, self.threads)
        with _lock:
            if key not in _loaded:
                if missing := self._missing_files():
                    raise EngineUnavailable(
                        f"CTranslate2 model files missing: {', '.join(missing)}."
                    )
                try:
                    import ctranslate2
                    import sentencepiece
                except ImportError as error:
                    raise EngineUnavailable(
                        "ctranslate2/sentencepiece are not installed (pip install 'qiao[nmt]')."
                    ) from error
                try:
                    translator = ctranslate2.Translator(
                        self.model_dir, device="cpu", inter_threads=1, intra_threads=self.threads
                    )
                    source = sentencepiece.SentencePieceProcessor(model_file=self.source_spm)
                    target = (
                        source
                        if self.target_spm == self.source_spm
                        else sentencepiece.SentencePieceProcessor(model_file=self.target_spm)
                    )
                except (RuntimeError, OSError, ValueError) as error:
                    raise EngineUnavailable(
                        f"CTranslate2 could not load {self.model_dir}: {error}"
                    ) from error
                _loaded.clear()  # one model per process
                _loaded[key] = (translator, source, target)
            return _loaded[key]

    def _language_tokens(self, source: str, target: str) -> tuple[str | None, str | None]:
        if self.pairs and f"{source}-{target}" not in self.pairs:
            raise UnsupportedLanguagePair(
                f"This CTranslate2 model translates {', '.join(self.pairs)}, not {source}-{target}."
            )
        if not self.nllb:
            return None, None
        if source not in NLLB_CODES or target not in NLLB_CODES:
            raise UnsupportedLanguagePair(f"No NLLB language code for {source} or {target}.")
        return NLLB_CODES[source], NLLB_CODES[target]

    def _translate(
        self, segments: list[str], source: str, target: str, hints: list[GlossaryHint]
    ) -> list[str]:
        source_token, target_token = self._language_tokens(source, target)
        translator, source_sp, target_sp = self._load()
        batch = []
        for text in segments:
            tokens = source_sp.encode(text, out_type=str) + [EOS]
            batch.append([source_token, *tokens] if source_token else tokens)
        longest = max(len(tokens) for tokens in batch)
        try:
            results = translator.translate_batch(
                batch,
                target_prefix=[[target_token]] * len(batch) if target_token else None,
                beam_size=self.beam_size,
                # A bound on the output keeps a degenerate model from looping forever.
                max_decoding_length=min(1024, 3 * longest + 16),
            )
        except (RuntimeError, ValueError) as error:
            raise EngineError(f"CTranslate2 could not translate: {error}") from error
        translations = []
        for result in results:
            tokens = result.hypotheses[0]
            if target_token and tokens and tokens[0] == target_token:
                tokens = tokens[1:]
            translations.append(target_sp.decode([t for t in tokens if t != EOS]))
        return translations

    def health(self) -> EngineHealth:
        watch = Stopwatch()
        try:
            import ctranslate2  # noqa: F401
            import sentencepiece  # noqa: F401
        except ImportError:
            return EngineHealth(False, "ctranslate2/sentencepiece are not installed.", watch.ms)
        if missing := self._missing_files():
            return EngineHealth(False, f"Missing: {', '.join(missing)}.", watch.ms)
        kind = "NLLB" if self.nllb else "Marian"
        pairs = ", ".join(self.pairs) or "any pair"
        return EngineHealth(True, f"{self.model} ({kind}, {pairs}).", watch.ms)
