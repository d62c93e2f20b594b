"""Qiao (桥): a photo-notes social network where language is no barrier."""

__version__ = "0.1.0"
