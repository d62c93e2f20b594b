"""Receivers: recompile the rules when one changes; drop shared caches that could show hidden content."""

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .checks import bump_rules_version
from .models import Rule
from .signals import content_hidden, content_restored

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Rule)
@receiver(post_delete, sender=Rule)
def _rules_changed(sender, **kwargs) -> None:
    bump_rules_version()


@receiver(content_hidden)
@receiver(content_restored)
def _drop_shared_explore_page(sender, obj, kind: str, **kwargs) -> None:
    """Signed-out Explore's first page is cached (qiao.feeds): recompute it, so a hidden note goes now."""
    if kind != "note":
        return
    try:
        from qiao.feeds.services import forget_explore_page
    except ImportError:
        return
    try:
        forget_explore_page()
    except Exception:  # a cache outage: the page expires on its own
        logger.warning("Could not drop the cached Explore page", exc_info=True)
