"""The full-text index over SearchDocument, per database engine.

SQLite: an FTS5 table with external content (the search_searchdocument rows,
rowid = note id) and triggers that keep it in step with every insert, update
and delete, bulk or not. PostgreSQL: a ``search_vector`` tsvector column filled
by a trigger ('simple' configuration over the pre-segmented text; title weight
A, body B, extra words C) and a GIN index on it. Neither is part of the
Django model state: only qiao.search.keyword reads them.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, extra,
        content='search_searchdocument', content_rowid='note_id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body, extra) VALUES (new.note_id, new.title, new.body, new.extra);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, extra)
        VALUES ('delete', old.note_id, old.title, old.body, old.extra);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, extra)
        VALUES ('delete', old.note_id, old.title, old.body, old.extra);
        INSERT INTO search_fts(rowid, title, body, extra) VALUES (new.note_id, new.title, new.body, new.extra);
    END
    """,
    # Documents written before this migration (none on a new site) join the index.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION search_document_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('simple'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce(NEW.body, '')), 'B')
            || setweight(to_tsvector('simple'::regconfig, coalesce(NEW.extra, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER search_document_vector BEFORE INSERT OR UPDATE OF title, body, extra
    ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_document_vector()
    """,
    "UPDATE search_searchdocument SET title = title",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_vector()",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
