"""Background work: translate a case (and reports joining it) for moderators of every language."""

from __future__ import annotations

from django_tasks import task

from .models import ModerationCase
from .translation import moderator_languages, translate_case


@task()
def translate_case_task(case_id: int) -> dict[str, str]:
    case = ModerationCase.objects.filter(pk=case_id).first()
    if case is None:
        return {}
    # Every language, the content's own too: a report's details may be in another one.
    return {target: translate_case(case, target).status for target in moderator_languages()}
