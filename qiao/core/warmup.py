"""Load what web requests need once, in gunicorn's master, before it forks the web processes.

Each loader below runs the first time a request needs it, holding its
process's GIL, so every request on that process waits: measured here, about
2.6 s of CPU per process (the URLconf and the API's schemas 0.7 s, jieba 0.9 s,
moderation's jieba dictionary 0.8 s, lingua 0.25 s). Under the load test that
was a stall of seconds on each process at the first post, and again on each
process recycled. Loaded in the master (``when_ready`` in
``qiao.core.gunicorn_conf``), every forked process starts with them, and
shares their memory copy-on-write.

Nothing here may open a database or Redis connection or start a thread: the
forked processes would share it. Models with thread pools (the search
embedder, translation engines) stay lazy, in the processes that use them.
"""

from __future__ import annotations

from django.urls import get_resolver


def warm_up() -> None:
    from qiao.core.languages import detect_language
    from qiao.moderation.textmatch import base_dictionary
    from qiao.search.text import segment

    get_resolver().url_patterns  # every URLconf, and the API with its schemas
    segment("桥")  # jieba's dictionary (search indexing, on every post)
    base_dictionary()  # moderation's own jieba dictionary (screening, on every post)
    detect_language("Warm up the language detector")  # lingua (every post and comment)
