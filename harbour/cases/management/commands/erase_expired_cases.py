from django.core.management.base import BaseCommand

from harbour.cases.services import cases_erase_expired


class Command(BaseCommand):
    help = "Erase cases closed longer ago than their organisation's retention period (default 6 years)."

    def handle(self, *args, **options):
        erased = cases_erase_expired()
        self.stdout.write(f"Erased {erased} case(s).")
