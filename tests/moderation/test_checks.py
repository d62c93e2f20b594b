"""check_text: the moderators' rules plus the configured classifier, with the real database."""

import pytest

from qiao.moderation.checks import ALLOW, HOLD, REJECT, check_text
from qiao.moderation.classifiers import ClassifierError, ClassifierResult, NullClassifier
from qiao.moderation.models import Rule

pytestmark = pytest.mark.django_db


class Fixed:
    """A classifier with a fixed answer (a real implementation of the interface, not a mock)."""

    name = "fixed"

    def __init__(self, score: float = 0.0, fail: bool = False):
        self.score, self.fail = score, fail

    def classify(self, text, lang="", prepared=None):
        if self.fail:
            raise ClassifierError("down")
        return ClassifierResult(self.score, ("insult",), "fixed")


def test_clean_text_is_allowed(no_starter_rules):
    verdict = check_text("今天去西湖拍了好多照片 #杭州", "zh", "note")
    assert verdict.outcome == ALLOW and verdict.rule_ids == ()


def test_reject_rule_wins_over_hold_rule(no_starter_rules):
    hold = Rule.objects.create(type="keyword", pattern="spam*", outcome="hold")
    reject = Rule.objects.create(type="regex", pattern=r"buy\s+followers", outcome="reject")
    verdict = check_text(
        "SPAMMY: buy   followers now", "en", "comment", classifier=NullClassifier()
    )
    assert verdict.outcome == REJECT
    assert set(verdict.rule_ids) == {hold.pk, reject.pk}
    assert verdict.score == 1.0


def test_rules_are_scoped_by_language(no_starter_rules):
    Rule.objects.create(type="keyword", pattern="gift", outcome="hold", lang="en")
    assert check_text("gift", "en", classifier=NullClassifier()).outcome == HOLD
    assert check_text("gift", "zh", classifier=NullClassifier()).outcome == ALLOW
    assert (
        check_text("gift", "", classifier=NullClassifier()).outcome == HOLD
    )  # unknown language: all rules


def test_new_and_disabled_rules_take_effect_at_once(no_starter_rules):
    assert check_text("艹尼玛", "zh", classifier=NullClassifier()).outcome == ALLOW
    rule = Rule.objects.create(type="keyword", pattern="草泥马", outcome="reject")
    assert check_text("艹尼玛", "zh", classifier=NullClassifier()).outcome == REJECT
    rule.is_active = False
    rule.save()
    assert check_text("艹尼玛", "zh", classifier=NullClassifier()).outcome == ALLOW


def test_pinyin_rule_catches_homophone_evasion(no_starter_rules):
    Rule.objects.create(type="pinyin", pattern="cao ni ma", outcome="hold")
    for text in ("艹尼玛", "草你妈", "cao ni ma"):
        assert check_text(text, "zh", classifier=NullClassifier()).outcome == HOLD, text


def test_classifier_score_holds_but_does_not_reject_by_default(no_starter_rules, settings):
    assert check_text("anything", "en", classifier=Fixed(0.49)).outcome == ALLOW
    verdict = check_text("anything", "en", classifier=Fixed(0.99))
    assert verdict.outcome == HOLD and verdict.labels == ("insult",) and verdict.score == 0.99
    settings.QIAO_MODERATION_REJECT_SCORE = 0.95
    assert check_text("anything", "en", classifier=Fixed(0.99)).outcome == REJECT


def test_a_failing_classifier_leaves_the_rules_in_charge(no_starter_rules):
    Rule.objects.create(type="keyword", pattern="scam", outcome="hold")
    assert check_text("hello", "en", classifier=Fixed(fail=True)).outcome == ALLOW
    assert check_text("a scam", "en", classifier=Fixed(fail=True)).outcome == HOLD


def test_the_default_lexicon_classifier_holds_abuse_in_both_languages(no_starter_rules):
    assert check_text("你这个傻逼，去死吧", "zh").outcome == HOLD
    assert check_text("shut up you f u c k i n g idiot", "en").outcome == HOLD
    assert check_text("What a lovely sunset over the lake", "en").outcome == ALLOW
    assert check_text("这张照片拍得非常逼真，颜色也好看", "zh").outcome == ALLOW


def test_starter_rules_ship_with_the_site():
    assert Rule.objects.filter(pattern="草泥马", is_active=True).exists()
    assert check_text("代开发票 联系我", "zh").outcome == REJECT


def test_invalid_rules_are_refused(no_starter_rules):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Rule(type="regex", pattern="(unclosed").full_clean()
    with pytest.raises(ValidationError):
        Rule(type="pinyin", pattern="草泥马").full_clean()
