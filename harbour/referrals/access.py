"""Object access for referrals and partnerships: members of either side (the referrer's
referring roles, the receiver's casework roles). Everyone else, and a missing object, get
the same 404 (Zulip's access_* pattern)."""

from django.db.models import Q
from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, User
from harbour.referrals.models import Partnership, Referral

REFERRING_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER, Membership.Role.COMMUNITY_WORKER)
RECEIVING_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER)
NAV_ROLES = frozenset(REFERRING_ROLES)


def referring_organisation_ids(user: User):
    return memberships_of(user).filter(role__in=REFERRING_ROLES).values("organisation_id")


def receiving_organisation_ids(user: User):
    return memberships_of(user).filter(role__in=RECEIVING_ROLES).values("organisation_id")


def visible_referrals(user: User):
    return Referral.objects.filter(Q(referring_organisation__in=referring_organisation_ids(user))
                                   | Q(receiving_organisation__in=receiving_organisation_ids(user)))


def visible_partnerships(user: User):
    ids = memberships_of(user).filter(role__in=REFERRING_ROLES).values("organisation_id")
    return Partnership.objects.filter(Q(referring_organisation__in=ids) | Q(receiving_organisation__in=ids))


def access_referral(user: User, referral_id, *, for_write: bool = False) -> Referral:
    try:
        return visible_referrals(user).select_related(
            "referring_organisation", "receiving_organisation", "receiving_recipient", "partnership").get(pk=referral_id)
    except (Referral.DoesNotExist, ValueError):
        raise Http404 from None


def access_partnership(user: User, public_id, *, for_write: bool = False) -> Partnership:
    try:
        return visible_partnerships(user).select_related(
            "referring_organisation", "receiving_organisation", "referring_contact", "receiving_contact").get(
            public_id=public_id)
    except (Partnership.DoesNotExist, ValueError):
        raise Http404 from None


def side_of(user: User, referral: Referral) -> str:
    """"referrer", "receiver" or "" (a member of both sees the receiver's view)."""
    if memberships_of(user).filter(organisation_id=referral.receiving_organisation_id,
                                   role__in=RECEIVING_ROLES).exists():
        return "receiver"
    if memberships_of(user).filter(organisation_id=referral.referring_organisation_id,
                                   role__in=REFERRING_ROLES).exists():
        return "referrer"
    return ""
