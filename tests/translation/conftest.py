"""Fixtures for the translation tests: the small real model and local HTTP servers.

The 0.5B model (~470 MiB) is installed once into ``QIAO_TEST_MODEL_DIR``
(default ``<repo>/var/test-models``, git-ignored) through the real installer
and reused by later runs, so CI downloads it once per machine.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import requests

from qiao.translation import modelstore

REPO = Path(__file__).resolve().parents[2]
TEST_MODEL = "qwen2.5-0.5b-instruct-q4km"
SERVER_MODEL_ALIAS = "qiao-test-model"


@pytest.fixture(scope="session")
def small_model() -> Path:
    """The 0.5B GGUF, installed (and size-checked) by ``modelstore.install``."""
    directory = Path(os.environ.get("QIAO_TEST_MODEL_DIR") or REPO / "var" / "test-models")
    result = modelstore.install(modelstore.get_model(TEST_MODEL), directory=directory)
    return result.path


@pytest.fixture(scope="session")
def llama_engine(small_model):
    from qiao.translation.engines.llamacpp import LlamaCppEngine

    return LlamaCppEngine(model_path=str(small_model), n_ctx=2048, timeout=300)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def llama_server(small_model, tmp_path_factory) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server on 127.0.0.1; yields its /v1 base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(small_model),
        "--model_alias", SERVER_MODEL_ALIAS, "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
    ]  # fmt: skip
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"},  # as the in-process engine does
        )
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"llama_cpp.server exited with {process.returncode}:\n{log.read_text()[-2000:]}"
                )
            try:
                if requests.get(f"{base_url}/models", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


Route = Callable[[BaseHTTPRequestHandler, dict | list | None], tuple[int, object, dict[str, str]]]


class _Handler(BaseHTTPRequestHandler):
    # Set per server by LocalServer, which subclasses this handler.
    routes: ClassVar[dict[tuple[str, str], Route]] = {}
    requests_seen: ClassVar[list[tuple[str, str, object]]] = []

    def log_message(self, format, *args) -> None:  # keep test output clean
        pass

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        self.requests_seen.append((method, self.path, body))
        route = self.routes.get((method, self.path))
        if route is None:
            status, payload, headers = 404, {"error": "Not found"}, {}
        else:
            status, payload, headers = route(self, body)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")


class LocalServer:
    """A real HTTP server on 127.0.0.1 answering from a table of routes."""

    def __init__(self, routes: dict[tuple[str, str], Route]) -> None:
        handler = type("Handler", (_Handler,), {"routes": routes, "requests_seen": []})
        self.handler = handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def requests(self) -> list[tuple[str, str, object]]:
        return self.handler.requests_seen

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_server() -> Iterator[Callable[[dict], LocalServer]]:
    """Start LocalServers for a test; all are stopped afterwards."""
    servers: list[LocalServer] = []

    def start(routes: dict[tuple[str, str], Route]) -> LocalServer:
        server = LocalServer(routes)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def release_hanging() -> Iterator[threading.Event]:
    """Set at teardown so handlers that hang on purpose finish promptly."""
    event = threading.Event()
    yield event
    event.set()
