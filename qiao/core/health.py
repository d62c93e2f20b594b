"""Health endpoints for load balancers and orchestrators, and the 503 answer to outages.

- ``/healthz`` (liveness): the process answers. No database, no cache: a
  web process must not be restarted because PostgreSQL is down.
- ``/readyz`` (readiness): this process can serve real traffic now: the
  database answers a query, the cache completes a round trip, and the task
  queue (Redis for RQ, else the database) is reachable. 200 with every check
  when ready, 503 with the failing check's error otherwise; take the process
  out of rotation on 503.

:func:`server_error` is Django's ``handler500``: when the uncaught error is a
database or Redis outage it answers **503** with ``Retry-After`` (JSON under
``/api/``, a self-contained page elsewhere) instead of a 500, so clients retry
and the outage is told apart from bugs. The request's transaction has rolled
back by then: a write that got a 503 left nothing behind.
"""

from __future__ import annotations

import logging
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def _redis_errors() -> tuple[type[BaseException], ...]:
    """Redis client errors that mean "the server is unreachable", when redis is installed."""
    errors: list[type[BaseException]] = []
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # the embedded set-up has no Redis
        pass
    try:
        from django_redis.exceptions import ConnectionInterrupted

        errors.append(ConnectionInterrupted)
    except ImportError:
        pass
    return tuple(errors)


OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    *_redis_errors(),
)


def is_outage(error: BaseException | None) -> bool:
    """True for errors that mean a backing service is down or restarting (not a bug of ours)."""
    return isinstance(error, OUTAGE_ERRORS)


# --- Liveness and readiness ----------------------------------------------------------


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process is up. Deliberately touches nothing else."""
    return JsonResponse({"status": "ok"})


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache() -> dict[str, Any]:
    """A write, a read and a delete of a key no one else uses."""
    key = f"readyz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just written")
    finally:
        cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_tasks() -> dict[str, Any]:
    """The task queue's store answers: Redis (RQ) or the database (django_tasks_db)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if "RQBackend" in backend:
        import django_rq
        from rq import Worker

        redis = django_rq.get_connection("default")
        redis.ping()
        return {"backend": "rq", "workers": Worker.count(connection=redis)}
    if "django_tasks_db" in backend:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
        return {"backend": "database"}
    return {"backend": backend.rsplit(".", 1)[-1]}


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "cache": check_cache,
    "tasks": check_tasks,
}


def run_checks() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Run every readiness check; (all passed, per-check result with its duration)."""
    results: dict[str, dict[str, Any]] = {}
    ready = True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail = {"ok": True, **check()}
        except Exception as error:  # any failure means "not ready"; say which and why
            ready = False
            detail = {"ok": False, "error": f"{error.__class__.__name__}: {error}"[:300]}
            if name == "database":
                connection.close()  # the next request starts on a fresh connection
        detail["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = detail
    return ready, results


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database, the cache and the task queue all answer, else 503."""
    ready, checks = run_checks()
    if not ready:
        logger.warning(
            "Not ready: %s", {k: v.get("error") for k, v in checks.items() if not v["ok"]}
        )
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


# --- Outages -------------------------------------------------------------------------


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 with Retry-After: JSON for the API, a self-contained page for people."""
    service = "database" if isinstance(error, DatabaseError) else "cache or task queue"
    wants_json = request.path.startswith("/api/") or request.headers.get("Accept", "").startswith(
        "application/json"
    )
    if wants_json:
        message = _(
            "The service is briefly unavailable (%(service)s). Nothing was saved; try again in a few seconds."
        )
        response: HttpResponse = JsonResponse(
            {"detail": message % {"service": service}}, status=503
        )
    else:
        # No request context: the page must render while the database is down.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: 503 for outages of the database or Redis, Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if is_outage(error):
        return unavailable_response(request, error)
    return default_server_error(request, template_name)
