from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.directory.exporter import ExportInvalid, export_services


class Command(BaseCommand):
    help = ("Write every service as fully nested HSDS 3.0 JSON (a JSON list, or NDJSON with "
            "--ndjson). Confidential locations leave only their coarse area and gatekeeper phone.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--ndjson", action="store_true")

    def handle(self, *args, **options):
        try:
            count = export_services(Path(options["path"]), ndjson=options["ndjson"])
        except ExportInvalid as error:
            raise CommandError(f"export stopped, a record does not validate: {error}") from None
        self.stdout.write(f"{count} service(s) written.")
