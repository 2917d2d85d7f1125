"""Object access for peer training: trainers and admins of the course's organisation.
Everyone else, and a missing object, get the same 404."""

from django.core.exceptions import ValidationError
from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.training.models import Course, Invitation, Session, TrainerProfile

STAFF_ROLES = (Membership.Role.ADMIN, Membership.Role.TRAINER)


def training_organisations(user: User):
    """Organisations where `user` is a trainer or an admin, by name."""
    return Organisation.objects.filter(
        pk__in=memberships_of(user).filter(role__in=STAFF_ROLES).values("organisation_id")).order_by("name")


def _mine(user: User, organisation_id: int) -> bool:
    return memberships_of(user).filter(organisation_id=organisation_id, role__in=STAFF_ROLES).exists()


def access_training_organisation(user: User, public_id, *, for_write: bool = False) -> Organisation:
    organisation = training_organisations(user).filter(public_id=public_id).first()
    if organisation is None:
        raise Http404
    return organisation


def access_course(user: User, public_id, *, for_write: bool = False) -> Course:
    try:
        course = Course.objects.select_related("organisation").get(public_id=public_id)
    except (Course.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if not _mine(user, course.organisation_id):
        raise Http404
    return course


def access_session(user: User, public_id, *, for_write: bool = False) -> Session:
    try:
        session = Session.objects.select_related("course", "course__organisation").get(public_id=public_id)
    except (Session.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if not _mine(user, session.course.organisation_id):
        raise Http404
    return session


def access_invitation(user: User, public_id, *, for_write: bool = False) -> Invitation:
    try:
        invitation = Invitation.objects.select_related("organisation", "course").get(public_id=public_id)
    except (Invitation.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if not _mine(user, invitation.organisation_id):
        raise Http404
    return invitation


def access_trainer_profile(user: User, public_id, *, for_write: bool = False) -> TrainerProfile:
    try:
        profile = TrainerProfile.objects.select_related("organisation", "user").get(public_id=public_id)
    except (TrainerProfile.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if not _mine(user, profile.organisation_id):
        raise Http404
    return profile
