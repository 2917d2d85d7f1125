"""Object access for firewall objects; outsiders get the same 404 as a missing object."""

from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, User
from harbour.firewall.models import Consent

SHARING_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER)


def access_consent(user: User, public_id, *, for_write: bool = False) -> Consent:
    try:
        consent = Consent.objects.select_related("organisation", "recipient").get(public_id=public_id)
    except (Consent.DoesNotExist, ValueError):
        raise Http404 from None
    if not memberships_of(user).filter(organisation=consent.organisation, role__in=SHARING_ROLES).exists():
        raise Http404
    return consent
