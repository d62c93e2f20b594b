"""The browser fixtures of the JavaScript tests (`browser`, `open_page`) are in tests/conftest.py."""
