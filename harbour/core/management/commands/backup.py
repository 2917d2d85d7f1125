"""`manage.py backup FILE`: a consistent copy of the live SQLite database (online backup API)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.core.backup import BackupError, backup_sqlite


class Command(BaseCommand):
    help = ("Back up the SQLite database to a new file while Harbour keeps serving. PostgreSQL: "
            "use pg_dump (README, Backups). The secret key is never in a backup.")

    def add_arguments(self, parser):
        parser.add_argument("target", help="a new file, e.g. /srv/backups/harbour-2026-11-30.sqlite3")

    def handle(self, *args, **options):
        try:
            size = backup_sqlite(Path(options["target"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backup written: {options['target']} ({size} bytes, integrity ok)")
