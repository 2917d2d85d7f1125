"""Reads for intelligence-only reports (plain fields only; sealed content opens through
services_intelligence.intelligence_report_open, which audits it)."""

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


def advocates(organisation: Organisation):
    """The caseworkers and admins of `organisation`: who may be named as the way back to her."""
    return (User.objects.filter(memberships__organisation=organisation, memberships__is_active=True,
                                memberships__role__in=["admin", "caseworker"], is_active=True)
            .order_by("full_name", "email"))
