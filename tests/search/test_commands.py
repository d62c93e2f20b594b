"""`qiao search_reindex` and `qiao search_benchmark` (on tiny data made here)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from qiao.notes.models import Note
from qiao.search.models import NoteEmbedding, SearchDocument
from qiao.search.vectors import vector_index

PAIRS = [
    ("我喜欢喝茶。", "I like drinking tea."),
    ("今天下雨了。", "It is raining today."),
    ("他在学校学习。", "He studies at school."),
    ("我们明天去爬山吧。", "Let's go hiking tomorrow."),
    ("这家餐厅的火锅很好吃。", "The hotpot at this restaurant is delicious."),
    ("我的猫很懒。", "My cat is very lazy."),
    ("火车晚点了。", "The train is late."),
    ("她会说三种语言。", "She speaks three languages."),
    ("请把窗户关上。", "Please close the window."),
    ("我找不到我的钥匙。", "I can't find my keys."),
    ("周末你有空吗？", "Are you free this weekend?"),
    ("这本书非常有意思。", "This book is very interesting."),
]
POSTS = [
    "今天的晚霞太美了[爱你]", "加班到十点，好累啊", "终于买到了想要的相机！", "周末去海边吹风",
    "新开的奶茶店排队好长", "考试终于结束了，开心", "下雨天适合在家看电影", "第一次做蛋糕就成功了",
]  # fmt: skip


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    pairs = folder / "xling_retrieval_tatoeba_laser"
    pairs.mkdir(parents=True)
    (pairs / "tatoeba.cmn-eng.cmn").write_text(
        "\n".join(zh for zh, _ in PAIRS) + "\n", encoding="utf-8"
    )
    (pairs / "tatoeba.cmn-eng.eng").write_text(
        "\n".join(en for _, en in PAIRS) + "\n", encoding="utf-8"
    )
    weibo = folder / "weibo_emotion_clue"
    weibo.mkdir()
    lines = [
        json.dumps({"id": i, "content": text, "label": "x"}, ensure_ascii=False)
        for i, text in enumerate(POSTS)
    ]
    (weibo / "test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_reindex_rebuilds_keywords_embeddings_and_the_ann_index(user, post):
    notes = [
        post(user, "Morning run", "Ten kilometres along the river"),
        post(user, "重庆火锅", "太辣了"),
    ]
    SearchDocument.objects.all().delete()
    NoteEmbedding.objects.all().delete()
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert SearchDocument.objects.count() == 2
    assert set(NoteEmbedding.objects.values_list("note_id", flat=True)) == {n.pk for n in notes}
    embedding = NoteEmbedding.objects.first()
    assert len(vector_index(embedding.model, embedding.dim)) == 2
    assert "2 computed" in out.getvalue() and "ANN index: 2 vectors" in out.getvalue()
    assert "Query dictionary: cedict-" in out.getvalue()
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert "0 computed, 2 unchanged" in out.getvalue()


def test_reindex_keywords_only(user, post):
    post(user, "Morning run", "Ten kilometres")
    SearchDocument.objects.all().delete()
    call_command("search_reindex", "--keywords-only", stdout=StringIO())
    assert SearchDocument.objects.count() == Note.objects.count() == 1
    assert NoteEmbedding.objects.count() == 0


def test_benchmark_skips_clearly_without_data(tmp_path):
    out = StringIO()
    call_command("search_benchmark", "--data", str(tmp_path / "absent"), stdout=out)
    assert "Benchmark skipped: no data folder" in out.getvalue()


def test_benchmark_on_tiny_data(data, db):
    out = StringIO()
    call_command(
        "search_benchmark", "--data", str(data), "--sizes", "40", "--queries", "4", "--embed-limit", "6", "--json",
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    text = out.getvalue()
    assert "not as notes" in text and "recall@10" in text and "MRR@10" in text
    results = json.loads(text[text.index("\n{\n") + 1 :])
    for row in results["retrieval"]["results"]:
        assert row["pairs"] == len(PAIRS)
        assert row["recall_at_10"] == 1.0  # 12 documents: the answer is always in the top 10
        assert 0.5 <= row["mrr_at_10"] <= 1.0
    (run,) = results["latency"]
    assert run["backend"] == "sqlite" and run["notes"] == 40
    assert run["real_embeddings"] == 6 and run["synthetic_embeddings"] == 34
    assert run["search_query_vector_cached"]["p50_ms"] > 0
    assert "p50" in text and "p95" in text
