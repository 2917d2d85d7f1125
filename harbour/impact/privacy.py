"""Differential privacy for public cross-organisation figures (issue 16, item 3), with OpenDP.

A noisy figure is the total of a metric over every organisation that chose to publish that metric,
for one complete fixed period, with discrete Laplace noise from OpenDP's vetted mechanism
(`make_laplace` on integers). Each figure and period has a budget of `HARBOUR_IMPACT_DP_EPSILON`
(default 1.0): the release is drawn once, stored (`NoisyRelease`) and returned to every later
reader, so the budget is spent once and averaging repeated answers gains nothing. The exact count
is never stored. The published interval is OpenDP's 95% accuracy for the noise scale: the noisy
value lies within it of the true count with probability 0.95.

Only metrics with a `dp_sensitivity` (the most one person's records add to the total) can be
released this way. Sources: OpenDP documentation, "Measurements: Laplace" and
"Accuracy: discrete_laplacian_scale_to_accuracy"; next-capabilities.md §D2 (OpenDP over PyDP).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from harbour.impact import metrics
from harbour.impact.disclosure import DisclosureError, Period
from harbour.impact.models import NoisyRelease

CONFIDENCE = 0.95
DEFAULT_EPSILON = 1.0


class NotPrivatisable(DisclosureError):
    """A metric without a bounded contribution per person (no dp_sensitivity)."""


def epsilon() -> float:
    """The per-figure, per-period budget (HARBOUR_IMPACT_DP_EPSILON, a float in (0, 10])."""
    value = float(getattr(settings, "HARBOUR_IMPACT_DP_EPSILON", DEFAULT_EPSILON))
    if not 0 < value <= 10:
        raise DisclosureError("HARBOUR_IMPACT_DP_EPSILON must be above 0 and at most 10.")
    return value


def _opendp():
    import opendp.prelude as dp

    dp.enable_features("contrib")  # OpenDP's gate for mechanisms outside its proven core
    return dp


def noisy_count(true_count: int, *, sensitivity: int, budget: float) -> tuple[int, float]:
    """(noisy count, 95% accuracy) of `true_count` (people or requests, an int >= 0) under
    discrete Laplace noise calibrated so that one person (changing the count by at most
    `sensitivity`) costs at most `budget` (epsilon). The noisy count is clamped at 0
    (post-processing keeps the guarantee). Raises DisclosureError if OpenDP's privacy map says
    the mechanism would exceed the budget."""
    dp = _opendp()
    scale = sensitivity / budget
    measurement = (dp.atom_domain(T=int), dp.absolute_distance(T=int)) >> dp.m.then_laplace(scale=scale)
    if measurement.map(sensitivity) > budget + 1e-9:
        raise DisclosureError("The noise is too small for the privacy budget.")
    accuracy = dp.discrete_laplacian_scale_to_accuracy(scale=scale, alpha=1 - CONFIDENCE)
    return max(0, int(measurement(int(true_count)))), float(accuracy)


@dataclass(frozen=True)
class Noisy:
    """A released noisy figure: value and 95% interval (low, high), in the metric's unit."""

    metric: metrics.Metric
    period: str
    organisations: int
    value: int
    low: int
    high: int
    epsilon: float


def _as_noisy(release: NoisyRelease) -> Noisy:
    low = max(0, int(release.value - release.accuracy))
    high = int(release.value + release.accuracy + 0.999999)
    return Noisy(metric=metrics.get(release.metric), period=release.period, organisations=release.organisations,
                 value=release.value, low=low, high=high, epsilon=release.epsilon)


def release(*, metric_id: str, period: Period, org_ids: list[int], scope: str = "public:publishers") -> Noisy:
    """The noisy total of `metric_id` over organisations `org_ids` (primary keys) for `period`:
    drawn once per (scope, metric, period) and stored; later calls return the stored release
    whatever `org_ids` say (the budget is spent once). Raises NotPrivatisable for a metric
    without dp_sensitivity."""
    metric = metrics.get(metric_id)
    if not metric.dp_sensitivity:
        raise NotPrivatisable(f"The figure {metric.id} cannot be released with noise.")
    existing = NoisyRelease.objects.filter(scope=scope, metric=metric.id, period=str(period)).first()
    if existing is not None:
        return _as_noisy(existing)
    budget = epsilon()
    raw = metrics.tabulate(metric, sorted(org_ids), period, "total", by_month=False)
    value, accuracy = noisy_count(sum(map(sum, raw.counts)), sensitivity=metric.dp_sensitivity, budget=budget)
    try:
        with transaction.atomic():
            stored = NoisyRelease.objects.create(scope=scope, metric=metric.id, period=str(period),
                                                 organisations=len(org_ids), epsilon=budget, value=value,
                                                 accuracy=accuracy)
    except IntegrityError:  # another request released it first: theirs is the release
        stored = NoisyRelease.objects.get(scope=scope, metric=metric.id, period=str(period))
    return _as_noisy(stored)


def public_releases(period: Period) -> list[Noisy]:
    """Noisy cross-organisation totals for `period` (a complete period): one per metric that has a
    dp_sensitivity and that at least two organisations publish (any breakdown)."""
    from harbour.impact.models import Publication

    publishers: dict[str, set[int]] = {}
    for metric_id, organisation_id in Publication.objects.values_list("metric", "organisation_id"):
        publishers.setdefault(metric_id, set()).add(organisation_id)
    out = []
    for metric_id, org_ids in sorted(publishers.items()):
        metric = metrics.REGISTRY.get(metric_id)
        if metric is None or not metric.dp_sensitivity or len(org_ids) < 2:
            continue
        out.append(release(metric_id=metric_id, period=period, org_ids=sorted(org_ids)))
    return out
