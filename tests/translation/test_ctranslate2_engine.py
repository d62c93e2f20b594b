"""The CTranslate2 engine on a tiny Transformer the test builds through CTranslate2's spec API.

Its weights are random, so its output is gibberish; what the tests check is
the plumbing: the model loads, segments are tokenised with the source
SentencePiece model, translated as one batch, detokenised with the target
model, and one string comes back per segment.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import sentencepiece
from ctranslate2.specs import transformer_spec

from qiao.translation.engines import EngineUnavailable, UnsupportedLanguagePair
from qiao.translation.engines.ctranslate2_engine import NLLB_CODES, CTranslate2Engine

ZH_LINES = [
    "今天天气很好，我们去公园散步。",
    "这家店的面包很好吃，每天早上都排队。",
    "我喜欢在周末的下午看书和喝茶。",
    "小猫在窗台上晒太阳，一动不动。",
    "地铁站旁边新开了一家书店。",
    "明天要下雨，记得带伞。",
]
EN_LINES = [
    "a bee sees a red bed",
    "dad adds a bead",
    "see the deer here",
    "dear bess reads",
    "red beads are dear",
]
DIM, FFN = 16, 32


def train_spm(lines: list[str], path: Path) -> sentencepiece.SentencePieceProcessor:
    prefix = path.with_suffix("")
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines * 4),
        model_prefix=str(prefix),
        vocab_size=len(set("".join(lines))) + 24,
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    shutil.move(f"{prefix}.model", path)
    return sentencepiece.SentencePieceProcessor(model_file=str(path))


def _shape(name: str, source_vocab: int, target_vocab: int) -> tuple[int, ...]:
    if name.startswith("encoder/embeddings"):
        return (source_vocab, DIM)
    if name in ("decoder/embeddings/weight", "decoder/projection/weight"):
        return (target_vocab, DIM)
    if name.endswith(("gamma", "beta")):
        return (DIM,)
    if "self_attention/linear_0" in name:
        return (3 * DIM, DIM)  # fused query/key/value
    if "/attention/linear_1" in name:
        return (2 * DIM, DIM)  # encoder-decoder attention: fused key/value
    if "ffn/linear_0" in name:
        return (FFN, DIM)
    if "ffn/linear_1" in name:
        return (DIM, FFN)
    return (DIM, DIM)


def _set(spec, path: str, value) -> None:
    node = spec
    *parents, leaf = path.split("/")
    for part in parents:
        if hasattr(node, part):
            node = getattr(node, part)
        else:  # "layer_0" → spec.layer[0]
            match = re.fullmatch(r"(.+)_(\d+)", part)
            node = getattr(node, match[1])[int(match[2])]
    setattr(node, leaf, value)


def build_model(directory: Path, source_vocab: list[str], target_vocab: list[str]) -> None:
    """A one-layer, two-head Transformer with random weights, saved as a CTranslate2 model."""
    spec = transformer_spec.TransformerSpec.from_config(num_layers=1, num_heads=2)
    rng = np.random.default_rng(7)
    for name, value in spec.variables().items():
        if value is None:
            if name.endswith("gamma"):
                array = np.ones(DIM, np.float32)
            elif name.endswith("beta"):
                array = np.zeros(DIM, np.float32)
            else:
                array = rng.normal(
                    0, 0.5, _shape(name, len(source_vocab), len(target_vocab))
                ).astype(np.float32)
            _set(spec, name, array)
    spec.register_source_vocabulary(source_vocab)
    spec.register_target_vocabulary(target_vocab)
    spec.validate()
    spec.optimize(quantization=None)
    directory.mkdir(parents=True, exist_ok=True)
    spec.save(str(directory))


def vocabulary(processor: sentencepiece.SentencePieceProcessor) -> list[str]:
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


@pytest.fixture(scope="module")
def marian_dir(tmp_path_factory) -> Path:
    """A Marian-style model dir: model.bin plus source.spm (Chinese) and target.spm (English)."""
    directory = tmp_path_factory.mktemp("tiny-zh-en")
    source = train_spm(ZH_LINES, directory / "source.spm")
    target = train_spm(EN_LINES, directory / "target.spm")
    build_model(directory, vocabulary(source), vocabulary(target))
    return directory


@pytest.fixture(scope="module")
def nllb_dir(tmp_path_factory) -> Path:
    """An NLLB-style model: one shared SentencePiece model, language tokens in the vocabulary."""
    directory = tmp_path_factory.mktemp("tiny-nllb")
    shared = train_spm(ZH_LINES + EN_LINES, directory / "sentencepiece.bpe.model")
    vocab = vocabulary(shared) + [NLLB_CODES["zh"], NLLB_CODES["en"]]
    build_model(directory, vocab, vocab)
    return directory


def allowed_characters() -> set[str]:
    # Everything the target SentencePiece model can produce, plus its unknown-token mark.
    return set("".join(EN_LINES)) | {" ", "⁇"}


def test_translates_a_batch_through_both_sentencepiece_models(marian_dir):
    engine = CTranslate2Engine(model_dir=str(marian_dir), pairs=("zh-en",), beam_size=2)
    segments = ["今天天气很好。", "", "小猫在窗台上晒太阳。", "  明天要下雨  "]

    result = engine.translate(segments, "zh", "en")

    assert len(result) == 4 and result[1] == ""
    assert result[3].startswith("  ") and result[3].endswith("  ")
    for text in (result[0], result[2], result[3]):
        assert text.strip(), "every segment gets a translation"
        # Detokenised with the target model: only its characters, no SentencePiece "▁" markers.
        assert set(text) <= allowed_characters()
    # Deterministic decoding: the same batch gives the same output.
    assert engine.translate(segments, "zh", "en") == result


def test_the_model_is_loaded_once_per_process(marian_dir):
    from qiao.translation.engines import ctranslate2_engine

    first = CTranslate2Engine(model_dir=str(marian_dir))
    second = CTranslate2Engine(model_dir=str(marian_dir))
    first.translate(["今天"], "zh", "en")
    translator = next(iter(ctranslate2_engine._loaded.values()))[0]

    second.translate(["明天"], "zh", "en")

    assert next(iter(ctranslate2_engine._loaded.values()))[0] is translator


def test_a_pair_outside_qiao_ct2_pairs_is_refused(marian_dir):
    engine = CTranslate2Engine(model_dir=str(marian_dir), pairs=("zh-en",))

    with pytest.raises(UnsupportedLanguagePair, match="zh-en, not en-zh"):
        engine.translate(["hello"], "en", "zh")


def test_nllb_models_get_language_tokens(nllb_dir):
    spm = str(nllb_dir / "sentencepiece.bpe.model")
    engine = CTranslate2Engine(model_dir=str(nllb_dir), source_spm=spm, target_spm=spm, nllb=True)

    result = engine.translate(["今天天气很好。", "see the deer"], "zh", "en")

    assert len(result) == 2 and all(isinstance(text, str) and text for text in result)
    assert not any(code in text for text in result for code in NLLB_CODES.values())
    with pytest.raises(UnsupportedLanguagePair, match="No NLLB language code"):
        engine.translate(["hej"], "sv", "en")


def test_missing_model_files_make_the_engine_unavailable(tmp_path):
    engine = CTranslate2Engine(model_dir=str(tmp_path / "nothing-here"))

    with pytest.raises(EngineUnavailable, match="model files missing"):
        engine.translate(["你好"], "zh", "en")
    health = engine.health()
    assert not health.ok and "model.bin" in health.detail
    assert not CTranslate2Engine(model_dir="").health().ok


def test_health_describes_a_usable_model(marian_dir):
    health = CTranslate2Engine(model_dir=str(marian_dir), pairs=("zh-en",)).health()

    assert health.ok and "(Marian, zh-en)" in health.detail
