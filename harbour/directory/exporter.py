"""Writing the directory as HSDS 3.0 JSON that validates against the vendored schemas."""

import json
from collections.abc import Iterator
from pathlib import Path

from harbour.directory import schemas
from harbour.directory.hsds import Dumper
from harbour.directory.models import Service


class ExportInvalid(Exception):
    pass


def iter_services(*, batch_size: int = 200) -> Iterator[dict]:
    dumper = Dumper()
    last = None
    while True:
        batch = Service.objects.order_by("pk")
        if last is not None:
            batch = batch.filter(pk__gt=last)
        batch = list(batch[:batch_size])
        if not batch:
            return
        yield from dumper.dump_many("service", batch)
        last = batch[-1].pk


def export_services(path: Path, *, ndjson: bool = False) -> int:
    """Write every service, fully nested; refuse to write anything that does not validate."""
    temporary = path.with_name(path.name + ".partial")
    count = 0
    with temporary.open("w", encoding="utf-8") as out:
        if not ndjson:
            out.write("[\n")
        for record in iter_services():
            problems = schemas.errors("service", record)
            if problems:
                out.close()
                temporary.unlink()
                raise ExportInvalid(f"service {record['id']}: {problems[0][0]}: {problems[0][1]}")
            if count and not ndjson:
                out.write(",\n")
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True))
            if ndjson:
                out.write("\n")
            count += 1
        if not ndjson:
            out.write("\n]\n")
    temporary.replace(path)
    return count
