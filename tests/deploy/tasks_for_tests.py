"""A slow task for tests/deploy/test_taskqueue.py (imported by a real RQ worker)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def sleep_then_mark(path: str, seconds: float) -> str:
    """Sleep, then write ``path``: a job long enough to kill its worker in the middle of."""
    time.sleep(seconds)
    Path(path).write_text("done")
    return "done"
