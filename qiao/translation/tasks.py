"""Background translation: task workers hold the model, web processes never load one.

Two tasks, both through ``django_tasks``:

- :data:`pretranslate` (queue "default", priority 0): after a note, comment,
  bio or board name is saved, translate it into every reader language of the
  platform, so first views are instant;
- :data:`translate_unit_task` (queue "interactive", priority 50): a reader
  tapped "Translate" on something not translated yet. The database worker
  takes higher priorities first, and with Redis the "interactive" RQ queue is
  listed first, so visible content jumps the queue.

A worker keeps one engine, and so one loaded model, per process
(:func:`qiao.translation.engines.get_engine` caches it). Every run records a
heartbeat in the cache for the status page.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from . import services
from .engines import EngineError, EngineUnavailable, get_engine

logger = logging.getLogger(__name__)

INTERACTIVE_QUEUE = "interactive"
INTERACTIVE_PRIORITY = 50
HEARTBEAT_KEY = "translation:worker"
HEARTBEAT_SECONDS = 7 * 24 * 3600


def _heartbeat(**changes: Any) -> None:
    """Record the worker's last activity (and last success or error) for the status page."""
    state = cache.get(HEARTBEAT_KEY) or {}
    state.update(changes, last_seen=timezone.now().isoformat(), worker=f"{socket.gethostname()}:{os.getpid()}")
    cache.set(HEARTBEAT_KEY, state, HEARTBEAT_SECONDS)


def worker_state() -> dict[str, Any]:
    return cache.get(HEARTBEAT_KEY) or {}


def _load(kind: str, pk: int):
    model = services.KINDS[kind].model_class
    return model.objects.filter(pk=pk).first()


def _translate(obj, targets: list[str], *, best_effort: bool = False) -> dict[str, str]:
    """Translate one unit into ``targets``; the outcome for each target.

    ``best_effort`` (pre-translation) gives up quietly when the engine is not
    usable, e.g. no model installed yet: a reader's tap asks again later, and
    an unconfigured site must not fill its worker log with tracebacks.
    """
    engine = get_engine()
    outcome: dict[str, str] = {}
    for target in targets:
        try:
            result = services.translate_unit(obj, target, engine=engine)
        except services.StaleText:
            outcome[target] = "stale"  # edited or deleted meanwhile: its own task follows
            services.clear_pending(obj, target)
            continue
        except EngineError as error:
            _heartbeat(last_error=str(error), last_error_at=timezone.now().isoformat(),
                       engine=engine.name, model=engine.model)  # fmt: skip
            services.mark_failed(obj, target, str(error))
            if best_effort and isinstance(error, EngineUnavailable):
                logger.warning("Pre-translation skipped, engine unavailable: %s", error)
                outcome[target] = "unavailable"
                continue
            raise
        services.clear_pending(obj, target)
        outcome[target] = result.status
    _heartbeat(last_success=timezone.now().isoformat(), engine=engine.name, model=engine.model)
    return outcome


@task()
def pretranslate(kind: str, pk: int) -> dict[str, str]:
    """Translate a unit into the platform's reader languages ahead of the first view."""
    obj = _load(kind, pk)
    if obj is None:
        return {}  # deleted before its turn came
    return _translate(obj, services.pretranslation_targets(obj), best_effort=True)


@task(queue_name=INTERACTIVE_QUEUE, priority=INTERACTIVE_PRIORITY)
def translate_unit_task(kind: str, pk: int, target: str) -> dict[str, str]:
    """Translate a unit a reader is looking at right now."""
    obj = _load(kind, pk)
    if obj is None:
        return {target: "gone"}
    return _translate(obj, [target])


def enqueue_translation(obj, target: str, *, interactive: bool = True) -> None:
    """Queue the translation of a unit into ``target``."""
    kind = services.kind_of(obj).name
    if interactive:
        translate_unit_task.enqueue(kind, obj.pk, target)
    else:
        translate_unit_task.using(queue_name="default", priority=0).enqueue(kind, obj.pk, target)


def enqueue_pretranslation(obj) -> None:
    """Queue the pre-translation of a new or edited unit; never fails its caller."""
    try:
        pretranslate.enqueue(services.kind_of(obj).name, obj.pk)
    except Exception:  # a queue that is down must not stop anyone from posting
        logger.exception("Could not queue the pre-translation of %s", services.object_key(obj))
