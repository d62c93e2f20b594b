"""System checks: a misspelt engine name fails at start-up, not on the first translation."""

from django.conf import settings
from django.core.checks import Error, register

from .engines import ENGINES


@register()
def check_translation_engine(app_configs=None, **kwargs) -> list[Error]:
    name = settings.QIAO_TRANSLATION_ENGINE
    if name in ENGINES:
        return []
    return [
        Error(
            f'QIAO_TRANSLATION_ENGINE is "{name}", which is not a translation engine.',
            hint=f"Use one of: {', '.join(sorted(ENGINES))}.",
            id="qiao.translation.E001",
        )
    ]
