"""Slang and meme glossary: curated, versioned data shipped with Qiao.

The shipped terms live in ``qiao/slang/data/*.toml`` and are read by
``qiao.slang.glossary``. See ``docs/glossary.md`` for the schema.
"""
