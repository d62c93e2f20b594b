from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlangConfig(AppConfig):
    name = "qiao.slang"
    label = "slang"
    verbose_name = _("Slang glossary")
