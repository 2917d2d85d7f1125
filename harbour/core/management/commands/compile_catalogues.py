from django.core.management.base import BaseCommand, CommandError

from harbour.core.catalogues import CatalogueError, compile_catalogue
from harbour.core.languages import catalogue_dirs


class Command(BaseCommand):
    help = "Compile Harbour's gettext catalogues (.po to .mo) with Babel: no need for GNU gettext."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even when up to date.")

    def handle(self, *args, force=False, **options):
        compiled = 0
        for directory in catalogue_dirs():
            for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                try:
                    compile_catalogue(po_path)
                except CatalogueError as error:
                    raise CommandError(str(error)) from None
                compiled += 1
        self.stdout.write(f"catalogues compiled: {compiled}")
