from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load Harbour's fictional demo data (needs HARBOUR_DEMO=true). Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("Demo data is only loaded when HARBOUR_DEMO=true: never on a real service.")
        # Each app may offer a `demo` module with `load(stdout)`; they run in INSTALLED_APPS
        # order, so an app's demo can use what the apps above it created.
        for config in apps.get_app_configs():
            if not config.name.startswith("harbour."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name == f"{config.name}.demo":
                    continue
                raise
            with transaction.atomic():
                module.load(self.stdout)
        with transaction.atomic():
            import_module("harbour.referrals.demo_intelligence").load(self.stdout)
