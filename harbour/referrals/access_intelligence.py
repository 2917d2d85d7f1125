"""Object access for intelligence-only reports: the caseworkers and admins of the holding
organisation. Everyone else, and a missing report, get the same 404 (STYLE.md habit 1)."""

from django.http import Http404

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.referrals.models_intelligence import IntelligenceReport

ADVOCATE_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER)


def advocate_organisations(user: User):
    """The organisations where `user` is a caseworker or admin (an empty queryset otherwise)."""
    return Organisation.objects.filter(
        pk__in=memberships_of(user).filter(role__in=ADVOCATE_ROLES).values("organisation_id")).order_by("name")


def access_intelligence_organisation(user: User, public_id) -> Organisation:
    """One of `user`'s advocate organisations by public id; Http404 for any other."""
    organisation = advocate_organisations(user).filter(public_id=public_id).first()
    if organisation is None:
        raise Http404
    return organisation


def access_intelligence_report(user: User, public_id, *, for_write: bool = False) -> IntelligenceReport:
    """The report with `public_id` if `user` is a caseworker or admin of its organisation;
    Http404 for a missing report and for everyone else alike."""
    try:
        report = IntelligenceReport.objects.select_related("organisation", "contact_member", "case").get(
            public_id=public_id)
    except (IntelligenceReport.DoesNotExist, ValueError):
        raise Http404 from None
    if not advocate_organisations(user).filter(pk=report.organisation_id).exists():
        raise Http404
    return report
