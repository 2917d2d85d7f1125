from base64 import b32encode

import segno

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Invitation, Membership, Network, Organisation, User


def memberships_for(user: User):
    return memberships_of(user).select_related("organisation").order_by("organisation__name")


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
