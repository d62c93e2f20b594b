"""Keep the cached feed pages honest (qiao.feeds.cards).

A new, edited or deleted note drops every cached feed page at once (so does
hiding or restoring one: qiao.moderation.receivers); a follow or unfollow
drops the follower's Following pages. Each after the commit, so the next
visit reads what was committed.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from qiao.notes.signals import note_deleted, note_saved
from qiao.social.models import Follow

from .services import forget_explore_page, forget_following

logger = logging.getLogger(__name__)


@receiver(note_saved, dispatch_uid="feeds.explore_cache_saved")
@receiver(note_deleted, dispatch_uid="feeds.explore_cache_deleted")
def note_changed(sender, **kwargs) -> None:
    try:
        forget_explore_page()
    except Exception:  # a cache outage must not fail the write that already committed
        logger.warning("Feed cache unreachable; not cleared", exc_info=True)


@receiver(post_save, sender=Follow, dispatch_uid="feeds.following_cache_saved")
@receiver(post_delete, sender=Follow, dispatch_uid="feeds.following_cache_deleted")
def follow_changed(sender, instance: Follow, **kwargs) -> None:
    reader_id = instance.follower_id

    def forget() -> None:
        try:
            forget_following(reader_id)
        except Exception:  # the pages expire on their own
            logger.warning("Feed cache unreachable; Following not cleared", exc_info=True)

    transaction.on_commit(forget)
