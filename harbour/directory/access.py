"""Object access for the directory. Outsiders get the same 404 as a missing object."""

import uuid

from django.db.models import Q
from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership
from harbour.accounts.models import Organisation as HarbourOrganisation
from harbour.directory.models import Service

EDITOR_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER, Membership.Role.COMMUNITY_WORKER)


def editable_services(user):
    """Services of directory organisations owned by an organisation `user` may edit for."""
    organisations = memberships_of(user).filter(role__in=EDITOR_ROLES).values("organisation_id")
    return Service.objects.filter(organization__owner_id__in=organisations)


def verifiable_services(user):
    """Services a network coordinator may verify: those owned by a member of her networks."""
    if not user.is_authenticated:
        return Service.objects.none()
    owners = HarbourOrganisation.objects.filter(networks__coordinators=user).values("pk")
    return Service.objects.filter(organization__owner_id__in=owners)


def viewable_services(user):
    """Services `user` may see on the staff site: her organisations' (any role) and those of
    the networks she coordinates."""
    members = memberships_of(user).values("organisation_id")
    coordinated = HarbourOrganisation.objects.filter(networks__coordinators=user).values("pk")
    return Service.objects.filter(Q(organization__owner_id__in=members)
                                  | Q(organization__owner_id__in=coordinated))


def _get(queryset, public_id) -> Service:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    service = queryset.filter(pk=key).first()
    if service is None:
        raise Http404
    return service


def access_service(user, public_id, *, for_write: bool = False) -> Service:
    """A service `user` may see on the staff site (edit, if `for_write`); else 404."""
    return _get(editable_services(user) if for_write else viewable_services(user), public_id)


def access_service_for_verification(user, public_id) -> Service:
    return _get(verifiable_services(user), public_id)
