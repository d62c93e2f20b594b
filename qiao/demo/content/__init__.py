"""Demo content as data: people, notes, comments, follows and boards.

Everything here was written for Qiao's demo; none of it is copied from
elsewhere. ``qiao demo`` turns it into real accounts and notes through the
same services the site uses.
"""

from .model import C, DemoNote, Img
from .notes_en import NOTES as _EN
from .notes_zh import NOTES as _ZH
from .users import BOARDS, FOLLOWS, USERS, DemoUser

NOTES: list[DemoNote] = _ZH + _EN

__all__ = ["BOARDS", "C", "DemoNote", "DemoUser", "FOLLOWS", "Img", "NOTES", "USERS"]
