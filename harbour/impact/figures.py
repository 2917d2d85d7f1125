"""Protected figures: a metric tabulated for a scope and a fixed period, then suppressed
(harbour.impact.disclosure), cached per period until the data of one of its organisations change.

A figure's payload (JSON, also the API's shape):

    {"id": "help_requests", "period": "2025-Q3", "breakdown": "need", "unit": "requests",
     "threshold": 10, "rounded": false,
     "rows": ["safety", ...], "columns": ["2025-07", "2025-08", "2025-09"],
     "cells": [{"row": "safety", "column": "2025-07", "value": 12, "suppressed": false}, ...],
     "row_totals": [{"row": "safety", "value": null, "suppressed": true}, ...],
     "column_totals": [{"column": "2025-07", "value": 40, "suppressed": false}, ...],
     "total": {"value": 121, "suppressed": false}}

A metric with a summary adds `"summary"`: {"kind": "share", "value": 12.5 or null, "base": 40 or
null, "suppressed": false or true} (a percentage of the base, given only when the base and both
its parts, in the share and not, would be published cells: a percentage beside its base gives its
numerator away) or {"kind": "median_hours", "value": 30.5 or null, "base": 12 or null,
"suppressed": ...} (none on fewer records than the threshold, nor beside a hidden total).
`suppressed` says the value is withheld; the base is given whenever it is itself publishable. The pages, the CSV, XLSX and PDF exports and the API
all carry it (`summary_entry`).
"""

from __future__ import annotations

import datetime
import statistics

from django.conf import settings
from django.utils import timezone

from harbour.impact import disclosure, metrics
from harbour.impact.cache import CACHE_HOURS
from harbour.impact.disclosure import Period
from harbour.impact.models import FigureCache


def deployment_threshold() -> int:
    """HARBOUR_IMPACT_THRESHOLD (people; default 10). Raises DisclosureError if set below 5."""
    return disclosure.check_threshold(getattr(settings, "HARBOUR_IMPACT_THRESHOLD", disclosure.DEFAULT_THRESHOLD))


def threshold_for(metric: metrics.Metric, requested: int | None = None) -> int:
    """The threshold to apply: the deployment's, the metric's minimum group, or a higher one asked
    for. Raises DisclosureError when `requested` is lower than the deployment's or below 5."""
    floor = max(deployment_threshold(), metric.min_group)
    if requested is None:
        return floor
    return disclosure.check_threshold(requested, floor=floor)


def _cell(value_cell) -> dict:
    return {"value": value_cell.value, "suppressed": value_cell.suppressed}


def build(*, metric_id: str, org_ids: list[int], scope: str, period: Period, breakdown: str,
          threshold: int | None = None, rounding: bool = False, by_month: bool = False,
          network_pk: int | None = None, today: datetime.date | None = None, use_cache: bool = True) -> dict:
    """The protected payload (module doc) of `metric_id` for organisations `org_ids` (primary
    keys; `scope` names them for the cache, e.g. "org:<uuid>"), `period` and `breakdown`; columns
    are the period's months with `by_month`, else the period itself (one column). The payload is
    cached when it counts one organisation, or a network (`network_pk`), so that a change of
    their data can forget it.

    Raises UnknownMetric, UnknownBreakdown, PeriodError (a period that has not started) or
    DisclosureError (threshold) before reading any data.
    """
    metric = metrics.get(metric_id)
    metric.check_breakdown(breakdown)
    applied = threshold_for(metric, threshold)
    today = today or timezone.localdate()
    organisation_pk = org_ids[0] if len(org_ids) == 1 and network_pk is None else None
    use_cache = use_cache and (organisation_pk is not None or network_pk is not None)
    if period.start > today:
        raise disclosure.PeriodError("That period has not started yet.", code="not_started")
    # Rounded and exact versions of a figure are cached apart.
    cache_key = {"scope": scope, "metric": metric_id, "breakdown": f"{breakdown}{'~5' if rounding else ''}{'~m' if by_month else ''}",
                 "period": str(period), "threshold": applied}
    if use_cache:
        fresh = timezone.now() - datetime.timedelta(hours=CACHE_HOURS)
        hit = FigureCache.objects.filter(**cache_key, computed_at__gte=fresh).values_list(
            "payload", flat=True).first()
        if hit is not None:
            return hit
    raw = metrics.tabulate(metric, sorted(org_ids), period, breakdown, by_month=by_month)
    table = disclosure.protect(raw.counts, threshold=applied, rounding=rounding)
    rows = [k for k, _label in raw.rows]
    columns = [str(c) for c in raw.columns]
    payload = {
        "id": metric.id, "period": str(period), "breakdown": breakdown, "unit": metric.unit,
        "threshold": applied, "rounded": rounding, "rows": rows, "columns": columns,
        "cells": [dict(row=rows[i], column=columns[j], **_cell(table.cells[i][j]))
                  for i in range(len(rows)) for j in range(len(columns))],
        "row_totals": [dict(row=rows[i], **_cell(table.row_totals[i])) for i in range(len(rows))],
        "column_totals": [dict(column=columns[j], **_cell(table.column_totals[j])) for j in range(len(columns))],
        "total": _cell(table.grand_total),
    }
    if metric.summary:
        payload["summary"] = _summary(metric, raw, applied, rounding, total_hidden=table.grand_total.suppressed)
    if use_cache:
        FigureCache.objects.update_or_create(**cache_key, defaults={
            "payload": payload, "organisation_pk": organisation_pk, "network_pk": network_pk})
    return payload


def _summary(metric: metrics.Metric, raw: metrics.RawTable, threshold: int, rounding: bool, *,
             total_hidden: bool) -> dict:
    """The metric's summary: {"kind", "value", "base", "suppressed"}; value and base None (and
    suppressed True) when the rules give none."""
    if metric.summary == "median_hours":
        n = len(raw.hours)
        # Its base is the table's total: none beside a hidden total.
        if n < threshold or total_hidden:
            return {"kind": metric.summary, "value": None, "base": None, "suppressed": True}
        base = disclosure.round_published(n, threshold=threshold) if rounding else n
        return {"kind": metric.summary, "value": round(statistics.median(raw.hours), 1), "base": base,
                "suppressed": False}
    # The share as a two-row table (in the share, the rest) protected like any other: a
    # percentage beside its base gives its numerator away, so neither part may be a hidden cell.
    inside = sum(n for key, n in raw.shares.items() if key in metric.share_rows)
    outside = sum(n for key, n in raw.shares.items() if key not in metric.share_rows)
    table = disclosure.protect([[inside], [outside]], threshold=threshold, rounding=rounding)
    base = None if table.grand_total.suppressed else table.grand_total.value
    numerator = table.row_totals[0].value
    value = None if base is None or numerator is None else disclosure.safe_ratio(numerator, base, threshold=threshold)
    # The base stays when it is itself publishable, even if the share is not (see the module doc).
    return {"kind": metric.summary, "value": value, "base": base, "suppressed": value is None}


def invalidate(organisation_id: int | None) -> int:
    """Forget every cached figure that counts organisation `organisation_id` (a primary key).
    Returns the number of cached figures removed."""
    if organisation_id is None:
        return 0
    from django.db.models import Q

    from harbour.accounts.models import Network

    networks = list(Network.objects.filter(organisations=organisation_id).values_list("pk", flat=True))
    return FigureCache.objects.filter(Q(organisation_pk=organisation_id) | Q(network_pk__in=networks)).delete()[0]


def summary_entry(payload: dict) -> dict | None:
    """The payload's summary with `suppressed` set (payloads cached before it was added lack it),
    or None when the metric has no summary."""
    summary = payload.get("summary")
    if not summary:
        return None
    suppressed = summary.get("suppressed", summary.get("value") is None)
    return {"kind": summary["kind"], "value": None if suppressed else summary["value"],
            "base": summary.get("base"), "suppressed": suppressed}


def grid(payload: dict) -> list[list[dict]]:
    """The payload's cells as rows of cells (row-major), for templates and exports."""
    width = len(payload["columns"])
    cells = payload["cells"]
    return [cells[i * width:(i + 1) * width] for i in range(len(payload["rows"]))]
