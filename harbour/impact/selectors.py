"""Reads of the impact app: figures for an organisation, a network, the public; their labelled
form for pages and exports. Every figure comes from figures.build (protected, cached)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language_bidi

from harbour.accounts.models import Network, Organisation
from harbour.impact import charts, figures, metrics
from harbour.impact.disclosure import Period
from harbour.impact.models import Publication


@dataclass
class Shown:
    """A protected figure with its labels, for templates and exports."""

    metric: metrics.Metric
    payload: dict
    rows: list  # [(label, [cell, ...], row_total)]
    columns: list  # [column label]
    column_totals: list
    total: dict
    chart: str
    breakdown_label: str
    summary: str = ""  # the overdue share or the median, as a sentence (charts.summary_text)

    def text(self, cell: dict) -> str:
        return charts.cell_text(cell, self.payload["threshold"])


def label_payload(payload: dict, *, org_ids: list[int], rtl: bool | None = None) -> Shown:
    """`payload` (figures.build) with translated row labels, cell texts and an SVG chart of the
    row totals (or of the months when it has one row)."""
    metric = metrics.get(payload["id"])
    breakdown = metrics.BREAKDOWNS[payload["breakdown"]]
    labels = dict(breakdown.categories(org_ids))
    grid = figures.grid(payload)
    threshold = payload["threshold"]
    rows = []
    for i, key in enumerate(payload["rows"]):
        cells = [dict(c, text=charts.cell_text(c, threshold)) for c in grid[i]]
        total = dict(payload["row_totals"][i], text=charts.cell_text(payload["row_totals"][i], threshold))
        rows.append((labels.get(key, key), cells, total))
    column_totals = [dict(c, text=charts.cell_text(c, threshold)) for c in payload["column_totals"]]
    if len(rows) == 1:
        chart_rows = list(zip(payload["columns"], column_totals, strict=True))
    else:
        chart_rows = [(label, total) for label, _cells, total in rows]
    rtl = get_language_bidi() if rtl is None else rtl
    return Shown(metric=metric, payload=payload, rows=rows, columns=payload["columns"], column_totals=column_totals,
                 total=dict(payload["total"], text=charts.cell_text(payload["total"], threshold)),
                 chart=charts.bar_chart(chart_rows, threshold=threshold, rtl=rtl),
                 breakdown_label=breakdown.label,
                 summary=charts.summary_text(payload.get("summary"), threshold))


def organisation_figure(organisation: Organisation, metric_id: str, period: Period, breakdown: str = "total",
                        *, threshold: int | None = None, rounding: bool = False, by_month: bool = False) -> Shown:
    payload = figures.build(metric_id=metric_id, org_ids=[organisation.pk], scope=f"org:{organisation.public_id}",
                            period=period, breakdown=breakdown, threshold=threshold, rounding=rounding,
                            by_month=by_month)
    return label_payload(payload, org_ids=[organisation.pk])


def network_org_ids(network: Network) -> list[int]:
    return sorted(network.organisations.values_list("pk", flat=True))


def network_figure(network: Network, metric_id: str, period: Period, breakdown: str = "total") -> Shown:
    """The network's total over all its member organisations, suppressed at network level."""
    org_ids = network_org_ids(network)
    payload = figures.build(metric_id=metric_id, org_ids=org_ids, scope=f"net:{network.public_id}",
                            period=period, breakdown=breakdown, network_pk=network.pk)
    return label_payload(payload, org_ids=org_ids)


def network_published_rows(network: Network, metric_id: str, period: Period) -> list[tuple[Organisation, dict]]:
    """[(organisation, protected total cell)] for member organisations that published `metric_id`
    (any breakdown); an organisation that did not publish it has no row."""
    publishers = Organisation.objects.filter(
        networks=network, impact_publications__metric=metric_id).distinct().order_by("name")
    out = []
    for organisation in publishers:
        payload = figures.build(metric_id=metric_id, org_ids=[organisation.pk],
                                scope=f"org:{organisation.public_id}", period=period, breakdown="total")
        out.append((organisation, dict(payload["total"], text=charts.cell_text(payload["total"],
                                                                              payload["threshold"]))))
    return out


def public_period(kind: str = "quarter", today: datetime.date | None = None) -> Period:
    from harbour.impact.disclosure import last_complete

    return last_complete(kind, today or timezone.localdate())


def published_figures(period: Period) -> list[tuple[Organisation, Shown]]:
    """Every figure an organisation chose to publish, for `period` (a complete period)."""
    out = []
    for publication in Publication.objects.select_related("organisation").order_by("organisation__name", "metric",
                                                                                   "breakdown"):
        if publication.metric not in metrics.REGISTRY:
            continue
        organisation = publication.organisation
        out.append((organisation, organisation_figure(organisation, publication.metric, period,
                                                      publication.breakdown)))
    return out
