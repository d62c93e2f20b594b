"""The slang explainer's work, shared by pages, the API and the translation pipeline.

- Reading: :func:`detect`, :func:`explain`, :func:`term_dict`, :func:`search`,
  :func:`notes_using` over the live glossary (shipped data + approved
  community entries, see :mod:`.detection`).
- Translation: :func:`glossary_hints` gives the engine the meaning and a
  target rendering of every slang term found in a segment.
- Community: :func:`propose`, :func:`vote`, :func:`approve`, :func:`reject`,
  :func:`retire`. Every change to the live glossary writes a
  :class:`~.models.GlossaryRevision` and bumps the glossary version, so every
  process rebuilds its detector: approved entries go live at once.
- Reader preferences: :func:`get_preferences`, :func:`save_preferences`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qiao.core import ratelimit

from . import detection, glossary
from .detection import Match
from .glossary import GlossaryEntry
from .models import ENTRY_FIELDS, GlossaryRevision, ReaderPreferences, TermProposal, Vote
from .models import GlossaryEntry as LiveEntry

MAX_TEXT = 10_000

# --- reading the live glossary -------------------------------------------------------------


def reader_lang(request=None) -> str:
    """The language explanations are shown in: the interface language ("zh" or "en")."""
    language = (getattr(request, "LANGUAGE_CODE", None) or get_language() or "en").lower()
    return "zh" if language.startswith("zh") else "en"


def all_entries() -> list[GlossaryEntry]:
    return list(detection.get_detector().entries.values())


def get_entry(term_id: str) -> GlossaryEntry:
    entry = detection.get_detector().entries.get(term_id)
    if entry is None:
        raise Http404(_("No such glossary term."))
    return entry


def is_community(entry: GlossaryEntry) -> bool:
    return entry.version == "community"


def detect(text: str, lang: str = "") -> list[Match]:
    """Glossary terms in ``text`` with offsets (see :mod:`.detection` for the rules)."""
    return detection.get_detector().detect(text or "", lang=lang)


def term_dict(entry: GlossaryEntry, reader: str) -> dict:
    """An entry for the API and the popover, with ``meaning`` in the reader's language."""
    return {
        "id": entry.id,
        "term": entry.term,
        "lang": entry.lang,
        "aliases": list(entry.aliases),
        "pinyin": entry.pinyin,
        "expansion": entry.expansion,
        "literal": entry.literal,
        "meaning": entry.meaning(reader),
        "meaning_en": entry.meaning_en,
        "meaning_zh": entry.meaning_zh,
        "translation_en": entry.translation_en,
        "translation_zh": entry.translation_zh,
        "register": entry.register,
        "tags": list(entry.tags),
        "example": entry.example,
        "example_translation": entry.example_translation,
        "notes": entry.notes,
        "source": "community" if is_community(entry) else "shipped",
        "url": reverse("slang:term", args=[entry.id]),
    }


def match_dict(match: Match, field_name: str = "") -> dict:
    data = {"start": match.start, "end": match.end, "text": match.text, "term_id": match.entry.id}
    if field_name:
        data["field"] = field_name
    return data


@dataclass
class Explanation:
    """One term found in a text, with what the reader sees about it."""

    entry: GlossaryEntry
    reader: str = "en"
    written: list[str] = field(default_factory=list)  # how it was written, in order, distinct

    @property
    def meaning(self) -> str:
        return self.entry.meaning(self.reader)

    @property
    def translation(self) -> str:
        return self.entry.translation(self.reader)

    @property
    def url(self) -> str:
        return reverse("slang:term", args=[self.entry.id])


def explain(texts: Iterable[str], reader: str = "en", lang: str = "") -> list[Explanation]:
    """Every distinct term found in ``texts``, in order of first appearance."""
    found: dict[str, Explanation] = {}
    for text in texts:
        for match in detect(text, lang):
            item = found.setdefault(match.entry.id, Explanation(match.entry, reader))
            if match.text not in item.written:
                item.written.append(match.text)
    return list(found.values())


def check_text_length(text: str) -> None:
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": [_("The text is too long (at most %(n)d characters).") % {"n": MAX_TEXT}]}
        )


# --- translation hints ---------------------------------------------------------------------


def glossary_hints(text: str, source: str, target: str):
    """What the translation engine should know about the slang in ``text``.

    One :class:`~qiao.translation.engines.base.GlossaryHint` per distinct term
    (as written in the text), with its meaning explained in the target
    language and a short rendering to use; terms already in the target
    language are left out. At most ``QIAO_SLANG_MAX_HINTS``.
    """
    from qiao.translation.engines.base import GlossaryHint

    if not text or source == target:
        return []
    limit = getattr(settings, "QIAO_SLANG_MAX_HINTS", 6)
    hints: dict[str, GlossaryHint] = {}
    for match in detect(text, source):
        entry = match.entry
        if entry.lang == target or entry.id in hints:
            continue
        hints[entry.id] = GlossaryHint(
            term=match.text,
            meaning=entry.meaning(target),
            target_rendering=entry.translation(target),
        )
        if len(hints) >= limit:
            break
    return list(hints.values())


# --- browsing and search -------------------------------------------------------------------

_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", "aaaaeeeeiiiioooouuuuvvvvv")


def _plain_pinyin(text: str) -> str:
    return re.sub(r"[\s']", "", text.lower().translate(_TONES))


def search(
    query: str = "", *, lang: str = "", tag: str = "", register: str = ""
) -> list[GlossaryEntry]:
    """Entries matching a query in either language, best first.

    The query is looked for in the term and its aliases (folded like the
    detector folds text, so ＹＹＤＳ and 絕絕子 find their terms), in the
    pinyin with or without tone marks ("pofang", "pò fáng"), in the full form
    and in both meanings and renderings.
    """
    entries = [
        e
        for e in all_entries()
        if (not lang or e.lang == lang)
        and (not tag or tag in e.tags)
        and (not register or e.register == register)
    ]
    query = (query or "").strip()
    if not query:
        return sorted(entries, key=lambda e: (e.lang, _search_keys(e).term))
    folded = detection.fold_form(query)
    plain = _plain_pinyin(query)
    ranked: list[tuple[int, str, GlossaryEntry]] = []
    for entry in entries:
        keys = _search_keys(entry)
        if folded in keys.forms:
            rank = 0
        elif any(folded in f for f in keys.forms) or (plain and plain == keys.pinyin):
            rank = 1
        elif (len(plain) >= 2 and plain in keys.pinyin) or folded in keys.expansion:
            rank = 2
        elif folded in keys.meanings:
            rank = 3
        else:
            continue
        ranked.append((rank, keys.term, entry))
    ranked.sort(key=lambda item: (item[0], len(item[1]), item[1]))
    return [entry for _rank, _key, entry in ranked]


@dataclass(frozen=True)
class _SearchKeys:
    term: str
    forms: tuple[str, ...]
    pinyin: str
    expansion: str
    meanings: str  # renderings and meanings, folded, joined


@lru_cache(maxsize=4096)
def _search_keys(entry: GlossaryEntry) -> _SearchKeys:
    """An entry's searchable texts, folded once (entries are immutable)."""
    texts = (entry.translation_en, entry.translation_zh, entry.meaning_en, entry.meaning_zh)
    return _SearchKeys(
        term=detection.fold_form(entry.term),
        forms=tuple(detection.fold_form(f) for f in entry.forms),
        pinyin=_plain_pinyin(entry.pinyin),
        expansion=detection.fold_form(entry.expansion),
        meanings="\n".join(detection.fold_form(t) for t in texts),
    )


def notes_using(entry: GlossaryEntry, user, limit: int = 6) -> list:
    """Notes ``user`` may see that use the term: a cheap LIKE, confirmed by the detector."""
    from qiao.notes.models import Note

    forms = [f for f in entry.forms if glossary.PLACEHOLDER not in f][:8]
    if not forms:
        return []
    query = Q()
    for form in forms:
        query |= Q(title__icontains=form) | Q(body__icontains=form)
    candidates = (
        Note.objects.visible_to(user)
        .filter(query)
        .select_related("author")
        .order_by("-id")[: limit * 4]
    )
    detector = detection.get_detector()
    found = []
    for note in candidates:
        if any(m.entry.id == entry.id for m in detector.detect(f"{note.title}\n{note.body}")):
            found.append(note)
            if len(found) >= limit:
                break
    return found


def revisions_for(term_id: str):
    return GlossaryRevision.objects.filter(term_id=term_id).select_related("changed_by", "proposal")


# --- community: validation ------------------------------------------------------------------

_OPTIONAL = ("pinyin", "expansion", "notes")


def suggested_pinyin(text: str) -> str:
    """Tone-marked, word-aware pinyin for the Chinese characters and Latin runs of ``text``."""
    from .learning import segment

    syllables: list[str] = []
    for word in segment(text):
        if word.pinyin:
            syllables.extend(word.pinyin)
        else:
            syllables.extend(re.findall(r"[A-Za-z0-9]+", word.text))
    return " ".join(syllables)


def _raw_entry(data: dict, term_id: str) -> dict:
    raw: dict = {"id": term_id}
    for name in ENTRY_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            value = value.strip()
        if name in ("aliases", "tags"):
            value = [str(v).strip() for v in (value or []) if str(v).strip()]
        if name in _OPTIONAL and not value:
            continue
        if name == "ambiguous":
            value = bool(value)
        raw[name] = value
    if raw.get("lang") == "zh" and not raw.get("pinyin"):
        probe = GlossaryEntry(
            id=term_id, term=raw.get("term") or "", lang="zh", aliases=(), literal="", meaning_en="",
            meaning_zh="", translation_en="", translation_zh="", register="", example="",
            example_translation="", tags=(), expansion=raw.get("expansion", ""),
        )  # fmt: skip
        source = glossary.pinyin_source(probe)
        if source:
            raw["pinyin"] = suggested_pinyin(source)
    return raw


def _field_of(problem: str) -> str:
    for word in re.findall(r"[a-z_]+", problem):
        if word in ENTRY_FIELDS:
            return word
        if word in ("alias", "form"):
            return "aliases"
        if word == "tag":
            return "tags"
    return "__all__"


def validate_entry(data: dict, term_id: str, *, replacing: str = "") -> GlossaryEntry:
    """Check proposal data with the shipped data's own rules; raise ValidationError by field.

    Also checks that no form is already used by another live entry of the same
    language (``replacing``: the id the data would replace, whose forms are free).
    """
    problems: list[str] = []
    raw = _raw_entry(data, term_id)
    entry = glossary._parse_entry(raw, "community", raw.get("lang") or None, "", problems)
    errors: dict[str, list[str]] = {}
    for problem in problems:
        message = problem.removeprefix(": ")
        errors.setdefault(_field_of(message), []).append(message)
    if entry is not None:
        taken = {
            (other.lang, detection.fold_form(form)): other
            for other in all_entries()
            if other.id not in (replacing, term_id)
            for form in other.forms
        }
        for form in entry.forms:
            other = taken.get((entry.lang, detection.fold_form(form)))
            if other is not None:
                errors.setdefault("term" if form == entry.term else "aliases", []).append(
                    _(
                        "“%(form)s” is already in the glossary (%(id)s). Propose a better explanation there."
                    )
                    % {"form": form, "id": other.id}
                )
    if errors or entry is None:
        raise ValidationError(errors or {"__all__": [_("This entry is not valid.")]})
    return entry


def new_term_id(entry: GlossaryEntry) -> str:
    """A stable, readable, unused id: "zh-" + toneless pinyin, or "en-" + the slug of the term."""
    from pypinyin import lazy_pinyin

    base = (
        slugify("-".join(lazy_pinyin(entry.term)))
        if glossary.has_han(entry.term)
        else slugify(entry.term)
    )
    if not base and entry.expansion:
        base = slugify("-".join(lazy_pinyin(entry.expansion)))
    base = f"{entry.lang}-{(base or 'term')[:60].strip('-')}"
    taken = set(detection.get_detector().entries) | set(
        LiveEntry.objects.values_list("term_id", flat=True)
    )
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def snapshot(entry: GlossaryEntry) -> dict:
    """The full entry as JSON (revisions and proposals keep these)."""
    data = asdict(entry)
    data["aliases"], data["tags"] = list(entry.aliases), list(entry.tags)
    data.pop("shared_forms", None)
    return data


def _entry_fields(data: dict) -> dict:
    return {name: data.get(name) for name in ENTRY_FIELDS}


# --- community: proposals and votes --------------------------------------------------------


def _screen(user, text: str, lang: str, parts: dict[str, str]):
    """The moderation gate (qiao.moderation), when that app is installed."""
    if not apps.is_installed("qiao.moderation"):
        return None
    from qiao.moderation.gate import screen

    return screen(user, "glossary", text, lang, field="meaning_en", parts=parts)


def propose(user, data: dict, *, target_term_id: str = "", rationale: str = "") -> TermProposal:
    """A new term (or, with ``target_term_id``, a better version of one) for review.

    Validated with the glossary's rules, rate-limited (``glossary_propose``)
    and checked by moderation; a held proposal is hidden until a moderator
    looks at it.
    """
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to propose a term."))
    base: dict = {}
    if target_term_id:
        base = snapshot(get_entry(target_term_id))
        placeholder_id = target_term_id
    else:
        placeholder_id = f"{data.get('lang') or 'zh'}-proposal"
        if data.get("lang") not in glossary.LANGUAGES:
            raise ValidationError({"lang": [_("Choose the language the term is used in.")]})
    entry = validate_entry(data, placeholder_id, replacing=target_term_id)
    if target_term_id and _entry_fields(snapshot(entry)) == _entry_fields(base):
        raise ValidationError({"__all__": [_("Nothing was changed.")]})
    rationale = (rationale or "").strip()
    if len(rationale) > 1000:
        raise ValidationError({"rationale": [_("Keep it under 1,000 characters.")]})
    ratelimit.check("glossary_propose", str(user.pk))
    fields = _entry_fields(snapshot(entry))
    proposal = TermProposal(
        author=user,
        target_term_id=target_term_id,
        base_snapshot=base,
        rationale=rationale,
        **fields,
    )
    parts = {name: str(value) for name, value in fields.items() if isinstance(value, str) and value}
    parts["rationale"] = rationale
    decision = _screen(user, f"{proposal.term}\n{proposal.explanation}", proposal.lang, parts)
    with transaction.atomic():
        proposal.save()
        if decision is not None:
            decision.apply(proposal)
    return proposal


def proposals_visible_to(user):
    """Proposals a person may see: not hidden, or their own, or all for moderators."""
    qs = TermProposal.objects.select_related("author", "reviewed_by")
    if getattr(user, "is_moderator", False):
        return qs
    if user.is_authenticated:
        return qs.filter(Q(is_hidden=False) | Q(author=user))
    return qs.filter(is_hidden=False)


def get_proposal(user, pk: int) -> TermProposal:
    proposal = proposals_visible_to(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404(_("No such proposal."))
    return proposal


def vote(user, proposal: TermProposal, value: int) -> TermProposal:
    """Vote +1 or -1 on a pending proposal (0 takes the vote back); one vote per person."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to vote."))
    if value not in (-1, 0, 1):
        raise ValidationError({"value": [_("A vote is 1 (up), -1 (down) or 0 (take it back).")]})
    if proposal.author_id == user.pk:
        raise ValidationError({"value": [_("You can't vote on your own proposal.")]})
    if proposal.status != TermProposal.Status.PENDING or proposal.is_hidden:
        raise ValidationError({"value": [_("Voting on this proposal has closed.")]})
    ratelimit.check("glossary_vote", str(user.pk))
    with transaction.atomic():
        locked = TermProposal.objects.select_for_update().get(pk=proposal.pk)
        if value:
            Vote.objects.update_or_create(proposal=locked, user=user, defaults={"value": value})
        else:
            Vote.objects.filter(proposal=locked, user=user).delete()
        up = Vote.objects.filter(proposal=locked, value=1).count()
        down = Vote.objects.filter(proposal=locked, value=-1).count()
        TermProposal.objects.filter(pk=locked.pk).update(
            up_count=up, down_count=down, score=up - down
        )
    proposal.up_count, proposal.down_count, proposal.score = up, down, up - down
    return proposal


def user_vote(user, proposal: TermProposal) -> int:
    if not user.is_authenticated:
        return 0
    return (
        Vote.objects.filter(proposal=proposal, user=user).values_list("value", flat=True).first()
        or 0
    )


def _require_moderator(user) -> None:
    if not getattr(user, "is_moderator", False):
        raise PermissionDenied(_("Only moderators can review glossary proposals."))


def _pending_for_review(proposal: TermProposal) -> TermProposal:
    locked = TermProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != TermProposal.Status.PENDING:
        raise ValidationError({"__all__": [_("This proposal has already been reviewed.")]})
    return locked


def approve(moderator, proposal: TermProposal, note: str = "") -> LiveEntry:
    """Make a proposal live now: write the entry, its revision, and bump the glossary version."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = _pending_for_review(proposal)
        if locked.is_hidden:
            raise ValidationError(
                {"__all__": [_("Restore this proposal in moderation before approving it.")]}
            )
        data = locked.entry_data()
        if locked.target_term_id:
            get_entry(locked.target_term_id)  # still live?
            term_id = locked.target_term_id
        else:
            term_id = new_term_id(validate_entry(data, f"{locked.lang}-proposal"))
        entry = validate_entry(data, term_id, replacing=locked.target_term_id)
        existed = term_id in detection.get_detector().entries
        fields = _entry_fields(snapshot(entry))
        row, _created = LiveEntry.objects.update_or_create(
            term_id=term_id,
            defaults={**fields, "is_active": True, "proposal": locked, "approved_by": moderator},
        )
        GlossaryRevision.objects.create(
            term_id=term_id,
            action=GlossaryRevision.Action.CHANGED if existed else GlossaryRevision.Action.ADDED,
            snapshot=snapshot(row.to_entry()),
            proposal=locked,
            changed_by=moderator,
            summary=(note or locked.rationale)[:500],
        )
        TermProposal.objects.filter(pk=locked.pk).update(
            status=TermProposal.Status.APPROVED,
            reviewed_by=moderator,
            reviewed_at=timezone.now(),
            review_note=note[:500],
        )
        _glossary_changed()
    proposal.refresh_from_db()
    return row


def _glossary_changed() -> None:
    """This process rebuilds its detector now (it sees the transaction); others after commit."""
    detection.reset()
    transaction.on_commit(detection.bump_version)


def reject(moderator, proposal: TermProposal, note: str = "") -> TermProposal:
    _require_moderator(moderator)
    with transaction.atomic():
        _pending_for_review(proposal)
        TermProposal.objects.filter(pk=proposal.pk).update(
            status=TermProposal.Status.REJECTED,
            reviewed_by=moderator,
            reviewed_at=timezone.now(),
            review_note=note[:500],
        )
    proposal.refresh_from_db()
    return proposal


def retire(moderator, term_id: str, note: str = "") -> None:
    """Take a term out of the live glossary (shipped or community); recorded as a revision."""
    _require_moderator(moderator)
    entry = get_entry(term_id)
    with transaction.atomic():
        fields = _entry_fields(snapshot(entry))
        LiveEntry.objects.update_or_create(
            term_id=term_id, defaults={**fields, "is_active": False, "approved_by": moderator}
        )
        GlossaryRevision.objects.create(
            term_id=term_id,
            action=GlossaryRevision.Action.RETIRED,
            snapshot=snapshot(entry),
            changed_by=moderator,
            summary=note[:500],
        )
        _glossary_changed()


# --- reader preferences ---------------------------------------------------------------------

SESSION_KEY = "slang_preferences"


@dataclass(frozen=True)
class Preferences:
    mark_slang: bool = True
    show_pinyin: bool = False
    script: str = ReaderPreferences.Script.ORIGINAL


def get_preferences(request) -> Preferences:
    """The reader's choices: stored on the account, or in the session for visitors."""
    cached = getattr(request, "_slang_preferences", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    prefs = Preferences()
    if user is not None and user.is_authenticated:
        row = ReaderPreferences.objects.filter(user=user).first()
        if row is not None:
            prefs = Preferences(row.mark_slang, row.show_pinyin, row.script)
    elif hasattr(request, "session"):
        stored = request.session.get(SESSION_KEY) or {}
        prefs = Preferences(
            bool(stored.get("mark_slang", True)),
            bool(stored.get("show_pinyin", False)),
            stored.get("script")
            if stored.get("script") in ReaderPreferences.Script.values
            else "original",
        )
    request._slang_preferences = prefs
    return prefs


def save_preferences(request, *, mark_slang: bool, show_pinyin: bool, script: str) -> Preferences:
    if script not in ReaderPreferences.Script.values:
        raise ValidationError({"script": [_("Choose Simplified, Traditional or as written.")]})
    prefs = Preferences(bool(mark_slang), bool(show_pinyin), script)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        ReaderPreferences.objects.update_or_create(
            user=user,
            defaults={
                "mark_slang": prefs.mark_slang,
                "show_pinyin": prefs.show_pinyin,
                "script": script,
            },
        )
    else:
        request.session[SESSION_KEY] = asdict(prefs)
    request._slang_preferences = prefs
    return prefs


def texts_of_note(note) -> list[tuple[str, str]]:
    """(field, text) pairs of a note that slang is looked for in."""
    pairs = [("title", note.title), ("body", note.body)]
    pairs += [
        (f"image_{i}", image.alt_text)
        for i, image in enumerate(note.images.all())
        if image.alt_text
    ]
    return [(name, text) for name, text in pairs if text]


def note_slang(note, reader: str) -> dict:
    """Every match in a note's fields, and the terms found, for the API."""
    matches, terms = [], {}
    for name, text in texts_of_note(note):
        for match in detect(text, note.lang or ""):
            matches.append(match_dict(match, name))
            terms.setdefault(match.entry.id, term_dict(match.entry, reader))
    return {
        "note_id": note.pk,
        "reader_lang": reader,
        "matches": matches,
        "terms": list(terms.values()),
    }


def text_slang(text: str, reader: str, lang: str = "") -> dict:
    check_text_length(text)
    matches = detect(text, lang)
    terms = {m.entry.id: term_dict(m.entry, reader) for m in matches}
    return {
        "reader_lang": reader,
        "matches": [match_dict(m) for m in matches],
        "terms": list(terms.values()),
    }


def summary_counts(entries: Sequence[GlossaryEntry]) -> dict:
    return {name: dict(counter) for name, counter in glossary.summarise(entries).items()}
