"""Object access for the directory. Outsiders get the same 404 as a missing object."""

import uuid

from django.db.models import Q
from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership
from harbour.accounts.models import Organisation as HarbourOrganisation
from harbour.directory.models import Location, Service
from harbour.directory.selectors import PUBLIC_STATUSES

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


def can_edit(user, service: Service) -> bool:
    """Whether `user` may edit `service` (a member with an editor role of its owner)."""
    return editable_services(user).filter(pk=service.pk).exists()


def can_verify(user, service: Service) -> bool:
    """Whether `user` coordinates a network that holds `service`'s owner."""
    return verifiable_services(user).filter(pk=service.pk).exists()


def access_public_service(public_id) -> Service:
    """A service the public may see (active or temporarily closed); else 404."""
    return _get(Service.objects.filter(status__in=PUBLIC_STATUSES), public_id)


def access_service_location(service: Service, location_id) -> Location:
    """A location of `service` (reached through one of its service-at-locations); else 404.
    Call it with a service already got through an access_* helper."""
    try:
        key = uuid.UUID(str(location_id))
    except ValueError:
        raise Http404 from None
    location = Location.objects.filter(pk=key, service_at_locations__service_id=service.pk).first()
    if location is None:
        raise Http404
    return location


def holds_key_of(user, organisation_id) -> bool:
    """Whether `user` is an active member of organisation `organisation_id` in a role that
    holds its key (harbour.firewall.keys.KEY_HOLDER_ROLES)."""
    from harbour.firewall.keys import KEY_HOLDER_ROLES

    if organisation_id is None:
        return False
    return memberships_of(user).filter(organisation_id=organisation_id, role__in=KEY_HOLDER_ROLES).exists()
