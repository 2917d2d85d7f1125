"""The referral metrics (issue 16) against hand-counted referrals between A (refers) and B
(receives) in 2025-Q1, built with the referrals services and their timestamps then set by hand;
the breakdowns they refuse; the overdue share and the median withheld on small bases; and a
referral's save forgetting both organisations' cached figures."""

import datetime

import pytest
from django.utils import timezone, translation

from harbour.core.numbers import her_number
from harbour.impact import figures, metrics
from harbour.impact.models import FigureCache
from harbour.referrals import services as referral_services
from harbour.referrals.models import Referral
from tests.impact.conftest import FEB, JAN, MAR, Q1
from tests.referrals.conftest import (  # noqa: F401
    admin_b,
    caseworker_b,
    community_a,
    intake,
    keys_a,
    keys_b,
    partnership,
    recipient_b,
)

pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def referral(partnership, community_a, sent, *, needs=("safety",), language="en", **fields):  # noqa: F811
    """A sent referral from A to B, its dates and state then set by hand (an update: no signal).
    Acknowledgement falls due a day after sending unless `ack_due_at` says otherwise."""
    made = intake(community_a, partnership, needs=list(needs))[0]
    fields = {"sent_at": sent, "ack_due_at": sent + datetime.timedelta(days=1), "language": language, **fields}
    Referral.objects.filter(pk=made.pk).update(**fields)
    return made


def table(metric_id, org_ids, breakdown="total"):
    raw = metrics.tabulate(metrics.get(metric_id), org_ids, Q1, breakdown)
    return {key: row for (key, _label), row in zip(raw.rows, raw.counts, strict=True)}


@pytest.fixture
def referrals(partnership, community_a):  # noqa: F811
    day = datetime.timedelta(days=1)
    # 1: January, acknowledged in time, accepted, first contact after 24 hours, completed in March.
    referral(partnership, community_a, at(JAN), needs=("safety", "housing"), language="ar",
             received_at=at(JAN, 12), accepted_at=at(JAN, 14), first_contact_at=at(JAN) + day,
             status="completed", outcome_code="support_delivered", closed_at=at(MAR))
    # 2: February, acknowledged late (declining it), no capacity.
    referral(partnership, community_a, at(FEB), needs=("legal",), received_at=at(FEB) + 2 * day,
             declined_at=at(FEB) + 2 * day, status="declined", decline_reason="no_capacity",
             closed_at=at(FEB) + 2 * day)
    # 3: February, never acknowledged.
    referral(partnership, community_a, at(FEB, 9))
    # 4: March, in time, accepted, first contact after 50 hours, could not be completed.
    referral(partnership, community_a, at(MAR), received_at=at(MAR, 11), accepted_at=at(MAR, 11),
             first_contact_at=at(MAR) + datetime.timedelta(hours=50), status="unable_to_complete",
             unable_reason="lost_contact", closed_at=at(MAR) + 3 * day)
    # 5: January, withdrawn an hour after sending: counts as sent, owed no acknowledgement.
    referral(partnership, community_a, at(JAN, 9), status="withdrawn", closed_at=at(JAN, 10))
    # Not counted: sent in error, and one sent in the next quarter.
    referral(partnership, community_a, at(JAN), status="sent_in_error", closed_at=at(JAN, 11))
    referral(partnership, community_a, at(datetime.date(2025, 4, 2)))


def test_referrals_sent_count_for_the_referring_organisation_by_need_and_month(referrals, org_a, org_b):
    assert table("referrals_sent", [org_a.pk]) == {"all": [2, 2, 1]}
    by_need = table("referrals_sent", [org_a.pk], "need")
    assert (by_need["safety"], by_need["housing"], by_need["legal"]) == ([2, 1, 1], [1, 0, 0], [0, 1, 0])
    assert by_need["not_said"] == [0, 0, 0]
    assert table("referrals_sent", [org_a.pk], "language")["ar"] == [1, 0, 0]
    assert table("referrals_sent", [org_b.pk]) == {"all": [0, 0, 0]}


def test_referrals_received_accepted_declined_completed_unable_count_for_the_receiver(referrals, org_a, org_b):
    assert table("referrals_received", [org_b.pk]) == {"all": [1, 1, 1]}
    assert table("referrals_received", [org_a.pk]) == {"all": [0, 0, 0]}
    assert table("referrals_accepted", [org_b.pk]) == {"all": [1, 0, 1]}
    declined = table("referrals_declined", [org_b.pk], "decline_reason")
    assert declined["no_capacity"] == [0, 1, 0] and declined["not_eligible"] == [0, 0, 0]
    assert table("referrals_declined", [org_b.pk], "need")["legal"] == [0, 1, 0]
    completed = table("referrals_completed", [org_b.pk], "referral_outcome")
    assert completed["support_delivered"] == [0, 0, 1] and completed["advice_given"] == [0, 0, 0]
    unable = table("referrals_unable", [org_b.pk], "unable_reason")
    assert unable["lost_contact"] == [0, 0, 1] and sum(map(sum, unable.values())) == 1


def test_acknowledgement_in_time_late_or_not_at_all(referrals, org_b):
    assert table("referrals_overdue", [org_b.pk], "acknowledgement") == {
        "on_time": [1, 0, 1], "late": [0, 1, 0], "not_acknowledged": [0, 1, 0]}
    raw = metrics.tabulate(metrics.get("referrals_overdue"), [org_b.pk], Q1, "need")
    assert raw.shares == {"on_time": 2, "late": 1, "not_acknowledged": 1}


def test_time_to_first_contact_on_referrals_in_clock_hours(referrals, org_b):
    bands = table("referral_first_contact", [org_b.pk], "contact_band")
    assert bands == {"day": [1, 0, 0], "three_days": [0, 0, 1], "week": [0, 0, 0], "later": [0, 0, 0]}
    raw = metrics.tabulate(metrics.get("referral_first_contact"), [org_b.pk], Q1, "total")
    assert sorted(raw.hours) == [24.0, 50.0]


def test_small_referral_figures_are_suppressed_with_no_share_or_median(referrals, org_a, org_b):
    sent = figures.build(metric_id="referrals_sent", org_ids=[org_a.pk], scope="org:a", period=Q1,
                         breakdown="need", use_cache=False)
    assert sent["total"] == {"value": None, "suppressed": True}
    assert all(c["value"] is None for c in sent["cells"])
    overdue = figures.build(metric_id="referrals_overdue", org_ids=[org_b.pk], scope="org:b", period=Q1,
                            breakdown="acknowledgement", use_cache=False)
    assert overdue["summary"] == {"kind": "share", "value": None, "base": None, "suppressed": True}
    contact = figures.build(metric_id="referral_first_contact", org_ids=[org_b.pk], scope="org:b", period=Q1,
                            breakdown="total", use_cache=False)
    assert contact["summary"] == {"kind": "median_hours", "value": None, "base": None, "suppressed": True}


def _many(partnership, community_a, count, *, late: bool, contact_hours=None):  # noqa: F811
    for _ in range(count):
        sent = at(FEB)
        fields = {"received_at": sent + datetime.timedelta(days=2 if late else 0, hours=1)}
        if contact_hours is not None:
            fields["first_contact_at"] = sent + datetime.timedelta(hours=contact_hours)
        referral(partnership, community_a, sent, **fields)


def test_the_overdue_share_is_given_on_a_large_enough_base_only(partnership, community_a, org_b):  # noqa: F811
    def share():
        return figures.build(metric_id="referrals_overdue", org_ids=[org_b.pk], scope="org:b", period=Q1,
                             breakdown="total", use_cache=False)["summary"]

    _many(partnership, community_a, 3, late=True)
    _many(partnership, community_a, 6, late=False)
    assert share() == {"kind": "share", "value": None, "base": None, "suppressed": True}  # a base of 9
    _many(partnership, community_a, 9, late=False)
    # 3 late of 18: the base may be shown, the share would give the 3 away.
    assert share() == {"kind": "share", "value": None, "base": 18, "suppressed": True}
    _many(partnership, community_a, 7, late=True)
    assert share() == {"kind": "share", "value": 40.0, "base": 25, "suppressed": False}


def test_the_median_time_to_first_contact_with_its_base(partnership, community_a, org_b):  # noqa: F811
    for hours in (2, 4, 6, 8, 10, 30, 40, 50, 60, 70):
        _many(partnership, community_a, 1, late=False, contact_hours=hours)
    payload = figures.build(metric_id="referral_first_contact", org_ids=[org_b.pk], scope="org:b", period=Q1,
                            breakdown="contact_band", use_cache=False)
    assert payload["summary"] == {"kind": "median_hours", "value": 20.0, "base": 10, "suppressed": False}
    assert payload["total"] == {"value": 10, "suppressed": False}


@pytest.mark.parametrize(("metric_id", "breakdown"), [
    ("referrals_sent", "decline_reason"), ("referrals_declined", "language"), ("referrals_overdue", "region"),
    ("referral_first_contact", "need"), ("referrals_received", "audience")])
def test_a_referral_metric_refuses_a_breakdown_it_does_not_allow(org_b, metric_id, breakdown):
    with pytest.raises(metrics.UnknownBreakdown):
        figures.build(metric_id=metric_id, org_ids=[org_b.pk], scope="org:b", period=Q1, breakdown=breakdown)
    assert not FigureCache.objects.exists()


def test_a_referral_change_forgets_both_organisations_cached_figures(partnership, community_a, caseworker_b,  # noqa: F811
                                                                      org_a, org_b):
    made = referral(partnership, community_a, at(JAN))
    figures.build(metric_id="referrals_sent", org_ids=[org_a.pk], scope="org:a", period=Q1, breakdown="total")
    figures.build(metric_id="referrals_received", org_ids=[org_b.pk], scope="org:b", period=Q1, breakdown="total")
    assert FigureCache.objects.count() == 2
    referral_services.referral_transition(acting_user=caseworker_b.user, referral=Referral.objects.get(pk=made.pk),
                                          to="received")
    assert not FigureCache.objects.exists()
    figures.build(metric_id="referrals_sent", org_ids=[org_a.pk], scope="org:a", period=Q1, breakdown="total")
    Referral.objects.get(pk=made.pk).delete()
    assert not FigureCache.objects.exists()


@pytest.mark.django_db
def test_the_demo_gives_the_dashboards_referral_figures():
    import io

    from django.core.management import call_command
    from django.test import override_settings

    from harbour.accounts.models import Organisation
    from harbour.impact import selectors
    from harbour.referrals.services import overdue_filter

    with override_settings(DEMO=True):
        call_command("demo_data", stdout=io.StringIO())
    period = selectors.public_period("quarter")
    community = Organisation.objects.get(name="Red Cedar Community Group")
    specialist = Organisation.objects.get(name="Northside Women's Centre")
    sent = selectors.organisation_figure(community, "referrals_sent", period).payload
    assert not sent["total"]["suppressed"] and sent["total"]["value"] > 0
    for metric_id in ("referrals_received", "referrals_accepted", "referrals_completed", "referral_first_contact"):
        payload = selectors.organisation_figure(specialist, metric_id, period).payload
        assert not payload["total"]["suppressed"] and payload["total"]["value"] > 0, metric_id
    with translation.override("en"):
        shown = selectors.organisation_figure(specialist, "referral_first_contact", period)
    median, base = shown.payload["summary"]["value"], shown.payload["summary"]["base"]
    # The sentence writes numbers as her_number does (37.0 → "37"), so compare through it.
    assert median is not None and f"{her_number(median, 'en')} hours" in shown.summary
    assert f"{her_number(base, 'en')} referrals" in shown.summary
    assert Referral.objects.filter(overdue_filter(timezone.now())).count() == 1  # still only the referrals demo's
