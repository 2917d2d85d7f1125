"""`manage.py audit_checkpoint`: sign the audit chain's head and mail it to every admin."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from harbour.accounts.checkpoints import checkpoint_publish
from harbour.core.checkpoints import CheckpointError, new_signing_key


class Command(BaseCommand):
    help = ("Sign the audit chain's head (Ed25519, key in HARBOUR_CHECKPOINT_KEY_FILE) and mail the "
            "checkpoint to every organisation admin. --new-key FILE makes a signing key.")

    def add_arguments(self, parser):
        parser.add_argument("--new-key", metavar="FILE", help="write a new signing key to FILE and print its public key")

    def handle(self, *args, **options):
        try:
            if options.get("new_key"):
                public = new_signing_key(Path(options["new_key"]))
                self.stdout.write(f"signing key written to {options['new_key']}; public key {public}\n"
                                  "Set HARBOUR_CHECKPOINT_PUBLIC_KEYS to the public key.")
                return
            with transaction.atomic():
                line, sent = checkpoint_publish()
        except CheckpointError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(line)
        self.stdout.write(f"sent to {sent} admin(s)")
