from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirewallConfig(AppConfig):
    name = "harbour.firewall"
    label = "firewall"
    verbose_name = "Firewall: consent, sealing, disclosure"

    def ready(self):
        from harbour.core import navigation
        from harbour.firewall import receivers  # noqa: F401 - connects the signal receivers

        navigation.register(navigation.StaffLink(key="firewall", label=_("Keys and recipients"),
                                                 url_name="firewall:overview", order=80))
