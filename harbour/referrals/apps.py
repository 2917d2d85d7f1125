from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "harbour.referrals"
    label = "referrals"
    verbose_name = "Referrals and partnerships"

    def ready(self):
        # Two parts of the app register their staff links and sealed models on their own:
        # the referrals and partnerships (setup.py) and the intelligence-only police report
        # (intelligence_setup.py).
        from harbour.referrals import intelligence_setup, setup

        setup.setup()
        intelligence_setup.setup()
