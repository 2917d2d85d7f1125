from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from harbour.core.audit import audit_verify
from harbour.core.checkpoints import checkpoint_check


class Command(BaseCommand):
    help = ("Verify the hash-chained audit log; name the first broken entry. With --checkpoint, "
            "also check signed checkpoints (one per line in each file) against the chain.")

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                            help="a file of signed checkpoints (as mailed to admins); may repeat")
        parser.add_argument("--trust-key", action="append", default=[], metavar="HEX",
                            help="an Ed25519 public key the checkpoints must be signed with; may repeat")

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry {report.broken_seq}: {report.reason} "
                f"({report.entries} entries verified before it)",
                returncode=1,
            )
        trusted = set(options["trust_key"]) or None
        checked = 0
        for name in options["checkpoint"]:
            for line in Path(name).read_text(encoding="utf-8").splitlines():
                if not line.strip().startswith("{"):
                    continue
                result = checkpoint_check(line.strip(), trusted_keys=trusted)
                if not result.ok:
                    raise CommandError(f"checkpoint at entry {result.seq} fails: {result.reason}", returncode=1)
                checked += 1
        suffix = f"; {checked} signed checkpoint(s) match" if options["checkpoint"] else ""
        self.stdout.write(f"audit chain ok: {report.entries} entries{suffix}")
