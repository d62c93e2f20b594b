"""Cross-language search: notes, people, topics and glossary terms, in any language.

See docs/search.md. The keyword index (``SearchDocument`` with SQLite FTS5 or
PostgreSQL full-text search) and the vector store (``NoteEmbedding`` with an
ANN index on disk) are derived data: visibility is always decided at query
time through ``Note.objects.visible_to``, never by what the index holds.
"""
