"""The status machine: every allowed and every refused transition; refused ones change nothing."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from harbour.cases import services, workflow
from harbour.cases.models import Case
from harbour.core.models import AuditEntry

PAIRS = list(itertools.permutations(workflow.STATUSES, 2))
ALLOWED = {(a, b) for a, b in PAIRS if b in workflow.TRANSITIONS[a]}


def test_the_table_names_every_status_and_no_other():
    assert set(workflow.TRANSITIONS) == set(workflow.STATUSES) == set(Case.Status.values)
    assert all(targets <= set(workflow.STATUSES) for targets in workflow.TRANSITIONS.values())


def test_no_safety_plan_assessment_or_marac_before_first_contact():
    assert not workflow.allows("new", workflow.SAFETY_PLAN)
    assert not workflow.allows("new", workflow.DASH)
    assert not workflow.allows("new", workflow.MARAC)
    assert workflow.allows("first_contact", workflow.SAFETY_PLAN)


def _at(case, status):
    Case.objects.filter(pk=case.pk).update(status=status, close_reason="other" if status in ("closed", "withdrawn") else "")
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transition_moves_and_is_audited(a_case, caseworker_a, current, target):
    case = _at(a_case, current)
    reason = "support_complete" if target in workflow.NEEDS_REASON else ""
    moved = services.case_transition(acting_user=caseworker_a.user, case=case, to=target, reason=reason,
                                     expected_version=case.version)
    assert moved.status == target
    assert Case.objects.get(pk=case.pk).version == case.version + 1
    entry = AuditEntry.objects.filter(action="cases.case.transition").last()
    assert entry.detail["from"] == current and entry.detail["to"] == target


@pytest.mark.parametrize(("current", "target"), sorted(set(PAIRS) - ALLOWED))
def test_refused_transition_changes_nothing(a_case, caseworker_a, current, target):
    case = _at(a_case, current)
    before = Case.objects.filter(pk=case.pk).values().get()
    audit_count = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.case_transition(acting_user=caseworker_a.user, case=case, to=target, reason="other")
    assert Case.objects.filter(pk=case.pk).values().get() == before
    assert AuditEntry.objects.count() == audit_count


@pytest.mark.parametrize("target", ["closed", "withdrawn"])
def test_closing_needs_a_reason(a_case, caseworker_a, target):
    with pytest.raises(ValidationError) as raised:
        services.case_transition(acting_user=caseworker_a.user, case=a_case, to=target)
    assert "reason" in raised.value.error_dict
    assert Case.objects.get(pk=a_case.pk).status == "new"


def test_closing_records_the_day_and_reason(a_case, caseworker_a):
    case = services.case_transition(acting_user=caseworker_a.user, case=a_case, to="closed", reason="moved_on")
    assert (case.closed_on is not None, case.close_reason) == (True, "moved_on")


def test_a_stale_form_is_refused_and_changes_nothing(a_case, caseworker_a):
    with pytest.raises(ValidationError) as raised:
        services.case_transition(acting_user=caseworker_a.user, case=a_case, to="first_contact",
                                 expected_version=a_case.version - 1)
    assert raised.value.code == "stale"
    assert Case.objects.get(pk=a_case.pk).status == "new"


def test_first_contact_keeps_hours_as_a_figure(a_case, caseworker_a):
    case = services.case_transition(acting_user=caseworker_a.user, case=a_case, to="first_contact")
    assert case.first_contact_hours == 0
    assert case.first_contact_on is not None
