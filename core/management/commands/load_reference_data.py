"""Load the reference data every app ships. Safe to run again: it adds what is missing."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create or complete the portal's reference data (wards, roles, ...). Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app that ships reference data has a ``reference.load()``; apps load in
        # INSTALLED_APPS order, which follows the direction of their dependencies.
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.reference")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.reference":
                    raise
                continue
            created = module.load()
            if options["verbosity"]:
                summary = ", ".join(f"{n} {what}" for what, n in created.items())
                self.stdout.write(f"{config.label}: created {summary}")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("Reference data is loaded."))
