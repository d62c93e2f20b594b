"""get_engine(): the configured engine, built from settings and reused per configuration."""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from qiao.translation.engines import ENGINES, engine_class, get_engine
from qiao.translation.engines.base import TranslationEngine
from qiao.translation.engines.ctranslate2_engine import CTranslate2Engine
from qiao.translation.engines.libretranslate import LibreTranslateEngine
from qiao.translation.engines.llamacpp import LlamaCppEngine
from qiao.translation.engines.openai_compat import OpenAICompatEngine


def test_every_registered_engine_is_a_translation_engine():
    for name in ENGINES:
        cls = engine_class(name)
        assert issubclass(cls, TranslationEngine) and cls.name == name


def test_llamacpp_uses_the_configured_model_from_the_cache(settings, tmp_path):
    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_MODEL_DIR = tmp_path
    settings.QIAO_LLAMA_MODEL = "qwen2.5-0.5b-instruct-q4km"
    settings.QIAO_LLAMA_MODEL_PATH = ""
    settings.QIAO_LLAMA_THREADS = 3
    settings.QIAO_LLAMA_CTX = 1024

    engine = get_engine()

    assert isinstance(engine, LlamaCppEngine)
    assert engine.model_path == str(tmp_path / "qwen2.5-0.5b-instruct-q4km.gguf")
    assert (engine.n_threads, engine.n_ctx, engine.model) == (3, 1024, "qwen2.5-0.5b-instruct-q4km")


def test_llamacpp_model_path_overrides_the_cache(settings, tmp_path):
    settings.QIAO_LLAMA_MODEL_PATH = str(tmp_path / "my-model.Q5_K_M.gguf")

    engine = get_engine("llamacpp")

    assert engine.model_path == settings.QIAO_LLAMA_MODEL_PATH and engine.model == "my-model.Q5_K_M"


def test_remote_and_nmt_engines_read_their_settings(settings, tmp_path):
    settings.QIAO_TRANSLATION_TIMEOUT = 7.5
    settings.QIAO_OPENAI_BASE_URL = "http://127.0.0.1:9/v1/"
    settings.QIAO_OPENAI_MODEL = "qwen2.5:1.5b"
    settings.QIAO_OPENAI_API_KEY = "sk-test"
    settings.QIAO_LIBRETRANSLATE_URL = "http://127.0.0.1:9/"
    settings.QIAO_LIBRETRANSLATE_API_KEY = "lt-key"
    settings.QIAO_CT2_MODEL_DIR = str(tmp_path / "opus-mt-zh-en")
    settings.QIAO_CT2_SOURCE_SPM = ""
    settings.QIAO_CT2_TARGET_SPM = str(tmp_path / "t.spm")
    settings.QIAO_CT2_NLLB = False
    settings.QIAO_CT2_PAIRS = ["zh-en"]

    openai = get_engine("openai")
    libre = get_engine("libretranslate")
    ct2 = get_engine("ctranslate2")

    assert isinstance(openai, OpenAICompatEngine)
    assert (openai.base_url, openai.model, openai.timeout) == (
        "http://127.0.0.1:9/v1",
        "qwen2.5:1.5b",
        7.5,
    )
    assert openai.session.headers["Authorization"] == "Bearer sk-test"
    assert isinstance(libre, LibreTranslateEngine)
    assert (libre.url, libre.api_key, libre.model) == (
        "http://127.0.0.1:9",
        "lt-key",
        "127.0.0.1:9",
    )
    assert isinstance(ct2, CTranslate2Engine)
    assert ct2.source_spm == str(tmp_path / "opus-mt-zh-en" / "source.spm")
    assert (ct2.target_spm, ct2.pairs, ct2.model) == (
        str(tmp_path / "t.spm"),
        ("zh-en",),
        "opus-mt-zh-en",
    )


def test_engines_are_reused_until_their_settings_change(settings):
    settings.QIAO_TRANSLATION_ENGINE = "openai"
    settings.QIAO_OPENAI_MODEL = "a"
    first = get_engine()

    assert get_engine() is first
    settings.QIAO_OPENAI_MODEL = "b"
    assert get_engine() is not first and get_engine().model == "b"


def test_an_unknown_engine_is_a_configuration_error(settings):
    settings.QIAO_TRANSLATION_ENGINE = "babelfish"

    with pytest.raises(ImproperlyConfigured, match="Unknown translation engine"):
        get_engine()
    errors = [e for e in run_checks() if e.id == "qiao.translation.E001"]
    assert len(errors) == 1 and "babelfish" in errors[0].msg


def test_the_check_passes_for_a_known_engine(settings):
    settings.QIAO_TRANSLATION_ENGINE = "libretranslate"

    assert not [e for e in run_checks() if e.id.startswith("qiao.translation")]
