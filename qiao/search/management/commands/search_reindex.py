"""``qiao search_reindex``: rebuild the keyword index, the embeddings and the ANN index from the notes.

It also builds the query dictionary (CC-CEDICT lookups for short queries) when
it is missing, so the first searches after a deploy need not wait for it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from qiao.notes.models import Note
from qiao.search import dictionary, documents
from qiao.search.embeddings import EmbedderError, get_embedder
from qiao.search.tasks import embed_notes_now
from qiao.search.vectors import vector_index


class Command(BaseCommand):
    help = "Rebuild the search index: keyword documents, note embeddings (only changed ones) and the ANN index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keywords-only", action="store_true", help="Skip embeddings and the ANN index."
        )
        parser.add_argument(
            "--vectors-only", action="store_true", help="Skip the keyword documents."
        )
        parser.add_argument("--batch", type=int, default=256, help="Notes per batch (default 256).")

    def handle(self, *args, keywords_only=False, vectors_only=False, batch=256, **options):
        if not vectors_only:
            counts = documents.reindex_all(batch=max(1, batch))
            self.stdout.write(
                f"Keyword index: {counts['notes']} notes, {counts['users']} people, {counts['hashtags']} topics."
            )
            self.stdout.write(f"Query dictionary: {dictionary.ensure_built().name}.")
        if keywords_only:
            return
        ids = list(Note.objects.order_by("pk").values_list("pk", flat=True))
        totals = {"embedded": 0, "removed": 0, "unchanged": 0}
        try:
            for start in range(0, len(ids), max(1, batch)):
                for key, value in embed_notes_now(ids[start : start + batch]).items():
                    totals[key] += value
                if options.get("verbosity", 1) > 1:
                    self.stdout.write(
                        f"  embedded up to note {ids[min(len(ids), start + batch) - 1]}"
                    )
            embedder = get_embedder()
            size = vector_index(embedder.model_id, embedder.dim).rebuild()
        except EmbedderError as error:
            self.stderr.write(f"Embeddings unavailable ({error}); the keyword index is up to date.")
            return
        self.stdout.write(
            f"Embeddings ({embedder.model_id}): {totals['embedded']} computed, {totals['unchanged']} unchanged. "
            f"ANN index: {size} vectors."
        )
