"""`manage.py restore FILE`: put a SQLite backup back in place of the live database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.core.backup import BackupError, restore_sqlite


class Command(BaseCommand):
    help = ("Replace the SQLite database's content with a backup made by `manage.py backup`. "
            "Stop the server first. Then run `manage.py audit_verify`.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file written by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="confirm: the live data is replaced")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("Restoring replaces everything in the live database: add --yes to confirm.")
        try:
            restore_sqlite(Path(options["source"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("restored; now run `manage.py audit_verify`.")
