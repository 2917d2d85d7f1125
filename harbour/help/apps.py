from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "harbour.help"
    label = "help"
    verbose_name = "Help requests"
    public_entry = {
        "url_name": "help:request",
        "label": _("Ask an organisation for help"),
        "description": _("Send a message to an organisation, without an account. You get a code to check on it later."),
    }
    public_pages = ["help:request", "help:status"]

    def ready(self):
        from harbour.firewall.gate import register_receiver
        from harbour.firewall.rotation import register_sealed_model
        from harbour.help.services import KIND, receive_referral

        register_receiver(KIND, receive_referral)
        # Key rotation re-seals these rows' data keys to the organisation's new key.
        register_sealed_model("help.HelpRequest", "organisation")
        register_sealed_model("help.HelpNote", "request__organisation")

        from harbour.core import navigation
        from harbour.help.access import INBOX_ROLES

        navigation.register(navigation.StaffLink(key="help-inbox", label=_("Requests"), url_name="help_staff:home",
                                                 roles=frozenset(INBOX_ROLES), order=10))
