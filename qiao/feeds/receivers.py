"""Keep the shared Explore page honest: a new, edited or deleted note shows at once."""

import logging

from django.core.cache import cache
from django.dispatch import receiver

from qiao.core.pagecache import forget_shared_page
from qiao.notes.signals import note_deleted, note_saved

from .services import EXPLORE_CACHE_KEY

logger = logging.getLogger(__name__)


@receiver(note_saved, dispatch_uid="feeds.explore_cache_saved")
@receiver(note_deleted, dispatch_uid="feeds.explore_cache_deleted")
def forget_explore_page(sender, **kwargs) -> None:
    try:
        cache.delete(EXPLORE_CACHE_KEY)
        forget_shared_page("explore")
    except Exception:  # a cache outage must not fail the write that already committed
        logger.warning("Explore cache unreachable; not cleared", exc_info=True)
