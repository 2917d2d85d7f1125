from django.core.management.base import BaseCommand, CommandError

from harbour.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the hash-chained audit log; name the first broken entry."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry {report.broken_seq}: {report.reason} "
                f"({report.entries} entries verified before it)",
                returncode=1,
            )
        self.stdout.write(f"audit chain ok: {report.entries} entries")
