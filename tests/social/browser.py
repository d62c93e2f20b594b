"""Marks for browser test modules (``pytestmark = BROWSER``), kept here for the modules that import them.

The marks and the fixtures (``browser``, ``page``, ``open_page``) live in tests/conftest.py.
"""

from tests.conftest import BROWSER, PHONE

__all__ = ["BROWSER", "PHONE"]
