"""/api/v1/search: notes, users, hashtags or glossary terms matching a query in any language."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Query, Router, Schema

from qiao.core import ratelimit
from qiao.core.api import OPTIONAL_AUTH, ApiError
from qiao.notes.schemas import NoteOut, note_to_dict

from . import services
from .views import rate_key

router = Router(tags=["search"])


class SearchNoteOut(NoteOut):
    liked_by_me: bool


class UserHitOut(Schema):
    handle: str
    display_name: str
    avatar: str | None
    bio: str
    follower_count: int
    note_count: int
    url: str


class HashtagHitOut(Schema):
    name: str
    note_count: int
    url: str


class TermHitOut(Schema):
    id: str
    term: str
    lang: str
    aliases: list[str]
    pinyin: str
    meaning: str
    url: str


class SearchHitOut(Schema):
    type: Literal["note", "user", "hashtag", "term"]
    score: float | None = None
    # Which lists found a note: "keyword", "translated:<lang>" (the query's translation, with
    # its dictionary rendering), "dictionary:<lang>" (the rendering alone), "semantic".
    sources: list[str] = Field(default_factory=list)
    # Escaped HTML with matches in <mark>: safe to insert as HTML.
    title_html: str | None = None
    snippet_html: str | None = None
    translated_to: str | None = None
    translated_title_html: str | None = None
    translated_snippet_html: str | None = None
    note: SearchNoteOut | None = None
    user: UserHitOut | None = None
    hashtag: HashtagHitOut | None = None
    term: TermHitOut | None = None


class QueryOut(Schema):
    text: str
    lang: str
    translations: dict[str, str]
    # Short queries looked up in the dictionary: language → the words searched ("火锅").
    expansions: dict[str, str]
    translation_pending: bool


class SearchOut(Schema):
    query: QueryOut
    items: list[SearchHitOut]
    next_cursor: str | None


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url else ""


def _hit(request, item) -> dict:
    from django.urls import reverse

    if isinstance(item, services.NoteHit):
        return {
            "type": "note",
            "score": item.score,
            "sources": item.sources,
            "title_html": str(item.title_html),
            "snippet_html": str(item.snippet_html),
            "translated_to": item.translated_to or None,
            "translated_title_html": str(item.translated_title_html)
            if item.translated_title_html
            else None,
            "translated_snippet_html": str(item.translated_snippet_html)
            if item.translated_snippet_html
            else None,
            "note": {**note_to_dict(item.note, request), "liked_by_me": item.note.liked_by_me},
        }
    if isinstance(item, services.UserHit):
        person = item.user
        return {
            "type": "user",
            "user": {
                "handle": person.handle,
                "display_name": person.name,
                "avatar": request.build_absolute_uri(person.avatar.url) if person.avatar else None,
                "bio": person.bio,
                "follower_count": person.follower_count,
                "note_count": person.note_count,
                "url": _absolute(request, reverse("feeds:profile", args=[person.handle])),
            },
        }
    if isinstance(item, services.HashtagHit):
        tag = item.hashtag
        return {
            "type": "hashtag",
            "hashtag": {
                "name": tag.name,
                "note_count": tag.note_count,
                "url": _absolute(request, reverse("feeds:hashtag", args=[tag.name])),
            },
        }
    entry = item.entry
    return {
        "type": "term",
        "term": {
            "id": entry.id,
            "term": entry.term,
            "lang": entry.lang,
            "aliases": list(entry.aliases),
            "pinyin": entry.pinyin,
            "meaning": item.meaning,
            "url": _absolute(request, item.url),
        },
    }


@router.get(
    "/search",
    auth=OPTIONAL_AUTH,
    response={200: SearchOut, 400: ApiError, 429: ApiError},
    summary="Search",
)
def search(
    request,
    q: str = "",
    type: Literal["notes", "users", "hashtags", "terms"] = "notes",
    lang: str = "",
    since: str = "",
    sort: Literal["relevance", "newest", "likes"] = "relevance",
    cursor: str | None = None,
    limit: int = Query(services.PAGE_SIZE, ge=1, le=services.MAX_PAGE_SIZE),
):
    """Search in any language: a query in English, Chinese (Simplified or Traditional) or pinyin
    finds notes in every language (keyword, translated-keyword and semantic matches, merged).

    ``since``: day, week, month, year or a date (YYYY-MM-DD). Only notes you may see are returned.
    """
    params = services.parse_params(
        q=q, type=type, lang=lang, since=since, sort=sort, cursor=cursor, limit=limit
    )
    ratelimit.check("search", rate_key(request))
    found = services.search(
        request.user,
        params,
        rate_key=rate_key(request),
        interface_language=getattr(request, "LANGUAGE_CODE", ""),
    )
    return {
        "query": {
            "text": params.q,
            "lang": found.query_lang,
            "translations": found.translations,
            "expansions": found.expansions,
            "translation_pending": found.translation_pending,
        },
        "items": [_hit(request, item) for item in found.items],
        "next_cursor": found.next_cursor,
    }
