"""``qiao glossary`` and ``qiao slang_benchmark`` (on tiny data sets written for this test)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qiao.slang import benchmark, services
from qiao.slang.glossary import load_glossary
from tests.translation.conftest import LocalServer

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_glossary_check_and_stats(user, moderator, new_term_data):
    services.approve(moderator, services.propose(user, new_term_data))
    report = run("glossary", "check")
    assert "valid" in report and "1 community rows" in report
    stats = run("glossary", "stats")
    assert "zh:playful" in stats and "proposals approved" in stats


def test_glossary_check_fails_on_a_broken_community_entry(user, moderator, new_term_data):
    row = services.approve(moderator, services.propose(user, new_term_data))
    type(row).objects.filter(pk=row.pk).update(meaning_zh="no Chinese")
    with pytest.raises(CommandError):
        run("glossary", "check")


@pytest.fixture
def tiny_data(tmp_path):
    """One or two lines per data set, in each set's format, written for this test."""
    (tmp_path / "cc_cedict_slang").mkdir()
    (tmp_path / "cc_cedict_slang/cedict_slang_neologism_subset.tsv").write_text(
        "simplified\ttraditional\tpinyin\tdefinitions\n"
        "躺平\t躺平\ttang3 ping2\t(test) lie flat\n"
        "雷\t雷\tlei2\t(test) a dud\n"
        "不存在词\t不存在詞\tbu4 cun2 zai4 ci2\t(test) nothing\n",
        encoding="utf-8",
    )
    (tmp_path / "slang_en_genz").mkdir()
    (tmp_path / "slang_en_genz/all_slangs.fixed.csv").write_text(
        "Slang,Description,Example,Context\nrizz,test,test,test\nzzzq,test,test,test\n",
        encoding="utf-8",
    )
    (tmp_path / "flores200_devtest_zh_en").mkdir()
    (tmp_path / "flores200_devtest_zh_en/zho_Hans.devtest").write_text(
        "今天的会议讨论了预算。\n", encoding="utf-8"
    )
    (tmp_path / "flores200_devtest_zh_en/eng_Latn.devtest").write_text(
        "The meeting discussed the budget.\n"
    )
    (tmp_path / "weibo_emotion_clue").mkdir()
    (tmp_path / "weibo_emotion_clue/test.jsonl").write_text(
        json.dumps(
            {"id": 0, "content": "周末躺平，太爽了", "label": "happiness"}, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    return tmp_path


def test_benchmark_on_tiny_data(tiny_data):
    report = run("slang_benchmark", "--data", str(tiny_data), "--no-translation", "--no-cedict")
    assert "CC-CEDICT slang (zh): 3 headwords, 2 in the glossary" in report
    assert "Gen Z slang (en): 2 headwords, 1 in the glossary" in report
    assert "FLORES zh: 0 hits in 1 texts" in report
    assert "Weibo: 1 hits in 1 texts" in report
    assert "translation: skipped" in report
    assert "ms" in report  # detection speed


def test_benchmark_without_data_says_so(tmp_path):
    report = run(
        "slang_benchmark", "--data", str(tmp_path / "missing"), "--no-translation", "--no-cedict"
    )
    assert "No data folder" in report


def test_recall_counts_headwords_found_in_carriers():
    from qiao.slang.detection import Detector

    detector = Detector(load_glossary())
    result = benchmark.recall(
        "t", detector, ["躺平", "雷", "不存在词"], benchmark.ZH_CARRIERS, "zh"
    )
    assert (result.covered, result.sentences) == (2, 9)
    assert result.recall_plain == 1.0  # 躺平 in every carrier
    assert 0 < result.recall_covered < 1  # 雷 only where the context marks it
    assert result.precision == 1.0


@pytest.mark.parametrize(
    "translation, term_id, target, expected",
    [
        ("This hotpot place is the GOAT.", "zh-yyds", "en", True),
        ("This hotpot yyds.", "zh-yyds", "en", False),
        ("I just want to lie flat this weekend.", "zh-tangping", "en", True),
        ("这是城里最好吃的拉面，真的不骗你。", "en-no-cap", "zh", True),
        ("這是城裡最好吃的拉麵，不騙你。", "en-no-cap", "zh", True),
        ("这是城里最好吃的拉面，没有帽子。", "en-no-cap", "zh", False),
    ],
)
def test_conveys_scoring_rule(translation, term_id, target, expected):
    entry = services.get_entry(term_id)
    assert benchmark.conveys(translation, entry, target) is expected, entry.translation(target)


def test_benchmark_translation_part_with_an_engine(tiny_data, settings):
    def chat(handler, body):
        prompt = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
        text = "GLOSSARY" if "translate as:" in prompt else "plain"
        return (
            200,
            {"choices": [{"message": {"content": f"<translation>{text}</translation>"}}]},
            {},
        )

    server = LocalServer(
        {
            ("POST", "/v1/chat/completions"): chat,
            ("GET", "/v1/models"): lambda h, b: (200, {"data": [{"id": "m"}]}, {}),
        }
    )
    try:
        settings.QIAO_OPENAI_BASE_URL = f"{server.url}/v1"
        settings.QIAO_OPENAI_MODEL = "m"
        report = run(
            "slang_benchmark",
            "--data",
            str(tiny_data),
            "--no-cedict",
            "--engine",
            "openai",
            "--limit",
            "2",
        )
    finally:
        server.close()
    assert "2 of our example sentences, 3 ways each" in report
    assert "conveys the slang, without hints: 0.0% (0/2)" in report
    assert "conveys the slang, hints only:    0.0% (0/2)" in report  # "GLOSSARY" conveys nothing either
    assert "conveys the slang, pipeline:" in report
    assert "sentences given hints: 2" in report
