"""``qiao setup``: migrations, cache table and static files in one idempotent step."""

import pytest
from django.core.management import call_command

from qiao.search import dictionary

from tests.translation.conftest import small_model  # noqa: F401

pytestmark = pytest.mark.django_db


def test_setup_collects_static_files_and_can_run_again(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("setup", verbosity=0)
    assert (tmp_path / "static" / "qiao" / "qiao.css").is_file()
    assert dictionary.dictionary_path().is_file()  # the first short search needs no build task
    call_command("setup", verbosity=0)
    assert (tmp_path / "static" / "qiao" / "qiao.css").is_file()


def _setup_model(capsys) -> tuple[str, str]:
    call_command("setup", model=True, verbosity=1)
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_setup_model_skips_other_engines(settings, capsys, tmp_path):
    settings.QIAO_TRANSLATION_ENGINE = "libretranslate"
    settings.STATIC_ROOT = tmp_path / "static"
    out, _ = _setup_model(capsys)
    assert "no local model to install" in out


def test_setup_model_respects_an_explicit_model_file(settings, capsys, tmp_path):
    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_LLAMA_MODEL_PATH = str(tmp_path / "mine.gguf")
    settings.STATIC_ROOT = tmp_path / "static"
    out, _ = _setup_model(capsys)
    assert "mine.gguf" in out
    assert not (tmp_path / "models").exists()


def test_setup_model_finds_an_installed_model(settings, capsys, tmp_path, small_model):
    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_LLAMA_MODEL_PATH = ""
    settings.QIAO_LLAMA_MODEL = "qwen2.5-0.5b-instruct-q4km"
    settings.QIAO_MODEL_DIR = small_model.parent
    settings.STATIC_ROOT = tmp_path / "static"
    out, err = _setup_model(capsys)
    assert "already installed" in out, err


def test_setup_model_failure_is_reported_and_not_fatal(settings, capsys, tmp_path):
    """A site whose model cannot be installed still starts (and says why translations are off)."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_LLAMA_MODEL_PATH = ""
    settings.QIAO_MODEL_DIR = blocker / "models"
    settings.STATIC_ROOT = tmp_path / "static"
    out, err = _setup_model(capsys)
    assert "Could not install the translation model" in err
    assert "qiao models install" in err
