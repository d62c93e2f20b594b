"""/api/v1: slang in notes and texts, the glossary, community proposals, learning aids."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from qiao.core import ratelimit
from qiao.core.api import OPTIONAL_AUTH, ApiError
from qiao.core.pagination import InvalidCursor, decode_cursor, encode_cursor

from . import learning, services
from .models import TermProposal

router = Router(tags=["slang"])

ReaderLang = Literal["en", "zh"]


def _reader(request, explicit: str | None = None) -> str:
    return explicit or services.reader_lang(request)


def _rate_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{ratelimit.client_ip(request)}"


# --- detection ---------------------------------------------------------------------------------


class DetectIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=services.MAX_TEXT)
    reader_lang: ReaderLang | None = None
    # The text's language, when known: picks the entry for forms both languages use.
    lang: Literal["", "en", "zh"] = ""


@router.get("/notes/{note_id}/slang", response={200: dict, 404: ApiError}, auth=OPTIONAL_AUTH)
def note_slang(request, note_id: int, reader_lang: ReaderLang | None = None):
    """Slang terms in a note (title, text, image descriptions), with offsets and explanations."""
    from qiao.notes.models import Note

    note = Note.objects.visible_to(request.user).filter(pk=note_id).first()
    if note is None:
        raise Http404(_("No such note."))
    return services.note_slang(note, _reader(request, reader_lang))


@router.post(
    "/slang/detect", response={200: dict, 400: ApiError, 429: ApiError}, auth=OPTIONAL_AUTH
)
def detect(request, data: DetectIn):
    """Slang terms in any text (at most 10,000 characters), explained for ``reader_lang``."""
    ratelimit.check("slang_detect", _rate_key(request))
    return services.text_slang(data.text, _reader(request, data.reader_lang), data.lang)


# --- the glossary ------------------------------------------------------------------------------


class TermFilters(Schema):
    q: str = Field("", max_length=100)
    lang: Literal["", "en", "zh"] = ""
    tag: str = ""
    # "register" would shadow a pydantic attribute; the parameter keeps its name.
    register_: Literal["", "neutral", "playful", "rude", "offensive"] = Field("", alias="register")
    reader_lang: ReaderLang | None = None
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


@router.get("/slang/terms", response={200: dict, 400: ApiError}, auth=OPTIONAL_AUTH)
def list_terms(request, filters: Query[TermFilters]):
    """Browse or search the live glossary, in either language (``q``: term, alias, pinyin, meaning)."""
    entries = services.search(
        filters.q, lang=filters.lang, tag=filters.tag, register=filters.register_
    )
    start = 0
    if filters.cursor:
        start = decode_cursor(filters.cursor, 1)[0]
        if not isinstance(start, int) or start < 0:
            raise InvalidCursor("invalid cursor")
    page = entries[start : start + filters.limit]
    reader = _reader(request, filters.reader_lang)
    following = start + filters.limit
    return {
        "items": [services.term_dict(entry, reader) for entry in page],
        "next_cursor": encode_cursor([following]) if following < len(entries) else None,
    }


@router.get(
    "/slang/terms/{term_id}",
    response={200: dict, 404: ApiError},
    auth=OPTIONAL_AUTH,
    url_name="slang_term",
)
def get_term(request, term_id: str, reader_lang: ReaderLang | None = None):
    """One term, with ``meaning`` in the reader's language."""
    return services.term_dict(services.get_entry(term_id), _reader(request, reader_lang))


# --- community ---------------------------------------------------------------------------------


class ProposalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    target_term_id: str = Field("", max_length=80)
    term: str = Field(max_length=60)
    lang: Literal["zh", "en"]
    aliases: list[str] = Field(default_factory=list, max_length=20)
    pinyin: str = Field("", max_length=200)
    expansion: str = Field("", max_length=200)
    literal: str = Field(max_length=300)
    meaning_en: str = Field(max_length=1000)
    meaning_zh: str = Field(max_length=1000)
    translation_en: str = Field(max_length=200)
    translation_zh: str = Field(max_length=200)
    register_: Literal["neutral", "playful", "rude", "offensive"] = Field(alias="register")
    example: str = Field(max_length=300)
    example_translation: str = Field(max_length=400)
    tags: list[str] = Field(default_factory=list, max_length=10)
    notes: str = Field("", max_length=1000)
    ambiguous: bool = False
    rationale: str = Field("", max_length=1000)


class ReviewIn(Schema):
    note: str = Field("", max_length=500)


class VoteIn(Schema):
    value: Literal[-1, 0, 1]


def proposal_dict(proposal: TermProposal, user) -> dict:
    data = proposal.entry_data()
    data.update(
        {
            "id": proposal.pk,
            "target_term_id": proposal.target_term_id,
            "rationale": proposal.rationale,
            "status": proposal.status,
            "is_hidden": proposal.is_hidden,
            "author": proposal.author.handle,
            "up_count": proposal.up_count,
            "down_count": proposal.down_count,
            "score": proposal.score,
            "my_vote": services.user_vote(user, proposal),
            "review_note": proposal.review_note,
            "created_at": proposal.created_at.isoformat(),
        }
    )
    return data


@router.get("/slang/proposals", response={200: dict, 400: ApiError}, auth=OPTIONAL_AUTH)
def list_proposals(
    request,
    status: Literal["pending", "approved", "rejected"] = "pending",
    cursor: str | None = None,
):
    """Proposals, newest first."""
    from qiao.core.pagination import paginate

    qs = services.proposals_visible_to(request.user).filter(status=status)
    page = paginate(qs, ("id",), cursor, 30)
    return {
        "items": [proposal_dict(p, request.user) for p in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/slang/proposals",
    response={201: dict, 400: ApiError, 403: ApiError, 404: ApiError, 429: ApiError},
)
def create_proposal(request, data: ProposalIn):
    """Propose a new term, or (``target_term_id``) a better version of an existing one."""
    fields = data.model_dump(by_alias=True)
    target, rationale = fields.pop("target_term_id"), fields.pop("rationale")
    proposal = services.propose(request.user, fields, target_term_id=target, rationale=rationale)
    return Status(201, proposal_dict(proposal, request.user))


@router.get(
    "/slang/proposals/{proposal_id}", response={200: dict, 404: ApiError}, auth=OPTIONAL_AUTH
)
def get_proposal(request, proposal_id: int):
    return proposal_dict(services.get_proposal(request.user, proposal_id), request.user)


@router.post(
    "/slang/proposals/{proposal_id}/vote",
    response={200: dict, 400: ApiError, 404: ApiError, 429: ApiError},
)
def vote(request, proposal_id: int, data: VoteIn):
    """Vote 1 (up) or -1 (down); 0 takes the vote back."""
    proposal = services.vote(
        request.user, services.get_proposal(request.user, proposal_id), data.value
    )
    return proposal_dict(proposal, request.user)


@router.post(
    "/slang/proposals/{proposal_id}/approve",
    response={200: dict, 400: ApiError, 403: ApiError, 404: ApiError},
)
def approve(request, proposal_id: int, data: ReviewIn):
    """Moderators: make the proposal live now."""
    row = services.approve(
        request.user, services.get_proposal(request.user, proposal_id), data.note
    )
    return services.term_dict(row.to_entry(), _reader(request))


@router.post(
    "/slang/proposals/{proposal_id}/reject",
    response={200: dict, 400: ApiError, 403: ApiError, 404: ApiError},
)
def reject(request, proposal_id: int, data: ReviewIn):
    """Moderators: turn the proposal down, with a note for its author."""
    proposal = services.reject(
        request.user, services.get_proposal(request.user, proposal_id), data.note
    )
    return proposal_dict(proposal, request.user)


# --- learning aids -----------------------------------------------------------------------------


class AnnotateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=services.MAX_TEXT)
    script: Literal["original", "simplified", "traditional"] = "original"
    glosses: bool = True


@router.post(
    "/learn/annotate", response={200: dict, 400: ApiError, 429: ApiError}, auth=OPTIONAL_AUTH
)
def annotate(request, data: AnnotateIn):
    """Words of a text with word-aware pinyin and CC-CEDICT glosses, in the chosen script."""
    ratelimit.check("learn_annotate", _rate_key(request))
    shown, words = learning.annotate(data.text, script=data.script, glosses=data.glosses)
    return {
        "text": shown,
        "script": data.script,
        "words": [
            {
                "text": w.text,
                "start": w.start,
                "end": w.end,
                "pinyin": w.pinyin,
                "glosses": w.glosses,
            }
            for w in words
        ],
    }


@router.get(
    "/learn/lookup",
    response={200: dict, 400: ApiError, 429: ApiError},
    auth=OPTIONAL_AUTH,
    url_name="learn_lookup",
)
def lookup(request, word: str):
    """CC-CEDICT entries for one word (what a tap on a word shows)."""
    word = word.strip()
    if not word or len(word) > learning.MAX_LOOKUP:
        raise ValidationError({"word": [_("Look up one word of at most 16 characters.")]})
    ratelimit.check("learn_annotate", _rate_key(request))
    pinyin = [syllable for w in learning.segment(word) for syllable in w.pinyin]
    return {"word": word, "pinyin": pinyin, "entries": [e.as_dict() for e in learning.lookup(word)]}


class PreferencesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    mark_slang: bool = True
    show_pinyin: bool = False
    script: Literal["original", "simplified", "traditional"] = "original"


@router.get("/learn/preferences", response={200: dict})
def get_preferences(request):
    prefs = services.get_preferences(request)
    return {
        "mark_slang": prefs.mark_slang,
        "show_pinyin": prefs.show_pinyin,
        "script": prefs.script,
    }


@router.put("/learn/preferences", response={200: dict, 400: ApiError})
def put_preferences(request, data: PreferencesIn):
    prefs = services.save_preferences(request, **data.model_dump())
    return {
        "mark_slang": prefs.mark_slang,
        "show_pinyin": prefs.show_pinyin,
        "script": prefs.script,
    }
