"""The automatic check every new note, comment, bio (and glossary proposal) goes through.

:func:`check_text` combines the moderators' rules (:class:`~qiao.moderation.models.Rule`)
with the configured classifier into one :class:`Verdict`: allow, hold for
review, or reject. A classifier alone only holds (unless
``QIAO_MODERATION_REJECT_SCORE`` is set); rejecting is the rules' call. A
classifier that fails (model server down) is logged and ignored: the rules
still apply and posting never stops because a model is unreachable.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .classifiers import Classifier, ClassifierError, get_classifier
from .textmatch import Matcher, MatcherSet, prepare

logger = logging.getLogger(__name__)

ALLOW, HOLD, REJECT = "allow", "hold", "reject"
_SEVERITY = {ALLOW: 0, HOLD: 1, REJECT: 2}
KINDS = ("note", "comment", "bio", "glossary")


@dataclass(frozen=True)
class Verdict:
    outcome: str  # "allow" | "hold" | "reject"
    reasons: tuple[str, ...] = ()
    rule_ids: tuple[int, ...] = ()
    score: float = 0.0
    labels: tuple[str, ...] = field(default=())
    # For the queue, shown in the moderator's language: (rule id, pattern) pairs, and the
    # classifier's name, score and what it matched (e.g. the lexicon's terms).
    rules: tuple[tuple[int, str], ...] = ()
    classifier: str = ""
    classifier_score: float | None = None
    matched: str = ""

    @property
    def allowed(self) -> bool:
        return self.outcome == ALLOW

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "reasons": list(self.reasons),
            "rule_ids": list(self.rule_ids),
            "score": self.score,
            "labels": list(self.labels),
            "rules": [list(rule) for rule in self.rules],
            "classifier": self.classifier,
            "classifier_score": self.classifier_score,
            "matched": self.matched,
        }


# --- the moderators' rules, compiled once per process per version -----------------------

RULES_VERSION_KEY = "moderation:rules-version"
_local = threading.local()


@dataclass
class _CompiledRules:
    version: object
    rows: list[tuple]  # (id, outcome, lang, pattern, type, homophones)
    matchers: MatcherSet


def bump_rules_version() -> None:
    """Tell every process to recompile the rules (called when a rule changes)."""
    cache.set(RULES_VERSION_KEY, uuid.uuid4().hex, None)


def compiled_rules() -> _CompiledRules:
    from .models import Rule

    # A fresh random version when the key is missing (e.g. a cleared cache), never a reused one.
    version = cache.get(RULES_VERSION_KEY)
    if version is None:
        cache.add(RULES_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(RULES_VERSION_KEY)
    current = getattr(_local, "rules", None)
    if current is not None and current.version == version:
        return current
    rules = list(Rule.objects.filter(is_active=True).order_by("id"))
    rows = [(r.pk, r.outcome, r.lang, r.pattern, r.type, r.homophones) for r in rules]
    if current is not None and current.rows == rows:  # same rules: keep the compiled ones
        current.version = version
        return current
    compiled = _CompiledRules(
        version, rows, MatcherSet(Matcher.build(r.type, r.pattern, r.homophones) for r in rules)
    )
    _local.rules = compiled
    return compiled


# --- the check ---------------------------------------------------------------------------------


def check_text(
    text: str, lang: str = "", kind: str = "note", *, classifier: Classifier | None = None
) -> Verdict:
    """Check ``text`` (in content language ``lang``, "" if unknown) written as a ``kind``."""
    if not (text or "").strip():
        return Verdict(ALLOW)
    prepared = prepare(text)
    outcome, reasons, rule_ids, labels, matched_rules = ALLOW, [], [], [], []
    classifier_score, matched = None, ""

    rules = compiled_rules()
    for index in rules.matchers.matching(prepared):
        rule_id, rule_outcome, rule_lang, pattern, *_rest = rules.rows[index]
        if rule_lang and lang and rule_lang != lang:
            continue
        rule_ids.append(rule_id)
        matched_rules.append((rule_id, pattern))
        reasons.append(
            _("Rule #%(id)d matched (%(pattern)s).") % {"id": rule_id, "pattern": pattern}
        )
        if _SEVERITY[rule_outcome] > _SEVERITY[outcome]:
            outcome = rule_outcome

    score = 1.0 if rule_ids else 0.0
    classifier = classifier if classifier is not None else get_classifier()
    try:
        result = classifier.classify(text, lang, prepared)
    except ClassifierError as exc:
        logger.warning("Moderation classifier %s failed: %s", classifier.name, exc)
    else:
        score = max(score, result.score) if rule_ids else result.score
        labels = list(result.labels)
        classifier_score, matched = result.score, result.explanation
        reject_at = settings.QIAO_MODERATION_REJECT_SCORE
        if reject_at is not None and result.score >= reject_at:
            outcome = REJECT
            reasons.append(
                _("The %(name)s classifier scored it %(score).2f.")
                % {"name": classifier.name, "score": result.score}
            )
        elif result.score >= settings.QIAO_MODERATION_HOLD_SCORE:
            if outcome == ALLOW:
                outcome = HOLD
            detail = f" ({result.explanation})" if result.explanation else ""
            reasons.append(
                _("The %(name)s classifier scored it %(score).2f.")
                % {"name": classifier.name, "score": result.score}
                + detail
            )
    return Verdict(
        outcome,
        tuple(reasons),
        tuple(rule_ids),
        round(score, 4),
        tuple(labels),
        rules=tuple(matched_rules),
        classifier=classifier.name,
        classifier_score=classifier_score,
        matched=matched,
    )
