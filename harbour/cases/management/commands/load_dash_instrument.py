from django.core.management.base import BaseCommand, CommandError

from harbour.accounts.models import Organisation
from harbour.cases.instruments import dash_wording_load


class Command(BaseCommand):
    help = "Load an organisation's licensed DASH wording (YAML instrument file, one language)."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's public id.")
        parser.add_argument("path", help="The instrument file.")

    def handle(self, *args, organisation, path, **options):
        found = Organisation.objects.filter(public_id=organisation).first()
        if found is None:
            raise CommandError("No organisation with that public id.")
        try:
            with open(path, encoding="utf-8") as handle:
                wording = dash_wording_load(acting_user=None, organisation=found, text=handle.read())
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Loaded DASH wording {wording.version} ({wording.language}).")
