"""Object access for help requests: caseworkers and admins of the holding organisation.
Everyone else, and a missing request, get the same 404."""

from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.help.models import HelpRequest

INBOX_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER)


def inbox_organisations(user: User):
    return Organisation.objects.filter(
        pk__in=memberships_of(user).filter(role__in=INBOX_ROLES).values("organisation_id")
    ).order_by("name")


def access_inbox(user: User, public_id, *, for_write: bool = False) -> Organisation:
    organisation = inbox_organisations(user).filter(public_id=public_id).first()
    if organisation is None:
        raise Http404
    return organisation


def access_help_request(user: User, public_id, *, for_write: bool = False) -> HelpRequest:
    try:
        help_request = HelpRequest.objects.select_related("organisation").get(public_id=public_id)
    except (HelpRequest.DoesNotExist, ValueError):
        raise Http404 from None
    if not memberships_of(user).filter(organisation=help_request.organisation, role__in=INBOX_ROLES).exists():
        raise Http404
    return help_request
