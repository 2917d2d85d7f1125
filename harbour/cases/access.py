"""Object access for cases: caseworkers and admins of the holding organisation; for a
restricted case, only its named members. Everyone else, and a missing case, get the same
404 (Zulip's access_* pattern; DESIGN.md's insider)."""

from django.db.models import Q
from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.cases.models import Case, CaseDocument, CaseTask, MaracReferral, SafetyPlan

CASE_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER)


def case_organisations(user: User):
    return Organisation.objects.filter(
        pk__in=memberships_of(user).filter(role__in=CASE_ROLES).values("organisation_id")).order_by("name")


def visible_cases(user: User):
    """Every case `user` may see: her organisations' unrestricted cases, and restricted ones
    that name her."""
    named = Case.allowed_members.through.objects.filter(user_id=user.pk).values("case_id")
    # A subquery rather than a join on the members table: no DISTINCT over every case.
    return Case.objects.filter(organisation__in=case_organisations(user)).filter(
        Q(restricted=False) | Q(pk__in=named))


def _can_see(user: User, case: Case) -> bool:
    if not memberships_of(user).filter(organisation_id=case.organisation_id, role__in=CASE_ROLES).exists():
        return False
    return not case.restricted or case.allowed_members.filter(pk=user.pk).exists()


def access_case(user: User, public_id, *, for_write: bool = False) -> Case:
    try:
        case = Case.objects.select_related("organisation", "caseworker").get(public_id=public_id)
    except (Case.DoesNotExist, ValueError):
        raise Http404 from None
    if not _can_see(user, case):
        raise Http404
    return case


def _through_case(user: User, model, public_id):
    try:
        row = model.objects.select_related("case__organisation").get(public_id=public_id)
    except (model.DoesNotExist, ValueError):
        raise Http404 from None
    if not _can_see(user, row.case):
        raise Http404
    return row


def access_task(user: User, public_id, *, for_write: bool = False) -> CaseTask:
    return _through_case(user, CaseTask, public_id)


def access_document(user: User, public_id, *, for_write: bool = False) -> CaseDocument:
    return _through_case(user, CaseDocument, public_id)


def access_safety_plan(user: User, public_id, *, for_write: bool = False) -> SafetyPlan:
    return _through_case(user, SafetyPlan, public_id)


def access_marac_referral(user: User, public_id, *, for_write: bool = False) -> MaracReferral:
    return _through_case(user, MaracReferral, public_id)
