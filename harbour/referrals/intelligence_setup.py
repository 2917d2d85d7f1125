"""Registrations made when the app is ready (staff navigation, sealed models)."""

from django.utils.translation import gettext_lazy as _


def setup() -> None:
    """Register this part's staff links and sealed models; called from ReferralsConfig.ready()."""
    from harbour.core.navigation import StaffLink, register
    from harbour.firewall.rotation import register_sealed_model

    register(StaffLink(key="referrals_police", label=_("Report to the police"),
                       url_name="referrals_intelligence:index", roles=frozenset({"admin", "caseworker"}), order=75))
    # Key rotation re-seals these reports' data keys to the organisation's new key.
    register_sealed_model("referrals.IntelligenceReport", "organisation")
