"""The translation pipeline, and translating Qiao's content (notes, comments, bios, boards).

Text goes through :func:`translate_text`: split into lines and sentences
(:mod:`.segmentation`), parts already in the target language kept as written,
hashtags, mentions, URLs, emoji, numbers and code protected (:mod:`.protect`),
segments looked up in the translation memory (:mod:`.memory`), the rest
translated by the configured engine, every output checked (:mod:`.quality`),
and the text reassembled in its original layout. A segment with placeholders
whose output fails a check is retried once with its tokens written out, a long
sentence left in the wrong language once clause by clause; a segment that
still fails is kept in the original: nothing unchecked is ever shown.

Content is translated as *units* a reader asks for at once: a note (title,
text and image descriptions), a comment, a bio, a board name. Finished
translations are stored per field in ``ContentTranslation``, so showing one
is a lookup. Web processes never translate: :func:`request_translation`
answers from storage or queues a task (``qiao.translation.tasks``), unless
``QIAO_TRANSLATE_INLINE`` is set.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache
from typing import Any, Literal

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import ratelimit
from qiao.core.languages import content_languages, detect_language

from . import glossary, memory, quality
from .engines import EngineError, GlossaryHint, TranslationEngine, get_engine
from .models import ContentTranslation
from .protect import (
    PLACEHOLDER,
    PlaceholderError,
    Protected,
    protect,
    restore,
    tokens_kept,
    unprotected,
)
from .segmentation import UNSPACED_LANGUAGES, piece_language, reassemble, split

logger = logging.getLogger(__name__)

# --- targets and Chinese scripts ------------------------------------------------------

#: Target codes shown in Traditional characters (converted from Simplified by OpenCC).
TRADITIONAL = {"zh-hant", "zh-tw", "zh-hk", "zh-mo"}
SIMPLIFIED = {"zh", "zh-hans", "zh-cn", "zh-sg"}


def parse_target(target: str) -> tuple[str, str]:
    """``(language, display)`` for a requested target: ("zh", "zh-Hant") for Traditional Chinese.

    Raises ValidationError for languages the platform does not translate into.
    """
    code = (target or "").strip().replace("_", "-").lower()
    if code in TRADITIONAL:
        base, display = "zh", "zh-Hant"
    elif code in SIMPLIFIED:
        base, display = "zh", "zh"
    else:
        base = code
        display = code
    if base not in content_languages():
        raise ValidationError(
            _("Translation into “%(lang)s” is not available. Choose one of: %(langs)s.")
            % {"lang": target, "langs": ", ".join(content_languages())}
        )
    return base, display


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """Simplified → Traditional Chinese: a display conversion, never a model call."""
    return _opencc("s2t").convert(text) if text else text


def to_simplified(text: str) -> str:
    return _opencc("t2s").convert(text) if text else text


def for_display(text: str, display: str) -> str:
    return to_traditional(text) if display == "zh-Hant" else text


# --- the pipeline -----------------------------------------------------------------------

SegmentStatus = Literal["translated", "kept", "failed"]


@dataclass
class Segment:
    source: str
    text: str
    status: SegmentStatus
    from_memory: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass
class TextResult:
    """A text's translation: ``text`` is the original layout with translated segments."""

    text: str
    source_lang: str
    target: str
    engine: str
    model: str
    segments: list[Segment]
    entries: list[memory.Entry]

    @property
    def failed(self) -> int:
        return sum(1 for s in self.segments if s.status == "failed")

    @property
    def translated(self) -> int:
        return sum(1 for s in self.segments if s.status == "translated")

    @property
    def status(self) -> str:
        if self.failed and not self.translated:
            return ContentTranslation.Status.UNAVAILABLE
        return ContentTranslation.Status.PARTIAL if self.failed else ContentTranslation.Status.DONE

    @property
    def problems(self) -> list[str]:
        return [p for s in self.segments for p in s.problems]


@dataclass
class _Work:
    index: int
    lang: str
    protected: Protected
    hints: list[GlossaryHint]
    key: str
    output: str | None = None
    from_memory: bool = False
    problems: list[str] = field(default_factory=list)


def _placeholder_form(text: str, protected: Protected) -> str:
    """Turn tokens written out in a translation back into placeholders, for the memory."""
    for number, token in enumerate(protected.tokens, start=1):
        text = text.replace(token, PLACEHOLDER.format(n=number), 1)
    return text


def _checked_source(text: str, hints: Sequence[GlossaryHint]) -> str:
    """The source as the checks should see it: slang written as its rendering.

    "太666了" rightly becomes "so awesome": the number 666 is slang, not a number to keep.
    """
    return glossary.substitute_terms(text, hints) if hints else text


def _sentence_start(segment: str, prefix: str, target: str) -> str:
    """Capitalise a segment that starts with a slang rendering ("link please" → "Link please").

    NMT engines capitalise what they translate; a rendering put in by
    :func:`glossary.term_placeholders` is written in lower case.
    """
    body = segment[len(prefix) :]
    if target in UNSPACED_LANGUAGES or not body[:1].isascii() or not body[:1].islower():
        return segment
    return prefix + body[0].upper() + body[1:]


def _accept(work: _Work, output: str, target: str) -> bool:
    """Check one engine output; keep it on ``work`` when it passes."""
    found = quality.problems(_checked_source(work.protected.text, work.hints), output, work.lang, target)
    try:
        restore(output, work.protected)
    except PlaceholderError as error:
        found.append(str(error))
    work.problems = found
    if not found:
        work.output = output
    return not found


def _retry_without_placeholders(engine: TranslationEngine, work: _Work, target: str) -> None:
    """One more try with the tokens written out; they must come back exactly as written."""
    plain = unprotected(work.protected)
    output = engine.translate([plain], work.lang, target, work.hints)[0].strip()
    found = quality.problems(_checked_source(plain, work.hints), output, work.lang, target)
    if not tokens_kept(output, work.protected):
        found.append("a hashtag, mention, link, emoji or number was changed")
    if found:
        work.problems = found
        return
    work.output = _placeholder_form(output, work.protected)
    work.problems = []


_CLAUSE_BREAK = re.compile(r"(?<=[,;，；])\s*")
_CLAUSE_END = ",;，；。.、 "
CLAUSE_JOINER = {"zh": "，", "ja": "、"}


def _retry_by_clauses(engine: TranslationEngine, work: _Work, target: str) -> None:
    """One more try, clause by clause, for a sentence whose translation failed a check.

    Small models tend to copy long sentences through or drop a number in
    them; their clauses, each checked on its own, usually come back right.
    """
    clauses = [c for c in _CLAUSE_BREAK.split(work.protected.text) if c.strip()]
    if len(clauses) < 2:
        return
    outputs = [o.strip() for o in engine.translate(clauses, work.lang, target, work.hints)]
    for clause, output in zip(clauses, outputs, strict=True):
        if quality.problems(_checked_source(clause, work.hints), output, work.lang, target):
            return
    joiner = CLAUSE_JOINER.get(target, ", ")
    joined = joiner.join([o.rstrip(_CLAUSE_END) for o in outputs[:-1]] + outputs[-1:])
    if _accept(work, joined, target):
        work.problems = []


def _retry_with_renderings(engine: TranslationEngine, work: _Work, target: str) -> None:
    """One more try for a chat model that ignored its glossary hints: the slang written as its rendering.

    "这家火锅yyds" is sent as "这家火锅 the GOAT", which small models turn into
    "This hotpot place is the GOAT" far more reliably than they follow a hint.
    The new output replaces the first only if it passes every check and carries more of the slang.
    """
    missed = glossary.missed(work.output or "", work.hints, target)
    if not missed:
        return
    source = glossary.substitute_terms(work.protected.text, missed)
    output = engine.translate([source], work.lang, target, work.hints)[0].strip()
    if len(glossary.missed(output, work.hints, target)) >= len(missed):
        return
    first, problems = work.output, work.problems
    if not _accept(work, output, target):
        work.output, work.problems = first, problems


def _run_engine(engine: TranslationEngine, todo: list[_Work], target: str) -> None:
    """Translate the works not found in memory, grouped by language and glossary hints."""
    groups: dict[tuple[str, tuple[GlossaryHint, ...]], list[_Work]] = {}
    for work in todo:
        groups.setdefault((work.lang, tuple(work.hints)), []).append(work)
    for (lang, hints), works in groups.items():
        outputs = engine.translate([w.protected.text for w in works], lang, target, list(hints))
        for work, output in zip(works, outputs, strict=True):
            if _accept(work, output.strip(), target):
                if work.hints and engine.glossary_in_prompt:
                    _retry_with_renderings(engine, work, target)
                continue
            if work.protected.tokens:
                # Placeholders confuse small models: one more try with the tokens written out.
                _retry_without_placeholders(engine, work, target)
            else:
                # A long sentence copied through or garbled (a number lost) usually
                # comes back right clause by clause, each clause checked on its own.
                _retry_by_clauses(engine, work, target)


def translate_text(
    text: str,
    source: str,
    target: str,
    *,
    engine: TranslationEngine | None = None,
    use_memory: bool = True,
) -> TextResult:
    """Translate ``text`` from ``source`` ("" = detect) into ``target`` through the whole pipeline.

    Raises :class:`EngineError` when the engine fails (nothing is stored then);
    ValidationError for an unknown target.
    """
    base, display = parse_target(target)
    engine = engine or get_engine()
    source = source or detect_language(text)
    pieces = split(text)
    outputs = [piece.text for piece in pieces]
    segments: dict[int, Segment] = {}
    works: list[_Work] = []
    for index, piece in enumerate(pieces):
        if not piece.translatable:
            continue
        lang = piece_language(piece.text, source)
        protected = protect(piece.text)
        if not lang or lang == base or not protected.needs_engine:
            segments[index] = Segment(piece.text, piece.text, "kept")
            continue
        hints = glossary.hints_for(protected.text, lang, base)
        key = memory.segment_key(protected.text, hints)
        work = _Work(index, lang, protected, hints, key)
        if hints and not engine.glossary_in_prompt:  # NMT: slang becomes a protected rendering
            work.protected = glossary.term_placeholders(protected, hints)
            if not work.protected.needs_engine:  # the segment is all slang: "求链接" → "Link please"
                work.output = work.protected.text
        works.append(work)

    if use_memory:
        by_lang: dict[str, list[_Work]] = {}
        for work in works:
            by_lang.setdefault(work.lang, []).append(work)
        for lang, group in by_lang.items():
            found = memory.lookup([w.key for w in group], lang, base, engine.name, engine.model)
            for work in group:
                if work.key in found:
                    work.output, work.from_memory = found[work.key], True
    _run_engine(engine, [w for w in works if w.output is None], base)

    entries: list[memory.Entry] = []
    for work in works:
        piece = pieces[work.index]
        entry = memory.Entry(work.key, work.lang, base, engine.name, engine.model, work.protected.text, "")
        if not work.output:  # refused now, or by the checks earlier (an empty memory row)
            problems = work.problems or [memory.REFUSED]
            segments[work.index] = Segment(piece.text, piece.text, "failed", work.from_memory, problems)
            entries.append(entry)  # so a repeat costs no engine call either
            continue
        try:
            restored = restore(work.output, work.protected)
        except PlaceholderError as error:  # a memory row from an older protection scheme
            segments[work.index] = Segment(piece.text, piece.text, "failed", problems=[str(error)])
            continue
        if work.hints and not engine.glossary_in_prompt:
            restored = _sentence_start(restored, work.protected.prefix, base)
        outputs[work.index] = restored
        segments[work.index] = Segment(piece.text, restored, "translated", from_memory=work.from_memory)
        entries.append(replace(entry, translation=work.output))
    return TextResult(
        text=for_display(
            reassemble(outputs, {i for i, s in segments.items() if s.status == "translated"}, base),
            display,
        ),
        source_lang=source,
        target=display,
        engine=engine.name,
        model=engine.model,
        segments=[segments[i] for i in sorted(segments)],
        entries=entries,
    )


# --- translatable content ---------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """Something a reader can ask to translate, and the fields it consists of."""

    name: str
    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    lang_field: str

    @property
    def model_class(self):
        return apps.get_model(self.model)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("note", "notes.Note", ("title", "body"), "lang"),
        Kind("noteimage", "notes.NoteImage", ("alt_text",), ""),
        Kind("comment", "social.Comment", ("body",), "lang"),
        Kind("user", "accounts.User", ("bio",), "bio_lang"),
        Kind("board", "social.Board", ("name",), "name_lang"),
    )
}
#: Kinds a reader asks for (an image description comes with its note).
UNIT_KINDS = ("note", "comment", "user", "board")


def kind_of(obj) -> Kind:
    label = obj._meta.label
    for kind in KINDS.values():
        if kind.model == label:
            return kind
    raise ValueError(f"{label} is not translatable.")


def object_key(obj) -> str:
    """``"note:12"``: how pages and JSON name a translatable object."""
    return f"{kind_of(obj).name}:{obj.pk}"


def source_language(obj, field_name: str) -> str:
    """The language of ``obj``'s field: the stored one, else detected."""
    kind = kind_of(obj)
    if kind.name == "noteimage":
        return detect_language(getattr(obj, field_name)) or obj.note.lang
    return getattr(obj, kind.lang_field, "") or detect_language(getattr(obj, field_name))


def parts(obj) -> list[tuple[Any, str]]:
    """The (object, field) pairs a unit consists of: a note with its image descriptions."""
    kind = kind_of(obj)
    found = [(obj, name) for name in kind.fields]
    if kind.name == "note":
        found += [(image, "alt_text") for image in obj.images.all()]
    return found


def get_unit(kind: str, pk: Any, viewer) -> Any:
    """The object ``viewer`` may see, or Http404 (a user is named by handle when ``pk`` is a str)."""
    from qiao.notes.models import Note

    if kind not in UNIT_KINDS:
        raise Http404(_("Nothing to translate here."))
    model = KINDS[kind].model_class
    authenticated = viewer is not None and viewer.is_authenticated
    if kind == "note":
        qs = Note.objects.visible_to(viewer).prefetch_related("images")
    elif kind == "comment":
        qs = model.objects.filter(is_hidden=False, note__in=Note.objects.visible_to(viewer)).select_related("note")
    elif kind == "user":
        qs = model.objects.filter(is_active=True)
        if isinstance(pk, str):  # the API names people by handle
            return _first_or_404(qs.filter(handle=pk.lower().lstrip("@")))
    else:
        qs = model.objects.filter(Q(is_private=False) | Q(owner_id=viewer.pk if authenticated else None))
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("Nothing to translate here.")) from None
    return _first_or_404(qs.filter(pk=pk))


def _first_or_404(qs):
    obj = qs.first()
    if obj is None:
        raise Http404(_("Nothing to translate here."))
    return obj


@dataclass
class FieldTranslation:
    obj: Any
    field: str
    original: str
    text: str
    status: str  # done, partial, unavailable, same (already in the target language), empty
    source_lang: str = ""
    engine: str = ""
    model: str = ""

    @property
    def key(self) -> str:
        return object_key(self.obj)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "field": self.field, "text": self.text, "status": self.status}


@dataclass
class UnitTranslation:
    obj: Any
    target: str
    fields: list[FieldTranslation]

    @property
    def status(self) -> str:
        """"done" when any field reads in the target language now; "unavailable" when none could."""
        states = {f.status for f in self.fields}
        if ContentTranslation.Status.UNAVAILABLE in states and not states & {"done", "partial"}:
            return "unavailable"
        return "done"

    @property
    def source_lang(self) -> str:
        return next((f.source_lang for f in self.fields if f.source_lang), "")

    @property
    def engine(self) -> str:
        return next((f.engine for f in self.fields if f.engine), "")

    @property
    def model(self) -> str:
        return next((f.model for f in self.fields if f.model), "")

    def text(self, obj, field_name: str) -> str:
        for item in self.fields:
            if item.obj == obj and item.field == field_name:
                return item.text
        return getattr(obj, field_name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "target": self.target,
            "source_lang": self.source_lang,
            "engine": self.engine,
            "model": self.model,
            "items": [f.as_dict() for f in self.fields],
        }


def _retry_cutoff():
    return timezone.now() - timedelta(seconds=settings.QIAO_TRANSLATION_RETRY_SECONDS)


def _stored(pairs: Sequence[tuple[Any, str]], target: str) -> dict[tuple[int, int, str], ContentTranslation]:
    """Fresh stored translations of ``pairs`` (matching the current text), by (content type, pk, field)."""
    wanted: dict[tuple[int, int, str], str] = {}
    query = Q(pk__in=[])
    for obj, name in pairs:
        content_type = ContentType.objects.get_for_model(obj)
        wanted[(content_type.pk, obj.pk, name)] = memory.text_hash(getattr(obj, name))
        query |= Q(content_type=content_type, object_id=obj.pk, field=name)
    found: dict[tuple[int, int, str], ContentTranslation] = {}
    rows = ContentTranslation.objects.filter(query, target_lang=target).order_by("created_at", "pk")
    cutoff = _retry_cutoff()
    for row in rows:
        key = (row.content_type_id, row.object_id, row.field)
        if wanted.get(key) != row.source_hash:
            continue
        if row.status == ContentTranslation.Status.UNAVAILABLE and row.created_at < cutoff:
            continue  # refused a while ago: the engine may do better now
        found[key] = row  # the newest wins
    return found


def _field_from_row(obj, name: str, row: ContentTranslation) -> FieldTranslation:
    original = getattr(obj, name)
    text = row.text if row.status != ContentTranslation.Status.UNAVAILABLE else original
    return FieldTranslation(obj, name, original, text, row.status, row.source_lang, row.engine, row.model)


def _trivial(obj, name: str, base: str, display: str) -> FieldTranslation | None:
    """Fields that need no engine: empty ones, and ones already in the target language."""
    original = getattr(obj, name) or ""
    if not original.strip():
        return FieldTranslation(obj, name, original, original, "empty")
    lang = source_language(obj, name)
    if lang == base and base == "zh" and display == "zh-Hant":
        return FieldTranslation(obj, name, original, to_traditional(original), "done", lang, "opencc", "s2t")
    if lang == base and not _has_foreign_part(original, lang, base):
        return FieldTranslation(obj, name, original, original, "same", lang)
    return None


def _has_foreign_part(text: str, lang: str, base: str) -> bool:
    """True when a text in the target language still holds a sentence in another one."""
    return any(p.translatable and piece_language(p.text, lang) not in (base, "") for p in split(text))


def stored_unit(obj, target: str) -> UnitTranslation | None:
    """The unit's translation if every field is stored (or needs none); never calls an engine."""
    base, display = parse_target(target)
    pairs = parts(obj)
    trivial = {index: _trivial(part, name, base, display) for index, (part, name) in enumerate(pairs)}
    pending = [pair for index, pair in enumerate(pairs) if trivial[index] is None]
    stored = _stored(pending, display) if pending else {}
    fields: list[FieldTranslation] = []
    for index, (part, name) in enumerate(pairs):
        if trivial[index] is not None:
            fields.append(trivial[index])
            continue
        row = stored.get((ContentType.objects.get_for_model(part).pk, part.pk, name))
        if row is None:
            return None
        fields.append(_field_from_row(part, name, row))
    return UnitTranslation(obj, display, fields)


class StaleText(Exception):
    """The object changed or was deleted while it was being translated."""


def _save_field(obj, name: str, display: str, original: str, result: TextResult) -> ContentTranslation | None:
    """Store one field's translation, unless the object changed or went meanwhile."""
    model = type(obj)
    with transaction.atomic():
        current = model.objects.select_for_update().filter(pk=obj.pk).values_list(name, flat=True).first()
        if current is None or current != original:
            return None
        memory.remember(result.entries, owner=obj)
        row, _created = ContentTranslation.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            field=name,
            target_lang=display,
            source_hash=memory.text_hash(original),
            engine=result.engine,
            model=result.model,
            defaults={
                "source_lang": result.source_lang,
                "text": result.text if result.status != ContentTranslation.Status.UNAVAILABLE else "",
                "status": result.status,
                "created_at": timezone.now(),
            },
        )
    return row


def translate_unit(obj, target: str, *, engine: TranslationEngine | None = None) -> UnitTranslation:
    """Translate every field of a unit that is not stored yet, and store the results.

    Raises :class:`EngineError` when the engine fails and :class:`StaleText`
    when the object was edited or deleted meanwhile.
    """
    base, display = parse_target(target)
    pairs = parts(obj)
    stored = _stored(pairs, display)
    fields: list[FieldTranslation] = []
    for part, name in pairs:
        trivial = _trivial(part, name, base, display)
        if trivial is not None:
            fields.append(trivial)
            continue
        row = stored.get((ContentType.objects.get_for_model(part).pk, part.pk, name))
        if row is None:
            original = getattr(part, name)
            result = translate_text(original, source_language(part, name), display, engine=engine)
            row = _save_field(part, name, display, original, result)
            if row is None:
                raise StaleText(f"{object_key(part)} changed while it was being translated.")
        fields.append(_field_from_row(part, name, row))
    return UnitTranslation(obj, display, fields)


# --- requests from readers -------------------------------------------------------------

PENDING_SECONDS = 90
FAILURE_SECONDS = 300


@dataclass
class Pending:
    status: str = "pending"


@dataclass
class Unavailable:
    detail: str
    status: str = "unavailable"


def _state_key(prefix: str, obj, display: str) -> str:
    return f"translation:{prefix}:{object_key(obj)}:{display}"


def mark_failed(obj, target: str, detail: str) -> None:
    """Remember for a few minutes that the engine failed, so polling pages stop waiting."""
    _base, display = parse_target(target)
    cache.set(_state_key("failed", obj, display), detail, FAILURE_SECONDS)
    cache.delete(_state_key("pending", obj, display))


def clear_pending(obj, target: str) -> None:
    _base, display = parse_target(target)
    cache.delete(_state_key("pending", obj, display))


def _quota_key(actor, ip: str) -> str:
    return f"user:{actor.pk}" if actor is not None and actor.is_authenticated else f"ip:{ip}"


def request_translation(
    obj, target: str, actor, *, ip: str = "", interactive: bool = True
) -> UnitTranslation | Pending | Unavailable:
    """What a reader's "Translate" gets: the stored translation, or a queued task (``Pending``).

    Only work for the engine counts against the quotas (stored translations and
    asking again while a task is pending are free); over quota raises
    RateLimited. ``QIAO_TRANSLATE_INLINE`` translates inside the request
    instead (small installs and tests); engine failures then answer ``Unavailable``.
    """
    _base, display = parse_target(target)
    ready = stored_unit(obj, display)
    if ready is not None:
        return ready
    if settings.QIAO_TRANSLATE_INLINE:
        _charge(actor, ip)
        try:
            return translate_unit(obj, display)
        except (EngineError, StaleText) as error:
            logger.warning("Translation of %s failed: %s", object_key(obj), error)
            return Unavailable(str(error))
    pending_key = _state_key("pending", obj, display)
    if not cache.add(pending_key, timezone.now().isoformat(), PENDING_SECONDS):
        return Pending()  # already queued
    try:
        _charge(actor, ip)
    except ratelimit.RateLimited:
        cache.delete(pending_key)
        raise
    cache.delete(_state_key("failed", obj, display))
    from .tasks import enqueue_translation

    try:
        enqueue_translation(obj, display, interactive=interactive)
    except Exception as error:  # a queue that is down must not become a 500
        logger.exception("Could not queue the translation of %s", object_key(obj))
        cache.delete(pending_key)
        return Unavailable(str(error))
    return Pending()


def _charge(actor, ip: str) -> None:
    """Count one translation against the reader's and the site's quotas."""
    ratelimit.check("translation_user", _quota_key(actor, ip))
    ratelimit.check("translation_global", "all")


def translation_status(obj, target: str) -> UnitTranslation | Pending | Unavailable:
    """Where a requested translation stands; what the page polls."""
    _base, display = parse_target(target)
    ready = stored_unit(obj, display)
    if ready is not None:
        return ready
    failure = cache.get(_state_key("failed", obj, display))
    if failure is not None:
        return Unavailable(failure)
    if cache.get(_state_key("pending", obj, display)) is not None:
        return Pending()
    return Unavailable(_("The translation was not finished in time."))


def pretranslation_targets(obj) -> list[str]:
    """The platform's reader languages a unit should be translated into ahead of time."""
    langs = {source_language(part, name) for part, name in parts(obj) if (getattr(part, name) or "").strip()}
    return [lang for lang in content_languages() if langs - {lang, ""}]


# --- readers ------------------------------------------------------------------------------


def reader_target(user, interface_language: str = "") -> str:
    """The language ``user`` reads translations in: their first read language, else the interface's."""
    langs = list(getattr(user, "read_languages", None) or []) if user is not None and user.is_authenticated else []
    for lang in langs:
        try:
            return parse_target(lang)[1]
        except ValidationError:
            continue
    code = (interface_language or settings.LANGUAGE_CODE).lower()
    try:
        return parse_target(code)[1]
    except ValidationError:
        return content_languages()[0]


def reads(user, lang: str, interface_language: str = "") -> bool:
    """True when ``user`` reads ``lang`` (unknown languages count as read: nothing to offer)."""
    if not lang:
        return True
    if user is not None and user.is_authenticated and user.read_languages:
        return lang in user.read_languages
    return reader_target(user, interface_language).split("-")[0] == lang


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{4,}")


def needs_translation(obj, field_name: str, user, interface_language: str = "") -> bool:
    """Whether a reader should be offered a translation of ``obj``'s field.

    True when the text's language is not one the reader reads, or when a text
    in a language they read holds a Chinese passage they cannot (mixed notes).
    """
    text = getattr(obj, field_name) or ""
    if not text.strip():
        return False
    if not reads(user, source_language(obj, field_name), interface_language):
        return True
    return not reads(user, "zh", interface_language) and bool(_HAN_RUN.search(text))


def stored_fields(obj, target: str) -> dict[str, FieldTranslation]:
    """Stored translations of ``obj``'s own fields into ``target`` (no engine, one query), by field."""
    _base, display = parse_target(target)
    pairs = [(obj, name) for name in kind_of(obj).fields if (getattr(obj, name) or "").strip()]
    content_type = ContentType.objects.get_for_model(obj)
    rows = _stored(pairs, display) if pairs else {}
    found: dict[str, FieldTranslation] = {}
    for _obj, name in pairs:
        row = rows.get((content_type.pk, obj.pk, name))
        if row is not None:
            found[name] = _field_from_row(obj, name, row)
    return found


#: Fields looked up per query by :func:`stored_translations` (keeps each OR-ed condition list short).
STORED_BATCH = 500


def stored_translations(objects: Iterable[Any], target: str) -> dict[str, dict[str, FieldTranslation]]:
    """Stored translations of many objects' own fields into ``target``, by object key then field.

    What a page shows many of (a note's comments, a feed's cards) is looked up
    together: one query for up to :data:`STORED_BATCH` fields, never one per
    object. The same rules as :func:`stored_fields` (only translations of the
    current text count; no engine is called).
    """
    _base, display = parse_target(target)
    pairs = [
        (obj, name)
        for obj in {object_key(obj): obj for obj in objects}.values()
        for name in kind_of(obj).fields
        if (getattr(obj, name) or "").strip()
    ]
    found: dict[str, dict[str, FieldTranslation]] = {}
    for start in range(0, len(pairs), STORED_BATCH):
        batch = pairs[start : start + STORED_BATCH]
        rows = _stored(batch, display)
        for obj, name in batch:
            row = rows.get((ContentType.objects.get_for_model(obj).pk, obj.pk, name))
            if row is not None:
                found.setdefault(object_key(obj), {})[name] = _field_from_row(obj, name, row)
    return found
