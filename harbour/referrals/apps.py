from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "harbour.referrals"
    label = "referrals"
    verbose_name = "Referrals and partnerships"
