from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.directory.hsds import KINDS
from harbour.directory.importer import (
    FileProblem,
    import_records,
    iter_rejection_lines,
    read_records,
)


class Command(BaseCommand):
    help = ("Import HSDS 3.0 data: a JSON object, a JSON list, a page envelope (`contents`), "
            "NDJSON, or a directory holding a Tabular Data Package. Every record is validated "
            "offline; valid ones are imported one transaction each. Exits non-zero if any "
            "record was rejected.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--type", default="service", choices=sorted(KINDS),
                            help="The HSDS object each JSON record is (default: service).")
        parser.add_argument("--strict", action="store_true",
                            help="Warn about properties HSDS 3.0 does not define (they are still kept).")

    def handle(self, *args, **options):
        path = Path(options["path"])
        notes: list[str] = []
        try:
            records = read_records(path, options["type"], notes)
        except FileProblem as problem:
            raise CommandError(str(problem)) from None
        report = import_records(records, strict=options["strict"])
        for line in iter_rejection_lines(report):
            self.stderr.write(line)
        for note in notes:
            self.stderr.write(note)
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            f"{report.imported} record(s) imported ({report.created} object(s) created, "
            f"{report.updated} updated, {report.unchanged} unchanged); "
            f"{len(report.rejected)} rejected."
        )
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} record(s) rejected; see above.")
