"""The shapes of demo content: notes with drawn images, and comments with replies."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Img:
    """A picture drawn by qiao.demo.drawing: a caption word on a gradient with a motif."""

    word: str
    palette: str
    ratio: str = "3:4"  # "3:4", "1:1" or "4:3"
    motif: str = "dots"


@dataclass(frozen=True)
class C:
    """A comment; replies hang under it (one level, as on the site)."""

    author: str
    body: str
    replies: tuple["C", ...] = ()


@dataclass(frozen=True)
class DemoNote:
    author: str
    title: str
    body: str
    images: tuple[Img, ...]
    location: str = ""
    followers_only: bool = False
    # How long ago it was posted, in days (spread over the last month).
    days_ago: float = 1.0
    comments: tuple[C, ...] = field(default_factory=tuple)
    # Rough popularity, 0–10: scales how many demo people like and collect it.
    buzz: int = 3


def note(
    author: str,
    title: str,
    body: str,
    *images: Img,
    location: str = "",
    followers_only: bool = False,
    days: float = 1.0,
    comments: tuple[C, ...] | list[C] = (),
    buzz: int = 3,
) -> DemoNote:
    return DemoNote(
        author=author,
        title=title,
        body=body,
        images=tuple(images),
        location=location,
        followers_only=followers_only,
        days_ago=days,
        comments=tuple(comments),
        buzz=buzz,
    )
