"""Keep the token cache (``tokencache``) in step with tokens and accounts."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import tokencache
from .models import ApiToken, User


@receiver(post_delete, sender=ApiToken, dispatch_uid="accounts.forget_deleted_token")
def forget_deleted_token(sender, instance: ApiToken, **kwargs) -> None:
    tokencache.forget_token(instance.key_hash)


@receiver(post_save, sender=User, dispatch_uid="accounts.forget_saved_user")
def forget_saved_user(sender, instance: User, created: bool, **kwargs) -> None:
    if created:
        return  # no token can have cached it yet
    forget_changed_user(sender, instance)


@receiver(post_delete, sender=User, dispatch_uid="accounts.forget_deleted_user")
def forget_changed_user(sender, instance: User, **kwargs) -> None:
    user_id = instance.pk
    tokencache.forget_user(user_id)
    transaction.on_commit(lambda: tokencache.forget_user(user_id))
