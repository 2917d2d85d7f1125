from django.core.management.base import BaseCommand

from harbour.referrals.services import referrals_overdue_remind


class Command(BaseCommand):
    help = ("Mail the named contacts of each overdue referral's partnership, once per referral and kind "
            "(no personal content: the reference only). Safe to run from cron as often as you like.")

    def handle(self, *args, **options):
        result = referrals_overdue_remind()
        self.stdout.write(f"Overdue: {result['overdue']}; newly reminded: {result['reminded']}; "
                          f"messages: {result['messages']}.")
