from django.core.management.base import BaseCommand

from harbour.training import services


class Command(BaseCommand):
    help = ("Lapse expired waiting-list offers (their places go to the next in line) and shred the "
            "bookings of sessions older than HARBOUR_TRAINING_SHRED_DAYS (default 30): names, contacts, "
            "needs and codes are erased; counts and anonymous answers stay. Run it daily.")

    def handle(self, *args, **options):
        lapsed = services.offers_expire_all()
        shredded = services.sessions_shred()
        self.stdout.write(f"{lapsed} offers lapsed, {shredded} sessions shredded.")
