"""What the staff status page shows, gathered without ever loading a model.

The engine's own ``health()`` is cheap by contract (llama.cpp only looks at
the model file); whether translations actually happen is told by the
worker's heartbeat, which task runs record in the cache, and by the queue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .engines import EngineHealth, get_engine
from .models import ContentTranslation, TranslationMemory
from .tasks import worker_state

logger = logging.getLogger(__name__)


@dataclass
class QueueRow:
    queue: str
    ready: int = 0
    running: int = 0
    failed: int = 0
    successful: int = 0
    oldest_ready: Any = None


@dataclass
class Report:
    engine: str
    model: str
    health: EngineHealth
    model_file: dict[str, Any] | None
    worker: dict[str, Any]
    queue_backend: str
    queues: list[QueueRow] = field(default_factory=list)
    queue_error: str = ""
    translations: dict[str, int] = field(default_factory=dict)
    memory_rows: int = 0
    memory_hits: int = 0


def _model_file() -> dict[str, Any] | None:
    if settings.QIAO_TRANSLATION_ENGINE != "llamacpp":
        return None
    from .engines.llamacpp import configured_model_path

    path = Path(configured_model_path())
    present = path.is_file()
    return {"path": path.name, "present": present, "size": path.stat().st_size if present else 0}


def _worker() -> dict[str, Any]:
    state = dict(worker_state())
    for name in ("last_seen", "last_success", "last_error_at"):
        if isinstance(state.get(name), str):
            state[name] = parse_datetime(state[name])
    return state


def _db_queues() -> list[QueueRow]:
    from django_tasks_db.models import DBTaskResult

    rows: dict[str, QueueRow] = {}
    counts = DBTaskResult.objects.values("queue_name", "status").annotate(n=Count("id"), oldest=Min("enqueued_at"))
    for item in counts:
        row = rows.setdefault(item["queue_name"], QueueRow(item["queue_name"]))
        setattr(row, item["status"].lower(), item["n"])
        if item["status"] == "READY":
            row.oldest_ready = item["oldest"]
    return sorted(rows.values(), key=lambda row: row.queue)


def _rq_queues() -> list[QueueRow]:
    import django_rq

    rows = []
    for name in settings.TASKS["default"].get("QUEUES", ["default"]):
        queue = django_rq.get_queue(name)
        rows.append(QueueRow(name, ready=queue.count, failed=queue.failed_job_registry.count,
                             running=queue.started_job_registry.count))  # fmt: skip
    return rows


def report() -> Report:
    engine = get_engine()
    try:
        health = engine.health()
    except Exception as error:  # noqa: BLE001  (a broken engine is what this page is for)
        health = EngineHealth(False, str(error))
    backend = settings.TASKS["default"]["BACKEND"]
    result = Report(engine.name, engine.model, health, _model_file(), _worker(), backend)
    try:
        if backend.startswith("django_tasks_db."):
            result.queues = _db_queues()
        elif backend.startswith("django_tasks_rq."):
            result.queues = _rq_queues()
    except Exception as error:  # noqa: BLE001  (a queue that is down is shown, not raised)
        logger.warning("Could not read the task queue: %s", error)
        result.queue_error = str(error)
    result.translations = dict(
        ContentTranslation.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    totals = TranslationMemory.objects.aggregate(rows=Count("id"), hits=Sum("hits"))
    result.memory_rows, result.memory_hits = totals["rows"], totals["hits"] or 0
    result.worker.setdefault("checked_at", timezone.now())
    return result
