"""Slang and meme explainer: the glossary, detection, display, community and learning aids.

The shipped terms live in ``qiao/slang/data/*.toml`` and are read by
``qiao.slang.glossary`` (no Django needed). Detection is in ``detection``,
the work behind pages and the API in ``services`` and ``learning``. See
``docs/glossary.md``.
"""
