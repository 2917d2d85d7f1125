from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from harbour.rights.catalogue import CATALOGUE_DIR, CatalogueInvalid, load_catalogue


class Command(BaseCommand):
    help = "Validate the rights catalogue against its JSON Schemas and cross-file rules."

    def handle(self, *args, **options):
        try:
            catalogue = load_catalogue(CATALOGUE_DIR)
        except CatalogueInvalid as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(f"rights catalogue: {len(error.problems)} problem(s)") from None
        languages = Counter(lang for e in catalogue.entries.values() for lang in e.texts)
        to_verify = sum(1 for e in catalogue.entries.values() if e.verify or e.instrument.verify)
        drafts = ", ".join(f"{code} {n}" for code, n in sorted(languages.items()) if code != "en")
        self.stdout.write(
            f"rights catalogue ok: {len(catalogue.instruments)} instruments, "
            f"{len(catalogue.entries)} entries, {to_verify} flagged to verify; translations: {drafts or 'none'}"
        )
