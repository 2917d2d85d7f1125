from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Load Harbour's fictional demo data (needs HARBOUR_DEMO=true). Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("Demo data is only loaded when HARBOUR_DEMO=true: never on a real service.")
        # Setting up the demo changes accounts, and each change mails its security notice: on
        # the demo's console that is some thirty e-mails between the logins and the codes. They
        # are written to files instead (the demo's own setup, not a real member's change); the
        # server that runs afterwards sends as configured (issue 8, item 12).
        mail_dir = Path(settings.VAR_DIR) / "demo-mail"
        before = set(mail_dir.glob("*.log")) if mail_dir.exists() else set()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                               EMAIL_FILE_PATH=str(mail_dir)):
            self._load_every_app()
        new_files = set(mail_dir.glob("*.log")) - before if mail_dir.exists() else set()
        # The file backend writes each message followed by a line of 79 dashes, and one file
        # can hold several messages (one file per connection and moment): count the messages.
        written = sum(path.read_text(encoding="utf-8").count("\n" + "-" * 79 + "\n") for path in new_files)
        if written:
            self.stdout.write(f"\nSetting up the demo sent {written} e-mails (security notices to the demo "
                              f"accounts): they are in {mail_dir}, not shown here.")

    def _load_every_app(self) -> None:
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
