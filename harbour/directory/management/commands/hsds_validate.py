from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.directory.hsds import KINDS
from harbour.directory.importer import (
    FileProblem,
    Rejection,
    read_records,
    unknown_properties,
    validate,
)


class Command(BaseCommand):
    help = ("Check HSDS 3.0 data against the vendored schemas, offline, without importing it "
            "(the same shapes hsds_import reads). Exits non-zero if any record is invalid.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--type", default="service", choices=sorted(KINDS))
        parser.add_argument("--strict", action="store_true",
                            help="Also list properties HSDS 3.0 does not define (as warnings).")

    def handle(self, *args, **options):
        notes: list[str] = []
        try:
            records = read_records(Path(options["path"]), options["type"], notes)
        except FileProblem as problem:
            raise CommandError(str(problem)) from None
        for note in notes:
            self.stderr.write(note)
        invalid = 0
        for record in records:
            problems = record.problems or validate(record)
            record_id = str(record.data.get("id", "")) if isinstance(record.data, dict) else ""
            if problems:
                invalid += 1
                rejection = Rejection(record.label, record_id, problems)
                ident = f" (id {rejection.record_id})" if rejection.record_id else ""
                for pointer, message in problems:
                    self.stderr.write(f"invalid {record.label}{ident}: {pointer}: {message}")
            if options["strict"]:
                for pointer in unknown_properties(record.kind, record.data):
                    self.stderr.write(f"warning: {record.label}: {pointer}: not an HSDS 3.0 property")
        self.stdout.write(f"{len(records) - invalid} of {len(records)} record(s) valid.")
        if invalid:
            raise CommandError(f"{invalid} record(s) invalid; see above.")
