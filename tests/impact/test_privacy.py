"""Differential privacy for public cross-organisation figures (OpenDP): noise calibrated to the
budget, a 95% interval that holds, one release per figure and period, only bounded metrics."""

import pytest

from harbour.impact import privacy, services
from harbour.impact.models import NoisyRelease
from tests.impact.conftest import FEB, JAN, Q1, help_request

pytestmark = pytest.mark.django_db


def test_the_noise_is_an_integer_and_the_95_percent_interval_holds_about_95_percent_of_the_time():
    inside = 0
    draws = 600
    for _ in range(draws):
        value, accuracy = privacy.noisy_count(500, sensitivity=1, budget=1.0)
        assert isinstance(value, int)
        inside += abs(value - 500) <= accuracy
    assert 0.9 <= inside / draws <= 0.995
    # Less budget, more noise: the interval widens in proportion.
    _value, wide = privacy.noisy_count(500, sensitivity=1, budget=0.25)
    _value, narrow = privacy.noisy_count(500, sensitivity=1, budget=1.0)
    assert wide > 3 * narrow


def test_a_noisy_count_is_never_negative():
    assert all(privacy.noisy_count(0, sensitivity=1, budget=1.0)[0] >= 0 for _ in range(50))


def test_a_figure_is_released_once_per_period_and_the_exact_count_is_not_kept(org_a, org_b):
    for _ in range(30):
        help_request(org_a, JAN, ["safety"])
        help_request(org_b, FEB, ["legal"])
    first = privacy.release(metric_id="help_requests", period=Q1, org_ids=[org_a.pk, org_b.pk])
    for _ in range(5):
        help_request(org_a, JAN, ["safety"])
    again = privacy.release(metric_id="help_requests", period=Q1, org_ids=[org_a.pk, org_b.pk])
    assert (again.value, again.low, again.high) == (first.value, first.low, first.high)
    assert NoisyRelease.objects.count() == 1
    assert first.low <= first.value <= first.high and first.epsilon == 1.0
    assert {f.name for f in NoisyRelease._meta.get_fields()} == {
        "id", "scope", "metric", "period", "organisations", "epsilon", "value", "accuracy", "released_at"}


def test_a_metric_without_a_bounded_contribution_cannot_be_released_with_noise(org_a):
    with pytest.raises(privacy.NotPrivatisable):
        privacy.release(metric_id="outreach_people", period=Q1, org_ids=[org_a.pk])
    assert not NoisyRelease.objects.exists()


def test_public_page_and_api_show_noisy_totals_only_across_two_or_more_publishers(client, admin_a, org_a, org_b):
    from harbour.accounts.models import Membership
    from tests.conftest import make_persona

    for _ in range(30):
        help_request(org_a, JAN, ["safety"])
        help_request(org_b, FEB, ["legal"])
    services.publication_set(acting_user=admin_a.user, organisation=org_a, metric_id="help_requests",
                             breakdown="total", publish=True)
    assert client.get("/api/v1/figures?period=2025-Q1").json()["noisy"] == []
    admin_b = make_persona(email="admin@b.example.org", organisation=org_b, role=Membership.Role.ADMIN)
    services.publication_set(acting_user=admin_b.user, organisation=org_b, metric_id="help_requests",
                             breakdown="need", publish=True)
    [noisy] = client.get("/api/v1/figures?period=2025-Q1").json()["noisy"]
    assert (noisy["id"], noisy["organisations"], noisy["confidence"], noisy["epsilon"]) == (
        "help_requests", 2, 0.95, 1.0)
    low, high = noisy["interval"]
    assert low <= noisy["value"] <= high
    page = client.get("/en/figures/?period=2025-Q1").content.decode()
    assert "Across organisations" in page and f"{low}–{high}" in page
