"""Cursor pagination: stable under inserts, cheap at any depth (no OFFSET).

A cursor is an opaque URL-safe token holding the sort values of the last item
shown; the next page is everything strictly after it in the same ordering.
"""

import base64
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet


class InvalidCursor(ValueError):
    pass


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, size: int) -> list[Any]:
    try:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor("invalid cursor") from exc
    if not isinstance(values, list) or len(values) != size:
        raise InvalidCursor("invalid cursor")
    if not all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in values):
        raise InvalidCursor("invalid cursor")
    return values


@dataclass
class Page:
    items: list
    next_cursor: str | None


def paginate(queryset: QuerySet, fields: tuple[str, ...], cursor: str | None, limit: int) -> Page:
    """Page through ``queryset`` ordered descending by ``fields`` (the last one must be unique, e.g. "id").

    Values are compared as stored; datetimes go through their ISO form.
    """
    qs = queryset.order_by(*[f"-{f}" for f in fields])
    if cursor:
        values = decode_cursor(cursor, len(fields))
        # A forged cursor must be a 400, not a database error: check each value's type.
        try:
            values = [queryset.model._meta.get_field(f).to_python(v) for f, v in zip(fields, values)]
        except (ValidationError, ValueError, TypeError) as exc:
            raise InvalidCursor("invalid cursor") from exc
        # (a, b, c) < (x, y, z) written out as a disjunction that indexes can use.
        condition = Q()
        for i, field in enumerate(fields):
            clause = Q(**{f"{field}__lt": values[i]})
            for prev_field, prev_value in zip(fields[:i], values[:i]):
                clause &= Q(**{prev_field: prev_value})
            condition |= clause
        qs = qs.filter(condition)
    items = list(qs[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        next_cursor = encode_cursor([_plain(getattr(last, f)) for f in fields])
    return Page(items, next_cursor)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
