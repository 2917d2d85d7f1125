"""Every metric against hand-counted fixtures (raw tables, before suppression), and the rules of
the registry: allowed breakdowns only, fixed periods only, nothing computed on bad input."""

import datetime

import pytest

from harbour.help import services as help_services
from harbour.impact import figures, metrics
from harbour.impact.disclosure import DisclosureError, Period, PeriodError
from harbour.impact.models import FigureCache, OutreachActivity
from tests.impact.conftest import (
    FEB,
    JAN,
    MAR,
    Q1,
    answers,
    assess,
    booking,
    case,
    course,
    help_request,
    marac,
    outcome,
    pathway,
    session,
)

pytestmark = pytest.mark.django_db


def table(metric_id, org_ids, breakdown="total", period=Q1):
    raw = metrics.tabulate(metrics.get(metric_id), org_ids, period, breakdown)
    return {key: row for (key, _label), row in zip(raw.rows, raw.counts, strict=True)}


def test_help_requests_by_need_and_language(org_a, org_b):
    help_request(org_a, JAN, ["safety", "housing"], "ar")
    help_request(org_a, JAN, ["safety"], "en")
    help_request(org_a, MAR, [], "es")
    help_request(org_a, datetime.date(2025, 4, 1), ["safety"])  # next quarter
    help_request(org_b, JAN, ["safety"])  # another organisation
    assert table("help_requests", [org_a.pk]) == {"all": [2, 0, 1]}
    by_need = table("help_requests", [org_a.pk], "need")
    assert by_need["safety"] == [2, 0, 0]
    assert by_need["housing"] == [1, 0, 0]
    assert by_need["not_said"] == [0, 0, 1]
    assert by_need["legal"] == [0, 0, 0]
    by_language = table("help_requests", [org_a.pk], "language")
    assert (by_language["ar"], by_language["en"], by_language["es"]) == ([1, 0, 0], [1, 0, 0], [0, 0, 1])


def test_time_to_first_contact_in_bands(org_a):
    case(org_a, JAN, first_contact_on=JAN, first_contact_hours=5)
    case(org_a, JAN, first_contact_on=FEB, first_contact_hours=48)
    case(org_a, JAN, first_contact_on=FEB, first_contact_hours=100)
    case(org_a, JAN, first_contact_on=MAR, first_contact_hours=400)
    case(org_a, JAN)  # no contact yet
    bands = table("time_to_first_contact", [org_a.pk], "contact_band")
    assert bands == {"day": [1, 0, 0], "three_days": [0, 1, 0], "week": [0, 1, 0], "later": [0, 0, 1]}


def test_training_sessions_people_and_audiences(org_a):
    women = course(org_a, "women")
    pros = course(org_a, "professionals")
    s1 = session(women, JAN, walk_ins=2, languages=("ar", "en"))
    s2 = session(pros, FEB)
    session(women, FEB, cancelled=True)
    booking(s1, "present", places=2, language="ar")
    booking(s1, "late")
    booking(s1, "absent", places=3)
    booking(s2, "left_early")
    booking(s2, "")
    assert table("sessions_delivered", [org_a.pk]) == {"all": [1, 1, 0]}
    assert table("sessions_delivered", [org_a.pk], "language")["ar"] == [1, 0, 0]
    assert table("people_trained", [org_a.pk]) == {"all": [5, 1, 0]}  # 2 + 1 + 2 walk-ins; 1
    assert table("women_trained", [org_a.pk]) == {"all": [5, 0, 0]}
    assert table("professionals_trained", [org_a.pk]) == {"all": [0, 1, 0]}
    by_audience = table("people_trained", [org_a.pk], "audience")
    assert (by_audience["women"], by_audience["professionals"]) == ([5, 0, 0], [0, 1, 0])
    assert table("women_trained", [org_a.pk], "language")["not_said"] == [2, 0, 0]  # the walk-ins


def test_peer_trainers_steps_and_reach(org_a, admin_a, caseworker_a):
    women = course(org_a)
    led = session(women, FEB)
    other = session(women, FEB)
    led.trainer_roles.create(trainer=admin_a.user, role="lead")
    other.trainer_roles.create(trainer=caseworker_a.user, role="lead")
    booking(led, "present", places=3)
    booking(other, "present", places=4)
    pathway(org_a, admin_a.user, 1, JAN)
    pathway(org_a, admin_a.user, 2, FEB)
    steps = table("peer_trainer_steps", [org_a.pk], "step")
    assert steps["1"] == [1, 0, 0] and steps["2"] == [0, 1, 0] and steps["5"] == [0, 0, 0]
    assert table("reached_by_peer_trainers", [org_a.pk]) == {"all": [0, 3, 0]}


def test_knowledge_confidence_and_feedback_pair_by_token(org_a):
    questions = [{"id": "q1", "answer": "true", "kind": "true_false"}, {"id": "q2", "answer": "b", "kind": "choice"}]
    s = session(course(org_a, questions=questions), MAR)
    answers(s, "t1", "pre", {"q1": "false"}, {"police": 2}, None)
    answers(s, "t1", "post", {"q1": "true", "q2": "b"}, {"police": 4}, 5)
    answers(s, "t2", "pre", {"q1": "true"}, {"police": 3})
    answers(s, "t2", "post", {"q1": "true"}, {"police": 3}, 4)
    answers(s, "t3", "post", {"q1": "true"}, {"police": 1}, 4)  # no "before": not paired
    assert table("knowledge_change", [org_a.pk], "band") == {"improved": [0, 0, 1], "same": [0, 0, 1],
                                                              "declined": [0, 0, 0]}
    assert table("confidence_change", [org_a.pk], "band") == {"improved": [0, 0, 1], "same": [0, 0, 1],
                                                               "declined": [0, 0, 0]}
    ratings = table("feedback", [org_a.pk], "rating")
    assert (ratings["5"], ratings["4"], ratings["1"]) == ([0, 0, 1], [0, 0, 2], [0, 0, 0])


def test_casework_opened_closed_risk_marac_outcomes(org_a):
    c1 = case(org_a, JAN, language="ar", closed_on=MAR)
    c2 = case(org_a, FEB, closed_on=MAR, close_reason="support_complete")
    c3 = case(org_a, FEB)
    assess(c1, "medium", JAN)
    assess(c1, "high", FEB)  # not the first
    assess(c2, "high", FEB)
    marac(c1, FEB)
    marac(c2, MAR, status="draft")  # not sent
    outcome(org_a, c1, "intake", JAN, wellbeing=3)
    outcome(org_a, c1, "closure", MAR, wellbeing=7, safety="safer", abuse="stopped")
    outcome(org_a, c2, "closure", MAR, safety="same")
    outcome(org_a, c3, "closure", MAR, safety="less_safe")  # still open: no closure to count it with
    assert table("cases_opened", [org_a.pk]) == {"all": [1, 2, 0]}
    assert table("cases_opened", [org_a.pk], "language")["ar"] == [1, 0, 0]
    assert table("cases_closed", [org_a.pk], "close_reason")["support_complete"] == [0, 0, 1]
    assert table("cases_closed", [org_a.pk], "close_reason")["not_said"] == [0, 0, 1]
    assert table("risk_at_intake", [org_a.pk], "risk_level") == {
        "standard": [0, 0, 0], "medium": [1, 0, 0], "high": [0, 1, 0], "not_said": [0, 1, 0]}
    assert table("marac_referrals", [org_a.pk]) == {"all": [0, 1, 0]}
    safety = table("outcome_safety", [org_a.pk], "safety")
    assert (safety["safer"], safety["same"], safety["less_safe"]) == ([0, 0, 1], [0, 0, 1], [0, 0, 0])
    assert table("outcome_abuse", [org_a.pk], "abuse")["stopped"] == [0, 0, 1]
    assert table("outcome_abuse", [org_a.pk], "abuse")["not_said"] == [0, 0, 1]
    assert table("wellbeing_change", [org_a.pk], "band")["improved"] == [0, 0, 1]


def test_barriers_count_categories_and_respondents(org_a):
    help_services.barrier_answer_record(organisation=org_a, source="help", categories=["fear_enforcement", "rights"],
                                        today=JAN)
    help_services.barrier_answer_record(organisation=org_a, source="case", categories=["fear_enforcement"], today=FEB)
    help_services.barrier_answer_record(organisation=org_a, source="help", categories=[], today=FEB)  # not said
    by_category = table("barriers", [org_a.pk], "category")
    assert by_category["fear_enforcement"] == [1, 1, 0]
    assert by_category["rights"] == [1, 0, 0]
    assert by_category["language"] == [0, 0, 0]
    assert table("barrier_respondents", [org_a.pk], "barrier_source") == {"help": [1, 0, 0], "case": [0, 1, 0]}


def test_outreach_counts(org_a):
    OutreachActivity.objects.create(organisation=org_a, kind="outreach", held_on=JAN, people_reached=40,
                                    organisations_reached=3)
    OutreachActivity.objects.create(organisation=org_a, kind="decision_makers", held_on=MAR, people_reached=6,
                                    decision_makers_met=4)
    assert table("outreach_people", [org_a.pk]) == {"all": [40, 0, 6]}
    assert table("outreach_organisations", [org_a.pk], "kind")["outreach"] == [3, 0, 0]
    assert table("decision_makers_met", [org_a.pk]) == {"all": [0, 0, 4]}


def test_every_metric_has_a_definition_unit_source_and_known_breakdowns():
    assert len(metrics.REGISTRY) >= 20
    for metric in metrics.REGISTRY.values():
        assert str(metric.name) and str(metric.definition) and metric.source
        assert metric.unit in metrics.UNITS
        assert metric.programme in metrics.PROGRAMMES
        assert metric.breakdowns[0] == "total" and set(metric.breakdowns) <= set(metrics.BREAKDOWNS)


def test_a_metric_cannot_be_tabulated_or_published_with_a_breakdown_it_does_not_allow(org_a, admin_a):
    from harbour.impact import services

    with pytest.raises(metrics.UnknownBreakdown):
        metrics.tabulate(metrics.get("marac_referrals"), [org_a.pk], Q1, "language")
    with pytest.raises(metrics.UnknownBreakdown):
        services.publication_set(acting_user=admin_a.user, organisation=org_a, metric_id="marac_referrals",
                                 breakdown="need", publish=True)
    assert not org_a.impact_publications.exists()


def test_build_refuses_future_periods_low_thresholds_and_unknowns_without_computing(org_a):
    kwargs = {"org_ids": [org_a.pk], "scope": "org:x", "today": datetime.date(2025, 2, 1)}
    with pytest.raises(PeriodError):
        figures.build(metric_id="help_requests", period=Period(2025, "quarter", 2), breakdown="total", **kwargs)
    with pytest.raises(DisclosureError):
        figures.build(metric_id="help_requests", period=Q1, breakdown="total", threshold=4, **kwargs)
    with pytest.raises(DisclosureError):
        figures.build(metric_id="help_requests", period=Q1, breakdown="total", threshold=7, **kwargs)  # < 10
    with pytest.raises(metrics.UnknownMetric):
        figures.build(metric_id="nope", period=Q1, breakdown="total", **kwargs)
    assert not FigureCache.objects.exists()


def test_the_cache_is_kept_per_period_and_forgotten_when_the_data_change(org_a):
    for day in (JAN, FEB, MAR):
        for _ in range(12):
            help_request(org_a, day, ["safety"])
    first = figures.build(metric_id="help_requests", org_ids=[org_a.pk], scope="org:a", period=Q1, breakdown="total")
    assert first["total"] == {"value": 36, "suppressed": False}
    assert FigureCache.objects.count() == 1
    help_request(org_a, FEB, ["safety"])  # a save: the organisation's cached figures go
    assert FigureCache.objects.count() == 0
    again = figures.build(metric_id="help_requests", org_ids=[org_a.pk], scope="org:a", period=Q1, breakdown="total")
    assert again["total"] == {"value": 37, "suppressed": False}


def test_payload_suppresses_small_cells_and_keeps_the_api_shape(org_a):
    for day in (JAN, FEB, MAR):
        for _ in range(11):
            help_request(org_a, day, ["safety"])
    help_request(org_a, FEB, ["housing"])
    payload = figures.build(metric_id="help_requests", org_ids=[org_a.pk], scope="org:a", period=Q1,
                            breakdown="need", by_month=True, use_cache=False)
    cells = {(c["row"], c["column"]): c for c in payload["cells"]}
    assert cells[("housing", "2025-02")] == {"row": "housing", "column": "2025-02", "value": None, "suppressed": True}
    assert payload["total"] == {"value": 34, "suppressed": False}
    assert payload["column_totals"][1] == {"column": "2025-02", "value": 12, "suppressed": False}
    # Publishing safety's 11 for February beside the total of 12 would give housing's 1 away.
    assert cells[("safety", "2025-02")]["suppressed"]
    assert all(c["value"] is None or c["value"] >= 10 for c in payload["cells"] + payload["row_totals"]
               + payload["column_totals"] + [payload["total"]])


def test_one_column_for_the_whole_period_unless_asked_by_month(org_a):
    for day in (JAN, FEB, MAR):
        for _ in range(4):
            help_request(org_a, day, ["safety"])
    whole = figures.build(metric_id="help_requests", org_ids=[org_a.pk], scope="org:a", period=Q1, breakdown="total")
    assert whole["columns"] == ["2025-Q1"] and whole["total"] == {"value": 12, "suppressed": False}
    monthly = figures.build(metric_id="help_requests", org_ids=[org_a.pk], scope="org:a", period=Q1,
                            breakdown="total", by_month=True)
    assert monthly["columns"] == ["2025-01", "2025-02", "2025-03"]
    assert all(c["suppressed"] for c in monthly["cells"])  # 4 a month
    # Three hidden months summing to 12 cannot be told apart: the total may stay.
    assert monthly["total"] == {"value": 12, "suppressed": False}


def test_a_network_figure_is_forgotten_when_a_member_changes_and_kept_when_an_outsider_does(org_a, org_b):
    from harbour.accounts.models import Network, Organisation

    network = Network.objects.create(name="Cache network")
    network.organisations.add(org_a)
    figures.build(metric_id="help_requests", org_ids=[org_a.pk], scope=f"net:{network.public_id}", period=Q1,
                  breakdown="total", network_pk=network.pk)
    assert FigureCache.objects.filter(network_pk=network.pk).count() == 1
    help_request(org_b, JAN, ["safety"])  # not a member
    assert FigureCache.objects.filter(network_pk=network.pk).count() == 1
    help_request(org_a, JAN, ["safety"])
    assert not FigureCache.objects.filter(network_pk=network.pk).exists()
    assert Organisation.objects.count() == 2
