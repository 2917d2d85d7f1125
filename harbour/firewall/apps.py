from django.apps import AppConfig


class FirewallConfig(AppConfig):
    name = "harbour.firewall"
    label = "firewall"
    verbose_name = "Firewall: consent, sealing, disclosure"

    def ready(self):
        from harbour.firewall import receivers  # noqa: F401 - connects the signal receivers
