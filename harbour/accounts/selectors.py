from base64 import b32encode

import segno
from django.db.models import CharField, Value

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Invitation, Membership, Network, Organisation, User

# Not a membership role: coordinators of a network see the pages that serve the network.
NETWORK_COORDINATOR = "network_coordinator"


def memberships_for(user: User):
    return memberships_of(user).select_related("organisation").order_by("organisation__name")


def navigation_roles(user: User) -> set[str]:
    """The roles the staff navigation filters on: `user`'s active membership roles (codes of
    Membership.Role), plus "network_coordinator" if she coordinates a network; empty for none."""
    # One query on every staff page: the roles and the coordinator flag together.
    coordinator = Network.objects.filter(coordinators=user).order_by().annotate(
        role=Value(NETWORK_COORDINATOR, output_field=CharField())).values_list("role", flat=True)
    return set(memberships_of(user).order_by().values_list("role", flat=True).union(coordinator))


def networks_for(user: User):
    return Network.objects.filter(coordinators=user).prefetch_related("organisations")


def is_admin(user: User, organisation: Organisation) -> bool:
    return memberships_of(user).filter(organisation=organisation, role=Membership.Role.ADMIN).exists()


def members_of(organisation: Organisation):
    return Membership.objects.filter(organisation=organisation, is_active=True).select_related("user")


def open_invitations(organisation: Organisation):
    from django.utils import timezone

    return Invitation.objects.filter(organisation=organisation, accepted_at=None, revoked_at=None,
                                     expires_at__gt=timezone.now())


def totp_secret_b32(device) -> str:
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_qr_svg(device) -> str:
    """The enrolment QR code as inline SVG: no image request, no third party."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
