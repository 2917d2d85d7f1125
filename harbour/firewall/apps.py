from django.apps import AppConfig


class FirewallConfig(AppConfig):
    name = "harbour.firewall"
    label = "firewall"
    verbose_name = "Firewall: consent, sealing, disclosure"
