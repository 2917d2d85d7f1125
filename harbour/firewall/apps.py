from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirewallConfig(AppConfig):
    name = "harbour.firewall"
    label = "firewall"
    verbose_name = "Firewall: consent, sealing, disclosure"

    def ready(self):
        from django.db.models.signals import pre_save

        from harbour.firewall import receivers  # noqa: F401 - connects the signal receivers
        from harbour.firewall.noncollection import check_json_columns
        from harbour.firewall.rotation import register_sealed_model

        register_sealed_model("firewall.Consent", "organisation")

        # F1 at the write boundary: no JSON column of any model is saved with a forbidden key.
        pre_save.connect(check_json_columns, dispatch_uid="firewall.noncollection.json_keys")
        from harbour.core import navigation
        navigation.register(navigation.StaffLink(key="firewall", label=_("Keys and recipients"),
                                                 url_name="firewall:overview", order=80))
