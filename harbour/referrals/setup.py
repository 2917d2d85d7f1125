"""Registrations made when the app is ready (staff navigation, sealed models, the gate's
receiver for referrals, her status page's referral section, consent revocation)."""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _consent_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # Her revocation (firewall.services.consent_revoke saves revoked_on) propagates to the
    # referrals made under that consent (issue 15 item 6).
    if instance.revoked_on is not None and not created:
        from harbour.referrals.services import referrals_revoke_for_consent

        referrals_revoke_for_consent(consent=instance)


def setup() -> None:
    """Register this part's staff links and sealed models; called from ReferralsConfig.ready()."""
    from harbour.core import navigation
    from harbour.firewall.gate import register_receiver
    from harbour.firewall.models import Consent
    from harbour.firewall.rotation import register_sealed_model
    from harbour.help.selectors import register_status_section
    from harbour.referrals import selectors, services
    from harbour.referrals.access import NAV_ROLES

    register_receiver(services.KIND, services.receive_referral)
    from harbour.help.services import register_read_hold

    register_read_hold("referrals.revoked", services.referral_read_holds)
    register_sealed_model("referrals.PartnershipMinutes", "organisation")
    register_status_section(selectors.status_sections)
    post_save.connect(_consent_saved, sender=Consent, dispatch_uid="referrals.consent_revoked")
    navigation.register(navigation.StaffLink(key="referrals", label=_("Referrals"), url_name="referrals_staff:home",
                                             roles=NAV_ROLES, order=25))
