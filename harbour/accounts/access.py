"""Object access for accounts. Outsiders get the same 404 as a missing object."""

from django.http import Http404

from harbour.accounts.models import Membership, Organisation, User


def memberships_of(user: User):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True, user__is_active=True)


def access_organisation(user: User, public_id, *, for_write: bool = False) -> Organisation:
    """The organisation if `user` is an active member (an admin, for writes); else 404."""
    memberships = memberships_of(user).filter(organisation__public_id=public_id)
    if for_write:
        memberships = memberships.filter(role=Membership.Role.ADMIN)
    membership = memberships.select_related("organisation").first()
    if membership is None:
        raise Http404
    return membership.organisation


def access_membership(user: User, public_id, *, for_write: bool = False) -> Membership:
    """A membership of an organisation `user` belongs to (administers, for writes); else 404."""
    try:
        membership = Membership.objects.select_related("organisation", "user").get(public_id=public_id)
    except (Membership.DoesNotExist, ValueError):
        raise Http404 from None
    access_organisation(user, membership.organisation.public_id, for_write=for_write)
    return membership


def role_in(user: User, organisation: Organisation) -> str | None:
    membership = memberships_of(user).filter(organisation=organisation).first()
    return membership.role if membership else None
