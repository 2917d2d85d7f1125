from django.core.management.base import BaseCommand
from django.db import transaction

from harbour.directory.indexing import reindex_service
from harbour.directory.models import Service


class Command(BaseCommand):
    help = ("Rebuild the directory's search tables (words, languages, terms, opening times) for "
            "every service. Run it after an upgrade that changes how they are built (the release "
            "notes say so); it writes only what differs.")

    def handle(self, *args, **options):
        count = 0
        for service in Service.objects.order_by("pk").iterator(chunk_size=500):
            with transaction.atomic():
                reindex_service(service)
            count += 1
        self.stdout.write(f"{count} service(s) reindexed.")
