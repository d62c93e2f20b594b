"""``qiao moderation_benchmark`` on tiny labelled files written here (never the third-party sets)."""

from io import StringIO

import pytest
from django.core.management import call_command

from qiao.moderation.benchmark import Scores

pytestmark = pytest.mark.django_db


def write_sets(root):
    cold = root / "toxic_zh_cold"
    cold.mkdir(parents=True)
    rows = [
        (1, "你这个傻逼"),  # caught
        (1, "说话含蓄的冒犯"),  # missed
        (0, "今天天气很好"),
        (0, "他说“傻逼”这个词不文明"),  # a false positive: quoting a swear word
    ]
    lines = ["\ufeff,split,topic,label,fine-grained-label,TEXT"]
    lines += [f"{i},test,race,{label},0,{text}" for i, (label, text) in enumerate(rows)]
    (cold / "test.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    english = root / "tweets_en_tweeteval" / "offensive"
    english.mkdir(parents=True)
    (english / "test_text.txt").write_text(
        "you are a fucking idiot\nnice photo of the lake\n", encoding="utf-8"
    )
    (english / "test_labels.txt").write_text("1\n0\n", encoding="utf-8")


def run(*args) -> str:
    out = StringIO()
    call_command("moderation_benchmark", *args, stdout=out)
    return out.getvalue()


def test_benchmark_prints_precision_recall_and_counts(tmp_path):
    write_sets(tmp_path)
    output = run("--data", str(tmp_path))
    zh = next(line for line in output.splitlines() if line.startswith("COLD"))
    en = next(line for line in output.splitlines() if line.startswith("TweetEval"))
    # n precision recall F1 tp fp fn tn
    assert zh.split()[2:11] == ["test", "4", "0.500", "0.500", "0.500", "1", "1", "1", "1"]
    assert en.split()[3:12] == ["test", "2", "1.000", "1.000", "1.000", "1", "0", "0", "1"]


def test_benchmark_limit_and_missing_data(tmp_path):
    write_sets(tmp_path)
    assert " 1 " in next(
        line
        for line in run("--data", str(tmp_path), "--limit", "1").splitlines()
        if line.startswith("COLD")
    )
    output = run("--data", str(tmp_path / "nowhere"))
    assert "Skipped: Chinese set not found" in output and "nothing to score" in output
    output = run("--data", str(tmp_path), "--split", "dev")
    assert "Skipped" in output and "nothing to score" in output


def test_scores_arithmetic():
    scores = Scores(tp=3, fp=1, fn=2, tn=4)
    assert (scores.precision, scores.recall, round(scores.f1, 4), scores.total) == (
        0.75,
        0.6,
        0.6667,
        10,
    )
    assert Scores().precision == 0.0 and Scores().f1 == 0.0
