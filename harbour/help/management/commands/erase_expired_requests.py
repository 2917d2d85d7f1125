from django.core.management.base import BaseCommand

from harbour.help.services import help_requests_erase_expired


class Command(BaseCommand):
    help = ("Erase help requests closed longer ago than their organisation's retention period "
            "(Organisation.retention_months, 12 by default). Run daily, e.g. from cron.")

    def handle(self, *args, **options):
        erased = help_requests_erase_expired()
        self.stdout.write(f"erased {erased} help request(s) past their retention period")
