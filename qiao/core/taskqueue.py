"""The RQ side of background tasks at scale: backend, retrying queue, worker, orphan recovery.

django_tasks_rq puts ``django_tasks`` tasks on RQ queues. Four gaps are
closed here, so that a queued task is never silently lost:

- :class:`RQBackend` accepts task priorities (RQ orders work by queue).
- :class:`RetryingQueue` gives every job ``QIAO_TASK_RETRIES`` retries, after
  ``QIAO_TASK_RETRY_DELAYS`` (so an outage of PostgreSQL is waited out). RQ
  then re-queues a job whose worker died mid-run (the work-horse killed, or
  the whole worker found dead by a later registry clean-up) instead of
  filing it under "failed". Tasks are therefore run *at least once*: they
  must be idempotent (Qiao's are: they store a result keyed by object and
  language).
- :class:`Worker` runs jobs in its own process (RQ's ``SimpleWorker``: no
  fork per job), so a translation model loaded by the first job stays loaded
  for the next ones; it starts every job on a fresh or checked database
  connection (there is no request cycle in a worker to do it), and cleans
  RQ's registries every ``QIAO_TASK_MAINTENANCE_SECONDS``.
- :func:`requeue_orphans` re-queues at once the jobs of a worker known to be
  dead (the process supervisor saw it exit), instead of waiting for their
  heartbeat to expire (up to the job timeout plus a minute).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import close_old_connections
from django_rq.queues import DjangoRQ
from django_tasks_rq import Job as TaskJob
from django_tasks_rq import RQBackend as BaseRQBackend
from rq import Queue, Retry
from rq.job import JobStatus
from rq.registry import StartedJobRegistry
from rq.worker import SimpleWorker

logger = logging.getLogger(__name__)

QUEUES = ("interactive", "default")  # workers take them in this order


class RQBackend(BaseRQBackend):
    """django_tasks_rq's backend, accepting task priorities.

    RQ has no priorities within a queue (the queue a task goes to is what
    orders work: workers take "interactive" before "default"), and
    django_tasks_rq only honours the top priority (front of the queue). Its
    base class still refuses any other priority at task definition time, which
    would make Qiao's prioritised tasks unusable on Redis; accept them.
    """

    supports_priority = True


def task_retries() -> int:
    return int(getattr(settings, "QIAO_TASK_RETRIES", 3))


def retry_delays() -> list[int]:
    """Seconds before each retry: a job that failed because PostgreSQL is restarting waits it out."""
    return list(getattr(settings, "QIAO_TASK_RETRY_DELAYS", [5, 30, 120]))


class RetryingQueue(DjangoRQ):
    """A queue whose jobs are retried, after growing delays, when they fail or their worker dies.

    Delayed retries are scheduled jobs: run the workers with ``--with-scheduler``.
    """

    def create_job(self, *args, **kwargs):
        if kwargs.get("retry") is None and task_retries() > 0:
            kwargs["retry"] = Retry(max=task_retries(), interval=retry_delays() or 0)
        return super().create_job(*args, **kwargs)


class Worker(SimpleWorker):
    """Runs jobs in-process, each on a healthy database connection."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "maintenance_interval", int(getattr(settings, "QIAO_TASK_MAINTENANCE_SECONDS", 30))
        )
        super().__init__(*args, **kwargs)

    def execute_job(self, job, queue):
        # As a request does: drop a connection that broke (say, PostgreSQL restarted) or aged out.
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()


def requeue_orphans(
    worker_names: Iterable[str], connection, queue_names: Iterable[str] = QUEUES
) -> list[str]:
    """Re-queue the running jobs of dead workers; return their ids.

    Only call this for workers known to be dead (their process has exited):
    a live worker's job would run twice. A job with retries left goes back
    on its queue after its retry delay (one retry used); one without is handed to RQ's own
    abandoned-job clean-up, which files it as failed. Works from any process
    that can reach the Redis server: it needs no Django settings.
    """
    names = set(worker_names)
    if not names:
        return []
    requeued: list[str] = []
    for queue_name in queue_names:
        queue = Queue(queue_name, connection=connection, job_class=TaskJob)
        registry = StartedJobRegistry(queue=queue)
        exhausted: dict[str, int] = {}
        for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
            job = queue.fetch_job(job_id)
            if (
                job is None
                or job.worker_name not in names
                or job.get_status(refresh=False) != JobStatus.STARTED
            ):
                continue
            composite = f"{job_id}:{execution_id}"
            if job.retries_left:
                with connection.pipeline() as pipeline:
                    pipeline.zrem(registry.key, composite)
                    job.retry(queue, pipeline)
                    pipeline.execute()
                requeued.append(job_id)
            else:
                exhausted[composite] = 0  # "heartbeat long expired"
        if exhausted:
            connection.zadd(registry.key, exhausted, xx=True)
            registry.cleanup(timestamp=1)
    _forget_workers(names, connection)
    if requeued:
        logger.warning(
            "Re-queued %d job(s) of dead worker(s) %s: %s", len(requeued), sorted(names), requeued
        )
    return requeued


def _forget_workers(names: Iterable[str], connection) -> None:
    """Drop dead workers' registrations, which would otherwise linger until their TTL."""
    from rq.worker_registration import unregister

    for name in names:
        worker = SimpleWorker.find_by_key(
            SimpleWorker.redis_worker_namespace_prefix + name, connection=connection
        )
        if worker is not None:
            unregister(worker)
            connection.delete(worker.key)
