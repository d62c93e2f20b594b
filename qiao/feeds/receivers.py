"""Keep the shared Explore page honest: a new, edited or deleted note shows at once."""

import logging

from django.dispatch import receiver

from qiao.notes.signals import note_deleted, note_saved

from .services import forget_explore_page

logger = logging.getLogger(__name__)


@receiver(note_saved, dispatch_uid="feeds.explore_cache_saved")
@receiver(note_deleted, dispatch_uid="feeds.explore_cache_deleted")
def note_changed(sender, **kwargs) -> None:
    try:
        forget_explore_page()
    except Exception:  # a cache outage must not fail the write that already committed
        logger.warning("Explore cache unreachable; not cleared", exc_info=True)
