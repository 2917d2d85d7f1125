"""Object access for impact figures. An organisation's own figures: any active member. A
network's figures: its coordinators. Everyone else, and a missing object, get the same 404."""

from django.core.exceptions import ValidationError
from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Network, Organisation, User

WRITE_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER, Membership.Role.COMMUNITY_WORKER,
               Membership.Role.TRAINER)
PUBLISH_ROLES = (Membership.Role.ADMIN,)


def impact_organisations(user: User):
    """Organisations where `user` is an active member, by name."""
    return Organisation.objects.filter(pk__in=memberships_of(user).values("organisation_id")).order_by("name")


def coordinated_networks(user: User):
    """Networks `user` coordinates, by name."""
    if not user.is_authenticated or not user.is_active:
        return Network.objects.none()
    return Network.objects.filter(coordinators=user).order_by("name")


def access_impact_organisation(user: User, public_id, *, for_write: bool = False,
                               publish: bool = False) -> Organisation:
    """The organisation `public_id` if `user` is an active member (for writes: not a viewer; to
    publish: an admin); else Http404."""
    roles = PUBLISH_ROLES if publish else WRITE_ROLES if for_write else None
    memberships = memberships_of(user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    try:
        organisation = Organisation.objects.get(public_id=public_id,
                                                pk__in=memberships.values("organisation_id"))
    except (Organisation.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    return organisation


def access_network(user: User, public_id, *, for_write: bool = False) -> Network:
    """The network `public_id` if `user` coordinates it; else Http404."""
    try:
        return coordinated_networks(user).get(public_id=public_id)
    except (Network.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
