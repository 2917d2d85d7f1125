"""Reads for casework. Lists carry pseudonymous references only; their query counts are
pinned in tests/cases/test_query_counts.py."""

import datetime

from django.db.models import Q
from django.utils import timezone

from harbour.cases.access import visible_cases
from harbour.cases.models import Case, CaseTask, ContactAttempt
from harbour.firewall.models import Consent, Disclosure

DASHBOARD_LIMIT = 50
OPEN_STATUSES = ("new", "first_contact", "assessment", "ongoing", "dormant")
FIRST_CONTACT_DUE_DAYS = 2


def dashboard(user, *, today: datetime.date | None = None, limit: int = DASHBOARD_LIMIT) -> dict:
    """The caseworker's dashboard: her open cases, her due and overdue tasks, cases still
    waiting for first contact after FIRST_CONTACT_DUE_DAYS, and high-risk cases due for
    review. Each list at most `limit` rows; a fixed number of queries whatever the size."""
    today = today or timezone.localdate()
    cases = visible_cases(user).filter(status__in=OPEN_STATUSES)
    mine = list(cases.filter(caseworker=user).only("public_id", "reference", "status", "risk_level", "opened_on")
                .order_by("-opened_on", "-pk")[:limit])
    tasks = list(CaseTask.objects.filter(assignee=user, done_on__isnull=True, due_on__lte=today + datetime.timedelta(days=7),
                                         case__in=visible_cases(user))
                 .select_related("case").only("public_id", "due_on", "channel", "case__public_id", "case__reference")
                 .order_by("due_on", "pk")[:limit])
    first_contact_due = list(cases.filter(status="new", opened_on__lte=today - datetime.timedelta(days=FIRST_CONTACT_DUE_DAYS))
                             .only("public_id", "reference", "opened_on").order_by("opened_on", "pk")[:limit])
    review_due = list(cases.filter(risk_level="high").filter(Q(risk_review_on__lte=today) | Q(risk_review_on__isnull=True))
                      .only("public_id", "reference", "risk_review_on").order_by("risk_review_on", "pk")[:limit])
    return {"mine": mine, "tasks": tasks, "overdue_tasks": [t for t in tasks if t.due_on < today],
            "first_contact_due": first_contact_due, "review_due": review_due, "today": today}


def case_page(case: Case) -> dict:
    """Everything plain the case page shows, in a fixed number of queries."""
    return {
        "attempts": list(ContactAttempt.objects.filter(case=case).order_by("-created_at", "-pk")[:20]),
        "assessments": list(case.assessments.order_by("-assessed_on", "-pk")),
        "referrals": list(case.marac_referrals.select_related("recipient").order_by("-created_at")),
        "plans": list(case.safety_plans.only("public_id", "version", "review_on", "created_at", "case_id")),
        "tasks": list(case.tasks.filter(done_on__isnull=True).order_by("due_on", "pk")),
        "documents": list(case.documents.only("public_id", "kind", "size", "created_at", "case_id")),
        "outcomes": {o.stage: o for o in case.outcomes.all()},
        "consents": list(Consent.objects.filter(organisation=case.organisation, subject_ref=case.subject_ref)
                         .select_related("recipient")),
        "disclosures": list(Disclosure.objects.filter(organisation=case.organisation, subject_ref=case.subject_ref)
                            .select_related("recipient")),
    }


def case_for_help_request(help_request) -> Case | None:
    return Case.objects.filter(help_request=help_request).only("public_id", "reference").first()
