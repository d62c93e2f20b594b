"""The ``qiao`` command: Django's management commands with Qiao's settings.

``qiao migrate``, ``qiao demo``, ``qiao serve``… are ``django-admin`` with
``DJANGO_SETTINGS_MODULE`` preset, so operators never need a ``manage.py``.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
