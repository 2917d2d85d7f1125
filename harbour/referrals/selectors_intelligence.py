"""Reads for intelligence-only reports (plain fields only; sealed content opens through
services_intelligence.intelligence_report_open, which audits it)."""

from django.db.models import Q

from harbour.accounts.models import Organisation, User
from harbour.cases.access import visible_cases
from harbour.firewall.models import Recipient
from harbour.referrals.access_intelligence import advocate_organisations
from harbour.referrals.models_intelligence import IntelligenceReport


def reports_for(user: User):
    """Every report of the organisations where `user` is an advocate, newest first, with
    the organisation and the linked case (for its reference) in the same query."""
    return (IntelligenceReport.objects.filter(organisation__in=advocate_organisations(user))
            .select_related("organisation", "case").order_by("-created_at", "-pk"))


def police_recipients(organisation: Organisation):
    """The active police recipients `organisation` registered: the only ones a report may go to."""
    return Recipient.objects.filter(registered_by=organisation, category=Recipient.Category.POLICE,
                                     is_active=True).order_by("name")


def linkable_cases(user: User, organisation: Organisation):
    """The cases of `organisation` that `user` may see (restricted ones only if named)."""
    return visible_cases(user).filter(organisation=organisation).order_by("-opened_on", "-pk")


# An intelligence report is made about a case still open; a closed or withdrawn one is not offered.
NOT_REPORTABLE = ("closed", "withdrawn")


def reportable_cases(user: User, organisation: Organisation, *, keep_case_id: int | None = None):
    """The cases a new report may name: `organisation`'s cases `user` may see that are not
    closed or withdrawn (plus `keep_case_id`, the case a draft already names), most
    recently opened first and then by id, so the order is the same on every database."""
    condition = ~Q(status__in=NOT_REPORTABLE)
    if keep_case_id is not None:
        condition |= Q(pk=keep_case_id)
    return linkable_cases(user, organisation).filter(condition).order_by("-opened_on", "-pk")


def advocates(organisation: Organisation):
    """The caseworkers and admins of `organisation`: who may be named as the way back to her."""
    return (User.objects.filter(memberships__organisation=organisation, memberships__is_active=True,
                                memberships__role__in=["admin", "caseworker"], is_active=True)
            .order_by("full_name", "email"))
