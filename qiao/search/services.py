"""Search: notes, people, topics and glossary terms, for the search page and the API alike.

Notes are found three ways and the ranked lists merged by reciprocal rank
fusion (:mod:`.fusion`):

1. keyword search of the query as typed (Traditional Chinese searched as
   Simplified too, pinyin matching the pinyin of titles and topics);
2. per other language, keyword search of the query's translation, when one is
   cached (:mod:`.translate`), OR-ed with the dictionary rendering of a short
   query (:mod:`.dictionary`: "hotpot" → 火锅, "huoguo" → 火锅, 火锅 → hotpot);
3. semantic search: the query's multilingual embedding against the notes'
   embeddings through the ANN index (:mod:`.vectors`), hits kept only when
   similar enough.

Every list is drawn from, or checked against, ``Note.objects.visible_to(viewer)``
with the filters applied, so nothing the viewer may not see ever reaches a
result. Pages are cut from the merged list by offset (an opaque cursor).
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from qiao.core.languages import content_languages, detect_language
from qiao.core.pagination import InvalidCursor, decode_cursor, encode_cursor
from qiao.core.text import normalize_hashtag
from qiao.notes.models import Hashtag, Note

from . import dictionary, highlight, keyword
from . import text as T
from .embeddings import EmbedderError, get_embedder
from .fusion import reciprocal_rank_fusion
from .translate import (
    notes_with_stored_translations,
    pending_translation,
    stored_note_translation,
    translate_query,
)
from .vectors import vector_index

logger = logging.getLogger(__name__)

TYPES = ("notes", "users", "hashtags", "terms")
SORTS = ("relevance", "newest", "likes")
SINCE_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
#: Results reachable by paging; a search is not a way to list every note.
MAX_RESULTS = 1000
KEYWORD_CANDIDATES = 300
SEMANTIC_CANDIDATES = 100
TITLE_CHARS = 120
SNIPPET_CHARS = 160


# --- parameters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchParams:
    q: str
    type: str = "notes"
    lang: str = ""
    since: str = ""
    since_at: datetime | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = PAGE_SIZE


def parse_params(
    *,
    q: str | None,
    type: str | None = "notes",
    lang: str | None = "",
    since: str | None = "",
    sort: str | None = "relevance",
    cursor: str | None = None,
    limit: int | None = PAGE_SIZE,
) -> SearchParams:
    """Check the search parameters; one ValidationError names every bad one."""
    errors: dict[str, list[str]] = {}
    query = T.normalise_query(q or "")
    if not query:
        errors["q"] = [_("Type something to search for.")]
    kind = type or "notes"
    if kind not in TYPES:
        errors["type"] = [_("Search notes, users, hashtags or terms.")]
    language = (lang or "").strip().lower()
    if language and language not in content_languages():
        errors["lang"] = [
            _("Choose one of these languages: %(langs)s.")
            % {"langs": ", ".join(content_languages())}
        ]
    since_at = None
    since = (since or "").strip().lower()
    if since in SINCE_DAYS:
        since_at = timezone.now() - timedelta(days=SINCE_DAYS[since])
    elif since:
        day = None
        try:
            day = parse_date(since)
        except ValueError:
            pass
        if day is None:
            errors["since"] = [_("Use day, week, month, year or a date such as 2025-01-31.")]
        else:
            since_at = datetime(
                day.year, day.month, day.day, tzinfo=timezone.get_current_timezone()
            )
    order = sort or "relevance"
    if order not in SORTS:
        errors["sort"] = [_("Sort by relevance, newest or likes.")]
    offset = 0
    if cursor:
        try:
            (offset,) = decode_cursor(cursor, 1)
            if not isinstance(offset, int) or not 0 <= offset <= MAX_RESULTS:
                raise InvalidCursor
        except InvalidCursor:
            errors["cursor"] = [
                _("This link to a further page is not valid. Start again from the first page.")
            ]
            offset = 0
    size = PAGE_SIZE if limit is None else limit
    if not 1 <= size <= MAX_PAGE_SIZE:
        errors["limit"] = [_("Ask for 1 to %(n)d results at a time.") % {"n": MAX_PAGE_SIZE}]
    if errors:
        raise ValidationError(errors)
    return SearchParams(query, kind, language, since, since_at, order, offset, size)


# --- results ------------------------------------------------------------------------------------


@dataclass
class NoteHit:
    note: Note
    score: float
    sources: list[str]
    title_html: SafeString
    snippet_html: SafeString
    translated_to: str = ""
    translated_title_html: SafeString | None = None
    translated_snippet_html: SafeString | None = None


@dataclass
class UserHit:
    user: Any


@dataclass
class HashtagHit:
    hashtag: Hashtag


@dataclass
class TermHit:
    entry: Any
    meaning: str
    url: str = ""


@dataclass
class SearchResults:
    params: SearchParams
    query_lang: str = ""
    translations: dict[str, str] = field(default_factory=dict)
    # Dictionary renderings of a short query, per language ("火锅" for "hotpot").
    expansions: dict[str, str] = field(default_factory=dict)
    translation_pending: bool = False
    items: list = field(default_factory=list)
    next_cursor: str | None = None


def _page(items: list, params: SearchParams) -> tuple[list, str | None]:
    window = items[params.offset : params.offset + params.limit]
    end = params.offset + params.limit
    next_cursor = encode_cursor([end]) if len(items) > end and end < MAX_RESULTS else None
    return window, next_cursor


def search(
    viewer, params: SearchParams, *, rate_key: str = "", interface_language: str = ""
) -> SearchResults:
    """One page of results of ``params.type`` for ``viewer``."""
    if params.type == "users":
        return _with_page(params, search_users(params.q, limit=params.offset + params.limit + 1))
    if params.type == "hashtags":
        return _with_page(
            params, search_hashtags(viewer, params.q, limit=params.offset + params.limit + 1)
        )
    if params.type == "terms":
        return _with_page(
            params, search_terms(params.q, interface_language or settings.LANGUAGE_CODE)
        )
    return search_notes(viewer, params, rate_key=rate_key, interface_language=interface_language)


def _with_page(params: SearchParams, items: list) -> SearchResults:
    window, next_cursor = _page(items, params)
    return SearchResults(params, items=window, next_cursor=next_cursor)


# --- notes ---------------------------------------------------------------------------------------


def query_language(parsed: T.ParsedQuery) -> str:
    """The query's language; Chinese for Han text whatever the script, "" when it cannot tell."""
    if T.has_han(parsed.simplified) and "zh" in content_languages():
        return "zh"
    return detect_language(parsed.simplified)


def visible_notes(viewer, params: SearchParams) -> QuerySet[Note]:
    """The notes ``viewer`` may see, narrowed by the language and time filters.

    Notes of deactivated (banned) accounts are left out too, as their profiles are.
    """
    notes = Note.objects.visible_to(viewer).filter(author__is_active=True)
    if params.lang:
        notes = notes.filter(lang=params.lang)
    if params.since_at:
        notes = notes.filter(created_at__gte=params.since_at)
    return notes


def keyword_candidates(
    queries: T.ParsedQuery | list[T.ParsedQuery],
    notes: QuerySet[Note],
    order: keyword.Order,
    limit: int = KEYWORD_CANDIDATES,
    *,
    strict: list[T.ParsedQuery] | None = None,
) -> list[int]:
    """Note ids matching every term of any query; few such? Then notes matching some terms too.

    ``strict`` queries are OR-ed in but never relaxed: a word-by-word dictionary
    rendering matching only some of its words says little, and a common word
    alone (好, 知道) would match a good part of the site.
    """
    queries = [queries] if isinstance(queries, T.ParsedQuery) else list(queries)
    strict = strict or []
    hits = [
        pk for pk, _ in keyword.keyword_search([*queries, *strict], notes, order=order, limit=limit)
    ]
    if len(hits) < 10 and any(len(q.terms) > 1 for q in queries):
        seen = set(hits)
        relaxed = keyword.keyword_search(queries, notes, order=order, limit=limit, any_term=True)
        hits += [pk for pk, _ in relaxed if pk not in seen]
    return hits


_query_vectors: OrderedDict[tuple[str, str], Any] = OrderedDict()
_QUERY_VECTOR_CACHE = 256


def query_vector(text: str):
    """The query's embedding (a per-process cache keeps paging and repeated queries cheap)."""
    embedder = get_embedder()
    key = (embedder.model_id, text)
    if key in _query_vectors:
        _query_vectors.move_to_end(key)
        return embedder, _query_vectors[key]
    vector = embedder.query(text)
    _query_vectors[key] = vector
    if len(_query_vectors) > _QUERY_VECTOR_CACHE:
        _query_vectors.popitem(last=False)
    return embedder, vector


def semantic_candidates(
    text: str, notes: QuerySet[Note], k: int = SEMANTIC_CANDIDATES
) -> list[tuple[int, float]]:
    """Visible notes whose embedding is close to the query's: (id, similarity), most similar first.

    A hit counts when its similarity is at least QIAO_SEARCH_SEMANTIC_MIN_SCORE
    and within QIAO_SEARCH_SEMANTIC_MARGIN of the best hit *in the same note
    language*: multilingual models score same-language pairs higher, so one
    margin for all would drop every cross-language match whenever a note in
    the query's language is close. An unrelated query finds nothing.
    """
    if not settings.QIAO_SEARCH_SEMANTIC_ENABLED:
        return []
    try:
        embedder, vector = query_vector(text)
        hits = vector_index(embedder.model_id, embedder.dim).search(vector, k)
    except EmbedderError:
        logger.warning("Semantic search unavailable", exc_info=True)
        return []
    # Visible hits only, before any threshold: what the viewer may not see must not shape the cut.
    langs = dict(notes.filter(pk__in=[pk for pk, _ in hits]).values_list("pk", "lang"))
    hits = [(pk, score) for pk, score in hits if pk in langs]
    best: dict[str, float] = {}
    for pk, score in hits:
        best.setdefault(langs[pk], score)
    margin = settings.QIAO_SEARCH_SEMANTIC_MARGIN
    minimum = settings.QIAO_SEARCH_SEMANTIC_MIN_SCORE
    return [(pk, score) for pk, score in hits if score >= max(minimum, best[langs[pk]] - margin)]


def _sort(ids: list[int], notes: QuerySet[Note], sort: str) -> list[int]:
    if sort == "relevance" or not ids:
        return ids
    field_name = "created_at" if sort == "newest" else "like_count"
    values = dict(notes.filter(pk__in=ids).values_list("pk", field_name))
    present = [pk for pk in ids if pk in values]
    return sorted(present, key=lambda pk: (values[pk], pk), reverse=True)


def search_notes(
    viewer, params: SearchParams, *, rate_key: str = "", interface_language: str = ""
) -> SearchResults:
    parsed = T.parse_query(params.q)
    results = SearchResults(params, query_lang=query_language(parsed))
    notes = visible_notes(viewer, params)
    order: keyword.Order = {"relevance": "rank", "newest": "newest", "likes": "likes"}[params.sort]

    lists: dict[str, list[int]] = {"keyword": keyword_candidates(parsed, notes, order)}
    # One list per other language: the query's translation OR-ed with its dictionary rendering,
    # so a note found by both counts once and the typed-language list is not outvoted.
    expansions = {e.lang: e for e in dictionary.expand(params.q)}
    other_queries = []
    for target in content_languages():
        queries, name = [], f"dictionary:{target}"
        if results.query_lang and target != results.query_lang:
            translation = translate_query(params.q, results.query_lang, target, rate_key=rate_key)
            if translation:
                results.translations[target] = translation
                queries.append(T.parse_query(translation))
                name = f"translated:{target}"
            elif pending_translation(params.q, results.query_lang, target):
                results.translation_pending = True
        strict = []
        if target in expansions:
            results.expansions[target] = expansions[target].shown
            strict.append(expansions[target].query)
        if queries or strict:
            other_queries += queries + strict
            lists[name] = keyword_candidates(queries, notes, order, strict=strict)
    semantic = semantic_candidates(params.q, notes)
    lists["semantic"] = [pk for pk, _ in semantic]

    fused = reciprocal_rank_fusion(lists)
    sources = {pk: sorted(s) for pk, _, s in fused}
    scores = {pk: score for pk, score, _ in fused}
    ids = _sort([pk for pk, _, _ in fused], notes, params.sort)[:MAX_RESULTS]
    window, results.next_cursor = _page(ids, params)
    results.items = _note_hits(
        viewer, window, scores, sources, [parsed, *other_queries], interface_language
    )
    return results


def _note_hits(viewer, ids, scores, sources, queries, interface_language) -> list[NoteHit]:
    from qiao.feeds.services import decorate, with_cards

    by_id = {note.pk: note for note in with_cards(Note.objects.filter(pk__in=ids))}
    notes = decorate([by_id[pk] for pk in ids if pk in by_id], viewer)
    marked = keyword.snippets(queries, [n.pk for n in notes])
    words = [w for q in queries for w in q.highlight_words]
    reader = _reader_target(viewer, interface_language)
    foreign = [n.pk for n in notes if reader and n.lang and n.lang != reader.split("-")[0]]
    translated_ids = notes_with_stored_translations(foreign, reader)
    hits = []
    for note in notes:
        title, body = marked.get(note.pk, ("", ""))
        hit = NoteHit(
            note=note,
            score=round(scores.get(note.pk, 0.0), 6),
            sources=sources.get(note.pk, []),
            title_html=highlight.render_marked(title)
            if title
            else highlight.plain(note.title, TITLE_CHARS),
            snippet_html=highlight.render_marked(body)
            if body
            else highlight.plain(note.body, SNIPPET_CHARS),
        )
        if note.pk in translated_ids:
            translated = stored_note_translation(note, reader)
            if translated:
                hit.translated_to = reader
                hit.translated_title_html = highlight.highlight_words(
                    translated[0], words, TITLE_CHARS
                )
                hit.translated_snippet_html = highlight.highlight_words(
                    translated[1], words, SNIPPET_CHARS
                )
        hits.append(hit)
    return hits


def _reader_target(viewer, interface_language: str) -> str:
    try:
        from qiao.translation.services import reader_target
    except ImportError:
        return ""
    try:
        return reader_target(viewer, interface_language)
    except Exception:
        logger.exception("Could not tell the reader's language")
        return ""


# --- people, topics, terms ----------------------------------------------------------------------------


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text.lower())


def search_users(q: str, *, limit: int = MAX_RESULTS) -> list[UserHit]:
    """Active people by handle, display name (either Chinese script) or its pinyin; best match first."""
    text = T.normalise_query(q).lower().lstrip("@＠").strip()
    if not text:
        return []
    compact = _compact(text)
    names = {text, T.to_simplified(text), T.to_traditional(text)}
    match = Q(handle__icontains=compact) | Q(search_entry__pinyin__icontains=compact)
    for name in names:
        match |= Q(display_name__icontains=name)
    User = get_user_model()
    qs = (
        User.objects.filter(is_active=True)
        .filter(match)
        .annotate(
            closeness=Case(
                When(handle=compact, then=Value(0)),
                When(display_name__in=list(names), then=Value(0)),
                When(handle__startswith=compact, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("closeness", "-follower_count", "-id")
    )
    return [UserHit(user) for user in qs[: min(limit, MAX_RESULTS)]]


def search_hashtags(viewer, q: str, *, limit: int = MAX_RESULTS) -> list[HashtagHit]:
    """Topics by name (either Chinese script) or pinyin, used on a note ``viewer`` may see."""
    name = normalize_hashtag(T.normalise_query(q))
    if not name:
        return []
    compact = _compact(name)
    names = {name, T.to_simplified(name), T.to_traditional(name)}
    match = Q(search_entry__pinyin__icontains=compact)
    for variant in names:
        match |= Q(name__icontains=variant)
    visible = Note.objects.visible_to(viewer).filter(hashtags=OuterRef("pk"))
    qs = (
        Hashtag.objects.filter(match)
        .filter(Exists(visible))
        .annotate(
            closeness=Case(
                When(name__in=list(names), then=Value(0)),
                When(search_entry__pinyin=compact, then=Value(0)),
                When(name__startswith=name, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("closeness", "-note_count", "name")
    )
    return [HashtagHit(tag) for tag in qs[: min(limit, MAX_RESULTS)]]


def _glossary() -> list:
    """The slang glossary's entries, or none when the slang app is not there (or its data is broken)."""
    try:
        from qiao.slang.glossary import load_glossary
    except ImportError:
        return []
    try:
        return load_glossary()
    except Exception:
        logger.exception("Could not load the slang glossary for search")
        return []


def _term_url(entry) -> str:
    for name in ("slang:term", "slang:detail"):
        try:
            return reverse(name, args=[entry.id])
        except NoReverseMatch:
            continue
    return ""


def search_terms(q: str, interface_language: str = "en") -> list[TermHit]:
    """Glossary terms whose forms, pinyin, meaning or translation contain the query; exact forms first."""
    entries = _glossary()
    if not entries:
        return []
    from qiao.slang.glossary import normalise

    text = normalise(T.normalise_query(q))
    if not text:
        return []
    variants = {text, normalise(T.to_simplified(text)), normalise(T.to_traditional(text))}
    compact = _compact(text)
    reader = "zh" if interface_language.lower().startswith("zh") else "en"
    ranked = []
    for position, entry in enumerate(entries):
        forms = [normalise(f) for f in entry.forms]
        pinyin = _compact(normalise(getattr(entry, "pinyin", "") or ""))
        described = " ".join(
            normalise(getattr(entry, name, "") or "")
            for name in (
                "meaning_en",
                "meaning_zh",
                "translation_en",
                "translation_zh",
                "expansion",
            )
        )
        if variants & set(forms):
            rank = 0
        elif any(f.startswith(v) for f in forms for v in variants):
            rank = 1
        elif any(v in f for f in forms for v in variants) or (
            pinyin and compact and compact in pinyin
        ):
            rank = 2
        elif any(v in described for v in variants):
            rank = 3
        else:
            continue
        ranked.append((rank, position, entry))
    ranked.sort(key=lambda item: item[:2])
    return [
        TermHit(entry, entry.meaning(reader), _term_url(entry))
        for _, _, entry in ranked[:MAX_RESULTS]
    ]
