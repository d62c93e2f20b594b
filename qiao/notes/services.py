"""Creating, editing and deleting notes; used by the web views and the API alike.

Every function validates all of its input first and raises one
``ValidationError`` naming each bad field (``title``, ``body``, ``location``,
``visibility``, ``lang``, ``images``, ``alt_texts``), ``PermissionDenied``
when the actor may not act, or ``Http404`` for a note that is gone. Photos
are checked and re-encoded before anything is written; the database work
then happens in one transaction, and photo files written for a transaction
that fails are removed again (files written inside a caller's own, larger
transaction that later rolls back are not: call these outside one). Photo files of deleted notes or removed photos
are deleted only once the deletion is committed.

Kept in step here: ``Hashtag.note_count``, ``User.note_count``, ``Note.rank``
on creation, and on deletion everything derived from the note that
``qiao.social`` counts (the author's ``like_received_count``, boards'
``item_count``). The note counters and ``like_received_count`` count shown
notes only: :func:`set_note_hidden` (moderation hides, holds and restores
through it) and :func:`delete_note` recount them from the rows with the
author locked, so hiding twice or deleting a hidden note never subtracts
twice. Likes, collects, comments and notifications go with the note
(database cascades). Listeners learn about changes through
``qiao.notes.signals``.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import ratelimit
from qiao.core.languages import content_languages, detect_language
from qiao.core.text import clean_text, extract_hashtags
from qiao.moderation.gate import screen_note

from .images import ProcessedImage, process_images
from .models import MAX_ALT_TEXT, MAX_BODY, MAX_LOCATION, MAX_TITLE, Hashtag, Note, NoteImage
from .signals import note_deleted, note_saved

logger = logging.getLogger(__name__)

ImageUpload = IO[bytes]
TEXT_FIELDS = ("title", "body", "location", "visibility", "lang")
EDITABLE_FIELDS = frozenset((*TEXT_FIELDS, "images", "alt_texts"))


def max_images() -> int:
    return settings.QIAO_MAX_IMAGES_PER_NOTE


# --- lookups --------------------------------------------------------------------------


def _with_page_data(qs):
    return qs.select_related("author").prefetch_related("images", "hashtags")


def get_visible_note(viewer, note_id: int) -> Note:
    """The note if ``viewer`` may see it (with author, images and hashtags loaded); else Http404."""
    note = _with_page_data(Note.objects.visible_to(viewer)).filter(pk=note_id).first()
    if note is None:
        raise Http404(_("Note not found."))
    return note


def get_own_note(user, note_id: int) -> Note:
    """``user``'s own note, even one hidden by moderation; anyone else's is Http404."""
    if user is None or not user.is_authenticated:
        raise Http404(_("Note not found."))
    note = _with_page_data(Note.objects.filter(author=user)).filter(pk=note_id).first()
    if note is None:
        raise Http404(_("Note not found."))
    return note


def get_note_for_action(user, note_id: int) -> Note:
    """A note ``user`` may at least know about: visible to them, their own, or any note for a moderator.

    Whether they may then change it is for update_note/delete_note to say (PermissionDenied).
    """
    qs = Note.objects.all()
    if not (user is not None and user.is_authenticated and user.is_moderator):
        own = Q(author_id=user.pk) if user is not None and user.is_authenticated else Q(pk__in=[])
        qs = qs.filter(Q(pk__in=Note.objects.visible_to(user).values("pk")) | own)
    note = _with_page_data(qs).filter(pk=note_id).first()
    if note is None:
        raise Http404(_("Note not found."))
    return note


def can_edit(note: Note, user) -> bool:
    return user is not None and user.is_authenticated and user.pk == note.author_id


def can_delete(note: Note, user) -> bool:
    return can_edit(note, user) or bool(
        user is not None and user.is_authenticated and user.is_moderator
    )


# --- validation -----------------------------------------------------------------------


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _clean_fields(raw: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, str]:
    """Clean the text and choice fields present in ``raw``; problems go into ``errors``."""
    cleaned: dict[str, str] = {}
    if "title" in raw:
        title = clean_text(raw["title"])
        if not title:
            _add(errors, "title", _("Give your note a title."))
        elif len(title) > MAX_TITLE:
            _add(
                errors,
                "title",
                _("The title can have at most %(n)d characters.") % {"n": MAX_TITLE},
            )
        cleaned["title"] = title
    if "body" in raw:
        body = clean_text(raw["body"], multiline=True)
        if len(body) > MAX_BODY:
            _add(errors, "body", _("The text can have at most %(n)d characters.") % {"n": MAX_BODY})
        cleaned["body"] = body
    if "location" in raw:
        location = clean_text(raw["location"])
        if len(location) > MAX_LOCATION:
            _add(
                errors,
                "location",
                _("The location can have at most %(n)d characters.") % {"n": MAX_LOCATION},
            )
        cleaned["location"] = location
    if "visibility" in raw:
        visibility = raw["visibility"]
        if visibility not in Note.Visibility.values:
            _add(errors, "visibility", _("Choose who can see this note."))
        cleaned["visibility"] = visibility
    if "lang" in raw:
        lang = (raw["lang"] or "").strip()
        if lang and lang not in content_languages():
            _add(errors, "lang", _("This language is not supported here."))
        cleaned["lang"] = lang
    return cleaned


def _clean_alt_texts(
    alt_texts: Sequence[str | None] | None, count: int, errors
) -> list[str | None]:
    """One alt text (or None: keep/none) per photo; fewer than the photos is fine."""
    alt_texts = list(alt_texts or [])
    if len(alt_texts) > count:
        _add(errors, "alt_texts", _("There are more image descriptions than photos."))
        return [None] * count
    cleaned: list[str | None] = []
    for text in alt_texts:
        if text is None:
            cleaned.append(None)
            continue
        text = clean_text(text)
        if len(text) > MAX_ALT_TEXT:
            _add(
                errors,
                "alt_texts",
                _("An image description can have at most %(n)d characters.") % {"n": MAX_ALT_TEXT},
            )
        cleaned.append(text)
    return cleaned + [None] * (count - len(cleaned))


def _check_image_count(count: int, errors) -> None:
    if count < 1:
        _add(errors, "images", _("Add at least one photo."))
    elif count > max_images():
        _add(errors, "images", _("A note can have at most %(n)d photos.") % {"n": max_images()})


def _process(uploads: list[ImageUpload]) -> list[ProcessedImage]:
    try:
        return process_images(uploads)
    except ValidationError as exc:
        raise ValidationError({"images": exc.messages}) from exc


def _note_lang(title: str, body: str, chosen: str) -> tuple[str, bool]:
    """(language, set_by_author): the author's choice, else what the text looks like."""
    if chosen:
        return chosen, True
    return detect_language(f"{title}\n{body}"), False


# --- files ----------------------------------------------------------------------------


def _storage():
    return NoteImage._meta.get_field("image").storage


def _delete_files(names: Iterable[str]) -> None:
    """Delete stored files and the note folders they leave empty; never raises."""
    storage = _storage()
    folders = set()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete note image %s", name, exc_info=True)
        folders.add(posixpath.dirname(name))
    for folder in folders:
        try:
            path = storage.path(folder)
        except NotImplementedError:
            continue  # object storage has no folders
        try:
            os.rmdir(path)
        except OSError:
            pass  # not empty, or already gone


def _delete_files_on_commit(names: list[str]) -> None:
    if names:
        transaction.on_commit(lambda: _delete_files(names))


def _store_image(
    note: Note, position: int, processed: ProcessedImage, alt_text: str, written: list[str]
) -> NoteImage:
    """Write one processed photo and its thumbnail, recording the file names in ``written``."""
    image = NoteImage(
        note=note,
        position=position,
        alt_text=alt_text,
        width=processed.width,
        height=processed.height,
    )
    image.image.save(processed.image.name, processed.image, save=False)
    written.append(image.image.name)
    image.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    written.append(image.thumbnail.name)
    image.width, image.height = processed.width, processed.height
    image.save()
    return image


# --- counters -------------------------------------------------------------------------


def _bump(model, pks: Iterable[int], delta: int, field: str) -> None:
    """Add ``delta`` to one counter of some rows in SQL (no lost updates), never below zero."""
    pks = list(pks)
    if not pks or not delta:
        return
    value = F(field) + delta if delta > 0 else Greatest(F(field) + delta, 0)
    model.objects.filter(pk__in=pks).update(**{field: value})


def _set_hashtags(note: Note, names: list[str]) -> bool:
    """Make ``note``'s hashtags exactly ``names``, keeping each tag's note_count.

    Returns True if they changed. A hidden note is not counted, so retagging
    it leaves the counts alone.
    """
    current = {tag.name: tag.pk for tag in note.hashtags.all()}
    wanted = list(dict.fromkeys(names))
    added = [name for name in wanted if name not in current]
    removed = [pk for name, pk in current.items() if name not in wanted]
    delta = 0 if note.is_hidden else 1
    if removed:
        note.hashtags.remove(*removed)
        _bump(Hashtag, removed, -delta, "note_count")
    if added:
        tags = [Hashtag.objects.get_or_create(name=name)[0] for name in added]
        note.hashtags.add(*tags)
        _bump(Hashtag, [tag.pk for tag in tags], delta, "note_count")
    return bool(added or removed)


def recount_for_notes(author_id: int, hashtag_ids: Iterable[int]) -> None:
    """Store the author's ``note_count`` and ``like_received_count`` and the hashtags'
    ``note_count`` as counted from the shown (not hidden) notes.

    Call inside a transaction. The rows are locked first (hashtags in id order,
    then the author: the order creating a note bumps them in), so a count is
    never overwritten by one taken before a concurrent change committed.
    """
    from qiao.social.models import Collect, Like

    User = get_user_model()
    tag_ids = sorted(set(hashtag_ids))
    if tag_ids:
        list(Hashtag.objects.select_for_update().filter(pk__in=tag_ids).order_by("pk").values("pk"))
        shown_with_tag = (
            Note.hashtags.through.objects.filter(hashtag_id=OuterRef("pk"), note__is_hidden=False)
            .values("hashtag_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Hashtag.objects.filter(pk__in=tag_ids).update(
            note_count=Coalesce(Subquery(shown_with_tag), 0)
        )
    if not list(User.objects.select_for_update().filter(pk=author_id).values_list("pk", flat=True)):
        return  # the account is gone (its notes with it)
    shown = Q(note__author_id=author_id, note__is_hidden=False)
    likes = Like.objects.filter(shown).count()
    # like_received_count counts each person who collected a note once, whatever the boards.
    collectors = Collect.objects.filter(shown).values("note_id", "user_id").distinct().count()
    User.objects.filter(pk=author_id).update(
        note_count=Note.objects.filter(author_id=author_id, is_hidden=False).count(),
        like_received_count=likes + collectors,
    )


def set_note_hidden(note: Note, hidden: bool) -> bool:
    """Hide or show ``note`` (moderation: hide, hold, a ban's take-down, restore).

    Keeps the counters that count shown notes only (the author's note_count
    and like_received_count, its hashtags' note_count) right by recounting
    them with the note locked, so it is idempotent. Returns True when the
    flag changed.
    """
    with transaction.atomic():
        locked = Note.objects.select_for_update().filter(pk=note.pk).first()
        if locked is None:
            raise Http404(_("Note not found."))
        changed = Note.objects.filter(pk=locked.pk).exclude(is_hidden=hidden).update(
            is_hidden=hidden
        )
        note.is_hidden = hidden
        recount_for_notes(locked.author_id, locked.hashtags.values_list("pk", flat=True))
    return bool(changed)


# --- create ---------------------------------------------------------------------------


def create_note(
    author,
    *,
    title: str,
    body: str = "",
    location: str = "",
    visibility: str = Note.Visibility.PUBLIC,
    images: Sequence[ImageUpload],
    alt_texts: Sequence[str | None] | None = None,
    lang: str | None = None,
) -> Note:
    """Publish a note with 1–9 photos; everything is checked before anything is written.

    ``lang`` (a code from QIAO_CONTENT_LANGUAGES) fixes the note's language;
    without it the language is detected from the title and text.
    """
    ratelimit.check("note_create", f"user:{author.pk}")
    errors: dict[str, list[str]] = {}
    fields = _clean_fields(
        {
            "title": title,
            "body": body,
            "location": location,
            "visibility": visibility,
            "lang": lang,
        },
        errors,
    )
    uploads = list(images or [])
    _check_image_count(len(uploads), errors)
    alts = _clean_alt_texts(alt_texts, len(uploads), errors)
    if errors:
        raise ValidationError(errors)
    processed = _process(uploads)

    note_lang, lang_set_by_author = _note_lang(fields["title"], fields["body"], fields["lang"])
    moderation = screen_note(author, fields, note_lang)  # suspension, limits, rules
    written: list[str] = []
    try:
        with transaction.atomic():
            note = Note(
                author=author,
                title=fields["title"],
                body=fields["body"],
                location=fields["location"],
                visibility=fields["visibility"],
                lang=note_lang,
                lang_set_by_author=lang_set_by_author,
                created_at=timezone.now(),
            )
            note.rank = note.compute_rank()
            note.save()
            for position, (item, alt) in enumerate(zip(processed, alts)):
                _store_image(note, position, item, alt or "", written)
            _set_hashtags(note, extract_hashtags(f"{note.title}\n{note.body}"))
            _bump(get_user_model(), [author.pk], 1, "note_count")
            moderation.apply(note)  # held: hidden and queued for review
            transaction.on_commit(
                lambda: note_saved.send(Note, note=note, created=True, changed=set(EDITABLE_FIELDS))
            )
    except BaseException:
        _delete_files(written)
        raise
    return note


# --- update ---------------------------------------------------------------------------


@dataclass
class _Slot:
    """One photo of the edited note, in its new position: an existing one or a new upload."""

    existing: NoteImage | None
    upload: ImageUpload | None
    alt_text: str | None  # None: keep the existing description (new photos: none)
    processed: ProcessedImage | None = None


def _plan_images(note: Note, images, alt_texts, errors) -> list[_Slot]:
    """Resolve the wanted photo list: NoteImage ids (or objects) of this note and new uploads."""
    current = {image.pk: image for image in note.images.all()}
    wanted = list(current.values()) if images is None else list(images)
    slots: list[_Slot] = []
    seen: set[int] = set()
    for item in wanted:
        if isinstance(item, NoteImage):
            item = item.pk
        if isinstance(item, bool):
            item = None  # bool is an int in Python; never an id
        if isinstance(item, int):
            if item not in current:
                _add(errors, "images", _("A photo in the list does not belong to this note."))
                continue
            if item in seen:
                _add(errors, "images", _("The same photo is in the list twice."))
                continue
            seen.add(item)
            slots.append(_Slot(current[item], None, None))
        elif hasattr(item, "read"):
            slots.append(_Slot(None, item, None))
        else:
            _add(errors, "images", _("Photos must be files or ids of this note's photos."))
    _check_image_count(len(slots), errors)
    for slot, alt in zip(slots, _clean_alt_texts(alt_texts, len(slots), errors)):
        slot.alt_text = alt
    return slots


def _apply_images(note: Note, slots: list[_Slot], written: list[str]) -> tuple[bool, list[str]]:
    """Store the new photo list; return (changed, names of files to delete after commit)."""
    current = {image.pk: image for image in NoteImage.objects.filter(note=note)}
    keep = {slot.existing.pk for slot in slots if slot.existing is not None}
    if not keep <= current.keys():
        raise ValidationError({"images": [_("The photos changed meanwhile. Please try again.")]})
    before = [(image.pk, image.alt_text) for image in current.values()]
    removed = [image for pk, image in current.items() if pk not in keep]
    NoteImage.objects.filter(pk__in=[image.pk for image in removed]).delete()
    for position, slot in enumerate(slots):
        if slot.existing is None:
            slot.existing = _store_image(
                note, position, slot.processed, slot.alt_text or "", written
            )
            continue
        image = current[slot.existing.pk]
        if slot.alt_text is not None:
            image.alt_text = slot.alt_text
        NoteImage.objects.filter(pk=image.pk).update(position=position, alt_text=image.alt_text)
        slot.existing = image
    after = [(slot.existing.pk, slot.existing.alt_text) for slot in slots]
    stale_files = [name for image in removed for name in (image.image.name, image.thumbnail.name)]
    return before != after, stale_files


def update_note(note: Note, editor, **fields: Any) -> Note:
    """Edit ``note`` (its author only) and return it with the changes.

    ``fields`` may hold title, body, location, visibility, lang (a code fixes
    the language; "" or None goes back to detection), images (the complete
    new photo list, in order: ids of this note's photos to keep and files to
    add) and alt_texts (one per photo in the new list; None keeps one).
    Without an explicit lang, a language the author chose stays; a detected
    one is detected again when the text changes.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_note() got unexpected fields: {', '.join(sorted(unknown))}")
    if not can_edit(note, editor):
        raise PermissionDenied(_("Only the author can edit this note."))
    errors: dict[str, list[str]] = {}
    cleaned = _clean_fields({k: fields[k] for k in TEXT_FIELDS if k in fields}, errors)
    slots = None
    if "images" in fields or "alt_texts" in fields:
        slots = _plan_images(note, fields.get("images"), fields.get("alt_texts"), errors)
    if errors:
        raise ValidationError(errors)
    moderation = screen_note(editor, cleaned, note=note)  # edited text is checked again
    if slots:
        new_slots = [slot for slot in slots if slot.upload is not None]
        for slot, processed in zip(new_slots, _process([slot.upload for slot in new_slots])):
            slot.processed = processed

    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Note.objects.select_for_update().filter(pk=note.pk).first()
            if locked is None:
                raise Http404(_("Note not found."))
            changed = _apply_fields(locked, cleaned, lang_given="lang" in fields)
            if slots is not None:
                images_changed, stale_files = _apply_images(locked, slots, written)
                if images_changed:
                    changed.add("images")
                _delete_files_on_commit(stale_files)
            retagged = {"title", "body"} & changed and _set_hashtags(
                locked, extract_hashtags(f"{locked.title}\n{locked.body}")
            )
            if retagged:
                changed.add("hashtags")
            if changed:
                locked.edited_at = timezone.now()
                locked.save()
                moderation.apply(locked)
                transaction.on_commit(
                    lambda: note_saved.send(Note, note=locked, created=False, changed=changed)
                )
    except BaseException:
        _delete_files(written)
        raise
    return get_own_note(editor, locked.pk)


def _apply_fields(note: Note, cleaned: dict[str, str], *, lang_given: bool) -> set[str]:
    """Set the cleaned fields on ``note`` (not saved); return the names of those that changed."""
    changed = set()
    for field in ("title", "body", "location", "visibility"):
        if field in cleaned and getattr(note, field) != cleaned[field]:
            setattr(note, field, cleaned[field])
            changed.add(field)
    old_lang = (note.lang, note.lang_set_by_author)
    if lang_given and cleaned["lang"]:
        note.lang, note.lang_set_by_author = cleaned["lang"], True
    elif lang_given and note.lang_set_by_author:
        note.lang_set_by_author = False  # back to detection
    if not note.lang_set_by_author and (
        {"title", "body"} & changed or old_lang != (note.lang, note.lang_set_by_author)
    ):
        note.lang = detect_language(f"{note.title}\n{note.body}")
    if old_lang != (note.lang, note.lang_set_by_author):
        changed.add("lang")
    return changed


# --- delete ---------------------------------------------------------------------------


def delete_note(note: Note, actor) -> None:
    """Delete ``note`` (its author, or a moderator) with everything derived from it.

    Counters that include it are corrected, its photo files are deleted once
    the deletion is committed, and ``note_deleted`` is sent.
    """
    from qiao.social.models import Board, Collect

    if not can_delete(note, actor):
        raise PermissionDenied(_("You may not delete this note."))
    with transaction.atomic():
        locked = Note.objects.select_for_update().filter(pk=note.pk).first()
        if locked is None:
            raise Http404(_("Note not found."))
        files = [
            name
            for image in NoteImage.objects.filter(note=locked)
            for name in (image.image.name, image.thumbnail.name)
        ]
        tag_ids = list(locked.hashtags.values_list("pk", flat=True))
        for board_id in Collect.objects.filter(note=locked).values_list("board_id", flat=True):
            _bump(Board, [board_id], -1, "item_count")
        note_id, author_id = locked.pk, locked.author_id
        locked.delete()
        # Recounted, not decremented: a hidden note was no longer counted.
        recount_for_notes(author_id, tag_ids)
        _delete_files_on_commit(files)
        transaction.on_commit(lambda: note_deleted.send(Note, note_id=note_id, author_id=author_id))
