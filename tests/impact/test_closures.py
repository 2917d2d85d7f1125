"""Figures that must add up (issue 16): closures are counted from a row that outlives the case's
erasure, outcomes at closure are counted with their closure, and across the whole demo every pair
of figures whose definitions reconcile does reconcile."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from harbour.cases import services as case_services
from harbour.cases.models import Case, Closure, Outcome
from harbour.impact import metrics
from harbour.impact.disclosure import Period
from tests.impact.conftest import case

pytestmark = pytest.mark.django_db


def this_month() -> Period:
    today = timezone.localdate()
    return Period(today.year, "month", today.month)


def totals(metric_id, org_ids, breakdown="total", period=None):
    raw = metrics.tabulate(metrics.get(metric_id), org_ids, period or this_month(), breakdown)
    return {key: sum(row) for (key, _label), row in zip(raw.rows, raw.counts, strict=True)}


def close_with_outcome(org, user, reason="support_complete", **values):
    row = case(org, timezone.localdate())
    row = case_services.case_transition(acting_user=user, case=row, to="closed", reason=reason)
    case_services.outcome_record(acting_user=user, case=row, stage="closure",
                                 values=values or {"safety": "safer", "abuse": "stopped"})
    return Case.objects.get(pk=row.pk)


def test_erasing_a_closed_case_keeps_its_closure_beside_its_outcome(org_a, caseworker_a):
    kept = close_with_outcome(org_a, caseworker_a.user)
    erased = close_with_outcome(org_a, caseworker_a.user, reason="moved_on", safety="same")
    case_services.case_erase(acting_user=caseworker_a.user, case=erased, reason="her request")
    assert list(Case.objects.values_list("pk", flat=True)) == [kept.pk]
    closed = totals("cases_closed", [org_a.pk], "close_reason")
    assert closed["support_complete"] == 1 and closed["moved_on"] == 1
    assert totals("cases_closed", [org_a.pk]) == {"all": 2}
    safety = totals("outcome_safety", [org_a.pk], "safety")
    assert (safety["safer"], safety["same"]) == (1, 1)
    assert totals("outcome_safety", [org_a.pk])["all"] <= totals("cases_closed", [org_a.pk])["all"]
    # Nothing of her is left on the row that keeps the closure.
    left = Closure.objects.get(close_reason="moved_on")
    assert left.case_id is None
    assert {f.name for f in Closure._meta.get_fields()} == {"id", "organisation", "case", "closed_on", "close_reason",
                                                            "outcomes"}


def test_the_wellbeing_change_survives_the_erasure(org_a, caseworker_a):
    row = case(org_a, timezone.localdate())
    case_services.outcome_record(acting_user=caseworker_a.user, case=row, stage="intake", values={"wellbeing": 2})
    row = case_services.case_transition(acting_user=caseworker_a.user, case=row, to="closed", reason="other")
    case_services.outcome_record(acting_user=caseworker_a.user, case=row, stage="closure", values={"wellbeing": 8})
    case_services.case_erase(acting_user=caseworker_a.user, case=Case.objects.get(pk=row.pk), reason="retention")
    assert totals("wellbeing_change", [org_a.pk], "band")["improved"] == 1


def test_a_reopened_case_is_not_a_closure_and_its_outcome_waits_for_the_next(org_a, caseworker_a):
    row = close_with_outcome(org_a, caseworker_a.user)
    row = case_services.case_transition(acting_user=caseworker_a.user, case=row, to="ongoing")
    assert totals("cases_closed", [org_a.pk])["all"] == 0
    assert totals("outcome_safety", [org_a.pk])["all"] == 0
    case_services.case_transition(acting_user=caseworker_a.user, case=row, to="closed", reason="moved_on")
    assert totals("cases_closed", [org_a.pk], "close_reason")["moved_on"] == 1
    assert totals("outcome_safety", [org_a.pk])["all"] == 1


def test_an_outcome_at_closure_of_a_case_erased_open_is_not_counted_as_a_closure_outcome(org_a, caseworker_a):
    row = case(org_a, timezone.localdate())
    case_services.outcome_record(acting_user=caseworker_a.user, case=row, stage="closure", values={"safety": "safer"})
    case_services.case_erase(acting_user=caseworker_a.user, case=row, reason="consent_revoked")
    assert Outcome.objects.filter(case=None, stage="closure").count() == 1  # kept, but no closure to count it by
    assert totals("outcome_safety", [org_a.pk])["all"] == totals("cases_closed", [org_a.pk])["all"] == 0


# The whole demo -------------------------------------------------------------------------------

# Breakdowns under which a record has exactly one key (need and language can be several at once).
SINGLE = ("close_reason", "safety", "abuse", "band", "contact_band", "rating", "source", "barrier_source", "category",
          "risk_level", "kind", "decline_reason", "referral_outcome", "unable_reason", "acknowledgement", "step",
          "region", "audience")


def monthly(metric_id, org_ids, year, breakdown="total"):
    """{row: [count per month]} for the calendar `year`."""
    raw = metrics.tabulate(metrics.get(metric_id), org_ids, Period(year, "year"), breakdown)
    return {key: row for (key, _label), row in zip(raw.rows, raw.counts, strict=True)}


def quarters(counts):
    return [sum(counts[3 * q:3 * q + 3]) for q in range(4)]


@pytest.fixture
def demo():
    from harbour.accounts.models import Organisation

    with override_settings(DEMO=True):
        call_command("demo_data", stdout=io.StringIO())
    today = timezone.localdate()
    return list(Organisation.objects.values_list("pk", flat=True)), [today.year - 1, today.year]


def test_in_the_demo_outcomes_at_closure_never_outnumber_closures(demo):
    org_ids, years = demo
    checked = 0
    for org in [*[[pk] for pk in org_ids], org_ids]:
        for year in years:
            closed = monthly("cases_closed", org, year)["all"]
            for metric_id in ("outcome_safety", "outcome_abuse"):
                outcomes = monthly(metric_id, org, year)["all"]
                for got, limit in [*zip(outcomes, closed, strict=True),
                                   *zip(quarters(outcomes), quarters(closed), strict=True),
                                   (sum(outcomes), sum(closed))]:
                    assert got <= limit, (metric_id, org, year)
                checked += sum(outcomes)
            wellbeing = monthly("wellbeing_change", org, year)["all"]
            assert all(w <= o for w, o in zip(wellbeing, monthly("outcome_safety", org, year)["all"], strict=True))
    assert checked > 0  # the demo has outcomes at closure to check


def test_in_the_demo_every_single_valued_breakdown_sums_to_its_total(demo):
    org_ids, years = demo
    for org in [*[[pk] for pk in org_ids], org_ids]:
        for metric in metrics.REGISTRY.values():
            for year in years:
                total = monthly(metric.id, org, year)["all"]
                for breakdown in set(metric.breakdowns) & set(SINGLE):
                    rows = monthly(metric.id, org, year, breakdown).values()
                    assert [sum(column) for column in zip(*rows, strict=True)] == total, (metric.id, breakdown, org)


def test_in_the_demo_the_referral_figures_reconcile_over_time(demo):
    """What the definitions guarantee: a referral is received (first acknowledged, accepted or
    declined) after it is sent, accepted or declined (never both) after it is received, completed
    or found impossible after it is accepted. The figures count each on its own day and side, so a
    single period need not reconcile; counted from the start, across every organisation (each
    referral has both its sides inside), they must."""
    org_ids, years = demo

    def running(metric_id):
        out, total = [], 0
        for year in years:
            for count in monthly(metric_id, org_ids, year)["all"]:
                total += count
                out.append(total)
        return out

    sent, received = running("referrals_sent"), running("referrals_received")
    accepted, declined = running("referrals_accepted"), running("referrals_declined")
    completed, unable = running("referrals_completed"), running("referrals_unable")
    assert sent[-1] > 0 and accepted[-1] > 0 and completed[-1] > 0
    for month in range(len(sent)):
        assert sent[month] >= received[month] >= accepted[month] + declined[month], month
        assert accepted[month] >= completed[month] + unable[month], month
